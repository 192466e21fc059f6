//! Small behaviours shared by the forms.

use leptos::{html::Input, prelude::*};

/// Never keep a password: whenever `failed()` turns true after a submit in the browser,
/// empty `input`. (Without JavaScript the server render never fills it in.)
pub fn empty_after_failure(
    failed: impl Fn() -> bool + Send + Sync + 'static,
    input: NodeRef<Input>,
) {
    Effect::new(move |_| {
        if failed() {
            if let Some(input) = input.get() {
                input.set_value("");
            }
        }
    });
}
