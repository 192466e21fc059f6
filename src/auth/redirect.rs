//! Where to go after logging in: `?next=` only when it is a local path, so the log-in page
//! cannot be used to send people to another site.

/// `next` when it is a local path (`/…`, not `//…` or `/\…`), else `/dashboard`.
pub fn local_or_dashboard(next: &str) -> String {
    if is_local_path(next) {
        next.to_string()
    } else {
        crate::paths::Page::Dashboard.href().to_string()
    }
}

/// Whether `path` stays on this site.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control() || c == '\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_or_dashboard("/posts/new"), "/posts/new");
        assert_eq!(
            local_or_dashboard("/dashboard/sessions?x=1"),
            "/dashboard/sessions?x=1"
        );
        for foreign in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "evil",
        ] {
            assert_eq!(local_or_dashboard(foreign), "/dashboard", "{foreign}");
        }
    }
}
