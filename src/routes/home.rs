//! `/`: what Quire is, and the latest posts (streamed in order: the intro reaches the
//! browser before the posts query answers).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::segment::Segment;
use crate::{
    actions::posts::latest_posts,
    components::{
        post_list::{PostList, PostListSkeleton},
        segment_error::segment,
    },
    dal::dto::LATEST_POSTS,
};

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let latest = Resource::new(|| (), |_| latest_posts());

    view! {
        <Title text=""/>
        <section class="intro">
            <h1>"Quire"</h1>
            <p class="lede">
                "A small publishing community: write posts, read what others write, "
                "and like the ones worth keeping."
            </p>
            <p><a class="button" href=crate::paths::Page::Posts.href()>"Browse all posts"</a></p>
        </section>
        <section class="latest" aria-labelledby="latest-heading">
            <h2 id="latest-heading">"Latest posts"</h2>
            <div class="loads">
                <PostListSkeleton rows=LATEST_POSTS as usize/>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        segment(Segment::Latest, latest.await, |posts| {
                            view! { <PostList posts empty="No posts yet."/> }
                        })
                    })}
                </Suspense>
            </div>
        </section>
    }
}
