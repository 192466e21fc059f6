//! The server-side data cache for public reads (post lists, post pages, the home page) and
//! its revalidation, after the Next.js `revalidatePath` / `revalidateTag` reference.
//!
//! Every cached read declares the page path it serves (`/posts`, `/blog/hello`) and its
//! tags (`posts`, `post:hello`). Then:
//! - [`DataCache::revalidate_tag`] purges every entry carrying the tag;
//! - [`DataCache::revalidate_path`] with [`PathKind::Page`] purges the entries of pages the
//!   path names: a literal path (`/blog/hello`) names one page, a route pattern
//!   (`/blog/[slug]`, `/docs/[...rest]`, `/shop/[[...rest]]`) every page it matches;
//! - with [`PathKind::Layout`] it also purges every page nested below, so `("/", Layout)`
//!   purges everything.
//!
//! Entries expire on their own after the TTL (`QUIRE_CACHE_TTL_SECS`), which bounds how
//! long a change made behind the app's back (straight in the database) stays unseen.
//!
//! Each server keeps its own cache; on PostgreSQL every purge reaches the others too
//! ([`bus`]): a write announces its [`Purge`] with `NOTIFY` inside its own transaction (so a
//! rolled-back write announces nothing and a committed one is never lost), the writer
//! purges its own cache as soon as it has committed, and every other server purges when the
//! notification arrives. Concurrent misses of one key load it once (moka's
//! `try_get_with`).

/// Purges across servers over PostgreSQL `LISTEN`/`NOTIFY`.
pub mod bus;
/// Rendered public pages, under the same paths, tags, purges and TTL.
pub mod pages;

use std::{
    any::Any,
    future::Future,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr};
use serde::{Deserialize, Serialize};

/// How long an entry lives unless purged first, by default.
pub const DEFAULT_TTL_SECS: u64 = 300;
/// Most bytes the cache holds (data and rendered pages together, as weighed by
/// [`Entry::weight`]); past it the least useful entries go first. Keys come from what
/// anonymous visitors ask for, so the size, not the count of entries, is the bound.
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// The tag of every read that shows posts (lists and single posts).
pub const POSTS_TAG: &str = "posts";

/// The tag of every page that shows users' names (profiles; lists show them too, under
/// [`POSTS_TAG`]).
pub const USERS_TAG: &str = "users";

/// The tag of one user's profile page.
pub fn user_tag(username: &str) -> String {
    format!("user:{username}")
}

/// The tag of one post's own page.
pub fn post_tag(slug: &str) -> String {
    format!("post:{slug}")
}

/// The cache the router provides to every request.
pub fn from_context() -> Result<DataCache, crate::error::AppError> {
    crate::error::expect_context::<DataCache>()
}

/// What `revalidate_path` purges: the named page(s) only, or everything below them too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PathKind {
    Page,
    Layout,
}

impl PathKind {
    /// `"page"` or `"layout"`, as the API's `type` parameter spells them.
    pub fn parse(kind: &str) -> Option<Self> {
        match kind {
            "page" => Some(PathKind::Page),
            "layout" => Some(PathKind::Layout),
            _ => None,
        }
    }
}

/// The name a value is cached under. Each variant belongs to one kind of value (one
/// [`CachedRead`] type, or the page cache's rendered pages), so one key never names values
/// of two types.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CacheKey {
    /// A page of `/posts`: its number and search, as `paths::PostsQuery` reads them.
    PostList { page: u64, query: String },
    /// The home page's latest posts.
    LatestPosts,
    /// One post, by slug (including "no such post").
    Post { slug: String },
    /// A rendered public page, by the address it was rendered for.
    Page { href: String },
}

impl CacheKey {
    /// About how many bytes the key takes, for the cache's weigher.
    fn bytes(&self) -> usize {
        let text = match self {
            CacheKey::PostList { query, .. } => query.len(),
            CacheKey::LatestPosts => 0,
            CacheKey::Post { slug } => slug.len(),
            CacheKey::Page { href } => href.len(),
        };
        std::mem::size_of::<Self>() + text
    }
}

/// A read the data cache answers: the key it is cached under, the page path it serves and
/// its tags, and (as a type) the value it holds.
pub trait CachedRead {
    /// What the read answers with.
    type Value: Clone + Serialize + Send + Sync + 'static;
    /// Its key; only this read makes keys of its variant.
    fn key(&self) -> CacheKey;
    /// The page it serves (`/posts`, `/blog/hello`), for `revalidate_path`.
    fn path(&self) -> String;
    /// Its tags, for `revalidate_tag`.
    fn tags(&self) -> Vec<String>;
}

