//! Reading content files: which files under `content/` guildhall reads
//! ([`content_files`]), the text of a file as every step sees it (BOM
//! removed, line ends LF, NUL replaced), its [`Stamp`], reading it again
//! when a build let the texts go after its first pass
//! (`site::Site::release_sources`), and the YAML files beside the
//! content (`read_yaml`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use walkdir::WalkDir;

use super::Entry;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};

/// A file's modification time and length when it was read: a file read
/// again must have the same, or it changed since.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamp {
    pub modified: Option<SystemTime>,
    pub len: u64,
}

impl Stamp {
    pub fn of(metadata: &std::fs::Metadata) -> Stamp {
        Stamp {
            modified: metadata.modified().ok(),
            len: metadata.len(),
        }
    }
}

/// The bytes of the file at `path` and its stamp, taken from the open
/// file (one `fstat`, no second look-up of the path).
pub fn read(path: &Path) -> std::io::Result<(Vec<u8>, Stamp)> {
    let mut file = std::fs::File::open(path)?;
    let stamp = Stamp::of(&file.metadata()?);
    let mut bytes = Vec::with_capacity(usize::try_from(stamp.len).unwrap_or(0) + 1);
    file.read_to_end(&mut bytes)?;
    Ok((bytes, stamp))
}

/// The text of a content file as every step reads it: valid UTF-8 without
/// its BOM, line ends normalised to LF and U+0000 replaced by U+FFFD
/// (CommonMark's rule, for safety, applied to front matter too).
pub fn text_of(file: &str, bytes: Vec<u8>) -> Result<Arc<str>, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| invalid_utf8(file, e))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    };
    if text.contains('\0') {
        text = text.replace('\0', "\u{fffd}");
    }
    Ok(Arc::from(text))
}

/// The text of `entry`, read again from its file under `site_dir`: the
/// same text as when it was first read, or an error when the file changed
/// or went since (the pages made from the first reading would not match).
pub fn read_again(site_dir: &Path, entry: &Entry) -> Result<Arc<str>, Diagnostic> {
    let path = site_dir.join("content").join(&entry.rel);
    let changed = || {
        Diagnostic::error(&entry.file, "the file changed while the site was built")
            .with_help("build again")
    };
    let (bytes, stamp) = read(&path)
        .map_err(|e| Diagnostic::error(&entry.file, format!("cannot read again: {e}")))?;
    if entry.stamp != Some(stamp) {
        return Err(changed());
    }
    let text = text_of(&entry.file, bytes)?;
    if !text.is_char_boundary(entry.body_start) {
        return Err(changed());
    }
    Ok(text)
}

/// Invalid UTF-8 is an error at the first bad byte, showing the line as far
/// as it can be read.
fn invalid_utf8(file: &str, e: std::string::FromUtf8Error) -> Diagnostic {
    let valid = e.utf8_error().valid_up_to();
    let bytes = e.into_bytes();
    let before = String::from_utf8_lossy(&bytes[..valid]);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let shown: Arc<str> = Arc::from(String::from_utf8_lossy(&bytes).as_ref());
    Diagnostic::error(file, "the file is not valid UTF-8")
        .at(&shown, line, col, 1)
        .with_help("save the file as UTF-8")
}

/// A YAML (or JSON) file beside the content that guildhall reads as
/// `T` (Docusaurus's `authors.yml`, its categories), and its text; one
/// that cannot be read, or is not a `T`, is a warning (`failed`, then the
/// reason; `help`) where it goes wrong.
pub(super) fn read_yaml<T: serde::de::DeserializeOwned>(
    path: &Path,
    shown: &str,
    failed: &str,
    help: &str,
    diagnostics: &Diagnostics,
) -> Option<(T, Arc<str>)> {
    let text: Arc<str> = match std::fs::read_to_string(path) {
        Ok(text) => Arc::from(text),
        Err(e) => {
            diagnostics.push(Diagnostic::warning(shown, format!("cannot read: {e}")));
            return None;
        }
    };
    match serde_yaml::from_str(&text) {
        Ok(value) => Some((value, text)),
        Err(e) => {
            let mut problem =
                Diagnostic::warning(shown, format!("{failed}: {e}")).with_help(help.to_string());
            if let Some(at) = e.location() {
                problem = problem.at(&text, at.line(), at.column(), 1);
            }
            diagnostics.push(problem);
            None
        }
    }
}

/// The files under `content/` that guildhall reads, each list in name
/// order; hidden files and folders are left out, and symbolic links are
/// warned about, not followed.
pub(crate) struct ContentFiles {
    pub markdown: Vec<PathBuf>,
    /// Docusaurus's `authors.yml` files.
    pub authors: Vec<PathBuf>,
    /// Docusaurus's `_category_.json` (or `.yml`) files.
    pub categories: Vec<PathBuf>,
}

impl ContentFiles {
    /// These files but those the settings' `ignore` patterns match (paths
    /// relative to `content`).
    pub(crate) fn not_ignored(mut self, config: &Config, content: &Path) -> ContentFiles {
        let ignored = config.ignored();
        let kept = |path: &PathBuf| !ignored.is_match(display_path(content, path));
        self.markdown.retain(kept);
        self.categories.retain(kept);
        self
    }
}

pub(crate) fn content_files(
    site: &Path,
    content: &Path,
    diagnostics: &Diagnostics,
) -> ContentFiles {
    let mut found = ContentFiles {
        markdown: Vec::new(),
        authors: Vec::new(),
        categories: Vec::new(),
    };
    for item in WalkDir::new(content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let item = match item {
            Ok(item) => item,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display_path(site, p))
                    .unwrap_or_else(|| "content".into());
                diagnostics.push(Diagnostic::error(path, format!("cannot read: {e}")));
                continue;
            }
        };
        if item.file_type().is_symlink() {
            diagnostics.push(Diagnostic::warning(
                display_path(site, item.path()),
                "symbolic links are not followed; the link is skipped",
            ));
            continue;
        }
        if !item.file_type().is_file() {
            continue;
        }
        let name = item.file_name().to_string_lossy();
        let list = if super::is_markdown(item.path()) {
            &mut found.markdown
        } else if name == super::authors::FILE_NAME {
            &mut found.authors
        } else if super::categories::FILE_NAMES.contains(&name.as_ref()) {
            &mut found.categories
        } else {
            continue;
        };
        list.push(item.into_path());
    }
    found
}
