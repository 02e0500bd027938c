//! `check --fix`: rewrites in the content files what `check` can mend
//! by itself: Hugo's and Docsy's shortcodes with a markdown equivalent
//! (`markdown::foreign::fix_shortcodes`), a `ref` becoming a relative link to the
//! file it names, and MkDocs's and Docusaurus's admonitions
//! (`markdown::foreign::admonitions::fix`), and headings that skip a
//! level moved up (`markdown::levels::fix`); a folder with Docusaurus's
//! `_category_.json` and no page gets one (`content::categories`). A file is written whole (a temporary file renamed over
//! it), keeping its front matter, line ends and byte order mark, and only
//! when it is still what was read.

use std::collections::HashSet;
use std::path::Path;

use super::BuildOptions;
use crate::config::Config;
use crate::content;
use crate::diagnostics::{Diagnostics, LineStarts};
use crate::markdown::foreign::{Fixed, Page, admonitions, fix_shortcodes, liquid};
use crate::markdown::levels;
use crate::util::caught::caught;
use crate::util::relative_path;

/// What `check --fix` did.
#[derive(Debug, Default)]
pub struct Fixes {
    /// Each rewrite, located: `content/x.md:12:1: figure`.
    pub fixed: Vec<String>,
    /// How many rewrites were of each kind.
    pub counts: Counts,
    /// Files written.
    pub files: usize,
    /// What was left as it was though its meaning is known, and files
    /// left unwritten, located, with why.
    pub left: Vec<String>,
}

/// Rewrites by what they rewrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub shortcodes: usize,
    pub liquid: usize,
    pub admonitions: usize,
    /// Headings moved up a level or more.
    pub headings: usize,
    /// Folder pages written from Docusaurus's categories.
    pub folder_pages: usize,
}

/// Rewrites what has a markdown equivalent (shortcodes, Liquid,
/// admonitions; the theme's shortcodes named in `unwrap` give way to what
/// they wrap) and headings that skip a level in every content file (drafts too), or in those of
/// `in_scope` (paths relative to the site, as diagnostics name files).
pub fn fix_content(
    options: &BuildOptions,
    in_scope: Option<&HashSet<String>>,
    unwrap: &[String],
) -> Fixes {
    let diagnostics = Diagnostics::default();
    let config = Config::load(&options.site_dir, &diagnostics);
    let entries = content::load(&options.site_dir, &config, true, &diagnostics);
    let known: HashSet<&str> = entries.iter().map(|e| e.rel.as_str()).collect();
    let mut fixes = Fixes::default();
    let wanted = |file: &str| in_scope.is_none_or(|files| files.contains(file));
    for entry in entries.iter().filter(|e| wanted(&e.file)) {
        // The rewriters parse each step's text (see `util::caught`).
        let Ok(done) = caught(|| fix_entry(entry, &known, unwrap)) else {
            fixes.left.push(format!(
                "{}: the markdown parser (pulldown-cmark) fails on it, or on it rewritten; not written",
                entry.file
            ));
            continue;
        };
        fixes.left.extend(done.left);
        if done.fixed.is_empty() {
            continue;
        }
        match write_back(
            &options.site_dir.join(&entry.file),
            &entry.source,
            &done.text,
        ) {
            Ok(()) => {
                fixes.files += 1;
                fixes.fixed.extend(done.fixed);
                fixes.counts.shortcodes += done.counts.shortcodes;
                fixes.counts.liquid += done.counts.liquid;
                fixes.counts.admonitions += done.counts.admonitions;
                fixes.counts.headings += done.counts.headings;
            }
            Err(why) => fixes.left.push(format!("{}: {why}", entry.file)),
        }
    }
    write_folder_pages(&options.site_dir, &config, &wanted, &mut fixes);
    fixes
}

/// Writes the page of each folder that has a Docusaurus category and no
/// page (`content::categories`), as a new file: one already there is
/// never written over.
fn write_folder_pages(
    site: &Path,
    config: &Config,
    wanted: &dyn Fn(&str) -> bool,
    fixes: &mut Fixes,
) {
    for unpaged in content::categories::unpaged(site, config) {
        if !wanted(&unpaged.file) {
            continue;
        }
        let page = crate::diagnostics::display_path(site, &unpaged.page);
        let written = unpaged.text.and_then(|text| {
            let create_new = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&unpaged.page);
            create_new
                .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()))
                .map_err(|e| format!("cannot write {page}: {e}"))
        });
        match written {
            Ok(()) => {
                fixes.counts.folder_pages += 1;
                fixes
                    .fixed
                    .push(format!("{}: Docusaurus category, as {page}", unpaged.file));
            }
            Err(why) => fixes.left.push(format!("{}: {why}", unpaged.file)),
        }
    }
}

/// One file's rewrites.
struct FileFix {
    text: String,
    fixed: Vec<String>,
    left: Vec<String>,
    counts: Counts,
}

