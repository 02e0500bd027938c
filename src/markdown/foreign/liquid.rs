//! Jekyll's Liquid in markdown: guildhall runs no template in content, so
//! `{% highlight ruby %}` or `{{ site.baseurl }}` show as written. `check`
//! warns of Jekyll's own tags and of the outputs that name the site's
//! address (`site.baseurl`, `relative_url`, `absolute_url`) where they
//! stand in text; other `{{ … }}` and `{% … %}` stay quiet, since a page
//! about templates shows them on purpose. `check --fix` rewrites those
//! whose meaning is known: `highlight` (a fenced block), `raw` (its text
//! as it is), `link` and `post_url` (a relative link to the file), and
//! the site's address (nothing before a root-relative path, which a build
//! puts under `base_url`'s path itself). `include` stays (a theme's file).

use std::ops::Range;

use super::{Fixed, Rewrite, code_ranges, fenced, in_runs, indentation, read_each, standalone};
use crate::markdown::walk::State;

/// Jekyll's own tags.
const TAGS: [&str; 8] = [
    "highlight",
    "endhighlight",
    "raw",
    "endraw",
    "link",
    "post_url",
    "include",
    "include_relative",
];

/// One Liquid tag (`{% name args %}`) or output (`{{ args }}`) as written.
#[derive(Debug, PartialEq)]
struct Liquid<'a> {
    range: Range<usize>,
    /// The tag's name; empty for an output.
    name: &'a str,
    args: &'a str,
}

impl Liquid<'_> {
    /// Whether it is Jekyll's: one of its tags, or an output naming the
    /// site's address.
    fn is_jekyll(&self) -> bool {
        if self.name.is_empty() {
            ["site.baseurl", "relative_url", "absolute_url"]
                .iter()
                .any(|word| self.args.contains(word))
        } else {
            TAGS.contains(&self.name)
        }
    }
}

/// The Liquid tag or output starting at byte `at` of `text`, on one line
/// or a few (at most 400 bytes); None for Hugo's `{{<` and `{{%`.
fn liquid_at(text: &str, at: usize) -> Option<Liquid<'_>> {
    let rest = text.get(at..)?;
    let (is_tag, close) = if rest.starts_with("{%") {
        (true, "%}")
    } else if rest.starts_with("{{") && !rest[2..].starts_with(['<', '%']) {
        (false, "}}")
    } else {
        return None;
    };
    let mut cut = rest.len().min(400);
    while !rest.is_char_boundary(cut) {
        cut -= 1;
    }
    let window = &rest[..cut];
    let end = window[2..].find(close)? + 2;
    let inner = rest[2..end]
        .trim_start_matches('-')
        .trim_end_matches('-')
        .trim();
    let (name, args) = if is_tag {
        let name_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        (&inner[..name_end], inner[name_end..].trim())
    } else {
        ("", inner)
    };
    if is_tag && name.is_empty() {
        return None;
    }
    Some(Liquid {
        range: at..at + end + close.len(),
        name,
        args,
    })
}

/// Jekyll's tags and address outputs of `text` that start where
/// `wanted`, in order, none inside another.
fn jekyll_liquid(text: &str, wanted: impl Fn(usize) -> bool) -> Vec<Liquid<'_>> {
    let read = |text, at| liquid_at(text, at).filter(Liquid::is_jekyll);
    read_each(text, "{", wanted, read, |liquid| &liquid.range)
}

/// What `check --fix` makes of a tag or output it knows, if it does.
fn can_fix(liquid: &Liquid<'_>) -> bool {
    match liquid.name {
        "" => address_path(liquid.args).is_some(),
        "highlight" | "raw" | "link" | "post_url" => true,
        _ => false,
    }
}

