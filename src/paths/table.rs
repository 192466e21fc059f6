//! The route table: every page once, with its address pattern and who may see it, and the
//! addresses that are not pages. The router (`app.rs`) routes by these patterns; the
//! session middleware, the page cache and the flash recognise a request by them
//! (`recognize.rs`); links are built from them (`paths.rs`).

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    Home,
    Posts,
    NewPost,
    Post,
    EditPost,
    Login,
    Signup,
    Dashboard,
    Sessions,
    Profile,
    Settings,
}

/// Who may see a page, as the session middleware and the page cache treat it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Everyone; what a visitor without a session is shown may be cached (the page cache).
    Public,
    /// Signed-in users; a signed-out visit is sent to log in first.
    SignedIn,
    /// The post's author or an admin. The middleware asks only for a session; who may edit
    /// is the page's and the DAL's check.
    AuthorOrAdmin,
    /// Signed-out visitors; a signed-in visit is sent to the dashboard.
    GuestOnly,
}

impl Access {
    /// Whether a visit needs a session (a signed-out one is sent to log in).
    pub const fn needs_session(self) -> bool {
        matches!(self, Access::SignedIn | Access::AuthorOrAdmin)
    }
}

impl Page {
    /// Every page, in the router's order.
    pub const ALL: [Page; 11] = [
        Page::Home,
        Page::Posts,
        Page::NewPost,
        Page::Post,
        Page::EditPost,
        Page::Login,
        Page::Signup,
        Page::Dashboard,
        Page::Sessions,
        Page::Profile,
        Page::Settings,
    ];

    /// The table itself: the page's address pattern, in the router's syntax (`:name` is a
    /// parameter), and who may see it.
    const fn route(self) -> (&'static str, Access) {
        match self {
            Page::Home => ("/", Access::Public),
            Page::Posts => ("/posts", Access::Public),
            Page::NewPost => ("/posts/new", Access::SignedIn),
            Page::Post => ("/blog/:slug", Access::Public),
            Page::EditPost => ("/blog/:slug/edit", Access::AuthorOrAdmin),
            Page::Login => ("/login", Access::GuestOnly),
            Page::Signup => ("/signup", Access::GuestOnly),
            Page::Dashboard => ("/dashboard", Access::SignedIn),
            Page::Sessions => ("/dashboard/sessions", Access::SignedIn),
            Page::Profile => ("/users/:username", Access::Public),
            Page::Settings => ("/settings", Access::SignedIn),
        }
    }

    /// The page's address pattern.
    pub const fn pattern(self) -> Pattern {
        Pattern(self.route().0)
    }

    /// Who may see the page.
    pub const fn access(self) -> Access {
        self.route().1
    }

    /// The address of a page without parameters (`/dashboard`). A page with parameters has
    /// its own builder (`post_href`, …); asking this of it panics, at compile time in a
    /// `const`.
    pub const fn href(self) -> &'static str {
        let pattern = self.pattern();
        assert!(!pattern.has_params(), "this page's address has parameters");
        pattern.0
    }
}

/// A parameter of a page's address: the name the patterns above give it (`:slug`), which
/// the page reads back from the router (`use_params_map`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// A post's slug (`/blog/:slug`).
    Slug,
    /// An account's username (`/users/:username`).
    Username,
}

impl Param {
    /// Every parameter a pattern may name.
    pub const ALL: [Param; 2] = [Param::Slug, Param::Username];

    /// The parameter's name in the patterns.
    pub const fn name(self) -> &'static str {
        match self {
            Param::Slug => "slug",
            Param::Username => "username",
        }
    }
}

/// Every address below this page needs a session too, whether a route names it or not (the
/// contract's "`/dashboard…`").
pub const SIGNED_IN_SECTION: Page = Page::Dashboard;

/// A page's address pattern: `/`, or `/`-separated segments, each literal or a `:name`
/// parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pattern(&'static str);

/// One segment of a [`Pattern`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathPart {
    /// A literal (`blog`).
    Static(&'static str),
    /// A parameter, by name (`slug` for `:slug`).
    Param(&'static str),
}

impl Pattern {
    /// The pattern as the router writes it (`/blog/:slug`).
    pub const fn as_str(self) -> &'static str {
        self.0
    }

    /// The segments after the leading `/` (none for `/`).
    pub fn segments(self) -> impl Iterator<Item = PathPart> {
        self.0
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| match s.strip_prefix(':') {
                Some(name) => PathPart::Param(name),
                None => PathPart::Static(s),
            })
    }

    const fn has_params(self) -> bool {
        let bytes = self.0.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b':' {
                return true;
            }
            i += 1;
        }
        false
    }

    /// The address with each parameter replaced by the next of `values`, as given (the
    /// caller encodes them if it must).
    pub fn fill(self, values: &[&str]) -> String {
        let mut values = values.iter();
        let mut href = String::new();
        for segment in self.segments() {
            href.push('/');
            match segment {
                PathPart::Static(s) => href.push_str(s),
                PathPart::Param(_) => href.push_str(values.next().copied().unwrap_or_default()),
            }
        }
        if href.is_empty() {
            href.push('/');
        }
        href
    }
}

/// The built assets (WebAssembly, JavaScript, CSS): every path under this prefix.
pub const ASSETS_PREFIX: &str = "/pkg/";
/// The site's icon.
pub const FAVICON: &str = "/favicon.ico";
/// The health check.
pub const HEALTH: &str = "/healthz";
/// The JSON routes: every path under this prefix.
pub const API_PREFIX: &str = "/api/";
/// The on-demand revalidation route (`crate::api::revalidate`), which takes a bearer token
/// instead of a same-origin check.
pub const REVALIDATE_API: &str = "/api/revalidate";
/// Whether an e-mail is free to sign up with (the sign-up form asks it).
pub const EMAIL_AVAILABLE_API: &str = "/api/email-available";
/// The signed-in user.
pub const ME_API: &str = "/api/me";
/// Every user, for admins.
pub const ADMIN_USERS_API: &str = "/api/admin/users";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_well_formed_and_distinct() {
        let mut seen = std::collections::BTreeSet::new();
        for page in Page::ALL {
            let pattern = page.pattern().as_str();
            assert!(pattern.starts_with('/'), "{pattern}");
            assert!(pattern == "/" || !pattern.ends_with('/'), "{pattern}");
            assert!(!pattern.contains("//"), "{pattern}");
            assert!(seen.insert(pattern), "{pattern} twice");
        }
    }

    #[test]
    fn every_parameter_a_pattern_names_is_a_param() {
        let known: Vec<&str> = Param::ALL.iter().map(|p| p.name()).collect();
        let mut used = std::collections::BTreeSet::new();
        for page in Page::ALL {
            for part in page.pattern().segments() {
                if let PathPart::Param(name) = part {
                    assert!(known.contains(&name), "{name} in {:?}", page.pattern());
                    used.insert(name);
                }
            }
        }
        assert_eq!(used.len(), known.len(), "a Param no pattern names");
    }

    #[test]
    fn addresses_are_built_from_the_patterns() {
        assert_eq!(Page::Home.href(), "/");
        assert_eq!(Page::Sessions.href(), "/dashboard/sessions");
        assert_eq!(Page::EditPost.pattern().fill(&["x"]), "/blog/x/edit");
        assert_eq!(Page::Home.pattern().fill(&[]), "/");
    }

    #[test]
    fn the_api_routes_are_under_its_prefix() {
        for path in [REVALIDATE_API, EMAIL_AVAILABLE_API, ME_API, ADMIN_USERS_API] {
            assert!(path.starts_with(API_PREFIX), "{path}");
        }
    }
}
