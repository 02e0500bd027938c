//! `check --fix` for Hugo's shortcodes: those whose meaning is known
//! rewritten in the markdown that shows the same. Hugo's own: `figure`
//! (an image, its caption below), `ref` and `relref` (a relative link to
//! the `.md` file), `highlight` (a fenced code block), `details` (a folded
//! callout), `youtube`, `vimeo`, `tweet`/`x`, `instagram` and `gist` (a
//! link to the post); Docsy's `alert` and `pageinfo` (callouts) and its
//! landing-page blocks (`blocks/cover`, `blocks/section`, `blocks/lead`,
//! `blocks/feature`: their content, with a feature's title as a heading
//! and its link below; `blocks/link-down`, a decorative arrow, removed).
//! Any other shortcode (a theme's own) is left as it is, and `check` still
//! warns of it, unless the maintainer names it to unwrap (`check --fix
//! --unwrap intro`): see [`super::unwrap`] for what it leaves.

use std::collections::HashMap;

use super::docsy::{self, Dedented};
use super::shortcodes::{Tag, tag_at};
use super::unwrap;
use super::{
    Fixed, MAX_NESTING, Rewrite, callout_quote, fenced, in_runs, indentation, line_has_text,
    read_each, standalone, text_runs,
};

/// Whether [`fix`] knows what the shortcode `name` shows.
pub fn can_fix(name: &str) -> bool {
    PAIRED.contains(&name) || INLINE.contains(&name)
}

/// Shortcodes with a closing tag, around markdown or code.
const PAIRED: [&str; 8] = [
    "highlight",
    "details",
    "alert",
    "pageinfo",
    "blocks/cover",
    "blocks/section",
    "blocks/lead",
    "blocks/feature",
];
const INLINE: [&str; 11] = [
    "blocks/link-down",
    "figure",
    "ref",
    "relref",
    "youtube",
    "vimeo",
    "tweet",
    "x",
    "twitter",
    "instagram",
    "gist",
];

/// What a rewrite needs to know of the page it is in.
pub struct Page<'a> {
    /// Its title: a Docsy cover's title that repeats it is not written
    /// again (the page shows it as its heading).
    pub title: &'a str,
    /// Turns a `ref`'s path into the link to write (a relative path to a
    /// file), `None` when it names no file.
    pub refs: &'a dyn Fn(&str) -> Option<String>,
    /// A theme's shortcodes to take away, keeping what they wrap
    /// (`--unwrap`).
    pub unwrap: &'a [String],
}

impl Page<'_> {
    fn unwraps(&self, name: &str) -> bool {
        !can_fix(name) && self.unwrap.iter().any(|n| n == name)
    }
}

/// `body` with every shortcode it can rewrite (see the module) rewritten,
/// those in code left alone.
pub fn fix(body: &str, page: &Page<'_>) -> Fixed {
    fix_nested(body, page, 0)
}

/// [`fix`] on a body `depth` callouts deep.
fn fix_nested(body: &str, page: &Page<'_>, depth: usize) -> Fixed {
    let tags = tags_in_text(body);
    let closes = closing_tags(&tags);
    let mut rewrite = Rewrite::new(body);
    let mut i = 0;
    while i < tags.len() {
        let tag = &tags[i];
        i += 1;
        let unwrapped = page.unwraps(tag.name);
        if tag.closing || !(can_fix(tag.name) || unwrapped) {
            continue;
        }
        let at = tag.range.start;
        let paired_tag = PAIRED.contains(&tag.name) || unwrapped;
        let close = if paired_tag { closes[i - 1] } else { None };
        let (range, made) = if unwrapped && close.is_none() {
            let standalone = standalone(body, &tag.range);
            (tag.range.clone(), unwrap::single(tag, standalone))
        } else if paired_tag {
            let Some(close) = close else {
                rewrite
                    .out
                    .left
                    .push((at, format!("`{}` has no closing tag", tag.name)));
                continue;
            };
            let close = &tags[close];
            i = tags.partition_point(|t| t.range.start < close.range.end);
            let inner = &body[tag.range.end..close.range.start];
            let made = if depth < MAX_NESTING {
                paired(body, tag, inner, page, &mut rewrite.out, depth)
            } else {
                Err(format!("`{}` nested too deep", tag.name))
            };
            (tag.range.start..close.range.end, made)
        } else {
            (tag.range.clone(), inline(body, tag, page.refs))
        };
        match made {
            Ok(mut text) => {
                let next_line = body[range.end..].find('\n').map(|i| range.end + i + 1);
                if text.starts_with('>') && next_line.is_some_and(|at| line_has_text(body, at)) {
                    text.push('\n');
                }
                rewrite.replace(range, &text);
                rewrite.out.fixed.push((at, tag.name.to_string()));
            }
            Err(why) => rewrite.out.left.push((at, why)),
        }
    }
    let mut out = rewrite.finish();
    out.fixed.sort();
    out
}

