//! The ids of an output page: heading ids made from the headings' text
//! (GitHub's way), unique on the page, and never one the page's template
//! writes; and the count of its tables, whose regions are named apart.
//!
//! A page holds its template's ids (`related`, `answers`, `group-1`, an
//! answer's `answer-ana-by`...) beside the ids of its bodies. Which ids a
//! template writes is read from the theme's templates
//! ([`ThemeIds::from_templates`]), not kept in a list here, so a site's
//! own templates are covered too.

use std::collections::{BTreeMap, HashMap, HashSet};

/// The ids a page's template may write, by template: a body rendered into
/// `guide.html` steps around the ids of `guide.html`, of what it extends
/// and includes, and of the templates that define components (callable
/// from any template), not around the ids of `person.html` or
/// `stats.html`, where no body goes. A guide's `## Other` is `#other`, as
/// on GitHub, though a person's page has a section of that id.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub struct ThemeIds {
    /// Each template's ids, with those of the templates it reaches.
    pages: BTreeMap<String, TemplateIds>,
    /// Every template's ids: for a template the theme does not have.
    all: TemplateIds,
}

impl ThemeIds {
    /// Reads the ids of every template (`(name, text)`) and follows each
    /// one's `extends`, `include` and `import` to the templates it reaches.
    pub fn from_templates<'t>(templates: impl IntoIterator<Item = (&'t str, &'t str)>) -> ThemeIds {
        let templates: BTreeMap<&str, &str> = templates.into_iter().collect();
        let everywhere: Vec<&str> = templates
            .iter()
            .filter(|(_, text)| defines_components(text))
            .map(|(name, _)| *name)
            .collect();
        let pages = templates
            .keys()
            .map(|&name| {
                let mut reached: Vec<&str> = everywhere.clone();
                reach(name, &templates, &mut reached);
                let texts = reached.iter().filter_map(|n| templates.get(n).copied());
                (name.to_string(), TemplateIds::from_texts(texts))
            })
            .collect();
        ThemeIds {
            pages,
            all: TemplateIds::from_texts(templates.values().copied()),
        }
    }

    /// The ids a page rendered with `template` may hold besides its
    /// bodies' own.
    pub fn of_page(&self, template: &str) -> &TemplateIds {
        self.pages.get(template).unwrap_or(&self.all)
    }
}

/// Adds `name` and every template it names in `extends`, `include`,
/// `import` or `from` to `reached`, once each.
fn reach<'t>(name: &'t str, templates: &BTreeMap<&'t str, &'t str>, reached: &mut Vec<&'t str>) {
    if reached.contains(&name) {
        return;
    }
    let Some((&name, text)) = templates.get_key_value(name) else {
        return;
    };
    reached.push(name);
    for named in named_templates(text) {
        reach(named, templates, reached);
    }
}

/// The templates a template's tags name: `{% extends "base.html" %}`,
/// `{% include "analytics.html" %}`, `{% import "x.html" as x %}`,
/// `{% from "x.html" import y %}`.
fn named_templates(text: &str) -> impl Iterator<Item = &str> {
    text.split("{%").skip(1).filter_map(|tag| {
        let tag = tag.trim_start_matches('-').trim_start();
        let rest = ["extends", "include", "import", "from"]
            .into_iter()
            .find_map(|word| tag.strip_prefix(word))?
            .trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let rest = &rest[1..];
        Some(&rest[..rest.find(quote)?])
    })
}

/// Whether a template defines components (`{% component name(..) %}`),
/// which every template may call.
fn defines_components(text: &str) -> bool {
    text.split("{%").skip(1).any(|tag| {
        tag.trim_start_matches('-')
            .trim_start()
            .starts_with("component ")
    })
}

/// The ids some templates write: exact ones (`id="related"`) and
/// patterns around a template expression (`id="group-{{ loop.index }}"`
/// is `group-` followed by anything).
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub struct TemplateIds {
    exact: Vec<String>,
    /// (before, after) the expressions: an id that starts with `before`,
    /// ends with `after` and has something between them.
    patterns: Vec<(String, String)>,
}

impl TemplateIds {
    /// Reads the `id="..."` and `id='...'` attributes of `templates` (and
    /// the `id="..."` arguments of component calls, which become ids). A
    /// value that is only an expression (`id="{{ id }}"`) says nothing by
    /// itself: its values are the arguments found elsewhere.
    fn from_texts<'t>(templates: impl IntoIterator<Item = &'t str>) -> TemplateIds {
        let mut exact = HashSet::new();
        let mut patterns = HashSet::new();
        for text in templates {
            for value in id_values(text) {
                match split_expressions(value) {
                    None => {
                        exact.insert(value.to_string());
                    }
                    Some((before, after)) if !before.is_empty() || !after.is_empty() => {
                        patterns.insert((before.to_string(), after.to_string()));
                    }
                    Some(_) => {}
                }
            }
        }
        let mut exact: Vec<String> = exact.into_iter().collect();
        exact.sort();
        let mut patterns: Vec<(String, String)> = patterns.into_iter().collect();
        patterns.sort();
        TemplateIds { exact, patterns }
    }

    /// Whether the templates may write `id` on a page.
    pub fn contains(&self, id: &str) -> bool {
        self.exact.binary_search_by(|e| e.as_str().cmp(id)).is_ok()
            || self.patterns.iter().any(|(before, after)| {
                id.len() > before.len() + after.len()
                    && id.starts_with(before.as_str())
                    && id.ends_with(after.as_str())
            })
    }
}

