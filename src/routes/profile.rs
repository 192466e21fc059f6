//! `/users/:username`: name and username for everyone; email, team and phone only for the
//! user, admins, and members of the same team. Unknown usernames are 404.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::segment::Segment;
use crate::{
    actions::users::profile,
    components::{not_found::NotFound, segment_error::segment},
    error::ErrorCode,
};

/// The profile page.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let username = super::route_param(crate::paths::Param::Username);
    let found = Resource::new(username, profile);
    view! {
        <Suspense fallback=|| view! { <p aria-busy="true">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) if error.code == ErrorCode::NotFound => view! { <NotFound/> }.into_any(),
                    result => segment(Segment::Profile, result, |p| view! {
                        <Title text=p.name.clone()/>
                        <article class="profile">
                            <h1>{p.name.clone()}</h1>
                            <p>"@" {p.username.clone()}</p>
                            {p.contact.map(|c| view! {
                                <dl>
                                    <dt>"Email"</dt><dd>{c.email}</dd>
                                    {c.team.map(|t| view! { <dt>"Team"</dt><dd>{t}</dd> })}
                                    {c.phone.map(|ph| view! { <dt>"Phone"</dt><dd>{ph}</dd> })}
                                </dl>
                            })}
                        </article>
                    }),
                }
            })}
        </Suspense>
    }
}
