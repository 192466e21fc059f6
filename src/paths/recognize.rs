//! Which page a request's path names (server only), by the router's own matching: a
//! [`Pattern`] is a `leptos_router` route pattern whose segments test a path exactly as
//! `StaticSegment` and `ParamSegment` do, so what the session middleware, the page cache and
//! the flash recognise is what the router renders.

use leptos_router::{
    ParamSegment, PartialPathMatch, PathSegment, PossibleRouteMatch, StaticSegment,
};

use super::table::{
    Access, Page, PathPart, Pattern, API_PREFIX, ASSETS_PREFIX, FAVICON, HEALTH, SIGNED_IN_SECTION,
};

impl PossibleRouteMatch for Pattern {
    fn optional(&self) -> bool {
        false
    }

    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        let mut remaining = path;
        let mut params = Vec::new();
        for segment in self.segments() {
            let found = match segment {
                PathPart::Static(s) => StaticSegment(s).test(remaining)?,
                PathPart::Param(name) => ParamSegment(name).test(remaining)?,
            };
            remaining = found.remaining();
            params.extend(found.params());
        }
        let matched = &path[..path.len() - remaining.len()];
        Some(PartialPathMatch::new(remaining, params, matched))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        path.extend(self.segments().map(|segment| match segment {
            PathPart::Static(s) => PathSegment::Static(s.into()),
            PathPart::Param(name) => PathSegment::Param(name.into()),
        }));
    }
}

/// A page a path names, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteMatch {
    pub page: Page,
    /// The parameters' values, in the pattern's order, as the path spells them.
    pub params: Vec<String>,
    /// The path ends with a `/` the pattern does not have (`/posts/`): the router renders
    /// the same page for it, but it is not the page's own address.
    pub trailing_slash: bool,
}

/// The page `path` names, as the router matches it (a `/` at the end is allowed).
pub fn route_of(path: &str) -> Option<RouteMatch> {
    Page::ALL.into_iter().find_map(|page| {
        let found = page.pattern().test(path)?;
        found.is_complete().then(|| RouteMatch {
            page,
            params: found.params().into_iter().map(|(_, value)| value).collect(),
            trailing_slash: path != "/" && path.ends_with('/'),
        })
    })
}

/// Who may see what `path` shows, as the session middleware applies it: its page's
/// access, and for a path below [`SIGNED_IN_SECTION`] that no route names (the 404 page),
/// [`Access::SignedIn`].
pub fn access_of(path: &str) -> Option<Access> {
    if let Some(found) = route_of(path) {
        return Some(found.page.access());
    }
    let below = SIGNED_IN_SECTION
        .pattern()
        .test(path)
        .is_some_and(|found| found.remaining().starts_with('/'));
    below.then_some(Access::SignedIn)
}

/// Whether `path` is a built asset, the icon or the health check: answered without the
/// session middleware or a page render.
pub fn is_asset_or_health(path: &str) -> bool {
    path.starts_with(ASSETS_PREFIX) || path == HEALTH || path == FAVICON
}

/// Whether a `GET` of `path` is answered by the router with a page (one of the table's or
/// the 404 page), not an asset, the health check or the JSON API.
pub fn renders_a_page(path: &str) -> bool {
    !is_asset_or_health(path) && !path.starts_with(API_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str) -> Option<Page> {
        route_of(path).map(|found| found.page)
    }

    #[test]
    fn each_pattern_names_its_page() {
        assert_eq!(page("/"), Some(Page::Home));
        assert_eq!(page("/posts"), Some(Page::Posts));
        assert_eq!(page("/posts/new"), Some(Page::NewPost));
        assert_eq!(page("/blog/hello"), Some(Page::Post));
        assert_eq!(page("/blog/hello/edit"), Some(Page::EditPost));
        assert_eq!(page("/dashboard/sessions"), Some(Page::Sessions));
        assert_eq!(page("/users/ada"), Some(Page::Profile));
        let found = route_of("/blog/a%2Fb/edit").unwrap();
        assert_eq!(found.params, ["a%2Fb"]);
        assert!(!found.trailing_slash);
        assert!(route_of("/posts/").unwrap().trailing_slash);
    }

    #[test]
    fn near_misses_name_no_page() {
        for path in [
            "//",
            "/dashboardx",
            "/blog",
            "/blog/",
            "/blog//edit",
            "/blog/a/b",
            "/blog/a/b/edit",
            "/users/a/b",
            "/login/x",
            "/posts/new/x",
            "/nope",
        ] {
            assert_eq!(page(path), None, "{path:?}");
        }
    }

    #[test]
    fn the_dashboard_and_all_below_it_need_a_session() {
        assert_eq!(access_of("/dashboard"), Some(Access::SignedIn));
        assert_eq!(access_of("/dashboard/"), Some(Access::SignedIn));
        assert_eq!(access_of("/dashboard/anything/x"), Some(Access::SignedIn));
        assert_eq!(access_of("/dashboardx"), None);
        assert_eq!(access_of("/blog/hello/edit"), Some(Access::AuthorOrAdmin));
        assert_eq!(access_of("/nope"), None);
    }

    #[test]
    fn assets_health_and_the_api_are_no_pages() {
        for path in ["/pkg/quire.wasm", "/healthz", "/favicon.ico", "/api/me"] {
            assert!(!renders_a_page(path), "{path}");
        }
        assert!(is_asset_or_health("/pkg/x.css"));
        assert!(!is_asset_or_health("/api/me"));
        assert!(renders_a_page("/nope"));
        assert!(renders_a_page("/healthz/x"));
    }
}
