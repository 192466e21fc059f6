//! The rendered-page cache, after Next.js' Full Route Cache: a public page as a visitor
//! without a session gets it (`/`, `/posts` with its `page` and `q`, `/blog/:slug`,
//! `/users/:username`) is cached, already compressed (brotli, gzip and as it is), in the data
//! cache itself, filed under the page's path and the tags of the data it was built from.
//! So every `revalidate_path`/`revalidate_tag` (here, or announced by another server) and
//! the TTL purge it exactly as they purge its data.
//!
//! [`serve`] answers a request without per-visitor state (no session or flash cookie) from
//! the cached bytes, choosing the encoding by `Accept-Encoding`; a miss renders and streams
//! as always, and the bytes that went out are cached once the page is complete, before the
//! response ends (so the next request finds it); brotli and gzip forms (best quality) are
//! made on a blocking thread just after, and until they are ready, milliseconds later, the
//! page is answered as it is. Only complete 200 pages are cached (never a 404: a made-up slug
//! must not cost memory), and not a render that showed an error boundary or a flash (it
//! calls [`do_not_cache`]), set a cookie, or raced a purge.
//!
//! The work an anonymous visitor can cause is bounded:
//! - keys come only from what changes the page: the path, and for `/posts` the clamped page
//!   and the length-capped search (`paths::PostsQuery`); any other query is ignored;
//! - the cache is weighed in bytes (see `cache::MAX_BYTES`), so it never outgrows its size;
//! - at most [`MAX_COMPRESSIONS`] pages are compressed at once, on blocking threads; when
//!   that many are busy the page is simply cached as it is and compressed on a later hit. A
//!   response never waits for a compression.
//!
//! A rendered page carries the nonce of its first render on Quire's own inline scripts; a
//! cached page is answered with a Content-Security-Policy naming that same nonce, so only the
//! scripts Quire wrote run. (A policy of hashes of every inline script the page contains
//! would also allow a script that slipped into user text.)

use std::{
    collections::BTreeSet,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, LazyLock, Mutex, OnceLock,
    },
};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use futures::StreamExt;
use tokio::sync::Semaphore;

use super::{CacheKey, DataCache};
use crate::{
    auth::{
        cookie::{read_cookie, FLASH_COOKIE, SESSION_COOKIE},
        csp_nonce::CspNonce,
    },
    paths::{route_of, Access, Page, PostsQuery},
};

/// Most pages compressed at the same time (each on a blocking thread).
pub const MAX_COMPRESSIONS: usize = 2;

/// The permits for compressions; when none is free, a page stays uncompressed for now.
static COMPRESSIONS: LazyLock<Arc<Semaphore>> =
    LazyLock::new(|| Arc::new(Semaphore::new(MAX_COMPRESSIONS)));

/// Longest path segment (a slug or a username) whose page may be cached: longer ones name
/// nothing that exists.
const MAX_SEGMENT_BYTES: usize = 200;

/// What a page's render learns about itself as it goes: what data it showed (paths and
/// tags), and whether it must not be cached.
#[derive(Clone, Debug, Default)]
pub struct RenderNotes(Arc<Mutex<Notes>>);

#[derive(Debug, Default)]
struct Notes {
    tags: BTreeSet<String>,
    not_cacheable: bool,
    /// The address the page says it rendered (`/posts` with the page and search it read).
    rendered_as: Option<String>,
}

impl RenderNotes {
    /// The page shows data read for `path` with `tags`.
    pub fn depends_on(&self, _path: &str, tags: &[String]) {
        if let Ok(mut notes) = self.0.lock() {
            notes.tags.extend(tags.iter().cloned());
        }
    }

    /// The page is not the same for every visitor, or shows a failure: do not cache it.
    pub fn do_not_cache(&self) {
        if let Ok(mut notes) = self.0.lock() {
            notes.not_cacheable = true;
        }
    }

    /// The page read its address as `href`.
    pub fn rendered_as(&self, href: String) {
        if let Ok(mut notes) = self.0.lock() {
            notes.rendered_as = Some(href);
        }
    }

    /// The tags to cache the page under, unless it must not be cached: it was marked not cacheable, or it
    /// says it rendered another address than the one its key names (`expected`).
    fn outcome(&self, expected: Option<&str>) -> Option<Vec<String>> {
        let notes = self.0.lock().ok()?;
        let as_keyed = expected.is_none_or(|href| notes.rendered_as.as_deref() == Some(href));
        (!notes.not_cacheable && as_keyed).then(|| notes.tags.iter().cloned().collect())
    }
}

