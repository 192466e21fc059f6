//! `/dashboard/sessions`: "Devices": every live session with its browser, when it signed
//! in and was last active, "This device" for the current one, "Log out" per other row, and
//! "Log out of all other devices".

use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;

use crate::{
    actions::sessions::{devices, RevokeDevice, RevokeOtherDevices},
    components::{
        forms::{form_error, leave_when_signed_out},
        post_list::date_label,
        segment_error::segment,
    },
    flash,
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
    let flashed = flash::take("devices");
    let carried = flash::carry("devices", &flashed);
    let flashed = flashed.map(|f| f.error);
    let one = form_error(revoke, flashed.clone());
    let others = form_error(revoke_others, flashed);
    leave_when_signed_out(move || one.get().or_else(|| others.get()));
    let refused = move || one.get().or_else(|| others.get()).map(|e| e.message);
    view! {
        <Title text="Devices"/>
        {carried}
        <h1>"Devices"</h1>
        <p class="form-error" role="alert">{refused}</p>
        <Transition fallback=|| view! { <p aria-busy="true">"Loading…"</p> }>
            {move || Suspend::new(async move {
                segment(list.await, move || list.refetch(), move |devices| view! {
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
                })
            })}
        </Transition>
    }
}
