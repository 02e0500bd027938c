//! Code highlighting with syntect into flat CSS classes (`l3 d5`: a
//! colour of the light palette and one of the dark), so one stylesheet
//! carries both schemes and a token costs one span.
//!
//! The syntax set is two-face's curated one (bat's grammars: TypeScript,
//! TOML, Dockerfile and more that syntect alone lacks), loaded once.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::OnceLock;

use fnv::FnvHashMap;
use syntect::highlighting::{Color, FontStyle, Highlighter, Theme};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::EmbeddedThemeName;

use crate::util::escape::html_into;

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

/// Highlights `code` into flat spans, one per run of text that looks the
/// same: `<span class="l3 d5">`, `l3` naming the run's colour and font
/// style in the light palette and `d5` in the dark one (see [`Palette`]).
/// The styles are syntect's own (its `Highlighter` resolving each scope
/// stack against the theme), so nothing depends on CSS descendant
/// selectors approximating the theme's scoring, and no span nests: a code
/// block is about a third of the size of syntect's classed HTML.
fn classed_spans(
    code: &str,
    syntax: &SyntaxReference,
    set: &SyntaxSet,
    out: &mut String,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut spans = FlatSpans::default();
    TAGS.with_borrow_mut(|tags| {
        for line in LinesWithEndings::from(code) {
            let ops = state.parse_line(line, set)?;
            let mut written = 0;
            for (at, op) in &ops {
                if *at > written {
                    spans.write(&line[written..*at], tag_for(tags, &stack), out);
                    written = *at;
                }
                stack.apply(op)?;
            }
            if written < line.len() {
                spans.write(&line[written..], tag_for(tags, &stack), out);
            }
        }
        Ok::<_, Box<dyn std::error::Error>>(())
    })?;
    spans.close(out);
    Ok(())
}

/// The span being written, so that neighbouring runs styled alike share it.
#[derive(Default)]
struct FlatSpans {
    open: Option<Rc<str>>,
}

impl FlatSpans {
    /// Writes `text` in a span with opening `tag` ("" for none).
    fn write(&mut self, text: &str, tag: Rc<str>, out: &mut String) {
        let blank = text.bytes().all(|b| b.is_ascii_whitespace());
        let same = self.open.as_deref() == Some(&*tag) || (tag.is_empty() && self.open.is_none());
        // White space shows no colour: it joins whichever span is open.
        if !same && !blank {
            self.close(out);
            if !tag.is_empty() {
                out.push_str(&tag);
                self.open = Some(tag);
            }
        }
        html_into(text, out);
    }

    fn close(&mut self, out: &mut String) {
        if self.open.take().is_some() {
            out.push_str("</span>");
        }
    }
}

thread_local! {
    /// Each scope stack's opening tag ("" for the default style), per
    /// rendering thread.
    static TAGS: RefCell<FnvHashMap<Vec<Scope>, Rc<str>>> =
        RefCell::new(FnvHashMap::default());
}

fn tag_for(tags: &mut FnvHashMap<Vec<Scope>, Rc<str>>, stack: &ScopeStack) -> Rc<str> {
    if let Some(tag) = tags.get(stack.as_slice()) {
        return tag.clone();
    }
    let styles = styles();
    let classes: Vec<String> = [&styles.light, &styles.dark]
        .into_iter()
        .filter_map(|palette| palette.class_for(stack.as_slice()))
        .collect();
    let tag: Rc<str> = if classes.is_empty() {
        Rc::from("")
    } else {
        Rc::from(format!("<span class=\"{}\">", classes.join(" ")))
    };
    tags.insert(stack.as_slice().to_vec(), tag.clone());
    tag
}

/// One theme's colours and font styles, each named by a short class:
/// `l` (light) or `d` (dark), the colour's place among the theme's
/// distinct foreground colours (1 for the first after the theme's default
/// text colour), then `b`, `i`, `u` for bold, italic, underline. The text
/// colour itself has no class (the site stylesheet sets it), so plain text
/// gets no span. The names depend only on the theme, so every page and
/// every thread agree without sharing state.
struct Palette {
    prefix: char,
    theme: Theme,
    colours: Vec<Color>,
}

