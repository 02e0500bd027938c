//! `guildhall.yml`: the site's settings, read strictly.
//!
//! Unknown keys are errors with a "did you mean", because a misspelt setting
//! that is silently ignored is worse than a failed build.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{LocatedMapping, did_you_mean};

mod keys;
pub mod languages;
mod layout;
pub mod menu;

pub use keys::{KNOWN_KEYS, KeyNames};
pub use languages::{Language, Languages};
pub use layout::Layout;

pub const CONFIG_FILE: &str = "guildhall.yml";

/// What to do with raw HTML written in content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RawHtml {
    /// Keep safe tags and attributes, drop scripts, handlers and unsafe URLs.
    #[default]
    Sanitize,
    /// Trust content as is (only for sites whose contributors are all trusted).
    Allow,
    /// Show the HTML as text.
    Escape,
}

/// Whether a link to nothing fails the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BrokenLinks {
    #[default]
    Error,
    Warn,
}

/// How `check --external` checks web links (`links:` in the settings).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExternalLinks {
    /// Addresses not checked: those that start with one of these.
    pub skip: Vec<String>,
    /// A result is kept this many days in `.guildhall/link-cache.json`.
    pub cache_days: u32,
    /// Seconds to wait for an answer.
    pub timeout: u32,
}

impl Default for ExternalLinks {
    fn default() -> Self {
        ExternalLinks {
            skip: Vec::new(),
            cache_days: 7,
            timeout: 10,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: String,
    pub theme: Option<String>,
    pub cname: Option<String>,
    pub repository: Option<String>,
    pub branch: String,
    /// The site's folder inside the repository (`""` for its root).
    pub repository_folder: String,
    pub raw_html: RawHtml,
    pub broken_links: BrokenLinks,
    pub external_links: ExternalLinks,
    pub stale_after_days: u32,
    /// Entries per list page.
    pub paginate: usize,
    /// Whether to write the search index and the `/search/` page.
    pub search: bool,
    /// Files under `content/` that are not read: glob patterns relative to
    /// it (`search.md`, `drafts/**`), as Hugo's `ignoreFiles` and Zola's
    /// `ignored_content`.
    pub ignore: Vec<String>,
    /// The sections' folders and the generated pages' paths.
    pub layout: Layout,
    /// The picture link previews show for pages without an `image:` (a
    /// site path such as `/static/card.png`, or a web address).
    pub share_image: Option<String>,
    /// Links of the site's own in the header's navigation (`menu:`).
    pub menu: Vec<menu::MenuLink>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Knowledge base".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            theme: None,
            cname: None,
            repository: None,
            branch: "main".into(),
            repository_folder: String::new(),
            raw_html: RawHtml::default(),
            broken_links: BrokenLinks::default(),
            external_links: ExternalLinks::default(),
            stale_after_days: 365,
            paginate: 30,
            search: true,
            ignore: Vec::new(),
            layout: Layout::default(),
            share_image: None,
            menu: Vec::new(),
        }
    }
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "cname",
    "repository",
    "branch",
    "repository_folder",
    "raw_html",
    "links",
    "stale_after_days",
    "paginate",
    "search",
    "ignore",
    "sections",
    "paths",
    "share_image",
    "languages",
    "front_matter",
    "menu",
];

impl Config {
    /// The site's title in language `lang`: its own in `languages:`, else
    /// the site's.
    pub fn title_in(&self, lang: &str) -> &str {
        let own = self.layout.languages.other(lang);
        own.and_then(|l| l.title.as_deref()).unwrap_or(&self.title)
    }

    /// The site's description in language `lang`, as [`Config::title_in`].
    pub fn description_in(&self, lang: &str) -> &str {
        let own = self.layout.languages.other(lang);
        own.and_then(|l| l.description.as_deref())
            .unwrap_or(&self.description)
    }

