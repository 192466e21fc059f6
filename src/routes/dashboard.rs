//! `/dashboard`: "Welcome, {name}". Users see "Your posts" with like counts; admins also
//! see the "Users" table with a role change per user. Each panel is its own segment: it
//! streams when its data arrives and fails alone.

use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;

use crate::{
    actions::{
        dashboard::{admin_users, my_posts, ChangeRole},
        users::whoami,
    },
    components::{
        post_list::{likes_label, PostListSkeleton},
        segment_error::SegmentError,
    },
    dal::dto::{AdminUserRow, UserDto},
};

/// The dashboard page.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    // Taken here, before anything suspends, so deleting the flash cookie makes the headers.
    provide_context(RoleRefusal(crate::components::flash::take::<String>(
        "role",
    )));
    view! {
        <Title text="Dashboard"/>
        <Suspense fallback=|| view! { <p aria-busy="true">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(user)) => view! { <Dashboard user/> }.into_any(),
                    _ => view! { <SignedOut/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A role change refused during a no-JavaScript post, shown once.
#[derive(Clone)]
struct RoleRefusal(Option<String>);

/// Shown when the cookie outlived its session (revoked or expired).
#[component]
pub fn SignedOut() -> impl IntoView {
    view! {
        <section>
            <h1>"You are signed out"</h1>
            <p>"Your session has ended. " <a href="/login">"Log in"</a> " to continue."</p>
        </section>
    }
}

#[component]
fn Dashboard(user: UserDto) -> impl IntoView {
    let is_admin = user.role == "admin";
    view! {
        <h1>{format!("Welcome, {}", user.name)}</h1>
        <p><a href="/dashboard/sessions">"Devices you are signed in on"</a></p>
        <YourPosts/>
        {is_admin.then(|| view! { <UsersPanel me=user.id/> })}
    }
}

#[component]
fn YourPosts() -> impl IntoView {
    let posts = Resource::new(|| (), |_| my_posts());
    view! {
        <section aria-labelledby="your-posts">
            <h2 id="your-posts">"Your posts"</h2>
            <ErrorBoundary fallback=move |errors| view! { <SegmentError errors retry=move |_| posts.refetch()/> }>
                <Suspense fallback=|| view! { <PostListSkeleton rows=3/> }>
                    {move || Suspend::new(async move {
                        posts.await.map(|posts| {
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
                        })
                    })}
                </Suspense>
            </ErrorBoundary>
        </section>
    }
}

#[component]
fn UsersPanel(me: i32) -> impl IntoView {
    let change = ServerAction::<ChangeRole>::new();
    let users = Resource::new(move || change.version().get(), |_| admin_users());
    let flashed = use_context::<RoleRefusal>().and_then(|r| r.0);
    let refused = move || match change.value().get() {
        Some(result) => result.ok().flatten(),
        None => flashed.clone(),
    };
    view! {
        <section aria-labelledby="users-heading">
            <h2 id="users-heading">"Users"</h2>
            <p class="form-error" role="alert">{refused}</p>
            <ErrorBoundary fallback=move |errors| view! { <SegmentError errors retry=move |_| users.refetch()/> }>
                <Transition fallback=|| view! { <PostListSkeleton rows=3/> }>
                    {move || Suspend::new(async move {
                        users.await.map(|rows| view! {
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
                        })
                    })}
                </Transition>
            </ErrorBoundary>
        </section>
    }
}

#[component]
fn UserRow(row: AdminUserRow, change: ServerAction<ChangeRole>, me: i32) -> impl IntoView {
    let other = if row.role == "admin" { "user" } else { "admin" };
    let label = if other == "admin" {
        format!("Make {} an admin", row.name)
    } else {
        format!("Make {} a user", row.name)
    };
    let you = (row.id == me).then_some(" (you)");
    view! {
        <tr>
            <td><a href=format!("/users/{}", row.username)>{row.name.clone()}</a>{you}</td>
            <td>{row.email}</td>
            <td>{row.role.clone()}</td>
            <td>{row.team.unwrap_or_default()}</td>
            <td>
                <ActionForm action=change>
                    <input type="hidden" name="user_id" value=row.id/>
                    <input type="hidden" name="role" value=other/>
                    <button type="submit" aria-label=label>{format!("Make {other}")}</button>
                </ActionForm>
            </td>
        </tr>
    }
}