impl Palette {
    fn new(prefix: char, theme: Theme) -> Palette {
        let mut colours: Vec<Color> = Vec::new();
        let default = theme.settings.foreground.unwrap_or(Color::BLACK);
        for colour in std::iter::once(default)
            .chain(theme.scopes.iter().filter_map(|item| item.style.foreground))
        {
            if !colours.contains(&colour) {
                colours.push(colour);
            }
        }
        Palette {
            prefix,
            theme,
            colours,
        }
    }

    /// The class of the style syntect gives `stack`, None for plain text.
    fn class_for(&self, stack: &[Scope]) -> Option<String> {
        let style = Highlighter::new(&self.theme).style_for_stack(stack);
        let index = self.colours.iter().position(|c| *c == style.foreground)?;
        self.class(index, style.font_style)
    }

    fn class(&self, index: usize, font: FontStyle) -> Option<String> {
        if index == 0 && font.is_empty() {
            return None;
        }
        let mut class = format!("{}{index}", self.prefix);
        for (flag, letter) in FONT_LETTERS {
            if font.contains(flag) {
                class.push(letter);
            }
        }
        Some(class)
    }

    /// A rule for every class a token can get: each colour with each font
    /// style the theme uses.
    fn css(&self, background: [u8; 3]) -> String {
        let mut fonts: Vec<FontStyle> = vec![FontStyle::empty()];
        for font in self
            .theme
            .scopes
            .iter()
            .filter_map(|item| item.style.font_style)
        {
            if !fonts.contains(&font) {
                fonts.push(font);
            }
        }
        let mut css = String::new();
        for (index, colour) in self.colours.iter().enumerate() {
            for font in &fonts {
                let Some(class) = self.class(index, *font) else {
                    continue;
                };
                let _ = write!(css, "  .code .{class} {{ ");
                if index > 0 {
                    let [r, g, b] = readable([colour.r, colour.g, colour.b], background);
                    let _ = write!(css, "color: #{r:02x}{g:02x}{b:02x}; ");
                }
                for (flag, property) in FONT_PROPERTIES {
                    if font.contains(flag) {
                        css.push_str(property);
                        css.push(' ');
                    }
                }
                css.push_str("}\n");
            }
        }
        css
    }
}

const FONT_LETTERS: [(FontStyle, char); 3] = [
    (FontStyle::BOLD, 'b'),
    (FontStyle::ITALIC, 'i'),
    (FontStyle::UNDERLINE, 'u'),
];

const FONT_PROPERTIES: [(FontStyle, &str); 3] = [
    (FontStyle::BOLD, "font-weight: bold;"),
    (FontStyle::ITALIC, "font-style: italic;"),
    (FontStyle::UNDERLINE, "text-decoration: underline;"),
];

/// The two palettes and the stylesheet made from them.
struct Styles {
    light: Palette,
    dark: Palette,
    css: String,
}

fn styles() -> &'static Styles {
    static STYLES: OnceLock<Styles> = OnceLock::new();
    STYLES.get_or_init(|| {
        let themes = two_face::theme::extra();
        let light = Palette::new('l', themes.get(EmbeddedThemeName::InspiredGithub).clone());
        let dark = Palette::new('d', themes.get(EmbeddedThemeName::OneHalfDark).clone());
        let css = format!(
            "/* Code highlighting: generated by guildhall from syntect themes. */\n\
             @media not all and (prefers-color-scheme: dark) {{\n{}}}\n\
             @media (prefers-color-scheme: dark) {{\n{}}}\n",
            light.css(LIGHT_BACKGROUND),
            dark.css(DARK_BACKGROUND)
        );
        Styles { light, dark, css }
    })
}

/// The stylesheet for highlighted code: a light palette, and a dark one
/// under `prefers-color-scheme: dark`. Each palette sits in its own media
/// query, so a class of one scheme never colours the other (dark text on
/// a dark background).
pub fn stylesheet() -> &'static str {
    &styles().css
}

