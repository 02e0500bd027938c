//! Front matter: the YAML between `---` lines at the top of a file (or TOML
//! between `+++` lines, or a JSON object), read into typed fields with every
//! problem located.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::{KNOWN_KEYS, KeyNames};
use crate::content::dates::When;
use crate::diagnostics::Diagnostic;
use crate::yaml::{KeyPosition, LocatedMapping, did_you_mean};
use fields::{Reader, read_known};

mod byline;
mod fields;

/// Where the parts of a file are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The front matter's text, `None` when the file has none.
    pub yaml: Option<&'a str>,
    /// The language it is written in.
    pub format: Format,
    /// The markdown body.
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// The language front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    /// Between `+++` lines (Hugo, Zola).
    Toml,
    /// An object from a `{` line to a `}` line, braces included (Hugo).
    Json,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Json => "JSON",
        }
    }
}

/// Splits `text` (LF line ends) into front matter and body: YAML between
/// `---` lines, TOML between `+++` lines (Hugo, Zola), or a JSON object from
/// a first line `{` to a line `}` (Hugo). An opening without a closing line
/// is an error at line 1.
pub fn split(text: &str) -> Result<Split<'_>, String> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let fence = text[..first_line_end].trim_end();
    let format = match fence {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        "{" => Format::Json,
        _ => {
            return Ok(Split {
                yaml: None,
                format: Format::Yaml,
                body: text,
                body_line: 1,
            });
        }
    };
    let (start, close) = match format {
        Format::Json => (0, "}"),
        _ => ((first_line_end + 1).min(text.len()), fence),
    };
    let mut offset = (first_line_end + 1).min(text.len());
    for (line, raw) in (2..).zip(text[offset..].split_inclusive('\n')) {
        let trimmed = raw.trim_end();
        if trimmed == close || (format == Format::Yaml && trimmed == "...") {
            let end = if format == Format::Json {
                offset + raw.len()
            } else {
                offset
            };
            return Ok(Split {
                yaml: Some(&text[start..end]),
                format,
                body: &text[offset + raw.len()..],
                body_line: line + 1,
            });
        }
        offset += raw.len();
    }
    Err(format!(
        "front matter opened with `{fence}` is never closed: add a `{close}` line after it"
    ))
}

/// The file line where the front matter's text starts: the line after the
/// fence, or the `{` line itself for JSON.
pub fn first_line(format: Format) -> usize {
    if format == Format::Json { 1 } else { 2 }
}

/// A guide's `level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Beginner,
    Intermediate,
    Advanced,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Beginner => "beginner",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
        }
    }
}

/// Where each key of a file's front matter was written. A file has a few
/// keys, so a list read in order: a map per file took 130 MB at 187,000
/// files, this a third of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Positions(Vec<(Box<str>, KeyPosition)>);

