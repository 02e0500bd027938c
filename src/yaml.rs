//! YAML (and TOML and JSON) mappings that remember where each top-level key stands.
//!
//! serde_yaml reports syntax errors with a location but forgets positions
//! once parsed. Config and front matter both need to say "this field, on
//! this line, is wrong" for several fields at once, so we parse to a
//! mapping, note the line and column of each top-level key from the text,
//! and then read fields one at a time, each failing on its own.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// Where a top-level key and its value start (1-based, in file lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPosition {
    pub line: usize,
    pub col: usize,
    /// Column where the value starts on the key's line (the key's column when
    /// the value starts on the next line).
    pub value_col: usize,
    /// Length of the value text on the key's line, for underlining.
    pub value_len: usize,
}

/// A syntax error, located in file lines.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// A parsed mapping whose keys remember their position.
#[derive(Debug)]
pub struct LocatedMapping {
    entries: Vec<(String, Value)>,
    positions: HashMap<String, KeyPosition>,
    /// File line of the mapping's first line.
    first_line: usize,
}

impl LocatedMapping {
    /// Parses `text`, whose first line is line `first_line` of its file.
    /// Empty text is an empty mapping; anything but a mapping is an error.
    pub fn parse(text: &str, first_line: usize) -> Result<Self, SyntaxError> {
        let value: Value = if text.trim().is_empty() {
            Value::Mapping(Mapping::new())
        } else {
            serde_yaml::from_str(text).map_err(|e| {
                let message = strip_location(&e.to_string());
                let (line, col) = duplicate_key_line(text, &message)
                    .map(|l| (first_line + l, 1))
                    .or_else(|| {
                        e.location()
                            .map(|l| (first_line + l.line() - 1, l.column()))
                    })
                    .unwrap_or((first_line, 1));
                SyntaxError { line, col, message }
            })?
        };
        let mapping = match value {
            Value::Mapping(m) => m,
            Value::Null => Mapping::new(),
            other => {
                return Err(SyntaxError {
                    line: first_line,
                    col: 1,
                    message: format!("expected `key: value` lines, found {}", describe(&other)),
                });
            }
        };
        let mut entries = Vec::with_capacity(mapping.len());
        for (key, value) in mapping {
            let key = match key {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                other => {
                    return Err(SyntaxError {
                        line: first_line,
                        col: 1,
                        message: format!("keys must be plain words, found {}", describe(&other)),
                    });
                }
            };
            entries.push((key, value));
        }
        Ok(LocatedMapping {
            entries,
            positions: key_positions(text, first_line),
            first_line,
        })
    }

    /// Parses TOML `text` (Hugo's and Zola's front matter between `+++`
    /// lines) into the same mapping, whose first line is line `first_line`
    /// of its file. Dates become their text; tables become mappings.
    pub fn parse_toml(text: &str, first_line: usize) -> Result<Self, SyntaxError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |span| span.start.min(text.len()));
            let before = text.get(..at).unwrap_or("");
            let line = first_line + before.matches('\n').count();
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            SyntaxError {
                line,
                col,
                message: e.message().trim().to_string(),
            }
        })?;
        Ok(LocatedMapping {
            entries: table
                .into_iter()
                .map(|(key, value)| (key, from_toml(value)))
                .collect(),
            positions: toml_key_positions(text, first_line),
            first_line,
        })
    }

    /// Parses a JSON object `text` (Hugo's JSON front matter, braces
    /// included) into the same mapping, whose first line is line
    /// `first_line` of its file.
    pub fn parse_json(text: &str, first_line: usize) -> Result<Self, SyntaxError> {
        let value: Value = serde_json::from_str(text).map_err(|e| SyntaxError {
            line: first_line + e.line().max(1) - 1,
            col: e.column().max(1),
            message: strip_location(&e.to_string()),
        })?;
        let Value::Mapping(mapping) = value else {
            return Err(SyntaxError {
                line: first_line,
                col: 1,
                message: format!("expected a JSON object, found {}", describe(&value)),
            });
        };
        Ok(LocatedMapping {
            entries: mapping
                .into_iter()
                .filter_map(|(key, value)| Some((key.as_str()?.to_string(), value)))
                .collect(),
            positions: json_key_positions(text, first_line),
            first_line,
        })
    }

    /// Where `key` stands, or the mapping's first line when unknown.
    pub fn position(&self, key: &str) -> KeyPosition {
        self.positions.get(key).copied().unwrap_or(KeyPosition {
            line: self.first_line,
            col: 1,
            value_col: 1,
            value_len: 1,
        })
    }

    /// Names the key written `from` as `to`, where it stands.
    pub fn rename(&mut self, from: &str, to: &str) {
        for (key, _) in self.entries.iter_mut().filter(|(key, _)| key == from) {
            *key = to.to_string();
        }
        if let Some(position) = self.positions.remove(from) {
            self.positions.insert(to.to_string(), position);
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    pub fn raw(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Reads `key` as `T`. `None` when absent or null; `Err` with a message
    /// naming the expected shape when the value does not fit.
    pub fn get<T: DeserializeOwned>(&self, key: &str, expected: &str) -> Option<Result<T, String>> {
        let value = self.raw(key)?;
        if value.is_null() {
            return None;
        }
        Some(
            serde_yaml::from_value(value.clone())
                .map_err(|_| format!("`{key}` should be {expected}, found {}", describe(value))),
        )
    }
}

/// A short description of a YAML value for messages.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) if s.chars().count() > 40 => "a long text".into(),
        Value::String(s) => format!("the text `{s}`"),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a nested mapping".into(),
        Value::Tagged(t) => format!("a value tagged `{}`", t.tag),
    }
}

