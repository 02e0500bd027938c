//! Markdown to HTML for one entry: CommonMark plus tables, footnotes,
//! strikethrough, task lists and wikilinks, with
//! - unique heading ids (answers' prefixed with `answer-<name>-`, since they
//!   share their question's page) and a self-link on each heading;
//! - `.md` links and wikilinks rewritten to the target's URL, and their
//!   `#anchors` queued for checking once every page's headings are known;
//! - code blocks highlighted, raw HTML sanitized, escaped or allowed;
//! - content never run as a template.
//!
//! Highlighted code is several times the size of its source, so a body
//! keeps its code blocks as source, with a placeholder in its HTML, and
//! highlights them when a page asks for [`Rendered::html`]: a build then
//! never holds every page's highlighted code at once.

pub mod autolinks;
pub mod bodies;
mod callouts;
pub mod foreign;
pub mod highlight;
pub mod ids;
mod images;
pub mod levels;
mod links;
mod math;
pub mod sanitize;
mod walk;

use std::borrow::Cow;
use std::sync::Arc;

use pulldown_cmark::Options;

use crate::diagnostics::Diagnostic;
use crate::site::{EntryId, Site};
use crate::util::caught::caught;
use crate::util::words::truncate_words;
use ids::IdScope;
use walk::State;

/// A heading of a page, for its table of contents.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A `#fragment` pointing into another page, checked once all are rendered.
#[derive(Debug, Clone)]
pub struct AnchorCheck {
    /// The page whose ids must contain `id`.
    pub page: EntryId,
    pub id: String,
    /// Reported when the id is missing.
    pub problem: Diagnostic,
}

/// One entry's body, rendered.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The body's HTML, with [`CODE_PLACEHOLDER`] where each of `code`
    /// goes: read it through [`Rendered::html`].
    markup: String,
    /// Code blocks not highlighted yet, in order: language and text.
    code: Vec<(Option<String>, String)>,
    /// The whole HTML, highlighted, once made and kept (see
    /// [`Make::Highlighted`]).
    highlighted: Option<String>,
    /// Whether `markup` was made (see [`Make::Facts`]).
    html_made: bool,
    pub headings: Vec<Heading>,
    /// The id of the `# heading` that became the page's title: the
    /// template's `<h1>` takes it, so links written against GitHub's
    /// anchor for it still land.
    pub title_id: Option<String>,
    /// Entries this one links to (for backlinks), without repeats.
    pub links_to: Vec<EntryId>,
    pub anchor_checks: Vec<AnchorCheck>,
    /// Plain text of the first paragraph, at most [`SUMMARY_CHARS`]
    /// characters, cut at a word: the summary of an entry without
    /// `summary:`.
    pub first_paragraph: String,
    /// Plain text of the whole body (code blocks left out), for search
    /// (empty when made by [`Make::Facts`]).
    pub plain_text: String,
    /// The text of the code blocks, for the search index.
    pub code_text: String,
    pub problems: Vec<Diagnostic>,
    /// Whether the body has a Mermaid diagram (its page then loads
    /// Mermaid, which guildhall writes into the output).
    pub diagram: bool,
}

/// Stands for a code block in [`Rendered`]'s markup. Nothing else in the
/// HTML holds a NUL: `content::parse_entry` replaces every NUL of a file,
/// as CommonMark asks. It ends in a newline, as highlighted code does, so
/// the HTML around it is written the same.
const CODE_PLACEHOLDER: &str = "\0\n";

/// How long a summary made from a first paragraph may be, in characters.
const SUMMARY_CHARS: usize = 200;

impl Rendered {
    /// Highlights the code blocks now and keeps the result.
    fn keep_highlighted(&mut self) {
        if !self.code.is_empty() && self.highlighted.is_none() {
            self.highlighted = Some(self.html().into_owned());
        }
    }

