//! Hugo's shortcodes (`{{< figure … >}}`, `{{% alert %}}`) mean nothing
//! here and show as text: each one opened in a body's text (not in code)
//! is a warning where it stands, so a migrating site finds them all in one
//! `check` and a contributor who copied one learns it at once. Those with
//! a markdown equivalent (Hugo's own `figure`, `ref`, `highlight`...,
//! Docsy's `alert`) are rewritten by `check --fix` (`shortcode_fix`).

use std::ops::Range;

use super::shortcode_fix::can_fix;
use crate::markdown::walk::State;

impl State<'_> {
    /// Warns of each shortcode opened in the text at `at..at + len` of the
    /// file (a run of text outside code).
    pub(super) fn warn_shortcodes(&mut self, at: usize, text: &str) {
        for (start, end, name) in opened_shortcodes(text) {
            let message =
                format!("Hugo shortcode `{name}` is shown as text: guildhall has no shortcodes");
            let help = if can_fix(name) {
                "`guildhall check --fix` rewrites it in markdown".to_string()
            } else {
                format!(
                    "write what it shows in markdown or HTML: a link, an image, a callout (`> [!NOTE]`); `guildhall check --fix --unwrap {name}` takes a wrapper away, keeping what it holds, or writes the link or image it names"
                )
            };
            let problem = self.located(false, at + start, end - start, message);
            self.out.problems.push(problem.with_help(help));
        }
    }
}

/// Where each shortcode opens in `text` (`{{<` or `{{%`, then its name;
/// closing ones, `{{< /name >}}`, left out): from its braces to the end
/// of its name, and its name.
fn opened_shortcodes(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    text.match_indices("{{").filter_map(move |(at, _)| {
        let rest = text[at + 2..].strip_prefix(['<', '%'])?.trim_start();
        let length = name_length(rest);
        let name = &rest[..length];
        let end = text.len() - rest.len() + length;
        (!name.is_empty() && !name.starts_with('/')).then_some((at, end, name))
    })
}

/// How long the shortcode name at the start of `text` is (Hugo's names
/// may hold `/` for shortcodes in folders).
fn name_length(text: &str) -> usize {
    text.find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.')))
        .unwrap_or(text.len())
}

/// One shortcode tag as written: `{{< name args >}}`, `{{% name %}}`,
/// `{{< /name >}}` or `{{< name />}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag<'a> {
    /// Where it stands in the text, from `{{` to `}}`.
    pub range: Range<usize>,
    pub name: &'a str,
    /// A closing tag (`{{< /name >}}`).
    pub closing: bool,
    /// Arguments in order: named ones with their name, positional ones
    /// without; values unquoted.
    pub args: Vec<(Option<&'a str>, String)>,
}

impl Tag<'_> {
    /// The argument named `name`, else the positional one at `index`.
    pub fn get(&self, name: &str, index: Option<usize>) -> Option<&str> {
        let named = self.args.iter().find(|(key, _)| *key == Some(name));
        let positional = || {
            self.args
                .iter()
                .filter(|(key, _)| key.is_none())
                .nth(index?)
        };
        named.or_else(positional).map(|(_, value)| value.as_str())
    }
}

/// The shortcode tag starting at byte `at` of `text`, if one does: Hugo's
/// syntax, arguments positional or `name=value`, values bare, in double
/// quotes (with `\"` escapes) or in backquotes, over several lines if
/// need be. None for anything else, a comment (`{{</* x */>}}`) included.
pub fn tag_at(text: &str, at: usize) -> Option<Tag<'_>> {
    let mut rest = text.get(at..)?.strip_prefix("{{")?;
    let close = match rest.as_bytes().first()? {
        b'<' => ">}}",
        b'%' => "%}}",
        _ => return None,
    };
    rest = rest[1..].trim_start();
    let closing = rest.starts_with('/');
    if closing {
        rest = rest[1..].trim_start();
    }
    let length = name_length(rest);
    let name = &rest[..length];
    if name.is_empty() || name.starts_with('/') {
        return None;
    }
    rest = &rest[length..];
    let mut args = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(close) {
            let end = text.len() - after.len();
            return Some(Tag {
                range: at..end,
                name,
                closing,
                args,
            });
        }
        if let Some(after) = rest.strip_prefix('/')
            && after.trim_start().starts_with(close)
        {
            rest = after;
            continue;
        }
        let (first, after) = value(rest, close)?;
        rest = after;
        match (first, rest.strip_prefix('=')) {
            (Value::Bare(key), Some(after)) => {
                let (value, after) = value(after, close)?;
                args.push((Some(key), value.into_string()));
                rest = after;
            }
            (value, _) => args.push((None, value.into_string())),
        }
    }
}

