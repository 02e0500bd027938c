//! `$…$` and `$$…$$` (pulldown-cmark's math option) as MathML, made at
//! build time by pulldown-latex: pages need no JavaScript and no web font,
//! and browsers draw MathML themselves. The TeX source goes along as the
//! formula's annotation. A formula that does not parse is shown as written
//! (as code) with a warning; the parser runs under `catch_unwind`, so a
//! formula it cannot cope with is reported, never a crash.
//!
//! What counts as math is pulldown-cmark's rule (GitHub's): `$` opens
//! inline math only when the next character is not a space, and closes it
//! only when the one before is not a space and no digit follows, so
//! "costs $5 and $10" stays text.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage};

/// Stands for formula `n` in a body's markup until the HTML is final:
/// letters only, which the sanitizer keeps as text.
pub fn placeholder(n: usize) -> String {
    format!("GUILDHALLMATHx{n}x")
}

/// `html` with each placeholder replaced by its formula's MathML.
pub fn put_back(html: &str, formulas: &[String]) -> String {
    let mut out =
        String::with_capacity(html.len() + formulas.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some(at) = rest.find("GUILDHALLMATHx") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "GUILDHALLMATHx".len()..];
        let digits = after
            .find('x')
            .filter(|&end| end > 0 && after[..end].bytes().all(|b| b.is_ascii_digit()));
        match digits.and_then(|end| Some((end, formulas.get(after[..end].parse::<usize>().ok()?)?)))
        {
            Some((end, mathml)) => {
                out.push_str(mathml);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("GUILDHALLMATHx");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The MathML of `tex` (a block when `display`), or why it does not parse.
pub fn mathml(tex: &str, display: bool) -> Result<String, String> {
    crate::util::caught::caught(|| render(tex, display))
        .unwrap_or_else(|_| Err("the formula could not be read".into()))
}

fn render(tex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage).collect();
    if let Some(Err(error)) = events.iter().find(|e| e.is_err()) {
        return Err(describe(&error.to_string()));
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(tex),
        ..RenderConfig::default()
    };
    let mut out = Vec::with_capacity(tex.len() * 8);
    pulldown_latex::write_mathml(&mut out, events.into_iter(), config)
        .map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|_| "the formula could not be written".into())
}

/// The parser's message on one line, its context after a colon.
fn describe(message: &str) -> String {
    let message = message.trim_start_matches("parsing error: ");
    let mut lines = message.lines();
    let first = lines.next().unwrap_or("").trim();
    // The context lines, without the box drawing and the `^^^` marks.
    let decoration = |c: char| matches!(c, '╭' | '╰' | '─' | '►' | '│' | '^' | ' ');
    let context: Vec<&str> = lines
        .map(|l| l.trim_start_matches(decoration).trim())
        .filter(|l| !l.is_empty() && !l.ends_with(':') && !l.chars().all(decoration))
        .collect();
    if context.is_empty() {
        first.to_string()
    } else {
        format!("{first} (near `{}`)", context.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_mathml_and_errors_say_where() {
        let inline = mathml("x^2", false).unwrap();
        assert!(
            inline.starts_with("<math") && inline.contains("<msup>"),
            "{inline}"
        );
        assert!(inline.contains("x^2</annotation>"), "{inline}");
        let block = mathml(r"\frac{a}{b}", true).unwrap();
        assert!(
            block.contains("display=\"block\"") && block.contains("<mfrac>"),
            "{block}"
        );
        let error = mathml(r"\frac{a", false).unwrap_err();
        assert!(!error.is_empty() && !error.contains('\n'), "{error}");
    }
}
