//! Heading levels. The page title is the page's only h1, so a body's `#`
//! headings go down ([`shown_level`], as the page shows them); and
//! `check --fix` moves up headings that skip a level (`### About` right
//! under the title, a `####` under a `##`), which `check` warns of:
//! a screen reader's list of headings then nests as the text does.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::foreign::{Fixed, Rewrite};

/// The level a page shows for a heading written at `level`. When the
/// body's first heading is a `#` (`top_is_h1`), the body uses h1 as its
/// top level and every heading moves one level down; when it starts
/// lower (`##` under the title, then a stray `# Getting involved`), only
/// its `#` headings become h2, and its `##` sections stay h2 beside them.
pub(super) fn shown_level(level: u8, top_is_h1: bool) -> u8 {
    match level {
        _ if top_is_h1 => (level + 1).min(6),
        1 => 2,
        _ => level,
    }
}

/// The levels of headings shown at `shown` with no level skipped: each
/// one below the nearest heading before it shown higher (the title, h1,
/// for a heading with none), so siblings stay siblings. Never deeper than
/// shown.
fn without_skips(shown: &[u8]) -> Vec<u8> {
    // The headings a later one may sit under: (shown, fixed) levels.
    let mut open: Vec<(u8, u8)> = Vec::new();
    shown
        .iter()
        .map(|&level| {
            while open.last().is_some_and(|&(above, _)| above >= level) {
                open.pop();
            }
            let fixed = open.last().map_or(2, |&(_, parent)| parent + 1);
            open.push((level, fixed));
            fixed
        })
        .collect()
}

/// One heading of a body as written.
struct Written {
    level: u8,
    range: std::ops::Range<usize>,
    /// In a quote or a list item (whose lines carry `>` or indentation).
    nested: bool,
}

fn headings(body: &str) -> Vec<Written> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(body, super::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::Item) => depth += 1,
            Event::End(TagEnd::BlockQuote(_) | TagEnd::Item) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Heading { level, .. }) => found.push(Written {
                level: level as u8,
                range,
                nested: depth > 0,
            }),
            _ => {}
        }
    }
    found
}

/// `body` with every heading at the level it shows without skips, when
/// one skips: written as `##`, `###`... (no `#` left, so the page shows
/// them as written). An underlined heading (`Title` over `===`) that must
/// change becomes a `#` one; one in a quote or a list leaves the body as
/// it is (left, said why).
pub fn fix(body: &str) -> Fixed {
    let found = headings(body);
    let top_is_h1 = found.first().is_some_and(|h| h.level == 1);
    let shown: Vec<u8> = found
        .iter()
        .map(|h| shown_level(h.level, top_is_h1))
        .collect();
    let fixed = without_skips(&shown);
    let mut rewrite = Rewrite::new(body);
    if fixed == shown {
        return rewrite.finish();
    }
    for (heading, &level) in found.iter().zip(&fixed) {
        if heading.level == level {
            continue;
        }
        let text = &body[heading.range.clone()];
        let marks = "#".repeat(level as usize);
        let written = "#".repeat(heading.level as usize);
        let new = match atx_marks(text) {
            Some(at) => format!(
                "{}{marks}{}",
                &text[..at],
                &text[at + heading.level as usize..]
            ),
            None if heading.nested => {
                let mut left = Rewrite::new(body).finish();
                let what = "heading levels: an underlined heading in a quote or list; move the headings up by hand";
                left.left.push((heading.range.start, what.into()));
                return left;
            }
            None => setext_as_atx(text, &marks),
        };
        rewrite.replace(heading.range.clone(), &new);
        let what = format!("heading `{written}` to `{marks}`");
        rewrite.out.fixed.push((heading.range.start, what));
    }
    rewrite.finish()
}

/// Where the `#` marks of an ATX heading's text start (after up to three
/// spaces); `None` for an underlined one.
fn atx_marks(text: &str) -> Option<usize> {
    let at = text.len() - text.trim_start_matches(' ').len();
    (at <= 3 && text[at..].starts_with('#')).then_some(at)
}

/// `Title\n===\n` as `## Title\n`: the lines above the underline joined.
fn setext_as_atx(text: &str, marks: &str) -> String {
    let lines: Vec<&str> = text.trim_end_matches('\n').lines().collect();
    let above = &lines[..lines.len().saturating_sub(1)];
    let words: Vec<&str> = above.iter().map(|l| l.trim()).collect();
    let end = if text.ends_with('\n') { "\n" } else { "" };
    format!("{marks} {}{end}", words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_levels_move_up_and_siblings_stay_siblings() {
        assert_eq!(without_skips(&[3, 3, 4, 3]), [2, 2, 3, 2]);
        assert_eq!(without_skips(&[2, 4, 2, 4, 5]), [2, 3, 2, 3, 4]);
        assert_eq!(without_skips(&[2, 2, 4, 3]), [2, 2, 3, 3]);
        assert_eq!(without_skips(&[2, 3, 4, 2]), [2, 3, 4, 2]);
        assert_eq!(without_skips(&[]), Vec::<u8>::new());
    }

    #[test]
    fn a_body_without_skips_is_left_alone() {
        for body in [
            "## A\n\n### B\n",
            "# A\n\n## B\n",
            "## A\n\n# Stray\n",
            "Text.\n",
        ] {
            let done = fix(body);
            assert_eq!(done.text, body);
            assert!(done.fixed.is_empty() && done.left.is_empty(), "{body}");
        }
    }

    #[test]
    fn headings_are_rewritten_at_the_level_they_show() {
        let body = "Intro.\n\n### About\n\nText.\n\n#### Where {#where}\n\n```\n### not a heading\n```\n\n  ### Schedule ###\n";
        let done = fix(body);
        assert_eq!(
            done.text,
            "Intro.\n\n## About\n\nText.\n\n### Where {#where}\n\n```\n### not a heading\n```\n\n  ## Schedule ###\n"
        );
        let what: Vec<&str> = done.fixed.iter().map(|(_, w)| w.as_str()).collect();
        assert_eq!(
            what,
            [
                "heading `###` to `##`",
                "heading `####` to `###`",
                "heading `###` to `##`"
            ]
        );
        assert_eq!(done.fixed[0].0, body.find("### About").unwrap());
    }

    #[test]
    fn a_body_using_h1_as_its_top_is_written_as_the_page_shows_it() {
        // Shown as h2, h4: the `###` skips.
        let done = fix("# Setup\n\n### Install\n\nSetup\n-----\n");
        assert_eq!(done.text, "## Setup\n\n### Install\n\n### Setup\n");
    }

    #[test]
    fn an_underlined_heading_in_a_quote_is_left_as_it_is() {
        let body = "#### Deep\n\n> Title\n> =====\n";
        let done = fix(body);
        assert_eq!(done.text, body);
        assert!(done.fixed.is_empty());
        assert_eq!(done.left.len(), 1);
    }
}
