//! Reading JSON exports field by field, each value knowing its path, so
//! that what is missing or of the wrong type is an error naming the file
//! and the JSON path (`data.repository.discussions.nodes[3].title`).
//! Fields nobody asks for are ignored.

use serde_json::Value;

use crate::import::ImportError;

/// A value of a JSON document, with where it is.
#[derive(Clone)]
pub struct At<'a> {
    pub value: &'a Value,
    file: &'a str,
    /// Names the document in messages (`document 2`).
    label: &'a str,
    /// `data.repository.nodes[3].title`; empty for the document.
    path: String,
}

impl<'a> At<'a> {
    /// The document `value` of `file`; `label` names it in messages.
    pub fn root(value: &'a Value, file: &'a str, label: &'a str) -> At<'a> {
        At {
            value,
            file,
            label,
            path: String::new(),
        }
    }

    fn child(&self, value: &'a Value, step: String) -> At<'a> {
        At {
            value,
            file: self.file,
            label: self.label,
            path: step,
        }
    }

    fn field_path(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    pub fn error(&self, message: &str) -> ImportError {
        let place = if self.path.is_empty() {
            "the document".to_string()
        } else {
            format!("`{}`", self.path)
        };
        ImportError::Input(format!("{}: {}: {place} {message}", self.file, self.label))
    }

    /// Field `name`, or `None` when absent or null.
    pub fn opt(&self, name: &str) -> Option<At<'a>> {
        match self.value.get(name) {
            None | Some(Value::Null) => None,
            Some(value) => Some(self.child(value, self.field_path(name))),
        }
    }

    /// Field `name`, which must be there.
    pub fn field(&self, name: &str) -> Result<At<'a>, ImportError> {
        self.opt(name).ok_or_else(|| {
            self.child(&Value::Null, self.field_path(name))
                .error("is missing")
        })
    }

    pub fn str(&self) -> Result<&'a str, ImportError> {
        self.value
            .as_str()
            .ok_or_else(|| self.error("should be a text"))
    }

    pub fn i64(&self) -> Result<i64, ImportError> {
        self.value
            .as_i64()
            .ok_or_else(|| self.error("should be a whole number"))
    }

    pub fn bool(&self) -> Result<bool, ImportError> {
        self.value
            .as_bool()
            .ok_or_else(|| self.error("should be true or false"))
    }

    /// The items of an array.
    pub fn items(&self) -> Result<Vec<At<'a>>, ImportError> {
        let items = self
            .value
            .as_array()
            .ok_or_else(|| self.error("should be a list"))?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, value)| self.child(value, format!("{}[{i}]", self.path)))
            .collect())
    }

    /// Text field `name`, `""` when absent.
    pub fn text_or_empty(&self, name: &str) -> Result<&'a str, ImportError> {
        self.opt(name).map_or(Ok(""), |v| v.str())
    }
}

/// Every JSON document of `text` (one, or several concatenated as
/// `gh api --paginate` writes them); a syntax error names its line and
/// column.
pub fn documents(text: &str, file: &str) -> Result<Vec<Value>, ImportError> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .map(|document| {
            document.map_err(|e| {
                ImportError::Input(format!("{file}:{}:{}: not JSON: {e}", e.line(), e.column()))
            })
        })
        .collect()
}

/// An ISO 8601 time (`2026-01-02T10:00:00Z`, or with an offset or
/// fractions) as UTC `2026-01-02T10:00:00Z`.
pub fn utc(at: &At) -> Result<String, ImportError> {
    let text = at.str()?;
    let stamp: jiff::Timestamp = text.parse().map_err(|_| {
        at.error(&format!(
            "should be a date-time such as 2026-01-02T10:00:00Z, found `{text}`"
        ))
    })?;
    Ok(stamp.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_are_named_by_their_path() {
        let value: Value =
            serde_json::from_str(r#"{"data":{"nodes":[{"title":"a"},{"x":1}]}}"#).unwrap();
        let root = At::root(&value, "export.json", "document 1");
        let data = root.field("data").unwrap();
        let nodes = data.field("nodes").unwrap();
        let items = nodes.items().unwrap();
        assert_eq!(items[0].field("title").unwrap().str().unwrap(), "a");
        let Err(ImportError::Input(message)) = items[1].field("title") else {
            panic!("no error");
        };
        assert_eq!(
            message,
            "export.json: document 1: `data.nodes[1].title` is missing"
        );
    }

    #[test]
    fn concatenated_documents_and_syntax_errors() {
        assert_eq!(
            documents("{\"a\":1}{\"a\":2}\n{\"a\":3}", "f")
                .unwrap()
                .len(),
            3
        );
        let Err(ImportError::Input(message)) = documents("{\"a\":1}\n{\"a\":", "f.json") else {
            panic!("no error");
        };
        assert!(message.starts_with("f.json:2:"), "{message}");
    }
}
