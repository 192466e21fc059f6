//! Every random id and generated secret Quire makes, from one function: session ids, flash
//! ids, request ids, CSP nonces, the dev-mode session secret. The thread's generator
//! (`rand::rng()`) is a cryptographically secure one seeded by the operating system, so
//! none of them can be guessed, and asking for one costs no system call.

use rand::RngCore;

/// `bits` random bits (a multiple of 8) as lowercase hex: `bits / 4` characters.
pub fn random_id(bits: usize) -> String {
    let mut bytes = vec![0u8; bits / 8];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_their_length_and_differ() {
        let (a, b) = (random_id(128), random_id(128));
        assert_eq!(a.len(), 32);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b);
        assert_eq!(random_id(256).len(), 64);
    }
}
