//! The files of a Stack Exchange data dump, read as streams of rows
//! (`<row Id="1" … />`, attributes only), never whole in memory; a row can
//! be read again later from its byte offset. A `.7z` archive is unpacked
//! into a temporary folder first, one file at a time.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

use crate::import::ImportError;

/// The files the importer reads; others in an archive are not unpacked.
pub const FILES: &[&str] = &[
    "Posts.xml",
    "Users.xml",
    "PostHistory.xml",
    "PostLinks.xml",
    "Comments.xml",
    "Tags.xml",
];

/// One record: its attributes, decoded, and where it starts in its file.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub offset: u64,
    attributes: Vec<(String, String)>,
}

impl Row {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A whole-number attribute; `None` when absent or not a number.
    pub fn number(&self, name: &str) -> Option<i64> {
        self.get(name)?.trim().parse().ok()
    }
}

/// The rows of one dump file, in order.
pub struct Rows {
    reader: Reader<BufReader<File>>,
    buf: Vec<u8>,
    path: PathBuf,
    /// The file offset where the reader started (past a byte order mark,
    /// which quick-xml would skip without counting it).
    base: u64,
}

impl Rows {
    /// `dir/name`'s rows; `None` when the file is not there.
    pub fn open(dir: &Path, name: &str) -> Result<Option<Rows>, ImportError> {
        let path = dir.join(name);
        match File::open(&path) {
            Ok(file) => Ok(Some(Rows::from_file(file, path, 0, 256 * 1024))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(ImportError::Input(format!(
                "{}: cannot read: {e}",
                path.display()
            ))),
        }
    }

    /// Rows of `file`, whose read position is `base`, read `buffer` bytes
    /// at a time.
    fn from_file(file: File, path: PathBuf, mut base: u64, buffer: usize) -> Rows {
        let mut input = BufReader::with_capacity(buffer, file);
        if input
            .fill_buf()
            .is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF"))
        {
            input.consume(3);
            base += 3;
        }
        let mut reader = Reader::from_reader(input);
        reader.config_mut().trim_text(true);
        Rows {
            reader,
            buf: Vec::with_capacity(4096),
            path,
            base,
        }
    }

    /// The next row, or `None` at the end of the file. Malformed XML is an
    /// error at its line and column.
    pub fn next_row(&mut self) -> Result<Option<Row>, ImportError> {
        loop {
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(event) => event,
                Err(e) => {
                    let at = self.base + self.reader.error_position();
                    return Err(located(&self.path, at, &e.to_string()));
                }
            };
            // `<` and `/>` (or `>`): the marks around an element's text.
            let (element, marks) = match event {
                Event::Empty(element) => (element, 3),
                Event::Start(element) => (element, 2),
                Event::Eof => return Ok(None),
                _ => continue,
            };
            if element.name().as_ref() != "row" {
                continue;
            }
            // The row's `<`: the reader is past its end.
            let end = self.base + self.reader.buffer_position();
            let offset = end.saturating_sub(element.len() as u64 + marks);
            let mut row = Row {
                offset,
                attributes: Vec::with_capacity(16),
            };
            for attribute in element.attributes() {
                let invalid =
                    |e: &dyn std::fmt::Display| located(&self.path, offset, &e.to_string());
                let attribute = attribute.map_err(|e| invalid(&e))?;
                let value = attribute
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map_err(|e| invalid(&e))?;
                let key = attribute.key.as_ref().to_string();
                row.attributes.push((key, value.into_owned()));
            }
            return Ok(Some(row));
        }
    }
}

/// A dump file read a row at a time at offsets a [`Rows`] gave.
pub struct RowFile {
    file: File,
    path: PathBuf,
}

impl RowFile {
    pub fn open(path: &Path) -> Result<RowFile, ImportError> {
        let file = File::open(path)
            .map_err(|e| ImportError::Input(format!("{}: cannot read: {e}", path.display())))?;
        Ok(RowFile {
            file,
            path: path.to_path_buf(),
        })
    }

    /// The row that starts at `offset`.
    pub fn row_at(&self, offset: u64) -> Result<Row, ImportError> {
        let fail = |e: std::io::Error| {
            ImportError::Input(format!("{}: cannot read: {e}", self.path.display()))
        };
        let mut file = self.file.try_clone().map_err(fail)?;
        file.seek(SeekFrom::Start(offset)).map_err(fail)?;
        // Most rows fit in the buffer; a longer one is read on.
        let mut rows = Rows::from_file(file, self.path.clone(), offset, 16 * 1024);
        match rows.next_row()? {
            Some(row) => Ok(row),
            None => Err(located(&self.path, offset, "no record here")),
        }
    }
}