impl State<'_> {
    /// Warns of each Jekyll tag or address output in the text at
    /// `text`, the run of text outside code at byte `at` of the file.
    pub(super) fn warn_liquid(&mut self, at: usize, text: &str) {
        let found: Vec<(Range<usize>, String, bool)> = jekyll_liquid(text, |_| true)
            .into_iter()
            .map(|l| {
                let shown = &text[l.range.clone()];
                (l.range.clone(), shown.to_string(), can_fix(&l))
            })
            .collect();
        for (range, shown, fixable) in found {
            let message = format!(
                "Jekyll's Liquid `{shown}` is shown as text: guildhall runs no templates in content"
            );
            let help = if fixable {
                "`guildhall check --fix` rewrites it in markdown"
            } else {
                "write what it shows in markdown or HTML"
            };
            let problem = self.located(false, at + range.start, range.len(), message);
            self.out.problems.push(problem.with_help(help));
        }
    }
}

/// `body` with the Liquid it knows rewritten (see the module), what is in
/// code left alone. `refs` turns a path from the site's root (`/_posts/x`)
/// into the link to write, `None` when it names no file.
pub fn fix(body: &str, refs: &dyn Fn(&str) -> Option<String>) -> Fixed {
    let code = code_ranges(body);
    let found = jekyll_liquid(body, |at| !in_runs(&code, at));
    let mut rewrite = Rewrite::new(body);
    let mut i = 0;
    while i < found.len() {
        let liquid = &found[i];
        i += 1;
        if rewrite.rewritten(liquid.range.start) {
            continue;
        }
        let at = liquid.range.start;
        let made = match liquid.name {
            "" => address_path(liquid.args)
                .map(|path| (liquid.range.clone(), path.to_string()))
                .ok_or_else(|| format!("`{}` is not a plain address", liquid.args)),
            "link" => resolved(refs, &format!("/{}", liquid.args.trim_start_matches('/')))
                .map(|link| (liquid.range.clone(), link)),
            "post_url" => resolved(refs, &format!("/_posts/{}", liquid.args))
                .map(|link| (liquid.range.clone(), link)),
            "highlight" | "raw" => {
                let end = format!("end{}", liquid.name);
                let Some(close) = found[i..].iter().position(|l| l.name == end) else {
                    rewrite
                        .out
                        .left
                        .push((at, format!("`{}` has no `{end}`", liquid.name)));
                    continue;
                };
                let close = &found[i + close];
                i = found.partition_point(|l| l.range.start < close.range.end);
                let inner = &body[liquid.range.end..close.range.start];
                block(body, liquid, inner).map(|text| (liquid.range.start..close.range.end, text))
            }
            _ => continue,
        };
        match made {
            Ok((range, text)) => {
                rewrite.replace(range, &text);
                let what = format!("Liquid {}", name_of(liquid));
                rewrite.out.fixed.push((at, what));
            }
            Err(why) => rewrite.out.left.push((at, why)),
        }
    }
    rewrite.finish()
}

/// `{% raw %}`'s text as it is; `{% highlight lang %}`'s fenced.
fn block(body: &str, opening: &Liquid<'_>, inner: &str) -> Result<String, String> {
    if opening.name == "raw" {
        return Ok(inner.to_string());
    }
    if !standalone(body, &opening.range) {
        return Err("`highlight` does not start a line".to_string());
    }
    let lang = opening.args.split_whitespace().next().unwrap_or("");
    Ok(fenced(lang, inner, indentation(body, opening.range.start)))
}

fn resolved(refs: &dyn Fn(&str) -> Option<String>, path: &str) -> Result<String, String> {
    let path = path.trim();
    refs(path).ok_or_else(|| format!("no file of the site is `{path}`"))
}

/// How a rewrite names what it rewrote: `{% highlight %}`, `{{ site.baseurl }}`.
fn name_of(liquid: &Liquid<'_>) -> String {
    if liquid.name.is_empty() {
        format!("{{{{ {} }}}}", liquid.args)
    } else {
        format!("{{% {} %}}", liquid.name)
    }
}

