//! Post lists: the items, the loading skeleton and the "Newer" / "Older" links.

use leptos::prelude::*;

use crate::dal::dto::PostSummary;

/// "N likes", in words a reader expects.
pub fn likes_label(count: i32) -> String {
    if count == 1 {
        "1 like".to_string()
    } else {
        format!("{count} likes")
    }
}

/// A date as readers write it, e.g. "Nov 27, 2026".
pub fn date_label(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.format("%b %-d, %Y").to_string()
}

/// A list of posts: title linking to the post, author, likes, date.
#[component]
pub fn PostList(posts: Vec<PostSummary>, #[prop(into)] empty: String) -> impl IntoView {
    if posts.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <ol class="post-list" aria-label="Posts">
            {posts
                .into_iter()
                .map(|post| {
                    let href = crate::paths::post_href(&post.slug);
                    view! {
                        <li class="post-item">
                            <article>
                                <h2 class="post-title"><a href=href>{post.title}</a></h2>
                                <p class="post-meta">
                                    <span class="author">{post.author_name}</span>
                                    " · "
                                    <span class="likes">{likes_label(post.like_count)}</span>
                                    " · "
                                    <time datetime=post.created_at.to_rfc3339()>
                                        {date_label(&post.created_at)}
                                    </time>
                                </p>
                            </article>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// Grey placeholder rows shown while a list loads.
#[component]
pub fn PostListSkeleton(rows: usize) -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true" aria-live="polite">
            <span class="visually-hidden">"Loading posts…"</span>
            {(0..rows)
                .map(|_| {
                    view! {
                        <div class="skeleton-row" aria-hidden="true">
                            <div class="skeleton-line wide"></div>
                            <div class="skeleton-line"></div>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// "Newer" and "Older" links around the current page.
#[component]
pub fn Pager(page: u64, has_older: bool, query: String) -> impl IntoView {
    let newer = (page > 1).then(|| crate::paths::posts_href(page - 1, &query));
    let older = has_older.then(|| crate::paths::posts_href(page + 1, &query));
    view! {
        <nav class="pager" aria-label="Pages">
            {newer.map(|href| view! { <a rel="prev" href=href>"Newer"</a> })}
            <span class="page-number">{format!("Page {page}")}</span>
            {older.map(|href| view! { <a rel="next" href=href>"Older"</a> })}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likes_are_counted_in_words() {
        assert_eq!(likes_label(0), "0 likes");
        assert_eq!(likes_label(1), "1 like");
        assert_eq!(likes_label(12), "12 likes");
    }
}
