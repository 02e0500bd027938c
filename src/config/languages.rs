//! The site's languages: `language:` (the default, `en`) and `languages:`,
//! the others, each a BCP 47 tag (`ja`, `zh-CN`, `pt-BR`) with an optional
//! `name` for the switcher and its own `title` and `description`.
//!
//! ```yaml
//! language: en
//! languages:
//!   ja: { name: 日本語, title: 知識ベース }
//!   fr: {}
//! ```

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{LocatedMapping, describe};

use super::CONFIG_FILE;

/// One language besides the default, as `languages:` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language {
    /// The tag as written in the settings (`zh-CN`).
    pub tag: String,
    /// What the language switcher shows (`日本語`); the theme's words
    /// name the language when unset.
    pub name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
}

/// The default language and the others the site lists.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Languages {
    pub default: String,
    pub others: Vec<Language>,
}

impl Default for Languages {
    fn default() -> Self {
        Languages {
            default: "en".into(),
            others: Vec::new(),
        }
    }
}

impl Languages {
    /// The site's spelling of `tag` when it is the default or a listed
    /// language (tags compare without regard to case: `zh-cn` is `zh-CN`).
    pub fn listed(&self, tag: &str) -> Option<&str> {
        std::iter::once(self.default.as_str())
            .chain(self.others.iter().map(|l| l.tag.as_str()))
            .find(|t| t.eq_ignore_ascii_case(tag))
    }

    pub fn is_default(&self, tag: &str) -> bool {
        self.default.eq_ignore_ascii_case(tag)
    }

    /// A listed language other than the default, with its settings.
    pub fn other(&self, tag: &str) -> Option<&Language> {
        self.others.iter().find(|l| l.tag.eq_ignore_ascii_case(tag))
    }

    /// Whether the site lists languages besides its default.
    pub fn is_multilingual(&self) -> bool {
        !self.others.is_empty()
    }

    /// Every listed tag, the default first.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.default.as_str()).chain(self.others.iter().map(|l| l.tag.as_str()))
    }

    /// Reads `languages:`, pushing every problem; `default` is the
    /// already-read `language:`.
    pub fn parse(
        map: &LocatedMapping,
        source: &Arc<str>,
        default: &str,
        diagnostics: &Diagnostics,
    ) -> Languages {
        let mut languages = Languages {
            default: default.to_string(),
            others: Vec::new(),
        };
        let at_key = |key: &str, message: String| {
            let pos = map.position(key);
            Diagnostic::error(CONFIG_FILE, message).at(
                source,
                pos.line,
                pos.value_col,
                pos.value_len,
            )
        };
        if let Err(e) = check_tag(default) {
            diagnostics.push(at_key("language", format!("`language`: {e}")));
        }
        let Some(value) = map.raw("languages") else {
            return languages;
        };
        let Some(mapping) = value.as_mapping() else {
            diagnostics.push(at_key(
                "languages",
                format!(
                    "`languages` should be a mapping of language tags such as `ja: {{ name: 日本語 }}`, found {}",
                    describe(value)
                ),
            ));
            return languages;
        };
        let section_line = map.position("languages").line;
        for (key, value) in mapping {
            let tag = key.as_str().unwrap_or("").trim().to_string();
            let at = |message: String| {
                let (line, col, len) = super::layout::nested_position(source, section_line, &tag)
                    .unwrap_or((section_line, 1, "languages".len()));
                Diagnostic::error(CONFIG_FILE, message).at(source, line, col, len)
            };
            if let Err(e) = check_tag(&tag) {
                diagnostics.push(at(format!("`languages.{tag}`: {e}")));
                continue;
            }
            if languages.listed(&tag).is_some() {
                diagnostics.push(at(format!(
                    "`languages.{tag}` is listed twice (or is the default `language`)"
                )));
                continue;
            }
            let mut language = Language {
                tag: tag.clone(),
                name: None,
                title: None,
                description: None,
            };
            match value {
                serde_yaml::Value::Null => {}
                serde_yaml::Value::Mapping(fields) => {
                    for (field, v) in fields {
                        let field = field.as_str().unwrap_or("");
                        let slot = match field {
                            "name" => &mut language.name,
                            "title" => &mut language.title,
                            "description" => &mut language.description,
                            _ => {
                                diagnostics.push(at(format!(
                                    "unknown setting `languages.{tag}.{field}`: it takes name, title, description"
                                )));
                                continue;
                            }
                        };
                        match v.as_str() {
                            Some(text) => *slot = Some(text.to_string()),
                            None => diagnostics.push(at(format!(
                                "`languages.{tag}.{field}` should be a text, found {}",
                                describe(v)
                            ))),
                        }
                    }
                }
                other => diagnostics.push(at(format!(
                    "`languages.{tag}` should be a mapping such as `{{ name: …, title: … }}`, found {}",
                    describe(other)
                ))),
            }
            languages.others.push(language);
        }
        languages
    }
}

