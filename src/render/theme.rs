//! The theme: the default one is built into the binary so `build` works
//! anywhere; a site's `themes/<name>/templates/x.html` replaces one
//! template at a time and its `static/` adds or replaces files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use super::words::Words;
use crate::config::Config;
use crate::content::{self, Entry};
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::markdown::ids::ThemeIds;
use crate::site::CalloutTitles;
use crate::util::embedded;

/// The default theme's templates, by name under `templates/`.
const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded!(
    "themes/default/",
    "templates/base.html",
    "templates/components.html",
    "templates/home.html",
    "templates/question.html",
    "templates/guide.html",
    "templates/event.html",
    "templates/page.html",
    "templates/list.html",
    "templates/folder.html",
    "templates/tag.html",
    "templates/tags.html",
    "templates/404.html",
    "templates/people.html",
    "templates/person.html",
    "templates/stats.html",
    "templates/search.html",
    "templates/analytics.html",
);

/// The default theme's static files, by path under `static/`.
const DEFAULT_STATIC: &[(&str, &str)] = embedded!(
    "themes/default/",
    "static/style.css",
    "static/favicon.svg",
    "static/search.js",
    "static/diagrams.js"
);

/// The default theme's words, one file per language (see `render::words`).
const DEFAULT_WORDS: &[(&str, &str)] = embedded!(
    "themes/default/",
    "i18n/en.yml",
    "i18n/ja.yml",
    "i18n/zh-CN.yml",
    "i18n/es.yml",
    "i18n/fr.yml",
    "i18n/de.yml",
    "i18n/pt.yml",
    "i18n/ar.yml",
);

/// Mermaid, pinned and vendored from the npm registry (package `mermaid`,
/// MIT licence), written into the output only when a page has a diagram.
pub const MERMAID: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/vendor/mermaid-12.3.0.min.js"
));
pub const MERMAID_LICENSE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/vendor/mermaid-LICENSE.txt"
));

/// A static file of the theme: built in, or from the site's theme folder.
#[derive(Debug, Clone)]
pub enum StaticFile {
    Embedded(&'static str),
    Disk(PathBuf),
}

pub struct Theme {
    pub tera: Tera,
    /// The ids the templates write, which content ids step around.
    pub ids: ThemeIds,
    /// Output path (under the output folder) to file.
    pub static_files: BTreeMap<String, StaticFile>,
    /// The default theme's words, with the site theme's `i18n/` files
    /// over them.
    pub words: Words,
}

impl Theme {
    /// The default theme with the site's overrides from
    /// `themes/<config.theme or "default">/`. `None` after pushing errors.
    /// What its words call each kind of callout, in the site's languages
    /// and those its entries are in.
    pub fn callout_titles(&self, config: &Config, entries: &[Entry]) -> CalloutTitles {
        let tags: BTreeSet<&str> = content::language_tags(config, entries).collect();
        self.words.callout_titles(tags)
    }

    pub fn load(site_dir: &Path, config: &Config, diagnostics: &Diagnostics) -> Option<Theme> {
        let mut templates: BTreeMap<String, String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(name, text)| {
                (
                    name.trim_start_matches("templates/").to_string(),
                    unindented(text),
                )
            })
            .collect();
        let mut static_files: BTreeMap<String, StaticFile> = DEFAULT_STATIC
            .iter()
            .map(|(name, text)| {
                (
                    name.trim_start_matches("static/").to_string(),
                    StaticFile::Embedded(text),
                )
            })
            .collect();
        let name = config.theme.as_deref().unwrap_or("default");
        let folder = site_dir.join("themes").join(name);
        if config.theme.is_some() && !folder.is_dir() {
            diagnostics.push(
                Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    format!("theme `{name}` not found: no themes/{name}/ folder"),
                )
                .with_help("remove `theme:` to use the built-in theme"),
            );
            return None;
        }
        let mut override_files: BTreeMap<String, String> = BTreeMap::new();
        for (rel, path) in files_under(&folder.join("templates"), site_dir, diagnostics) {
            if !rel.ends_with(".html") {
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    override_files.insert(rel.clone(), display_path(site_dir, &path));
                    templates.insert(rel, text);
                }
                Err(e) => diagnostics.push(Diagnostic::error(
                    display_path(site_dir, &path),
                    format!("cannot read template: {e}"),
                )),
            }
        }
        for (rel, path) in files_under(&folder.join("static"), site_dir, diagnostics) {
            static_files.insert(rel, StaticFile::Disk(path));
        }
        let words = load_words(&folder, site_dir, diagnostics);
        let mut tera = Tera::default();
        tera.set_escape_fn(crate::util::escape::tera_html);
        tera.register_filter("count", super::words::count_filter);
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            let message = format!("template error: {e}");
            let file = override_files
                .iter()
                .find(|(name, _)| message.contains(name.as_str()))
                .map_or_else(|| format!("themes/{name}/templates"), |(_, f)| f.clone());
            diagnostics.push(Diagnostic::error(file, message));
            return None;
        }
        let ids = ThemeIds::from_templates(
            templates
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str())),
        );
        Some(Theme {
            tera,
            ids,
            static_files,
            words,
        })
    }
}

