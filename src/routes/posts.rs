//! `/posts`: every post, newest first, 20 a page (`?page=N`), searchable (`?q=`). Streamed
//! in order: head, nav, heading and search leave the server before the posts query has
//! answered; on client-side navigation a skeleton shows until the data arrives.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

use crate::segment::Segment;
use crate::{
    actions::posts::list_posts,
    components::{
        post_list::{Pager, PostList, PostListSkeleton},
        segment_error::segment,
    },
    paths::PostsQuery,
};

/// The posts list page.
#[component]
pub fn PostsPage() -> impl IntoView {
    let query_map = use_query_map();
    // One reading of the query string for the page, its data and the page cache's key.
    let reading = Memo::new(move |_| {
        let query = query_map.read();
        PostsQuery::new(query.get_str("page"), query.get_str("q"))
    });
    // The page cache keeps this page only under the address it read (see there).
    crate::cache::pages::rendered_as(reading.get_untracked().href());
    let search = Memo::new(move |_| reading.get().q);
    let posts = Resource::new(
        move || reading.get(),
        |PostsQuery { page, q }| list_posts(page, q),
    );

    view! {
        <Title text="Posts"/>
        <header class="page-header">
            <h1>"Posts"</h1>
            <Form method="GET" action=crate::paths::Page::Posts.href() attr:role="search" attr:class="search">
                <label for="post-search">"Search posts"</label>
                <input
                    id="post-search"
                    type="search"
                    name="q"
                    maxlength="100"
                    placeholder="Title or text"
                    value=move || search.get()
                />
                <button type="submit">"Search"</button>
            </Form>
        </header>
        // The skeleton goes out with the heading; the stylesheet hides it once the list
        // (streamed in order, in the same response) has arrived after it.
        <div class="loads">
            <PostListSkeleton rows=8/>
            <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                segment(Segment::Posts, posts.await, |page| {
                    let empty = if page.query.is_empty() {
                        "No posts yet.".to_string()
                    } else {
                        format!("No posts match “{}”.", page.query)
                    };
                    view! {
                        <PostList posts=page.posts.clone() empty/>
                        <Pager page=page.page has_older=page.has_older query=page.query.clone()/>
                    }
                })
            })}
            </Suspense>
        </div>
    }
}
