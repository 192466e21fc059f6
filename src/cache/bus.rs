//! Purges across servers, over PostgreSQL `LISTEN`/`NOTIFY` on [`CHANNEL`]. A write
//! [`announce`]s its purge inside its own transaction: PostgreSQL delivers the notification
//! to every listening server when (and only if) the transaction commits. Each server runs
//! one [`listen`]er on a connection of its own, applying what the others announce. If that
//! connection drops, notifications sent meanwhile are lost, so on reconnecting the server
//! empties its whole cache (and says so in the log). On SQLite there is one server and
//! nothing to announce.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use serde::{Deserialize, Serialize};

use super::{DataCache, Purge};

/// The notification channel.
pub const CHANNEL: &str = "quire_revalidate";
/// How the listening connection names itself in `pg_stat_activity`.
pub const APPLICATION_NAME: &str = "quire-revalidation-listener";

/// A notification's payload: who announced it, and what to purge.
#[derive(Debug, Serialize, Deserialize)]
struct Announcement {
    #[serde(rename = "o")]
    origin: String,
    #[serde(flatten)]
    purge: Purge,
}

/// Announces `purge` on `conn` (a transaction, for a write: it is delivered at commit).
/// Does nothing on SQLite.
pub async fn announce<C: ConnectionTrait>(
    conn: &C,
    origin: &str,
    purge: &Purge,
) -> Result<(), DbErr> {
    if conn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let payload = serde_json::to_string(&Announcement {
        origin: origin.to_string(),
        purge: purge.clone(),
    })
    .map_err(|e| DbErr::Custom(format!("revalidation payload: {e}")))?;
    conn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), payload.into()],
    ))
    .await?;
    Ok(())
}

/// Starts this server's listener for `database_url` (a `postgres://` URL) on the current
/// runtime; it runs for the life of the process.
pub fn listen(database_url: &str, cache: DataCache) -> tokio::task::JoinHandle<()> {
    let url = with_application_name(database_url);
    tokio::spawn(async move {
        let mut first = true;
        loop {
            match connect(&url).await {
                Ok(mut listener) => {
                    if !first {
                        cache.purge_all();
                        tracing::warn!(
                            "revalidation listener reconnected: emptied the data cache, since \
                             changes announced while it was away were missed"
                        );
                    }
                    first = false;
                    receive(&mut listener, &cache).await;
                }
                Err(err) => tracing::warn!(error = %err, "revalidation listener cannot connect"),
            }
            // Lost (or not yet there): meanwhile, anything cached may miss a change.
            cache.purge_all();
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    })
}

async fn connect(url: &str) -> Result<sea_orm::sqlx::postgres::PgListener, sea_orm::sqlx::Error> {
    let mut listener = sea_orm::sqlx::postgres::PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Applies notifications until the connection is lost.
async fn receive(listener: &mut sea_orm::sqlx::postgres::PgListener, cache: &DataCache) {
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => {
                match serde_json::from_str::<Announcement>(notification.payload()) {
                    Ok(announcement) if announcement.origin != *cache.origin => {
                        cache.apply(&announcement.purge);
                    }
                    Ok(_) => {} // our own: applied when we committed
                    Err(err) => {
                        tracing::warn!(error = %err, "unreadable revalidation notification")
                    }
                }
            }
            Ok(None) => {
                tracing::warn!("revalidation listener lost its connection");
                return;
            }
            Err(err) => {
                tracing::warn!(error = %err, "revalidation listener failed");
                return;
            }
        }
    }
}

/// `url` with `application_name` set, so the listening connection can be told apart.
fn with_application_name(url: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}application_name={APPLICATION_NAME}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::PathKind;

    #[test]
    fn announcements_round_trip_compactly() {
        let purge = Purge::default()
            .path("/posts", PathKind::Page)
            .path("/blog/[slug]", PathKind::Layout)
            .tag("posts");
        let json = serde_json::to_string(&Announcement {
            origin: "a1".into(),
            purge: purge.clone(),
        })
        .unwrap();
        assert_eq!(
            json,
            r#"{"o":"a1","p":[["/posts","page"],["/blog/[slug]","layout"]],"t":["posts"]}"#
        );
        let back: Announcement = serde_json::from_str(&json).unwrap();
        assert_eq!(back.purge, purge);
    }

    #[test]
    fn the_listener_names_itself() {
        assert_eq!(
            with_application_name("postgres://h/db"),
            "postgres://h/db?application_name=quire-revalidation-listener"
        );
        assert!(
            with_application_name("postgres://h/db?sslmode=disable").contains("&application_name=")
        );
    }
}
