//! MDX (`.mdx`, Docusaurus's pages): markdown with JavaScript in it. What
//! MDX never shows is left out here too: a top-level paragraph of
//! `import`/`export` lines (modules for the page's components) and one
//! that is only a `{/* comment */}` (Docusaurus's `{/* truncate */}`).
//! Components (`<Tabs>`, `<Admonition>`, `<DocCardList />`) are raw HTML
//! whose tags the sanitizer drops, so what they wrap shows as written:
//! each is a warning where it opens, for the maintainer to write in
//! markdown what it drew; but a tab (`<TabItem label="Linux">`) becomes
//! its label, so tabs read as labelled sections one after the other.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::config::RawHtml;
use crate::markdown::walk::State;

impl State<'_> {
    /// Whether `event`, at byte `at` of the file, is part of what MDX
    /// does not show (a paragraph of modules or of a comment): then it is
    /// dropped. Only in MDX files.
    pub(in crate::markdown) fn mdx_hidden(&mut self, event: &Event<'_>, at: usize) -> bool {
        if !self.mdx {
            return false;
        }
        if self.mdx_hiding {
            self.mdx_hiding = !matches!(event, Event::End(TagEnd::Paragraph));
            return true;
        }
        if matches!(event, Event::Start(Tag::Paragraph))
            && let Some(line) = self.line_from(at)
        {
            self.mdx_hiding = is_module_line(line) || is_comment(line);
        }
        self.mdx_hiding
    }

    /// The id an MDX heading gives itself in a trailing comment, as
    /// Docusaurus writes them (`## Requirements {/* #requirements */}`:
    /// MDX reads `{#id}` as JavaScript), taken off the heading's last text
    /// and off `text`, its text so far.
    pub(in crate::markdown) fn mdx_heading_id(&mut self, text: &mut String) -> Option<String> {
        if !self.mdx {
            return None;
        }
        let Some(Event::Text(last)) = self.events.last_mut() else {
            return None;
        };
        let (kept, id) = id_comment(last)?;
        let id = id.to_string();
        *last = last[..kept].trim_end().to_string().into();
        if let Some((kept, _)) = id_comment(text) {
            text.truncate(kept);
        }
        Some(id)
    }

    /// Raw HTML in an MDX file with its components seen to: a tab
    /// (`<TabItem label="Linux">`, Docusaurus's) becomes its label in bold,
    /// so each tab's text shows under its name, one after the other; any
    /// other component is a warning where it opens (its tags are dropped
    /// with the rest of the HTML the sanitizer does not know). Any other
    /// event, or file, as it is.
    pub(in crate::markdown) fn mdx_components<'e>(
        &mut self,
        event: Event<'e>,
        at: usize,
    ) -> Event<'e> {
        if !self.mdx {
            return event;
        }
        let (Event::Html(html) | Event::InlineHtml(html)) = &event else {
            return event;
        };
        let mut out = String::new();
        let mut copied = 0;
        for (start, name) in components(html) {
            let end = html[start..]
                .find('>')
                .map_or(html.len(), |e| start + e + 1);
            // Under `raw_html: escape` the tags show as text, labels too.
            let tab = name == "TabItem" && self.site.config.raw_html != RawHtml::Escape;
            if let Some(label) = tab.then(|| label_of(&html[start..end])).flatten() {
                out.push_str(&html[copied..start]);
                out.push_str("<p class=\"tab-label\"><strong>");
                out.push_str(&crate::util::escape::html(label));
                out.push_str("</strong></p>");
                copied = end;
                continue;
            }
            let message = match name {
                "Tabs" => "MDX component `<Tabs>` is left out: its tabs show one after the other, each under its label".to_string(),
                _ => format!(
                    "MDX component `<{name}>` is left out, what it holds shown as written: guildhall has no components"
                ),
            };
            let problem = self.located(false, at + start, name.len() + 1, message);
            self.out.problems.push(problem.with_help(
                "write in markdown what it shows: a heading or a list for tabs, a callout (`> [!NOTE]`) for an admonition, links for a list of pages",
            ));
        }
        if copied == 0 {
            return event;
        }
        out.push_str(&html[copied..]);
        match event {
            Event::InlineHtml(_) => Event::InlineHtml(out.into()),
            _ => Event::Html(out.into()),
        }
    }
}

/// `text` with the fences of its `mdx-code-block`s blanked, when it has
/// any: Docusaurus runs such a block's text as MDX (a page's tabs, kept
/// in a code block so that GitHub shows the markdown around them), so it
/// is read as the rest of the page is. Each fence line becomes as many
/// spaces, so every byte keeps its place and every problem its line and
/// column. A block without its closing fence is left a code block, as
/// CommonMark reads it.
pub(in crate::markdown) fn unfenced(text: &str) -> Option<String> {
    /// The fenced block being read: where its opening line is, its fence,
    /// and whether it is an `mdx-code-block`.
    struct Open {
        line: std::ops::Range<usize>,
        marker: char,
        count: usize,
        mdx: bool,
    }
    let mut out: Option<Vec<u8>> = None;
    let mut open: Option<Open> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        let here = at..at + bare.len();
        at += line.len();
        let Some((marker, count, info)) = fence(bare) else {
            continue;
        };
        match &open {
            None => {
                let mdx = info == "mdx-code-block";
                open = Some(Open {
                    line: here,
                    marker,
                    count,
                    mdx,
                });
            }
            Some(block) if marker == block.marker && count >= block.count && info.is_empty() => {
                if block.mdx {
                    let blanked = out.get_or_insert_with(|| text.as_bytes().to_vec());
                    blanked[block.line.clone()].fill(b' ');
                    blanked[here].fill(b' ');
                }
                open = None;
            }
            Some(_) => {}
        }
    }
    // Whole lines became spaces: still UTF-8.
    String::from_utf8(out?).ok()
}