impl Positions {
    pub fn get(&self, key: &str) -> Option<&KeyPosition> {
        self.0.iter().find(|(k, _)| **k == *key).map(|(_, at)| at)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

/// Every front matter field of PRODUCT.md, typed; absent fields are empty.
/// The fields most entries have are here; the others (events', links to
/// other entries, attribution, a few more) are in [`More`], read through
/// this struct as if they were its own (`meta.location`: see `Deref`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub kind: Option<String>,
    pub title: Option<String>,
    pub date: Option<When>,
    pub updated: Option<When>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub slug: Option<String>,
    pub draft: bool,
    pub aliases: Vec<String>,
    pub accepted: bool,
    pub votes: i64,
    /// The language it is written in (BCP 47), when the front matter says.
    pub lang: Option<String>,
    pub level: Option<Level>,
    pub reviewed: Option<When>,
    /// Place among its folder's pages, ascending, before those without
    /// (`weight`, Docusaurus's `sidebar_position`, or `order`).
    pub order: Option<i64>,
    /// Which keys were written, and where.
    pub positions: Positions,
    /// The YAML did not parse: its fields are unknown, so checks of
    /// missing fields would only repeat that error.
    pub unreadable: bool,
    /// The other fields, when any is set: an entry was 1 kB with all of
    /// them inline (180 MB at 187,000 files), most of it empty.
    more: Option<Box<More>>,
}

/// The fields few entries set (see [`FrontMatter`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct More {
    /// A shorter title for lists and navigation (Hugo's `linkTitle`).
    pub link_title: Option<String>,
    /// The site path to publish at, when it fits the URL scheme (Hugo's
    /// `url`, Jekyll's `permalink`); see `site::Site::assign_paths`.
    pub permalink: Option<String>,
    pub related: Vec<String>,
    /// `categories:` and Jekyll's `category:` (also among the tags): a
    /// Jekyll post's old address is made from them.
    pub categories: Vec<String>,
    pub duplicate_of: Option<String>,
    /// The path or slug of the entry this translates, when their paths
    /// differ by more than the language.
    pub translation_of: Option<String>,
    pub start: Option<When>,
    pub end: Option<When>,
    pub timezone: Option<String>,
    pub location: Option<String>,
    pub online: Option<String>,
    pub recording: Option<String>,
    pub slides: Option<String>,
    pub speakers: Vec<String>,
    /// The picture a link preview shows (`image:`, or the first of Hugo's
    /// `images:`): a site path or a web address.
    pub image: Option<String>,
    /// Where the entry was first published (an importer's `source:`).
    pub source: Option<Source>,
    /// The licence it is shared under (`license:`), with its address.
    pub license: Option<License>,
    /// Web addresses given for people (`author: {name: Ana, url: https://…}`),
    /// by name as written.
    pub person_urls: BTreeMap<String, String>,
    /// Affiliations a byline gives people (`author: Ana Lima (Acme)`), by
    /// name.
    pub affiliations: BTreeMap<String, String>,
    /// Keys we do not know, for templates as `page.extra`.
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl More {
    /// No field set: what an entry without [`More`] reads.
    const NONE: More = More {
        link_title: None,
        permalink: None,
        related: Vec::new(),
        categories: Vec::new(),
        duplicate_of: None,
        translation_of: None,
        start: None,
        end: None,
        timezone: None,
        location: None,
        online: None,
        recording: None,
        slides: None,
        speakers: Vec::new(),
        image: None,
        source: None,
        license: None,
        person_urls: BTreeMap::new(),
        affiliations: BTreeMap::new(),
        extra: BTreeMap::new(),
    };
}

static NO_MORE: More = More::NONE;

/// Fields of [`More`] read as the front matter's own.
impl std::ops::Deref for FrontMatter {
    type Target = More;

    fn deref(&self) -> &More {
        self.more.as_deref().unwrap_or(&NO_MORE)
    }
}

/// Setting a field of [`More`] makes room for them (in tests; `parse`
/// sets them all at once).
impl std::ops::DerefMut for FrontMatter {
    fn deref_mut(&mut self) -> &mut More {
        self.more.get_or_insert_with(Box::default)
    }
}

impl FrontMatter {
    /// `timezone:` as a time zone; `None` when unset or unknown (an unknown
    /// name is reported when the file is checked).
    pub fn zone(&self) -> Option<jiff::tz::TimeZone> {
        self.timezone
            .as_deref()
            .and_then(|z| jiff::tz::TimeZone::get(z).ok())
    }
}

/// Keys read as known ones: a known key written in another letter case
/// (`Author:`, `Description:`, `linktitle:`), as Hugo reads them (it
/// lowercases every front matter key), then the site's own names for
/// known keys (`front_matter:` in `guildhall.yml`, in any letter case too),
/// the first of a key's names that the file writes. A known key the file
/// writes itself wins: the other name stays an unknown key.
fn read_as_known(map: &mut LocatedMapping, names: &KeyNames) {
    let renames: Vec<(String, &str)> = map
        .keys()
        .filter(|key| !KNOWN_KEYS.contains(key))
        .filter_map(|key| {
            let known = KNOWN_KEYS.iter().find(|k| k.eq_ignore_ascii_case(key))?;
            Some((key.to_string(), *known))
        })
        .collect();
    for (written, known) in renames {
        if map.raw(known).is_none() {
            map.rename(&written, known);
        }
    }
    for (known, names) in names.iter() {
        if map.raw(known).is_some() {
            continue;
        }
        let written = names.iter().find_map(|name| {
            map.keys()
                .find(|key| key.eq_ignore_ascii_case(name))
                .map(str::to_string)
        });
        if let Some(written) = written {
            map.rename(&written, known);
        }
    }
}

/// `source:`: the site an entry was first published on, its address
/// there, and its author's profile there, for attribution.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Source {
    pub name: String,
    pub url: Option<String>,
    pub author: Option<String>,
    pub author_url: Option<String>,
}

