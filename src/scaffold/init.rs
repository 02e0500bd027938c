//! `guildhall init DIR`: a new knowledge base that builds at once, with
//! contributor docs and GitHub workflows for checks and Pages. The files
//! live in `starter/` and are built into the binary.

use std::path::{Path, PathBuf};

use crate::util::embedded;

const FILES: &[(&str, &str)] = embedded!(
    "starter/",
    "guildhall.yml",
    "README.md",
    "CONTRIBUTING.md",
    ".gitignore",
    ".github/pull_request_template.md",
    ".github/workflows/pages.yml",
    ".github/workflows/check.yml",
    "content/index.md",
    "content/questions/how-do-i-ask-a-good-question/index.md",
    "content/questions/how-do-i-ask-a-good-question/alex-example.md",
    "content/questions/what-should-we-document-first.md",
    "content/guides/how-to-contribute.md",
    "content/events/kickoff-meetup.md",
);

/// Writes the starter site into `dir`, which must be missing or empty.
/// Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(format!(
            "{} is not empty: init only writes into a new or empty folder",
            dir.display()
        ));
    }
    let title = site_title(dir);
    let mut written = Vec::with_capacity(FILES.len());
    for (name, text) in FILES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let text = text.replace("__SITE_TITLE__", &title);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// "Ops Guild KB" from a folder named `ops-guild-kb`.
fn site_title(dir: &Path) -> String {
    let name = std::path::absolute(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let words: Vec<String> = name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect();
    if words.is_empty() {
        "Our knowledge base".into()
    } else {
        words.join(" ")
    }
}