    /// The path part of `base_url`, always starting and ending with `/`
    /// (`https://org.github.io/kb/` gives `/kb/`).
    pub fn base_path(&self) -> &str {
        let rest = match self.base_url.find("://") {
            Some(i) => &self.base_url[i + 3..],
            None => return &self.base_url,
        };
        match rest.find('/') {
            Some(i) => &rest[i..],
            None => "/",
        }
    }

    /// A picture for link previews as an absolute URL: a web address as
    /// it is, a site path under `base_url`.
    pub fn share_image_url(&self, image: &str) -> String {
        if is_web_url(image) {
            image.trim().to_string()
        } else {
            self.absolute_url(image.trim())
        }
    }

    /// Absolute URL (with scheme and host when `base_url` has them) for a
    /// site path such as `/guides/x/`.
    pub fn absolute_url(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path.trim_start_matches('/'))
    }

    /// Loads `SITE/guildhall.yml`. A missing file gives the defaults; every
    /// problem is pushed to `diagnostics`.
    pub fn load(site: &Path, diagnostics: &Diagnostics) -> Config {
        let path = site.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    diagnostics.push(Diagnostic::error(
                        CONFIG_FILE,
                        "the file is not valid UTF-8",
                    ));
                    return Config::default();
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Config::default(),
            Err(e) => {
                diagnostics.push(Diagnostic::error(CONFIG_FILE, format!("cannot read: {e}")));
                return Config::default();
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let source: Arc<str> = Arc::from(text);
        Config::parse(&source, diagnostics)
    }

    /// Parses the text of `guildhall.yml`, pushing every problem.
    pub fn parse(source: &Arc<str>, diagnostics: &Diagnostics) -> Config {
        let mut config = Config::default();
        let map = match LocatedMapping::parse(source, 1) {
            Ok(map) => map,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(CONFIG_FILE, format!("invalid YAML: {}", e.message))
                        .at(source, e.line, e.col, 1),
                );
                return config;
            }
        };
        let error_at = |key: &str, message: String| {
            let pos = map.position(key);
            Diagnostic::error(CONFIG_FILE, message).at(
                source,
                pos.line,
                pos.value_col,
                pos.value_len,
            )
        };
        for key in map.keys() {
            if !KEYS.contains(&key) {
                let pos = map.position(key);
                let mut d = Diagnostic::error(CONFIG_FILE, format!("unknown setting `{key}`")).at(
                    source,
                    pos.line,
                    pos.col,
                    key.chars().count(),
                );
                if let Some(suggestion) = did_you_mean(key, KEYS) {
                    d = d.with_help(format!("did you mean `{suggestion}`?"));
                }
                diagnostics.push(d);
            }
        }
        let text = |key: &str, target: &mut String| match map.get::<String>(key, "a text") {
            Some(Ok(v)) => *target = v,
            Some(Err(e)) => diagnostics.push(error_at(key, e)),
            None => {}
        };
        text("title", &mut config.title);
        text("description", &mut config.description);
        text("language", &mut config.language);
        text("branch", &mut config.branch);
        text("repository_folder", &mut config.repository_folder);
        text("base_url", &mut config.base_url);
        let optional = |key: &str| match map.get::<String>(key, "a text") {
            Some(Ok(v)) => Some(v),
            Some(Err(e)) => {
                diagnostics.push(error_at(key, e));
                None
            }
            None => None,
        };
        config.theme = optional("theme");
        config.share_image = optional("share_image");
        config.cname = optional("cname");
        config.repository = optional("repository").map(|r| r.trim_end_matches('/').to_string());
        if let Some(repository) = &config.repository
            && !is_web_url(repository)
        {
            diagnostics.push(error_at("repository", format!("`repository` should be a web address such as https://github.com/org/kb, found `{repository}`")));
            config.repository = None;
        }
        if !(config.base_url.starts_with('/') || is_web_url(&config.base_url)) {
            diagnostics.push(error_at("base_url", format!("`base_url` should be an http(s) address or a path starting with `/`, found `{}`", config.base_url)));
            config.base_url = "/".into();
        }
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        if let Some(theme) = &config.theme
            && (theme.is_empty()
                || !theme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        {
            diagnostics.push(error_at(
                "theme",
                format!("`theme` should be a folder name under themes/, found `{theme}`"),
            ));
            config.theme = None;
        }
        match map.get::<String>("raw_html", "one of sanitize, allow, escape") {
            Some(Ok(v)) => match v.as_str() {
                "sanitize" => config.raw_html = RawHtml::Sanitize,
                "allow" => config.raw_html = RawHtml::Allow,
                "escape" => config.raw_html = RawHtml::Escape,
                other => diagnostics.push(error_at(
                    "raw_html",
                    format!("`raw_html` should be one of sanitize, allow, escape, found `{other}`"),
                )),
            },
            Some(Err(e)) => diagnostics.push(error_at("raw_html", e)),
            None => {}
        }
        let number = |key: &str| match map.get::<u32>(key, "a whole number") {
            Some(Ok(v)) => Some(v),
            Some(Err(e)) => {
                diagnostics.push(error_at(key, e));
                None
            }
            None => None,
        };
        if let Some(days) = number("stale_after_days") {
            config.stale_after_days = days;
        }
        if let Some(n) = number("paginate") {
            if n == 0 {
                diagnostics.push(error_at(
                    "paginate",
                    "`paginate` should be at least 1".into(),
                ));
            } else {
                config.paginate = n as usize;
            }
        }
        match map.get::<bool>("search", "true or false") {
            Some(Ok(on)) => config.search = on,
            Some(Err(e)) => diagnostics.push(error_at("search", e)),
            None => {}
        }
        (config.broken_links, config.external_links) = parse_links(&map, source, diagnostics);
        config.ignore = parse_ignore(&map, diagnostics, &error_at);
        config.layout = Layout::parse(&map, source, diagnostics);
        config.layout.languages = Languages::parse(&map, source, &config.language, diagnostics);
        config.layout.front_matter = KeyNames::parse(&map, source, diagnostics);
        config.menu = menu::parse(&map, source, diagnostics);
        config
    }

    /// The `ignore` patterns as one matcher (invalid ones were reported
    /// when the settings were read, and are left out).
    pub fn ignored(&self) -> globset::GlobSet {
        let mut set = globset::GlobSetBuilder::new();
        for pattern in &self.ignore {
            if let Ok(glob) = content_glob(pattern) {
                set.add(glob);
            }
        }
        set.build().unwrap_or_else(|_| globset::GlobSet::empty())
    }
}

