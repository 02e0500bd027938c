//! Admonitions written for other generators, which CommonMark shows as
//! text (and an indented body as code): MkDocs's (`!!! note "Title"`, a
//! body indented by four spaces; `??? note` folded, `???+` open) and
//! Docusaurus's (`:::tip[Title]` or `:::tip Title`, a body up to its
//! closing `:::`). `check` warns of each where it starts; `check --fix`
//! rewrites it as the callout guildhall draws (`> [!tip] Title`), kind,
//! title and folding kept.

use super::{Fixed, MAX_NESTING, Rewrite, callout_quote, in_runs, line_has_text, text_runs};
use crate::markdown::callouts::is_callout_kind;
use crate::markdown::walk::State;

/// One admonition's opening line, read.
#[derive(Debug, PartialEq)]
struct Opening<'a> {
    /// Which generator writes it this way.
    syntax: &'static str,
    kind: &'a str,
    title: Option<&'a str>,
    /// `Some(open)` for a folding one (MkDocs's `???`).
    fold: Option<bool>,
    /// Docusaurus's fence (`:::`, `::::` for an outer one); None for
    /// MkDocs, whose body is indented.
    fence: Option<&'a str>,
}

/// The admonition a line opens, if it opens one.
fn opening(line: &str) -> Option<Opening<'_>> {
    let line = line.trim_end();
    if let Some((marker, rest)) = line.split_once(' ') {
        let fold = match marker {
            "!!!" => None,
            "???" => Some(false),
            "???+" => Some(true),
            _ => return docusaurus(line),
        };
        let rest = rest.trim_start();
        let kind_end = rest.find(' ').unwrap_or(rest.len());
        let kind = &rest[..kind_end];
        if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return None;
        }
        // Words after the kind are extra classes (`inline end`); the
        // title is in quotes.
        let after = rest[kind_end..].trim();
        let title = after
            .find('"')
            .and_then(|quote| after[quote + 1..].strip_suffix('"'));
        return Some(Opening {
            syntax: "MkDocs",
            kind,
            title,
            fold,
            fence: None,
        });
    }
    docusaurus(line)
}

fn docusaurus(line: &str) -> Option<Opening<'_>> {
    let colons = line.len() - line.trim_start_matches(':').len();
    if colons < 3 {
        return None;
    }
    let (fence, rest) = line.split_at(colons);
    let kind_end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let (kind, after) = rest.split_at(kind_end);
    if kind.is_empty() {
        return None;
    }
    let title = match after.strip_prefix('[') {
        Some(bracketed) => Some(bracketed.strip_suffix(']')?),
        None if after.is_empty() || after.starts_with(' ') => Some(after.trim()),
        None => return None,
    };
    Some(Opening {
        syntax: "Docusaurus",
        kind,
        title: title.filter(|t| !t.is_empty()),
        fold: None,
        fence: Some(fence),
    })
}

impl State<'_> {
    /// Warns of an admonition opened by the text at `at..at + len` of the
    /// file (a run of text outside code), when that text starts a line.
    pub(super) fn warn_admonitions(&mut self, at: usize, text: &str) {
        let at_line_start = at == 0 || self.source_text(at - 1, 1) == Some("\n");
        let line = text.lines().next().unwrap_or("");
        if !at_line_start || !matches!(line.as_bytes().first(), Some(b'!' | b'?' | b':')) {
            return;
        }
        let Some(opening) = opening(line) else {
            return;
        };
        let message = format!(
            "{} admonition `{}` is shown as text",
            opening.syntax, opening.kind
        );
        let problem = self.located(false, at, line.len(), message);
        self.out.problems.push(problem.with_help(
            "`guildhall check --fix` rewrites it as a callout: `> [!note] Title`, the body quoted",
        ));
    }
}

/// `body` with every admonition outside code rewritten as a callout, and
/// where each stood (`MkDocs admonition`).
pub fn fix(body: &str) -> Fixed {
    fix_nested(body, 0)
}

fn fix_nested(body: &str, depth: usize) -> Fixed {
    let mut rewrite = Rewrite::new(body);
    for at in line_starts_in_text(body) {
        if rewrite.rewritten(at) {
            continue;
        }
        let line = body[at..].lines().next().unwrap_or("");
        let Some(opening) = opening(line) else {
            continue;
        };
        let Some((inner, end)) = admonition_body(body, at + line.len(), &opening) else {
            let fence = opening.fence.unwrap_or_default();
            rewrite
                .out
                .left
                .push((at, format!("`{}` has no closing `{fence}`", line.trim())));
            continue;
        };
        let inner = if depth < MAX_NESTING {
            fix_nested(&inner, depth + 1)
        } else {
            Fixed {
                text: inner,
                ..Fixed::default()
            }
        };
        let mut text = callout(&opening, &inner.text);
        if line_has_text(body, end) {
            text.push('\n');
        }
        rewrite.replace(at..end, &text);
        // A nested one's place in `inner` is not a place in `body`: it is
        // counted at its outer admonition's.
        let what = |syntax: &str| format!("{syntax} admonition");
        let fixed = &mut rewrite.out.fixed;
        fixed.push((at, what(opening.syntax)));
        fixed.extend(inner.fixed.into_iter().map(|(_, name)| (at, name)));
    }
    rewrite.finish()
}