/// Notes the address the page being rendered read from its request (`/posts` with its page
/// and search): the page cache caches the page only under that same address. The router
/// decodes query values twice (leptos_router 0.8.17: `query_pairs` and then
/// `ParamsMap::insert`), so `?page=%2532` renders page 2 while any one decoding reads
/// `%32`; a page rendered from something else than its key must not be cached for the key.
pub fn rendered_as(href: String) {
    if let Some(notes) = leptos::prelude::use_context::<RenderNotes>() {
        notes.rendered_as(href);
    }
}

/// Marks the page being rendered as not to be cached (an error boundary, a flash).
pub fn do_not_cache() {
    if let Some(notes) = leptos::prelude::use_context::<RenderNotes>() {
        notes.do_not_cache();
    }
}

/// Notes data the page being rendered shows without a cached read (a profile), so the page
/// is filed under `tags` too.
pub fn depends_on(tags: &[String]) {
    if let Some(notes) = leptos::prelude::use_context::<RenderNotes>() {
        notes.depends_on("", tags);
    }
}

/// The nonce a cached page's inline scripts carry (from its first render), in the answer's
/// extensions, for the security headers' Content-Security-Policy; the header made from it
/// is cached with the page, so a hit does not build it again.
#[derive(Clone, Debug)]
pub struct CachedNonce {
    pub nonce: Arc<str>,
    pub header: Arc<OnceLock<HeaderValue>>,
}

/// A cached page.
#[derive(Clone)]
pub struct CachedPage {
    identity: Bytes,
    /// Its brotli and gzip forms, filled on a blocking thread once a permit is free; until
    /// then it is answered as it is.
    compressed: Arc<OnceLock<Compressed>>,
    /// Whether a compression has been started (at most one per page).
    compressing: Arc<AtomicBool>,
    /// The nonce of the render the page was cached from, if its scripts used one.
    nonce: Option<CachedNonce>,
}

struct Compressed {
    gzip: Bytes,
    brotli: Bytes,
}

impl CachedPage {
    /// The page as rendered, with the nonce its scripts carry.
    fn new(html: Bytes, nonce: Option<Arc<str>>) -> Self {
        CachedPage {
            identity: html,
            compressed: Arc::default(),
            compressing: Arc::default(),
            nonce: nonce.map(|nonce| CachedNonce {
                nonce,
                header: Arc::default(),
            }),
        }
    }

    /// Bytes the page holds (as it is and, estimated before they exist, its two compressed
    /// forms), for the cache's weight.
    pub fn weight(&self) -> usize {
        self.identity.len() + self.identity.len() / 2 + 512
    }

    /// Starts compressing the page on a blocking thread, unless it is done or under way, or
    /// [`MAX_COMPRESSIONS`] are running (then a later hit tries again).
    fn compress_when_free(&self) {
        if self.compressed.get().is_some() || self.compressing.load(Ordering::Acquire) {
            return;
        }
        let Ok(permit) = Arc::clone(&COMPRESSIONS).try_acquire_owned() else {
            return;
        };
        if self.compressing.swap(true, Ordering::AcqRel) {
            return;
        }
        let page = self.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            if let Err(err) = page.compress() {
                tracing::warn!(error = %err, "could not compress a cached page");
            }
        });
    }

    /// Compresses the page both ways, at the best quality (blocking work, done once). The
    /// brotli window is no larger than the page needs: a 4 MiB window (the default for
    /// quality 11) costs tens of megabytes per compression for no gain on a page of 50 KB.
    fn compress(&self) -> std::io::Result<()> {
        use std::io::Write;
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(&self.identity)?;
        let gzip = gzip.finish()?;
        let mut brotli = Vec::new();
        {
            let window = brotli_window(self.identity.len());
            let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, 11, window);
            writer.write_all(&self.identity)?;
        }
        let _ = self.compressed.set(Compressed {
            gzip: gzip.into(),
            brotli: brotli.into(),
        });
        Ok(())
    }

    fn into_response(self, accept_encoding: Option<&str>) -> Response {
        use crate::content_encoding::{negotiate, Encoding};
        self.compress_when_free();
        let (body, encoding) = match (negotiate(accept_encoding), self.compressed.get()) {
            (Some(Encoding::Brotli), Some(c)) => (c.brotli.clone(), Some("br")),
            (Some(Encoding::Gzip), Some(c)) => (c.gzip.clone(), Some("gzip")),
            _ => (self.identity, None),
        };
        let mut response = (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::VARY, "accept-encoding"),
                (header::HeaderName::from_static(CACHE_HEADER), "hit"),
            ],
            body,
        )
            .into_response();
        if let Some(encoding) = encoding {
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        if let Some(nonce) = self.nonce {
            response.extensions_mut().insert(nonce);
        }
        response
    }
}