/// A pattern of `ignore`: `*` stays within a folder, `**` crosses them.
fn content_glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    globset::GlobBuilder::new(pattern.trim_start_matches('/'))
        .literal_separator(true)
        .build()
}

/// `ignore:` a pattern or a list of them, each checked.
fn parse_ignore(
    map: &LocatedMapping,
    diagnostics: &Diagnostics,
    error_at: &dyn Fn(&str, String) -> Diagnostic,
) -> Vec<String> {
    let expected = "a list of file patterns under content/, such as `[search.md, drafts/**]`";
    let patterns = match map.get::<Vec<String>>("ignore", expected) {
        None => Vec::new(),
        Some(Ok(list)) => list,
        Some(Err(e)) => match map.get::<String>("ignore", expected) {
            Some(Ok(one)) => vec![one],
            _ => {
                diagnostics.push(error_at("ignore", e));
                Vec::new()
            }
        },
    };
    for pattern in &patterns {
        if let Err(e) = content_glob(pattern) {
            diagnostics.push(error_at(
                "ignore",
                format!("`ignore` has a pattern that is not a glob: `{pattern}` ({e})"),
            ));
        }
    }
    patterns
}

/// The `links:` section: `broken: error | warn`, and for `check
/// --external`: `skip` (address prefixes), `cache_days`, `timeout`.
fn parse_links(
    map: &LocatedMapping,
    source: &Arc<str>,
    diagnostics: &Diagnostics,
) -> (BrokenLinks, ExternalLinks) {
    let mut broken = BrokenLinks::default();
    let mut external = ExternalLinks::default();
    let Some(value) = map.raw("links") else {
        return (broken, external);
    };
    let pos = map.position("links");
    let error =
        |message: String| Diagnostic::error(CONFIG_FILE, message).at(source, pos.line, pos.col, 5);
    let Some(section) = value.as_mapping() else {
        diagnostics.push(error(
            "`links` should be a mapping such as `broken: warn`".into(),
        ));
        return (broken, external);
    };
    let number = |value: &serde_yaml::Value, key: &str| match value.as_u64() {
        Some(n) if n > 0 => Some(n.min(u64::from(u32::MAX)) as u32),
        _ => {
            diagnostics.push(error(format!(
                "`links.{key}` should be a whole number above 0"
            )));
            None
        }
    };
    for (key, value) in section {
        match (key.as_str(), value.as_str()) {
            (Some("broken"), Some("error")) => broken = BrokenLinks::Error,
            (Some("broken"), Some("warn")) => broken = BrokenLinks::Warn,
            (Some("broken"), _) => {
                diagnostics.push(error("`links.broken` should be `error` or `warn`".into()))
            }
            (Some("skip"), _) => match serde_yaml::from_value::<Vec<String>>(value.clone()) {
                Ok(list) => external.skip = list,
                Err(_) => diagnostics.push(error(
                    "`links.skip` should be a list of address beginnings, such as `[https://internal.example.org/]`".into(),
                )),
            },
            (Some("cache_days"), _) => {
                external.cache_days = number(value, "cache_days").unwrap_or(external.cache_days)
            }
            (Some("timeout"), _) => {
                external.timeout = number(value, "timeout").unwrap_or(external.timeout)
            }
            (Some(other), _) => {
                let mut d = error(format!("unknown setting `links.{other}`"));
                let known = ["broken", "skip", "cache_days", "timeout"];
                if let Some(s) = did_you_mean(other, &known) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                diagnostics.push(d);
            }
            (None, _) => diagnostics.push(error("`links` keys must be words".into())),
        }
    }
    (broken, external)
}