#[derive(Clone)]
struct Entry {
    value: Arc<dyn Any + Send + Sync>,
    path: Arc<str>,
    tags: Arc<[String]>,
    /// About how many bytes it holds: what its key, path and tags take, plus its value's
    /// size as JSON (data) or its bytes (a page).
    weight: u32,
}

impl Entry {
    fn new(
        value: Arc<dyn Any + Send + Sync>,
        path: &str,
        tags: Vec<String>,
        value_bytes: usize,
    ) -> Self {
        let overhead = 128 + path.len() + tags.iter().map(|t| t.len() + 24).sum::<usize>();
        Entry {
            value,
            path: normalize(path).into(),
            tags: tags.into(),
            weight: u32::try_from(overhead + value_bytes).unwrap_or(u32::MAX),
        }
    }
}

/// What a change makes stale: `revalidate_path` and `revalidate_tag` calls, gathered so they
/// can be announced to the other servers in one notification.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purge {
    #[serde(default, rename = "p", skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<(String, PathKind)>,
    #[serde(default, rename = "t", skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl Purge {
    /// `revalidate_path(path, kind)`.
    pub fn path(mut self, path: impl Into<String>, kind: PathKind) -> Self {
        self.paths.push((path.into(), kind));
        self
    }

    /// `revalidate_tag(tag)`.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }
}

/// The data cache; cheap to clone (clones share one map).
#[derive(Clone)]
pub struct DataCache {
    entries: moka::future::Cache<CacheKey, Entry>,
    /// Bumped by every purge, so a read that raced a purge does not cache what it read.
    purges: Arc<AtomicU64>,
    /// This server's name on the bus, so it can skip its own announcements.
    origin: Arc<str>,
}

impl DataCache {
    /// A cache whose entries live at most `ttl`.
    pub fn new(ttl: Duration) -> Self {
        DataCache {
            entries: moka::future::Cache::builder()
                .weigher(|key: &CacheKey, entry: &Entry| {
                    entry
                        .weight
                        .saturating_add(u32::try_from(key.bytes()).unwrap_or(u32::MAX))
                })
                .max_capacity(MAX_BYTES)
                .time_to_live(ttl)
                .support_invalidation_closures()
                .build(),
            purges: Arc::new(AtomicU64::new(0)),
            origin: crate::random::random_id(64).into(),
        }
    }

    /// The cached answer of `read`, or `load()`'s answer, which is then cached (errors are
    /// not). Concurrent misses of one key wait for a single load. The value is weighed by
    /// its size as JSON.
    pub async fn get_or_load<R, E, Fut>(
        &self,
        read: R,
        load: impl FnOnce() -> Fut,
    ) -> Result<R::Value, E>
    where
        R: CachedRead,
        E: Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<R::Value, E>>,
    {
        let (key, path, tags) = (read.key(), read.path(), read.tags());
        // The page being rendered (if any) depends on this read: the page cache files the
        // page under the same path and tags.
        if let Some(notes) = leptos::prelude::use_context::<pages::RenderNotes>() {
            notes.depends_on(&path, &tags);
        }
        let purges_before = self.purges.load(Ordering::SeqCst);
        let entry = self
            .entries
            .try_get_with(key.clone(), async move {
                let value = load().await?;
                let bytes = serde_json::to_vec(&value).map_or(0, |json| json.len());
                Ok::<_, E>(Entry::new(Arc::new(value), &path, tags, bytes))
            })
            .await
            .map_err(|shared: Arc<E>| (*shared).clone())?;
        // A purge that began while the database was read may have missed this entry (it
        // was not there yet) although the data predates it: drop it to be safe.
        if self.purges.load(Ordering::SeqCst) != purges_before {
            self.entries.invalidate(&key).await;
        }
        // Only `R` makes keys of this variant, so the value is an `R::Value`.
        Ok(entry
            .value
            .downcast_ref::<R::Value>()
            .cloned()
            .unwrap_or_else(|| unreachable!("{key:?} holds a value of another type")))
    }

    /// The purge count now: take it before reading what a value is built from, and pass it
    /// to [`DataCache::put`].
    pub fn generation(&self) -> u64 {
        self.purges.load(Ordering::SeqCst)
    }

