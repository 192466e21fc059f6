//! An island: the admin's "Users" table (name, email, role, team) with a role change per
//! user. With JavaScript a change shows in the table at once (the table reloads its rows);
//! without, the form posts and the dashboard comes back. A refused change (the last admin)
//! is said above the table.

use leptos::{form::ActionForm, prelude::*};

use super::forms::{form_error, leave_when_signed_out};
use crate::ids::UserId;
use crate::{
    actions::dashboard::{admin_users, ChangeRole},
    dal::dto::{AdminUserRow, Role},
    error::AppError,
};

/// The table of `rows`; `me` is the viewing admin's id, `refused` a refusal the page was
/// rendered with (a plain form post).
// Lazy (its own WebAssembly chunk) in split builds; see `split-islands` in Cargo.toml.
#[cfg_attr(feature = "split-islands", island(lazy))]
#[cfg_attr(not(feature = "split-islands"), island)]
pub fn UsersTable(rows: Vec<AdminUserRow>, me: UserId, refused: Option<AppError>) -> impl IntoView {
    super::mark_hydrated();
    let change = ServerAction::<ChangeRole>::new();
    let error = form_error(change, refused);
    leave_when_signed_out(move || error.get());
    let rows = RwSignal::new(rows);
    // After a change went through, show the roles as the database has them now.
    Effect::watch(
        move || change.version().get(),
        move |_, _, _| {
            if matches!(change.value().get_untracked(), Some(Ok(()))) {
                leptos::task::spawn_local(async move {
                    if let Ok(fresh) = admin_users().await {
                        rows.set(fresh);
                    }
                });
            }
        },
        false,
    );
    view! {
        <p class="form-error" role="alert">{move || error.get().map(|e| e.message)}</p>
        <table aria-labelledby="users-heading">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Team"</th>
                    <th scope="col">"Change role"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || rows.get() key=|row| (row.id, row.role) let:row>
                    <UserRow row change me/>
                </For>
            </tbody>
        </table>
    }
}

#[component]
fn UserRow(row: AdminUserRow, change: ServerAction<ChangeRole>, me: UserId) -> impl IntoView {
    let other = match row.role {
        Role::Admin => Role::User,
        Role::User => Role::Admin,
    };
    let label = match other {
        Role::Admin => format!("Make {} an admin", row.name),
        Role::User => format!("Make {} a user", row.name),
    };
    let you = (row.id == me).then_some(" (you)");
    view! {
        <tr>
            <td><a href=crate::paths::profile_href(&row.username)>{row.name.clone()}</a>{you}</td>
            <td>{row.email}</td>
            <td>{row.role.as_str()}</td>
            <td>{row.team.unwrap_or_default()}</td>
            <td>
                <ActionForm action=change>
                    <input type="hidden" name="user_id" value=row.id.0/>
                    <input type="hidden" name="role" value=other.as_str()/>
                    <button type="submit">{label}</button>
                </ActionForm>
            </td>
        </tr>
    }
}
