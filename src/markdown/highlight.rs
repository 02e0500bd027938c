//! Code highlighting with syntect into CSS classes (`hl-*`), so one
//! stylesheet carries a light and a dark palette.
//!
//! The syntax set is two-face's curated one (bat's grammars: TypeScript,
//! TOML, Dockerfile and more that syntect alone lacks), loaded once.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::sync::OnceLock;

use fnv::FnvHashMap;
use syntect::highlighting::Theme;
use syntect::html::{ClassStyle, css_for_theme_with_class_style};
use syntect::parsing::{
    BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet,
};
use syntect::util::LinesWithEndings;
use two_face::theme::EmbeddedThemeName;

use crate::util::escape::html_into;

const CLASS_PREFIX: &str = "hl-";
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed {
    prefix: CLASS_PREFIX,
};

/// Blocks longer than this are shown plain: highlighting cost grows with
/// lines, and a pathological block must not stall a build.
const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// Starts loading the grammars on another thread, so the load overlaps
/// with reading content.
pub fn warm_up() {
    std::thread::spawn(|| {
        syntaxes();
        styles();
    });
}

/// Writes `<pre><code>` for a code block to `out`, highlighted when the
/// language is known.
pub fn highlight_into(code: &str, lang: Option<&str>, out: &mut String) {
    let lang = language(lang);
    let set = syntaxes();
    let syntax = lang.and_then(|l| set.find_syntax_by_token(l));
    out.reserve(code.len() * 2 + 64);
    open_block(lang, out);
    let start = out.len();
    let highlighted = match syntax {
        Some(syntax) if code.len() <= MAX_HIGHLIGHT_BYTES => {
            classed_spans(code, syntax, set, out).is_ok()
        }
        _ => false,
    };
    if !highlighted {
        out.truncate(start);
        html_into(code, out);
    }
    out.push_str("</code></pre>\n");
}

/// Writes `<pre><code>` for a code block to `out`, not highlighted.
pub fn plain_into(code: &str, lang: Option<&str>, out: &mut String) {
    open_block(language(lang), out);
    html_into(code, out);
    out.push_str("</code></pre>\n");
}

/// A fence's language, when it names one.
fn language(lang: Option<&str>) -> Option<&str> {
    lang.map(str::trim).filter(|l| !l.is_empty())
}

fn open_block(lang: Option<&str>, out: &mut String) {
    // tabindex: a block wider than the screen scrolls, and keyboard users
    // must be able to scroll it too.
    out.push_str("<pre class=\"code\" tabindex=\"0\"><code");
    if let Some(lang) = lang {
        let safe: String = lang
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '#' | '_'))
            .collect();
        let _ = write!(out, " class=\"language-{safe}\" data-lang=\"{safe}\"");
    }
    out.push('>');
}

/// Highlights `code` into nested `<span class="hl-...">`, as syntect's
/// `ClassedHTMLGenerator` does, but keeping only what the stylesheet can
/// match: a scope's span carries the atoms of the stylesheet's compound
/// selectors it matches, and a scope matching none gets no span. The page
/// looks the same (the rules are class and descendant selectors only, so
/// an element they cannot match changes nothing) and its code is about a
/// third of the size.
fn classed_spans(
    code: &str,
    syntax: &SyntaxReference,
    set: &SyntaxSet,
    out: &mut String,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    // For each scope on the stack: whether it opened a span.
    let mut opened: Vec<bool> = Vec::new();
    // The last opened span, while nothing has been written inside it:
    // dropped again when it closes empty.
    let mut empty_since: Option<usize> = None;
    OPENING_TAGS.with_borrow_mut(|tags| {
        for line in LinesWithEndings::from(code) {
            let ops = state.parse_line(line, set)?;
            let mut written = 0;
            for (at, op) in &ops {
                if *at > written {
                    html_into(&line[written..*at], out);
                    written = *at;
                    empty_since = None;
                }
                stack.apply_with_hook(op, |basic, _| match basic {
                    BasicScopeStackOp::Push(scope) => {
                        let tag = tags.entry(scope).or_insert_with(|| opening_tag(scope));
                        opened.push(!tag.is_empty());
                        if !tag.is_empty() {
                            empty_since = Some(out.len());
                            out.push_str(tag);
                        }
                    }
                    BasicScopeStackOp::Pop => {
                        if opened.pop() == Some(true) {
                            match empty_since.take() {
                                Some(at) => out.truncate(at),
                                None => out.push_str("</span>"),
                            }
                        }
                    }
                })?;
            }
            if written < line.len() {
                html_into(&line[written..], out);
                empty_since = None;
            }
        }
        Ok::<_, Box<dyn std::error::Error>>(())
    })?;
    for _ in opened.iter().filter(|o| **o) {
        out.push_str("</span>");
    }
    Ok(())
}