/// The values of `id=` attributes in a template's text.
fn id_values(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("id=").filter_map(move |(at, _)| {
        let before = text[..at].chars().next_back();
        // `id=` as a whole attribute name, not `data-id=` or `grid=`.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_') {
            return None;
        }
        let rest = &text[at + 3..];
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let rest = &rest[1..];
        let end = rest.find(quote)?;
        Some(&rest[..end])
    })
}

/// `None` for a value without template expressions, else the text before
/// the first `{{`/`{%` and after the last `}}`/`%}`.
fn split_expressions(value: &str) -> Option<(&str, &str)> {
    let first = [value.find("{{"), value.find("{%")]
        .into_iter()
        .flatten()
        .min()?;
    let last = [value.rfind("}}"), value.rfind("%}")]
        .into_iter()
        .flatten()
        .max()
        .map_or(value.len(), |at| at + 2);
    Some((&value[..first], &value[last.max(first)..]))
}

/// Ids already used on one output page, shared by a question and its answers.
#[derive(Debug, Default)]
pub struct IdScope<'t> {
    used: HashSet<String>,
    theme: Option<&'t TemplateIds>,
    /// For each base id that was taken, where its suffixes stand: a page
    /// of many `## Step` headings costs a look-up each, not a walk through
    /// `step-1`, `step-2`... every time. Ids are never freed, so every
    /// suffix before it stays taken.
    suffixes: HashMap<String, Suffixes>,
    /// Tables on the page so far, to name each one apart.
    tables: usize,
}

/// The next suffix to try for one base id.
#[derive(Debug, Clone, Copy)]
struct Suffixes {
    /// `step-1`, `step-2`...; or, once the theme took that many of those
    /// in a row (a theme writing `group-{{ n }}` takes every `group-N`),
    /// `content-group-1`, `content-group-2`...
    prefixed: bool,
    next: usize,
    theme_taken_in_a_row: usize,
}

/// How many suffixed ids in a row the theme may take before the next form.
const THEME_TAKEN_LIMIT: usize = 16;

impl<'t> IdScope<'t> {
    /// A scope for a page whose template writes `theme`.
    pub fn new(theme: &'t TemplateIds) -> IdScope<'t> {
        IdScope {
            theme: Some(theme),
            ..IdScope::default()
        }
    }

    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    fn theme_writes(&self, id: &str) -> bool {
        self.theme.is_some_and(|theme| theme.contains(id))
    }

    /// `base`, or `base-1`, `base-2`... whichever is free, on the page and
    /// of the theme's ids. Should the theme write every `base-N`, the ids
    /// go on as `content-base-1`, `content-base-2`...; a theme that takes
    /// those too (an id of only `c` and an expression, say) cannot be
    /// stepped around, and its pattern is then ignored.
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if !self.used.contains(base) && !self.theme_writes(base) {
            self.used.insert(base.to_string());
            return base.to_string();
        }
        let mut at = self.suffixes.get(base).copied().unwrap_or(Suffixes {
            prefixed: false,
            next: 1,
            theme_taken_in_a_row: 0,
        });
        let id = loop {
            let prefix = if at.prefixed { "content-" } else { "" };
            let id = format!("{prefix}{base}-{}", at.next);
            at.next += 1;
            if self.used.contains(&id) {
                continue;
            }
            if self.theme_writes(&id) && at.theme_taken_in_a_row < THEME_TAKEN_LIMIT {
                at.theme_taken_in_a_row += 1;
                if at.theme_taken_in_a_row == THEME_TAKEN_LIMIT && !at.prefixed {
                    (at.prefixed, at.next, at.theme_taken_in_a_row) = (true, 1, 0);
                }
                continue;
            }
            at.theme_taken_in_a_row = 0;
            break id;
        };
        self.suffixes.insert(base.to_string(), at);
        self.used.insert(id.clone());
        id
    }

    /// The number of the next table on the page, from 1.
    pub fn next_table(&mut self) -> usize {
        self.tables += 1;
        self.tables
    }

    pub fn into_ids(self) -> HashSet<String> {
        self.used
    }
}

