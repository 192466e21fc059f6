//! The site navigation. Signed out: "Posts", "Log In", "Sign Up". Signed in: "Posts",
//! "New Post", "Dashboard", the user's name, "Settings", and a "Log Out" button (a form POST, so it
//! works without JavaScript). Who is signed in is asked again on every navigation, so
//! logging in or out shows at once.

use leptos::{form::ActionForm, prelude::*};
use leptos_router::{components::A, hooks::use_location};

use crate::{
    actions::{auth::Logout, users::whoami},
    paths::{profile_href, Page},
};

/// Top navigation.
#[component]
pub fn Nav() -> impl IntoView {
    let location = use_location();
    let logout = ServerAction::<Logout>::new();
    let me = Resource::new(
        move || (location.pathname.get(), logout.version().get()),
        |_| whoami(),
    );

    view! {
        <header class="site-header">
            <nav aria-label="Main">
                <a class="brand" href=Page::Home.href()>"Quire"</a>
                <ul>
                    <li><A href=Page::Posts.href()>"Posts"</A></li>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            match me.await.ok().flatten() {
                                Some(user) => view! {
                                    <li><a href=Page::NewPost.href()>"New Post"</a></li>
                                    <li><A href=Page::Dashboard.href()>"Dashboard"</A></li>
                                    <li><a href=profile_href(&user.username)>{user.name}</a></li>
                                    <li><A href=Page::Settings.href()>"Settings"</A></li>
                                    <li>
                                        <ActionForm action=logout>
                                            <button type="submit" class="link-button">"Log Out"</button>
                                        </ActionForm>
                                    </li>
                                }
                                .into_any(),
                                None => view! {
                                    <li><a href=Page::Login.href()>"Log In"</a></li>
                                    <li><a class="button" href=Page::Signup.href()>"Sign Up"</a></li>
                                }
                                .into_any(),
                            }
                        })}
                    </Transition>
                </ul>
            </nav>
        </header>
    }
}
