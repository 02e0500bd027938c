//! Where things are: the top-level folders of `content/` that hold each
//! kind (`sections:`), and the paths of the pages guildhall generates
//! (`paths:`), so that a site moving from another generator keeps its
//! folders and its URLs.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{LocatedMapping, did_you_mean};

use super::CONFIG_FILE;

/// Each value is one folder name: no `/`, never empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Layout {
    /// `content/<questions>/` holds questions and answers; their lists are
    /// at `/<questions>/`.
    pub questions: String,
    pub guides: String,
    pub events: String,
    /// The search page and its index files, `/<search>/`.
    pub search: String,
    /// Tag pages, `/<tags>/` and `/<tags>/<tag>/`.
    pub tags: String,
    /// People pages, `/<people>/` and `/<people>/<person>/`.
    pub people: String,
    /// The community health page, `/<stats>/`.
    pub stats: String,
    /// The site's languages: a top-level folder or a file suffix naming
    /// one gives its files' language (see `content::language`).
    pub languages: super::Languages,
    /// The site's own names for front matter keys (`front_matter:`).
    pub front_matter: super::KeyNames,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            questions: "questions".into(),
            guides: "guides".into(),
            events: "events".into(),
            search: "search".into(),
            tags: "tags".into(),
            people: "people".into(),
            stats: "stats".into(),
            languages: super::Languages::default(),
            front_matter: super::KeyNames::default(),
        }
    }
}

const SECTION_KEYS: &[&str] = &["questions", "guides", "events"];
const PATH_KEYS: &[&str] = &["search", "tags", "people", "stats"];

impl Layout {
    /// The folders of the three sections, questions first.
    pub fn sections(&self) -> [&str; 3] {
        [&self.questions, &self.guides, &self.events]
    }

    /// The section whose folder is `folder`, by its fixed name
    /// (`questions`, `guides` or `events`: what templates compare).
    pub fn section_named(&self, folder: &str) -> Option<&'static str> {
        SECTION_KEYS
            .iter()
            .zip(self.sections())
            .find(|(_, f)| *f == folder)
            .map(|(key, _)| *key)
    }

    /// The folder of the section named `key` (`questions`, `guides`,
    /// `events`), or `key` itself for any other name.
    pub fn folder_of<'a>(&'a self, key: &'a str) -> &'a str {
        match key {
            "questions" => &self.questions,
            "guides" => &self.guides,
            "events" => &self.events,
            _ => key,
        }
    }

    /// `/<tags>/`, the list of tags.
    pub fn tags_path(&self) -> String {
        format!("/{}/", self.tags)
    }

    /// `/<tags>/<slug>/`, one tag's page.
    pub fn tag_path(&self, slug: &str) -> String {
        format!("/{}/{slug}/", self.tags)
    }

    pub fn people_path(&self) -> String {
        format!("/{}/", self.people)
    }

    pub fn person_path(&self, slug: &str) -> String {
        format!("/{}/{slug}/", self.people)
    }

    pub fn stats_path(&self) -> String {
        format!("/{}/", self.stats)
    }

    /// `/<search>/`: the search page, with its index files beside it.
    pub fn search_path(&self) -> String {
        format!("/{}/", self.search)
    }

    /// `/<folder>/` of the section named `key` (`questions`...), plus
    /// `rest` (`unanswered/`, `feed.xml`, or nothing).
    pub fn section_path(&self, key: &str, rest: &str) -> String {
        format!("/{}/{rest}", self.folder_of(key))
    }

    fn slot(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "questions" => &mut self.questions,
            "guides" => &mut self.guides,
            "events" => &mut self.events,
            "search" => &mut self.search,
            "tags" => &mut self.tags,
            "people" => &mut self.people,
            "stats" => &mut self.stats,
            _ => return None,
        })
    }

    fn all(&self) -> [(&'static str, &str); 7] {
        [
            ("sections.questions", &self.questions),
            ("sections.guides", &self.guides),
            ("sections.events", &self.events),
            ("paths.search", &self.search),
            ("paths.tags", &self.tags),
            ("paths.people", &self.people),
            ("paths.stats", &self.stats),
        ]
    }

    /// Reads `sections:` and `paths:` from the settings, pushing every
    /// problem; a value in error keeps its default.
    pub fn parse(map: &LocatedMapping, source: &Arc<str>, diagnostics: &Diagnostics) -> Layout {
        let mut layout = Layout::default();
        for (section, keys) in [("sections", SECTION_KEYS), ("paths", PATH_KEYS)] {
            let Some(value) = map.raw(section) else {
                continue;
            };
            let pos = map.position(section);
            let error_at = |key: &str, message: String| {
                let (line, col, len) = nested_position(source, pos.line, key).unwrap_or((
                    pos.line,
                    pos.col,
                    section.len(),
                ));
                Diagnostic::error(CONFIG_FILE, message).at(source, line, col, len)
            };
            let Some(mapping) = value.as_mapping() else {
                diagnostics.push(error_at(
                    "",
                    format!(
                        "`{section}` should be a mapping such as `{}: {}`",
                        keys[0], keys[0]
                    ),
                ));
                continue;
            };
            for (key, value) in mapping {
                let key = key.as_str().unwrap_or("");
                if !keys.contains(&key) {
                    let mut d = error_at(
                        key,
                        format!(
                            "unknown setting `{section}.{key}`: it takes {}",
                            keys.join(", ")
                        ),
                    );
                    if let Some(s) = did_you_mean(key, keys) {
                        d = d.with_help(format!("did you mean `{s}`?"));
                    }
                    diagnostics.push(d);
                    continue;
                }
                match value.as_str().map(|v| v.trim().trim_matches('/')) {
                    Some(folder) if is_folder_name(folder) => {
                        if let Some(slot) = layout.slot(key) {
                            *slot = folder.to_string();
                        }
                    }
                    _ => diagnostics.push(error_at(
                        key,
                        format!(
                            "`{section}.{key}` should be one folder name such as `{key}`, found {}",
                            crate::yaml::describe(value)
                        ),
                    )),
                }
            }
        }
        layout.check_distinct(map, source, diagnostics);
        layout
    }

    /// Two settings naming one folder would put two things on one URL.
    fn check_distinct(&self, map: &LocatedMapping, source: &Arc<str>, diagnostics: &Diagnostics) {
        let all = self.all();
        for (i, (setting, folder)) in all.iter().enumerate() {
            if let Some((other, _)) = all[..i].iter().find(|(_, f)| f == folder) {
                let (section, key) = setting.split_once('.').unwrap_or((setting, ""));
                let pos = map.position(section);
                let (line, col, len) = nested_position(source, pos.line, key).unwrap_or((
                    pos.line,
                    pos.col,
                    section.len(),
                ));
                diagnostics.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        format!("`{other}` and `{setting}` are both `{folder}`: each needs its own folder"),
                    )
                    .at(source, line, col, len),
                );
            }
        }
    }
}

