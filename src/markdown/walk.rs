//! The walk through one body's pulldown-cmark events, each decision in a
//! method of its own: what is swallowed (the title heading, a code block's
//! text, a wikilink's text), what is gathered on the side (plain text, alt
//! text, the summary), and what each event becomes (heading ids and
//! self-links, links rewritten, code held back for highlighting, tables in
//! scrolling regions, footnotes prefixed, raw HTML by the site's policy).

use std::sync::Arc;

use pulldown_cmark::{
    CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd, TextMergeWithOffset,
};

use super::autolinks::raw_link_change;
use super::callouts::Callout;
use super::ids::{IdScope, heading_slug};
use super::images::OpenImage;
use super::{CODE_PLACEHOLDER, Heading, Rendered, options};
use super::{levels, math};
use crate::config::{BrokenLinks, RawHtml};
use crate::content::Kind;
use crate::diagnostics::{Diagnostic, LineStarts};
use crate::site::{EntryId, Site};

/// One body being walked, and what it has made so far.
pub(super) struct State<'a> {
    pub(super) site: &'a Site,
    pub(super) id: EntryId,
    /// The entry's whole text (`Site::source`): front matter, then body.
    source: &'a Arc<str>,
    /// `answer-<name>-` for answers, empty otherwise.
    pub(super) prefix: String,
    lines: LineStarts,
    pub(super) out: Rendered,
    /// Raw HTML was let through, to be sanitized with the whole body.
    pub(super) needs_sanitize: bool,
    /// Each formula's MathML, in order: the markup holds
    /// [`math::placeholder`]s until the HTML is final (and sanitized), so
    /// the sanitizer, which drops MathML, never sees it.
    pub(super) math: Vec<String>,
    pub(super) events: Vec<Event<'a>>,
    title_heading: TitleHeading,
    first_paragraph: FirstParagraph,
    heading: Option<OpenHeading>,
    /// Where each heading starts in the file, for warnings.
    heading_offsets: Vec<usize>,
    /// A code block's language and text, gathered until it ends.
    code: Option<(Option<String>, String)>,
    /// Set inside a resolved `[[target]]` without `|text`: the link text
    /// becomes the target's title.
    pub(super) wikilink_title: Option<String>,
    pub(super) image: Option<OpenImage>,
    /// How many links are open: text inside one is no bare address.
    pub(super) links_open: usize,
    /// The title heading's text and written `{#id}`, gathered while it is
    /// skipped, for its anchor.
    title_text: String,
    title_written_id: Option<String>,
    /// For each open block quote without a GitHub kind: what closes it
    /// (`Some` for an Obsidian callout).
    quote_closers: Vec<Option<&'static str>>,
    /// An Obsidian callout's marker line (`[!tip] Title`), being dropped.
    marker: Marker,
    /// Images written so far: all but the first load lazily.
    pub(super) images_written: usize,
    /// An MDX file (see `foreign::mdx`), and whether a paragraph it does
    /// not show is being dropped.
    pub(super) mdx: bool,
    pub(super) mdx_hiding: bool,
}

/// The first line of an Obsidian callout is its marker, not its text.
#[derive(PartialEq, Eq)]
enum Marker {
    None,
    /// Inside the marker line; `held` when its paragraph's start was held
    /// back (given back if the paragraph goes on after the line).
    Line {
        held: bool,
    },
}

/// The `# heading` that gave the page its title is not shown again.
#[derive(PartialEq, Eq)]
enum TitleHeading {
    ToSkip,
    Skipping,
    Passed,
}

/// The first paragraph's text is the summary.
#[derive(PartialEq, Eq)]
enum FirstParagraph {
    Ahead,
    Inside,
    Done,
}

/// Where a heading's events sit while its text is gathered.
struct OpenHeading {
    start: usize,
    /// Byte offset of the heading in the file, for warnings.
    at: usize,
    text: String,
}