/// Where the lines of `body` that start in its text (not in code, not in
/// raw HTML) start.
fn line_starts_in_text(body: &str) -> Vec<usize> {
    let runs = text_runs(body);
    let mut starts = vec![0];
    starts.extend(body.match_indices('\n').map(|(i, _)| i + 1));
    starts.retain(|&at| at < body.len() && in_runs(&runs, at));
    starts
}

/// The body of the admonition whose opening line ends at `from`, its
/// indentation or fences taken off, and where the admonition ends (after
/// its last line's newline). None for a Docusaurus one never closed.
fn admonition_body(body: &str, from: usize, opening: &Opening<'_>) -> Option<(String, usize)> {
    let rest = &body[from..];
    let mut lines: Vec<&str> = Vec::new();
    let mut at = from + rest.find('\n').map_or(rest.len(), |i| i + 1);
    let mut end = at;
    while at < body.len() {
        let line_end = body[at..].find('\n').map_or(body.len(), |i| at + i + 1);
        let line = body[at..line_end].trim_end_matches(['\n', '\r']);
        match opening.fence {
            Some(fence) => {
                if line.trim() == fence {
                    return Some((lines.join("\n"), line_end));
                }
                lines.push(line);
            }
            None => {
                let inner = line
                    .strip_prefix("    ")
                    .or_else(|| line.strip_prefix('\t'));
                match inner {
                    Some(inner) => {
                        lines.push(inner);
                        end = line_end;
                    }
                    None if line.trim().is_empty() => lines.push(""),
                    None => break,
                }
            }
        }
        at = line_end;
    }
    if opening.fence.is_some() {
        return None;
    }
    while lines.last() == Some(&"") {
        lines.pop();
    }
    Some((lines.join("\n"), end))
}

/// The callout for an admonition around `inner`.
fn callout(opening: &Opening<'_>, inner: &str) -> String {
    let lower = opening.kind.to_ascii_lowercase();
    // Both generators' `caution` is a warning (Obsidian's is a danger).
    let kind = match lower.as_str() {
        "caution" => "warning",
        known if is_callout_kind(known) => known,
        _ => "note",
    };
    let fold = match opening.fold {
        Some(true) => "+",
        Some(false) => "-",
        None => "",
    };
    let title = match opening.title {
        Some(title) => format!(" {title}"),
        None if kind != lower => {
            let mut title = lower.clone();
            if let Some(first) = title.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            format!(" {title}")
        }
        None => String::new(),
    };
    callout_quote(&format!("[!{kind}]{fold}{title}"), inner, "") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(body: &str) -> String {
        fix(body).text
    }

    #[test]
    fn mkdocs_admonitions_become_callouts() {
        let body = "Intro.\n\n!!! warning \"Back up first\"\n    The **old** way.\n\n    ```sh\n    rm -rf x\n    ```\n\nAfter.\n";
        assert_eq!(
            fixed(body),
            "Intro.\n\n> [!warning] Back up first\n> The **old** way.\n>\n> ```sh\n> rm -rf x\n> ```\n\nAfter.\n"
        );
        assert_eq!(
            fixed(
                "??? tip\n    Folded.\n???+ note inline end \"Open\"\n    Shown.\n!!! custom\n    Odd.\nText.\n"
            ),
            "> [!tip]-\n> Folded.\n\n> [!note]+ Open\n> Shown.\n\n> [!note] Custom\n> Odd.\n\nText.\n"
        );
        // One right after a paragraph interrupts it, as in MkDocs.
        assert_eq!(fixed("Text\n!!! tip\n    Hi.\n"), "Text\n> [!tip]\n> Hi.\n");
    }

    #[test]
    fn docusaurus_admonitions_become_callouts_nested_ones_too() {
        let body = "::::caution[Careful]\nOuter.\n\n:::tip Nested\nInner.\n:::\n::::\n\n:::note\nLast.\n:::\n";
        let Fixed { text, fixed, .. } = fix(body);
        assert_eq!(
            text,
            "> [!warning] Careful\n> Outer.\n>\n> > [!tip] Nested\n> > Inner.\n\n> [!note]\n> Last.\n"
        );
        let d = || "Docusaurus admonition".to_string();
        assert_eq!(fixed, [(0, d()), (0, d()), (60, d())]);
    }

    #[test]
    fn code_and_lookalikes_stay() {
        for body in [
            "```\n!!! note\n    x\n```\n",
            "    !!! note\n        x\n",
            "Say !!! note here.\n",
            ":::note\nnever closed\n",
            "::: \n",
            "!!!note\n",
        ] {
            assert_eq!(fixed(body), body, "{body}");
        }
        assert_eq!(
            fix(":::note\nnever closed\n").left,
            [(0, "`:::note` has no closing `:::`".to_string())]
        );
        // An admonition with no body is still one.
        assert_eq!(
            fixed("!!! note \"Alone\"\n\nText.\n"),
            "> [!note] Alone\n\nText.\n"
        );
    }

    #[test]
    fn openings_are_read_with_kind_title_and_fold() {
        let o = opening("???+ danger \"Hot\"").unwrap();
        assert_eq!(
            (o.kind, o.title, o.fold),
            ("danger", Some("Hot"), Some(true))
        );
        let o = opening(":::info[Read this]").unwrap();
        assert_eq!(
            (o.kind, o.title, o.fence),
            ("info", Some("Read this"), Some(":::"))
        );
        assert_eq!(opening(":::info[open"), None);
        assert_eq!(opening(":::"), None);
        assert_eq!(opening("!!! \"x\""), None);
    }
}