    /// Drops what only checks and analysis read (links, anchor checks,
    /// problems; see `analysis::Loaded::forget_facts`): a body made by
    /// [`Make::Facts`] keeps only its summary (`first_paragraph`) and
    /// `diagram`, one with its HTML what its page shows and search reads.
    pub fn forget_facts(&mut self) {
        if self.html_made {
            self.links_to = Vec::new();
            self.anchor_checks = Vec::new();
            self.problems = Vec::new();
            return;
        }
        *self = Rendered {
            first_paragraph: std::mem::take(&mut self.first_paragraph),
            diagram: self.diagram,
            ..Rendered::default()
        };
    }

    /// Whether the HTML was made: not by [`Make::Facts`].
    pub fn has_html(&self) -> bool {
        self.html_made
    }

    /// The body's HTML, code highlighted (empty when made by
    /// [`Make::Facts`]).
    pub fn html(&self) -> Cow<'_, str> {
        debug_assert!(self.html_made, "a body's HTML read from its facts");
        match &self.highlighted {
            Some(html) => Cow::Borrowed(html),
            None => self.html_with(highlight::highlight_into),
        }
    }

    /// The body's HTML with code blocks escaped but not highlighted: for
    /// feeds, whose readers have no stylesheet for highlighting classes.
    pub fn html_plain_code(&self) -> Cow<'_, str> {
        debug_assert!(self.html_made, "a body's HTML read from its facts");
        self.html_with(highlight::plain_into)
    }

    fn html_with(&self, write_code: fn(&str, Option<&str>, &mut String)) -> Cow<'_, str> {
        if self.code.is_empty() {
            return Cow::Borrowed(&self.markup);
        }
        let mut html = String::with_capacity(self.markup.len() * 2);
        let mut pieces = self.markup.split(CODE_PLACEHOLDER);
        html.push_str(pieces.next().unwrap_or_default());
        for ((lang, text), piece) in self.code.iter().zip(pieces) {
            write_code(text, lang.as_deref(), &mut html);
            html.push_str(piece);
        }
        Cow::Owned(html)
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        // GitHub's alerts (`> [!NOTE]`), which `walk` makes callouts.
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
}

/// What a rendering of a body makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Make {
    /// What the rest of the site reads of a body (the ids its headings
    /// took, in the page's `IdScope`; links, anchors, summary, problems),
    /// not its HTML, text or headings: the first pass of a build whose
    /// texts are let go (`build::KEEP_SOURCES_UP_TO`), which then holds no
    /// page's HTML; each page renders its bodies again when it is written
    /// (`analysis::Loaded::page_bodies`).
    Facts,
    /// The HTML too, code highlighted when it is asked for: the first
    /// pass of a smaller build, whose pages use these bodies as they are.
    Html,
    /// The HTML with its code highlighted now and kept: `watch`, where
    /// bodies are kept between rebuilds and a template change must not
    /// highlight every block again.
    Highlighted,
}

/// Renders entry `id` of `site`. `scope` holds the ids already used on the
/// output page; answers pass their `answer-<name>` prefix.
pub fn render(site: &Site, id: EntryId, scope: &mut IdScope<'_>, make: Make) -> Rendered {
    let source = site.source(id);
    caught(|| render_source(site, id, &source, scope, make))
        .unwrap_or_else(|panic| unreadable(site, id, &source, &panic))
}

fn render_source(
    site: &Site,
    id: EntryId,
    source: &std::sync::Arc<str>,
    scope: &mut IdScope<'_>,
    make: Make,
) -> Rendered {
    let unfenced = mdx_unfenced(site, id, source);
    let mut state = State::new(site, id, unfenced.as_ref().unwrap_or(source));
    let events = state.transform(scope);
    if make != Make::Facts {
        make_html(&mut state, events);
    }
    let out = &mut state.out;
    if make == Make::Facts {
        // Search reads each page's text as the page is written, and the
        // page its headings (the ids they took are in `scope`).
        out.headings = Vec::new();
        out.code = Vec::new();
        out.plain_text = String::new();
        out.code_text = String::new();
    }
    if make == Make::Highlighted {
        out.keep_highlighted();
    }
    out.first_paragraph = truncate_words(&out.first_paragraph, SUMMARY_CHARS);
    for text in [&mut out.markup, &mut out.plain_text, &mut out.code_text] {
        text.shrink_to_fit();
    }
    state.out
}

