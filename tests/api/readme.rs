//! The README names only what exists: every `make` target it mentions is in the Makefile,
//! every file or folder it names (a backticked path with a `/` or a known extension) is in
//! the checkout, every environment variable it names (`QUIRE_…`, `LEPTOS_…` and the
//! others it lists) is read by the code or the scripts, every test it cites is defined, and
//! it stays short (150 lines at most: the rest lives in `docs/`).

use std::{collections::BTreeSet, path::Path};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every backticked span of `text`.
fn code_spans(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The text of every file below `dir` with one of `extensions`.
fn sources(dir: &Path, extensions: &[&str], out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            if !matches!(
                name.as_str(),
                "target" | "node_modules" | ".git" | "test-results"
            ) {
                sources(&path, extensions, out);
            }
        } else if extensions.iter().any(|e| name.ends_with(e)) {
            out.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
        }
    }
}

#[test]
fn the_readme_names_only_what_exists_and_stays_short() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(
        lines <= 150,
        "README.md has {lines} lines; move details to docs/"
    );
    let makefile = std::fs::read_to_string(root().join("Makefile")).unwrap();
    let mut code = String::new();
    for dir in [
        "src",
        "scripts",
        "end2end",
        "tests",
        "migrations",
        ".ci",
        "deploy",
    ] {
        sources(
            &root().join(dir),
            &[".rs", ".sh", ".ts", ".mjs", ".toml", "run", ".env.example"],
            &mut code,
        );
    }
    code.push_str(&makefile);
    let mut missing = BTreeSet::new();
    for span in code_spans(&readme) {
        let span = span.trim();
        if let Some(target) = span.strip_prefix("make ") {
            let target = target.split_whitespace().next().unwrap_or_default();
            if !makefile
                .lines()
                .any(|l| l.starts_with(&format!("{target}:")))
            {
                missing.insert(format!("make target {target}"));
            }
            continue;
        }
        let looks_like_path = !span.contains(' ')
            && !span.starts_with('/')
            && !span.contains('<')
            && !span.contains('@')
            && (span.contains('/')
                || [".md", ".toml", ".lock", ".rs", ".ts", ".sh"]
                    .iter()
                    .any(|e| span.ends_with(e)));
        if looks_like_path {
            let path = span.trim_end_matches('/');
            let exists = root().join(path).exists()
                // Made by the first run and by the build; or not a path but a URL.
                || path.starts_with("data")
                || path.starts_with("target/")
                || path.contains("://");
            if !exists {
                missing.insert(format!("file {span}"));
            }
            continue;
        }
        let name = span.split('=').next().unwrap_or_default();
        let is_variable = name.len() > 3
            && name.contains('_')
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
            && !name.ends_with('_');
        if is_variable && !code.contains(name) && !name.starts_with("LEPTOS_") {
            missing.insert(format!("environment variable {name}"));
        }
        // A cited test (snake_case, maybe cut with …) is defined somewhere.
        let test_name = span.trim_end_matches('…');
        if test_name.len() > 20
            && test_name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
            && !code.contains(test_name)
        {
            missing.insert(format!("test {span}"));
        }
    }
    // A cited Playwright test (a phrase in a spec) is one.
    for span in code_spans(&readme)
        .iter()
        .filter(|s| s.ends_with('…') && s.contains(' '))
    {
        if !code.contains(span.trim_end_matches('…')) {
            missing.insert(format!("test {span}"));
        }
    }
    assert!(
        missing.is_empty(),
        "README.md names what does not exist: {missing:#?}"
    );
}
