//! `guildhall import`: a community's history kept elsewhere becomes
//! content files. Each source has its reader (`stackexchange`); what every
//! source needs is shared: writing files and re-importing
//! ([`writer`]), naming people ([`people`]), the front matter of an
//! imported post with its attribution ([`entry`]), bodies in HTML made
//! markdown ([`entry::markdown_of_html`]), and links between imported
//! posts made links between their files ([`links`]).

pub mod discourse;
pub mod entry;
pub mod github;
pub mod json;
pub mod links;
pub mod people;
pub mod stackexchange;
pub mod threads;
pub mod writer;

use std::path::Path;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::util::words::count;
use writer::Written;

/// What an import did, for its closing lines.
#[derive(Debug, Default)]
pub struct Summary {
    pub questions: usize,
    pub answers: usize,
    pub accepted: usize,
    pub duplicates: usize,
    pub people: usize,
    pub comments: usize,
    /// Threads written as pages (not questions).
    pub pages: usize,
    pub written: Written,
    /// Files left alone, with why.
    pub kept: Vec<String>,
    /// Posts not imported, by reason, with a line per post for `-v`.
    pub skipped: Vec<(String, Vec<String>)>,
    /// Posts imported with something to look at, by reason, likewise.
    pub notes: Vec<(String, Vec<String>)>,
    /// The folder questions went to (`content/questions`).
    pub folder: String,
}

impl Summary {
    /// The closing lines: what was imported, what was written, what was
    /// kept or skipped (each skipped post named when `verbose`).
    pub fn lines(&self, verbose: bool) -> Vec<String> {
        let mut lines = Vec::new();
        let w = &self.written;
        lines.push(format!(
            "Imported into {}: {}, {} ({} accepted), {}, {}, {}",
            self.folder,
            count(self.questions, "question", None),
            count(self.answers, "answer", None),
            self.accepted,
            count(self.duplicates, "duplicate", None),
            count(self.people, "person", Some("people")),
            count(self.comments, "comment", None)
        ));
        if self.pages > 0 {
            lines.push(format!("Also {}", count(self.pages, "page", None)));
        }
        lines.push(format!(
            "Files: {} new, {} updated, {} unchanged, {} kept as edited by hand",
            w.created, w.updated, w.unchanged, w.kept
        ));
        let skipped = self.skipped.iter().map(|(r, p)| ("Skipped ", r, p));
        let notes = self.notes.iter().map(|(r, p)| ("Imported ", r, p));
        for (verb, reason, posts) in skipped.chain(notes) {
            lines.push(format!("{verb}{} {reason}", posts.len()));
            if verbose {
                lines.extend(posts.iter().map(|p| format!("  {p}")));
            }
        }
        lines
    }
}

/// Why an import stopped before writing anything.
#[derive(Debug)]
pub enum ImportError {
    /// The command was called wrongly (exit 2).
    Usage(String),
    /// The input or the site is not as it should be (exit 1).
    Input(String),
}

/// The settings of the site to import into, which must have a
/// `guildhall.yml` without errors (the folder for questions comes from
/// it).
pub fn site_config(site: &Path) -> Result<Config, ImportError> {
    if !site.join(crate::config::CONFIG_FILE).is_file() {
        return Err(ImportError::Input(format!(
            "{} has no {}: import into a guildhall site (`guildhall init` makes one)",
            site.display(),
            crate::config::CONFIG_FILE
        )));
    }
    let diagnostics = Diagnostics::default();
    let config = Config::load(site, &diagnostics);
    let problems = diagnostics.sorted();
    if let Some(first) = problems.iter().find(|d| d.is_error()) {
        return Err(ImportError::Input(format!(
            "{}: {} (fix the settings first)",
            site.join(crate::config::CONFIG_FILE).display(),
            first.message
        )));
    }
    Ok(config)
}
