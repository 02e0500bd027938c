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

/// Where the search page's "Ask this as a question" leads.
#[derive(serde::Serialize)]
pub struct Ask {
    /// GitHub's new-file page in the questions folder, which `search.js`
    /// completes with the file name and front matter made from the query;
    /// empty without `repository:`.
    pub new_file: String,
    /// For browsers without JavaScript: the same page with a template
    /// question, or (without `repository:`) the site's contributing page;
    /// empty when there is neither.
    pub any: String,
}

pub fn ask(site: &Site) -> Ask {
    let contributing = site
        .page_ids()
        .find(|&id| site.paths[id] == "/contributing/")
        .map(|id| site.entry_url(id))
        .unwrap_or_default();
    let Some(repository) = site.config.repository.as_deref() else {
        return Ask {
            new_file: String::new(),
            any: contributing,
        };
    };
    let branch = utf8_percent_encode(&site.config.branch, SEGMENT);
    let folder = format!("content/{}", site.config.layout.questions);
    let new_file = format!("{repository}/new/{branch}/{}", repo_path(site, &folder));
    let today = site.build_time.strftime("%Y-%m-%d");
    let value = format!(
        "---\ntitle: Your question\ndate: {today}\ntags: []\n---\n\nWhat are you trying to do? What did you try, and what happened?\n"
    );
    let any = format!(
        "{new_file}?filename=your-question.md&value={}",
        utf8_percent_encode(&value, NON_ALPHANUMERIC)
    );
    Ask { new_file, any }
}
