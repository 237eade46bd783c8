//! The layers of the crate run one way, and this test keeps them so.
//!
//! Every `crate::MODULE` reference in the non-test code of `src/**/*.rs` (in `use` items,
//! grouped `use crate::{…}` items and inline paths) is an edge from the top-level module of
//! the file to `MODULE`. An edge that is not in [`ALLOWED`] fails the test, naming the file
//! and line. Doc comments, line comments and `#[cfg(test)]` modules are not code edges.
//!
//! The layers, bottom to top:
//! 1. `error`, `progress`, `exec`, `geodesy`: no dependencies inside the crate (but errors);
//! 2. the model: `network`, `weights`, `demand` (case records live in `cases::model`-like
//!    types that `io` may read into, see below);
//! 3. algorithms: `centrality`, `routing`, `planning`, `cases`, `stats`;
//! 4. `io` (every file read or written) and `map` (every layer, style and picture), side by
//!    side: neither imports the other;
//! 5. the CLI (`src/bin`, which uses the crate by name, not `crate::`) and the examples.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Which top-level modules each module may use. The crate root (`lib.rs`) re-exports and is
/// not checked; `fixtures` (doc-test networks, hidden) may use the model and `io`.
const ALLOWED: &[(&str, &[&str])] = &[
    ("error", &[]),
    ("progress", &["error"]),
    ("exec", &["error", "progress"]),
    ("geodesy", &["error"]),
    ("network", &["error", "progress", "exec", "geodesy"]),
    ("boundaries", &["error"]),
    ("weights", &["error", "network"]),
    ("demand", &["error", "network"]),
    (
        "centrality",
        &[
            "error", "progress", "exec", "geodesy", "network", "weights", "demand",
        ],
    ),
    (
        "routing",
        &[
            "error",
            "progress",
            "exec",
            "geodesy",
            "network",
            "weights",
            "demand",
            "centrality",
        ],
    ),
    (
        "planning",
        &[
            "error",
            "progress",
            "exec",
            "geodesy",
            "network",
            "weights",
            "demand",
            "centrality",
            "routing",
        ],
    ),
    (
        "cases",
        &[
            "error",
            "progress",
            "exec",
            "geodesy",
            "network",
            "weights",
            "demand",
            "centrality",
            "routing",
        ],
    ),
    (
        "stats",
        &[
            "error",
            "progress",
            "exec",
            "geodesy",
            "network",
            "weights",
            "demand",
            "centrality",
            "routing",
            "cases",
        ],
    ),
    // io reads into model types and into the plain data types of the algorithm modules
    // (case records, named corridors); it calls no algorithm.
    (
        "io",
        &[
            "error",
            "progress",
            "exec",
            "geodesy",
            "boundaries",
            "network",
            "weights",
            "demand",
            "cases",
            "routing",
        ],
    ),
    (
        "map",
        &[
            "error",
            "progress",
            "exec",
            "geodesy",
            "boundaries",
            "network",
            "weights",
            "demand",
            "centrality",
            "routing",
            "planning",
            "cases",
            "stats",
        ],
    ),
    ("fixtures", &["error", "network", "weights", "demand", "io"]),
];

/// Algorithm and model modules never touch the file system: all reading lives in `io`.
const NO_FILE_ACCESS: &[&str] = &[
    "boundaries",
    "error",
    "progress",
    "exec",
    "geodesy",
    "network",
    "weights",
    "demand",
    "centrality",
    "routing",
    "planning",
    "cases",
    "stats",
    "map",
];

/// One `crate::` reference: (from module, to module, file, line).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    from: String,
    to: String,
    file: PathBuf,
    line: usize,
}

/// The code lines of a source file: comments stripped, `#[cfg(test)]` items left out.
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut skip_depth: Option<i64> = None; // brace depth inside a #[cfg(test)] item
    let mut pending_cfg_test = false;
    for (i, raw) in text.lines().enumerate() {
        let line = match raw.find("//") {
            // `//` inside a string literal is rare in `use` lines; good enough here.
            Some(p) => &raw[..p],
            None => raw,
        };
        let t = line.trim();
        if let Some(depth) = skip_depth.as_mut() {
            *depth += t.matches('{').count() as i64 - t.matches('}').count() as i64;
            if *depth <= 0 && t.contains('}') {
                skip_depth = None;
            }
            continue;
        }
        if t.starts_with("#[cfg(test)]") {
            pending_cfg_test = true;
            continue;
        }
        if pending_cfg_test {
            let opens = t.matches('{').count() as i64 - t.matches('}').count() as i64;
            if opens > 0 {
                skip_depth = Some(opens);
                pending_cfg_test = false;
            } else if t.ends_with(';') {
                pending_cfg_test = false; // e.g. `#[cfg(test)] mod tests;` or a `use`
            }
            continue;
        }
        out.push((i + 1, line.to_string()));
    }
    out
}

/// Top-level modules named by `crate::…` in one code line, including grouped uses.
fn targets_in(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(p) = rest.find("crate::") {
        // `$crate::` (macros) and identifiers ending in `crate` are not this crate's paths.
        let before = rest[..p].chars().last();
        let after = &rest[p + "crate::".len()..];
        rest = after;
        if matches!(before, Some(c) if c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = after.strip_prefix('{') {
            // `crate::{a, b::c, d::{e, f}}`: the first identifier of each top-level item.
            let mut depth = 0;
            let mut item_start = true;
            let mut ident = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => ident.push(c),
                    _ => {
                        if item_start && !ident.is_empty() {
                            found.push(std::mem::take(&mut ident));
                            item_start = false;
                        }
                    }
                }
            }
            if !ident.is_empty() {
                found.push(ident);
            }
        } else {
            let ident: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !ident.is_empty() {
                found.push(ident);
            }
        }
    }
    found
}

