//! `/dashboard`: "Welcome, {name}". Users see "Your posts" with like counts; admins also
//! see the "Users" table with a role change per user. Each panel is its own segment: it
//! streams when its data arrives and fails alone.
//!
//! The panels' data is asked for once, at the top: resources made inside a view that is
//! rebuilt as `me` settles would be fetched again each time.

use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;

use crate::{
    actions::{
        dashboard::{admin_users, my_posts, ChangeRole},
        users::whoami,
    },
    components::{
        forms::{form_error, leave_when_signed_out},
        post_list::{likes_label, PostListSkeleton},
        segment_error::segment,
    },
    dal::dto::{AdminUserRow, PostSummary, Role, UserDto},
    error::AppError,
    flash,
};

/// The dashboard page.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    let posts = Resource::new(|| (), |_| my_posts());
    let change = ServerAction::<ChangeRole>::new();
    // Only admins have the Users panel (anyone else would be refused with 403); a role
    // change shows in the table at once.
    let users = Resource::new(
        move || change.version().get(),
        move |_| async move {
            match me.await {
                Ok(Some(user)) if user.role == Role::Admin => admin_users().await.map(Some),
                Ok(_) => Ok(None),
                Err(error) => Err(error),
            }
        },
    );
    // Taken here, before anything suspends, so deleting the flash cookie makes the headers.
    let refused = flash::take("role");
    let carried = flash::carry("role", &refused);
    view! {
        <Title text="Dashboard"/>
        {carried}
        <Suspense fallback=|| view! { <p aria-busy="true">"Loading…"</p> }>
            {move || Suspend::new(async move {
                me.await.map(|user| user.map(|user| view! { <Welcome user/> }))
                    .ok()
                    .flatten()
            })}
        </Suspense>
        <YourPosts posts/>
        <UsersPanel me users change refused=refused.map(|f| f.error)/>
    }
}

#[component]
fn Welcome(user: UserDto) -> impl IntoView {
    view! {
        <h1>{format!("Welcome, {}", user.name)}</h1>
        <p><a href="/dashboard/sessions">"Devices you are signed in on"</a></p>
    }
}

/// A dashboard panel: a region named by its heading.
#[component]
fn Panel(id: &'static str, title: &'static str, children: Children) -> impl IntoView {
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{title}</h2>
            {children()}
        </section>
    }
}

/// "Your posts", for a signed-in viewer.
#[component]
fn YourPosts(posts: Resource<Result<Vec<PostSummary>, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! {
            <Panel id="your-posts" title="Your posts"><PostListSkeleton rows=3/></Panel>
        }>
            {move || Suspend::new(async move {
                let mine = posts.await;
                view! {
                    <Panel id="your-posts" title="Your posts">
                        {segment(mine, move || posts.refetch(), |posts| {
                            if posts.is_empty() {
                                return view! { <p class="empty">"You have not written anything yet."</p> }.into_any();
                            }
                            view! {
                                <ul class="my-posts" aria-label="Your posts">
                                    {posts
                                        .into_iter()
                                        .map(|p| view! {
                                            <li>
                                                <a href=format!("/blog/{}", p.slug)>{p.title}</a>
                                                " · "
                                                <span>{likes_label(p.like_count)}</span>
                                            </li>
                                        })
                                        .collect_view()}
                                </ul>
                            }
                            .into_any()
                        })}
                    </Panel>
                }
                .into_any()
            })}
        </Suspense>
    }
}

/// The admin's "Users" table with a role change per user; nothing for anyone else.
#[component]
fn UsersPanel(
    me: Resource<Result<Option<UserDto>, AppError>>,
    users: Resource<Result<Option<Vec<AdminUserRow>>, AppError>>,
    change: ServerAction<ChangeRole>,
    /// A role change refused during a no-JavaScript post, shown once.
    refused: Option<AppError>,
) -> impl IntoView {
    let error = form_error(change, refused);
    leave_when_signed_out(move || error.get());
    let refused = move || error.get().map(|e| e.message);
    view! {
        <Transition fallback=|| ()>
            {move || {
                Suspend::new(async move {
                    let (me, rows) = (me.await, users.await);
                    let me = me.ok().flatten().map(|u| u.id).unwrap_or_default();
                    let rows = match rows {
                        Ok(None) => return ().into_any(),
                        result => result.map(Option::unwrap_or_default),
                    };
                    view! {
                        <Panel id="users-heading" title="Users">
                            <p class="form-error" role="alert">{refused}</p>
                            {segment(rows, move || users.refetch(), |rows| view! {
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
                                        {rows.into_iter().map(|row| view! { <UserRow row change me/> }).collect_view()}
                                    </tbody>
                                </table>
                            })}
                        </Panel>
                    }
                    .into_any()
                })
            }}
        </Transition>
    }
}

#[component]
fn UserRow(row: AdminUserRow, change: ServerAction<ChangeRole>, me: i32) -> impl IntoView {
    let other = match row.role {
        Role::Admin => Role::User,
        Role::User => Role::Admin,
    };
    let label = if other == Role::Admin {
        format!("Make {} an admin", row.name)
    } else {
        format!("Make {} a user", row.name)
    };
    let you = (row.id == me).then_some(" (you)");
    view! {
        <tr>
            <td><a href=format!("/users/{}", row.username)>{row.name.clone()}</a>{you}</td>
            <td>{row.email}</td>
            <td>{row.role.as_str()}</td>
            <td>{row.team.unwrap_or_default()}</td>
            <td>
                <ActionForm action=change>
                    <input type="hidden" name="user_id" value=row.id/>
                    <input type="hidden" name="role" value=other.as_str()/>
                    <button type="submit" aria-label=label>{format!("Make {other}")}</button>
                </ActionForm>
            </td>
        </tr>
    }
}
