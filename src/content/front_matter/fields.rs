//! Reading front matter fields one at a time ([`Reader`]), each bad value
//! a located problem with its key, and [`read_known`]: every field
//! guildhall knows, in the order they are read.

use std::sync::Arc;

use super::{FrontMatter, KeyedProblem, Level, License, More, Source, byline};
use crate::content::dates::When;
use crate::diagnostics::Diagnostic;
use crate::yaml::LocatedMapping;

/// A one-or-many list: `tags: rust` reads like `tags: [rust]`.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// A person as front matter names them: a name, or a map with `name` and
/// an optional `url` and `affiliation` (other keys of the map are read
/// past).
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum PersonField {
    Name(String),
    Map {
        name: String,
        url: Option<String>,
        affiliation: Option<String>,
    },
}

/// One person or a list of them.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum PeopleField {
    One(PersonField),
    Many(Vec<PersonField>),
}

/// Every field guildhall knows, into `fm` and, for the fields few
/// entries set, `more`.
pub(super) fn read_known(reader: &mut Reader, fm: &mut FrontMatter, more: &mut More) {
    fm.kind = reader.text("kind");
    fm.title = reader.text("title");
    // Hugo's `linkTitle`, Docusaurus's `sidebar_label`.
    more.link_title = reader
        .text("linkTitle")
        .or_else(|| reader.text("sidebar_label"));
    // Keys other generators use for the same fields: Hugo's and Jekyll's
    // `description`, `lastmod`, `last_modified_at`.
    fm.summary = reader
        .text("summary")
        .or_else(|| reader.text("description"));
    fm.slug = reader.text("slug");
    more.permalink = reader.text("url").or_else(|| reader.text("permalink"));
    more.duplicate_of = reader.text("duplicate_of");
    fm.lang = reader.text("lang").or_else(|| reader.text("language"));
    more.translation_of = reader.text("translation_of");
    more.timezone = reader.text("timezone");
    more.location = reader.text("location");
    more.online = reader.text("online");
    more.recording = reader.text("recording");
    more.slides = reader.text("slides");
    fm.date = reader.when("date");
    fm.updated = reader
        .when("updated")
        .or_else(|| reader.when("lastmod"))
        .or_else(|| reader.when("last_modified_at"));
    fm.reviewed = reader.when("reviewed");
    more.start = reader.when("start");
    more.end = reader.when("end");
    // Hugo's `categories` is a taxonomy like tags; Jekyll's
    // `redirect_from` lists old addresses, as `aliases` does.
    fm.tags = reader.list("tags");
    more.categories = reader.list("categories");
    more.categories.extend(reader.list("category"));
    fm.tags.extend(more.categories.iter().cloned());
    fm.aliases = reader.list("aliases");
    fm.aliases.extend(reader.list("redirect_from"));
    more.related = reader.list("related");
    more.speakers = reader.people("speakers", more);
    fm.authors = reader.people("author", more);
    fm.authors.extend(reader.people("authors", more));
    for key in ["weight", "sidebar_position", "order"] {
        if let Some(order) = reader.get::<i64>(key, "a whole number") {
            fm.order = Some(order);
            break;
        }
    }
    more.image = reader
        .text("image")
        .or_else(|| reader.list("images").into_iter().next());
    more.source = reader.source();
    more.license = reader.get::<License>("license", "a licence name, or `name:` and `url:`");
    if let Some(url) = more.license.as_ref().and_then(License::url)
        && !crate::config::is_web_url(url)
    {
        reader.error(
            "license",
            format!("the licence's `url` should be a web address, found `{url}`"),
        );
        more.license = None;
    }
    fm.draft = reader.flag("draft");
    fm.accepted = reader.flag("accepted");
    if let Some(votes) = reader.get::<i64>("votes", "a whole number") {
        fm.votes = votes;
    }
    if let Some(level) = reader.text("level") {
        match level.as_str() {
            "beginner" => fm.level = Some(Level::Beginner),
            "intermediate" => fm.level = Some(Level::Intermediate),
            "advanced" => fm.level = Some(Level::Advanced),
            other => reader.error(
                "level",
                format!("`level` should be beginner, intermediate or advanced, found `{other}`"),
            ),
        }
    }
    for list in [&mut fm.tags, &mut fm.authors, &mut more.speakers] {
        list.retain(|s| !s.trim().is_empty());
        for item in list.iter_mut() {
            *item = item.trim().to_string();
        }
    }
}

/// Reads fields one at a time, recording a located error for each bad one.
pub(super) struct Reader<'a> {
    pub(super) map: &'a LocatedMapping,
    pub(super) file: &'a str,
    pub(super) source: &'a Arc<str>,
    pub(super) problems: &'a mut Vec<KeyedProblem>,
}