/// The top-level module a file under `src/` belongs to (`None` for lib.rs and binaries).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    if first == "bin" || first == "lib.rs" || first == "main.rs" {
        return None;
    }
    Some(first.trim_end_matches(".rs").to_string())
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Items the crate root re-exports (`pub use network::{Hub, …};` in lib.rs), by the module
/// they come from; a re-exported external crate (`pub use geo;`) maps to "" (not an edge).
fn root_reexports(src: &Path) -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap_or_default();
    let code: String = code_lines(&lib)
        .into_iter()
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = BTreeMap::new();
    for stmt in code.split(';') {
        let Some(path) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let path = path.trim();
        let module: String = path
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if module.len() == path.len() {
            out.insert(module, String::new()); // `pub use geo;`
            continue;
        }
        for item in path[module.len()..].split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if !item.is_empty() {
                out.insert(item.to_string(), module.clone());
            }
        }
    }
    out
}

/// Every cross-module edge in the sources under `src`.
fn edges(src: &Path) -> Vec<Edge> {
    let roots = root_reexports(src);
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let Some(from) = module_of(src, &file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("source is readable");
        for (line, code) in code_lines(&text) {
            for to in targets_in(&code) {
                // A root re-export (`crate::Error`) is an edge to the module it comes from.
                let to = roots.get(&to).cloned().unwrap_or(to);
                if !to.is_empty() && to != from && to != "self" && to != "super" {
                    out.push(Edge {
                        from: from.clone(),
                        to,
                        file: file.clone(),
                        line,
                    });
                }
            }
        }
    }
    out
}

/// The edges that the table does not allow (unknown modules are not allowed anything).
fn forbidden(edges: &[Edge]) -> Vec<&Edge> {
    let allowed: BTreeMap<&str, BTreeSet<&str>> = ALLOWED
        .iter()
        .map(|(m, to)| (*m, to.iter().copied().collect()))
        .collect();
    edges
        .iter()
        .filter(|e| {
            !allowed
                .get(e.from.as_str())
                .is_some_and(|ok| ok.contains(e.to.as_str()))
        })
        .collect()
}

#[test]
fn module_dependencies_run_one_way() {
    let all = edges(Path::new("src"));
    assert!(
        all.len() > 50,
        "found only {} edges: is the parser broken?",
        all.len()
    );
    let bad = forbidden(&all);
    assert!(
        bad.is_empty(),
        "dependencies that point the wrong way (see the table in tests/api/layering.rs):\n{}",
        bad.iter()
            .map(|e| format!("  {}:{}: {} -> {}", e.file.display(), e.line, e.from, e.to))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_module_is_in_the_table() {
    let known: BTreeSet<&str> = ALLOWED.iter().map(|(m, _)| *m).collect();
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| module_of(Path::new("src"), f))
        .collect();
    let missing: Vec<&String> = modules
        .iter()
        .filter(|m| !known.contains(m.as_str()))
        .collect();
    assert!(missing.is_empty(), "modules without a layer: {missing:?}");
}

#[test]
fn only_io_touches_the_file_system() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut bad = Vec::new();
    for file in files {
        let Some(m) = module_of(Path::new("src"), &file) else {
            continue;
        };
        if !NO_FILE_ACCESS.contains(&m.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("source is readable");
        for (line, code) in code_lines(&text) {
            if [
                "std::fs",
                "File::open",
                "File::create",
                "fs::read",
                "fs::write",
            ]
            .iter()
            .any(|p| code.contains(p))
            {
                bad.push(format!("{}:{line}: {}", file.display(), code.trim()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "file access outside io:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_checker_catches_a_forbidden_edge() {
    // What the test sees when an algorithm imports the presentation layer, a model imports
    // a reader, or map and io import each other, in each of the three spellings.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    for (file, text) in [
        (
            "lib.rs",
            "pub use map::{Style, style::Colour};\npub use geo;\n",
        ),
        (
            "routing/layer.rs",
            "use crate::map::style;\nuse crate::geo::Point;\n",
        ),
        ("planning/layer.rs", "use crate::Style;\n"),
        (
            "network/builder.rs",
            "use crate::{error::Result, io::geojson};\n",
        ),
        ("map/svg.rs", "fn f() { crate::io::write_file(p, b) }\n"),
        (
            "centrality/mod.rs",
            "/// see [`crate::map`]\n// crate::io\n#[cfg(test)]\nmod tests {\n    use crate::io;\n}\nuse crate::network::Network;\n",
        ),
    ] {
        let path = src.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let all = edges(src);
    let bad: Vec<(String, String)> = forbidden(&all)
        .into_iter()
        .map(|e| (e.from.clone(), e.to.clone()))
        .collect();
    assert_eq!(
        bad,
        vec![
            ("map".to_string(), "io".to_string()),
            ("network".to_string(), "io".to_string()),
            ("planning".to_string(), "map".to_string()),
            ("routing".to_string(), "map".to_string()),
        ]
    );
    // The allowed edge of centrality is seen, its doc link, comment and test use are not.
    assert!(
        all.iter()
            .any(|e| e.from == "centrality" && e.to == "network")
    );
    assert!(
        !all.iter()
            .any(|e| e.from == "centrality" && e.to != "network")
    );
}
