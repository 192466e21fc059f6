//! Post slugs: lower-case ASCII words joined by `-`, made from the title. Collisions are
//! resolved by the data layer with a numeric suffix (`title`, `title-2`, `title-3`, …).

/// Longest slug base; suffixes may add a few characters beyond it.
pub const MAX_SLUG_BASE: usize = 80;

/// Turns a title into a URL-safe slug. Letters with accents lose them where a plain ASCII
/// letter is obvious; anything else separates words. A title with no usable character
/// gives `post`.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    let mut pending_dash = false;
    for ch in title.chars().flat_map(fold_char) {
        if ch.is_ascii_alphanumeric() {
            let dash = pending_dash && !slug.is_empty();
            if slug.len() + usize::from(dash) + 1 > MAX_SLUG_BASE {
                break;
            }
            if dash {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(ch.to_ascii_lowercase());
        } else if ch != '\'' {
            pending_dash = true;
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "post".to_string()
    } else {
        slug
    }
}

/// The `n`th candidate for a base slug: the base itself, then `base-2`, `base-3`, …
pub fn with_suffix(base: &str, n: u32) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}-{n}")
    }
}

fn fold_char(ch: char) -> impl Iterator<Item = char> {
    let folded: &str = match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        '&' => " and ",
        _ => "",
    };
    let own = if folded.is_empty() { Some(ch) } else { None };
    folded.chars().chain(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_and_joined_by_dashes() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  Rust   &  Leptos  "), "rust-and-leptos");
    }

    #[test]
    fn apostrophes_do_not_split_words() {
        assert_eq!(slugify("Ada's first post"), "adas-first-post");
    }

    #[test]
    fn accents_fold_to_ascii() {
        assert_eq!(slugify("Crème brûlée à Zürich"), "creme-brulee-a-zurich");
    }

    #[test]
    fn titles_without_letters_or_digits_get_a_default() {
        assert_eq!(slugify("!!! ??? ---"), "post");
        assert_eq!(slugify("日本語"), "post");
    }

    #[test]
    fn long_titles_are_cut_without_a_trailing_dash() {
        let slug = slugify(&"word ".repeat(100));
        assert!(slug.len() <= MAX_SLUG_BASE);
        assert!(!slug.ends_with('-'));
    }

    #[test]
    fn suffixes_start_at_two() {
        assert_eq!(with_suffix("hello", 1), "hello");
        assert_eq!(with_suffix("hello", 2), "hello-2");
        assert_eq!(with_suffix("hello", 10), "hello-10");
    }
}
