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

pub mod bodies;
mod callouts;
pub mod highlight;
pub mod ids;
mod images;
mod links;
mod math;
pub mod sanitize;
mod walk;

use std::borrow::Cow;

use pulldown_cmark::Options;

use crate::diagnostics::Diagnostic;
use crate::site::{EntryId, Site};
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
    /// [`Rendered::keep_highlighted`]).
    highlighted: Option<String>,
    pub headings: Vec<Heading>,
    /// The id of the `# heading` that became the page's title: the
    /// template's `<h1>` takes it, so links written against GitHub's
    /// anchor for it still land.
    pub title_id: Option<String>,
    /// Entries this one links to (for backlinks), without repeats.
    pub links_to: Vec<EntryId>,
    pub anchor_checks: Vec<AnchorCheck>,
    /// Plain text of the first paragraph, for summaries.
    pub first_paragraph: String,
    /// Plain text of the whole body (code blocks left out), for structured
    /// data such as an answer's `text` in JSON-LD.
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

impl Rendered {
    /// Highlights the code blocks now and keeps the result: for `watch`,
    /// where bodies are kept between rebuilds and a template change must
    /// not highlight every block again.
    pub fn keep_highlighted(&mut self) {
        if !self.code.is_empty() && self.highlighted.is_none() {
            self.highlighted = Some(self.html().into_owned());
        }
    }

    /// The body's HTML, code highlighted.
    pub fn html(&self) -> Cow<'_, str> {
        match &self.highlighted {
            Some(html) => Cow::Borrowed(html),
            None => self.html_with(highlight::highlight_into),
        }
    }

    /// The body's HTML with code blocks escaped but not highlighted: for
    /// feeds, whose readers have no stylesheet for highlighting classes.
    pub fn html_plain_code(&self) -> Cow<'_, str> {
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

/// Renders entry `id` of `site`. `scope` holds the ids already used on the
/// output page; answers pass their `answer-<name>` prefix.
pub fn render(site: &Site, id: EntryId, scope: &mut IdScope<'_>) -> Rendered {
    let body = site.entry(id).body();
    let mut state = State::new(site, id);
    let events = state.transform(scope);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    state.out.markup = html;
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
    let out = &mut state.out;
    for text in [&mut out.markup, &mut out.plain_text, &mut out.code_text] {
        text.shrink_to_fit();
    }
    state.out
}