/// The default words, then the site theme's `i18n/<tag>.yml` files.
/// A built-in template without its lines' indentation and blank lines:
/// the source stays readable, and no page carries the indentation (about
/// 300 bytes a page: 9 MB of a 10,000-entry site). The built-in templates
/// have no `<pre>` or `<textarea>`, where leading white space would show;
/// a site's own templates are kept as written.
fn unindented(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    for line in template
        .lines()
        .map(str::trim_start)
        .filter(|l| !l.is_empty())
    {
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn load_words(folder: &Path, site_dir: &Path, diagnostics: &Diagnostics) -> Words {
    let tag_of = |name: &str| {
        name.trim_start_matches("i18n/")
            .trim_end_matches(".yml")
            .to_string()
    };
    let mut texts: Vec<(String, String, String)> = DEFAULT_WORDS
        .iter()
        .map(|(name, text)| {
            (
                tag_of(name),
                format!("themes/default/{name}"),
                (*text).to_string(),
            )
        })
        .collect();
    for (rel, path) in files_under(&folder.join("i18n"), site_dir, diagnostics) {
        let Some(tag) = rel
            .strip_suffix(".yml")
            .or_else(|| rel.strip_suffix(".yaml"))
        else {
            continue;
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => texts.push((tag.to_string(), display_path(site_dir, &path), text)),
            Err(e) => diagnostics.push(Diagnostic::error(
                display_path(site_dir, &path),
                format!("cannot read: {e}"),
            )),
        }
    }
    Words::parse(
        texts
            .iter()
            .map(|(tag, file, text)| (tag.clone(), file.clone(), text.as_str())),
        diagnostics,
    )
}

/// Regular files under `dir` (not following links), as (path relative to
/// `dir` with `/`, full path), sorted.
pub fn files_under(
    dir: &Path,
    site_dir: &Path,
    diagnostics: &Diagnostics,
) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for item in WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        match item {
            Ok(item) if item.file_type().is_file() => {
                let rel = display_path(dir, item.path());
                files.push((rel, item.into_path()));
            }
            Ok(item) if item.file_type().is_symlink() => diagnostics.push(Diagnostic::warning(
                display_path(site_dir, item.path()),
                "symbolic links are not followed; the link is skipped",
            )),
            Ok(_) => {}
            Err(e) => {
                let path = e.path().map_or_else(
                    || display_path(site_dir, dir),
                    |p| display_path(site_dir, p),
                );
                diagnostics.push(Diagnostic::error(path, format!("cannot read: {e}")));
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    /// Every built-in language has every word English has, with the same
    /// `{parts}` to fill in (a date's own), and no more forms (`one |
    /// other`, month and weekday names) than English, unless they are its
    /// own plural forms, labelled (Arabic's six): a translation cannot lose
    /// a number or a name the page puts in it, nor fall back to English.
    #[test]
    fn translations_fill_in_what_english_does() {
        let read = |path: &str, text: &str| -> BTreeMap<String, String> {
            let words: BTreeMap<String, serde_yaml::Value> =
                serde_yaml::from_str(text).expect("the theme's words are YAML");
            let tag = path.trim_start_matches("i18n/").trim_end_matches(".yml");
            let text = |(key, value): (String, serde_yaml::Value)| {
                let word = match &value {
                    serde_yaml::Value::Mapping(forms) => super::super::plural::from_map(forms, tag)
                        .unwrap_or_else(|why| panic!("{path}: {key}: {why}")),
                    _ => value.as_str().expect("a text").to_string(),
                };
                (key, word)
            };
            words.into_iter().map(text).collect()
        };
        let english = read(DEFAULT_WORDS[0].0, DEFAULT_WORDS[0].1);
        for (path, text) in &DEFAULT_WORDS[1..] {
            let words = read(path, text);
            let missing: Vec<&String> =
                english.keys().filter(|k| !words.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{path} lacks {missing:?}");
            for (key, word) in words {
                let Some(original) = english.get(&key) else {
                    panic!("{path}: `{key}` is not an English word");
                };
                // A date's parts are the language's choice (`{month_number}`).
                if !key.ends_with("date_format") {
                    assert_eq!(parts(&word), parts(original), "{path}: {key}: {word}");
                }
                let forms = |w: &str| w.split(" | ").count();
                let fixed = matches!(key.as_str(), "months" | "weekdays");
                let labelled = word.starts_with("zero: ") || word.starts_with("one: ");
                assert!(
                    labelled || forms(&word) <= forms(original),
                    "{path}: {key}: {word}"
                );
                assert!(
                    !fixed || forms(&word) == forms(original),
                    "{path}: {key}: {word}"
                );
            }
        }
    }

    #[test]
    fn built_in_templates_lose_indentation_only_where_it_cannot_show() {
        for (name, text) in DEFAULT_TEMPLATES {
            for tag in ["<pre", "<textarea"] {
                assert!(
                    !text.contains(tag),
                    "{name} has {tag}: its indentation would show"
                );
            }
        }
        assert_eq!(
            unindented("<ul>\n  <li>a</li>\n\n    <li>b</li>\n</ul>"),
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        );
    }
}