thread_local! {
    /// Each scope's opening tag ("" for no span), per rendering thread.
    static OPENING_TAGS: RefCell<FnvHashMap<Scope, Box<str>>> =
        RefCell::new(FnvHashMap::default());
}

/// `<span class="hl-a hl-b">` for the atoms of `scope` that the
/// stylesheet's selectors can match, or "" when none can.
fn opening_tag(scope: Scope) -> Box<str> {
    let name = scope.build_string();
    let atoms: Vec<&str> = name.split('.').collect();
    let compounds = &styles().compounds;
    let kept: Vec<&str> = atoms
        .iter()
        .copied()
        .filter(|atom| {
            compounds.iter().any(|compound| {
                compound.iter().any(|a| a == atom)
                    && compound.iter().all(|a| atoms.contains(&a.as_str()))
            })
        })
        .collect();
    if kept.is_empty() {
        return Box::from("");
    }
    let mut tag = String::from("<span class=\"");
    for (i, atom) in kept.iter().enumerate() {
        if i > 0 {
            tag.push(' ');
        }
        tag.push_str(CLASS_PREFIX);
        tag.push_str(atom);
    }
    tag.push_str("\">");
    tag.into_boxed_str()
}

/// The stylesheet, and the compound selectors in it (each a set of atoms,
/// `.hl-keyword.hl-control` being `["keyword", "control"]`).
struct Styles {
    css: String,
    compounds: Vec<Vec<String>>,
}

fn styles() -> &'static Styles {
    static STYLES: OnceLock<Styles> = OnceLock::new();
    STYLES.get_or_init(|| {
        let css = build_stylesheet();
        let compounds = compounds(&css);
        Styles { css, compounds }
    })
}

/// The distinct compound selectors of `css`, as lists of class atoms.
fn compounds(css: &str) -> Vec<Vec<String>> {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    without_comments.push_str(rest);
    let mut found: Vec<Vec<String>> = Vec::new();
    for block in without_comments.split('{') {
        let selectors = block.rsplit(['}', ';']).next().unwrap_or_default().trim();
        if selectors.starts_with('@') {
            continue;
        }
        for compound in selectors.split([',', ' ', '\n']).filter(|c| !c.is_empty()) {
            let mut atoms: Vec<String> = compound
                .split('.')
                .filter_map(|class| class.strip_prefix(CLASS_PREFIX))
                .map(str::to_string)
                .collect();
            atoms.sort();
            if !atoms.is_empty() && !found.contains(&atoms) {
                found.push(atoms);
            }
        }
    }
    found
}

/// The stylesheet for highlighted code: a light palette, and a dark one
/// under `prefers-color-scheme: dark`. Each palette sits in its own media
/// query, so a scope that only one theme colours never shows the other
/// scheme's colour (dark text on a dark background).
pub fn stylesheet() -> &'static str {
    &styles().css
}

fn build_stylesheet() -> String {
    let themes = two_face::theme::extra();
    let indent = |css: String| -> String { css.lines().map(|l| format!("  {l}\n")).collect() };
    let light = indent(css(
        themes.get(EmbeddedThemeName::InspiredGithub),
        LIGHT_BACKGROUND,
    ));
    let dark = indent(css(
        themes.get(EmbeddedThemeName::OneHalfDark),
        DARK_BACKGROUND,
    ));
    format!(
        "/* Code highlighting: generated by guildhall from syntect themes. */\n\
         @media not all and (prefers-color-scheme: dark) {{\n{light}}}\n\
         @media (prefers-color-scheme: dark) {{\n{dark}}}\n"
    )
}

