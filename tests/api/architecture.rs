//! The source's layers, checked: the top-level modules under `src/` import each other
//! without a cycle, so each can be read knowing only the ones below it (ARCHITECTURE.md).

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::Path,
};

/// Each top-level module and the top-level modules its files import through `crate::`.
fn module_imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap();
            let first = relative.iter().next().unwrap().to_str().unwrap();
            let module = first.trim_end_matches(".rs").to_string();
            if module == "lib" || module == "main" {
                continue;
            }
            let code = fs::read_to_string(&path).unwrap();
            let targets: &mut BTreeSet<String> = graph.entry(module.clone()).or_default();
            for target in crate_paths(&code) {
                if target != module {
                    targets.insert(target);
                }
            }
        }
    }
    graph
}

/// The first segment of every `crate::…` path in `code`, comments left out; a group
/// `crate::{a::x, b}` names each of its members.
fn crate_paths(code: &str) -> Vec<String> {
    let code: String = code
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item_starts = true;
            let mut name = String::new();
            for c in group.chars() {
                if item_starts && depth == 1 && (c.is_alphanumeric() || c == '_') {
                    name.push(c);
                    continue;
                }
                if !name.is_empty() {
                    found.push(std::mem::take(&mut name));
                    item_starts = false;
                }
                match c {
                    '{' => depth += 1,
                    '}' if depth == 1 => break,
                    '}' => depth -= 1,
                    ',' if depth == 1 => item_starts = true,
                    _ => {}
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push(name);
        }
    }
    found.retain(|name| name.chars().next().is_some_and(|c| c.is_lowercase()));
    found
}

/// A cycle through `start`, as the list of modules along it, if there is one.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut path = vec![start.to_string()];
    let mut seen = BTreeSet::new();
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        start: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        let here = path.last().unwrap().clone();
        for next in graph.get(&here).into_iter().flatten() {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(graph, start, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    walk(graph, start, &mut path, &mut seen).then_some(path)
}

#[test]
fn no_two_top_level_modules_import_each_other_even_through_others() {
    let graph = module_imports();
    assert!(graph.len() > 10, "found only {:?}", graph.keys());
    assert!(
        graph["dal"].contains("entities"),
        "the reader misses imports"
    );
    for module in graph.keys() {
        if let Some(cycle) = cycle_from(&graph, module) {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_reader_sees_grouped_imports_and_skips_comments() {
    let code = "use crate::{auth::{cookie, token}, dal::x};\n// crate::flash\nlet a = crate::paths::y;\nuse crate::{cache, role};";
    assert_eq!(crate_paths(code), ["auth", "dal", "paths", "cache", "role"]);
}

/// Longest a function in `src/` may be, in lines from its `fn` to its closing brace: a
/// longer one is split into parts with names.
const MAX_FUNCTION_LINES: usize = 60;

/// Every function in `code` longer than [`MAX_FUNCTION_LINES`], as (line, name, lines).
/// Braces are counted outside comments, strings and character literals.
fn long_functions(code: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut found = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let Some(name) = function_name(line) else {
            continue;
        };
        let (mut depth, mut opened) = (0i32, false);
        for (end, body) in lines[at..].iter().enumerate() {
            for c in code_only(body).chars() {
                match c {
                    '{' => (depth, opened) = (depth + 1, true),
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if !opened && code_only(body).trim_end().ends_with(';') {
                break;
            }
            if opened && depth <= 0 {
                if end + 1 > MAX_FUNCTION_LINES {
                    found.push((at + 1, name.clone(), end + 1));
                }
                break;
            }
        }
    }
    found
}

/// The name of the function `line` starts, if it starts one.
fn function_name(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "fn")?;
    let modifiers = [
        "pub",
        "pub(crate)",
        "pub(super)",
        "async",
        "const",
        "unsafe",
        "extern",
    ];
    if !words[..at].iter().all(|w| modifiers.contains(w)) {
        return None;
    }
    let name: String = words
        .get(at + 1)?
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// `line` without its comment, string literals and character literals.
fn code_only(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => break,
            '"' => {
                while let Some(s) = chars.next() {
                    match s {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '\'' => {
                // A character literal ('{', '\''); a lifetime (`'a`) has no closing quote.
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with('\\') {
                    chars.nth(2);
                } else if rest.chars().nth(1) == Some('\'') {
                    chars.nth(1);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Every `.rs` file under `src/`, with its text.
fn rust_files_in_src() -> Vec<(std::path::PathBuf, String)> {
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let code = fs::read_to_string(&path).unwrap();
                files.push((path, code));
            }
        }
    }
    files
}

#[test]
fn no_function_in_src_is_over_sixty_lines() {
    let (mut long, mut seen) = (Vec::new(), 0);
    for (path, code) in rust_files_in_src() {
        seen += code.lines().filter(|l| function_name(l).is_some()).count();
        for (line, name, lines) in long_functions(&code) {
            long.push(format!("{}:{line} {name} ({lines} lines)", path.display()));
        }
    }
    assert!(seen > 300, "the reader found only {seen} functions");
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_length_reader_counts_a_function_to_its_closing_brace() {
    let short = "fn a() {\n    let b = '{';\n    // }\n    \"}\";\n}\n";
    assert!(long_functions(short).is_empty());
    let long = format!("pub async fn long() {{\n{}}}\n", "    x();\n".repeat(60));
    assert_eq!(long_functions(&long), [(1, "long".to_string(), 62)]);
    assert_eq!(
        function_name("    pub(crate) fn name<T>(x: T) {"),
        Some("name".into())
    );
    assert_eq!(function_name("let f = |x| x; // fn not"), None);
}

/// The non-test code of a source file: everything before its `#[cfg(test)]` module.
fn non_test_code(code: &str) -> &str {
    code.split("#[cfg(test)]").next().unwrap_or_default()
}

#[test]
fn no_path_is_spelled_outside_the_route_table() {
    let table = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/paths/table.rs");
    let files = rust_files_in_src();
    assert!(files.len() > 50, "read only {} files", files.len());
    let mut spelled = Vec::new();
    for (path, code) in files.iter().filter(|(path, _)| *path != table) {
        for (n, line) in non_test_code(code).lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            // A string literal that starts like an address: "/x…".
            let mut starts = line.match_indices("\"/").filter(|(at, _)| {
                line[at + 2..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_lowercase())
            });
            if starts.next().is_some() {
                spelled.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        spelled.is_empty(),
        "paths outside src/paths/table.rs:\n{}",
        spelled.join("\n")
    );
}
