//! Syntax of other generators that CommonMark shows as text: Hugo's
//! shortcodes ([`shortcodes`]), Jekyll's Liquid tags ([`liquid`]),
//! MkDocs's and Docusaurus's admonitions ([`admonitions`]), MDX's modules,
//! comments and components ([`mdx`]). `check` warns
//! of each where it stands (not in code); `check --fix` rewrites those
//! whose meaning is known in the markdown that shows the same
//! (`build::fix`), so a migrated site's content is plain markdown again.

pub mod admonitions;
mod docsy;
pub mod liquid;
pub(in crate::markdown) mod mdx;
mod shortcode_fix;
pub mod shortcodes;
mod unwrap;

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

pub use shortcode_fix::{Page, fix as fix_shortcodes};

use super::walk::State;

impl State<'_> {
    /// Warns of other generators' syntax in the run of text outside code
    /// at `at..at + len` of the file: shortcodes and Liquid where they
    /// stand, an admonition where it starts a line.
    pub(in crate::markdown) fn warn_foreign(&mut self, at: usize, len: usize) {
        let Some(text) = self.source_text(at, len) else {
            return;
        };
        if text.contains('{') {
            self.warn_shortcodes(at, text);
            self.warn_liquid(at, text);
        }
        self.warn_admonitions(at, text);
    }
}

/// A body with some of its foreign syntax rewritten.
#[derive(Debug, Default, PartialEq)]
pub struct Fixed {
    pub text: String,
    /// Each rewrite: where it stood in the body and what it was.
    pub fixed: Vec<(usize, String)>,
    /// What was left as it was though its meaning is known, and why.
    pub left: Vec<(usize, String)>,
}

/// A body being rewritten into a [`Fixed`]: the text between rewrites
/// copied as it is.
pub(in crate::markdown) struct Rewrite<'b> {
    body: &'b str,
    /// Where the text not yet copied starts.
    copied: usize,
    pub(in crate::markdown) out: Fixed,
}

impl<'b> Rewrite<'b> {
    pub(in crate::markdown) fn new(body: &'b str) -> Rewrite<'b> {
        Rewrite {
            body,
            copied: 0,
            out: Fixed::default(),
        }
    }

    /// Whether byte `at` of the body lies in text already rewritten.
    fn rewritten(&self, at: usize) -> bool {
        at < self.copied
    }

    /// Writes `text` in place of `range` of the body.
    pub(in crate::markdown) fn replace(&mut self, range: std::ops::Range<usize>, text: &str) {
        self.out.text.push_str(&self.body[self.copied..range.start]);
        self.out.text.push_str(text);
        self.copied = range.end;
    }

    pub(in crate::markdown) fn finish(mut self) -> Fixed {
        self.out.text.push_str(&self.body[self.copied..]);
        self.out
    }
}

/// Rewrites nest no deeper than this (they recurse into callouts' bodies,
/// and a file must not exhaust the stack).
const MAX_NESTING: usize = 8;

/// The runs of `body` that are text: not code, not raw HTML; in order,
/// none overlapping.
fn text_runs(body: &str) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut code = 0usize;
    for (event, range) in Parser::new_ext(body, super::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Text(_) if code == 0 => runs.push(range),
            _ => {}
        }
    }
    runs
}

/// The code of `body` (blocks and spans), in order: what is not text but
/// not code either (a link's address, raw HTML) is outside them.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut open: Option<usize> = None;
    for (event, range) in Parser::new_ext(body, super::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => open = open.or(Some(range.start)),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = open.take() {
                    ranges.push(start..range.end);
                }
            }
            Event::Code(_) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

/// What `read` finds at each place of `text` where `pattern` starts and
/// `wanted` says, in order, none starting inside another (`place` gives
/// where each stands).
fn read_each<'t, T>(
    text: &'t str,
    pattern: &str,
    wanted: impl Fn(usize) -> bool,
    read: impl Fn(&'t str, usize) -> Option<T>,
    place: impl Fn(&T) -> &Range<usize>,
) -> Vec<T> {
    let mut found: Vec<T> = Vec::new();
    for (at, _) in text.match_indices(pattern) {
        if found.last().is_some_and(|last| at < place(last).end) || !wanted(at) {
            continue;
        }
        found.extend(read(text, at));
    }
    found
}