/// The tags of `body` that open in its text: not in code, not in raw HTML.
fn tags_in_text(body: &str) -> Vec<Tag<'_>> {
    let runs = text_runs(body);
    read_each(
        body,
        "{{",
        |at| in_runs(&runs, at),
        tag_at,
        |tag| &tag.range,
    )
}

/// For each of `tags`, where the tag closing it is (others of the same
/// name may nest inside: they close first), in one pass; `None` for a
/// closing tag and for one never closed.
fn closing_tags(tags: &[Tag<'_>]) -> Vec<Option<usize>> {
    let mut closes = vec![None; tags.len()];
    let mut open: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, tag) in tags.iter().enumerate() {
        if !tag.closing {
            open.entry(tag.name).or_default().push(i);
        } else if let Some(opener) = open.get_mut(tag.name).and_then(Vec::pop) {
            closes[opener] = Some(i);
        }
    }
    closes
}

/// The markdown for a shortcode without a closing tag.
fn inline(
    body: &str,
    tag: &Tag<'_>,
    refs: &dyn Fn(&str) -> Option<String>,
) -> Result<String, String> {
    let missing = |what: &str| format!("`{}` without {what}", tag.name);
    let id = |index| tag.get("id", Some(index)).filter(|id| is_plain_id(id));
    match tag.name {
        "figure" => figure(tag, standalone(body, &tag.range)),
        "blocks/link-down" => Ok(String::new()),
        "ref" | "relref" => {
            let path = tag.get("path", Some(0)).ok_or_else(|| missing("a path"))?;
            refs(path).ok_or_else(|| format!("`{}`: no file of the site is `{path}`", tag.name))
        }
        "youtube" => {
            let id = id(0).ok_or_else(|| missing("a video id"))?;
            let title = tag.get("title", None).unwrap_or("Video on YouTube");
            Ok(link(
                title,
                &format!("https://www.youtube.com/watch?v={id}"),
            ))
        }
        "vimeo" => {
            let id = id(0).ok_or_else(|| missing("a video id"))?;
            let title = tag.get("title", None).unwrap_or("Video on Vimeo");
            Ok(link(title, &format!("https://vimeo.com/{id}")))
        }
        "tweet" | "x" | "twitter" => {
            let user = tag.get("user", None).filter(|u| is_plain_id(u));
            let id = match user {
                Some(_) => tag.get("id", None),
                None => tag.get("id", Some(0)),
            };
            let id = id
                .filter(|id| is_plain_id(id))
                .ok_or_else(|| missing("a post id"))?;
            Ok(match user {
                Some(user) => link(
                    &format!("Post by @{user} on X"),
                    &format!("https://x.com/{user}/status/{id}"),
                ),
                None => link("Post on X", &format!("https://x.com/i/status/{id}")),
            })
        }
        "instagram" => {
            let id = id(0).ok_or_else(|| missing("a post id"))?;
            Ok(link(
                "Post on Instagram",
                &format!("https://www.instagram.com/p/{id}/"),
            ))
        }
        "gist" => {
            let user = tag.get("user", Some(0)).filter(|u| is_plain_id(u));
            let id = tag.get("id", Some(1)).filter(|id| is_plain_id(id));
            let (Some(user), Some(id)) = (user, id) else {
                return Err(missing("a user and an id"));
            };
            let name = tag.get("file", Some(2)).unwrap_or(id);
            Ok(link(
                &format!("Gist {name} by {user}"),
                &format!("https://gist.github.com/{user}/{id}"),
            ))
        }
        _ => Err(format!("`{}` is not known", tag.name)),
    }
}