impl<'a> State<'a> {
    pub(super) fn new(site: &'a Site, id: EntryId, source: &'a Arc<str>) -> State<'a> {
        let entry = site.entry(id);
        let prefix = match site.question_of[id] {
            Some(_) => format!("{}-", site.answer_anchor(id)),
            None => String::new(),
        };
        State {
            site,
            id,
            source,
            prefix,
            lines: LineStarts::new(source),
            out: Rendered::default(),
            needs_sanitize: false,
            math: Vec::new(),
            events: Vec::new(),
            // An answer's leading heading is its text, not a page title.
            title_heading: if entry.title_from_heading && entry.kind != Kind::Answer {
                TitleHeading::ToSkip
            } else {
                TitleHeading::Passed
            },
            first_paragraph: FirstParagraph::Ahead,
            heading: None,
            heading_offsets: Vec::new(),
            code: None,
            wikilink_title: None,
            image: None,
            links_open: 0,
            title_text: String::new(),
            title_written_id: None,
            quote_closers: Vec::new(),
            marker: Marker::None,
            images_written: 0,
            mdx: entry.is_mdx(),
            mdx_hiding: false,
        }
    }

    /// The markdown after the front matter.
    pub(super) fn body(&self) -> &'a str {
        let body_start = self.site.entry(self.id).body_start;
        self.source.get(body_start..).unwrap_or("")
    }

    /// The body's events, rewritten; what was learnt on the way is in
    /// `self.out`.
    pub(super) fn transform(&mut self, scope: &mut IdScope<'_>) -> Vec<Event<'a>> {
        let body: &'a str = self.body();
        // The body is the end of the text: where it starts, in the text.
        let body_start = self.source.len() - body.len();
        // Text in one event, so that a bare address is found whole.
        let events = TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter());
        for (event, range) in events {
            if self.mdx_hidden(&event, body_start + range.start) {
                continue;
            }
            let event = self.mdx_components(event, body_start + range.start);
            let Some(event) = self.swallow(event, scope) else {
                continue;
            };
            self.gather_alt_text(&event);
            self.gather_plain_text(&event);
            self.emit(event, body_start + range.start, range.len(), scope);
        }
        fit_headings_below_title(&mut self.events, &mut self.out.headings);
        self.check_heading_levels();
        let trimmed = self.out.plain_text.trim_end().len();
        self.out.plain_text.truncate(trimmed);
        std::mem::take(&mut self.events)
    }

    /// Takes the events that belong to something being gathered: the
    /// title heading (dropped), a code block's text, a wikilink's text
    /// (replaced by the target's title). Gives back any other event.
    fn swallow(&mut self, event: Event<'a>, scope: &mut IdScope<'_>) -> Option<Event<'a>> {
        if let Marker::Line { held } = self.marker {
            return match event {
                Event::Start(Tag::Paragraph) => {
                    self.marker = Marker::Line { held: true };
                    None
                }
                Event::SoftBreak | Event::HardBreak => {
                    self.marker = Marker::None;
                    held.then_some(Event::Start(Tag::Paragraph))
                }
                Event::End(TagEnd::Paragraph) => {
                    self.marker = Marker::None;
                    None
                }
                _ => None,
            };
        }
        if self.title_heading == TitleHeading::Skipping {
            match event {
                Event::Text(text) | Event::Code(text) => self.title_text.push_str(&text),
                Event::End(TagEnd::Heading(_)) => {
                    self.title_heading = TitleHeading::Passed;
                    let base = self
                        .title_written_id
                        .take()
                        .unwrap_or_else(|| heading_slug(&self.title_text));
                    self.out.title_id = Some(scope.unique(&format!("{}{base}", self.prefix)));
                }
                _ => {}
            }
            return None;
        }
        if let Some((_, buffer)) = &mut self.code {
            match event {
                Event::Text(text) => buffer.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.close_code(),
                _ => {}
            }
            return None;
        }
        if self.wikilink_title.is_some() {
            if let Event::End(TagEnd::Link) = event {
                self.close_wikilink(event);
            }
            return None;
        }
        Some(event)
    }

    /// An image's alt text, and a warning when it has none.
    fn gather_alt_text(&mut self, event: &Event) {
        if let (Some(open), Event::Text(text) | Event::Code(text)) = (&mut self.image, event) {
            open.alt.push_str(text);
        }
    }

    /// The body's text for search and structured data, words kept apart
    /// at line breaks and block ends.
    fn gather_plain_text(&mut self, event: &Event) {
        let text = &mut self.out.plain_text;
        match event {
            Event::Text(part) | Event::Code(part) => text.push_str(part),
            _ if separates_words(event) && !text.ends_with(' ') => text.push(' '),
            _ => {}
        }
    }

    /// What `event` becomes in the page.
    fn emit(&mut self, event: Event<'a>, at: usize, len: usize, scope: &mut IdScope<'_>) {
        if let Event::Text(_) = event {
            self.warn_foreign(at, len);
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. })
                if self.title_heading == TitleHeading::ToSkip && level == HeadingLevel::H1 =>
            {
                self.title_heading = TitleHeading::Skipping;
                self.title_written_id = id.map(|id| id.to_string());
            }
            Event::Start(tag @ Tag::Heading { .. }) => self.open_heading(tag, at),
            Event::End(TagEnd::Heading(level)) => self.close_heading(level, scope),
            Event::Start(Tag::CodeBlock(kind)) => {
                self.code = Some((code_language(kind), String::new()))
            }
            Event::Start(tag @ Tag::Link { .. }) => self.open_link(tag, at, len),
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let callout = Callout::github(kind).titled(|kind| self.callout_title(kind));
                self.events.push(Event::Html(callout.open().into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::BlockQuote(None)) => self.open_quote(at),
            Event::End(TagEnd::BlockQuote(None)) => match self.quote_closers.pop().flatten() {
                Some(close) => self.events.push(Event::Html(close.into())),
                None => self.events.push(Event::End(TagEnd::BlockQuote(None))),
            },
            Event::InlineMath(tex) => self.math(&tex, false, at, len),
            Event::DisplayMath(tex) => self.math(&tex, true, at, len),
            Event::Start(tag @ Tag::Image { .. }) => self.open_image(tag, at, len),
            Event::End(TagEnd::Image) => self.close_image(),
            Event::Start(tag @ Tag::Table(_)) => self.open_table(tag, scope),
            Event::End(TagEnd::Table) => {
                self.events.push(Event::End(TagEnd::Table));
                self.events.push(Event::Html("</div>".into()));
            }
            Event::FootnoteReference(label) => self.events.push(Event::FootnoteReference(
                format!("{}fn-{label}", self.prefix).into(),
            )),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let id = format!("{}fn-{label}", self.prefix);
                scope.reserve(&id);
                self.events
                    .push(Event::Start(Tag::FootnoteDefinition(id.into())));
            }
            Event::InlineHtml(html) => {
                self.links_open = self
                    .links_open
                    .saturating_add_signed(raw_link_change(&html));
                self.raw_html(html);
            }
            Event::Html(html) => self.raw_html(html),
            Event::Start(Tag::Paragraph) => {
                if self.first_paragraph == FirstParagraph::Ahead {
                    self.first_paragraph = FirstParagraph::Inside;
                }
                self.events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                if self.first_paragraph == FirstParagraph::Inside {
                    self.first_paragraph = FirstParagraph::Done;
                }
                self.events.push(Event::End(TagEnd::Paragraph));
            }
            Event::End(TagEnd::Link) => {
                self.links_open = self.links_open.saturating_sub(1);
                self.events.push(event);
            }
            Event::Text(text) if self.links_open == 0 && self.image.is_none() => {
                self.gather_title_text(&text);
                self.text_with_links(text, at);
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                self.gather_title_text(text);
                self.events.push(event);
            }
            Event::SoftBreak if self.first_paragraph == FirstParagraph::Inside => {
                self.out.first_paragraph.push(' ');
                self.events.push(Event::SoftBreak);
            }
            other => self.events.push(other),
        }
    }

    /// Text inside a heading (for its id and the table of contents) or the
    /// first paragraph (the summary).
    fn gather_title_text(&mut self, text: &str) {
        if let Some(open) = &mut self.heading {
            open.text.push_str(text);
        }
        if self.first_paragraph == FirstParagraph::Inside {
            self.out.first_paragraph.push_str(text);
        }
    }

    /// A heading starts: its id is decided when its text is known. The
    /// heading and its self-link sit side by side in a `div`: a link inside
    /// the heading would add its label to the heading's accessible name.
    fn open_heading(&mut self, tag: Tag<'a>, at: usize) {
        if self.title_heading == TitleHeading::ToSkip {
            self.title_heading = TitleHeading::Passed;
        }
        self.events
            .push(Event::Html("<div class=\"heading\">".into()));
        self.heading = Some(OpenHeading {
            start: self.events.len(),
            at,
            text: String::new(),
        });
        self.events.push(Event::Start(tag));
    }

    /// A heading ends: its id (written, or from its text), unique on the
    /// page, and its self-link.
    fn close_heading(&mut self, level: HeadingLevel, scope: &mut IdScope<'_>) {
        let Some(open) = self.heading.take() else {
            self.events.push(Event::End(TagEnd::Heading(level)));
            return;
        };
        let mut open = open;
        let written = match &self.events[open.start] {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => self.mdx_heading_id(&mut open.text),
        };
        let base = format!(
            "{}{}",
            self.prefix,
            written.unwrap_or_else(|| heading_slug(&open.text))
        );
        let unique = scope.unique(&base);
        if let Event::Start(Tag::Heading { id, .. }) = &mut self.events[open.start] {
            *id = Some(unique.clone().into());
        }
        let text = open.text.trim().to_string();
        self.events.push(Event::End(TagEnd::Heading(level)));
        self.events
            .push(Event::Html(self_link(&unique, &text).into()));
        self.out.headings.push(Heading {
            level: level as u8,
            id: unique,
            text,
        });
        self.heading_offsets.push(open.at);
    }

    /// A code block ends: its text is kept as source, behind a placeholder,
    /// until a page highlights it.
    fn close_code(&mut self) {
        let (lang, buffer) = self.code.take().unwrap_or_default();
        // A diagram: its source in a `<pre>` that Mermaid draws in the
        // browser (shown as written without JavaScript).
        if lang
            .as_deref()
            .is_some_and(|l| l.eq_ignore_ascii_case("mermaid"))
        {
            self.out.diagram = true;
            let source = crate::util::escape::html(&buffer);
            let pre = format!("<pre class=\"mermaid diagram\">{source}</pre>\n");
            self.events.push(Event::Html(pre.into()));
            return;
        }
        self.out.code_text.push_str(&buffer);
        self.out.code_text.push('\n');
        self.events.push(Event::Html(CODE_PLACEHOLDER.into()));
        self.out.code.push((lang, buffer));
    }

    /// A wikilink without its own text ends: it shows its target's title.
    fn close_wikilink(&mut self, end: Event<'a>) {
        let title = self.wikilink_title.take().unwrap_or_default();
        self.gather_title_text(&title);
        self.out.plain_text.push_str(&title);
        self.events.push(Event::Text(title.into()));
        self.events.push(end);
        self.links_open = self.links_open.saturating_sub(1);
    }

    /// A formula as MathML (behind a placeholder); one that does not parse
    /// stays as written, as code, with a warning at it.
    fn math(&mut self, tex: &str, display: bool, at: usize, len: usize) {
        match math::mathml(tex, display) {
            Ok(mathml) => {
                let placeholder = math::placeholder(self.math.len());
                self.math.push(mathml);
                self.events.push(Event::InlineHtml(placeholder.into()));
            }
            Err(why) => {
                let problem = self.located(
                    false,
                    at,
                    len,
                    format!("this formula does not parse: {why}"),
                );
                self.out.problems.push(problem.with_help("write LaTeX math between `$` (inline) or `$$` (display); a `$` for money needs no escape when a digit follows it"));
                let fence = if display { "$$" } else { "$" };
                self.events
                    .push(Event::Code(format!("{fence}{tex}{fence}").into()));
            }
        }
    }

    /// The theme's title for a callout of `kind` in the page's language.
    fn callout_title(&self, kind: &str) -> Option<String> {
        let lang = &self.site.entry(self.id).lang;
        self.site.callout_titles.get(lang, kind).map(str::to_string)
    }

    /// A block quote, or an Obsidian callout when its first line is one
    /// (`> [!tip]- Title`): that line is then its title, not its text.
    fn open_quote(&mut self, at: usize) {
        let line = self
            .source
            .get(at..)
            .and_then(|s| s.lines().next())
            .unwrap_or("");
        match Callout::obsidian(line) {
            Some(callout) => {
                let callout = callout.titled(|kind| self.callout_title(kind));
                self.events.push(Event::Html(callout.open().into()));
                self.quote_closers.push(Some(callout.close()));
                self.marker = Marker::Line { held: false };
            }
            None => {
                self.events.push(Event::Start(Tag::BlockQuote(None)));
                self.quote_closers.push(None);
            }
        }
    }

    /// Wide tables scroll inside a region keyboard users can reach. Each
    /// region is named apart ("Table 1", "Table 2"... across the page,
    /// answers included): landmarks with one name are noise.
    fn open_table(&mut self, tag: Tag<'a>, scope: &mut IdScope<'_>) {
        let number = scope.next_table();
        self.events.push(Event::Html(
            format!("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table {number}\">")
                .into(),
        ));
        self.events.push(Event::Start(tag));
    }

    /// Raw HTML, by the site's `raw_html` policy.
    fn raw_html(&mut self, html: pulldown_cmark::CowStr<'a>) {
        match self.site.config.raw_html {
            RawHtml::Allow => self.events.push(Event::Html(html)),
            RawHtml::Escape => self.events.push(Event::Text(html)),
            RawHtml::Sanitize => {
                self.needs_sanitize = true;
                self.events.push(Event::Html(html));
            }
        }
    }

    /// A problem with a link: an error, or a warning with `links.broken: warn`.
    pub(super) fn broken(
        &self,
        at: usize,
        len: usize,
        message: String,
        help: Option<String>,
    ) -> Diagnostic {
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

    /// The file's text at `at..at + len`, when that is a range of it.
    pub(super) fn source_text(&self, at: usize, len: usize) -> Option<&'a str> {
        let source: &'a str = self.source;
        source.get(at..at + len)
    }

    /// The line of the file that starts at byte `at`; `None` when `at` is
    /// not at a line's start (a paragraph in a list or a quote).
    pub(super) fn line_from(&self, at: usize) -> Option<&'a str> {
        let source: &'a str = self.source;
        let starts_line = at == 0 || source.as_bytes().get(at - 1) == Some(&b'\n');
        let rest = source.get(at..).filter(|_| starts_line)?;
        rest.lines().next()
    }

    /// A problem at byte `at` of the file, underlining up to `len` bytes on
    /// that line.
    pub(super) fn located(
        &self,
        error: bool,
        at: usize,
        len: usize,
        message: String,
    ) -> Diagnostic {
        let entry = self.site.entry(self.id);
        let (line, col) = self.lines.position(self.source, at);
        let rest = self
            .source
            .get(at..)
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("");
        let underline = rest
            .get(..len.min(rest.len()))
            .map_or(1, |s| s.chars().count());
        let d = if error {
            Diagnostic::error(&entry.file, message)
        } else {
            Diagnostic::warning(&entry.file, message)
        };
        d.at(self.source, line, col, underline)
    }

    /// Headings go down one level at a time from the page title (h1); a
    /// jump (h2 to h4) confuses screen reader navigation.
    fn check_heading_levels(&mut self) {
        let mut previous = 1;
        for (index, &at) in self.heading_offsets.iter().enumerate() {
            let level = self.out.headings[index].level;
            if level > previous + 1 {
                let problem = self.located(
                    false,
                    at,
                    1,
                    format!("heading level skipped: h{previous} to h{level}"),
                );
                self.out.problems.push(problem.with_help(
                    "go down one level at a time: `##` under the title, `###` under a `##` (`guildhall check --fix` moves them up)",
                ));
            }
            previous = level;
        }
    }
}