/// Finds top-level keys in block-style YAML by their text: a line that starts
/// in column 1 with something other than a comment, list item or document
/// marker, followed by `:`.
/// A TOML value as the YAML reader sees it.
fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(n) => Value::Number(n.into()),
        toml::Value::Float(x) => Value::Number(x.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(table) => Value::Mapping(
            table
                .into_iter()
                .map(|(k, v)| (Value::String(k), from_toml(v)))
                .collect(),
        ),
    }
}

/// Where each top-level `key = value` of TOML stands (before the first
/// `[table]` header, as top-level keys must).
fn toml_key_positions(text: &str, first_line: usize) -> HashMap<String, KeyPosition> {
    let mut positions = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('[') {
            break;
        }
        let Some((key, after)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
        if key.is_empty() || key.starts_with('#') {
            continue;
        }
        let value_text = after.trim();
        let leading = after.len() - after.trim_start().len();
        let value_col = line[..line.len() - after.len() + leading].chars().count() + 1;
        positions.entry(key.to_string()).or_insert(KeyPosition {
            line: first_line + i,
            col: line.len() - line.trim_start().len() + 1,
            value_col,
            value_len: value_text.chars().count().max(1),
        });
    }
    positions
}

/// Where each top-level `"key": value` of a JSON object stands: lines that
/// start with a quoted key at the indentation of the first one.
fn json_key_positions(text: &str, first_line: usize) -> HashMap<String, KeyPosition> {
    let mut positions = HashMap::new();
    let mut top_indent = None;
    for (i, line) in text.lines().enumerate().skip(1) {
        let rest = line.trim_start();
        let indent = line.len() - rest.len();
        let Some(quoted) = rest.strip_prefix('"') else {
            continue;
        };
        let Some((key, after)) = quoted.split_once('"') else {
            continue;
        };
        let Some(value) = after.trim_start().strip_prefix(':') else {
            continue;
        };
        if *top_indent.get_or_insert(indent) != indent {
            continue;
        }
        let value_text = value.trim().trim_end_matches(',');
        let value_col = line[..line.len() - value.trim_start().len()]
            .chars()
            .count()
            + 1;
        positions.entry(key.to_string()).or_insert(KeyPosition {
            line: first_line + i,
            col: line[..indent].chars().count() + 1,
            value_col,
            value_len: value_text.chars().count().max(1),
        });
    }
    positions
}

fn key_positions(text: &str, first_line: usize) -> HashMap<String, KeyPosition> {
    let mut positions = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let Some(first) = line.chars().next() else {
            continue;
        };
        if first.is_whitespace() || matches!(first, '#' | '-' | '{' | '[' | '}' | ']') {
            continue;
        }
        let Some(colon) = find_key_colon(line) else {
            continue;
        };
        let key = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
        let after = &line[colon + 1..];
        let value_text = after.split(" #").next().unwrap_or("").trim();
        let leading = after.len() - after.trim_start().len();
        let value_col = if value_text.is_empty() {
            1
        } else {
            line[..colon + 1 + leading].chars().count() + 1
        };
        positions.entry(key.to_string()).or_insert(KeyPosition {
            line: first_line + i,
            col: 1,
            value_col,
            value_len: value_text.chars().count().max(1),
        });
    }
    positions
}

