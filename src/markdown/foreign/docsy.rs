//! Docsy's landing-page blocks (`blocks/cover`, `blocks/section`,
//! `blocks/lead`, `blocks/feature`) as markdown of their own for
//! `check --fix`: their content unindented, with the headings and links
//! their arguments give. The tags are found and paired by
//! [`super::shortcode_fix`].

use super::shortcode_fix::link;
use super::shortcodes::Tag;

/// A Docsy block's content (already [`Dedented`]) as markdown of its own:
/// a cover's `title` as a heading unless it is the page's, a feature's
/// `title` as a heading and its `url` as a link below, each line after the
/// first indented by `indent`.
pub(super) fn unwrapped(tag: &Tag<'_>, inner: &str, page_title: &str, indent: &str) -> String {
    let title = tag
        .get("title", None)
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let heading = match (tag.name, title) {
        ("blocks/cover", Some(title)) if !title.eq_ignore_ascii_case(page_title.trim()) => {
            Some(format!("## {title}"))
        }
        ("blocks/feature", Some(title)) => Some(format!("### {title}")),
        _ => None,
    };
    let more = match (tag.name, tag.get("url", None)) {
        ("blocks/feature", Some(url)) if !url.trim().is_empty() => {
            let text = tag.get("url_text", None).unwrap_or("Read more");
            Some(link(text, url))
        }
        _ => None,
    };
    let content = inner.trim_matches(['\n', '\r']);
    let parts: Vec<&str> = heading
        .as_deref()
        .into_iter()
        .chain((!content.trim().is_empty()).then_some(content))
        .chain(more.as_deref())
        .collect();
    let joined = parts.join("\n\n");
    let mut text = String::with_capacity(joined.len());
    for (i, line) in joined.lines().enumerate() {
        if i > 0 {
            text.push('\n');
            if !line.is_empty() {
                text.push_str(indent);
            }
        }
        text.push_str(line);
    }
    text
}

/// A block's content without the indentation all its non-blank lines
/// share: HTML indented four spaces would read as code once unwrapped.
pub(super) struct Dedented {
    pub text: String,
    /// For each line, where it starts in `text` and where its kept part
    /// starts in the original.
    lines: Vec<(usize, usize)>,
}

impl Dedented {
    pub fn new(original: &str) -> Dedented {
        let common = original
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| line.len() - line.trim_start_matches([' ', '\t']).len())
            .min()
            .unwrap_or(0);
        let mut dedented = Dedented {
            text: String::with_capacity(original.len()),
            lines: Vec::new(),
        };
        let mut start = 0;
        for line in original.split_inclusive('\n') {
            let cut = if line.trim().is_empty() {
                line.len() - line.trim_start_matches([' ', '\t']).len()
            } else {
                common
            };
            dedented.lines.push((dedented.text.len(), start + cut));
            dedented.text.push_str(&line[cut..]);
            start += line.len();
        }
        dedented
    }

    /// Where byte `at` of the dedented text was in the original.
    pub fn origin(&self, at: usize) -> usize {
        let line = self.lines.partition_point(|&(start, _)| start <= at);
        match line.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some(&(start, kept)) => kept + (at - start),
            None => at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::shortcode_fix::fix;
    use super::super::shortcode_fix::tests::PAGE;

    #[test]
    fn docsy_blocks_become_their_content() {
        let body = "{{< blocks/cover title=\"Welcome\" image_anchor=\"center\" >}}\n\n\n<p class=\"lead\">Hello</p>\n\n{{< /blocks/cover >}}\n\n\
                    {{% blocks/section color=\"primary\" %}}\n    <div>\n    <h2>Get involved</h2>\n    </div>\n\n    Read {{< figure src=\"a.png\" alt=\"A\" >}}.\n{{% /blocks/section %}}\n\n\
                    {{% blocks/feature icon=\"fa-lightbulb\" title=\"Learn\" url=\"/docs/\" %}}\nThe docs.\n{{% /blocks/feature %}}\n\
                    {{< blocks/link-down color=\"info\" >}}\n\
                    {{< blocks/cover title=\"Another title\" >}}\n{{< /blocks/cover >}}\n";
        let done = fix(body, &PAGE);
        assert_eq!(
            done.text,
            "<p class=\"lead\">Hello</p>\n\n\
             <div>\n<h2>Get involved</h2>\n</div>\n\nRead ![A](a.png).\n\n\
             ### Learn\n\nThe docs.\n\n[Read more](/docs/)\n\
             \n\
             ## Another title\n"
        );
        let figure = body.find("{{< figure").unwrap();
        assert!(
            done.fixed.contains(&(figure, "figure".to_string())),
            "located in the text as written: {:?}",
            done.fixed
        );
        let names: Vec<&str> = done.fixed.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "blocks/cover",
                "blocks/section",
                "figure",
                "blocks/feature",
                "blocks/link-down",
                "blocks/cover"
            ]
        );
    }
}