/// Where `key:` stands in the indented block after line `section_line`
/// (1-based line, column, key length), for a nested setting's message.
pub(super) fn nested_position(
    source: &str,
    section_line: usize,
    key: &str,
) -> Option<(usize, usize, usize)> {
    if key.is_empty() {
        return None;
    }
    for (i, line) in source.lines().enumerate().skip(section_line) {
        let rest = line.trim_start();
        if line.len() == rest.len() && !rest.is_empty() && !rest.starts_with('#') {
            return None;
        }
        if rest
            .strip_prefix(key)
            .is_some_and(|after| after.trim_start().starts_with(':'))
        {
            return Some((i + 1, line.len() - rest.len() + 1, key.chars().count()));
        }
    }
    None
}

/// One path segment that is safe in a URL and on every file system.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Layout, Vec<Diagnostic>) {
        let diagnostics = Diagnostics::default();
        let source: Arc<str> = Arc::from(text);
        let map = LocatedMapping::parse(&source, 1).unwrap();
        let layout = Layout::parse(&map, &source, &diagnostics);
        (layout, diagnostics.sorted())
    }

    #[test]
    fn sections_and_paths_move() {
        let (layout, d) =
            parse("sections:\n  guides: docs\npaths:\n  search: /find/\n  tags: topics\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(layout.sections(), ["questions", "docs", "events"]);
        assert_eq!(
            (layout.search.as_str(), layout.tags.as_str()),
            ("find", "topics")
        );
        assert_eq!(layout.people, "people");
    }

    #[test]
    fn bad_values_unknown_keys_and_clashes_are_errors() {
        let (layout, d) =
            parse("sections:\n  guides: a/b\n  event: x\npaths:\n  tags: questions\n");
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("`sections.guides` should be one folder name"));
        assert_eq!((d[0].line, d[0].col), (2, 3));
        assert!(messages[1].contains("unknown setting `sections.event`"));
        assert_eq!(d[1].help.as_deref(), Some("did you mean `events`?"));
        assert_eq!((d[1].line, d[1].col), (3, 3));
        assert!(messages[2].contains("`sections.questions` and `paths.tags` are both `questions`"));
        assert_eq!((d[2].line, d[2].col), (5, 3));
        assert_eq!(layout.guides, "guides", "a bad value keeps the default");
    }
}
