//! Links from one imported post to another become links between the
//! site's files: `[see](https://beer.stackexchange.com/q/654)` becomes
//! `[see](../is-there-anything/index.md)`, which the build resolves,
//! checks and follows when the file moves. Only links the importer
//! knows a file for change; the rest (posts left out, other sites) stay.
//!
//! The markdown is parsed to find links where a reader sees them: inline
//! links, reference definitions, `<autolinks>` and bare addresses (links
//! on the page, `markdown::autolinks`); text in code is left alone.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TextMergeWithOffset};

use crate::markdown::autolinks::{Outside, bare_urls_in_source};

/// The file a web address leads to, for a link in the file being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    /// Relative to the folder of the file being written (`../b/index.md`).
    pub path: String,
    /// The link's text where the address was its own text.
    pub title: String,
}

/// `markdown` with every link that `local` knows a file for pointing at
/// that file.
/// A text the markdown parser panics on (see `util::caught`) keeps its
/// links as they are; `check` then names the place.
pub fn localize(markdown: &str, local: impl Fn(&str) -> Option<Local>) -> String {
    if !markdown.contains("://") {
        return markdown.to_string();
    }
    crate::util::caught::caught(|| localized(markdown, local))
        .unwrap_or_else(|_| markdown.to_string())
}

fn localized(markdown: &str, local: impl Fn(&str) -> Option<Local>) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    let parser = Parser::new_ext(markdown, options);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (_, definition) in parser.reference_definitions().iter() {
        if let Some(found) = local(&definition.dest) {
            edits.extend(within(
                markdown,
                &definition.span,
                &definition.dest,
                found.path,
            ));
        }
    }
    let mut outside = Outside::default();
    for (event, range) in TextMergeWithOffset::new(parser.into_offset_iter()) {
        let in_text = outside.text(&event);
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let Some(found) = local(&dest_url) else {
                    continue;
                };
                match link_type {
                    LinkType::Inline => {
                        edits.extend(within(markdown, &range, &dest_url, found.path))
                    }
                    LinkType::Autolink => edits.push((range, link_to(&found))),
                    _ => {}
                }
            }
            Event::Text(text) if in_text => {
                for (place, url) in bare_urls_in_source(markdown, &text, range) {
                    if let (Some(place), Some(found)) = (place, local(&url.href)) {
                        edits.push((place, link_to(&found)));
                    }
                }
            }
            _ => {}
        }
    }
    apply(markdown, edits)
}

/// The path of `file` from `folder` (both relative to the site):
/// `../b/index.md` from `content/questions/a`.
pub fn relative(folder: &str, file: &str) -> String {
    crate::util::relative_path(folder, file)
}

/// The rest of `url` after `base` (`https://forum.example.org/sub`),
/// whatever the scheme (`http`, `https`, none: `//host/…`) and the case
/// of the host: `t/x/7` of `http://Forum.example.org/sub/t/x/7`. None for
/// an address elsewhere.
pub fn path_under<'u>(url: &'u str, base: &str) -> Option<&'u str> {
    let after_scheme = |text: &'u str| -> Option<&'u str> {
        ["https://", "http://", "//"]
            .into_iter()
            .find_map(|scheme| {
                let head = text.get(..scheme.len())?;
                head.eq_ignore_ascii_case(scheme)
                    .then(|| &text[scheme.len()..])
            })
    };
    let rest = after_scheme(url)?;
    let base = base
        .split_once("://")
        .map_or(base, |(_, b)| b)
        .trim_end_matches('/');
    let (base_host, base_path) = base.split_once('/').unwrap_or((base, ""));
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if !host.eq_ignore_ascii_case(base_host) {
        return None;
    }
    if base_path.is_empty() {
        return Some(path);
    }
    let head = path.get(..base_path.len())?;
    if !head.eq_ignore_ascii_case(base_path) {
        return None;
    }
    let path = &path[base_path.len()..];
    match path.strip_prefix('/') {
        Some(path) => Some(path),
        None => path.is_empty().then_some(path),
    }
}

/// An edit putting `new` in place of the last `old` inside `span` of
/// `markdown` (a destination comes after a link's text, which may hold
/// the same address); none when `old` is not written there as it is.
fn within(
    markdown: &str,
    span: &Range<usize>,
    old: &str,
    new: String,
) -> Option<(Range<usize>, String)> {
    let at = span.start + markdown.get(span.clone())?.rfind(old)?;
    Some((at..at + old.len(), new))
}