/// A fenced block's language: the first word of its info string.
fn code_language(kind: CodeBlockKind) -> Option<String> {
    match kind {
        CodeBlockKind::Fenced(info) => info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .next()
            .filter(|l| !l.is_empty())
            .map(str::to_string),
        CodeBlockKind::Indented => None,
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

/// Each heading at the level the page shows it (see
/// [`levels::shown_level`]).
fn fit_headings_below_title(events: &mut [Event<'_>], headings: &mut [Heading]) {
    let Some(first) = headings.first() else {
        return;
    };
    let top_is_h1 = first.level == 1;
    if !top_is_h1 && headings.iter().all(|h| h.level != 1) {
        return;
    }
    let fit = |level: &mut HeadingLevel| {
        let shown = levels::shown_level(*level as u8, top_is_h1);
        *level = HeadingLevel::try_from(shown as usize).unwrap_or(HeadingLevel::H6);
    };
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => fit(level),
            Event::End(TagEnd::Heading(level)) => fit(level),
            _ => {}
        }
    }
    for heading in headings {
        heading.level = levels::shown_level(heading.level, top_is_h1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters() {
        let text = "ab\nçd x\n";
        let index = LineStarts::new(text);
        assert_eq!(index.position(text, 0), (1, 1));
        assert_eq!(index.position(text, text.find('x').unwrap()), (2, 4));
    }
}
