//! The site navigation (the signed-out variant until accounts exist).

use leptos::prelude::*;
use leptos_router::components::A;

/// Top navigation: brand, "Posts", "Log In", "Sign Up".
#[component]
pub fn Nav() -> impl IntoView {
    view! {
        <header class="site-header">
            <nav aria-label="Main">
                <a class="brand" href="/">"Quire"</a>
                <ul>
                    <li><A href="/posts">"Posts"</A></li>
                    <li><a href="/login">"Log In"</a></li>
                    <li><a class="button" href="/signup">"Sign Up"</a></li>
                </ul>
            </nav>
        </header>
    }
}