/// Hugo's `figure`: the image (in a link with `link`), its caption (and
/// attribution) in italics below it, as its own paragraph when the
/// shortcode stands on a line of its own. Its alternative text is `alt`,
/// else the caption, as Hugo's own figure does.
pub(super) fn figure(tag: &Tag<'_>, standalone: bool) -> Result<String, String> {
    let src = tag
        .get("src", None)
        .filter(|s| !s.trim().is_empty())
        .ok_or("`figure` without `src`")?;
    let caption = tag.get("caption", None).filter(|c| !c.trim().is_empty());
    let alt = tag.get("alt", None).or(caption).unwrap_or("");
    let title = tag
        .get("title", None)
        .map(|t| format!(" \"{}\"", t.replace('"', "\\\"")))
        .unwrap_or_default();
    let mut image = format!("![{}]({}{title})", escape_brackets(alt), destination(src));
    if let Some(target) = tag.get("link", None) {
        image = format!("[{image}]({})", destination(target));
    }
    let attribution = tag
        .get("attr", None)
        .map(|attr| match tag.get("attrlink", None) {
            Some(href) => link(attr, href),
            None => attr.to_string(),
        });
    let below: Vec<String> = caption
        .map(str::to_string)
        .into_iter()
        .chain(attribution)
        .collect();
    if below.is_empty() {
        return Ok(image);
    }
    let separator = if standalone { "\n\n" } else { " " };
    Ok(format!("{image}{separator}*{}*", below.join(" — ").trim()))
}

/// The markdown for a shortcode around `inner` (`depth` callouts deep):
/// code fenced, markdown quoted as a callout or unwrapped, its own
/// shortcodes rewritten too.
fn paired(
    body: &str,
    tag: &Tag<'_>,
    inner: &str,
    page: &Page<'_>,
    out: &mut Fixed,
    depth: usize,
) -> Result<String, String> {
    let inner_at = tag.range.end;
    let mut fix_inner = |inner: &str, origin: &dyn Fn(usize) -> usize| {
        let done = fix_nested(inner, page, depth + 1);
        let moved = |(at, what): (usize, String)| (inner_at + origin(at), what);
        out.fixed.extend(done.fixed.into_iter().map(moved));
        out.left.extend(done.left.into_iter().map(moved));
        done.text
    };
    let standalone = standalone(body, &tag.range);
    if page.unwraps(tag.name) {
        unwrap::placed_around(tag)?;
        if !standalone {
            return Ok(unwrap::around(tag, &fix_inner(inner, &|at| at), false));
        }
    }
    if !standalone {
        return Err(format!("`{}` does not start a line", tag.name));
    }
    let indent = indentation(body, tag.range.start);
    if tag.name == "highlight" {
        let lang = tag.get("lang", Some(0)).unwrap_or("");
        return Ok(fenced(lang, inner, indent));
    }
    if tag.name.starts_with("blocks/") || page.unwraps(tag.name) {
        let content = Dedented::new(inner);
        let mut fixed = fix_inner(&content.text, &|at| content.origin(at));
        if page.unwraps(tag.name) {
            fixed = unwrap::around(tag, &fixed, true);
        }
        return Ok(docsy::unwrapped(tag, &fixed, page.title, indent));
    }
    let opening = match tag.name {
        "details" => {
            let fold = if tag.get("open", None) == Some("true") {
                '+'
            } else {
                '-'
            };
            let summary = tag.get("summary", None).unwrap_or("Details");
            format!("[!note]{fold} {summary}")
        }
        "alert" => {
            let look = match tag.get("color", None) {
                Some("warning") => "warning",
                Some("danger") => "caution",
                Some("success") => "tip",
                _ => "note",
            };
            match tag.get("title", None).filter(|t| !t.trim().is_empty()) {
                Some(title) => format!("[!{look}] {}", title.trim()),
                None => format!("[!{}]", look.to_uppercase()),
            }
        }
        _ => "[!NOTE]".to_string(),
    };
    Ok(callout_quote(&opening, &fix_inner(inner, &|at| at), indent))
}

