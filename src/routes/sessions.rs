//! `/dashboard/sessions`: "Devices": every live session with its browser, when it signed
//! in and was last active, "This device" for the current one, "Log out" per other row, and
//! "Log out of all other devices" (the list is an island: it updates in place).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::segment::Segment;
use crate::{
    actions::sessions::devices, components::segment_error::segment, flash,
    islands::devices::DeviceList,
};

/// The devices page.
#[component]
pub fn SessionsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| devices());
    let refused = flash::take(flash::Form::Devices).map(|f| f.error);
    view! {
        <Title text="Devices"/>
        <h1>"Devices"</h1>
        <Suspense fallback=|| view! { <p aria-busy="true">"Loading…"</p> }>
            {move || {
                let refused = refused.clone();
                Suspend::new(async move {
                    segment(Segment::Devices, list.await, move |devices| {
                                            view! { <DeviceList devices refused/> }
                    })
                })
            }}
        </Suspense>
    }
}