/// `license:`, a name (`CC BY-SA 4.0`) or `name:` and `url:`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum License {
    Name(String),
    Map { name: String, url: Option<String> },
}

impl License {
    pub fn name(&self) -> &str {
        match self {
            License::Name(name) | License::Map { name, .. } => name,
        }
    }

    pub fn url(&self) -> Option<&str> {
        match self {
            License::Name(_) => None,
            License::Map { url, .. } => url.as_deref(),
        }
    }
}

/// Reads the fields of `yaml` (whose first line is file line `first_line`),
/// returning what could be read and every problem found.
pub fn parse(
    yaml: &str,
    format: Format,
    first_line: usize,
    file: &str,
    source: &Arc<str>,
) -> (FrontMatter, Vec<Diagnostic>) {
    let names = KeyNames::default();
    let (fm, problems) = parse_by_key(yaml, format, first_line, file, source, &names);
    (fm, problems.into_iter().map(|(_, d)| d).collect())
}

/// A problem with the front matter, and the key whose value it is about
/// (`None` for the text as a whole, or a key guildhall does not know).
pub type KeyedProblem = (Option<String>, Diagnostic);

/// [`parse`], each problem with its key: a caller that learns later which
/// fields apply (the entry's kind) can leave out those about the others.
pub fn parse_by_key(
    yaml: &str,
    format: Format,
    first_line: usize,
    file: &str,
    source: &Arc<str>,
    names: &KeyNames,
) -> (FrontMatter, Vec<KeyedProblem>) {
    let mut fm = FrontMatter::default();
    let mut problems: Vec<KeyedProblem> = Vec::new();
    let parsed = match format {
        Format::Yaml => LocatedMapping::parse(yaml, first_line),
        Format::Toml => LocatedMapping::parse_toml(yaml, first_line),
        Format::Json => LocatedMapping::parse_json(yaml, first_line),
    };
    let mut map = match parsed {
        Ok(map) => map,
        Err(e) => {
            let at = Unreadable {
                yaml,
                format,
                first_line,
                file,
                source,
            };
            problems.push((None, at.problem(&e)));
            fm.unreadable = true;
            return (fm, problems);
        }
    };
    read_as_known(&mut map, names);
    fm.positions = Positions(
        map.keys()
            .map(|key| (Box::from(key), map.position(key)))
            .collect(),
    );
    let mut reader = Reader {
        map: &map,
        file,
        source,
        problems: &mut problems,
    };

    let mut more = More::default();
    read_known(&mut reader, &mut fm, &mut more);
    for key in map.keys() {
        if KNOWN_KEYS.contains(&key) {
            continue;
        }
        if let Some(suggestion) = did_you_mean(key, KNOWN_KEYS) {
            let pos = map.position(key);
            let warning = Diagnostic::warning(file, format!("unknown front matter key `{key}`"))
                .at(source, pos.line, pos.col, key.chars().count())
                .with_help(format!(
                    "did you mean `{suggestion}`? Unknown keys are kept for templates as `page.extra.{key}`"
                ));
            problems.push((None, warning));
        }
        if let Some(value) = map.raw(key)
            && let Ok(json) = serde_json::to_value(value)
        {
            more.extra.insert(key.to_string(), json);
        }
    }
    if more != More::NONE {
        fm.more = Some(Box::new(more));
    }
    (fm, problems)
}

/// Front matter that could not be read as a whole.
struct Unreadable<'a> {
    yaml: &'a str,
    format: Format,
    first_line: usize,
    file: &'a str,
    source: &'a Arc<str>,
}

