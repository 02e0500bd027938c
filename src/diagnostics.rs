//! Located problems found in a run, collected across the whole run and
//! rendered in one place.
//!
//! Every problem with content or config is a [`Diagnostic`] value: a severity,
//! the file (relative to the site folder), a 1-based line and column, a message
//! and optional help. Nothing in the pipeline prints; it pushes diagnostics
//! into a [`Diagnostics`] collector and carries on, so that one run reports
//! every problem. `main` renders them at the end.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

/// How bad a problem is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One located problem.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site folder, with `/` separators (`content/guides/x.md`).
    pub file: String,
    /// 1-based line; 0 when the problem concerns the file as a whole and it has no text.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    /// How many characters to underline from `col` (at least one).
    pub len: usize,
    pub message: String,
    pub help: Option<String>,
    /// The file's text, kept to show the offending line.
    pub source: Option<Arc<str>>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            line: 0,
            col: 0,
            len: 1,
            message: message.into(),
            help: None,
            source: None,
        }
    }

    /// Places the problem at `line`:`col` of `source`, underlining `len` characters.
    pub fn at(mut self, source: &Arc<str>, line: usize, col: usize, len: usize) -> Self {
        self.line = line.max(1);
        self.col = col.max(1);
        self.len = len.max(1);
        self.source = Some(Arc::clone(source));
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, the form editors and terminals turn into links.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.col)
        }
    }

    /// Byte range of the underlined span within `source`.
    /// The bytes of `source` the problem underlines, its line starting at
    /// byte `line_start`.
    fn byte_range_from(&self, source: &str, line_start: usize) -> std::ops::Range<usize> {
        let line_text = source[line_start..].lines().next().unwrap_or("");
        let start = line_start + char_offset(line_text, self.col - 1);
        let end = line_start + char_offset(line_text, self.col - 1 + self.len);
        start..end.max(start)
    }
}