/// The code block backgrounds of the site stylesheet (`--code-bg`), light
/// and dark: theme colours are checked for contrast against these.
const LIGHT_BACKGROUND: [u8; 3] = [0xf6, 0xf8, 0xfa];
const DARK_BACKGROUND: [u8; 3] = [0x1f, 0x24, 0x29];
/// WCAG AA for normal text.
const MIN_CONTRAST: f64 = 4.5;

fn css(theme: &Theme, background: [u8; 3]) -> String {
    // Colours only: backgrounds come from the site stylesheet so that code
    // blocks match the page in both schemes. Every colour is raised to AA
    // contrast against that background (syntect themes often use faint
    // comments).
    css_for_theme_with_class_style(theme, CLASS_STYLE)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim_start().starts_with("background-color"))
        .map(|l| {
            match l
                .trim_start()
                .strip_prefix("color: #")
                .and_then(|rest| parse_hex(&rest[..6.min(rest.len())]))
            {
                Some(rgb) => {
                    let [r, g, b] = readable(rgb, background);
                    format!(" color: #{r:02x}{g:02x}{b:02x};")
                }
                None => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_hex(hex: &str) -> Option<[u8; 3]> {
    if hex.len() != 6 {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// WCAG relative luminance.
fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `color`, moved towards black (on a light background) or white (on a
/// dark one) just enough to reach [`MIN_CONTRAST`].
fn readable(color: [u8; 3], background: [u8; 3]) -> [u8; 3] {
    let toward: f64 = if luminance(background) > 0.5 {
        0.0
    } else {
        255.0
    };
    let mut current = color;
    for step in 1..=20 {
        if contrast(current, background) >= MIN_CONTRAST {
            break;
        }
        let t = f64::from(step) / 20.0;
        current = color.map(|c| (f64::from(c) + (toward - f64::from(c)) * t).round() as u8);
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlight(code: &str, lang: Option<&str>) -> String {
        let mut out = String::new();
        highlight_into(code, lang, &mut out);
        out
    }

    #[test]
    fn known_languages_get_classes_unknown_are_escaped() {
        let html = highlight("fn main() {}\n", Some("rust"));
        assert!(html.contains("class=\"language-rust\""));
        assert!(html.contains("hl-"), "{html}");
        let plain = highlight("<b>&</b>\n", Some("no-such-lang"));
        assert!(plain.contains("&lt;b&gt;&amp;&lt;/b&gt;"));
        let ts = highlight("const x: number = 1;\n", Some("typescript"));
        assert!(ts.contains("hl-"), "two-face adds TypeScript: {ts}");
    }

    /// For each character of the code: the chain of its enclosing spans,
    /// each span given as the compound selectors of the stylesheet it
    /// matches, spans matching none left out. Two outputs with the same
    /// chains are styled the same by a stylesheet of class and descendant
    /// selectors.
    fn styled_chains(html: &str) -> Vec<(char, Vec<Vec<&'static Vec<String>>>)> {
        let compounds = &styles().compounds;
        let mut open: Vec<Vec<&'static Vec<String>>> = Vec::new();
        let mut chains = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("<span class=\"") {
                let end = after.find("\">").unwrap();
                let classes: Vec<&str> = after[..end]
                    .split(' ')
                    .map(|c| c.strip_prefix(CLASS_PREFIX).unwrap())
                    .collect();
                open.push(
                    compounds
                        .iter()
                        .filter(|c| c.iter().all(|a| classes.contains(&a.as_str())))
                        .collect(),
                );
                rest = &after[end + 2..];
            } else if let Some(after) = rest.strip_prefix("</span>") {
                open.pop().unwrap();
                rest = after;
            } else {
                let (c, len) = match rest.as_bytes()[0] {
                    b'&' => {
                        let end = rest.find(';').unwrap();
                        let c = match &rest[..=end] {
                            "&lt;" => '<',
                            "&gt;" => '>',
                            "&amp;" => '&',
                            "&quot;" => '"',
                            "&#39;" | "&#x27;" => '\'',
                            other => panic!("entity {other}"),
                        };
                        (c, end + 1)
                    }
                    _ => {
                        let c = rest.chars().next().unwrap();
                        (c, c.len_utf8())
                    }
                };
                let chain = open.iter().filter(|m| !m.is_empty()).cloned().collect();
                chains.push((c, chain));
                rest = &rest[len..];
            }
        }
        assert!(open.is_empty(), "unbalanced spans in {html}");
        chains
    }

    #[test]
    fn compact_spans_are_styled_like_syntects_full_ones() {
        let samples = [
            (
                "rust",
                "/// Doc\nfn main() {\n    let s = \"a\\n<b>\";\n    /* multi\n line */ println!(\"{s}\");\n}\n",
            ),
            (
                "python",
                "@decorator\ndef f(x: int) -> str:\n    \"\"\"Doc\n    string\"\"\"\n    return f'{x!r}' if x > 0 else None\n",
            ),
            (
                "yaml",
                "key: value\nlist:\n  - 'a'\n  - 42 # note\nblock: |\n  text & more\n",
            ),
            (
                "bash",
                "#!/usr/bin/env bash\nfor f in *.md; do\n  echo \"$f\" | grep -c 'x' > /dev/null && exit 1\ndone\n",
            ),
            (
                "typescript",
                "interface A<T> { x: T }\nconst y: A<number> = { x: 1 };\n",
            ),
            ("toml", "[package]\nname = \"x\" # c\nversion = 1.0\n"),
            ("diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n"),
            (
                "html",
                "<div class=\"a\">&amp; <script>var x = 1 < 2;</script></div>\n",
            ),
            ("css", "a:hover > b { color: #fff; margin: 0 auto; }\n"),
            ("json", "{\"a\": [1, true, null, \"s\"]}\n"),
            (
                "c",
                "#include <stdio.h>\nint main(void) { return 0; } // end\n",
            ),
        ];
        let set = syntaxes();
        for (lang, code) in samples {
            let syntax = set.find_syntax_by_token(lang).unwrap();
            let mut generator =
                syntect::html::ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
            for line in LinesWithEndings::from(code) {
                generator
                    .parse_html_for_line_which_includes_newline(line)
                    .unwrap();
            }
            let full = generator.finalize();
            let mut compact = String::new();
            classed_spans(code, syntax, set, &mut compact).unwrap();
            assert!(compact.len() < full.len(), "{lang}: not smaller");
            assert!(
                compact.contains("<span class=\"hl-"),
                "{lang}: not highlighted: {compact}"
            );
            let (want, got) = (styled_chains(&full), styled_chains(&compact));
            let text: String = got.iter().map(|(c, _)| c).collect();
            assert_eq!(text, code, "{lang}: text changed");
            for (i, (w, g)) in want.iter().zip(&got).enumerate() {
                assert_eq!(w, g, "{lang}: character {i} {:?} styled differently", w.0);
            }
            assert_eq!(want.len(), got.len());
        }
    }

    #[test]
    fn feeds_get_code_unhighlighted() {
        let mut out = String::new();
        plain_into("a < b\n", Some("rust"), &mut out);
        assert_eq!(
            out,
            "<pre class=\"code\" tabindex=\"0\"><code class=\"language-rust\" data-lang=\"rust\">a &lt; b\n</code></pre>\n"
        );
    }

    #[test]
    fn language_names_cannot_break_out_of_the_attribute() {
        let html = highlight("x\n", Some("a\"><script>"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn every_colour_reaches_aa_contrast() {
        let css = stylesheet();
        let (light, dark) = css.split_at(css.find("@media (prefers-color-scheme: dark)").unwrap());
        for (part, background) in [(light, LIGHT_BACKGROUND), (dark, DARK_BACKGROUND)] {
            for hex in part.split("color: #").skip(1) {
                let rgb = parse_hex(&hex[..6]).unwrap();
                assert!(
                    contrast(rgb, background) >= MIN_CONTRAST,
                    "#{} on {background:?}",
                    &hex[..6]
                );
            }
        }
    }

    #[test]
    fn stylesheet_has_both_schemes() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        let light = css
            .find("@media not all and (prefers-color-scheme: dark)")
            .unwrap();
        let dark = css.find("@media (prefers-color-scheme: dark)").unwrap();
        assert!(light < dark);
        // No rule outside the two media queries, so neither palette leaks.
        let outside = css[..light].lines().filter(|l| l.contains('{')).count();
        assert_eq!(outside, 0, "{css}");
    }
}