/// The text of an MDX entry with its `mdx-code-block` fences blanked
/// (`foreign::mdx::unfenced`: every byte in its place), when it has any.
fn mdx_unfenced(site: &Site, id: EntryId, source: &Arc<str>) -> Option<Arc<str>> {
    let entry = site.entry(id);
    if !entry.is_mdx() || !source.contains("mdx-code-block") {
        return None;
    }
    let (head, body) = source.split_at_checked(entry.body_start)?;
    let body = foreign::mdx::unfenced(body)?;
    Some(Arc::from(format!("{head}{body}")))
}

/// A body whose rendering panicked (see `util::caught`). When the markdown
/// parser alone panics on it, an error at the start of the first paragraph
/// (lines up to a blank line) with which it fails, found by parsing ever
/// longer beginnings of the body; otherwise the panic was guildhall's own,
/// and the error says so, with its message.
fn unreadable(site: &Site, id: EntryId, source: &std::sync::Arc<str>, panic: &str) -> Rendered {
    let entry = site.entry(id);
    let body = source.get(entry.body_start..).unwrap_or("");
    let fails = |end: usize| {
        let part = body.get(..end).unwrap_or(body);
        caught(|| pulldown_cmark::Parser::new_ext(part, options()).count()).is_err()
    };
    let problem = if fails(body.len()) {
        let mut starts: Vec<usize> = vec![0];
        starts.extend(body.match_indices("\n\n").map(|(at, _)| at + 2));
        let ends: Vec<usize> = starts[1..].iter().copied().chain([body.len()]).collect();
        let failing = ends.partition_point(|&end| !fails(end));
        let at = entry.body_start + starts[failing.min(starts.len() - 1)];
        let (line, col) = crate::diagnostics::line_and_column(source, at);
        let width = source[at..].lines().next().map_or(1, |l| l.chars().count());
        Diagnostic::error(
            &entry.file,
            "the markdown parser (pulldown-cmark) fails on this text, so the page cannot be made",
        )
        .at(source, line, col, width)
        .with_help(
            "write this part another way: pulldown-cmark 0.13 fails on a few rare shapes, such as an underlined heading in a quote with an attribute line (`> Title`, `>  {#id}`, `> ---`)",
        )
    } else {
        Diagnostic::error(
            &entry.file,
            format!("guildhall failed while rendering this file: {panic}"),
        )
        .with_help("a bug in guildhall: please report it with this file")
    };
    Rendered {
        problems: vec![problem],
        ..Rendered::default()
    }
}

