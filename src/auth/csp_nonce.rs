//! The nonce of a response's Content-Security-Policy: Leptos' inline scripts carry it, the
//! policy names it (`startup::security_headers`), and a page cached by the page cache keeps
//! the nonce of its render (`cache::pages`). Here, below both, so neither imports the other.

use std::sync::Arc;

/// The nonce of the response being made, for Leptos' inline scripts; made when first asked
/// for (an answer from the page cache uses its cached render's instead).
#[derive(Clone, Debug, Default)]
pub struct CspNonce(Arc<std::sync::OnceLock<Arc<str>>>);

impl CspNonce {
    /// The nonce (made now if it was not yet).
    pub fn value(&self) -> Arc<str> {
        Arc::clone(self.0.get_or_init(|| new_nonce().into()))
    }

    /// The nonce, if the response used one.
    pub fn used(&self) -> Option<Arc<str>> {
        self.0.get().cloned()
    }
}

/// 128 random bits; hex is a subset of the base64 a CSP nonce is written in.
fn new_nonce() -> String {
    crate::random::random_id(128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_differ_and_are_made_once_per_response() {
        assert_ne!(new_nonce(), new_nonce());
        assert_eq!(new_nonce().len(), 32);
        let nonce = CspNonce::default();
        assert_eq!(nonce.used(), None);
        let value = nonce.value();
        assert_eq!(nonce.used(), Some(Arc::clone(&value)));
        assert_eq!(nonce.value(), value);
    }
}
