//! Discourse's own markup in a post's `raw` text made plain markdown:
//! `[quote]` blocks become block quotes naming their author, `[details]`
//! a `<details>` element, `upload://` references the forum's addresses
//! for them, image sizes leave the alt text, `@mentions` link to the
//! profile. Any other `[tag]…[/tag]` is left as written and reported.
//! Code (fenced, indented or inline) is left alone.

/// `raw` as markdown, and the names of the markup left as written.
pub fn to_markdown(raw: &str, base: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(raw.len() + 64);
    let mut depth = 0usize;
    let mut fence: Option<String> = None;
    for line in raw.lines() {
        let trimmed = line.trim();
        let quote = "> ".repeat(depth);
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
            out.push_str(&format!("{quote}{line}\n"));
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
            out.push_str(&format!("{quote}{line}\n"));
            continue;
        }
        if let Some(opening) = quote_opening(trimmed) {
            depth += 1;
            let quote = "> ".repeat(depth);
            if let Some(name) = opening {
                out.push_str(&format!("{quote}**{name}** wrote:\n{}\n", quote.trim_end()));
            }
            continue;
        }
        if trimmed == "[/quote]" && depth > 0 {
            depth -= 1;
            out.push_str(&format!("{}\n", "> ".repeat(depth).trim_end()));
            continue;
        }
        if let Some(summary) = details_opening(trimmed) {
            out.push_str(&format!(
                "{quote}<details><summary>{}</summary>\n{}\n",
                crate::util::escape::html(&summary),
                quote.trim_end()
            ));
            continue;
        }
        if trimmed == "[/details]" {
            out.push_str(&format!("{}\n{quote}</details>\n", quote.trim_end()));
            continue;
        }
        let converted = if line.starts_with("    ") || line.starts_with('\t') {
            line.to_string()
        } else {
            inline(line, base)
        };
        out.push_str(&format!("{quote}{converted}\n"));
    }
    let left = markup_left(&out);
    (out, left)
}

/// `[quote="name, post:3, topic:12"]` or `[quote]`: `Some(Some(name))`,
/// `Some(None)`; `None` for any other line.
fn quote_opening(line: &str) -> Option<Option<String>> {
    let rest = line.strip_prefix("[quote")?.strip_suffix(']')?;
    if rest.is_empty() {
        return Some(None);
    }
    let value = rest.strip_prefix('=')?.trim_matches('"');
    let name = value.split(',').next().unwrap_or("").trim();
    Some((!name.is_empty()).then(|| name.to_string()))
}

/// `[details="Summary"]` or `[details]`: the summary text.
fn details_opening(line: &str) -> Option<String> {
    let rest = line.strip_prefix("[details")?.strip_suffix(']')?;
    if rest.is_empty() {
        return Some("Details".into());
    }
    Some(rest.strip_prefix('=')?.trim_matches('"').to_string())
}

/// One line of text outside code spans: uploads, image sizes, mentions.
fn inline(line: &str, base: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        let part = part.replace("upload://", &format!("{base}/uploads/short-url/"));
        out.push_str(&mentions(&image_sizes(&part), base));
    }
    out
}

/// `![alt|690x388](…)` as `![alt](…)`: Discourse keeps the size in the
/// alt text.
fn image_sizes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("![") {
        out.push_str(&rest[..start + 2]);
        rest = &rest[start + 2..];
        let Some(end) = rest.find("](") else {
            continue;
        };
        let alt = &rest[..end];
        let alt = match alt.rsplit_once('|') {
            Some((before, size)) if is_size(size) => before,
            _ => alt,
        };
        out.push_str(alt);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `690x388` or `690x388, 50%`.
fn is_size(text: &str) -> bool {
    let size = text.split(',').next().unwrap_or("").trim();
    size.split_once('x').is_some_and(|(w, h)| {
        !w.is_empty()
            && !h.is_empty()
            && w.bytes().all(|b| b.is_ascii_digit())
            && h.bytes().all(|b| b.is_ascii_digit())
    })
}

/// `@name` (after a space, a bracket or the start) as a link to the
/// profile.
fn mentions(text: &str, base: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let starts = previous.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '['));
        if c == '@' && starts {
            let name: String = text[i + 1..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
                .collect();
            let name = name.trim_end_matches('.');
            if !name.is_empty() {
                out.push_str(&format!("[@{name}]({base}/u/{name})"));
                for _ in 0..name.chars().count() {
                    chars.next();
                }
                previous = name.chars().last();
                continue;
            }
        }
        out.push(c);
        previous = Some(c);
    }
    out
}

/// Closing tags of markup nobody converted (`[/spoiler]`, `[/poll]`),
/// outside code.
fn markup_left(text: &str) -> Vec<String> {
    let mut left = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        let trimmed = line.trim_start_matches(['>', ' ']);
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 1 {
                continue;
            }
            let mut rest = part;
            while let Some(at) = rest.find("[/") {
                rest = &rest[at + 2..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if !name.is_empty() && rest[name.len()..].starts_with(']') && !left.contains(&name)
                {
                    left.push(name);
                }
            }
        }
    }
    left
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://forum.example.org";

    #[test]
    fn quotes_and_details_become_markdown() {
        let (md, left) = to_markdown(
            "[quote=\"ana, post:2, topic:7\"]\nUse a cold crash.\n[/quote]\n\nAgreed.\n\n[details=\"Log\"]\nerror 42\n[/details]\n",
            BASE,
        );
        assert!(
            md.contains("> **ana** wrote:\n>\n> Use a cold crash.\n"),
            "{md}"
        );
        assert!(md.contains("\nAgreed.\n"), "{md}");
        assert!(
            md.contains("<details><summary>Log</summary>\n\nerror 42\n\n</details>"),
            "{md}"
        );
        assert!(left.is_empty());
    }

    #[test]
    fn uploads_sizes_and_mentions() {
        let (md, _) = to_markdown(
            "Thanks @bo.s, see ![photo|690x388](upload://abc123.png) and `@not_me` mail@example.org\n",
            BASE,
        );
        assert!(
            md.contains("[@bo.s](https://forum.example.org/u/bo.s),"),
            "{md}"
        );
        assert!(
            md.contains("![photo](https://forum.example.org/uploads/short-url/abc123.png)"),
            "{md}"
        );
        assert!(
            md.contains("`@not_me`") && md.contains("mail@example.org"),
            "{md}"
        );
    }

    #[test]
    fn code_is_left_alone_and_unknown_markup_reported() {
        let (md, left) = to_markdown(
            "```\n[quote]\n@x upload://a.png\n```\n[spoiler]secret[/spoiler]\n",
            BASE,
        );
        assert!(
            md.starts_with("```\n[quote]\n@x upload://a.png\n```\n"),
            "{md}"
        );
        assert_eq!(left, ["spoiler"]);
    }
}
