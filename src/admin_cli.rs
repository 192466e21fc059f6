//! `quire create-admin --email …`: creates an admin account, or promotes an existing one.
//! The password for a new account comes from standard input or a hidden prompt, never from
//! the command line (where `ps` and shell history would show it), and must pass the same
//! rules as sign-up.

use std::io::{BufRead, IsTerminal};

use sea_orm::DatabaseConnection;

use crate::{
    auth::password,
    dal::{dto::Role, users},
    validation,
};

/// Creates or promotes; returns what happened, for the terminal.
pub async fn create_or_promote(
    db: &DatabaseConnection,
    email: &str,
    name: Option<&str>,
) -> anyhow::Result<String> {
    let email = validation::check_email(email).map_err(anyhow::Error::msg)?;
    if let Some(existing) = users::find_by_email(db, &email).await? {
        if existing.role == Role::Admin {
            return Ok(format!("{email} is already an admin"));
        }
        users::set_role(db, existing.id, Role::Admin)
            .await
            .map_err(|e| anyhow::anyhow!("cannot promote: {e}"))?;
        return Ok(format!("{email} is now an admin"));
    }

    let name = name
        .map(str::to_string)
        .unwrap_or_else(|| email.split('@').next().unwrap_or("admin").to_string());
    let name = validation::check_name(&name).map_err(anyhow::Error::msg)?;
    let secret = read_password()?;
    let failures = validation::password_failures(&secret);
    anyhow::ensure!(failures.is_empty(), "Password must: {}", failures.join(" "));
    let hash = password::hash_offline(secret).await?;
    let user = users::register(db, &name, &email, hash).await?;
    users::set_role(db, user.id, Role::Admin)
        .await
        .map_err(|e| anyhow::anyhow!("cannot promote: {e}"))?;
    Ok(format!(
        "created admin {email} (username {})",
        user.username
    ))
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        Ok(rpassword::prompt_password("Password for the new admin: ")?)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}
