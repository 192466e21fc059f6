//! The HTML shell (server only), `<App/>` with the router, and the layout every page
//! shares: nav, one `<main>`, footer.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    SsrMode,
};

use crate::{
    components::{nav::Nav, not_found::NotFound},
    paths::{Page, FAVICON},
    routes::{
        dashboard::DashboardPage, edit_post::EditPostPage, home::HomePage, login::LoginPage,
        new_post::NewPostPage, post::PostPage, posts::PostsPage, profile::ProfilePage,
        sessions::SessionsPage, settings::SettingsPage, signup::SignupPage,
    },
};

/// The document around `<App/>`, rendered on the server only.
///
/// Only the islands run in the browser, and most pages hold none, so the WebAssembly is
/// loaded only where it is needed. Leptos' island bootstrap (`HydrationScripts`) is rendered
/// inert, inside a `<template>`; [`WAKE_ISLANDS`] puts it to work once the whole page has
/// arrived, and only if the page holds an island. (Deciding in the browser keeps the
/// decision right for streamed pages, whose islands may arrive after the head.)
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <meta name="description" content="Quire, a small publishing community"/>
                <link rel="icon" href=FAVICON/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <template id="quire-islands">
                    <HydrationScripts options islands=true/>
                </template>
                <script nonce=nonce inner_html=WAKE_ISLANDS></script>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Once the page has arrived: if it holds an island, copies the bootstrap out of its
/// `<template>` into the head (the script carrying this script's nonce, so the
/// Content-Security-Policy lets it run), which loads the WebAssembly and hydrates the
/// islands. A page without islands loads no script and no WebAssembly at all.
const WAKE_ISLANDS: &str = r#"(function () {
  var nonce = document.currentScript ? document.currentScript.nonce : "";
  function wake() {
    var bootstrap = document.getElementById("quire-islands");
    if (!bootstrap || !document.querySelector("leptos-island")) return;
    Array.prototype.forEach.call(bootstrap.content.children, function (node) {
      var copy = document.createElement(node.tagName);
      Array.prototype.forEach.call(node.attributes, function (a) { copy.setAttribute(a.name, a.value); });
      copy.textContent = node.textContent;
      if (copy.tagName === "SCRIPT") copy.nonce = nonce;
      document.head.appendChild(copy);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wake);
  else wake();
})();"#;

/// The document's `<title>`: the page's own title, then the site's name. Escaped here,
/// because leptos_meta 0.8.7 writes the formatted title into `<title>` as it is (its
/// `ServerMetaContext` pushes the string unescaped), and a page title is often user text (a
/// post's title, a user's name). `<App/>` renders only on the server (islands mode), so the
/// escaped text never reaches `document.title` in a browser.
fn document_title(page: String) -> String {
    if page.is_empty() {
        "Quire".to_string()
    } else {
        format!("{} · Quire", html_escape::encode_text(&page))
    }
}

/// The application: layout and routes, one for each page of the route table
/// (`paths::Page`), by its pattern. The lists stream in order (their head, heading and
/// skeleton first; out-of-order streaming would park content in `<template>`s only a
/// script shows). The post page renders whole (`Async`): its title and status depend on
/// the post, and a streamed page can fix neither once its head has left (leptos_meta
/// takes the tags present in the first chunk, which a post read from the database missed).
#[component]
pub fn App() -> impl IntoView {
    crate::test_hooks::panic_if_asked();
    provide_meta_context();

    view! {
        <Title formatter=document_title/>
        <Router>
            <a class="skip-link" href="#content">"Skip to content"</a>
            <Nav/>
            <main id="content">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=Page::Home.pattern() view=HomePage ssr=SsrMode::InOrder/>
                    <Route path=Page::Posts.pattern() view=PostsPage ssr=SsrMode::InOrder/>
                    <Route path=Page::NewPost.pattern() view=NewPostPage ssr=SsrMode::Async/>
                    <Route path=Page::Post.pattern() view=PostPage ssr=SsrMode::Async/>
                    <Route path=Page::EditPost.pattern() view=EditPostPage ssr=SsrMode::Async/>
                    <Route path=Page::Login.pattern() view=LoginPage ssr=SsrMode::Async/>
                    <Route path=Page::Signup.pattern() view=SignupPage ssr=SsrMode::Async/>
                    <Route path=Page::Dashboard.pattern() view=DashboardPage ssr=SsrMode::InOrder/>
                    <Route path=Page::Sessions.pattern() view=SessionsPage ssr=SsrMode::Async/>
                    <Route path=Page::Profile.pattern() view=ProfilePage ssr=SsrMode::Async/>
                    <Route path=Page::Settings.pattern() view=SettingsPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>"Quire: write, read, like. Server-rendered Rust, hydrated with WebAssembly."</p>
            </footer>
        </Router>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The router's pages, as `startup` lists them for axum, are the route table's, in its
    /// order: a page missing from either side fails here.
    // Generating the list spawns tasks on Leptos' executor, which is tokio's.
    #[tokio::test]
    async fn the_router_serves_every_page_of_the_route_table() {
        let listed: Vec<String> = leptos_axum::generate_route_list(App)
            .iter()
            .map(|route| route.path().to_string())
            .collect();
        let table: Vec<String> = Page::ALL
            .iter()
            .map(|page| {
                let pattern = page.pattern().as_str();
                let axum = pattern
                    .split('/')
                    .map(|segment| match segment.strip_prefix(':') {
                        Some(name) => format!("{{{name}}}"),
                        None => segment.to_string(),
                    });
                axum.collect::<Vec<_>>().join("/")
            })
            .collect();
        assert_eq!(listed, table);
    }
}