impl Reader<'_> {
    fn error(&mut self, key: &str, message: String) {
        let pos = self.map.position(key);
        let problem = Diagnostic::error(self.file, message).at(
            self.source,
            pos.line,
            pos.value_col,
            pos.value_len,
        );
        self.problems.push((Some(key.to_string()), problem));
    }

    fn get<T: serde::de::DeserializeOwned>(&mut self, key: &str, expected: &str) -> Option<T> {
        match self.map.get::<T>(key, expected)? {
            Ok(v) => Some(v),
            Err(message) => {
                self.error(key, message);
                None
            }
        }
    }

    /// Text fields also take numbers and booleans as written (`title: 1984`).
    fn text(&mut self, key: &str) -> Option<String> {
        match self.map.raw(key)? {
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            serde_yaml::Value::Bool(b) => Some(b.to_string()),
            _ => self.get::<String>(key, "a text"),
        }
    }

    fn list(&mut self, key: &str) -> Vec<String> {
        self.get::<OneOrMany>(key, "a list of texts")
            .map(OneOrMany::into_vec)
            .unwrap_or_default()
    }

    /// `source:`, whose addresses must be web addresses.
    fn source(&mut self) -> Option<Source> {
        let source = self.get::<Source>(
            "source",
            "`name:` with optional `url:`, `author:` and `author_url:`",
        )?;
        let bad = [&source.url, &source.author_url]
            .into_iter()
            .flatten()
            .find(|url| !crate::config::is_web_url(url));
        if let Some(url) = bad {
            self.error(
                "source",
                format!("`source` addresses should be web addresses, found `{url}`"),
            );
            return None;
        }
        Some(source)
    }

    /// A people field (`author`, `authors`, `speakers`): names, each
    /// written as a byline (see [`byline`]) or a `name:`/`url:` map; the web
    /// addresses and affiliations go to `more`, and a map's `url` that is
    /// not a web address is an error.
    fn people(&mut self, key: &str, more: &mut More) -> Vec<String> {
        let expected = "a name, a list of names, or `name:` and `url:` maps";
        let Some(field) = self.get::<PeopleField>(key, expected) else {
            return Vec::new();
        };
        let people = match field {
            PeopleField::One(one) => vec![one],
            PeopleField::Many(many) => many,
        };
        let mut names = Vec::new();
        for person in people {
            match person {
                PersonField::Name(text) => {
                    for credit in byline::read(&text) {
                        if let Some(url) = credit.url {
                            more.person_urls.entry(credit.name.clone()).or_insert(url);
                        }
                        if let Some(affiliation) = credit.affiliation {
                            more.affiliations
                                .entry(credit.name.clone())
                                .or_insert(affiliation);
                        }
                        names.push(credit.name);
                    }
                }
                PersonField::Map {
                    name,
                    url,
                    affiliation,
                } => {
                    if let Some(affiliation) = affiliation.filter(|a| !a.trim().is_empty()) {
                        more.affiliations
                            .entry(name.trim().to_string())
                            .or_insert_with(|| affiliation.trim().to_string());
                    }
                    if let Some(url) = url {
                        if crate::config::is_web_url(&url) {
                            more.person_urls
                                .entry(name.trim().to_string())
                                .or_insert(url);
                        } else {
                            self.error(
                                key,
                                format!("the `url` of `{name}` should be a web address starting with https:// or http://"),
                            );
                        }
                    }
                    names.push(name);
                }
            }
        }
        names
    }

    /// A boolean field: YAML's `true`/`false`, or YAML 1.1's `yes`, `no`,
    /// `on`, `off` (any case), which Hugo and Jekyll content is written
    /// against.
    fn flag(&mut self, key: &str) -> bool {
        if let Some(serde_yaml::Value::String(text)) = self.map.raw(key)
            && let Some(flag) = yaml_1_1_bool(text)
        {
            return flag;
        }
        self.get::<bool>(key, "`true` or `false` (or `yes`, `no`)")
            .unwrap_or(false)
    }

    fn when(&mut self, key: &str) -> Option<When> {
        let text = self.get::<String>(key, "a date such as `2026-03-01`")?;
        match When::parse(&text) {
            Ok(when) => Some(when),
            Err(message) => {
                self.error(key, format!("`{key}`: {message}"));
                None
            }
        }
    }
}

/// `yes`/`no`/`on`/`off`/`true`/`false` in any case.
pub(super) fn yaml_1_1_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "on" | "true" | "y" => Some(true),
        "no" | "off" | "false" | "n" => Some(false),
        _ => None,
    }
}