/// The byte index of the `:` that ends a key: followed by a space or the end
/// of the line, outside quotes.
fn find_key_colon(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let bytes = line.as_bytes();
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == ':' && bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t') => {
                return Some(i);
            }
            None => {}
        }
    }
    None
}

/// For a duplicate key error, the 0-based line of the key's second
/// appearance (serde_yaml points at the start of the mapping).
fn duplicate_key_line(text: &str, message: &str) -> Option<usize> {
    let key = message
        .strip_prefix("duplicate entry with key \"")?
        .strip_suffix('"')?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            find_key_colon(line).is_some_and(|c| line[..c].trim().trim_matches(['"', '\'']) == key)
        })
        .nth(1)
        .map(|(i, _)| i)
}

/// serde_yaml appends " at line X column Y" to its messages; we show the
/// location separately.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The known key closest to `unknown`, if it is a likely misspelling: one
/// edit away for short words (four letters or fewer), two for longer ones.
pub fn did_you_mean<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    let unknown = unknown.to_lowercase();
    let allowed = |k: &str| {
        if unknown.chars().count().min(k.chars().count()) <= 4 {
            1
        } else {
            2
        }
    };
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&unknown, k), *k))
        .filter(|&(d, k)| d <= allowed(k))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_remember_their_lines_and_value_columns() {
        let m = LocatedMapping::parse(
            "title: Hello\n# note\ntags:\n  - a\ndate:   2026-01-02\n",
            2,
        )
        .unwrap();
        assert_eq!(m.position("title").line, 2);
        assert_eq!(m.position("title").value_col, 8);
        assert_eq!(m.position("tags").line, 4);
        assert_eq!(m.position("date").line, 6);
        assert_eq!(m.position("date").value_col, 9);
        assert_eq!(m.position("date").value_len, 10);
    }

    #[test]
    fn syntax_errors_are_in_file_lines() {
        let err = LocatedMapping::parse("title: a\ntags: [a, b\n", 2).unwrap_err();
        assert!(err.line >= 3, "{err:?}");
        assert!(!err.message.contains(" at line "));
    }

    #[test]
    fn a_scalar_is_not_a_mapping() {
        let err = LocatedMapping::parse("just words", 2).unwrap_err();
        assert!(err.message.contains("key: value"), "{}", err.message);
    }

    #[test]
    fn wrong_types_name_what_was_expected() {
        let m = LocatedMapping::parse("tags: 3\n", 2).unwrap();
        let err = m
            .get::<Vec<String>>("tags", "a list of words")
            .unwrap()
            .unwrap_err();
        assert_eq!(
            err,
            "`tags` should be a list of words, found the number `3`"
        );
    }

    #[test]
    fn suggestions_for_near_misses_only() {
        let known = ["title", "tags", "date", "summary"];
        assert_eq!(did_you_mean("titel", &known), Some("title"));
        assert_eq!(did_you_mean("tag", &known), Some("tags"));
        assert_eq!(did_you_mean("colour", &known), None);
        assert_eq!(did_you_mean("summray", &known), Some("summary"));
        assert_eq!(
            did_you_mean("menu", &["end", "kind"]),
            None,
            "two edits from a short key"
        );
    }

    #[test]
    fn json_objects_with_located_keys_and_errors() {
        let text = "{\n  \"title\": \"Hi\",\n  \"params\": {\n    \"title\": 1\n  },\n  \"tags\": [\"a\"]\n}\n";
        let m = LocatedMapping::parse_json(text, 1).unwrap();
        assert_eq!(m.keys().collect::<Vec<_>>(), ["title", "params", "tags"]);
        assert_eq!(m.position("title").line, 2);
        assert_eq!(m.position("title").value_col, 12);
        assert_eq!(
            m.position("tags").line,
            6,
            "the nested `title` is not top-level"
        );
        let err =
            LocatedMapping::parse_json("{\n  \"title\": \"Hi\"\n  \"x\": 1\n}\n", 1).unwrap_err();
        assert_eq!((err.line, err.col), (3, 3), "{err:?}");
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }
}