/// The brotli window (log2 bytes) for a page of `len` bytes: the smallest that holds it,
/// from 64 KiB up to brotli's usual 4 MiB.
fn brotli_window(len: usize) -> u32 {
    let needed = usize::BITS - len.max(1).leading_zeros();
    needed.clamp(16, 22)
}

/// Says whether an answer came from the page cache (`hit`) or was rendered (`miss`).
pub const CACHE_HEADER: &str = "x-quire-cache";

/// What a key says its page shows: for `/posts`, the address the page must say it
/// rendered (see [`rendered_as`]).
fn expected_rendering(key: &CacheKey) -> Option<&str> {
    let CacheKey::Page { href } = key else {
        return None;
    };
    href.strip_prefix(Page::Posts.href())
        .is_some_and(|query| query.starts_with('?'))
        .then_some(href.as_str())
}

/// The key a request's page is cached under, if the page cache may answer it: a `GET` of a
/// public page by a visitor without a session or a flash.
fn page_key(request: &Request) -> Option<CacheKey> {
    if request.method() != Method::GET {
        return None;
    }
    let headers = request.headers();
    if [SESSION_COOKIE, FLASH_COOKIE]
        .iter()
        .any(|name| read_cookie(headers, name).is_some_and(|v| !v.is_empty()))
    {
        return None;
    }
    let path = request.uri().path();
    let found = route_of(path).filter(|found| {
        found.page.access() == Access::Public
            && !found.trailing_slash
            && found.params.iter().all(|p| p.len() <= MAX_SEGMENT_BYTES)
    })?;
    let href = if found.page == Page::Posts {
        posts_reading(request.uri().query().unwrap_or_default()).href()
    } else {
        // Elsewhere a query is noise, not another page.
        path.to_string()
    };
    Some(CacheKey::Page { href })
}

/// What `/posts` reads of its `query`: only `page` and `q` (the last of each, as the router
/// reads them), through the same reading as the page itself.
fn posts_reading(query: &str) -> PostsQuery {
    let (mut page, mut q) = (None, None);
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        match name.as_ref() {
            "page" => page = Some(value),
            "q" => q = Some(value),
            _ => {}
        }
    }
    PostsQuery::new(page.as_deref(), q.as_deref())
}

/// The middleware.
pub async fn serve(State(cache): State<DataCache>, mut request: Request, next: Next) -> Response {
    let Some(key) = page_key(&request) else {
        return next.run(request).await;
    };
    let accept = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    // Tests ask for slow or failing renders by cookie: those never come from the cache.
    if !crate::test_hooks::wants_fresh_render(request.headers()) {
        if let Some(page) = cache.peek::<CachedPage>(&key).await {
            return page.into_response(accept.as_deref());
        }
    }

    let generation = cache.generation();
    let notes = RenderNotes::default();
    request.extensions_mut().insert(notes.clone());
    let nonce = request.extensions().get::<CspNonce>().cloned();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;

    let cacheable = response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && !response.headers().contains_key(header::CONTENT_ENCODING)
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
    if !cacheable {
        return response;
    }
    let pending = Pending {
        cache,
        key,
        path,
        notes,
        nonce,
        generation,
    };
    cache_when_sent(response, pending)
}

/// A rendered page that may be cached once it has all gone out.
struct Pending {
    cache: DataCache,
    key: CacheKey,
    path: String,
    /// What the render learnt: its tags, and whether it may be cached.
    notes: RenderNotes,
    nonce: Option<CspNonce>,
    /// The cache's generation before the render (a purge since then wins).
    generation: u64,
}

