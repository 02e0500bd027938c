//! The modules of `src/` are layers: each uses only the layers below it, so
//! the code reads bottom-up and no change to a lower layer needs to know the
//! ones above it. This test reads every `crate::` path of every file in
//! `src/` and fails when a module reaches its own layer's neighbours or a
//! layer above. ARCHITECTURE.md describes the same order.

use std::collections::BTreeSet;
use std::path::Path;

/// The layers, lowest first. A module may use the modules of the layers
/// before its own, and nothing else of the crate. The binary (`main.rs`
/// and its `cli.rs`) sits above them all and is not listed.
const LAYERS: &[&[&str]] = &[
    &["util"],
    &["diagnostics", "yaml"],
    &["config", "output"],
    &["content"],
    &["site"],
    &["markdown"],
    &["analysis"],
    &["render"],
    &["publish"],
    &["build"],
    &["dev", "scaffold", "import", "linkcheck"],
    &["fuzzing"],
];

/// The binary's own files: they use the library as any program would.
const BINARY: &[&str] = &["main", "cli"];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a file of `src/` belongs to: `src/site/links.rs`
/// and `src/site/mod.rs` are `site`, `src/config.rs` is `config`.
fn module_of(rel: &Path) -> String {
    let first = rel.components().next().expect("a path under src/");
    let first = first.as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules a file's code names through `crate::` (comments
/// left out): `use crate::site::Site`, `crate::util::timing::phase(..)`
/// and each item of `use crate::{a, b::c}`.
fn modules_used(source: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                let group = group.split('}').next().unwrap_or("");
                for item in group.split(',') {
                    used.insert(first_ident(item.trim()));
                }
            } else {
                used.insert(first_ident(after));
            }
            rest = after;
        }
    }
    used.retain(|m| !m.is_empty());
    used
}

fn first_ident(path: &str) -> String {
    path.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every use of a module that is not in a layer below the user's, as
/// `file: module -> used`.
fn violations(rel: &Path, source: &str) -> Vec<String> {
    let module = module_of(rel);
    if BINARY.contains(&module.as_str()) || module == "lib" {
        return Vec::new();
    }
    let Some(own) = layer_of(&module) else {
        return vec![format!(
            "{}: module `{module}` is in no layer of tests/layers.rs",
            rel.display()
        )];
    };
    modules_used(source)
        .into_iter()
        .filter(|used| *used != module)
        .filter(|used| layer_of(used).is_none_or(|layer| layer >= own))
        .map(|used| format!("{}: `{module}` uses `{used}`", rel.display()))
        .collect()
}

fn rust_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_layers_below_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 40, "found only {} files", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let source = std::fs::read_to_string(file).unwrap();
        problems.extend(violations(rel, &source));
    }
    assert!(
        problems.is_empty(),
        "imports against the layers:\n{}",
        problems.join("\n")
    );
}

#[test]
fn an_import_from_a_layer_above_is_caught() {
    let site = Path::new("site/mod.rs");
    assert_eq!(
        violations(site, "use crate::render::theme::Theme;\n"),
        ["site/mod.rs: `site` uses `render`"]
    );
    assert_eq!(
        violations(site, "    let x = crate::build::load(o, d);\n"),
        ["site/mod.rs: `site` uses `build`"]
    );
    assert_eq!(
        violations(site, "use crate::{config::Config, analysis::Loaded};\n"),
        ["site/mod.rs: `site` uses `analysis`"]
    );
    // A neighbour in the same layer is not below either.
    assert_eq!(
        violations(Path::new("config.rs"), "use crate::output::OutputFile;\n"),
        ["config.rs: `config` uses `output`"]
    );
    // A module missing from the list is reported, not let through.
    assert_eq!(
        violations(Path::new("shiny.rs"), ""),
        ["shiny.rs: module `shiny` is in no layer of tests/layers.rs"]
    );
}

#[test]
fn imports_from_below_and_comments_pass() {
    let source = "use crate::content::Kind;\nuse crate::site::{EntryId, Site};\n\
                  // crate::build is mentioned here only\n\
                  let t = crate::util::timing::phase(\"x\", now); // crate::render too\n";
    assert!(violations(Path::new("markdown/bodies.rs"), source).is_empty());
    assert_eq!(
        modules_used(source).into_iter().collect::<Vec<_>>(),
        ["content", "site", "util"]
    );
}