/// Ids and user names of video and post sites: letters, digits, `-`, `_`.
fn is_plain_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

pub(super) fn link(text: &str, href: &str) -> String {
    format!("[{}]({})", escape_brackets(text), destination(href))
}

/// A link destination as markdown reads it whole: in `<…>` when it holds
/// spaces or parentheses.
fn destination(href: &str) -> String {
    let href = href.trim();
    if href.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", href.replace('<', "%3C").replace('>', "%3E"))
    } else {
        href.to_string()
    }
}

fn escape_brackets(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn no_refs(_: &str) -> Option<String> {
        None
    }

    /// A page titled "Welcome" whose `ref`s name no file.
    pub(in crate::markdown::foreign) const PAGE: Page<'static> = Page {
        title: "Welcome",
        refs: &no_refs,
        unwrap: &[],
    };

    fn fixed(body: &str) -> String {
        fix(body, &PAGE).text
    }

    #[test]
    fn figures_become_images_with_their_caption_below() {
        assert_eq!(
            fixed(
                "Intro.\n\n{{< figure src=\"/img/a b.png\" alt=\"A [team]\" caption=\"Day one\" >}}\n\nMore.\n"
            ),
            "Intro.\n\n![A \\[team\\]](</img/a b.png>)\n\n*Day one*\n\nMore.\n"
        );
        assert_eq!(
            fixed(
                "See {{< figure src=\"x.svg\" caption=\"Flow\" link=\"https://example.org/\" >}} here."
            ),
            "See [![Flow](x.svg)](https://example.org/) *Flow* here."
        );
        assert_eq!(fixed("{{< figure src=\"x.svg\" >}}"), "![](x.svg)");
        let left = fix("{{< figure alt=\"no source\" >}}", &PAGE);
        assert_eq!(left.text, "{{< figure alt=\"no source\" >}}");
        assert_eq!(left.left, [(0, "`figure` without `src`".to_string())]);
    }

    #[test]
    fn refs_become_the_links_refs_gives_and_unknown_ones_stay() {
        let refs =
            |path: &str| (path == "/community/coc").then(|| "../community/coc.md".to_string());
        let done = fix(
            "Read the [code]({{< ref \"/community/coc\" >}}) and [x]({{% relref \"nope\" %}}).",
            &Page {
                title: "",
                refs: &refs,
                unwrap: &[],
            },
        );
        assert_eq!(
            done.text,
            "Read the [code](../community/coc.md) and [x]({{% relref \"nope\" %}})."
        );
        assert_eq!(done.fixed, [(16, "ref".to_string())]);
        assert_eq!(done.left.len(), 1);
    }

    #[test]
    fn paired_shortcodes_become_fences_and_callouts() {
        let body = "{{< highlight go \"linenos=table\" >}}\nfunc main() {}\n{{< /highlight >}}\n\n\
                    {{% alert title=\"Notice\" color=\"warning\" %}}\nThe **old** way.\n\n{{< figure src=\"a.png\" alt=\"A\" >}}\n{{% /alert %}}\n\n\
                    {{% pageinfo %}}\nDraft.\n{{% /pageinfo %}}\n\n\
                    {{< details summary=\"More\" >}}\nHidden.\n{{< /details >}}\n";
        let done = fix(body, &PAGE);
        assert_eq!(
            done.text,
            "```go\nfunc main() {}\n```\n\n\
             > [!warning] Notice\n> The **old** way.\n>\n> ![A](a.png)\n\n\
             > [!NOTE]\n> Draft.\n\n\
             > [!note]- More\n> Hidden.\n"
        );
        let names: Vec<&str> = done.fixed.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(
            names,
            ["highlight", "alert", "figure", "pageinfo", "details"]
        );
    }

    #[test]
    fn code_keeps_its_shortcodes_and_unknown_ones_stay() {
        let body = "`{{< figure src=\"a.png\" >}}`\n\n```\n{{< youtube abc >}}\n```\n\n{{< button link=\"x\" >}} {{< youtube w7Ft2ymGmfc >}}\n\n    {{< vimeo 1 >}}\n";
        assert_eq!(
            fixed(body),
            "`{{< figure src=\"a.png\" >}}`\n\n```\n{{< youtube abc >}}\n```\n\n{{< button link=\"x\" >}} [Video on YouTube](https://www.youtube.com/watch?v=w7Ft2ymGmfc)\n\n    {{< vimeo 1 >}}\n"
        );
    }

    #[test]
    fn deep_nesting_stops_rewriting_but_keeps_the_text() {
        let depth = 50;
        let body = format!(
            "{}Deep.\n{}",
            "{{% alert %}}\n".repeat(depth),
            "{{% /alert %}}\n".repeat(depth)
        );
        let done = fix(&body, &PAGE);
        assert_eq!(done.fixed.len(), MAX_NESTING);
        assert!(done.text.contains("Deep."));
        assert_eq!(
            done.left,
            [(MAX_NESTING * 14, "`alert` nested too deep".to_string())]
        );
    }

    #[test]
    fn posts_become_links() {
        assert_eq!(
            fixed("{{< tweet user=\"todogroup\" id=\"715214451830460416\" >}}"),
            "[Post by @todogroup on X](https://x.com/todogroup/status/715214451830460416)"
        );
        assert_eq!(
            fixed("{{< gist spf13 7896402 \"img.html\" >}} {{< instagram BWNjjyYFxVx >}}"),
            "[Gist img.html by spf13](https://gist.github.com/spf13/7896402) [Post on Instagram](https://www.instagram.com/p/BWNjjyYFxVx/)"
        );
        assert_eq!(
            fixed("{{% alert %}}\nHi.\n{{% /alert %}}\nNext.\n"),
            "> [!NOTE]\n> Hi.\n\nNext.\n"
        );
        let unclosed = fix("{{% alert %}}\nNo end.\n", &PAGE);
        assert_eq!(unclosed.text, "{{% alert %}}\nNo end.\n");
        assert_eq!(
            unclosed.left,
            [(0, "`alert` has no closing tag".to_string())]
        );
    }

    #[test]
    fn a_themes_wrappers_named_to_unwrap_give_way_to_what_they_wrap() {
        let unwrap = [
            "intro".to_string(),
            "spacer".to_string(),
            "mark".to_string(),
            "figure".to_string(),
        ];
        let page = Page {
            unwrap: &unwrap,
            ..PAGE
        };
        let body = "{{< intro >}}\n    Join **us**.\n    {{< figure src=\"a.png\" alt=\"A\" >}}\n{{< /intro >}}\n\nText.\n{{< spacer >}}\nA {{< mark >}}key{{< /mark >}} word, {{< button >}}.\n";
        let done = fix(body, &page);
        assert_eq!(
            done.text,
            "Join **us**.\n![A](a.png)\n\nText.\n\nA key word, {{< button >}}.\n"
        );
        let what: Vec<&str> = done.fixed.iter().map(|(_, w)| w.as_str()).collect();
        assert_eq!(what, ["intro", "figure", "spacer", "mark"]);
        // Not named: left, as before.
        assert_eq!(fix(body, &PAGE).text.matches("{{< intro").count(), 1);
    }
}
