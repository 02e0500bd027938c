//! `guildhall check --external`: every `http(s)` link of the site (or of
//! the files given) asked for, once per address: a HEAD request, a GET
//! where HEAD is refused; redirects followed (and reported when
//! permanent); 429 answered after its `Retry-After`; errors and server
//! errors retried with backoff; one request at a time per host, eight
//! hosts at a time. Results are kept in `.guildhall/link-cache.json` for
//! `links.cache_days`, so CI stays fast. A broken link is a warning at its
//! file, line and column (an error with `--strict`).

mod http;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{Event, Options, Parser, Tag, TextMergeWithOffset};
use serde::{Deserialize, Serialize};

use crate::config::{Config, ExternalLinks};
use crate::content::Entry;
use crate::diagnostics::{Diagnostic, line_and_column};
use crate::markdown::autolinks::{Outside, bare_urls_in_source};
pub use http::Outcome;

/// Where the results are kept, under the site.
pub const CACHE_FILE: &str = ".guildhall/link-cache.json";

/// One web link in one file.
#[derive(Debug, Clone)]
struct Found {
    url: String,
    file: String,
    source: Arc<str>,
    /// Byte offset of the link in `source`, and its length.
    at: usize,
    len: usize,
}

/// [`check`] on the site in `site_dir`, read again (problems of reading it
/// are `check`'s own to report), at the clock's time.
pub fn check_site(
    site_dir: &Path,
    drafts: bool,
    in_scope: Option<&HashSet<String>>,
    strict: bool,
) -> Vec<Diagnostic> {
    let quiet = crate::diagnostics::Diagnostics::default();
    let config = Config::load(site_dir, &quiet);
    let entries = crate::content::load(site_dir, &config, drafts, &quiet);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    check(site_dir, &config, &entries, in_scope, strict, now)
}

/// Checks the web links of `entries` (those under `in_scope` when given:
/// paths as in messages, `content/x.md`) and returns a problem per broken
/// or moved link; `strict` makes broken links errors.
pub fn check(
    site_dir: &Path,
    config: &Config,
    entries: &[Entry],
    in_scope: Option<&HashSet<String>>,
    strict: bool,
    now: u64,
) -> Vec<Diagnostic> {
    let settings = &config.external_links;
    let found: Vec<Found> = entries
        .iter()
        .filter(|e| in_scope.is_none_or(|scope| scope.contains(&e.file)))
        .flat_map(web_links)
        .filter(|f| !settings.skip.iter().any(|prefix| f.url.starts_with(prefix)))
        .collect();
    let cache_path = site_dir.join(CACHE_FILE);
    let mut cache = Cache::load(&cache_path);
    let wanted: Vec<String> = {
        let mut urls: Vec<String> = found.iter().map(|f| f.url.clone()).collect();
        urls.sort();
        urls.dedup();
        urls.retain(|url| !cache.fresh(url, now, settings));
        urls
    };
    for (url, outcome) in http::check_all(&wanted, settings) {
        cache.results.insert(
            url,
            Cached {
                outcome,
                checked: now,
            },
        );
    }
    let mut problems = Vec::new();
    for f in &found {
        if let Some(cached) = cache.results.get(&f.url)
            && let Some(problem) = problem(f, &cached.outcome, strict)
        {
            problems.push(problem);
        }
    }
    cache.save(&cache_path);
    problems
}

/// What a link's outcome says, at the link.
fn problem(found: &Found, outcome: &Outcome, strict: bool) -> Option<Diagnostic> {
    let (line, col) = line_and_column(&found.source, found.at);
    let (message, help, broken) = match outcome {
        Outcome::Ok => return None,
        Outcome::Moved(to) => (
            format!("`{}` has moved permanently to `{to}`", found.url),
            "link to the new address",
            false,
        ),
        Outcome::Broken(why) => (
            format!("`{}` is broken: {why}", found.url),
            "fix or remove the link, or list its address in `links.skip`",
            true,
        ),
    };
    let diagnostic = if broken && strict {
        Diagnostic::error(&found.file, message)
    } else {
        Diagnostic::warning(&found.file, message)
    };
    Some(
        diagnostic
            .at(&found.source, line, col, found.len.max(1))
            .with_help(help),
    )
}

/// The `http(s)` links and images of an entry's body, bare addresses
/// among them (`markdown::autolinks`), where they stand.
fn web_links(entry: &Entry) -> Vec<Found> {
    // A body the parser panics on (see `util::caught`) is an error of the
    // build already; its links are not checked.
    crate::util::caught::caught(|| links_of_body(entry)).unwrap_or_default()
}

fn links_of_body(entry: &Entry) -> Vec<Found> {
    let body = entry.body();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    let mut found = Vec::new();
    let mut add = |url: &str, at: usize, len: usize| {
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            found.push(Found {
                url: url.split('#').next().unwrap_or(url).to_string(),
                file: entry.file.clone(),
                source: Arc::clone(&entry.source),
                at: entry.body_start + at,
                len,
            });
        }
    };
    let mut outside = Outside::default();
    let events = TextMergeWithOffset::new(Parser::new_ext(body, options).into_offset_iter());
    for (event, range) in events {
        let in_text = outside.text(&event);
        match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                add(dest_url.trim(), range.start, range.len());
            }
            Event::Text(text) if in_text => {
                for (place, url) in bare_urls_in_source(body, text, range.clone()) {
                    // The run's start where escapes hide the address.
                    let at = place.map_or(range.start, |place| place.start);
                    add(&url.href, at, url.range.len());
                }
            }
            _ => {}
        }
    }
    found
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    results: BTreeMap<String, Cached>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Cached {
    outcome: Outcome,
    /// Unix seconds.
    checked: u64,
}

impl Cache {
    fn load(path: &Path) -> Cache {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// A result younger than `cache_days`.
    fn fresh(&self, url: &str, now: u64, settings: &ExternalLinks) -> bool {
        let max_age = u64::from(settings.cache_days) * 86_400;
        self.results
            .get(url)
            .is_some_and(|c| now.saturating_sub(c.checked) < max_age)
    }

    /// Saves the cache; a cache that cannot be written only costs time
    /// next run.
    fn save(&self, path: &Path) {
        let Ok(text) = serde_json::to_string_pretty(self) else {
            return;
        };
        if let Some(folder) = path.parent() {
            let _ = std::fs::create_dir_all(folder);
        }
        let temp: PathBuf = path.with_extension("json.tmp");
        if std::fs::write(&temp, text + "\n").is_ok() {
            let _ = std::fs::rename(&temp, path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_lines_and_characters() {
        assert_eq!(line_and_column("ab\ncdé [x](y)", 8), (2, 5));
        assert_eq!(line_and_column("x", 0), (1, 1));
    }
}