    /// The value cached under `key`, if any (of type `T`).
    pub async fn peek<T: Clone + Send + Sync + 'static>(&self, key: &CacheKey) -> Option<T> {
        self.entries
            .get(key)
            .await
            .and_then(|entry| entry.value.downcast_ref::<T>().cloned())
    }

    /// Caches `value`, which holds about `bytes` bytes, under `key` for the page at `path`
    /// with `tags`, unless a purge has happened since `generation` (the value may predate
    /// it).
    pub async fn put_weighed<T: Send + Sync + 'static>(
        &self,
        key: CacheKey,
        path: &str,
        tags: Vec<String>,
        value: T,
        bytes: usize,
        generation: u64,
    ) {
        if self.generation() != generation {
            return;
        }
        let entry = Entry::new(Arc::new(value), path, tags, bytes);
        self.entries.insert(key.clone(), entry).await;
        if self.generation() != generation {
            self.entries.invalidate(&key).await;
        }
    }

    /// Purges, in this server, the entries of the pages `path` names (see the module docs).
    pub fn revalidate_path(&self, path: &str, kind: PathKind) {
        let pattern = normalize(path);
        self.purge(move |entry| path_matches(&pattern, &entry.path, kind));
    }

    /// Purges, in this server, every entry tagged `tag`.
    pub fn revalidate_tag(&self, tag: &str) {
        let tag = tag.to_string();
        self.purge(move |entry| entry.tags.contains(&tag));
    }

    /// Applies `purge` to this server's cache.
    pub fn apply(&self, purge: &Purge) {
        for (path, kind) in &purge.paths {
            self.revalidate_path(path, *kind);
        }
        for tag in &purge.tags {
            self.revalidate_tag(tag);
        }
    }

    /// Empties this server's cache (after missing notifications it cannot replay).
    pub fn purge_all(&self) {
        self.purges.fetch_add(1, Ordering::SeqCst);
        self.entries.invalidate_all();
    }

    /// Commits a write's transaction with its `purge` announced inside it (on PostgreSQL),
    /// then purges this server's own cache, so the writer reads its own write at once.
    pub async fn commit(&self, txn: DatabaseTransaction, purge: Purge) -> Result<(), DbErr> {
        bus::announce(&txn, &self.origin, &purge).await?;
        txn.commit().await?;
        self.apply(&purge);
        Ok(())
    }

    /// Purges everywhere without a write of ours (`/api/revalidate`: the change was made
    /// elsewhere): announced on its own, then applied here.
    pub async fn publish(&self, db: &DatabaseConnection, purge: Purge) -> Result<(), DbErr> {
        bus::announce(db, &self.origin, &purge).await?;
        self.apply(&purge);
        Ok(())
    }

    fn purge(&self, is_stale: impl Fn(&Entry) -> bool + Send + Sync + 'static) {
        self.purges.fetch_add(1, Ordering::SeqCst);
        // Registered predicates hide matching entries at once and drop them lazily; an
        // error here means closures are not enabled, which `new` always does.
        if let Err(err) = self
            .entries
            .invalidate_entries_if(move |_key, entry| is_stale(entry))
        {
            tracing::error!(error = %err, "cache purge failed; emptying the cache");
            self.entries.invalidate_all();
        }
    }
}

/// A path without its query, fragment and trailing slash; `/` stays `/`.
fn normalize(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or_default().trim();
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else if trimmed.starts_with('/') {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    }
}

/// Whether `revalidate_path(pattern, kind)` covers the page at `path`.
pub fn path_matches(pattern: &str, path: &str, kind: PathKind) -> bool {
    let pattern = normalize(pattern);
    let path = normalize(path);
    let pattern: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let path: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    segments_match(&pattern, &path, kind == PathKind::Layout)
}

