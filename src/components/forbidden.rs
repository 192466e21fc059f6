//! "403 - Forbidden": a signed-in visitor asked for something that is not theirs (another
//! user's post to edit). Rendered on the server it also sets the response status to 403.

use leptos::prelude::*;
use leptos_meta::Title;

use super::status;

/// The forbidden page body, with the reason.
#[component]
pub fn Forbidden(message: String) -> impl IntoView {
    status::set_status(axum::http::StatusCode::FORBIDDEN);
    view! {
        <Title text="403 - Forbidden"/>
        <section class="not-found">
            <h1>"403 - Forbidden"</h1>
            <p>{message}</p>
            <p><a href=crate::paths::Page::Posts.href()>"Browse all posts"</a></p>
        </section>
    }
}
