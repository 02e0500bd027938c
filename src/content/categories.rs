//! Docusaurus's categories: a docs folder's `_category_.json` (or
//! `_category_.yml`) gives the folder's label, its place among its
//! siblings and a description, which Docusaurus shows as a sidebar group
//! and a generated index page. guildhall's page of a folder is its
//! `index.md`, which lists the folder's pages, so `check` warns where a
//! folder has a category and no page of its own, and `check --fix` writes
//! that page from it (the label as its `title:`, the position as its
//! `weight:`, the description as its text), never over a file. A category
//! whose page is one of its docs (`link: {type: doc, id: …}`) is left as
//! it is, the doc to rename named.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};

/// The names Docusaurus reads a category from.
pub(super) const FILE_NAMES: [&str; 3] = ["_category_.json", "_category_.yml", "_category_.yaml"];

#[derive(Deserialize, Default)]
struct Category {
    label: Option<String>,
    /// A number, which Docusaurus allows to be fractional (`2.5`).
    position: Option<f64>,
    /// Absent, `null` (no page), or the page: one of the folder's docs
    /// or a generated index.
    link: Option<Link>,
}

#[derive(Deserialize)]
struct Link {
    #[serde(rename = "type")]
    kind: Option<String>,
    id: Option<String>,
    title: Option<String>,
    description: Option<String>,
}

/// The front matter of the page `check --fix` writes.
#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<i64>,
}

/// A category whose folder has no page, and the page `check --fix` would
/// write for it.
pub struct Unpaged {
    /// The category file, as diagnostics name files (`content/docs/x/_category_.json`).
    pub file: String,
    /// Where the folder's page goes: `index.md` beside the category.
    pub page: PathBuf,
    /// The page's text, or why none is written.
    pub text: Result<String, String>,
}

/// Warns of each category among `categories` whose folder has no page
/// among `markdown` (both as found under `content`).
pub(super) fn warn(
    site: &Path,
    categories: &[PathBuf],
    markdown: &[PathBuf],
    diagnostics: &Diagnostics,
) {
    for path in unpaged_among(categories, markdown) {
        let shown = display_path(site, path);
        let Some((category, text)) = read(path, &shown, diagnostics) else {
            continue;
        };
        let problem = Diagnostic::warning(
            &shown,
            "a Docusaurus category, which guildhall does not read: a folder's page is its `index.md`",
        );
        let help = match FolderPage::of(&category, folder_name(path)) {
            Ok(page) => format!(
                "`guildhall check --fix` writes {} from it ({})",
                display_path(site, &page_of(path)),
                page.described()
            ),
            Err(why) => why,
        };
        diagnostics.push(located(problem, &text).with_help(help));
    }
}

/// Each category under `site`'s content (but those `config` ignores)
/// whose folder has no page, with the page `check --fix` writes for it
/// (problems reading them are `check`'s to report).
pub fn unpaged(site: &Path, config: &Config) -> Vec<Unpaged> {
    let quiet = Diagnostics::default();
    let content = site.join("content");
    let found = super::files::content_files(site, &content, &quiet).not_ignored(config, &content);
    unpaged_among(&found.categories, &found.markdown)
        .into_iter()
        .filter_map(|path| {
            let shown = display_path(site, path);
            let (category, _) = read(path, &shown, &quiet)?;
            Some(Unpaged {
                text: page_text(&category, folder_name(path)),
                page: page_of(path),
                file: shown,
            })
        })
        .collect()
}

/// The folders among `markdown`'s that have a page of their own: an
/// `index`, `_index` or `README`, in markdown or MDX.
fn paged_folders(markdown: &[PathBuf]) -> HashSet<&Path> {
    markdown
        .iter()
        .filter(|file| {
            let name = file.file_name().map(|n| n.to_string_lossy());
            let stem = name.as_deref().and_then(super::markdown_stem);
            stem.is_some_and(super::is_folder_page_stem)
        })
        .filter_map(|file| file.parent())
        .collect()
}

/// The categories among `categories` whose folder has no page.
fn unpaged_among<'a>(categories: &'a [PathBuf], markdown: &[PathBuf]) -> Vec<&'a PathBuf> {
    let paged = paged_folders(markdown);
    categories
        .iter()
        .filter(|path| path.parent().is_none_or(|folder| !paged.contains(folder)))
        .collect()
}

fn page_of(path: &Path) -> PathBuf {
    path.with_file_name("index.md")
}

fn folder_name(path: &Path) -> String {
    path.parent()
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The category at `path` and its text; a file that cannot be read or is
/// not a category is a warning where it goes wrong. JSON is YAML: one
/// reader takes both forms.
fn read(path: &Path, shown: &str, diagnostics: &Diagnostics) -> Option<(Category, Arc<str>)> {
    let failed = "a Docusaurus category that cannot be read";
    let help = "`label:`, `position:` and `link:`, as Docusaurus reads them";
    let (category, text) =
        super::files::read_yaml::<Option<Category>>(path, shown, failed, help, diagnostics)?;
    Some((category.unwrap_or_default(), text))
}

/// `problem` at the category's `label` key, or at its first line.
fn located(problem: Diagnostic, text: &Arc<str>) -> Diagnostic {
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, line)| {
            let key = line.trim_start();
            let indent = line.len() - key.len();
            (key.starts_with("\"label\"") || key.starts_with("label:"))
                .then_some((i + 1, indent + 1))
        })
        .unwrap_or((1, 1));
    problem.at(text, line, col, 1)
}

