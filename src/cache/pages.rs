//! The rendered-page cache, after Next.js' Full Route Cache: a public page as a visitor
//! without a session gets it (`/`, `/posts` with its `page` and `q`, `/blog/:slug`,
//! `/users/:username`) is kept, already compressed (brotli, gzip and as it is), in the data
//! cache itself, filed under the page's path and the tags of the data it was built from.
//! So every `revalidate_path`/`revalidate_tag` (here, or announced by another server) and
//! the TTL purge it exactly as they purge its data.
//!
//! [`serve`] answers a request without per-visitor state (no session or flash cookie) from
//! the kept bytes, choosing the encoding by `Accept-Encoding`; a miss renders and streams
//! as always, and the bytes that went out are kept once the page is complete, before the
//! response ends (so the next request finds it); brotli and gzip forms (best quality) are
//! made on a blocking thread just after, and until they are ready, milliseconds later, the
//! page is answered as it is. Only complete 200 and 404 pages are kept,
//! and not a render that showed an error boundary or a flash (it [`spoil`]s itself), set a
//! cookie, or raced a purge.
//!
//! A rendered page carries the nonce of its first render on its inline scripts; a kept page
//! is answered with a Content-Security-Policy naming the SHA-256 hashes of those scripts
//! instead (recorded with the page), which is safe to send to everyone.

use std::{
    collections::BTreeSet,
    sync::{Arc, Mutex, OnceLock},
};

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::Engine;
use futures::StreamExt;
use sha2::{Digest, Sha256};

use super::{DataCache, Read};
use crate::auth::cookie::{read_cookie, FLASH_COOKIE, SESSION_COOKIE};

/// What a page's render learns about itself as it goes: what data it showed (paths and
/// tags), and whether it must not be kept.
#[derive(Clone, Debug, Default)]
pub struct RenderNotes(Arc<Mutex<Notes>>);

#[derive(Debug, Default)]
struct Notes {
    tags: BTreeSet<String>,
    spoiled: bool,
}

impl RenderNotes {
    /// The page shows data read for `path` with `tags`.
    pub fn depends_on(&self, _path: &str, tags: &[String]) {
        if let Ok(mut notes) = self.0.lock() {
            notes.tags.extend(tags.iter().cloned());
        }
    }

    /// The page is not the same for every visitor, or shows a failure: do not keep it.
    pub fn spoil(&self) {
        if let Ok(mut notes) = self.0.lock() {
            notes.spoiled = true;
        }
    }

    fn outcome(&self) -> Option<Vec<String>> {
        let notes = self.0.lock().ok()?;
        (!notes.spoiled).then(|| notes.tags.iter().cloned().collect())
    }
}

/// Marks the page being rendered as not to be kept (an error boundary, a flash).
pub fn spoil() {
    if let Some(notes) = leptos::prelude::use_context::<RenderNotes>() {
        notes.spoil();
    }
}

/// Notes data the page being rendered shows without a cached read (a profile), so the page
/// is filed under `tags` too.
pub fn depends_on(tags: &[String]) {
    if let Some(notes) = leptos::prelude::use_context::<RenderNotes>() {
        notes.depends_on("", tags);
    }
}

/// The SHA-256 sources of a kept page's inline scripts, for its Content-Security-Policy
/// (in the response's extensions, for the security headers, which make the header once
/// and keep it with the page).
#[derive(Clone, Debug)]
pub struct ScriptHashes {
    pub sources: Arc<str>,
    pub header: Arc<std::sync::OnceLock<HeaderValue>>,
}

/// A kept page.
#[derive(Clone)]
pub struct CachedPage {
    status: StatusCode,
    identity: Bytes,
    /// Its brotli and gzip forms, filled on a blocking thread just after the page is kept;
    /// until then (milliseconds) it is answered as it is.
    compressed: Arc<OnceLock<Compressed>>,
    hashes: ScriptHashes,
}

struct Compressed {
    gzip: Bytes,
    brotli: Bytes,
}

impl CachedPage {
    /// The page as rendered, with the hashes of its inline scripts.
    fn new(status: StatusCode, html: Bytes) -> Self {
        let hashes = inline_script_hashes(&html).join(" ");
        CachedPage {
            status,
            identity: html,
            compressed: Arc::default(),
            hashes: ScriptHashes {
                sources: hashes.into(),
                header: Default::default(),
            },
        }
    }

    /// Compresses the page both ways, at the best quality (blocking work, done once).
    fn compress(&self) -> std::io::Result<()> {
        use std::io::Write;
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(&self.identity)?;
        let gzip = gzip.finish()?;
        let mut brotli = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, 11, 22);
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
        let (body, encoding) = match (negotiate(accept_encoding), self.compressed.get()) {
            (Some(Encoding::Brotli), Some(c)) => (c.brotli.clone(), Some("br")),
            (Some(Encoding::Gzip), Some(c)) => (c.gzip.clone(), Some("gzip")),
            _ => (self.identity, None),
        };
        let mut response = (
            self.status,
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
        response.extensions_mut().insert(self.hashes);
        response
    }
}

