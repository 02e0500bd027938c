//! Reading content files: the text of a file as every step sees it (BOM
//! removed, line ends LF, NUL replaced), its [`Stamp`], and reading it
//! again when a build let the texts go after its first pass
//! (`site::Site::release_sources`).

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use super::Entry;
use crate::diagnostics::{Diagnostic, Diagnostics};

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
