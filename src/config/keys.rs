//! Front matter keys: those guildhall reads ([`KNOWN_KEYS`]), and a site's
//! own names for them (`front_matter:`), as Hugo's `[frontmatter]` setting
//! lets a site date its pages by a key of its own:
//!
//! ```yaml
//! front_matter:
//!   start: eventDate            # `eventDate: 2023-09-26` is read as `start:`
//!   summary: [abstract, teaser] # the first of these a file writes
//! ```

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{LocatedMapping, did_you_mean};

use super::CONFIG_FILE;
use super::layout::nested_position;

/// The keys of PRODUCT.md's front matter table (plus `kind`), and the names
/// other generators give some of them (`description`, `lastmod`,
/// `last_modified_at`, `categories`, Jekyll's `category`, `redirect_from`, `weight`,
/// `sidebar_position`, `linkTitle`).
pub const KNOWN_KEYS: &[&str] = &[
    "kind",
    "title",
    "date",
    "updated",
    "author",
    "authors",
    "tags",
    "summary",
    "slug",
    "draft",
    "aliases",
    "related",
    "accepted",
    "votes",
    "duplicate_of",
    "lang",
    "language",
    "translation_of",
    "level",
    "reviewed",
    "start",
    "end",
    "timezone",
    "location",
    "online",
    "recording",
    "slides",
    "speakers",
    "description",
    "lastmod",
    "last_modified_at",
    "categories",
    "category",
    "redirect_from",
    "weight",
    "sidebar_position",
    "order",
    "linkTitle",
    "url",
    "permalink",
    "source",
    "license",
    "image",
    "images",
];

/// `front_matter:`: each known key with the site's own names for it, in
/// the order they are tried. A file that writes the known key itself
/// keeps it (the other name is then one more unknown key).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct KeyNames {
    names: Vec<(&'static str, Vec<String>)>,
}

impl KeyNames {
    /// Each known key with the names the site gave it.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &[String])> {
        self.names
            .iter()
            .map(|(known, names)| (*known, names.as_slice()))
    }

    /// The known key the site reads `name` as (letter case aside, as
    /// keys are matched).
    pub fn known_for(&self, name: &str) -> Option<&'static str> {
        self.iter()
            .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(name)))
            .map(|(known, _)| known)
    }

    /// Reads `front_matter:` from the settings, pushing every problem; a
    /// name in error is left out.
    pub fn parse(map: &LocatedMapping, source: &Arc<str>, diagnostics: &Diagnostics) -> KeyNames {
        let mut read = KeyNames::default();
        let Some(value) = map.raw("front_matter") else {
            return read;
        };
        let pos = map.position("front_matter");
        let error_at = |key: &str, message: String| {
            let (line, col, len) =
                nested_position(source, pos.line, key).unwrap_or((pos.line, pos.col, 12));
            Diagnostic::error(CONFIG_FILE, message).at(source, line, col, len)
        };
        let Some(mapping) = value.as_mapping() else {
            diagnostics.push(error_at(
                "",
                "`front_matter` should be a mapping from guildhall's key to yours, such as `start: eventDate`".into(),
            ));
            return read;
        };
        for (key, value) in mapping {
            let key = key.as_str().unwrap_or("");
            let Some(known) = KNOWN_KEYS.iter().copied().find(|k| *k == key) else {
                let help = match did_you_mean(key, KNOWN_KEYS) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "each key is guildhall's (`start`, `summary`...), each value your name for it".into(),
                };
                diagnostics.push(
                    error_at(
                        key,
                        format!("`front_matter.{key}`: `{key}` is not a front matter key guildhall reads"),
                    )
                    .with_help(help),
                );
                continue;
            };
            let names = match names_of(value) {
                Some(names) => names,
                None => {
                    diagnostics.push(error_at(
                        key,
                        format!(
                            "`front_matter.{key}` should be a key name or a list of them, found {}",
                            crate::yaml::describe(value)
                        ),
                    ));
                    continue;
                }
            };
            let mut kept = Vec::new();
            for name in names {
                if let Some(own) = KNOWN_KEYS.iter().find(|k| k.eq_ignore_ascii_case(&name)) {
                    diagnostics.push(error_at(
                        key,
                        format!("`front_matter.{key}`: `{name}` is read as `{own}` already"),
                    ));
                } else if let Some(other) = read.known_for(&name) {
                    diagnostics.push(error_at(
                        key,
                        format!("`front_matter.{key}`: `{name}` is given to `{other}` already"),
                    ));
                } else {
                    kept.push(name);
                }
            }
            if !kept.is_empty() {
                read.names.push((known, kept));
            }
        }
        read
    }
}

/// `eventDate` or `[abstract, teaser]`, each name trimmed and not empty.
fn names_of(value: &serde_yaml::Value) -> Option<Vec<String>> {
    let name = |v: &serde_yaml::Value| {
        v.as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    match value {
        serde_yaml::Value::Sequence(items) if !items.is_empty() => items.iter().map(name).collect(),
        other => name(other).map(|n| vec![n]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (KeyNames, Vec<Diagnostic>) {
        let source: Arc<str> = Arc::from(text);
        let map = LocatedMapping::parse(text, 1).expect("test settings are YAML");
        let diagnostics = Diagnostics::default();
        let names = KeyNames::parse(&map, &source, &diagnostics);
        (names, diagnostics.sorted())
    }

    #[test]
    fn a_site_names_known_keys_its_own_way() {
        let (names, problems) =
            parse("front_matter:\n  start: eventDate\n  summary: [abstract, teaser]\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(names.known_for("eventdate"), Some("start"));
        assert_eq!(names.known_for("teaser"), Some("summary"));
        assert_eq!(names.known_for("date"), None);
        let listed: Vec<_> = names.iter().collect();
        assert_eq!(
            listed,
            [
                ("start", &["eventDate".to_string()][..]),
                (
                    "summary",
                    &["abstract".to_string(), "teaser".to_string()][..]
                )
            ]
        );
    }

    #[test]
    fn names_that_cannot_work_are_errors_on_their_line() {
        let text = "title: T\nfront_matter:\n  starts: eventDate\n  date: Title\n  end: [finish, 3]\n  summary: abstract\n  updated: abstract\n";
        let (names, problems) = parse(text);
        let messages: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.line, p.message))
            .collect();
        assert_eq!(
            messages,
            [
                "3: `front_matter.starts`: `starts` is not a front matter key guildhall reads",
                "4: `front_matter.date`: `Title` is read as `title` already",
                "5: `front_matter.end` should be a key name or a list of them, found a list",
                "7: `front_matter.updated`: `abstract` is given to `summary` already",
            ]
        );
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `start`?"));
        assert_eq!(names.known_for("abstract"), Some("summary"));
        assert_eq!(names.known_for("finish"), None);
    }
}
