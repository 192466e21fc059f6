//! An island: the "Devices" list, each live session with its browser, when it signed in
//! and was last active, "This device" for the current one and "Log out" for the others,
//! and "Log out of all other devices". With JavaScript a log-out updates the list in place;
//! without, each is a form that posts and comes back to this page.

use leptos::{form::ActionForm, prelude::*};

use super::forms::{form_error, leave_when_signed_out};
use crate::{
    actions::sessions::{RevokeDevice, RevokeOtherDevices},
    dal::dto::DeviceDto,
    error::AppError,
};

/// The list, starting from `devices`; `refused` is a refusal the page was rendered with.
// Lazy (its own WebAssembly chunk) in split builds; see `split-islands` in Cargo.toml.
#[cfg_attr(feature = "split-islands", island(lazy))]
#[cfg_attr(not(feature = "split-islands"), island)]
pub fn DeviceList(devices: Vec<DeviceDto>, refused: Option<AppError>) -> impl IntoView {
    super::mark_hydrated();
    let revoke = ServerAction::<RevokeDevice>::new();
    let revoke_others = ServerAction::<RevokeOtherDevices>::new();
    let one = form_error(revoke, refused);
    let others = form_error(revoke_others, None);
    let error = Memo::new(move |_| one.get().or_else(|| others.get()));
    leave_when_signed_out(move || error.get());
    let list = RwSignal::new(devices);
    // After a log-out went through, show the sessions as the database has them now.
    Effect::watch(
        move || (revoke.version().get(), revoke_others.version().get()),
        move |_, _, _| {
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = crate::actions::sessions::devices().await {
                    list.set(fresh);
                }
            });
        },
        false,
    );
    view! {
        <p class="form-error" role="alert">{move || error.get().map(|e| e.message)}</p>
        <ul class="devices" aria-label="Devices">
            <For each=move || list.get() key=|d| d.handle.clone() let:device>
                <li>
                    <strong>{device.browser.clone()}</strong>
                    {device.this_device.then_some(view! { " · " <em>"This device"</em> })}
                    <br/>
                    {format!("Signed in {} · Last active {}", device.signed_in, device.last_active)}
                    {(!device.this_device).then(|| view! {
                        <ActionForm action=revoke>
                            <input type="hidden" name="handle" value=device.handle.clone()/>
                            <button type="submit">"Log out"</button>
                        </ActionForm>
                    })}
                </li>
            </For>
        </ul>
        <ActionForm action=revoke_others>
            <button type="submit">"Log out of all other devices"</button>
        </ActionForm>
    }
}