/// A fence line (up to three spaces, then three or more backticks or
/// tildes): its character, how many, and its info string.
fn fence(line: &str) -> Option<(char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = (indent <= 3).then(|| &line[indent..])?;
    let marker = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let count = rest.len() - rest.trim_start_matches(marker).len();
    (count >= 3).then(|| (marker, count, rest[count..].trim()))
}

/// A tab's label: its `label`, else its `value` (`<TabItem value="linux"
/// label="Linux">`).
fn label_of(tag: &str) -> Option<&str> {
    ["label", "value"].iter().find_map(|name| {
        let at = tag.find(&format!(" {name}="))? + name.len() + 2;
        let quote = tag[at..]
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''))?;
        let value = &tag[at + 1..];
        let end = value.find(quote)?;
        Some(value[..end].trim()).filter(|v| !v.is_empty())
    })
}

/// A line that starts a module of MDX: `import … from '…'`, `import '…'`
/// or `export …`.
fn is_module_line(line: &str) -> bool {
    ["import ", "import{", "import'", "import\"", "export "]
        .iter()
        .any(|start| line.starts_with(start))
}

/// Where a trailing `{/* #id */}` starts in `text`, and the id.
fn id_comment(text: &str) -> Option<(usize, &str)> {
    let trimmed = text.trim_end();
    let inner = trimmed.strip_suffix("*/}")?;
    let start = inner.rfind("{/*")?;
    let id = inner[start + 3..].trim().strip_prefix('#')?;
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    valid.then_some((start, id))
}

/// A line that is only an MDX comment.
fn is_comment(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("{/*") && line.ends_with("*/}")
}

/// Each component tag opened in `html` (a name starting with a capital,
/// as JSX tells a component from an HTML element): where its `<` stands
/// and its name.
fn components(html: &str) -> impl Iterator<Item = (usize, &str)> {
    html.match_indices('<').filter_map(|(at, _)| {
        let rest = &html[at + 1..];
        let length = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..length];
        name.starts_with(|c: char| c.is_ascii_uppercase())
            .then_some((at, name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mdx_code_blocks_lose_their_fences_in_place() {
        let text = "Pick one.\n\n```mdx-code-block\nimport Tabs from '@theme/Tabs';\n\n<Tabs>\n```\n\nText.\n\n~~~~mdx-code-block\n```js\nx\n```\n~~~~\n";
        let blanked = unfenced(text).unwrap();
        assert_eq!(blanked.len(), text.len());
        assert_eq!(
            blanked,
            "Pick one.\n\n                 \nimport Tabs from '@theme/Tabs';\n\n<Tabs>\n   \n\nText.\n\n                  \n```js\nx\n```\n    \n"
        );
        // Other code, and a block never closed, stay code.
        assert_eq!(unfenced("```js\nx\n```\n"), None);
        assert_eq!(unfenced("```mdx-code-block\n<Tabs>\n"), None);
        // Inside another code block, such a fence is code.
        assert_eq!(unfenced("````md\n```mdx-code-block\nx\n```\n````\n"), None);
    }

    #[test]
    fn modules_and_comments_are_told_from_text() {
        assert!(is_module_line("import Tabs from '@theme/Tabs';"));
        assert!(is_module_line("import {Foo} from './foo';"));
        assert!(is_module_line("export const meta = {};"));
        assert!(!is_module_line("Important: read this."));
        assert!(!is_module_line("imports are listed below"));
        assert!(is_comment("{/* truncate */}"));
        assert!(!is_comment("{/* a comment */} and text"));
    }

    #[test]
    fn heading_ids_in_comments_are_read() {
        assert_eq!(
            id_comment("Requirements {/* #requirements */}"),
            Some((13, "requirements"))
        );
        assert_eq!(id_comment("Build {/*#build*/}  "), Some((6, "build")));
        assert_eq!(id_comment("A {/* note */}"), None);
        assert_eq!(id_comment("A {/* #two words */}"), None);
        assert_eq!(id_comment("Plain"), None);
    }

    #[test]
    fn a_tab_is_named_by_its_label_or_value() {
        assert_eq!(
            label_of(r#"<TabItem value="linux" label="Linux">"#),
            Some("Linux")
        );
        assert_eq!(label_of(r#"<TabItem value='mac'>"#), Some("mac"));
        assert_eq!(label_of(r#"<TabItem value={x}>"#), None);
        assert_eq!(label_of(r#"<TabItem label="">"#), None);
    }

    #[test]
    fn components_are_capitalised_tags() {
        let html = "<Tabs groupId=\"os\">\n<TabItem value=\"a\" label=\"A\">\n<div>x</div></TabItem></Tabs><Admonition.Tip />";
        let names: Vec<&str> = components(html).map(|(_, name)| name).collect();
        assert_eq!(names, ["Tabs", "TabItem", "Admonition.Tip"]);
    }
}
