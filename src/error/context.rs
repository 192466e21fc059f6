//! [`expect_context`]: what the router puts in every request's Leptos context, taken back
//! out. A missing value is a wiring fault, so it answers 500 naming the type, never a
//! quiet default (a missing database must not look like a signed-out visitor).

use super::AppError;

/// The `T` the router provided to this request, or a 500 that names `T`.
pub fn expect_context<T: Clone + Send + Sync + 'static>() -> Result<T, AppError> {
    leptos::prelude::use_context::<T>().ok_or_else(|| {
        AppError::unexpected(format!(
            "{} is not in the request's context",
            std::any::type_name::<T>()
        ))
    })
}

#[cfg(test)]
mod tests {
    use leptos::prelude::{provide_context, Owner};

    use super::expect_context;
    use crate::error::ErrorCode;

    #[test]
    fn a_missing_context_is_a_fault_and_a_provided_one_is_returned() {
        Owner::new().with(|| {
            let missing = expect_context::<u8>().unwrap_err();
            assert_eq!(missing.code, ErrorCode::Unexpected);
            provide_context(7u8);
            assert_eq!(expect_context::<u8>().unwrap(), 7);
        });
    }
}