/// Segment by segment: `[name]` matches one segment, `[...name]` one or more to the end,
/// `[[...name]]` zero or more; anything else matches itself. With `nested`, a match of the
/// pattern against the start of `path` is enough (a layout covers its pages).
fn segments_match(pattern: &[&str], path: &[&str], nested: bool) -> bool {
    let Some((first, rest)) = pattern.split_first() else {
        return nested || path.is_empty();
    };
    if first.starts_with("[[...") && first.ends_with("]]") {
        return true;
    }
    if first.starts_with("[...") && first.ends_with(']') {
        return !path.is_empty();
    }
    let Some((segment, path_rest)) = path.split_first() else {
        return false;
    };
    let dynamic = first.starts_with('[') && first.ends_with(']');
    (dynamic || first == segment) && segments_match(rest, path_rest, nested)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A read of a `T` under `key`, serving `path` with `tags`.
    struct TestRead<T> {
        key: String,
        path: String,
        tags: Vec<String>,
        value: std::marker::PhantomData<T>,
    }

    impl<T: Clone + Serialize + Send + Sync + 'static> CachedRead for TestRead<T> {
        type Value = T;
        fn key(&self) -> CacheKey {
            CacheKey::Page {
                href: self.key.clone(),
            }
        }
        fn path(&self) -> String {
            self.path.clone()
        }
        fn tags(&self) -> Vec<String> {
            self.tags.clone()
        }
    }

    fn read<T>(key: &str, path: &str, tags: &[&str]) -> TestRead<T> {
        TestRead {
            key: key.to_string(),
            path: path.to_string(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            value: std::marker::PhantomData,
        }
    }

    /// A cache holding one entry per page: `/`, `/posts` (two pages of it), two posts,
    /// and a nested page below one post.
    async fn filled() -> DataCache {
        let cache = DataCache::new(Duration::from_secs(60));
        for (key, path, tags) in [
            ("home", "/", vec![POSTS_TAG]),
            ("list-1", "/posts", vec![POSTS_TAG]),
            ("list-2", "/posts?page=2", vec![POSTS_TAG]),
            ("hello", "/blog/hello", vec![POSTS_TAG, "post:hello"]),
            ("world", "/blog/world/", vec![POSTS_TAG, "post:world"]),
            ("comments", "/blog/world/comments", vec!["comments"]),
        ] {
            let _: Result<String, ()> = cache
                .get_or_load(read(key, path, &tags), || async { Ok(key.to_string()) })
                .await;
        }
        cache
    }

    async fn cached(cache: &DataCache) -> Vec<&'static str> {
        let mut keys = Vec::new();
        for key in ["home", "list-1", "list-2", "hello", "world", "comments"] {
            let hit: Result<String, ()> = cache
                .get_or_load(read(key, "/unused", &[]), || async { Err(()) })
                .await;
            if hit.is_ok() {
                keys.push(key);
            }
        }
        keys
    }

    #[tokio::test]
    async fn a_hit_is_served_without_loading() {
        let cache = DataCache::new(Duration::from_secs(60));
        let first: Result<u32, ()> = cache
            .get_or_load(read("k", "/", &[]), || async { Ok(1) })
            .await;
        let second: Result<u32, ()> = cache
            .get_or_load(read("k", "/", &[]), || async { panic!("loaded twice") })
            .await;
        assert_eq!((first, second), (Ok(1), Ok(1)));
    }

    #[tokio::test]
    async fn the_cache_never_holds_more_than_its_bytes() {
        let cache = DataCache::new(Duration::from_secs(60));
        let page = vec![b'x'; 1024 * 1024];
        for n in 0..100 {
            let key = CacheKey::Page {
                href: format!("/posts?page={n}"),
            };
            let tags = vec![POSTS_TAG.to_string()];
            cache
                .put_weighed(
                    key,
                    "/posts",
                    tags,
                    page.clone(),
                    page.len(),
                    cache.generation(),
                )
                .await;
        }
        cache.entries.run_pending_tasks().await;
        let held = cache.entries.weighted_size();
        assert!(held <= MAX_BYTES, "{held} bytes held");
        assert!(
            held >= MAX_BYTES / 2,
            "the cache should still be in use: {held}"
        );
    }

    #[tokio::test]
    async fn errors_are_not_cached() {
        let cache = DataCache::new(Duration::from_secs(60));
        let failed: Result<u32, &str> = cache
            .get_or_load(read("k", "/", &[]), || async { Err("down") })
            .await;
        let next: Result<u32, &str> = cache
            .get_or_load(read("k", "/", &[]), || async { Ok(2) })
            .await;
        assert_eq!((failed, next), (Err("down"), Ok(2)));
    }

    #[tokio::test]
    async fn a_literal_page_path_purges_that_page_only() {
        let cache = filled().await;
        cache.revalidate_path("/posts", PathKind::Page);
        assert_eq!(cached(&cache).await, ["home", "hello", "world", "comments"]);
        cache.revalidate_path("/blog/hello", PathKind::Page);
        assert_eq!(cached(&cache).await, ["home", "world", "comments"]);
    }

    #[tokio::test]
    async fn the_root_page_is_not_a_layout() {
        let cache = filled().await;
        cache.revalidate_path("/", PathKind::Page);
        assert_eq!(
            cached(&cache).await,
            ["list-1", "list-2", "hello", "world", "comments"]
        );
    }

    #[tokio::test]
    async fn the_root_layout_purges_everything() {
        let cache = filled().await;
        cache.revalidate_path("/", PathKind::Layout);
        assert!(cached(&cache).await.is_empty());
    }

    #[tokio::test]
    async fn a_dynamic_pattern_as_page_purges_every_matching_page_but_not_nested_ones() {
        let cache = filled().await;
        cache.revalidate_path("/blog/[slug]", PathKind::Page);
        assert_eq!(
            cached(&cache).await,
            ["home", "list-1", "list-2", "comments"]
        );
    }

    #[tokio::test]
    async fn a_dynamic_pattern_as_layout_also_purges_nested_pages() {
        let cache = filled().await;
        cache.revalidate_path("/blog/[slug]", PathKind::Layout);
        assert_eq!(cached(&cache).await, ["home", "list-1", "list-2"]);
    }

    #[tokio::test]
    async fn a_literal_layout_purges_its_subtree() {
        let cache = filled().await;
        cache.revalidate_path("/blog/world", PathKind::Layout);
        assert_eq!(cached(&cache).await, ["home", "list-1", "list-2", "hello"]);
    }

    #[tokio::test]
    async fn a_tag_purges_every_entry_carrying_it() {
        let cache = filled().await;
        cache.revalidate_tag("post:world");
        assert_eq!(
            cached(&cache).await,
            ["home", "list-1", "list-2", "hello", "comments"]
        );
        cache.revalidate_tag(POSTS_TAG);
        assert_eq!(cached(&cache).await, ["comments"]);
        cache.revalidate_tag("nothing-has-this");
        assert_eq!(cached(&cache).await, ["comments"]);
    }

    #[tokio::test]
    async fn a_read_that_raced_a_purge_is_not_kept() {
        let cache = DataCache::new(Duration::from_secs(60));
        let purger = cache.clone();
        let stale: Result<u32, ()> = cache
            .get_or_load(read("k", "/posts", &[POSTS_TAG]), || async move {
                // The database was read, then a mutation purged before the answer was stored.
                purger.revalidate_tag(POSTS_TAG);
                Ok(1)
            })
            .await;
        let fresh: Result<u32, ()> = cache
            .get_or_load(read("k", "/posts", &[POSTS_TAG]), || async { Ok(2) })
            .await;
        assert_eq!((stale, fresh), (Ok(1), Ok(2)));
    }

    #[test]
    fn catch_all_patterns() {
        use PathKind::Page;
        assert!(path_matches("/docs/[...rest]", "/docs/a/b", Page));
        assert!(!path_matches("/docs/[...rest]", "/docs", Page));
        assert!(path_matches("/shop/[[...rest]]", "/shop", Page));
        assert!(path_matches("/shop/[[...rest]]", "/shop/a/b", Page));
        assert!(!path_matches("/blog/[slug]", "/blog", Page));
        assert!(!path_matches("/blog/[slug]", "/posts/x", Page));
    }

    #[tokio::test]
    async fn entries_expire_after_the_ttl() {
        let cache = DataCache::new(Duration::from_millis(50));
        let first: Result<u32, ()> = cache
            .get_or_load(read("k", "/", &[]), || async { Ok(1) })
            .await;
        assert_eq!(first, Ok(1));
        // Asked again until the entry has expired (a miss loads 2), within a deadline.
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        loop {
            let now: Result<u32, ()> = cache
                .get_or_load(read("k", "/", &[]), || async { Ok(2) })
                .await;
            if now == Ok(2) {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "never expired");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    #[tokio::test]
    async fn concurrent_misses_of_one_key_load_once() {
        let cache = DataCache::new(Duration::from_secs(60));
        let loads = Arc::new(AtomicU64::new(0));
        let readers = (0..50).map(|_| {
            let (cache, loads) = (cache.clone(), Arc::clone(&loads));
            tokio::spawn(async move {
                let value: Result<u32, ()> = cache
                    .get_or_load(read("k", "/posts", &[POSTS_TAG]), || async move {
                        loads.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Ok(7)
                    })
                    .await;
                value
            })
        });
        for reader in futures::future::join_all(readers).await {
            assert_eq!(reader.unwrap(), Ok(7));
        }
        assert_eq!(loads.load(Ordering::SeqCst), 1, "one load for fifty misses");
    }

    #[tokio::test]
    async fn a_load_that_raced_a_purge_is_not_kept() {
        let cache = DataCache::new(Duration::from_secs(60));
        let racing = cache.clone();
        let loaded: Result<u32, ()> = cache
            .get_or_load(read("k", "/posts", &[POSTS_TAG]), || async move {
                // The database was read; meanwhile a write purges the tag.
                racing.revalidate_tag(POSTS_TAG);
                Ok(1)
            })
            .await;
        assert_eq!(loaded, Ok(1));
        let next: Result<u32, ()> = cache
            .get_or_load(read("k", "/posts", &[POSTS_TAG]), || async { Ok(2) })
            .await;
        assert_eq!(next, Ok(2), "the value read before the purge was dropped");
    }
}
