//! Addresses: the route table (`table.rs`: every page's pattern and who may see it), the
//! server's recogniser of a request's page (`recognize.rs`), and the links built from the
//! table here, query values percent-encoded (as JavaScript's `encodeURIComponent` does, so
//! `/dashboard` becomes `%2Fdashboard`).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

#[cfg(feature = "ssr")]
mod recognize;
mod table;

#[cfg(feature = "ssr")]
pub use recognize::{access_of, is_asset_or_health, renders_a_page, route_of, RouteMatch};
pub use table::{
    Access, Page, Param, PathPart, Pattern, ADMIN_USERS_API, API_PREFIX, ASSETS_PREFIX,
    EMAIL_AVAILABLE_API, FAVICON, HEALTH, ME_API, REVALIDATE_API, SIGNED_IN_SECTION,
};

/// Everything but the URI's unreserved characters (`A-Z a-z 0-9 - _ . ~`) is encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `value` percent-encoded for a query string.
pub fn encode_query_value(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

/// `/login?next=<path>`: log in, then come back to `next`.
pub fn login_url(next: &str) -> String {
    format!("{}?next={}", Page::Login.href(), encode_query_value(next))
}

/// The `/posts` address for a page and search.
pub fn posts_href(page: u64, query: &str) -> String {
    let mut href = format!("{}?page={page}", Page::Posts.href());
    if !query.is_empty() {
        href.push_str("&q=");
        href.push_str(&encode_query_value(query));
    }
    href
}

/// Longest search `/posts` reads (characters, after trimming); the rest is cut.
pub const MAX_QUERY_CHARS: usize = 100;
/// Highest page number `/posts` reads; larger numbers read as this one.
pub const MAX_PAGE: u64 = 1_000_000;

/// What `/posts` reads from its query string: the page (1 to [`MAX_PAGE`]; anything else
/// reads as 1) and the search (trimmed, cut to [`MAX_QUERY_CHARS`]). The page, its data
/// read and the page cache's key all go through this one reading, so two addresses that
/// read alike are one page, and one cache entry, whatever else they carry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PostsQuery {
    pub page: u64,
    pub q: String,
}

impl PostsQuery {
    /// From the raw `page` and `q` values (the last of each, as the router reads them).
    pub fn new(page: Option<&str>, q: Option<&str>) -> Self {
        let page = page
            .and_then(|p| p.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .clamp(1, MAX_PAGE);
        let q = q
            .unwrap_or_default()
            .trim()
            .chars()
            .take(MAX_QUERY_CHARS)
            .collect::<String>()
            .trim_end()
            .to_string();
        PostsQuery { page, q }
    }

    /// This reading as the page's own address.
    pub fn href(&self) -> String {
        posts_href(self.page, &self.q)
    }
}

/// A post's page.
pub fn post_href(slug: &str) -> String {
    Page::Post.pattern().fill(&[slug])
}

/// A post's edit page. The slug is encoded as a path segment: it names a real post only
/// when it is one already (slugs are `a-z0-9-`), and a made-up one stays inside `/blog/`.
pub fn edit_post_href(slug: &str) -> String {
    Page::EditPost.pattern().fill(&[&encode_query_value(slug)])
}

/// A user's profile.
pub fn profile_href(username: &str) -> String {
    Page::Profile.pattern().fill(&[username])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_encoded() {
        assert_eq!(login_url("/dashboard"), "/login?next=%2Fdashboard");
        assert_eq!(
            login_url("/dashboard/sessions?x=1&y=2"),
            "/login?next=%2Fdashboard%2Fsessions%3Fx%3D1%26y%3D2"
        );
    }

    #[test]
    fn edit_links_stay_on_the_site() {
        assert_eq!(edit_post_href("hello-world"), "/blog/hello-world/edit");
        assert_eq!(
            edit_post_href("/\\evil.test\r\n"),
            "/blog/%2F%5Cevil.test%0D%0A/edit"
        );
    }

    #[test]
    fn the_list_reads_a_clamped_page_and_a_capped_search() {
        assert_eq!(
            PostsQuery::new(None, None),
            PostsQuery {
                page: 1,
                q: String::new()
            }
        );
        assert_eq!(
            PostsQuery::new(Some(" 3 "), Some("  rust  ")).href(),
            "/posts?page=3&q=rust"
        );
        assert_eq!(PostsQuery::new(Some("0"), None).page, 1);
        assert_eq!(PostsQuery::new(Some("-2"), None).page, 1);
        assert_eq!(PostsQuery::new(Some("x"), None).page, 1);
        assert_eq!(PostsQuery::new(Some("99999999999999999999"), None).page, 1);
        assert_eq!(PostsQuery::new(Some("2000000"), None).page, MAX_PAGE);
        let long = "é".repeat(500);
        assert_eq!(
            PostsQuery::new(None, Some(&long)).q.chars().count(),
            MAX_QUERY_CHARS
        );
    }

    #[test]
    fn page_links_keep_the_search() {
        assert_eq!(posts_href(2, ""), "/posts?page=2");
        assert_eq!(
            posts_href(3, "rust & wasm"),
            "/posts?page=3&q=rust%20%26%20wasm"
        );
        assert_eq!(posts_href(1, "é_%"), "/posts?page=1&q=%C3%A9_%25");
    }
}