impl Unreadable<'_> {
    /// The error, on its line; one found past the end of the text (an
    /// unclosed bracket or quote) on the last line of the front matter,
    /// not the closing `---`.
    fn problem(&self, e: &crate::yaml::SyntaxError) -> Diagnostic {
        let last_line = self.first_line + self.yaml.trim_end().lines().count().max(1) - 1;
        let (line, col) = if e.line > last_line {
            (last_line, 1)
        } else {
            (e.line, e.col)
        };
        let message = format!(
            "invalid {} in front matter: {}",
            self.format.name(),
            e.message
        );
        let problem = Diagnostic::error(self.file, message).at(self.source, line, col, 1);
        if e.message.contains("mapping values are not allowed") {
            return problem.with_help(
                "a value that contains `: ` must be quoted: `title: \"Backups: a primer\"`",
            );
        }
        problem
    }
}

#[cfg(test)]
mod tests {
    use super::fields::yaml_1_1_bool;
    use super::*;

    #[test]
    fn yaml_1_1_booleans() {
        for (text, flag) in [
            ("yes", true),
            ("On", true),
            ("TRUE", true),
            ("no", false),
            ("OFF", false),
        ] {
            assert_eq!(yaml_1_1_bool(text), Some(flag), "{text}");
        }
        assert_eq!(yaml_1_1_bool("maybe"), None);
    }

    #[test]
    fn split_finds_front_matter_and_body_line() {
        let s = split("---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
        let none = split("# Just markdown\n").unwrap();
        assert_eq!(none.yaml, None);
        assert_eq!(none.body_line, 1);
        let empty = split("---\n---\n").unwrap();
        assert_eq!(empty.yaml, Some(""));
        assert!(split("---\ntitle: A\n# no end\n").is_err());
        let toml = split("+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(
            (toml.yaml, toml.format, toml.body),
            (Some("title = \"A\"\n"), Format::Toml, "Body\n")
        );
        let json = split("{\n  \"title\": \"A\"\n}\nBody\n").unwrap();
        assert_eq!(
            (json.yaml, json.format, json.body, json.body_line),
            (
                Some("{\n  \"title\": \"A\"\n}\n"),
                Format::Json,
                "Body\n",
                4
            )
        );
        assert!(
            split("{\n  \"title\": \"A\"\n").is_err(),
            "a closing brace line ends it"
        );
        assert_eq!(
            split("{{< note >}}\n").unwrap().yaml,
            None,
            "a shortcode is body"
        );
        assert!(
            split("+++\ntitle = \"A\"\n---\n").is_err(),
            "closed by its own fence"
        );
    }

    fn read(yaml: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let source: Arc<str> = Arc::from(format!("---\n{yaml}---\n"));
        parse(yaml, Format::Yaml, 2, "f.md", &source)
    }

    #[test]
    fn typed_fields_and_extra() {
        let (fm, problems) = read(
            "title: Hi\nauthor: Ana\ntags: rust\nvotes: 3\naccepted: true\nmood: calm\nlevel: advanced\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(fm.title.as_deref(), Some("Hi"));
        assert_eq!(fm.authors, ["Ana"]);
        assert_eq!(fm.tags, ["rust"]);
        assert_eq!(fm.votes, 3);
        assert!(fm.accepted);
        assert_eq!(fm.level, Some(Level::Advanced));
        assert_eq!(fm.extra["mood"], serde_json::json!("calm"));
    }

    #[test]
    fn every_bad_field_is_reported_at_its_line() {
        let (_, mut problems) = read("title: Hi\ndate: soon\nvotes: many\ntags: {a: 1}\n");
        problems.sort_by_key(|p| p.line);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5], "{problems:?}");
        assert_eq!(
            problems[1].message,
            "`votes` should be a whole number, found the text `many`"
        );
        assert_eq!(problems[0].col, 7);
    }

    #[test]
    fn near_miss_keys_warn_with_a_suggestion() {
        let (fm, problems) = read("titel: Hi\n");
        assert_eq!(problems.len(), 1);
        assert!(!problems[0].is_error());
        assert!(problems[0].help.as_deref().unwrap().contains("`title`"));
        assert!(fm.extra.contains_key("titel"));
    }
}
