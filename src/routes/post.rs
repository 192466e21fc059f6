//! `/blog/:slug`: one post with its author and like count; signed-in viewers get the
//! "Like"/"Unlike" toggle, its author and admins "Edit" and "Delete"; an edited post says
//! when ("Edited {date}"). Rendered whole once the post is known (see `app::App`), so the
//! title is in the head and an unknown slug answers with a real 404 status.

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::{Meta, Title};

use crate::segment::Segment;
use crate::{
    actions::posts::{get_post, post_viewer, DeletePost, ViewerRights},
    components::{not_found::NotFound, post_list::date_label, segment_error::segment},
    dal::dto::PostDetail,
    error::{AppError, ErrorCode},
    flash,
    islands::{delete_post::DeleteButton, likes::Likes},
};

/// The post page.
#[component]
pub fn PostPage() -> impl IntoView {
    let slug = super::route_param(crate::paths::Param::Slug);
    // Blocking: the response waits for the post before its headers leave, and the status
    // is set as soon as the post is known missing, so an unknown slug answers 404 while
    // the route streams in order.
    let post = Resource::new_blocking(slug, |slug| async move {
        let found = get_post(slug).await;
        crate::components::status::set_refusal_status(&found);
        found
    });
    // What this viewer may do is asked apart from the post itself: the post is cached for
    // everyone, the viewer's rights never are.
    let viewer = Resource::new(slug, post_viewer);
    // Taken before anything suspends, so deleting the flash cookie makes the headers.
    let refused_delete = flash::take(flash::Form::DeletePost).map(|f| f.error);

    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match post.await {
                    Ok(post) => {
                        let summary: String = post.content.chars().take(150).collect();
                        view! { <Title text=post.title/><Meta name="description" content=summary/> }.into_any()
                    }
                    Err(error) if error.code == ErrorCode::NotFound => {
                        view! { <Title text="404 - Page Not Found"/> }.into_any()
                    }
                    Err(_) => view! { <Title text="Something went wrong"/> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=|| view! { <p aria-busy="true">"Loading…"</p> }>
            {move || {
                let refused_delete = refused_delete.clone();
                Suspend::new(async move {
                    let (found, viewer) = (post.await, viewer.await);
                    // Rights are an extra: if they cannot be read, show the post without them.
                    let viewer = viewer.ok().flatten();
                    match found {
                        Err(error) if error.code == ErrorCode::NotFound => {
                            view! { <NotFound/> }.into_any()
                        }
                        found => segment(Segment::Post, found, |post| {
                            view! { <PostBody post viewer refused_delete/> }
                        }),
                    }
                })
            }}
        </Suspense>
    }
}

/// Title, author, date, content as escaped text paragraphs, likes, and the viewer's
/// controls.
#[component]
fn PostBody(
    post: PostDetail,
    viewer: Option<ViewerRights>,
    refused_delete: Option<AppError>,
) -> impl IntoView {
    let paragraphs = post.paragraphs();
    let author_href = crate::paths::profile_href(&post.author_username);
    let can_change = viewer.is_some_and(|v| v.can_change);
    view! {
        <article class="post">
            <header>
                <h1>{post.title.clone()}</h1>
                <p class="post-meta">
                    "By "
                    <a href=author_href rel="author">{post.author_name.clone()}</a>
                    " · "
                    <time datetime=post.created_at.to_rfc3339()>{date_label(&post.created_at)}</time>
                    {post.edited_at.map(|at| view! {
                        " · "
                        <span class="edited">
                            "Edited " <time datetime=at.to_rfc3339()>{date_label(&at)}</time>
                        </span>
                    })}
                </p>
            </header>
            <div class="post-content">
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
            <footer>
                {match viewer {
                    Some(viewer) => {
                        view! { <Likes post_id=post.id count=post.like_count liked=viewer.liked/> }.into_any()
                    }
                    None => view! {
                        <div class="likes"><p>{format!("Total Likes: {}", post.like_count)}</p></div>
                    }
                    .into_any(),
                }}
                {can_change.then(|| {
                    view! {
                        <a class="button" href=crate::paths::edit_post_href(&post.slug)>"Edit"</a>
                        <DeleteButton action=DeletePost::PATH.to_string() post_id=post.id/>
                    }
                })}
                {refused_delete.map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
                <p><a href=crate::paths::Page::Posts.href()>"← All posts"</a></p>
            </footer>
        </article>
    }
}