/// The page of a folder in a category: what `check --fix` writes, and
/// what the warning says it takes from where.
struct FolderPage {
    title: String,
    /// Where the title came from, for the warning.
    title_from: &'static str,
    weight: Option<i64>,
    description: Option<String>,
}

impl FolderPage {
    /// The page of a folder in `category`, named `folder`: its generated
    /// index's title, else its label, else the folder's name (as
    /// Docusaurus labels a folder without one), its position as its
    /// weight when whole, its description as its text. A category whose
    /// page is one of its docs gets none: that doc is the page, once it is
    /// the folder's `index.md`.
    fn of(category: &Category, folder: String) -> Result<FolderPage, String> {
        let link = category.link.as_ref();
        if let Some(link) = link.filter(|l| l.kind.as_deref() == Some("doc")) {
            let id = link.id.as_deref().unwrap_or("");
            return Err(format!(
                "its page is the doc `{id}`: rename that file `index.md` to make it the folder's page"
            ));
        }
        let (title, title_from) = match (link.and_then(|l| l.title.clone()), &category.label) {
            (Some(title), _) => (title, "its page's title as `title:`"),
            (None, Some(label)) => (label.clone(), "its label as `title:`"),
            (None, None) => (folder, "the folder's name as `title:`"),
        };
        let position = category
            .position
            .filter(|p| p.fract() == 0.0 && p.abs() < 1e15);
        let description = link
            .and_then(|l| l.description.as_deref())
            .map(str::trim)
            .filter(|d| !d.is_empty());
        Ok(FolderPage {
            title,
            title_from,
            // Whole and in range: the cast is exact.
            weight: position.map(|p| p as i64),
            description: description.map(str::to_string),
        })
    }

    fn text(&self) -> Result<String, String> {
        let front = FrontMatter {
            title: &self.title,
            weight: self.weight,
        };
        let yaml = serde_yaml::to_string(&front).map_err(|e| e.to_string())?;
        let body = self
            .description
            .as_ref()
            .map_or(String::new(), |d| format!("\n{d}\n"));
        Ok(format!("---\n{yaml}---\n{body}"))
    }

    /// What the page takes from the category, for the warning.
    fn described(&self) -> String {
        let mut parts = vec![self.title_from];
        if self.weight.is_some() {
            parts.push("its position as `weight:`");
        }
        if self.description.is_some() {
            parts.push("its description as its text");
        }
        match parts.split_last() {
            Some((last, [])) => (*last).to_string(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

/// The text of the page of a folder in `category`, named `folder`, or why
/// none is written (see [`FolderPage::of`]).
fn page_text(category: &Category, folder: String) -> Result<String, String> {
    FolderPage::of(category, folder)?.text()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(text: &str) -> Category {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn a_generated_index_becomes_a_titled_weighted_page() {
        let json = r#"{"label": "Tutorial - Basics", "position": 2, "link": {"type": "generated-index", "description": "5 minutes to learn the most important Docusaurus concepts."}}"#;
        assert_eq!(
            page_text(&category(json), "tutorial-basics".into()).unwrap(),
            "---\ntitle: Tutorial - Basics\nweight: 2\n---\n\n5 minutes to learn the most important Docusaurus concepts.\n"
        );
    }

    #[test]
    fn the_yaml_form_and_missing_fields_fall_back_as_docusaurus_does() {
        // No label: the folder's name; a fractional position: no weight;
        // a title that YAML would misread is quoted.
        assert_eq!(
            page_text(&category("position: 2.5\n"), "extras".into()).unwrap(),
            "---\ntitle: extras\n---\n"
        );
        assert_eq!(
            page_text(
                &category("label: 'Setup: first steps'\nlink: null\n"),
                "x".into()
            )
            .unwrap(),
            "---\ntitle: 'Setup: first steps'\n---\n"
        );
        let own_title = "label: Guides\nlink:\n  type: generated-index\n  title: All the guides\n";
        assert!(
            page_text(&category(own_title), "x".into())
                .unwrap()
                .contains("title: All the guides\n")
        );
    }

    #[test]
    fn a_category_whose_page_is_a_doc_names_the_doc() {
        let json = r#"{"label": "Guides", "link": {"type": "doc", "id": "guides/overview"}}"#;
        assert_eq!(
            page_text(&category(json), "guides".into()),
            Err("its page is the doc `guides/overview`: rename that file `index.md` to make it the folder's page".into())
        );
    }
}