/// Malformed XML at byte `offset` of `path`.
fn located(path: &Path, offset: u64, message: &str) -> ImportError {
    error_at(path, offset, &format!("invalid XML: {message}"))
}

/// An error about the record at byte `offset` of `path`, as
/// `path:line:column: message`.
pub fn error_at(path: &Path, offset: u64, message: &str) -> ImportError {
    let (line, column) = line_and_column(path, offset).unwrap_or((1, 1));
    ImportError::Input(format!("{}:{line}:{column}: {message}", path.display()))
}

/// The 1-based line and column of byte `offset`, past any white space
/// there (a row's offset is where the previous one ended), read again
/// from the file (only on the error path).
fn line_and_column(path: &Path, offset: u64) -> Option<(usize, usize)> {
    let (mut line, mut column) = (1, 1);
    for (at, byte) in BufReader::new(File::open(path).ok()?).bytes().enumerate() {
        let byte = byte.ok()?;
        if at as u64 >= offset && !byte.is_ascii_whitespace() {
            break;
        }
        match byte {
            b'\n' => {
                line += 1;
                column = 1;
            }
            // Count characters, not the bytes that continue one.
            b if b & 0xC0 != 0x80 => column += 1,
            _ => {}
        }
    }
    Some((line, column))
}

/// Where the dump's files are: `dump` itself when it is a folder, or a
/// temporary folder holding the files unpacked from a `.7z` archive (kept
/// alive by the returned guard).
pub fn open_dump(dump: &Path) -> Result<(PathBuf, Option<tempfile::TempDir>), ImportError> {
    if dump.is_dir() {
        return Ok((dump.to_path_buf(), None));
    }
    if !dump.is_file() {
        return Err(ImportError::Input(format!(
            "{}: no such folder or archive",
            dump.display()
        )));
    }
    let dir = tempfile::tempdir()
        .map_err(|e| ImportError::Input(format!("cannot make a temporary folder: {e}")))?;
    unpack(dump, dir.path())?;
    Ok((dir.path().to_path_buf(), Some(dir)))
}

/// Unpacks the files the importer reads from the `.7z` archive at `archive`
/// into `into`, streaming each to disk.
fn unpack(archive: &Path, into: &Path) -> Result<(), ImportError> {
    let fail = |e: &dyn std::fmt::Display| {
        ImportError::Input(format!(
            "{}: cannot read the archive: {e}",
            archive.display()
        ))
    };
    let mut reader = sevenz_rust2::ArchiveReader::open(archive, sevenz_rust2::Password::empty())
        .map_err(|e| fail(&e))?;
    reader
        .for_each_entries(|entry, data| {
            let name = entry.name().rsplit(['/', '\\']).next().unwrap_or("");
            if entry.is_directory() || !FILES.contains(&name) {
                std::io::copy(data, &mut std::io::sink())?;
                return Ok(true);
            }
            let mut out = std::io::BufWriter::new(File::create(into.join(name))?);
            std::io::copy(data, &mut out)?;
            std::io::Write::flush(&mut out)?;
            Ok(true)
        })
        .map_err(|e| fail(&e))
}

/// Reads all of a small stream: for tests.
#[cfg(test)]
fn rows_of(text: &str) -> Result<Vec<Row>, ImportError> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Posts.xml"), text).unwrap();
    let mut rows = Rows::open(dir.path(), "Posts.xml")?.unwrap();
    let mut all = Vec::new();
    while let Some(row) = rows.next_row()? {
        all.push(row);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    const POSTS: &str = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n  <row Id=\"1\" Body=\"&lt;p&gt;a&lt;/p&gt;&#xA;&#xA;b\" Title=\"Caf\u{e9} &amp; co\" />\n  <row Id=\"2\" />\n</posts>\n";

    #[test]
    fn rows_are_decoded_with_their_offsets() {
        let rows = rows_of(POSTS).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get("Body"), Some("<p>a</p>\n\nb"));
        assert_eq!(rows[0].get("Title"), Some("Café & co"));
        assert_eq!(rows[0].number("Id"), Some(1));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Posts.xml");
        std::fs::write(&path, POSTS).unwrap();
        let file = RowFile::open(&path).unwrap();
        assert_eq!(file.row_at(rows[1].offset).unwrap().number("Id"), Some(2));
        assert_eq!(&POSTS.as_bytes()[rows[1].offset as usize..][..4], b"<row");
        assert_eq!(file.row_at(rows[0].offset).unwrap().number("Id"), Some(1));
    }

    #[test]
    fn malformed_xml_is_located() {
        let Err(ImportError::Input(message)) =
            rows_of("<posts>\n  <row Id=\"1\" />\n  <row Id=\"2 />\n</posts>\n")
        else {
            panic!("no error");
        };
        assert!(message.contains("Posts.xml:3:"), "{message}");
    }
}
