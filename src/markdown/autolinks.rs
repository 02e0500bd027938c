//! Bare web addresses in text become links, as GitHub, Hugo (goldmark's
//! linkify), Stack Exchange and Discourse make them: `https://…`,
//! `http://…` and `www.…`, where the linkify crate ends them (not on a
//! trailing full stop, comma or unbalanced parenthesis), and, as GitHub's
//! rule has it, only at the start of a run of text or after white space,
//! `(`, `*`, `_` or `~` (`link="https://…"` stays text). Other schemes,
//! addresses without `www.` and e-mail addresses stay text.

use std::ops::Range;
use std::sync::OnceLock;

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{Event, Tag, TagEnd};

/// A bare address in a run of text: where it stands and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BareUrl {
    pub range: Range<usize>,
    /// The link's target: the address, `http://` before a `www.` one.
    pub href: String,
}

fn finder() -> &'static LinkFinder {
    static FINDER: OnceLock<LinkFinder> = OnceLock::new();
    FINDER.get_or_init(|| {
        let mut finder = LinkFinder::new();
        finder.kinds(&[LinkKind::Url]).url_must_have_scheme(false);
        finder
    })
}

/// The bare web addresses of `text`, in order.
pub fn bare_urls(text: &str) -> Vec<BareUrl> {
    // Most runs of text have neither; the finder is not needed for them.
    if !text.contains("://") && !text.contains("www.") {
        return Vec::new();
    }
    finder()
        .links(text)
        .filter_map(|link| {
            let url = link.as_str();
            let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
            if !may_start_a_link(text, link.start()) {
                return None;
            }
            let href = if lower.starts_with("https://") || lower.starts_with("http://") {
                url.to_string()
            } else if lower.starts_with("www.") {
                format!("http://{url}")
            } else {
                return None;
            };
            // A scheme and nothing after it is no address.
            let host = &url[url.find("://").map_or(0, |at| at + 3)..];
            (!host.is_empty()).then(|| BareUrl {
                range: link.start()..link.end(),
                href,
            })
        })
        .collect()
}

/// Follows a body's events to tell text where a bare address is a link
/// from text inside a link, an image, a code block or a raw `<a>`, for
/// those that read a body's events apart from the walk (`check
/// --external`, the importers' link rewriting).
#[derive(Debug, Default)]
pub struct Outside {
    open: usize,
}

impl Outside {
    /// Takes note of `event`; true when it is text outside them all.
    pub fn text(&mut self, event: &Event) -> bool {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                self.open += 1
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.open = self.open.saturating_sub(1)
            }
            Event::InlineHtml(html) => {
                self.open = self.open.saturating_add_signed(raw_link_change(html))
            }
            Event::Text(_) => return self.open == 0,
            _ => {}
        }
        false
    }
}

/// The bare addresses of `text`, an event's text whose source is
/// `source[range]`, each with where it stands in `source`, found after
/// the one before it (none when escapes in the source change its bytes).
pub fn bare_urls_in_source(
    source: &str,
    text: &str,
    range: Range<usize>,
) -> Vec<(Option<Range<usize>>, BareUrl)> {
    let mut from = range.start;
    bare_urls(text)
        .into_iter()
        .map(|url| {
            let shown = &text[url.range.clone()];
            let found = source[from..range.end].find(shown).map(|at| from + at);
            let place = found.map(|at| at..at + shown.len());
            if let Some(place) = &place {
                from = place.end;
            }
            (place, url)
        })
        .collect()
}

/// How a piece of raw HTML changes the number of open `<a>` elements:
/// 1 for `<a …>`, -1 for `</a>`, 0 for anything else. Text inside a raw
/// link is no bare address either.
pub fn raw_link_change(html: &str) -> isize {
    let tag = html.trim_start().as_bytes();
    let name_ends = |at: usize| {
        tag.get(at)
            .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>')
    };
    match tag {
        [b'<', b'a' | b'A', ..] if name_ends(2) => 1,
        [b'<', b'/', b'a' | b'A', ..] if name_ends(3) => -1,
        _ => 0,
    }
}

/// Whether an address may start at `at`: GitHub's rule (first in the
/// text, or after white space or one of `(*_~`).
fn may_start_a_link(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '*' | '_' | '~'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hrefs(text: &str) -> Vec<String> {
        bare_urls(text).into_iter().map(|u| u.href).collect()
    }

    #[test]
    fn web_addresses_end_where_github_ends_them() {
        assert_eq!(
            hrefs("See https://example.org/a_b, or (http://x.org/y)."),
            ["https://example.org/a_b", "http://x.org/y"]
        );
        assert_eq!(
            hrefs("https://en.wikipedia.org/wiki/Link_(The_Legend_of_Zelda)."),
            ["https://en.wikipedia.org/wiki/Link_(The_Legend_of_Zelda)"]
        );
        assert_eq!(hrefs("at www.example.org!"), ["http://www.example.org"]);
        let text = "go to https://example.org/x?q=1 now";
        let found = bare_urls(text);
        assert_eq!(&text[found[0].range.clone()], "https://example.org/x?q=1");
    }

    #[test]
    fn raw_links_open_and_close() {
        assert_eq!(raw_link_change(r#"<a href="https://x.org">"#), 1);
        assert_eq!(raw_link_change("<A>"), 1);
        assert_eq!(raw_link_change("</a>"), -1);
        for other in ["<abbr>", "<b>", "</abbr>", "<!-- a -->", "text"] {
            assert_eq!(raw_link_change(other), 0, "{other}");
        }
    }

    #[test]
    fn other_things_that_look_like_addresses_stay_text() {
        for text in [
            "ftp://example.org/file",
            "mail ana@example.org",
            "example.org/path",
            "config.yml and www.",
            "see https:// alone",
            "javascript:alert(1)",
            "foowww.example.org",
            r#"link="https://example.org/""#,
        ] {
            assert!(hrefs(text).is_empty(), "{text}: {:?}", hrefs(text));
        }
    }
}
