//! Sanitizing rendered HTML that carries raw HTML from content, with
//! ammonia's allow-list widened only for what guildhall itself emits
//! (heading ids, highlight classes, footnotes, task list checkboxes).

use std::collections::HashSet;
use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_tags([
                "input",
                "details",
                "summary",
                "figure",
                "figcaption",
                "kbd",
                "mark",
            ])
            .add_generic_attributes(["class", "id"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("code", ["data-lang"])
            .add_tag_attributes("pre", ["tabindex"])
            .add_tag_attributes("div", ["tabindex", "role", "aria-label"])
            .add_tag_attributes("details", ["open"])
            .add_tag_attributes("a", ["aria-label"])
            .add_tag_attributes("img", ["loading", "decoding"])
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            // `target` is not allowed, so links cannot open new windows and
            // need no `rel="noopener"`.
            .link_rel(None);
        builder
    })
}

/// Removes scripts, event handlers, styles and unsafe URLs from `html`.
pub fn sanitize(html: &str) -> String {
    cleaner().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn scripts_handlers_and_javascript_urls_go() {
        let out = sanitize(
            r#"<p onclick="x()">hi<script>alert(1)</script><a href="javascript:alert(1)">a</a></p>"#,
        );
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("onclick"), "{out}");
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains("hi"));
    }

    #[test]
    fn what_guildhall_emits_survives() {
        let html = r##"<div class="heading"><h2 id="setup">Setup</h2><a class="anchor" href="#setup" aria-label="Link to section: Setup">#</a></div><pre class="code"><code class="language-rust" data-lang="rust"><span class="l3b d2">x</span></code></pre>"##;
        let out = sanitize(html);
        assert!(out.contains(r#"id="setup""#), "{out}");
        assert!(out.contains(r#"class="l3b d2""#), "{out}");
        assert!(out.contains(r#"data-lang="rust""#), "{out}");
    }
}