/// `[title](path)`, the title's markdown characters escaped.
fn link_to(found: &Local) -> String {
    let mut text = String::with_capacity(found.title.len() + 8);
    for c in found.title.chars() {
        if matches!(
            c,
            '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '>' | '&' | '!'
        ) {
            text.push('\\');
        }
        text.push(c);
    }
    format!("[{text}]({})", found.path)
}

/// `markdown` with `edits` made, each in its own place (one overlapping an
/// earlier one is dropped).
fn apply(markdown: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    if edits.is_empty() {
        return markdown.to_string();
    }
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(markdown.len());
    let mut written = 0;
    for (range, new) in edits {
        if range.start < written {
            continue;
        }
        out.push_str(&markdown[written..range.start]);
        out.push_str(&new);
        written = range.end;
    }
    out.push_str(&markdown[written..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(url: &str) -> Option<Local> {
        url.contains("site.org/q/1").then(|| Local {
            path: "../one/index.md".into(),
            title: "One [1]".into(),
        })
    }

    #[test]
    fn links_to_known_posts_point_at_their_files() {
        let markdown = "See [this](https://site.org/q/1 \"t\"), [ref][r], <https://site.org/q/1> \
                        and https://site.org/q/1. Not [other](https://site.org/q/2) \
                        or `https://site.org/q/1`.\n\n[r]: http://site.org/q/1\n\n\
                        ```\nhttps://site.org/q/1\n```\n";
        assert_eq!(
            localize(markdown, known),
            "See [this](../one/index.md \"t\"), [ref][r], [One \\[1\\]](../one/index.md) \
             and [One \\[1\\]](../one/index.md). Not [other](https://site.org/q/2) \
             or `https://site.org/q/1`.\n\n[r]: ../one/index.md\n\n\
             ```\nhttps://site.org/q/1\n```\n"
        );
    }

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(
            relative("content/questions/a", "content/questions/b/index.md"),
            "../b/index.md"
        );
        assert_eq!(
            relative("content/tags", "content/questions/b/2.md"),
            "../questions/b/2.md"
        );
        assert_eq!(
            relative("content/questions/a", "content/questions/a/index.md"),
            "index.md"
        );
    }

    #[test]
    fn paths_under_a_base_ignore_scheme_and_host_case() {
        let base = "https://forum.example.org/sub";
        assert_eq!(
            path_under("http://Forum.example.org/sub/t/x/7", base),
            Some("t/x/7")
        );
        assert_eq!(
            path_under("//forum.example.org/sub/t/7?u=a", base),
            Some("t/7?u=a")
        );
        assert_eq!(
            path_under("https://forum.example.org/subway/t/7", base),
            None
        );
        assert_eq!(path_under("https://other.org/sub/t/7", base), None);
        assert_eq!(path_under("/sub/t/7", base), None);
        assert_eq!(
            path_under("https://x.org/q/1", "https://x.org"),
            Some("q/1")
        );
    }

    #[test]
    fn the_address_as_link_text_stays_as_written() {
        assert_eq!(
            localize("[https://site.org/q/1](https://site.org/q/1)", known),
            "[https://site.org/q/1](../one/index.md)"
        );
        assert_eq!(localize("no links", known), "no links");
        assert_eq!(
            localize("https://site.org/q/1 and https://site.org/q/1", known),
            "[One \\[1\\]](../one/index.md) and [One \\[1\\]](../one/index.md)"
        );
    }

    /// Odd markdown of every kind goes through unchanged when no address
    /// is known, and without a panic when every one is.
    #[test]
    fn any_markdown_is_left_whole() {
        let pieces = [
            "https://site.org/q/1",
            "www.site.org",
            "http://",
            " ",
            "\n",
            "\n\n",
            "`",
            "```\n",
            "[",
            "]",
            "(",
            ")",
            "<a href='x'>",
            "</a>",
            "<",
            "*",
            "_",
            "é",
            "日本",
            "\\",
            "&amp;",
            "[t](https://site.org/q/1)",
            "> ",
            "- ",
            "[1]: https://site.org/q/1\n",
            "<https://site.org/q/1>",
            "(https://site.org/q/1).",
            "[x][1]",
        ];
        for text in crate::util::odd_texts(&pieces, 7, 500, 60) {
            assert_eq!(localize(&text, |_| None), text);
            let everything = |_: &str| {
                Some(Local {
                    path: "../a/index.md".into(),
                    title: "A".into(),
                })
            };
            let _ = localize(&text, everything);
        }
    }
}