/// The body's HTML from its rewritten `events`, sanitized when it has raw
/// HTML, with its formulas.
fn make_html(state: &mut State<'_>, events: Vec<pulldown_cmark::Event<'_>>) {
    let body = state.body();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    state.out.markup = html;
    state.out.html_made = true;
    // The sanitizer reads whole HTML, so both forms of the body are made
    // and sanitized now: highlighted for pages, plain code for feeds.
    if state.needs_sanitize {
        let out = &mut state.out;
        if !out.code.is_empty() {
            out.highlighted = Some(sanitize::sanitize(&out.html()));
        }
        out.markup = sanitize::sanitize(&out.html_plain_code());
        out.code = Vec::new();
    }
    // Formulas go in once the HTML is final: the sanitizer drops MathML.
    if !state.math.is_empty() {
        let out = &mut state.out;
        out.markup = math::put_back(&out.markup, &state.math);
        if let Some(highlighted) = &out.highlighted {
            out.highlighted = Some(math::put_back(highlighted, &state.math));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Layout};
    use crate::diagnostics::Diagnostics;

    fn site(files: &[(&str, &str)]) -> Site {
        let layout = Layout::default();
        let entries = files
            .iter()
            .filter_map(|(rel, text)| {
                let file = format!("content/{rel}");
                crate::content::parse_entry(
                    file,
                    rel.to_string(),
                    text.as_bytes().to_vec(),
                    &layout,
                )
                .0
            })
            .collect();
        let time = jiff::Timestamp::UNIX_EPOCH;
        Site::build(Config::default(), entries, time, &Diagnostics::default())
    }

    #[test]
    fn facts_are_what_the_html_rendering_learns_without_the_html() {
        let guide = "---\ntitle: Setup\n---\nFirst <b>bold</b> words.\n\n## Install\n\n\
                     ```rust\nfn main() {}\n```\n\nSee [[notes#deep]] and [gone](gone.md).\n";
        let site = site(&[("guides/setup.md", guide), ("guides/notes.md", "# Notes\n")]);
        let id = site
            .ids()
            .find(|&id| site.entry(id).rel == "guides/setup.md")
            .unwrap();
        let ids = ids::TemplateIds::default();
        let facts = render(&site, id, &mut IdScope::new(&ids), Make::Facts);
        let full = render(&site, id, &mut IdScope::new(&ids), Make::Html);
        assert!(!facts.has_html() && facts.markup.is_empty() && facts.code.is_empty());
        assert!(full.has_html() && full.html().contains("<b>bold</b>"));
        assert!(
            full.html().contains("<span class="),
            "code highlighted when asked"
        );
        let learnt = |r: &Rendered| {
            let problems: Vec<_> = r.problems.iter().map(|p| p.message.clone()).collect();
            let anchors: Vec<_> = r.anchor_checks.iter().map(|a| a.id.clone()).collect();
            (
                problems,
                anchors,
                r.links_to.clone(),
                r.first_paragraph.clone(),
            )
        };
        assert!(facts.plain_text.is_empty() && facts.code_text.is_empty());
        assert!(full.plain_text.starts_with("First bold words. Install"));
        assert_eq!(full.code_text.trim_end(), "fn main() {}");
        assert_eq!(learnt(&facts), learnt(&full));
        let (problems, anchors, links, first_paragraph) = learnt(&facts);
        assert!(facts.headings.is_empty());
        assert_eq!(full.headings[0].id, "install");
        assert_eq!(anchors, ["deep"]);
        assert_eq!(links.len(), 1);
        assert_eq!(problems.len(), 1, "the broken link: {problems:?}");
        assert_eq!(first_paragraph, "First bold words.");
    }

    #[test]
    fn bare_web_addresses_become_links_outside_links_and_code() {
        let guide = "---\ntitle: Links\n---\nRead https://example.org/a_b_c. Or www.example.org!\n\n\
                     [see https://inner.org](https://outer.org) and `https://code.org`\n\n\
                     ```\nhttps://block.org\n```\n\n## At https://heading.org\n\n\
                     <a href=\"https://raw.org\">https://raw.org</a> then https://after.org\n";
        let site = site(&[("guides/links.md", guide)]);
        let id = site.ids().next().unwrap();
        let ids = ids::TemplateIds::default();
        let html = render(&site, id, &mut IdScope::new(&ids), Make::Html)
            .html()
            .to_string();
        for link in [
            r#"Read <a href="https://example.org/a_b_c">https://example.org/a_b_c</a>. Or <a href="http://www.example.org">www.example.org</a>!"#,
            r#"<a href="https://outer.org">see https://inner.org</a>"#,
            "<code>https://code.org</code>",
            ">https://block.org\n</code>",
            r#"At <a href="https://heading.org">https://heading.org</a></h2>"#,
            r#"<a href="https://raw.org">https://raw.org</a> then <a href="https://after.org">"#,
        ] {
            assert!(html.contains(link), "{link} in {html}");
        }
    }
}
