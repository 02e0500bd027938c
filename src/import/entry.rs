//! An imported post as a content file: front matter in guildhall's own
//! fields, attribution included (`source:`, `license:`), then the body in
//! markdown. Serialised by serde_yaml, so every value is quoted as it
//! needs to be.

use serde::Serialize;

/// The front matter of an imported question or answer.
#[derive(Debug, Default, Serialize)]
pub struct Front {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    pub author: Author,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub votes: Option<i64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub accepted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    pub source: Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<License>,
}

#[derive(Debug, Default, Serialize)]
pub struct Author {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Where the post was first published, and by whom there.
#[derive(Debug, Default, Serialize)]
pub struct Source {
    pub name: String,
    pub url: String,
    pub author: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_url: Option<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct License {
    pub name: String,
    pub url: String,
}

/// A tag's description brought from `site` (a Stack Exchange tag wiki, a
/// Discourse category's description) as a file's text: titled with the
/// tag, credited to the site's community (many hands write these; `url`,
/// their page there, lists them), then `body`.
pub fn tag_description(
    tag: &str,
    body: &str,
    site: &str,
    url: &str,
    date: &str,
    license: Option<License>,
) -> String {
    let community = format!("the {site} community");
    let front = Front {
        title: Some(tag.to_string()),
        date: date.to_string(),
        author: Author {
            name: community.clone(),
            url: None,
        },
        source: Source {
            name: site.to_string(),
            url: url.to_string(),
            author: community,
            author_url: None,
        },
        license,
        ..Front::default()
    };
    file_text(&front, body, &[])
}

/// A comment kept under its post.
#[derive(Debug, Clone)]
pub struct Comment {
    pub text: String,
    pub author: String,
    pub author_url: Option<String>,
    /// `2014-01-21`.
    pub date: String,
}

/// The file's text: front matter, body, and comments (if any) after a
/// rule, each attributed.
pub fn file_text(front: &Front, body: &str, comments: &[Comment]) -> String {
    let yaml = serde_yaml::to_string(front).unwrap_or_default();
    let mut text = format!("---\n{yaml}---\n\n{}\n", body.trim());
    if !comments.is_empty() {
        text.push_str("\n---\n\n**Comments**\n\n");
        text.push_str(&comment_list(comments));
    }
    text
}

/// Comments as a markdown list: a one-line comment as `- text — author,
/// date`, a longer one (paragraphs, code) as the author and date with the
/// text indented under them, so its markdown stays whole.
pub fn comment_list(comments: &[Comment]) -> String {
    let mut text = String::new();
    for c in comments {
        let author = match &c.author_url {
            Some(url) => format!("[{}]({url})", escape_link_text(&c.author)),
            None => escape_link_text(&c.author),
        };
        let body = c.text.trim();
        if body.contains('\n') {
            text.push_str(&format!("- {author}, {}:\n\n", c.date));
            for line in body.lines() {
                if line.trim().is_empty() {
                    text.push('\n');
                } else {
                    text.push_str(&format!("  {line}\n"));
                }
            }
            text.push('\n');
        } else {
            text.push_str(&format!("- {body} — {author}, {}\n", c.date));
        }
    }
    text
}

/// A name as markdown link text: brackets and emphasis marks escaped.
fn escape_link_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '*' | '_' | '`' | '\\' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A post body in HTML as markdown (htmd: code blocks, inline code, links,
/// images, lists, tables, quotes and emphasis kept; scripts and styles
/// dropped with their text). What it keeps of raw HTML is sanitized when
/// the site is built, as any content is.
pub fn markdown_of_html(html: &str) -> String {
    // One converter for every post of an import.
    static CONVERTER: std::sync::OnceLock<htmd::HtmlToMarkdown> = std::sync::OnceLock::new();
    CONVERTER
        .get_or_init(|| {
            htmd::HtmlToMarkdown::builder()
                .skip_tags(vec!["script", "style", "iframe", "object", "embed"])
                .build()
        })
        .convert(html)
        .unwrap_or_else(|_| html.to_string())
}

/// Markdown written for another site as guildhall reads it: `[[` is not a
/// wikilink there, so it is escaped (outside code).
pub fn guard_wikilinks(markdown: &str) -> String {
    if !markdown.contains("[[") {
        return markdown.to_string();
    }
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut fence: Option<&str> = None;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            _ => {}
        }
        let indented_code = line.starts_with("    ") || line.starts_with('\t');
        if fence.is_some() || marker.is_some() || indented_code {
            out.push_str(line);
        } else {
            out.push_str(&escape_outside_code_spans(line));
        }
    }
    out
}

/// Each `[` that opens `[[` escaped (`\[[`) except inside `` `code` ``
/// spans of one line: no wikilink, while a link right after a bracket
/// (`[[link](url)]`, a link in brackets on Stack Exchange) stays a link.
fn escape_outside_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 0 {
            escape_double_brackets(part, &mut out);
        } else {
            out.push_str(part);
        }
    }
    out
}