/// Whether `tag` is a well-formed BCP 47 language tag, with the reason
/// when it is not.
pub fn check_tag(tag: &str) -> Result<(), String> {
    if tag.is_empty() {
        return Err("a language tag such as `en`, `ja` or `zh-CN` is needed".into());
    }
    if tag.contains('_') {
        return Err(format!(
            "`{tag}` is not a BCP 47 language tag: parts are joined by `-` (`{}`)",
            tag.replace('_', "-")
        ));
    }
    oxilangtag::LanguageTag::parse(tag)
        .map(|_| ())
        .map_err(|e| {
            format!(
                "`{tag}` is not a BCP 47 language tag ({e}); write `en`, `ja`, `zh-CN`, `pt-BR`"
            )
        })
}

/// The URL segment of a language (`zh-CN` is `zh-cn`), as Hugo writes it.
pub fn url_segment(tag: &str) -> String {
    tag.to_ascii_lowercase()
}

/// Whether a language is written right to left: Arabic, Persian, Hebrew,
/// Urdu and the others of those scripts, or any tag naming such a script.
pub fn is_rtl(tag: &str) -> bool {
    const RTL: &[&str] = &[
        "ar", "fa", "he", "iw", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "ku-arab",
    ];
    const SCRIPTS: &[&str] = &["arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"];
    let lower = tag.to_ascii_lowercase();
    let mut parts = lower.split('-');
    let primary = parts.next().unwrap_or("");
    let script = parts.find(|p| p.len() == 4);
    match script {
        Some(script) => SCRIPTS.contains(&script),
        None => RTL.contains(&primary),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Languages, Vec<Diagnostic>) {
        let source: Arc<str> = Arc::from(text);
        let map = LocatedMapping::parse(&source, 1).unwrap();
        let diagnostics = Diagnostics::default();
        let languages = Languages::parse(&map, &source, "en", &diagnostics);
        (languages, diagnostics.sorted())
    }

    #[test]
    fn languages_are_read_with_their_names_and_titles() {
        let (languages, problems) =
            parse("languages:\n  ja: { name: 日本語, title: 知識 }\n  zh-CN:\n  pt-BR: {}\n");
        assert!(problems.is_empty(), "{problems:?}");
        let tags: Vec<&str> = languages.tags().collect();
        assert_eq!(tags, ["en", "ja", "zh-CN", "pt-BR"]);
        assert_eq!(
            languages.other("ja").unwrap().name.as_deref(),
            Some("日本語")
        );
        assert_eq!(languages.listed("zh-cn"), Some("zh-CN"));
        assert!(languages.is_multilingual());
    }

    #[test]
    fn bad_tags_and_fields_are_located_errors() {
        let (languages, problems) =
            parse("languages:\n  ja: { nom: x }\n  zh_CN: {}\n  not a tag!: {}\n");
        assert_eq!(languages.others.len(), 1);
        let messages: Vec<String> = problems.iter().map(|d| d.message.clone()).collect();
        assert!(messages[0].contains("languages.ja.nom"), "{messages:?}");
        assert!(messages[1].contains("`zh-CN`"), "{messages:?}");
        assert!(messages[2].contains("not a BCP 47"), "{messages:?}");
        assert_eq!(problems[1].line, 3);
    }

    #[test]
    fn right_to_left_languages() {
        for tag in ["ar", "fa-IR", "he", "ur", "az-Arab"] {
            assert!(is_rtl(tag), "{tag}");
        }
        for tag in ["en", "ja", "zh-CN", "sr-Latn", "az"] {
            assert!(!is_rtl(tag), "{tag}");
        }
    }
}