/// The entry's file with its shortcodes, then its Liquid, then its
/// admonitions rewritten, then its headings' levels, each rewrite located in the text as the steps
/// before left it (no generator writes two of them).
fn fix_entry(entry: &content::Entry, known: &HashSet<&str>, unwrap: &[String]) -> FileFix {
    let head = &entry.source[..entry.body_start];
    let refs = |path: &str| resolve_ref(known, &entry.rel, path);
    let mut file = FileFix {
        text: entry.source.to_string(),
        fixed: Vec::new(),
        left: Vec::new(),
        counts: Counts::default(),
    };
    let step = |file: &mut FileFix, done: Fixed| {
        let lines = LineStarts::new(&file.text);
        let place = |at: usize| {
            let (line, col) = lines.position(&file.text, head.len() + at);
            format!("{}:{line}:{col}", entry.file)
        };
        let located = |(at, what): &(usize, String)| format!("{}: {what}", place(*at));
        let fixed: Vec<String> = done.fixed.iter().map(located).collect();
        let left: Vec<String> = done.left.iter().map(located).collect();
        file.fixed.extend(fixed);
        file.left.extend(left);
        file.text = format!("{head}{}", done.text);
        done.fixed.len()
    };
    let body = |file: &FileFix| file.text[head.len()..].to_string();
    if file.text.contains("{{") {
        let page = Page {
            title: &entry.title,
            refs: &refs,
            unwrap,
        };
        let done = fix_shortcodes(&body(&file), &page);
        file.counts.shortcodes = step(&mut file, done);
    }
    if file.text.contains("{%") || file.text.contains("{{") {
        let done = liquid::fix(&body(&file), &refs);
        file.counts.liquid = step(&mut file, done);
    }
    if ["!!!", "???", ":::"].iter().any(|m| file.text.contains(m)) {
        let done = admonitions::fix(&body(&file));
        file.counts.admonitions = step(&mut file, done);
    }
    let done = levels::fix(&body(&file));
    file.counts.headings = step(&mut file, done);
    file
}

/// The relative link from the entry at `from` (its path under
/// `content/`) to the file Hugo's `ref` path `target` names: from the
/// content folder when it starts with `/` (or from the entry's language
/// folder, `en/` of `en/blog/x.md`), else from the entry's own folder;
/// `x`, `x.md`, `x/_index.md`, `x/index.md` or `x/README.md`; an
/// `#anchor` kept.
fn resolve_ref(known: &HashSet<&str>, from: &str, target: &str) -> Option<String> {
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, format!("#{anchor}")),
        None => (target, String::new()),
    };
    let folder = from.rsplit_once('/').map_or("", |(folder, _)| folder);
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        return (!anchor.is_empty()).then_some(anchor);
    }
    let bases: Vec<String> = match path.strip_prefix('/') {
        Some(root) => {
            let language = from
                .split_once('/')
                .map(|(first, _)| format!("{first}/{root}"));
            std::iter::once(root.to_string()).chain(language).collect()
        }
        None => vec![format!("{folder}/{path}")],
    };
    let found = bases
        .iter()
        .filter_map(|base| normalise(base))
        .find_map(|base| {
            crate::content::page_files(&base, &["_index", "index", "README"])
                .find(|c| known.contains(c.as_str()))
        })?;
    Some(format!("{}{anchor}", relative_path(folder, &found)))
}

/// `path` with its `.` and `..` segments resolved; None when it climbs
/// out of the content folder.
fn normalise(path: &str) -> Option<String> {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            other => segments.push(other),
        }
    }
    Some(segments.join("/"))
}

/// Writes `text` (the file as guildhall reads it: line ends `\n`, no byte
/// order mark) to `path` in the file's own line ends and mark, if the
/// file still reads as `read`.
fn write_back(path: &Path, read: &str, text: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write: {e}");
    let raw = std::fs::read_to_string(path).map_err(fail)?;
    let (mark, raw) = match raw.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", raw.as_str()),
    };
    let crlf = raw.contains("\r\n");
    if raw.replace("\r\n", "\n") != read {
        return Err("changed since it was read, or read otherwise; not written".to_string());
    }
    let text = if crlf {
        text.replace('\n', "\r\n")
    } else {
        text.to_string()
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(folder).map_err(fail)?;
    std::io::Write::write_all(&mut temp, format!("{mark}{text}").as_bytes()).map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_resolve_as_hugo_looks_them_up() {
        let known: HashSet<&str> = [
            "community/code-of-conduct.md",
            "en/guides/_index.md",
            "en/guides/ospo.md",
            "blog/2020/post/index.md",
            "blog/2020/other.md",
        ]
        .into_iter()
        .collect();
        let from = "blog/2020/post/index.md";
        assert_eq!(
            resolve_ref(&known, from, "/community/code-of-conduct"),
            Some("../../../community/code-of-conduct.md".to_string())
        );
        assert_eq!(
            resolve_ref(&known, from, "../other.md#intro"),
            Some("../other.md#intro".to_string())
        );
        assert_eq!(
            resolve_ref(&known, "en/about.md", "/guides/"),
            Some("guides/_index.md".to_string())
        );
        assert_eq!(
            resolve_ref(&known, "en/guides/x.md", "ospo"),
            Some("ospo.md".to_string())
        );
        assert_eq!(resolve_ref(&known, from, "#top"), Some("#top".to_string()));
        assert_eq!(resolve_ref(&known, from, "/nowhere"), None);
        assert_eq!(resolve_ref(&known, from, "../../../../x"), None);
    }
}
