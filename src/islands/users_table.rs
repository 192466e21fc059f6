//! An island: the admin's "Users" table (name, email, role, team) with a role change per
//! user. A change takes two steps, with JavaScript and without: "Make Bob an admin" asks
//! "Make Bob an admin?" with "Yes, change role" / "Cancel". With JavaScript the question
//! opens in the row, the change shows in the table at once (the table reloads its rows)
//! and "Role changed to {role}." above it; without, the first step is a link to the
//! dashboard with that row's question open (`paths::confirm_role_href`), and the form posts
//! and the dashboard comes back saying the same. A refused change is said above the table.
//! The only admin is not offered their own demotion (the server refuses it anyway).

use leptos::{form::ActionForm, prelude::*};

use super::forms::{form_error, leave_when_signed_out, CancelLink, StatusLine};
use crate::ids::UserId;
use crate::{
    actions::dashboard::{admin_users, ChangeRole},
    dal::dto::{AdminUserRow, Role},
    error::AppError,
};

/// The table of `rows`; `me` is the viewing admin's id, `refused` a refusal the page was
/// rendered with (a plain form post), `asking` the row whose question the page was asked
/// to open.
// Lazy (its own WebAssembly chunk) in split builds; see `split-islands` in Cargo.toml.
#[cfg_attr(feature = "split-islands", island(lazy))]
#[cfg_attr(not(feature = "split-islands"), island)]
pub fn UsersTable(
    rows: Vec<AdminUserRow>,
    me: UserId,
    refused: Option<AppError>,
    asking: Option<UserId>,
) -> impl IntoView {
    super::mark_hydrated();
    let change = ServerAction::<ChangeRole>::new();
    let error = form_error(change, refused);
    leave_when_signed_out(move || error.get());
    let rows = RwSignal::new(rows);
    let done = RwSignal::new(None);
    let asking = RwSignal::new(asking);
    refresh_after_change(change, rows, done, asking);
    let sole_admin = Memo::new(move |_| {
        let rows = rows.read();
        rows.iter().filter(|row| row.role == Role::Admin).count() == 1
    });
    let table = Table {
        change,
        me,
        asking,
        sole_admin,
    };
    view! {
        <StatusLine message=done/>
        <p class="form-error" role="alert">{move || error.get().map(|e| e.message)}</p>
        <table aria-labelledby="users-heading" class="stacks">
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
                    <UserRow row table/>
                </For>
            </tbody>
        </table>
    }
}

/// After a change went through: closes its question, says so, and shows the roles as the
/// database has them now.
fn refresh_after_change(
    change: ServerAction<ChangeRole>,
    rows: RwSignal<Vec<AdminUserRow>>,
    done: RwSignal<Option<String>>,
    asking: RwSignal<Option<UserId>>,
) {
    Effect::watch(
        move || change.version().get(),
        move |_, _, _| {
            done.set(None);
            if let Some(Ok(role)) = change.value().get_untracked() {
                asking.set(None);
                done.set(Some(crate::validation::role_changed(role)));
                leptos::task::spawn_local(async move {
                    if let Ok(fresh) = admin_users().await {
                        rows.set(fresh);
                    }
                });
            }
        },
        false,
    );
}

/// What every row shares.
#[derive(Clone, Copy)]
struct Table {
    change: ServerAction<ChangeRole>,
    /// The viewing admin.
    me: UserId,
    /// The row whose question is open, if any.
    asking: RwSignal<Option<UserId>>,
    /// Whether there is one admin only.
    sole_admin: Memo<bool>,
}

#[component]
fn UserRow(row: AdminUserRow, table: Table) -> impl IntoView {
    let Table {
        change,
        me,
        asking,
        sole_admin,
    } = table;
    let other = match row.role {
        Role::Admin => Role::User,
        Role::User => Role::Admin,
    };
    let label = match other {
        Role::Admin => format!("Make {} an admin", row.name),
        Role::User => format!("Make {} a user", row.name),
    };
    let you = (row.id == me).then_some(" (you)");
    let id = row.id;
    // The only admin demoting themself would leave the site without one.
    let offered = move || !(id == me && row.role == Role::Admin && sole_admin.get());
    let open = move || asking.get() == Some(id);
    let ask = crate::paths::confirm_role_href(id);
    // Stored, so the question can be made again each time it opens (a `Copy` handle).
    let question = StoredValue::new(format!("{label}?"));
    view! {
        <tr id=crate::paths::user_row_id(id)>
            <td data-label="Name"><a href=crate::paths::profile_href(&row.username)>{row.name.clone()}</a>{you}</td>
            <td data-label="Email">{row.email}</td>
            <td data-label="Role">{row.role.as_str()}</td>
            <td data-label="Team">{row.team.unwrap_or_default()}</td>
            <td data-label="Change role">
                <Show when=offered fallback=|| "The only admin">
                    <Show
                        when=open
                        fallback={
                            let (ask, label) = (ask.clone(), label.clone());
                            move || view! {
                                <a class="button secondary" href=ask.clone() on:click=move |ev| {
                                    ev.prevent_default();
                                    asking.set(Some(id));
                                }>{label.clone()}</a>
                            }
                        }
                    >
                        <RoleQuestion id other question=question.get_value() change asking/>
                    </Show>
                </Show>
            </td>
        </tr>
    }
}

/// The second step of a role change: "Make Bob Marley an admin?", "Yes, change role",
/// "Cancel".
#[component]
fn RoleQuestion(
    id: UserId,
    other: Role,
    question: String,
    change: ServerAction<ChangeRole>,
    asking: RwSignal<Option<UserId>>,
) -> impl IntoView {
    view! {
        <div class="confirm">
            <ActionForm action=change>
                <p>{question}</p>
                <input type="hidden" name="user_id" value=id.0/>
                <input type="hidden" name="role" value=other.as_str()/>
                <button type="submit" disabled=move || change.pending().get()>
                    "Yes, change role"
                </button>
                <CancelLink
                    href=crate::paths::Page::Dashboard.href().to_string()
                    close=move || asking.set(None)
                />
            </ActionForm>
        </div>
    }
}
