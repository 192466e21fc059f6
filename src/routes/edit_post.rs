//! `/blog/:slug/edit`: "Title" and "Content" filled with the post, "Save Changes"
//! (disabled, reading "Saving…", while on its way). The create rules and messages; after a
//! refusal the typed values are kept. Its author and admins only: anyone else gets the 403
//! page (the rule is the DAL's, the one deleting follows), an unknown post the 404 page;
//! signed-out visitors never get here (the middleware sends them to log in).

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::segment::Segment;
use crate::{
    actions::posts::{post_for_edit, UpdatePost},
    components::{
        forbidden::Forbidden, not_found::NotFound, post_form::PostFields, segment_error::segment,
        status,
    },
    dal::dto::EditablePost,
    error::{AppError, ErrorCode},
    flash::{self, FormFailure},
    islands::pending_form::PendingForm,
};

/// The edit page.
#[component]
pub fn EditPostPage() -> impl IntoView {
    let slug = super::route_param(crate::paths::Param::Slug);
    // Blocking, so the status (403, 404) is set before the headers leave.
    let post = Resource::new_blocking(slug, |slug| async move {
        let found = post_for_edit(slug).await;
        status::set_refusal_status(&found);
        found
    });
    // A refused save comes back here with its messages and what was typed.
    let flashed = flash::take(flash::Form::EditPost);

    view! {
        <Suspense fallback=|| view! { <p aria-busy="true">"Loading…"</p> }>
            {move || {
                let flashed = flashed.clone();
                Suspend::new(async move {
                    match post.await {
                        Err(error) if error.code == ErrorCode::NotFound => {
                            view! { <NotFound/> }.into_any()
                        }
                        Err(error) if error.code == ErrorCode::Forbidden => {
                            view! { <Forbidden message=error.message/> }.into_any()
                        }
                        found => segment(Segment::EditPost, found, |post| view! { <EditForm post flashed/> }),
                    }
                })
            }}
        </Suspense>
    }
}

/// The form, filled with the post (or with what was typed, after a refusal).
#[component]
fn EditForm(post: EditablePost, flashed: Option<FormFailure>) -> impl IntoView {
    let (title, content) = match &flashed {
        Some(f) => (f.value("title"), f.value("content")),
        None => (post.title.clone(), post.content.clone()),
    };
    let error: Option<AppError> = flashed.map(|f| f.error);
    let back = crate::paths::post_href(&post.slug);
    view! {
        <Title text=format!("Edit: {}", post.title)/>
        <section class="post-form">
            <h1>"Edit Post"</h1>
            <PendingForm action=UpdatePost::PATH.to_string() submit="Save Changes".to_string() pending="Saving…".to_string()>
                <input type="hidden" name="slug" value=post.slug.clone()/>
                <PostFields error title content/>
            </PendingForm>
            <p><a href=back>"Cancel"</a></p>
        </section>
    }
}
