//! argon2id password hashes as PHC strings. Parameters are OWASP's first recommended
//! set (m = 19 MiB, t = 2, p = 1), stated here rather than left to the crate's defaults so a
//! dependency update cannot weaken them. Hashing costs tens of milliseconds of CPU, so the
//! async helpers run it on tokio's blocking pool, away from the threads rendering pages.

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};

/// Memory cost in KiB.
const M_COST_KIB: u32 = 19 * 1024;
/// Iterations.
const T_COST: u32 = 2;
/// Lanes.
const P_COST: u32 = 1;

fn hasher() -> Argon2<'static> {
    let params =
        Params::new(M_COST_KIB, T_COST, P_COST, None).expect("argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A real hash of a random password, verified against when an email is unknown so that
/// "no such user" and "wrong password" take the same time.
pub fn dummy_hash() -> String {
    static DUMMY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        use rand::RngCore;
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        let password: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        hash_password_blocking(&password).expect("hashing a random password")
    });
    DUMMY.clone()
}

/// Hashes `password` with a fresh random salt (blocking; see [`hash_password`]).
pub fn hash_password_blocking(password: &str) -> anyhow::Result<String> {
    let hash: PasswordHash = hasher()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `phc` (blocking; see [`verify_password`]).
/// A malformed hash never matches.
pub fn verify_password_blocking(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Hashes on the blocking pool.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_password_blocking(&password)).await?
}

/// Verifies on the blocking pool.
pub async fn verify_password(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || verify_password_blocking(&password, &phc))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_phc_strings_that_verify() {
        let phc = hash_password_blocking("User123!x").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_password_blocking("User123!x", &phc));
        assert!(!verify_password_blocking("User123!y", &phc));
    }

    #[test]
    fn the_same_password_gets_a_different_salt() {
        let a = hash_password_blocking("same").unwrap();
        let b = hash_password_blocking("same").unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn a_malformed_hash_never_matches() {
        assert!(!verify_password_blocking("x", "not a hash"));
    }
}
