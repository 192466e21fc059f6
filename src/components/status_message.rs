//! The status message an action ends with ("Post published.", "You have been logged out."):
//! the confirmation the last form left (see `crate::flash`), shown once at the top of the
//! next page, with JavaScript and without. "Dismiss" is a link to the same page, which
//! comes back without it (a confirmation is shown once), so it needs no script either.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The page's status message, if the request carried one.
#[component]
pub fn StatusMessage() -> impl IntoView {
    let location = use_location();
    crate::flash::take_notice().map(|message| {
        let here = same_page(
            &location.pathname.get_untracked(),
            &location.search.get_untracked(),
        );
        view! {
            <div class="status" role="status">
                <p>{message}</p>
                <a href=here>"Dismiss"</a>
            </div>
        }
    })
}

/// A link to the page at `path` with `query`: always on this site (a path beginning `//`
/// would leave it, so it becomes the home page).
fn same_page(path: &str, query: &str) -> String {
    let path = if path.starts_with('/') && !path.starts_with("//") {
        path
    } else {
        crate::paths::Page::Home.href()
    };
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

#[cfg(test)]
mod tests {
    use super::same_page;

    #[test]
    fn dismiss_links_stay_on_the_same_page_of_this_site() {
        assert_eq!(same_page("/posts", "page=2"), "/posts?page=2");
        assert_eq!(same_page("/settings", ""), "/settings");
        assert_eq!(same_page("//evil.example/x", ""), "/");
        assert_eq!(same_page("https://evil.example", "a=b"), "/?a=b");
    }
}
