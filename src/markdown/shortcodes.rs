//! Hugo's shortcodes (`{{< figure … >}}`, `{{% alert %}}`) mean nothing
//! here and show as text: each one opened in a body's text (not in code)
//! is a warning where it stands, so a migrating site finds them all in one
//! `check` and a contributor who copied one learns it at once.

use super::walk::State;

impl State<'_> {
    /// Warns of each shortcode opened in the text at `at..at + len` of the
    /// file (a run of text outside code).
    pub(super) fn warn_shortcodes(&mut self, at: usize, len: usize) {
        let Some(text) = self.source_text(at, len) else {
            return;
        };
        for (start, end, name) in opened_shortcodes(text) {
            let message =
                format!("Hugo shortcode `{name}` is shown as text: guildhall has no shortcodes");
            let problem = self.located(false, at + start, end - start, message);
            self.out.problems.push(problem.with_help(
                "write what it shows in markdown or HTML: a link, an image, a callout (`> [!NOTE]`)",
            ));
        }
    }
}

/// Where each shortcode opens in `text` (`{{<` or `{{%`, then its name;
/// closing ones, `{{< /name >}}`, left out): from its braces to the end
/// of its name, and its name.
fn opened_shortcodes(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    text.match_indices("{{").filter_map(move |(at, _)| {
        let rest = text[at + 2..].strip_prefix(['<', '%'])?.trim_start();
        let length = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.')))
            .unwrap_or(rest.len());
        let name = &rest[..length];
        let end = text.len() - rest.len() + length;
        (!name.is_empty() && !name.starts_with('/')).then_some((at, end, name))
    })
}

#[cfg(test)]
mod tests {
    use super::opened_shortcodes;

    #[test]
    fn shortcodes_are_found_by_name_and_closing_ones_left_out() {
        let text = r#"{{< figure src="a.svg" >}} then {{% alert title="x" %}}hi{{% /alert %}} and {{< /intro >}} or {{ not }} {{<>}}"#;
        let found: Vec<(usize, usize, &str)> = opened_shortcodes(text).collect();
        assert_eq!(found, [(0, 10, "figure"), (32, 41, "alert")]);
    }
}
