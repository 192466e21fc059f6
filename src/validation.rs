//! Form rules shared by the server (which always checks) and the browser (which may check
//! early for instant feedback), so each rule and its message live in one place. The
//! messages are the contract's, word for word.

use crate::error::FieldErrors;

pub const NAME_TOO_SHORT: &str = "Name must be at least 2 characters long.";
pub const EMAIL_INVALID: &str = "Please enter a valid email.";
pub const EMAIL_TAKEN: &str = "An account with this email already exists.";
pub const PASSWORD_TOO_SHORT: &str = "Be at least 8 characters long";
pub const PASSWORD_NO_LETTER: &str = "Contain at least one letter.";
pub const PASSWORD_NO_NUMBER: &str = "Contain at least one number.";
pub const PASSWORD_NO_SPECIAL: &str = "Contain at least one special character.";
pub const INVALID_CREDENTIALS: &str = "Invalid email or password.";
pub const TOO_MANY_ATTEMPTS: &str = "Too many attempts. Try again later.";
pub const TITLE_REQUIRED: &str = "Title is required.";
pub const TITLE_TOO_LONG: &str = "Title must be at most 120 characters.";
pub const CONTENT_REQUIRED: &str = "Content is required.";
pub const CONTENT_TOO_LONG: &str = "Content must be at most 20,000 characters.";
pub const PHONE_INVALID: &str =
    "Please enter a valid phone number (7 to 15 digits; spaces, dashes, dots, brackets and a leading + allowed).";
pub const CURRENT_PASSWORD_WRONG: &str = "Current password is incorrect.";
pub const PROFILE_SAVED: &str = "Profile saved.";
pub const PASSWORD_CHANGED: &str = "Password changed.";

/// Longest name accepted.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest email accepted (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Longest title accepted, counted after trimming.
pub const MAX_TITLE_CHARS: usize = 120;
/// Longest content accepted, counted after trimming.
pub const MAX_CONTENT_CHARS: usize = 20_000;
/// Longest password accepted; argon2 would take more, but nobody types this much.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Longest value kept of any other form field (a phone, a `next` path).
pub const MAX_OTHER_FIELD_CHARS: usize = 256;

/// The most characters a form field may hold: what a refused form keeps of it.
pub fn max_field_chars(field: &str) -> usize {
    match field {
        "name" => MAX_NAME_CHARS,
        "email" => MAX_EMAIL_CHARS,
        "title" => MAX_TITLE_CHARS,
        "content" => MAX_CONTENT_CHARS,
        _ => MAX_OTHER_FIELD_CHARS,
    }
}

/// The name after trimming, or the error.
pub fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars < 2 {
        Err(NAME_TOO_SHORT.to_string())
    } else if chars > MAX_NAME_CHARS {
        Err(format!(
            "Name must be at most {MAX_NAME_CHARS} characters long."
        ))
    } else {
        Ok(name.to_string())
    }
}

/// The email trimmed and lower-cased, or the error. Deliberately simple: one `@`, a local
/// part, a domain with a dot and no empty labels, no spaces.
pub fn check_email(email: &str) -> Result<String, String> {
    let email = email.trim().to_lowercase();
    let valid = email.chars().count() <= MAX_EMAIL_CHARS
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && domain.split('.').all(|label| {
                        !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
                    })
            }
            None => false,
        };
    if valid {
        Ok(email)
    } else {
        Err(EMAIL_INVALID.to_string())
    }
}

/// Every password rule the password fails, in the contract's order.
pub fn password_failures(password: &str) -> Vec<String> {
    let mut failures = Vec::new();
    if password.chars().count() < 8 {
        failures.push(PASSWORD_TOO_SHORT.to_string());
    }
    if !password.chars().any(char::is_alphabetic) {
        failures.push(PASSWORD_NO_LETTER.to_string());
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        failures.push(PASSWORD_NO_NUMBER.to_string());
    }
    if !password
        .chars()
        .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
    {
        failures.push(PASSWORD_NO_SPECIAL.to_string());
    }
    if password.chars().count() > MAX_PASSWORD_CHARS {
        failures.push(format!("Be at most {MAX_PASSWORD_CHARS} characters long"));
    }
    failures
}