/// The id a heading's text gives, GitHub style: lowercase, letters, digits,
/// `-` and `_` kept, spaces to `-`, the rest dropped.
pub fn heading_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            slug.push('-');
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_slugs_follow_github() {
        assert_eq!(heading_slug("Set up SSH keys"), "set-up-ssh-keys");
        assert_eq!(heading_slug("What's `cargo`?"), "whats-cargo");
        assert_eq!(heading_slug("Ünïcode ok"), "ünïcode-ok");
    }

    #[test]
    fn ids_are_unique_in_a_scope() {
        let mut scope = IdScope::default();
        assert_eq!(scope.unique("intro"), "intro");
        assert_eq!(scope.unique("intro"), "intro-1");
        assert_eq!(scope.unique(""), "section");
    }

    #[test]
    fn suffixes_skip_ids_taken_in_any_order() {
        let mut scope = IdScope::default();
        scope.reserve("step-2");
        let ids: Vec<String> = (0..4).map(|_| scope.unique("step")).collect();
        assert_eq!(ids, ["step", "step-1", "step-3", "step-4"]);
        // An explicit `{#step-5}` taken later is still skipped.
        assert_eq!(scope.unique("step-5"), "step-5");
        assert_eq!(scope.unique("step"), "step-6");
        assert_eq!(scope.unique("step-1"), "step-1-1");
    }

    #[test]
    fn theme_ids_are_read_from_templates() {
        let theme = TemplateIds::from_texts([
            r#"<section aria-labelledby="related"><h2 id="related">Related</h2>"#,
            r#"{{ <links id="see-also" /> }}<div data-id="x" id='toc'>"#,
            r#"<h3 id="group-{{ loop.index }}"> <p id="{{ a.anchor }}-by"> <h2 id="{{ id }}">"#,
        ]);
        for id in [
            "related",
            "see-also",
            "toc",
            "group-1",
            "group-x",
            "answer-ana-by",
        ] {
            assert!(theme.contains(id), "{id}");
        }
        for id in ["x", "group-", "-by", "relate", "intro", "by"] {
            assert!(!theme.contains(id), "{id}");
        }
    }

    #[test]
    fn content_ids_step_around_the_themes() {
        let theme = TemplateIds::from_texts([r#"<h2 id="related"> <h3 id="group-{{ n }}">"#]);
        let mut scope = IdScope::new(&theme);
        assert_eq!(scope.unique("related"), "related-1");
        assert_eq!(scope.unique("related"), "related-2");
        assert_eq!(scope.unique("group"), "group");
        // `group-1` is the theme's: the next free one is a new base.
        // Every `group-N` is the theme's: the ids go on with a prefix.
        assert_eq!(scope.unique("group"), "content-group-1");
        assert_eq!(scope.unique("group"), "content-group-2");
        assert_eq!(scope.unique("group-1"), "content-group-1-1");
        // A pattern no id escapes is ignored rather than looped on.
        let greedy = TemplateIds::from_texts([r#"<p id="s{{ n }}"><p id="c{{ n }}">"#]);
        let mut scope = IdScope::new(&greedy);
        assert_eq!(scope.unique("step"), "content-step-17");
    }

    #[test]
    fn a_page_steps_around_the_ids_of_its_own_templates_only() {
        let theme = ThemeIds::from_templates([
            ("base.html", r#"<main id="main">{% include "nav.html" %}"#),
            ("nav.html", r#"<form id="site-search">"#),
            (
                "components.html",
                r#"{% component links(id) %}<h2 id="{{ id }}">{% endcomponent links %}"#,
            ),
            (
                "guide.html",
                r#"{%- extends "base.html" %}{{ <links id="related" /> }}"#,
            ),
            ("person.html", r#"{% extends 'base.html' %}<h2 id="other">"#),
        ]);
        let guide = theme.of_page("guide.html");
        for id in ["main", "site-search", "related"] {
            assert!(guide.contains(id), "{id}");
        }
        assert!(
            !guide.contains("other"),
            "person.html's id is not a guide's"
        );
        assert!(theme.of_page("person.html").contains("other"));
        assert!(!theme.of_page("person.html").contains("related"));
        // A template the theme lacks: every template's ids, to be safe.
        assert!(theme.of_page("missing.html").contains("other"));
        let mut scope = IdScope::new(guide);
        assert_eq!(scope.unique("other"), "other");
        assert_eq!(scope.unique("related"), "related-1");
    }

    #[test]
    fn templates_that_name_each_other_are_followed_once() {
        let theme = ThemeIds::from_templates([
            ("a.html", r#"{% include "b.html" %}<p id="a">"#),
            ("b.html", r#"{% include "a.html" %}<p id="b">"#),
        ]);
        assert!(theme.of_page("a.html").contains("b"));
        assert!(theme.of_page("b.html").contains("a"));
    }
}
