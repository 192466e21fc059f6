//! Many page loads at once on one server all complete: nothing a request does can stall
//! the others.

use std::time::Duration;

use crate::helpers::{spawn_app, ALL_GET_PATHS};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_page_loads_all_complete() {
    let app = std::sync::Arc::new(spawn_app().await);
    let mut tasks = Vec::new();
    for (email, password) in [
        ("admin@quire.test", "Admin123!x"),
        ("ada@quire.test", "User123!x"),
        ("bob@quire.test", "User123!x"),
        ("carol@quire.test", "User123!x"),
    ] {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let client = app.signed_in(email, password).await;
            for round in 0..8 {
                for path in ALL_GET_PATHS {
                    let answer =
                        tokio::time::timeout(Duration::from_secs(20), app.get_with(&client, path))
                            .await;
                    assert!(
                        answer.is_ok(),
                        "{email}, round {round}: {path} never answered"
                    );
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
}
