//! `/settings`: the signed-in user's own account, in three forms. "Profile": "Name" and
//! "Phone" (optional; the team is set by admins only, since it grants visibility), "Save
//! Profile". "Password": "Current password", "New password" (the sign-up rules), "Change
//! Password"; every other device is signed out. "Delete account": "Confirm with your
//! password", "Delete Account". Each form shows its own messages, and its notice once it
//! went through; signed-out visitors never get here (the middleware sends them to log in).

use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::segment::Segment;
use crate::{
    actions::settings::{my_account, ChangePassword, DeleteAccount, SaveProfile},
    components::{
        forms::{field_error, FormMessage, PasswordField, TextField},
        segment_error::segment,
    },
    dal::dto::AccountDto,
    error::AppError,
    flash::{self, Form, FormFailure},
    islands::pending_form::PendingForm,
};

/// What the request carried back for the three forms (see `crate::flash`): a refusal of
/// one, or a confirmation.
#[derive(Clone, Default)]
struct Outcomes {
    profile: Option<FormFailure>,
    password: Option<FormFailure>,
    delete: Option<FormFailure>,
    profile_saved: Option<String>,
    password_changed: Option<String>,
}

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let account = Resource::new_blocking(|| (), |_| my_account());
    let outcomes = Outcomes {
        profile: flash::take(Form::Profile),
        password: flash::take(Form::Password),
        delete: flash::take(Form::DeleteAccount),
        profile_saved: flash::take_notice(Form::Profile),
        password_changed: flash::take_notice(Form::Password),
    };
    view! {
        <Title text="Settings"/>
        <section class="settings">
            <h1>"Settings"</h1>
            <Suspense fallback=|| view! { <p aria-busy="true">"Loading…"</p> }>
                {move || {
                    let outcomes = outcomes.clone();
                    Suspend::new(async move {
                        segment(Segment::Settings, account.await, |account| {
                            view! { <SettingsForms account outcomes/> }
                        })
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn SettingsForms(account: AccountDto, outcomes: Outcomes) -> impl IntoView {
    let profile = outcomes.profile;
    let saved = outcomes.profile_saved;
    view! {
        <p>"Signed in as " <strong>{account.email.clone()}</strong> " (" <a href=crate::paths::profile_href(&account.username)>"your profile"</a> ")."</p>
        <ProfileForm account refused=profile saved/>
        <PasswordForm refused=outcomes.password.map(|f| f.error) changed=outcomes.password_changed/>
        <DeleteAccountForm refused=outcomes.delete.map(|f| f.error)/>
    }
}

/// "Profile": name and phone, filled with what was typed when the form was refused.
#[component]
fn ProfileForm(
    account: AccountDto,
    refused: Option<FormFailure>,
    saved: Option<String>,
) -> impl IntoView {
    let error = refused.as_ref().map(|f| f.error.clone());
    let (name, phone) = match &refused {
        Some(f) => (f.value("name"), f.value("phone")),
        None => (account.name, account.phone.unwrap_or_default()),
    };
    let (name_error, phone_error) = (field_error(&error, "name"), field_error(&error, "phone"));
    view! {
        <section aria-labelledby="settings-profile">
            <h2 id="settings-profile">"Profile"</h2>
            <Notice message=saved/>
            <PendingForm action=SaveProfile::PATH.to_string() submit="Save Profile".to_string() pending="Saving…".to_string()>
                <FormMessage error/>
                <TextField id="settings-name" label="Name" name="name" autocomplete="name" value=name error=name_error/>
                <TextField id="settings-phone" label="Phone" name="phone" kind="tel" autocomplete="tel" value=phone error=phone_error>
                    <p class="hint">"Optional. Only you, your team-mates and admins see it."</p>
                </TextField>
            </PendingForm>
        </section>
    }
}

/// "Password": the current one and a new one; every other device is signed out.
#[component]
fn PasswordForm(refused: Option<AppError>, changed: Option<String>) -> impl IntoView {
    view! {
        <section aria-labelledby="settings-password">
            <h2 id="settings-password">"Password"</h2>
            <Notice message=changed/>
            <PendingForm action=ChangePassword::PATH.to_string() submit="Change Password".to_string() pending="Changing…".to_string()>
                <FormMessage error=refused.clone().filter(|e| e.fields.is_empty())/>
                <PasswordField
                    id="current-password"
                    label="Current password"
                    name="current_password"
                    autocomplete="current-password"
                    messages=messages(&refused, "current_password")
                />
                <PasswordField
                    id="new-password"
                    label="New password"
                    name="new_password"
                    autocomplete="new-password"
                    rules=true
                    messages=messages(&refused, "new_password")
                />
                <p class="hint">"Every other device you are signed in on will be signed out."</p>
            </PendingForm>
        </section>
    }
}

/// "Delete account", confirmed with the password.
#[component]
fn DeleteAccountForm(refused: Option<AppError>) -> impl IntoView {
    view! {
        <section aria-labelledby="settings-delete" class="danger-zone">
            <h2 id="settings-delete">"Delete account"</h2>
            <p>"Your posts, your likes and every session go with it. This cannot be undone."</p>
            <PendingForm action=DeleteAccount::PATH.to_string() submit="Delete Account".to_string() pending="Deleting…".to_string()>
                <FormMessage error=refused.clone().filter(|e| e.fields.is_empty())/>
                <PasswordField
                    id="delete-password"
                    label="Confirm with your password"
                    name="password"
                    autocomplete="current-password"
                    messages=messages(&refused, "password")
                />
            </PendingForm>
        </section>
    }
}

/// `field`'s messages in `error`, if any.
fn messages(error: &Option<AppError>, field: &str) -> Vec<String> {
    error
        .as_ref()
        .map(|e| e.fields.all(field))
        .unwrap_or_default()
}

/// A form's confirmation ("Profile saved."), announced politely.
#[component]
fn Notice(message: Option<String>) -> impl IntoView {
    message.map(|m| view! { <p class="form-notice" role="status">{m}</p> })
}