/// Says whether an answer came from the page cache (`hit`) or was rendered (`miss`).
pub const CACHE_HEADER: &str = "x-quire-cache";

/// The `'sha256-…'` source of every inline `<script>` in `html` (those inside `<template>`
/// too: a template's script may be copied out and run).
pub fn inline_script_hashes(html: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(html);
    let mut hashes = Vec::new();
    let mut rest = text.as_ref();
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let open = &rest[..open_end];
        let body_start = open_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else {
            break;
        };
        let body = &rest[body_start..body_start + close];
        if !open.contains(" src=") {
            let digest = Sha256::digest(body.as_bytes());
            let encoded = base64::engine::general_purpose::STANDARD.encode(digest);
            let source = format!("'sha256-{encoded}'");
            if !hashes.contains(&source) {
                hashes.push(source);
            }
        }
        rest = &rest[body_start + close..];
    }
    hashes
}

/// The key a request's page is kept under, if the page cache may answer it: a `GET` of a
/// public page by a visitor without a session or a flash.
fn page_key(request: &Request) -> Option<String> {
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
    let public = path == "/"
        || path == "/posts"
        || (path.starts_with("/blog/") && !path.ends_with("/edit"))
        || path.starts_with("/users/");
    if !public {
        return None;
    }
    // Only the list reads its query; elsewhere a query is noise, not another page.
    Some(match request.uri().query() {
        Some(query) if path == "/posts" => format!("page:{path}?{query}"),
        _ => format!("page:{path}"),
    })
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
    let path = request.uri().path().to_string();
    let response = next.run(request).await;

    let keepable = matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND)
        && !response.headers().contains_key(header::SET_COOKIE)
        && !response.headers().contains_key(header::CONTENT_ENCODING)
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
    if !keepable {
        return response;
    }
    let status = response.status();
    let (mut parts, body) = response.into_parts();
    parts.headers.insert(
        header::HeaderName::from_static(CACHE_HEADER),
        HeaderValue::from_static("miss"),
    );
    // Passes the page on as it streams, keeping a copy; once it has all gone out, keeps it.
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
    // The page is kept before the response ends (a copy and a hash of its inline scripts;
    // the compression follows apart), so once a miss has been answered the next request
    // sees its outcome: deterministic for people and tests alike.
    let done = futures::stream::once(async move {
        let html = copy.lock().ok().and_then(|mut copy| copy.take());
        if let (Some(html), Some(tags)) = (html, notes.outcome()) {
            keep(cache, key, path, tags, status, html, generation).await;
        }
        Ok::<Bytes, axum::Error>(Bytes::new())
    })
    .filter(|end| futures::future::ready(end.as_ref().map_or(true, |b| !b.is_empty())));
    Response::from_parts(parts, Body::from_stream(chunks.chain(done)))
}

async fn keep(
    cache: DataCache,
    key: String,
    path: String,
    tags: Vec<String>,
    status: StatusCode,
    html: Vec<u8>,
    generation: u64,
) {
    let page = CachedPage::new(status, html.into());
    let filling = page.clone();
    cache.put(Read { key, path, tags }, page, generation).await;
    // The compressed forms follow on a blocking thread; the response does not wait for them.
    tokio::task::spawn_blocking(move || {
        if let Err(err) = filling.compress() {
            tracing::warn!(error = %err, "could not compress a kept page");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = br#"<script nonce="x">a()</script><template><script type="module" nonce="x">b()</script></template><script src="/pkg/x.js"></script><script>a()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2, "{hashes:?}");
        // echo -n 'a()' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            hashes[0],
            "'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='"
        );
    }

    #[test]
    fn only_public_pages_without_per_visitor_state_are_kept() {
        let get = |uri: &str, cookie: Option<&str>| {
            let mut builder = Request::builder().uri(uri);
            if let Some(cookie) = cookie {
                builder = builder.header(header::COOKIE, cookie);
            }
            page_key(&builder.body(Body::empty()).unwrap())
        };
        assert_eq!(
            get("/posts?page=2&q=x", None).as_deref(),
            Some("page:/posts?page=2&q=x")
        );
        assert_eq!(
            get("/blog/hello?utm=1", None).as_deref(),
            Some("page:/blog/hello")
        );
        assert_eq!(get("/", None).as_deref(), Some("page:/"));
        assert_eq!(get("/users/ada", None).as_deref(), Some("page:/users/ada"));
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
