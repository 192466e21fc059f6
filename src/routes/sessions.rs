//! `/dashboard/sessions`: "Devices": every live session with its browser, when it signed
//! in and was last active, "This device" for the current one, "Log out" per other row, and
//! "Log out of all other devices".

use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;

use crate::{
    actions::sessions::{devices, RevokeDevice, RevokeOtherDevices},
    components::post_list::date_label,
    routes::dashboard::SignedOut,
};

/// The devices page.
#[component]
pub fn SessionsPage() -> impl IntoView {
    let revoke = ServerAction::<RevokeDevice>::new();
    let revoke_others = ServerAction::<RevokeOtherDevices>::new();
    let list = Resource::new(
        move || (revoke.version().get(), revoke_others.version().get()),
        |_| devices(),
    );
    view! {
        <Title text="Devices"/>
        <h1>"Devices"</h1>
        <Transition fallback=|| view! { <p aria-busy="true">"Loading…"</p> }>
            {move || Suspend::new(async move {
                // Failing means signed out (see `devices`); shown as a value, not
                // thrown, for the reason in `components::segment_error`.
                let Ok(devices) = list.await else {
                    return view! { <SignedOut/> }.into_any();
                };
                view! {
                    <ul class="devices" aria-label="Devices">
                        {devices
                            .into_iter()
                            .map(|d| {
                                let this = d.this_device;
                                view! {
                                    <li>
                                        <strong>{d.browser}</strong>
                                        {this.then_some(view! { " · " <em>"This device"</em> })}
                                        <br/>
                                        {format!(
                                            "Signed in {} · Last active {}",
                                            date_label(&d.signed_in_at),
                                            d.last_active_at.format("%b %-d, %Y %H:%M UTC"),
                                        )}
                                        {(!this).then(|| view! {
                                            <ActionForm action=revoke>
                                                <input type="hidden" name="handle" value=d.handle.clone()/>
                                                <button type="submit">"Log out"</button>
                                            </ActionForm>
                                        })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <ActionForm action=revoke_others>
                        <button type="submit">"Log out of all other devices"</button>
                    </ActionForm>
                }
                .into_any()
            })}
        </Transition>
    }
}