/// Whether byte `at` lies in one of `runs` (in order, none overlapping:
/// from [`text_runs`] or [`code_ranges`]).
fn in_runs(runs: &[Range<usize>], at: usize) -> bool {
    let after = runs.partition_point(|r| r.start <= at);
    after > 0 && runs[after - 1].contains(&at)
}

/// Whether the text at `range` stands alone on its line(s).
fn standalone(body: &str, range: &Range<usize>) -> bool {
    let before = &body[..range.start];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let after = &body[range.end..];
    let line_end = after.find('\n').unwrap_or(after.len());
    before[line_start..].trim().is_empty() && after[..line_end].trim().is_empty()
}

/// The white space between the start of the line and `at`.
fn indentation(body: &str, at: usize) -> &str {
    let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    &body[line_start..at]
}

/// `code` fenced as a block of language `lang`, each line after the first
/// indented by `indent`, with a fence longer than any run of backquotes
/// inside it.
fn fenced(lang: &str, code: &str, indent: &str) -> String {
    let code = code
        .strip_prefix("\r\n")
        .or_else(|| code.strip_prefix('\n'))
        .unwrap_or(code);
    let code = code.strip_suffix('\n').unwrap_or(code);
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let lang: String = lang
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '`')
        .collect();
    let mut block = format!("{fence}{lang}\n");
    for line in code.lines() {
        block.push_str(indent);
        block.push_str(line.strip_prefix(indent).unwrap_or(line));
        block.push('\n');
    }
    block.push_str(indent);
    block.push_str(&fence);
    block
}

/// A callout: its marker line (`[!tip] Title`) and `inner` quoted below
/// it, blank lines as a bare `>`, each line after the first indented by
/// `indent` (the opening's own, which `inner`'s lines lose). No newline
/// after the last line.
fn callout_quote(marker: &str, inner: &str, indent: &str) -> String {
    let mut quoted = format!("> {marker}");
    for line in inner.trim_matches('\n').lines() {
        quoted.push('\n');
        quoted.push_str(indent);
        quoted.push_str(if line.trim().is_empty() { ">" } else { "> " });
        quoted.push_str(line.strip_prefix(indent).unwrap_or(line));
    }
    quoted
}

/// Whether the line starting at byte `at` has text: after a callout, it
/// would continue the quote, so a blank line must come between.
fn line_has_text(body: &str, at: usize) -> bool {
    body.get(at..)
        .and_then(|rest| rest.lines().next())
        .is_some_and(|line| !line.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Odd texts built from pieces of shortcodes, Liquid, admonitions,
    /// markdown and other scripts, through each rewriting in turn:
    /// nothing panics, and a text with nothing rewritten comes back as it
    /// was.
    #[test]
    fn odd_texts_come_through() {
        let pieces = [
            "{{<",
            "{{%",
            ">}}",
            "%}}",
            "{{< /",
            "{%",
            "%}",
            "{{",
            "}}",
            " figure",
            " alert",
            " highlight",
            " endhighlight",
            " raw",
            " endraw",
            " link",
            " post_url",
            " site.baseurl",
            " | relative_url",
            " details",
            " ref",
            " x",
            " button",
            " wrap",
            " /wrap ",
            " src=",
            "\"a.png\"",
            "\"",
            "`",
            " caption=\"c\"",
            " /alert ",
            " /highlight ",
            "\n",
            "\n\n",
            "    ",
            "```",
            "> ",
            "- ",
            "!!! note",
            "??? tip \"T\"",
            ":::",
            ":::warning[W]",
            "é",
            "日本",
            "\\",
            "[t](",
            ")",
            "<div>",
            "=",
            " id=\"1\"",
            " title=\"T\"",
        ];
        let every_ref = |path: &str| Some(format!("{path}.md"));
        let unwrap = ["wrap".to_string()];
        for text in crate::util::odd_texts(&pieces, 11, 3000, 40) {
            let page = shortcode_fix::Page {
                title: "T",
                refs: &every_ref,
                unwrap: &unwrap,
            };
            let shortcodes = fix_shortcodes(&text, &page);
            assert!(!shortcodes.fixed.is_empty() || shortcodes.text == text);
            let liquid = liquid::fix(&text, &every_ref);
            assert!(!liquid.fixed.is_empty() || liquid.text == text);
            let admonitions = admonitions::fix(&text);
            assert!(!admonitions.fixed.is_empty() || admonitions.text == text);
        }
    }
}
