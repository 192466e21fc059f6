//! `/blog/:slug`: one post with its author and like count. Rendered whole on the server
//! (not streamed) so an unknown slug can answer with a real 404 status.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::{
    actions::posts::get_post,
    components::{not_found::NotFound, post_list::date_label, segment_error::SegmentError},
    dal::dto::PostDetail,
};

/// The post page.
#[component]
pub fn PostPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let post = Resource::new(slug, get_post);

    view! {
        <ErrorBoundary fallback=move |errors| {
            view! { <SegmentError errors retry=move |_| post.refetch()/> }
        }>
            <Suspense fallback=|| view! { <p aria-busy="true">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    post.await.map(|found| match found {
                        Some(post) => view! { <PostBody post/> }.into_any(),
                        None => view! { <NotFound/> }.into_any(),
                    })
                })}
            </Suspense>
        </ErrorBoundary>
    }
}

/// Title, author, date, content as escaped text paragraphs, total likes.
#[component]
fn PostBody(post: PostDetail) -> impl IntoView {
    let paragraphs = post.paragraphs();
    let author_href = format!("/users/{}", post.author_username);
    let summary: String = post.content.chars().take(150).collect();
    view! {
        <Title text=post.title.clone()/>
        <Meta name="description" content=summary/>
        <article class="post">
            <header>
                <h1>{post.title.clone()}</h1>
                <p class="post-meta">
                    "By "
                    <a href=author_href rel="author">{post.author_name.clone()}</a>
                    " · "
                    <time datetime=post.created_at.to_rfc3339()>{date_label(&post.created_at)}</time>
                </p>
            </header>
            <div class="post-content">
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
            <footer>
                <p class="likes">{format!("Total Likes: {}", post.like_count)}</p>
                <p><a href="/posts">"← All posts"</a></p>
            </footer>
        </article>
    }
}