/// A phone number as stored (trimmed), `None` when left empty, or the error. Plausible,
/// not proven: 7 to 15 digits (E.164's most), written with spaces, dashes, dots or
/// brackets between them and at most one `+`, at the start.
pub fn check_phone(phone: &str) -> Result<Option<String>, String> {
    let phone = phone.trim();
    if phone.is_empty() {
        return Ok(None);
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+'));
    let plus_leads = phone.rfind('+').is_none_or(|at| at == 0);
    if allowed && plus_leads && (7..=15).contains(&digits) && phone.len() <= 32 {
        Ok(Some(phone.to_string()))
    } else {
        Err(PHONE_INVALID.to_string())
    }
}

/// A post's title and content as stored (trimmed), or the errors of each field.
pub fn check_post(title: &str, content: &str) -> Result<(String, String), FieldErrors> {
    let (title, content) = (title.trim(), content.trim());
    let mut errors = FieldErrors::default();
    errors.add_err(
        "title",
        check_length(title, MAX_TITLE_CHARS, TITLE_REQUIRED, TITLE_TOO_LONG),
    );
    errors.add_err(
        "content",
        check_length(
            content,
            MAX_CONTENT_CHARS,
            CONTENT_REQUIRED,
            CONTENT_TOO_LONG,
        ),
    );
    if errors.is_empty() {
        Ok((title.to_string(), content.to_string()))
    } else {
        Err(errors)
    }
}

fn check_length(value: &str, max: usize, empty: &str, too_long: &str) -> Result<(), String> {
    match value.chars().count() {
        0 => Err(empty.to_string()),
        n if n > max => Err(too_long.to_string()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_need_two_characters_after_trimming() {
        assert_eq!(check_name(" a "), Err(NAME_TOO_SHORT.to_string()));
        assert_eq!(check_name(" Ada "), Ok("Ada".to_string()));
        assert!(check_name(&"x".repeat(101)).is_err());
    }

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(
            check_email(" Ada@Quire.TEST "),
            Ok("ada@quire.test".to_string())
        );
        for bad in [
            "",
            "ada",
            "ada@",
            "@quire.test",
            "ada@quire",
            "a da@quire.test",
            "a@b@c.d",
            "a@b..c",
        ] {
            assert_eq!(check_email(bad), Err(EMAIL_INVALID.to_string()), "{bad}");
        }
    }

    #[test]
    fn every_failing_password_rule_is_listed_in_order() {
        assert_eq!(
            password_failures(""),
            [
                PASSWORD_TOO_SHORT,
                PASSWORD_NO_LETTER,
                PASSWORD_NO_NUMBER,
                PASSWORD_NO_SPECIAL
            ]
        );
        assert_eq!(
            password_failures("abcdefgh"),
            [PASSWORD_NO_NUMBER, PASSWORD_NO_SPECIAL]
        );
        assert_eq!(password_failures("12345678!"), [PASSWORD_NO_LETTER]);
        assert!(password_failures("User123!x").is_empty());
    }

    #[test]
    fn phones_are_optional_and_plausible() {
        assert_eq!(check_phone("  "), Ok(None));
        for good in [
            "+44 20 7946 0958",
            "(555) 010-4477",
            "030.1234.5678",
            "1234567",
        ] {
            assert_eq!(check_phone(good), Ok(Some(good.to_string())), "{good}");
        }
        for bad in [
            "123456",
            "1234567890123456",
            "12 34 5a 678",
            "44+ 20 7946 0958",
            "<b>5551234</b>",
        ] {
            assert_eq!(check_phone(bad), Err(PHONE_INVALID.to_string()), "{bad}");
        }
    }

    #[test]
    fn posts_need_a_title_of_1_to_120_and_content_of_1_to_20000_after_trimming() {
        assert_eq!(
            check_post("  Hello  ", "\n Body \n"),
            Ok(("Hello".to_string(), "Body".to_string()))
        );
        let errors = check_post("   ", "").unwrap_err();
        assert_eq!(errors.first("title").as_deref(), Some(TITLE_REQUIRED));
        assert_eq!(errors.first("content").as_deref(), Some(CONTENT_REQUIRED));
        assert!(check_post(&"é".repeat(120), &"x".repeat(20_000)).is_ok());
        let errors = check_post(&"é".repeat(121), &"x".repeat(20_001)).unwrap_err();
        assert_eq!(errors.first("title").as_deref(), Some(TITLE_TOO_LONG));
        assert_eq!(errors.first("content").as_deref(), Some(CONTENT_TOO_LONG));
    }
}
