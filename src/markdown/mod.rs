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
pub mod highlight;
pub mod ids;
mod links;
pub mod sanitize;

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::config::{BrokenLinks, RawHtml};
use crate::diagnostics::Diagnostic;
use crate::site::{EntryId, Site};
use ids::{IdScope, heading_slug};

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

/// The link to a heading, after it (closing the `<div class="heading">`
/// opened before it), named after the heading for screen readers.
fn self_link(id: &str, text: &str) -> String {
    format!(
        "<a class=\"anchor\" href=\"#{}\" aria-label=\"Link to section: {}\">#</a></div>\n",
        crate::util::escape::html(id),
        crate::util::escape::html(text)
    )
}

/// Whether `event` ends a run of text that the next one must not run into:
/// a line break, or the end of a block or a table cell (`| Method | Speed |`
/// reads "Method Speed", not "MethodSpeed"). Inline ends (emphasis, links)
/// join: `**bold**ly` is one word.
fn separates_words(event: &Event) -> bool {
    match event {
        Event::SoftBreak | Event::HardBreak => true,
        Event::End(end) => !matches!(
            end,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// Renders entry `id` of `site`. `scope` holds the ids already used on the
/// output page; answers pass their `answer-<name>` prefix.
pub fn render(site: &Site, id: EntryId, scope: &mut IdScope<'_>) -> Rendered {
    let entry = site.entry(id);
    let prefix = match site.question_of[id] {
        Some(_) => format!("{}-", site.answer_anchor(id)),
        None => String::new(),
    };
    let mut state = State {
        site,
        id,
        prefix,
        lines: LineIndex::new(&entry.source),
        out: Rendered::default(),
        needs_sanitize: false,
    };
    let events = state.transform(entry.body(), scope);
    let mut html = String::with_capacity(entry.body().len() * 3 / 2);
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
    let out = &mut state.out;
    for text in [&mut out.markup, &mut out.plain_text, &mut out.code_text] {
        text.shrink_to_fit();
    }
    state.out
}

struct State<'a> {
    site: &'a Site,
    id: EntryId,
    /// `answer-<name>-` for answers, empty otherwise.
    prefix: String,
    lines: LineIndex,
    out: Rendered,
    needs_sanitize: bool,
}

/// Where a heading's events sit while its text is gathered.
struct OpenHeading {
    start: usize,
    /// Byte offset of the heading in the file, for warnings.
    at: usize,
    text: String,
}

/// An image whose alt text is being gathered.
struct OpenImage {
    at: usize,
    len: usize,
    src: String,
    alt: String,
}

impl<'a> State<'a> {
    fn transform<'e>(&mut self, body: &'e str, scope: &mut IdScope<'_>) -> Vec<Event<'e>> {
        let entry = self.site.entry(self.id);
        let body_offset = entry.body_start;
        let raw_html = self.site.config.raw_html;
        let mut events: Vec<Event<'e>> = Vec::new();
        let mut heading: Option<OpenHeading> = None;
        let mut code: Option<(Option<String>, String)> = None;
        // Set inside a resolved `[[target]]` without `|text`: the link text
        // becomes the target's title.
        let mut wikilink_title: Option<String> = None;
        let mut paragraph_depth: Option<usize> = None;
        let mut first_paragraph_done = false;
        let mut skip_title_heading = entry.title_from_heading;
        let mut skipping = false;
        let mut image: Option<OpenImage> = None;
        let mut heading_offsets: Vec<usize> = Vec::new();

        for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
            let at = body_offset + range.start;
            if skipping {
                if matches!(event, Event::End(TagEnd::Heading(_))) {
                    skipping = false;
                }
                continue;
            }
            if let Some((_, buffer)) = &mut code {
                match event {
                    Event::Text(text) => buffer.push_str(&text),
                    Event::End(TagEnd::CodeBlock) => {
                        let (lang, buffer) = code.take().unwrap_or_default();
                        self.out.code_text.push_str(&buffer);
                        self.out.code_text.push('\n');
                        events.push(Event::Html(CODE_PLACEHOLDER.into()));
                        self.out.code.push((lang, buffer));
                    }
                    _ => {}
                }
                continue;
            }
            if wikilink_title.is_some() {
                if let Event::End(TagEnd::Link) = event {
                    let title = wikilink_title.take().unwrap_or_default();
                    if let Some(open) = &mut heading {
                        open.text.push_str(&title);
                    }
                    if paragraph_depth.is_some() {
                        self.out.first_paragraph.push_str(&title);
                    }
                    self.out.plain_text.push_str(&title);
                    events.push(Event::Text(title.into()));
                    events.push(event);
                }
                continue;
            }
            if let Some(open) = &mut image {
                match &event {
                    Event::Text(text) | Event::Code(text) => open.alt.push_str(text),
                    Event::End(TagEnd::Image) => {
                        if let Some(open) = image.take().filter(|i| i.alt.trim().is_empty()) {
                            let problem = self.located(
                                false,
                                open.at,
                                open.len,
                                format!("image `{}` has no alt text", open.src),
                            );
                            self.out.problems.push(problem.with_help("describe what the image shows: `![a chart of weekly answers](chart.png)`"));
                        }
                    }
                    _ => {}
                }
            }
            match &event {
                Event::Text(text) | Event::Code(text) => self.out.plain_text.push_str(text),
                Event::SoftBreak | Event::HardBreak | Event::End(_)
                    if separates_words(&event) && !self.out.plain_text.ends_with(' ') =>
                {
                    self.out.plain_text.push(' ');
                }
                _ => {}
            }
            match event {
                Event::Start(Tag::Heading { level, .. })
                    if skip_title_heading && level == HeadingLevel::H1 =>
                {
                    skip_title_heading = false;
                    skipping = true;
                }
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    skip_title_heading = false;
                    // The heading and its self-link side by side: a link
                    // inside the heading would add its label to the
                    // heading's accessible name.
                    events.push(Event::Html("<div class=\"heading\">".into()));
                    heading = Some(OpenHeading {
                        start: events.len(),
                        at,
                        text: String::new(),
                    });
                    events.push(Event::Start(Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    }));
                }
                Event::End(TagEnd::Heading(level)) => {
                    if let Some(open) = heading.take() {
                        let written = match &events[open.start] {
                            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
                            _ => None,
                        };
                        let base = format!(
                            "{}{}",
                            self.prefix,
                            written.unwrap_or_else(|| heading_slug(&open.text))
                        );
                        let unique = scope.unique(&base);
                        if let Event::Start(Tag::Heading { id, .. }) = &mut events[open.start] {
                            *id = Some(unique.clone().into());
                        }
                        let text = open.text.trim().to_string();
                        events.push(Event::End(TagEnd::Heading(level)));
                        events.push(Event::Html(self_link(&unique, &text).into()));
                        self.out.headings.push(Heading {
                            level: level as u8,
                            id: unique,
                            text,
                        });
                        heading_offsets.push(open.at);
                    } else {
                        events.push(Event::End(TagEnd::Heading(level)));
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info
                            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                            .next()
                            .filter(|l| !l.is_empty())
                            .map(str::to_string),
                        CodeBlockKind::Indented => None,
                    };
                    code = Some((lang, String::new()));
                }
                Event::Start(Tag::Link {
                    link_type: LinkType::WikiLink { has_pothole },
                    dest_url,
                    title,
                    id,
                }) => {
                    let (url, target_title) = self.wikilink(&dest_url, at, range.len());
                    if !has_pothole {
                        wikilink_title = target_title;
                    }
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: url.into(),
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let url = self.link(&dest_url, at, range.len());
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: url.into(),
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let url = self
                        .external_or_rooted(&dest_url)
                        .unwrap_or_else(|| dest_url.to_string());
                    image = Some(OpenImage {
                        at,
                        len: range.len(),
                        src: dest_url.to_string(),
                        alt: String::new(),
                    });
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: url.into(),
                        title,
                        id,
                    }));
                }
                // Wide tables scroll inside a region keyboard users can reach.
                // Each region is named apart ("Table 1", "Table 2"... across the
                // page, answers included): landmarks with one name are noise.
                Event::Start(Tag::Table(alignments)) => {
                    let number = scope.next_table();
                    events.push(Event::Html(format!("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table {number}\">").into()));
                    events.push(Event::Start(Tag::Table(alignments)));
                }
                Event::End(TagEnd::Table) => {
                    events.push(Event::End(TagEnd::Table));
                    events.push(Event::Html("</div>".into()));
                }
                Event::FootnoteReference(label) => {
                    events.push(Event::FootnoteReference(
                        format!("{}fn-{label}", self.prefix).into(),
                    ));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let id = format!("{}fn-{label}", self.prefix);
                    scope.reserve(&id);
                    events.push(Event::Start(Tag::FootnoteDefinition(id.into())));
                }
                Event::Html(html) | Event::InlineHtml(html) => match raw_html {
                    RawHtml::Allow => events.push(Event::Html(html)),
                    RawHtml::Escape => events.push(Event::Text(html)),
                    RawHtml::Sanitize => {
                        self.needs_sanitize = true;
                        events.push(Event::Html(html));
                    }
                },
                Event::Start(Tag::Paragraph) => {
                    if !first_paragraph_done && paragraph_depth.is_none() {
                        paragraph_depth = Some(events.len());
                    }
                    events.push(Event::Start(Tag::Paragraph));
                }
                Event::End(TagEnd::Paragraph) => {
                    if paragraph_depth.take().is_some() {
                        first_paragraph_done = true;
                    }
                    events.push(Event::End(TagEnd::Paragraph));
                }
                Event::Text(ref text) | Event::Code(ref text)
                    if heading.is_some() || paragraph_depth.is_some() =>
                {
                    if let Some(open) = &mut heading {
                        open.text.push_str(text);
                    }
                    if paragraph_depth.is_some() {
                        self.out.first_paragraph.push_str(text);
                    }
                    events.push(event);
                }
                Event::SoftBreak if paragraph_depth.is_some() => {
                    self.out.first_paragraph.push(' ');
                    events.push(Event::SoftBreak);
                }
                other => events.push(other),
            }
        }
        shift_headings_below_title(&mut events, &mut self.out.headings);
        self.check_heading_levels(&heading_offsets);
        let trimmed = self.out.plain_text.trim_end().len();
        self.out.plain_text.truncate(trimmed);
        events
    }

    /// A problem with a link: an error, or a warning with `links.broken: warn`.
    fn broken(&self, at: usize, len: usize, message: String, help: Option<String>) -> Diagnostic {
        let d = self.located(
            self.site.config.broken_links == BrokenLinks::Error,
            at,
            len,
            message,
        );
        match help {
            Some(help) => d.with_help(help),
            None => d,
        }
    }

    /// A problem at byte `at` of the file, underlining up to `len` bytes on
    /// that line.
    fn located(&self, error: bool, at: usize, len: usize, message: String) -> Diagnostic {
        let entry = self.site.entry(self.id);
        let (line, col) = self.lines.position(&entry.source, at);
        let rest = entry.source[at..].lines().next().unwrap_or("");
        let underline = rest
            .get(..len.min(rest.len()))
            .map_or(1, |s| s.chars().count());
        let d = if error {
            Diagnostic::error(&entry.file, message)
        } else {
            Diagnostic::warning(&entry.file, message)
        };
        d.at(&entry.source, line, col, underline)
    }

    /// Headings go down one level at a time from the page title (h1); a
    /// jump (h2 to h4) confuses screen reader navigation.
    fn check_heading_levels(&mut self, offsets: &[usize]) {
        let mut previous = 1;
        for (index, &at) in offsets.iter().enumerate() {
            let level = self.out.headings[index].level;
            if level > previous + 1 {
                let problem = self.located(
                    false,
                    at,
                    1,
                    format!("heading level skipped: h{previous} to h{level}"),
                );
                self.out.problems.push(problem.with_help(
                    "go down one level at a time: `##` under the title, `###` under a `##`",
                ));
            }
            previous = level;
        }
    }
}

/// When the body still has `# h1` headings (the page title is the h1), every
/// heading moves one level down so the page keeps a single h1.
fn shift_headings_below_title(events: &mut [Event<'_>], headings: &mut [Heading]) {
    let has_h1 = headings.iter().any(|h| h.level == 1);
    if !has_h1 {
        return;
    }
    let deeper = |level: HeadingLevel| {
        HeadingLevel::try_from((level as usize + 1).min(6)).unwrap_or(HeadingLevel::H6)
    };
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => *level = deeper(*level),
            Event::End(TagEnd::Heading(level)) => *level = deeper(*level),
            _ => {}
        }
    }
    for heading in headings {
        heading.level = (heading.level + 1).min(6);
    }
}

/// Byte offset to 1-based line and column (in characters).
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters() {
        let text = "ab\nçd x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), (1, 1));
        assert_eq!(index.position(text, text.find('x').unwrap()), (2, 4));
    }
}
