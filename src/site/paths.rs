//! Site paths that are not an entry's file path: where a `slug:`, a
//! `url:` or a `permalink:` publishes a page, the paths aliases redirect from, and
//! the paths guildhall's generated pages take (which no entry may).

use crate::config::Layout;
use crate::content::Entry;
use crate::diagnostics::Diagnostic;

/// A `url:` or `permalink:` as the page's site path, when it is one in
/// guildhall's scheme (`/a/b/`). Otherwise the site path it can redirect
/// from (`/about.html`), if any: a Jekyll pattern (`/:year/:title/`) or a
/// full URL is neither.
pub(super) fn permalink_path(permalink: &str) -> Result<String, Option<String>> {
    let unsafe_char = |c: char| c.is_whitespace() || matches!(c, '%' | '"' | '<' | '>');
    match alias_path(permalink) {
        Some(path) if path.contains(unsafe_char) => Err(None),
        Some(path) if path.ends_with('/') => Ok(path),
        other => Err(other),
    }
}

/// A page's path `segments` (its own last) with its `slug:` applied: a
/// segment replaces its own; a path, as Docusaurus reads one, stands in
/// its folder (`install/linux`) or, when it starts with `/`, in its
/// section's folder (`/install/linux` in `docs/guides/a.mdx` is
/// `/docs/install/linux/`; `/` is the section's own address) after the
/// `lead` segments of its language's folder.
pub(super) fn apply_slug(segments: &mut Vec<String>, slug: &str, lead: usize) {
    let parts = slug
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    match slug.strip_prefix('/') {
        Some(_) => {
            let section = (lead + 1).min(segments.len().saturating_sub(1));
            segments.truncate(section);
            segments.extend(parts);
        }
        // The home page has no segment of its own to replace.
        None if segments.is_empty() => {}
        None => {
            segments.pop();
            segments.extend(parts);
        }
    }
}

/// The warning for a permalink the page cannot be published at.
pub(super) fn permalink_not_kept(
    entry: &Entry,
    permalink: &str,
    path: &str,
    redirect: &Option<String>,
) -> Diagnostic {
    let key = if entry.meta.positions.contains_key("url") {
        "url"
    } else {
        "permalink"
    };
    let message = match redirect {
        Some(from) => format!(
            "`{key}: {permalink}` is not a folder URL: the page is published at {path}, and {from} redirects to it"
        ),
        None => format!(
            "`{key}: {permalink}` is not a path in this site: the page is published at {path}"
        ),
    };
    entry
        .problem_at_key(false, key, message)
        .with_help("write a path such as `/resources/guides/`, or leave the key out")
}

/// An alias as a site path: `/old/page/`, or `/old/page.html` for a file;
/// `None` when it is a full URL or would leave the output folder.
pub fn alias_path(alias: &str) -> Option<String> {
    let alias = alias.trim();
    if alias.contains("://") || alias.contains(['?', '#', '\\', '\0']) || alias.starts_with("//") {
        return None;
    }
    let segments: Vec<&str> = alias.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty()
        || segments
            .iter()
            .any(|s| *s == "." || *s == ".." || s.contains(':'))
    {
        return None;
    }
    let joined = segments.join("/");
    Some(if joined.ends_with(".html") {
        format!("/{joined}")
    } else {
        format!("/{joined}/")
    })
}

/// Which generated page, if any, owns `path`, where `layout` puts them;
/// each listed language besides the default has its own home, lists,
/// tags, search and feeds under its prefix (`/ja/`, `/ja/questions/`).
pub fn generated_page_at(layout: &Layout, path: &str) -> Option<&'static str> {
    for language in &layout.languages.others {
        let prefix = format!("/{}", crate::config::languages::url_segment(&language.tag));
        if let Some(rest) = path.strip_prefix(&prefix)
            && rest.starts_with('/')
        {
            return generated_at(layout, rest)
                .filter(|page| !matches!(*page, "stats page" | "people pages" | "tag pages"));
        }
    }
    generated_at(layout, path)
}

fn generated_at(layout: &Layout, path: &str) -> Option<&'static str> {
    let under = |folder: &str| {
        path.strip_prefix('/')
            .and_then(|p| p.strip_prefix(folder))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    let is = |folder: &str, rest: &str| path == format!("/{folder}/{rest}");
    if path == "/" {
        return Some("home page");
    }
    if under(&layout.search) || path == "/search.js" {
        return Some("search page and index");
    }
    if is(&layout.stats, "") || path == "/stats.json" {
        return Some("stats page");
    }
    if under(&layout.people) {
        return Some("people pages");
    }
    if under(&layout.tags) {
        return Some("tag pages");
    }
    if is(&layout.questions, "answered-unaccepted/") {
        return Some("list of questions without an accepted answer");
    }
    if is(&layout.questions, "unanswered/") {
        return Some("list of unanswered questions");
    }
    if is(&layout.guides, "needs-review/") {
        return Some("list of guides that need review");
    }
    if path.ends_with("/feed.xml")
        || path.ends_with(".ics")
        || path == "/sitemap.xml"
        || path == "/404.html"
    {
        return Some("publishing file");
    }
    for section in layout.sections() {
        if is(section, "") {
            return Some("section list");
        }
        if path.starts_with(&format!("/{section}/page/")) {
            return Some("list pages");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::apply_slug;

    #[test]
    fn a_slug_replaces_a_segment_or_places_a_path() {
        let slugged = |path: &str, slug: &str, lead: usize| {
            let mut segments: Vec<String> = path
                .split('/')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            apply_slug(&mut segments, slug, lead);
            segments.join("/")
        };
        assert_eq!(
            slugged("docs/guides/tabs", "my-tabs", 0),
            "docs/guides/my-tabs"
        );
        assert_eq!(
            slugged("docs/guides/tabs", "more/tabs", 0),
            "docs/guides/more/tabs"
        );
        assert_eq!(
            slugged("docs/guides/tabs", "/features/tabs", 0),
            "docs/features/tabs"
        );
        assert_eq!(slugged("fr/docs/guides/tabs", "/tabs", 1), "fr/docs/tabs");
        assert_eq!(slugged("docs/intro", "/", 0), "docs");
        assert_eq!(slugged("about", "/team", 0), "team");
        assert_eq!(
            slugged("", "home", 0),
            "",
            "the home page keeps its address"
        );
    }
}