/// Passes the page on as it streams, caching a copy; once it has all gone out, caches it.
fn cache_when_sent(response: Response, pending: Pending) -> Response {
    let (mut parts, body) = response.into_parts();
    parts.headers.insert(
        header::HeaderName::from_static(CACHE_HEADER),
        HeaderValue::from_static("miss"),
    );
    let copy = Arc::new(Mutex::new(Some(Vec::new())));
    let seen = Arc::clone(&copy);
    let chunks = body.into_data_stream().map(move |chunk| {
        match (&chunk, seen.lock()) {
            (Ok(bytes), Ok(mut copy)) => {
                if let Some(copy) = copy.as_mut() {
                    copy.extend_from_slice(bytes);
                }
            }
            (Err(_), Ok(mut copy)) => *copy = None,
            _ => {}
        }
        chunk
    });
    // The page is cached before the response ends (a copy and the nonce its scripts carry;
    // the compression follows apart), so once a miss has been answered the next request
    // sees its outcome: deterministic for people and tests alike.
    let done = futures::stream::once(async move {
        let html = copy.lock().ok().and_then(|mut copy| copy.take());
        let expected = expected_rendering(&pending.key);
        if let (Some(html), Some(tags)) = (html, pending.notes.outcome(expected)) {
            let nonce = pending.nonce.as_ref().and_then(CspNonce::used);
            let page = CachedPage::new(html.into(), nonce);
            let generation = pending.generation;
            let (path, key) = (pending.path.as_str(), pending.key.clone());
            cache_page(&pending.cache, key, (path, tags), page, generation).await;
        }
        Ok::<Bytes, axum::Error>(Bytes::new())
    })
    .filter(|end| futures::future::ready(end.as_ref().map_or(true, |b| !b.is_empty())));
    Response::from_parts(parts, Body::from_stream(chunks.chain(done)))
}

async fn cache_page(
    cache: &DataCache,
    key: CacheKey,
    (path, tags): (&str, Vec<String>),
    page: CachedPage,
    generation: u64,
) {
    let weight = page.weight();
    let filling = page.clone();
    cache
        .put_weighed(key, path, tags, page, weight, generation)
        .await;
    // The compressed forms follow on a blocking thread; the response does not wait.
    filling.compress_when_free();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brotli_window_fits_the_page() {
        assert_eq!(brotli_window(0), 16);
        assert_eq!(brotli_window(40_000), 16);
        assert_eq!(brotli_window(70_000), 17);
        assert_eq!(brotli_window(1 << 30), 22);
    }

    /// The address a `GET` of `uri` with `cookie` is cached under.
    fn get(uri: &str, cookie: Option<&str>) -> Option<String> {
        let mut builder = Request::builder().uri(uri);
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        page_key(&builder.body(Body::empty()).unwrap()).map(|key| match key {
            CacheKey::Page { href } => href,
            other => panic!("not a page's key: {other:?}"),
        })
    }

    #[test]
    fn the_list_is_cached_under_what_it_reads_of_its_query() {
        assert_eq!(
            get("/posts?page=2&q=x", None).as_deref(),
            Some("/posts?page=2&q=x")
        );
        // Only what changes the page makes the key.
        for same in [
            "/posts",
            "/posts?x=1",
            "/posts?page=0",
            "/posts?page=abc&utm=2",
            "/posts?q=+",
        ] {
            assert_eq!(get(same, None).as_deref(), Some("/posts?page=1"), "{same}");
        }
        assert_eq!(
            get("/posts?q=a+b&page=1", None),
            get("/posts?page=1&q=a%20b", None)
        );
        let long = format!("/posts?q={}", "x".repeat(5000));
        assert_eq!(
            get(&long, None),
            Some(format!("/posts?page=1&q={}", "x".repeat(100)))
        );
        assert_eq!(
            get("/posts?page=99999999", None).as_deref(),
            Some("/posts?page=1000000")
        );
    }

    #[test]
    fn only_public_pages_without_per_visitor_state_are_cached() {
        // Nothing below a post or profile, no absurd slug and no other spelling of a page's
        // address (a `/` at its end) is a page of its own.
        let absurd = format!("/blog/{}", "a".repeat(201));
        for uri in [
            "/blog/",
            "/blog/a/b",
            "/users/a/b",
            "/blog/hello/",
            "/posts/",
            "/users/ada/",
            "//",
            absurd.as_str(),
        ] {
            assert_eq!(get(uri, None), None, "{uri}");
        }
        assert_eq!(
            get("/blog/hello?utm=1", None).as_deref(),
            Some("/blog/hello")
        );
        assert_eq!(get("/", None).as_deref(), Some("/"));
        assert_eq!(get("/users/ada", None).as_deref(), Some("/users/ada"));
        for uri in [
            "/dashboard",
            "/login",
            "/posts/new",
            "/blog/hello/edit",
            "/api/me",
            "/settings",
        ] {
            assert_eq!(get(uri, None), None, "{uri}");
        }
        assert_eq!(get("/posts", Some("session=abc")), None);
        assert_eq!(get("/posts", Some("quire_flash=abc")), None);
        assert!(get("/posts", Some("theme=dark")).is_some());
    }
}