/// Whether `url` is an absolute http(s) address.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Config, Vec<Diagnostic>) {
        let diagnostics = Diagnostics::default();
        let config = Config::parse(&Arc::from(text), &diagnostics);
        (config, diagnostics.sorted())
    }

    #[test]
    fn base_path_comes_from_base_url() {
        let (c, d) = parse("base_url: https://org.github.io/kb\n");
        assert!(d.is_empty());
        assert_eq!(c.base_url, "https://org.github.io/kb/");
        assert_eq!(c.base_path(), "/kb/");
        assert_eq!(
            c.absolute_url("/guides/x/"),
            "https://org.github.io/kb/guides/x/"
        );
        let (c, _) = parse("base_url: https://example.org\n");
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn unknown_keys_are_located_errors_with_a_suggestion() {
        let (_, d) = parse("title: KB\ntitel: KB\n");
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].col), (2, 1));
        assert_eq!(d[0].message, "unknown setting `titel`");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn every_bad_value_is_reported() {
        let (_, d) = parse("raw_html: maybe\npaginate: lots\nlinks:\n  broken: sometimes\n");
        assert_eq!(d.len(), 3, "{d:?}");
    }

    #[test]
    fn links_warn_and_raw_html_modes() {
        let (c, d) = parse("raw_html: escape\nlinks:\n  broken: warn\n");
        assert!(d.is_empty());
        assert_eq!(c.raw_html, RawHtml::Escape);
        assert_eq!(c.broken_links, BrokenLinks::Warn);
    }
}
