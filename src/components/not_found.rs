//! "404 - Page Not Found", for unknown paths and unknown posts. Rendered on the server it
//! also sets the response status to 404.

use leptos::prelude::*;
use leptos_meta::Title;

use super::status;

/// The not-found page body.
#[component]
pub fn NotFound() -> impl IntoView {
    status::set_not_found();
    view! {
        <Title text="404 - Page Not Found"/>
        <section class="not-found">
            <h1>"404 - Page Not Found"</h1>
            <p>"There is nothing at this address. It may have been moved or deleted."</p>
            <p><a href=crate::paths::Page::Posts.href()>"Browse all posts"</a></p>
        </section>
    }
}