fn escape_double_brackets(text: &str, out: &mut String) {
    let mut escaped = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '[' && !escaped && chars.peek() == Some(&'[') {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_quoted_as_yaml_needs() {
        let front = Front {
            title: Some("Ales: a primer #1".into()),
            date: "2014-01-21T20:26:05Z".into(),
            author: Author {
                name: "O'Brien".into(),
                url: Some("https://x.stackexchange.com/users/7".into()),
            },
            accepted: true,
            votes: Some(3),
            ..Front::default()
        };
        let text = file_text(&front, "Body", &[]);
        let yaml = text.split("---\n").nth(1).unwrap();
        let back: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(back["title"].as_str(), Some("Ales: a primer #1"));
        assert_eq!(back["author"]["name"].as_str(), Some("O'Brien"));
        assert_eq!(back["accepted"].as_bool(), Some(true));
        assert!(back.get("duplicate_of").is_none());
        assert!(text.ends_with("---\n\nBody\n"), "{text}");
    }

    #[test]
    fn html_bodies_keep_their_structure() {
        let md = markdown_of_html(
            "<p>Use <code>ls -l</code> and <em>then</em> <a href=\"https://x.org\">read</a>.</p><pre><code>fn main() {}\n</code></pre><ul><li>one</li></ul><blockquote><p>quoted</p></blockquote>",
        );
        assert!(md.contains("`ls -l`"), "{md}");
        assert!(md.contains("[read](https://x.org)"), "{md}");
        assert!(
            md.contains("```\nfn main() {}\n```") || md.contains("    fn main() {}"),
            "{md}"
        );
        assert!(md.contains("one"), "{md}");
        assert!(md.contains("> quoted"), "{md}");
    }

    #[test]
    fn double_brackets_are_not_wikilinks_outside_code() {
        assert_eq!(guard_wikilinks("a [[b]] `[[c]]`\n"), "a \\[[b]] `[[c]]`\n");
        assert_eq!(guard_wikilinks("[[[x]]]\n"), "\\[\\[[x]]]\n");
        assert_eq!(guard_wikilinks("\\[[x]]\n"), "\\[[x]]\n");
        assert_eq!(guard_wikilinks("```\n[[x]]\n```\n"), "```\n[[x]]\n```\n");
        assert_eq!(guard_wikilinks("    [[x]]\n"), "    [[x]]\n");
    }

    /// What the guarded text is to a markdown parser with wikilinks on:
    /// each link's type and target.
    fn links_of(markdown: &str) -> Vec<(pulldown_cmark::LinkType, String)> {
        use pulldown_cmark::{Event, Options, Parser, Tag};
        Parser::new_ext(markdown, Options::ENABLE_WIKILINKS)
            .filter_map(|event| match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) => Some((link_type, dest_url.to_string())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn guarded_brackets_make_no_wikilink_and_keep_links_inside() {
        use pulldown_cmark::LinkType;
        for text in ["a [[b]] c", "[[[x]]]", "\\[[x]]", "[[a|b]]"] {
            assert_eq!(links_of(&guard_wikilinks(text)), [], "{text}");
        }
        assert_eq!(
            links_of(&guard_wikilinks("see [[link](https://x.org/a)] here")),
            [(LinkType::Inline, "https://x.org/a".to_string())]
        );
    }
}
