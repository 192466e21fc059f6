//! `/dashboard`: "Welcome, {name}". Users see "Your posts" with like counts; admins also
//! see the "Users" table with a role change per user. Each panel is its own segment: it
//! streams when its data arrives and fails alone.
//!
//! The panels' data is asked for once, at the top: resources made inside a view that is
//! rebuilt as `me` settles would be fetched again each time.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::segment::Segment;
use crate::{
    actions::{
        dashboard::{admin_users, my_posts},
        users::whoami,
    },
    components::{
        post_list::{likes_label, PostListSkeleton},
        segment_error::segment,
    },
    dal::dto::{AdminUserRow, PostSummary, Role, UserDto},
    error::AppError,
    flash,
    islands::users_table::UsersTable,
};

/// The dashboard page.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    let posts = Resource::new(|| (), |_| my_posts());
    // Only admins have the Users panel (anyone else would be refused with 403).
    let users = Resource::new(
        || (),
        move |_| async move {
            match me.await {
                Ok(Some(user)) if user.role == Role::Admin => admin_users().await.map(Some),
                Ok(_) => Ok(None),
                Err(error) => Err(error),
            }
        },
    );
    // Taken here, before anything suspends, so deleting the flash cookie makes the headers.
    let refused = flash::take(flash::Form::ChangeRole).map(|f| f.error);
    view! {
        <Title text="Dashboard"/>
        <Suspense fallback=|| view! { <p aria-busy="true">"Loading…"</p> }>
            {move || Suspend::new(async move {
                me.await.map(|user| user.map(|user| view! { <Welcome user/> }))
                    .ok()
                    .flatten()
            })}
        </Suspense>
        <YourPosts posts/>
        <UsersPanel me users refused/>
    }
}

#[component]
fn Welcome(user: UserDto) -> impl IntoView {
    view! {
        <h1>{format!("Welcome, {}", user.name)}</h1>
        <p><a href=crate::paths::Page::Sessions.href()>"Devices you are signed in on"</a></p>
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
                        {segment(Segment::MyPosts, mine, |posts| {
                            if posts.is_empty() {
                                return view! { <p class="empty">"You have not written anything yet."</p> }.into_any();
                            }
                            view! {
                                <ul class="my-posts" aria-label="Your posts">
                                    {posts
                                        .into_iter()
                                        .map(|p| view! {
                                            <li>
                                                <a href=crate::paths::post_href(&p.slug)>{p.title}</a>
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

/// The admin's "Users" panel; nothing for anyone else.
#[component]
fn UsersPanel(
    me: Resource<Result<Option<UserDto>, AppError>>,
    users: Resource<Result<Option<Vec<AdminUserRow>>, AppError>>,
    /// A role change refused during a no-JavaScript post, shown once.
    refused: Option<AppError>,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let refused = refused.clone();
                Suspend::new(async move {
                    let (me, rows) = (me.await, users.await);
                    let me = me.ok().flatten().map(|u| u.id).unwrap_or_default();
                    let rows = match rows {
                        Ok(None) => return ().into_any(),
                        result => result.map(Option::unwrap_or_default),
                    };
                    view! {
                        <Panel id="users-heading" title="Users">
                            {segment(Segment::Users, rows, |rows| {
                                                            view! { <UsersTable rows me refused/> }
                            })}
                        </Panel>
                    }
                    .into_any()
                })
            }}
        </Suspense>
    }
}
