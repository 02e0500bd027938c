//! Links into the site's GitHub repository (`repository:` in the config):
//! "Edit this page" on every page, and "Answer this question": GitHub's
//! new-file page in the question's folder with the file name and the
//! answer's front matter filled in, so an answer is one pull request.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::content::Kind;
use crate::site::{EntryId, Site};

/// Characters escaped in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `content/x y.md` as `content/x%20y.md`, under `repository_folder`.
fn repo_path(site: &Site, path: &str) -> String {
    let folder = site.config.repository_folder.trim_matches('/');
    let full = if folder.is_empty() {
        path.to_string()
    } else {
        format!("{folder}/{path}")
    };
    full.split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// GitHub's editor for the entry's file.
pub fn edit_url(site: &Site, id: EntryId) -> Option<String> {
    let repository = site.config.repository.as_deref()?;
    let branch = utf8_percent_encode(&site.config.branch, SEGMENT);
    Some(format!(
        "{repository}/edit/{branch}/{}",
        repo_path(site, &site.entry(id).file)
    ))
}

/// GitHub's new-file page for an answer to question `id`.
pub fn answer_url(site: &Site, id: EntryId) -> Option<String> {
    let repository = site.config.repository.as_deref()?;
    let entry = site.entry(id);
    if entry.kind != Kind::Question {
        return None;
    }
    // Answers go in the question's folder; beside `x.md` that is `x/`.
    let folder = entry
        .file
        .trim_end_matches("/index.md")
        .trim_end_matches("/README.md")
        .trim_end_matches(".md");
    let taken: Vec<&str> = site.answers[id]
        .iter()
        .map(|&a| site.entry(a).stem())
        .collect();
    let name = (site.answers[id].len() + 1..)
        .map(|n| format!("answer-{n}"))
        .find(|name| !taken.contains(&name.as_str()))
        .unwrap_or_else(|| "answer".into());
    let today = site.build_time.strftime("%Y-%m-%d");
    let value = format!(
        "---\ndate: {today}\nauthor: Your Name\n---\n\nYour answer: what to do, and why it works.\n"
    );
    let branch = utf8_percent_encode(&site.config.branch, SEGMENT);
    Some(format!(
        "{repository}/new/{branch}/{}?filename={}&value={}",
        repo_path(site, folder),
        utf8_percent_encode(&format!("{name}.md"), NON_ALPHANUMERIC),
        utf8_percent_encode(&value, NON_ALPHANUMERIC),
    ))
}
