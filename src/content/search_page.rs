//! A theme's search page, which guildhall's own search replaces: Docsy's
//! and other Hugo or Jekyll themes' `search.md` (`layout: search`, an empty
//! page the theme's template fills with results), or a page that holds
//! nothing but a search shortcode (`{{< search_form >}}`, the TODO Group's
//! Pagefind form). Such a file is left out of the site, with a warning at
//! the key or the shortcode, instead of failing the build for taking
//! guildhall's search address.

use super::Entry;
use crate::diagnostics::{Diagnostic, Diagnostics, line_and_column};

const HELP: &str = "delete the file: guildhall makes its own search page (`paths: {search: …}` in guildhall.yml says where)";

/// Takes theme search pages out of `entries`, a warning for each.
pub(super) fn leave_out(entries: &mut Vec<Entry>, diagnostics: &Diagnostics) {
    entries.retain(|entry| match theme_search_page(entry) {
        Some(problem) => {
            diagnostics.push(problem.with_help(HELP));
            false
        }
        None => true,
    });
}

/// The warning for `entry` when it is a theme's search page.
fn theme_search_page(entry: &Entry) -> Option<Diagnostic> {
    let layout = entry.meta.extra.get("layout").and_then(|v| v.as_str());
    if layout == Some("search") {
        let message = "`layout: search` is a theme's search page: guildhall's own search replaces it, and this file is left out";
        return Some(entry.problem_at_key(false, "layout", message));
    }
    let body = entry.body();
    let (at, tag, name) = only_search_shortcodes(body)?;
    let (line, col) = line_and_column(&entry.source, entry.body_start + at);
    let message = format!(
        "this page holds only the theme's search shortcode `{name}`: guildhall's own search replaces it, and this file is left out"
    );
    let len = tag.chars().count();
    Some(Diagnostic::warning(&entry.file, message).at(&entry.source, line, col, len))
}

/// When `body` is nothing but Hugo shortcodes (`{{< … >}}`, `{{% … %}}`)
/// whose names say search, and at least one: where the first starts, the
/// tag as written and its name.
fn only_search_shortcodes(body: &str) -> Option<(usize, &str, &str)> {
    let mut first = None;
    let mut rest = body.trim_start();
    while !rest.is_empty() {
        let at = body.len() - rest.len();
        let close = match rest.get(..3)? {
            "{{<" => ">}}",
            "{{%" => "%}}",
            _ => return None,
        };
        let end = rest.find(close)?;
        let inside = rest[3..end].trim_start().trim_start_matches('/');
        let name = inside.split_whitespace().next().unwrap_or("");
        let name = name.trim_end_matches('/');
        if !name.to_ascii_lowercase().contains("search") {
            return None;
        }
        first.get_or_insert((at, &rest[..end + 3], name));
        rest = rest[end + 3..].trim_start();
    }
    first
}

#[cfg(test)]
mod tests {
    use super::only_search_shortcodes;

    #[test]
    fn a_body_of_search_shortcodes_only_is_a_search_page() {
        let body = "\n{{< search_form >}}\n";
        assert_eq!(
            only_search_shortcodes(body),
            Some((1, "{{< search_form >}}", "search_form"))
        );
        let pair = "{{% docsy/search-results %}}{{% /docsy/search-results %}}";
        assert_eq!(
            only_search_shortcodes(pair),
            Some((0, "{{% docsy/search-results %}}", "docsy/search-results"))
        );
        for not_only in [
            "",
            "Search the site:\n{{< search_form >}}",
            "{{< search_form >}}\nOr ask on Slack.",
            "{{< figure src=\"a.png\" >}}",
            "{{< search_form",
        ] {
            assert_eq!(only_search_shortcodes(not_only), None, "{not_only:?}");
        }
    }
}