/// An argument's text as written.
enum Value<'a> {
    Bare(&'a str),
    Quoted(String),
}

impl Value<'_> {
    fn into_string(self) -> String {
        match self {
            Value::Bare(text) => text.to_string(),
            Value::Quoted(text) => text,
        }
    }
}

/// The value at the start of `text` and what follows it: `"…"` (with
/// `\"` and `\\`), `` `…` `` as it is, or a bare word ending at white
/// space, `=` or the tag's end.
fn value<'a>(text: &'a str, close: &str) -> Option<(Value<'a>, &'a str)> {
    if let Some(inner) = text.strip_prefix('"') {
        let mut value = String::new();
        let mut chars = inner.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return Some((Value::Quoted(value), &inner[i + 1..])),
                '\\' => value.push(chars.next()?.1),
                c => value.push(c),
            }
        }
        return None;
    }
    if let Some(inner) = text.strip_prefix('`') {
        let end = inner.find('`')?;
        return Some((Value::Quoted(inner[..end].to_string()), &inner[end + 1..]));
    }
    let end = text
        .char_indices()
        .find(|&(i, c)| c.is_whitespace() || c == '=' || text[i..].starts_with(close))
        .map_or(text.len(), |(i, _)| i);
    (end > 0).then(|| (Value::Bare(&text[..end]), &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_are_found_by_name_and_closing_ones_left_out() {
        let text = r#"{{< figure src="a.svg" >}} then {{% alert title="x" %}}hi{{% /alert %}} and {{< /intro >}} or {{ not }} {{<>}}"#;
        let found: Vec<(usize, usize, &str)> = opened_shortcodes(text).collect();
        assert_eq!(found, [(0, 10, "figure"), (32, 41, "alert")]);
    }

    #[test]
    fn tags_are_read_with_their_arguments() {
        let text = "x {{< figure src=\"/a b.png\" alt=\"say \\\"hi\\\"\" width=300 >}} y";
        let tag = tag_at(text, 2).unwrap();
        assert_eq!(&text[tag.range.clone()], &text[2..text.len() - 2]);
        assert_eq!(tag.name, "figure");
        assert!(!tag.closing);
        assert_eq!(tag.get("src", None), Some("/a b.png"));
        assert_eq!(tag.get("alt", None), Some("say \"hi\""));
        assert_eq!(tag.get("width", None), Some("300"));

        let tag = tag_at("{{% gist  spf13\n 7896402 `a.go` %}}", 0).unwrap();
        assert_eq!(tag.get("user", Some(0)), Some("spf13"));
        assert_eq!(tag.get("id", Some(1)), Some("7896402"));
        assert_eq!(tag.get("file", Some(2)), Some("a.go"));

        let closing = tag_at("{{< /highlight >}}", 0).unwrap();
        assert!(closing.closing && closing.name == "highlight");
        let self_closed = tag_at("{{< details summary=\"s\" />}}", 0).unwrap();
        assert_eq!(self_closed.get("summary", None), Some("s"));

        for not_a_tag in [
            "{{</* figure */>}}",
            "{{< figure src=\"open >}}",
            "{{< >}}",
            "{{ x }}",
            "{{< figure src=a",
        ] {
            assert_eq!(tag_at(not_a_tag, 0), None, "{not_a_tag}");
        }
    }
}