/// The code block backgrounds of the site stylesheet (`--code-bg`), light
/// and dark: theme colours are checked for contrast against these.
const LIGHT_BACKGROUND: [u8; 3] = [0xf6, 0xf8, 0xfa];
const DARK_BACKGROUND: [u8; 3] = [0x1f, 0x24, 0x29];
/// WCAG AA for normal text.
const MIN_CONTRAST: f64 = 4.5;

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

    fn parse_hex(hex: &str) -> Option<[u8; 3]> {
        if hex.len() != 6 {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some([byte(0)?, byte(2)?, byte(4)?])
    }

    fn highlight(code: &str, lang: Option<&str>) -> String {
        let mut out = String::new();
        highlight_into(code, lang, &mut out);
        out
    }

    #[test]
    fn known_languages_get_classes_unknown_are_escaped() {
        let html = highlight("fn main() {}\n", Some("rust"));
        assert!(html.contains("class=\"language-rust\""));
        assert!(html.contains("<span class=\"l"), "{html}");
        let plain = highlight("<b>&</b>\n", Some("no-such-lang"));
        assert!(plain.contains("&lt;b&gt;&amp;&lt;/b&gt;"));
        let ts = highlight("const x: number = 1;\n", Some("typescript"));
        assert!(
            ts.contains("<span class=\"l"),
            "two-face adds TypeScript: {ts}"
        );
    }

    /// For each character of `html` (one flat level of spans): its light
    /// and dark classes ("" for plain text).
    fn classes_per_char(html: &str) -> Vec<(char, String)> {
        let mut chars = Vec::new();
        let mut open = String::new();
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("<span class=\"") {
                assert!(open.is_empty(), "nested span in {html}");
                let end = after.find("\">").unwrap();
                open = after[..end].to_string();
                rest = &after[end + 2..];
            } else if let Some(after) = rest.strip_prefix("</span>") {
                open.clear();
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
                chars.push((c, open.clone()));
                rest = &rest[len..];
            }
        }
        chars
    }

    /// The class syntect's own highlighter gives each character in
    /// `palette`'s theme.
    fn syntect_classes(code: &str, lang: &str, palette: &Palette) -> Vec<Option<String>> {
        let set = syntaxes();
        let syntax = set.find_syntax_by_token(lang).unwrap();
        let mut lines = syntect::easy::HighlightLines::new(syntax, &palette.theme);
        let mut classes = Vec::new();
        for line in LinesWithEndings::from(code) {
            for (style, text) in lines.highlight_line(line, set).unwrap() {
                let index = palette
                    .colours
                    .iter()
                    .position(|c| *c == style.foreground)
                    .unwrap();
                for _ in text.chars() {
                    classes.push(palette.class(index, style.font_style));
                }
            }
        }
        classes
    }

    #[test]
    fn flat_spans_are_styled_as_syntect_styles_each_theme() {
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
        let styles = styles();
        for (lang, code) in samples {
            let syntax = set.find_syntax_by_token(lang).unwrap();
            let mut flat = String::new();
            classed_spans(code, syntax, set, &mut flat).unwrap();
            let got = classes_per_char(&flat);
            let text: String = got.iter().map(|(c, _)| c).collect();
            assert_eq!(text, code, "{lang}: text changed");
            assert!(
                flat.contains("<span class=\""),
                "{lang}: not highlighted: {flat}"
            );
            let light = syntect_classes(code, lang, &styles.light);
            let dark = syntect_classes(code, lang, &styles.dark);
            for (i, (c, classes)) in got.iter().enumerate() {
                if c.is_whitespace() {
                    continue; // white space shows no colour and joins any span
                }
                let want: Vec<&str> = [&light[i], &dark[i]]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                let have: Vec<&str> = classes.split(' ').filter(|c| !c.is_empty()).collect();
                assert_eq!(have, want, "{lang}: character {i} {c:?} in {flat}");
            }
            // Every class used has a rule in the stylesheet.
            for (_, classes) in &got {
                for class in classes.split(' ').filter(|c| !c.is_empty()) {
                    assert!(
                        stylesheet().contains(&format!(".code .{class} {{")),
                        "{class}"
                    );
                }
            }
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
        assert!(
            css.contains(".code .l1 {") && css.contains(".code .d1 {"),
            "{css}"
        );
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
