//! `/users/:username`: name and username for everyone; email and phone only for the user,
//! admins, and members of the same team. Unknown usernames are 404.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{actions::users::profile, components::not_found::NotFound};

/// The profile page.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let params = use_params_map();
    let username = move || params.read().get("username").unwrap_or_default();
    let found = Resource::new(username, profile);
    view! {
        <Suspense fallback=|| view! { <p aria-busy="true">"Loading…"</p> }>
            {move || Suspend::new(async move {
                found.await.map(|p| match p {
                    None => view! { <NotFound/> }.into_any(),
                    Some(p) => view! {
                        <Title text=p.name.clone()/>
                        <article class="profile">
                            <h1>{p.name.clone()}</h1>
                            <p>"@" {p.username.clone()}</p>
                            <dl>
                                {p.team.clone().map(|t| view! { <dt>"Team"</dt><dd>{t}</dd> })}
                                {p.email.clone().map(|e| view! { <dt>"Email"</dt><dd>{e}</dd> })}
                                {p.phone.clone().map(|ph| view! { <dt>"Phone"</dt><dd>{ph}</dd> })}
                            </dl>
                        </article>
                    }
                    .into_any(),
                })
            })}
        </Suspense>
    }
}