/// Byte offset of the `chars`-th character of `text`, clamped to its length.
fn char_offset(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// Thread-safe collector: the loader and renderer push from rayon workers.
#[derive(Default, Clone)]
pub struct Diagnostics {
    inner: Arc<Mutex<Vec<Diagnostic>>>,
}

impl Diagnostics {
    pub fn push(&self, diagnostic: Diagnostic) {
        self.lock().push(diagnostic);
    }

    pub fn extend(&self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.lock().extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.lock().iter().any(Diagnostic::is_error)
    }

    /// All diagnostics so far, sorted by file, position and message, so
    /// that the report is the same whatever order the threads ran in.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut all = self.lock().clone();
        all.sort_by(|a, b| {
            (&a.file, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.col, b.severity, &b.message))
        });
        all.dedup_by(|a, b| {
            a.file == b.file && a.line == b.line && a.col == b.col && a.message == b.message
        });
        all
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Diagnostic>> {
        // A poisoned lock only means a worker panicked after pushing; the
        // list itself is still whole.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Whether to colour terminal output: only on a terminal, never with `NO_COLOR`.
pub fn use_colour(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes diagnostics for a person: the message, `file:line:col`, the line
/// with the span underlined, and any help.
pub fn render_human(diagnostics: &[Diagnostic], colour: bool) {
    let choice = if colour {
        termcolor::ColorChoice::Always
    } else {
        termcolor::ColorChoice::Never
    };
    let mut stream = termcolor::StandardStream::stderr(choice);
    render_to(&mut stream, diagnostics);
}

/// The same text as [`render_human`], without colour (for `serve`'s error
/// overlay).
pub fn render_plain(diagnostics: &[Diagnostic]) -> String {
    let mut out = termcolor::NoColor::new(Vec::new());
    render_to(&mut out, diagnostics);
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

fn render_to(stream: &mut dyn termcolor::WriteColor, diagnostics: &[Diagnostic]) {
    let config = term::Config::default();
    let mut files = SimpleFiles::new();
    let mut ids: BTreeMap<(String, *const u8), usize> = BTreeMap::new();
    // Where each source's lines start, found once: a file with thousands
    // of problems is not scanned from its start for each.
    let mut lines: HashMap<*const u8, LineStarts> = HashMap::new();
    for d in diagnostics {
        let mut report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_message(&d.message);
        match &d.source {
            Some(source) if d.line > 0 => {
                let key = (d.file.clone(), source.as_ptr());
                let id = *ids
                    .entry(key)
                    .or_insert_with(|| files.add(d.file.clone(), Arc::clone(source)));
                let starts = lines
                    .entry(source.as_ptr())
                    .or_insert_with(|| LineStarts::new(source));
                let range = d.byte_range_from(source, starts.start_of(d.line));
                report = report.with_labels(vec![Label::primary(id, range)]);
            }
            _ => report = report.with_notes(vec![format!("in {}", d.file)]),
        }
        if let Some(help) = &d.help {
            report = report.with_notes(vec![format!("help: {help}")]);
        }
        if term::emit_to_write_style(stream, &config, &files, &report).is_err() {
            // The terminal went away or the span is off: fall back to one plain line.
            let _ = writeln!(stream, "{}: {}", d.location(), d.message);
        }
    }
}

/// GitHub Actions workflow commands, one line per problem, so each shows
/// as an annotation on its line of the pull request. `prefix` is the site
/// folder relative to the repository (`""` when they are the same).
pub fn render_github(diagnostics: &[Diagnostic], prefix: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = if d.is_error() { "error" } else { "warning" };
        let mut properties = vec![format!(
            "file={}",
            escape_property(&join_prefix(prefix, &d.file))
        )];
        if d.line > 0 {
            properties.push(format!("line={}", d.line));
            properties.push(format!("col={}", d.col));
            properties.push(format!("endColumn={}", d.col + d.len));
        }
        properties.push("title=guildhall".to_string());
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_data(&message)
        ));
    }
    out
}

/// The JSON report: an array of problems, each
/// `{"severity", "file", "line", "column", "end_column", "message", "help"}`
/// (see the README for the schema).
pub fn render_json(diagnostics: &[Diagnostic], prefix: &str) -> String {
    let items: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": if d.is_error() { "error" } else { "warning" },
                "file": join_prefix(prefix, &d.file),
                "line": d.line,
                "column": d.col,
                "end_column": d.col + d.len,
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

fn join_prefix(prefix: &str, file: &str) -> String {
    let prefix = prefix.trim_start_matches("./").trim_end_matches('/');
    if prefix.is_empty() || prefix == "." {
        file.to_string()
    } else {
        format!("{prefix}/{file}")
    }
}

/// Escaping for a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping for a workflow command's properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Path of `path` relative to `root`, with `/` separators, for messages.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.to_string_lossy().replace('\\', "/")
}

/// Where each line of a text starts, to locate many places in it, each
/// without scanning the text from its start (the walk's problems, the
/// renderer's labels, `check --fix`'s rewrites).
pub struct LineStarts {
    starts: Vec<usize>,
    len: usize,
}

impl LineStarts {
    pub fn new(text: &str) -> LineStarts {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts {
            starts,
            len: text.len(),
        }
    }

    /// Byte offset where 1-based `line` starts (the end if past it).
    pub fn start_of(&self, line: usize) -> usize {
        self.starts
            .get(line.max(1) - 1)
            .copied()
            .unwrap_or(self.len)
    }

    /// [`line_and_column`] of byte `at` of `text`, the text these starts
    /// are of.
    pub fn position(&self, text: &str, at: usize) -> (usize, usize) {
        let at = at.min(text.len());
        let line = self.starts.partition_point(|&s| s <= at);
        let start = self.starts[line - 1];
        let col = text.get(start..at).map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }
}

/// The 1-based line and column (in characters) of byte `at` of `source`.
pub fn line_and_column(source: &str, at: usize) -> (usize, usize) {
    let before = source.get(..at).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn byte_range(d: &Diagnostic, source: &str) -> std::ops::Range<usize> {
        d.byte_range_from(source, LineStarts::new(source).start_of(d.line))
    }

    #[test]
    fn lines_are_found_where_they_start() {
        let text = "ab\nc\n\nd";
        let lines = LineStarts::new(text);
        assert_eq!(
            [0, 1, 2, 3, 4, 5, 9].map(|line| lines.start_of(line)),
            [0, 0, 3, 5, 6, 7, 7]
        );
        for at in 0..=text.len() {
            assert_eq!(lines.position(text, at), line_and_column(text, at), "{at}");
        }
    }

    #[test]
    fn byte_range_counts_characters_not_bytes() {
        let src: Arc<str> = Arc::from("a: 1\ntitlé: été\n");
        let d = Diagnostic::error("f.md", "x").at(&src, 2, 8, 3);
        assert_eq!(&src[byte_range(&d, &src)], "été");
    }

    #[test]
    fn github_commands_escape_their_parts() {
        let src: Arc<str> = Arc::from("a: 1\n");
        let d = Diagnostic::error("content/a,b.md", "50% done\nnext")
            .at(&src, 1, 4, 1)
            .with_help("fix: it");
        assert_eq!(
            render_github(&[d], "site"),
            "::error file=site/content/a%2Cb.md,line=1,col=4,endColumn=5,title=guildhall::50%25 done%0Anext%0Ahelp: fix: it\n"
        );
    }

    #[test]
    fn byte_range_is_clamped_to_the_line() {
        let src: Arc<str> = Arc::from("short\n");
        let d = Diagnostic::error("f.md", "x").at(&src, 1, 40, 10);
        assert_eq!(byte_range(&d, &src), 5..5);
        let d = Diagnostic::error("f.md", "x").at(&src, 9, 1, 1);
        assert_eq!(byte_range(&d, &src), 6..6);
    }
}