/// The path an output of the site's address stands for: `site.baseurl`
/// alone is nothing (the path after it is root-relative already);
/// `"/x/" | relative_url` (or `absolute_url`, or `prepend: site.baseurl`)
/// is `/x/`. None for anything else.
fn address_path(args: &str) -> Option<&str> {
    if args == "site.baseurl" {
        return Some("");
    }
    let (value, filter) = args.split_once('|')?;
    let filter = filter.trim();
    let known = ["relative_url", "absolute_url", "prepend: site.baseurl"];
    if !known.contains(&filter) {
        return None;
    }
    let value = value.trim();
    let quoted = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))?;
    (!quoted.contains(['"', '\'', '{', '}'])).then_some(quoted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posts(path: &str) -> Option<String> {
        match path {
            "/_posts/2020-01-02-welcome" => Some("../_posts/2020-01-02-welcome.md".into()),
            "/about.md" => Some("../about.md".into()),
            _ => None,
        }
    }

    fn fixed(body: &str) -> String {
        fix(body, &posts).text
    }

    #[test]
    fn jekyll_liquid_becomes_markdown() {
        let body = "See [the post]({% post_url 2020-01-02-welcome %}) and [us]({{ site.baseurl }}{% link about.md %}).\n\n\
                    ![Logo]({{ \"/assets/logo.png\" | relative_url }})\n\n\
                    {% highlight ruby linenos %}\ndef hi = 1\n{% endhighlight %}\n\n\
                    {% raw %}Use {{ page.title }}.{% endraw %}\n\n\
                    {% include footer.html %}\n";
        let done = fix(body, &posts);
        assert_eq!(
            done.text,
            "See [the post](../_posts/2020-01-02-welcome.md) and [us](../about.md).\n\n\
             ![Logo](/assets/logo.png)\n\n\
             ```ruby\ndef hi = 1\n```\n\n\
             Use {{ page.title }}.\n\n\
             {% include footer.html %}\n"
        );
        let names: Vec<&str> = done.fixed.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "Liquid {% post_url %}",
                "Liquid {{ site.baseurl }}",
                "Liquid {% link %}",
                "Liquid {{ \"/assets/logo.png\" | relative_url }}",
                "Liquid {% highlight %}",
                "Liquid {% raw %}"
            ]
        );
    }

    #[test]
    fn other_templates_and_code_stay() {
        for body in [
            "Hello {{ user.name }} and {% for x in y %}.\n",
            "`{{ site.baseurl }}`\n",
            "```\n{% highlight ruby %}\n```\n",
            "{{< figure src=\"a\" >}}\n",
            "[x]({% link nowhere.md %})\n",
            "{% highlight ruby %}\nno end\n",
        ] {
            assert_eq!(fixed(body), body, "{body}");
        }
        let left = fix("[x]({% link nowhere.md %})\n", &posts).left;
        assert_eq!(
            left,
            [(4, "no file of the site is `/nowhere.md`".to_string())]
        );
    }

    #[test]
    fn tags_and_outputs_are_read() {
        let l = liquid_at("{%- highlight go -%}", 0).unwrap();
        assert_eq!((l.name, l.args, l.range), ("highlight", "go", 0..20));
        assert_eq!(liquid_at("{{< x >}}", 0), None);
        // A tag inside another's text is not one (found by fuzzing: it
        // was taken for the closing tag, inside the opening one).
        assert_eq!(fixed("{% raw {% endraw %} x {% endraw %}\n"), " x \n");
        // The look-ahead stops at a character's boundary (found by fuzzing).
        let long = format!("{{% {}籚 %}}", "_".repeat(396));
        assert_eq!(liquid_at(&long, 0), None);
        assert_eq!(liquid_at("{% %}", 0), None);
        assert_eq!(address_path("'/a b/' | absolute_url"), Some("/a b/"));
        assert_eq!(address_path("page.url | relative_url"), None);
        assert_eq!(address_path("site.baseurl"), Some(""));
    }
}
