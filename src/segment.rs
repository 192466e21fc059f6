//! The parts of pages that load their own data and fail on their own: each is an error
//! boundary with its own "Try again" (`components::segment_error`), and a test can make
//! its data fail (`test_hooks::fault`). The name marks the segment in the page
//! (`data-segment`), where "Try again" finds it again in a fresh render.

/// A page segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment {
    /// The `/posts` list.
    Posts,
    /// The home page's latest posts.
    Latest,
    /// A post page's body.
    Post,
    /// The edit form of a post.
    EditPost,
    /// A profile.
    Profile,
    /// The dashboard's "Your posts" panel.
    MyPosts,
    /// The dashboard's "Users" panel.
    Users,
    /// The devices list.
    Devices,
    /// The settings forms.
    Settings,
}

impl Segment {
    /// Every segment.
    pub const ALL: [Segment; 9] = [
        Segment::Posts,
        Segment::Latest,
        Segment::Post,
        Segment::EditPost,
        Segment::Profile,
        Segment::MyPosts,
        Segment::Users,
        Segment::Devices,
        Segment::Settings,
    ];

    /// Its name in the page (`data-segment`) and in the test hooks' fault cookie.
    pub const fn name(self) -> &'static str {
        match self {
            Segment::Posts => "posts",
            Segment::Latest => "latest",
            Segment::Post => "post",
            Segment::EditPost => "edit",
            Segment::Profile => "profile",
            Segment::MyPosts => "my-posts",
            Segment::Users => "users",
            Segment::Devices => "devices",
            Segment::Settings => "settings",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_have_distinct_names() {
        let names: std::collections::BTreeSet<_> = Segment::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(names.len(), Segment::ALL.len());
    }
}
