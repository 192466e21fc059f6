//! Many page loads at once on one server all complete, each with the answer it gets alone:
//! nothing a request does can stall the others or change what they are told.

use crate::helpers::ADA;
use std::{collections::HashMap, sync::Arc, time::Duration};

use reqwest::StatusCode;

use crate::helpers::{spawn_app, ALL_GET_PATHS};

const PEOPLE: [(&str, &str); 4] = [
    ("admin@quire.test", "Admin123!x"),
    ADA,
    ("bob@quire.test", "User123!x"),
    ("carol@quire.test", "User123!x"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_page_loads_all_complete_with_the_status_each_gets_alone() {
    let app = Arc::new(spawn_app().await);
    let mut tasks = Vec::new();
    for (email, password) in PEOPLE {
        let client = app.signed_in(email, password).await;
        // One at a time first: what each path answers this person.
        let mut alone = HashMap::new();
        for path in ALL_GET_PATHS {
            let (status, _) = app.get_with(&client, path).await;
            assert!(
                !status.is_server_error(),
                "{email}: {path} alone gave {status}"
            );
            alone.insert(path, status);
        }
        assert_eq!(alone["/dashboard"], StatusCode::OK, "{email} is signed in");
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            for round in 0..8 {
                for path in ALL_GET_PATHS {
                    let answer =
                        tokio::time::timeout(Duration::from_secs(20), app.get_with(&client, path))
                            .await;
                    let Ok((status, _)) = answer else {
                        panic!("{email}, round {round}: {path} never answered");
                    };
                    assert_eq!(
                        status, alone[path],
                        "{email}, round {round}: {path} under load"
                    );
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
}
