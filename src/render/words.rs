//! The theme's own words in each page's language: navigation, status
//! labels, headings, dates. One plain YAML file per language
//! (`themes/default/i18n/<tag>.yml`, key: text); a site's theme folder
//! adds a language or changes some words with its own
//! `themes/<name>/i18n/<tag>.yml`. A word looks in the exact tag
//! (`zh-CN`), then its language (`zh`), then English.
//!
//! Templates read them as `t.<key>`; a word with a number is written
//! `"{n} answer | {n} answers"` (one | other), or as a map of the
//! language's plural forms (see [`super::plural`]), and shown with the
//! `count` filter: `{{ t.answers_n | count(n=3) }}`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tera::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::CalloutTitles;

/// The kinds of callout the theme names (`callout_<kind>`).
const CALLOUT_KINDS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

/// Words by key.
pub type WordMap = BTreeMap<String, String>;

/// Every language's words, as the theme gives them.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// By lower-cased tag, as the files give them (not merged).
    files: HashMap<String, WordMap>,
    /// Merged with their fallbacks, by lower-cased tag, made by
    /// [`Words::resolve`].
    resolved: HashMap<String, (Arc<WordMap>, Value)>,
}

impl Words {
    /// Reads `(tag, file name for messages, YAML text)` files; later files
    /// change the words of earlier ones of the same tag.
    pub fn parse<'a>(
        files: impl IntoIterator<Item = (String, String, &'a str)>,
        diagnostics: &Diagnostics,
    ) -> Words {
        let mut words = Words::default();
        for (tag, file, text) in files {
            match serde_yaml::from_str::<BTreeMap<String, serde_yaml::Value>>(text) {
                Ok(map) => {
                    let slot = words.files.entry(tag.to_ascii_lowercase()).or_default();
                    for (key, value) in map {
                        match value {
                            serde_yaml::Value::String(s) => {
                                slot.insert(key, s);
                            }
                            serde_yaml::Value::Number(n) => {
                                slot.insert(key, n.to_string());
                            }
                            serde_yaml::Value::Mapping(forms) => {
                                match super::plural::from_map(&forms, &tag) {
                                    Ok(word) => {
                                        slot.insert(key, word);
                                    }
                                    Err(why) => diagnostics.push(Diagnostic::warning(
                                        &file,
                                        format!("`{key}`'s plural forms are left out: {why}"),
                                    )),
                                }
                            }
                            _ => diagnostics.push(Diagnostic::warning(
                                &file,
                                format!("`{key}` should be a text; it is left out"),
                            )),
                        }
                    }
                }
                Err(e) => {
                    let mut d =
                        Diagnostic::error(&file, format!("invalid YAML in theme words: {e}"));
                    if let Some(at) = e.location() {
                        d = d.at(&Arc::from(text), at.line(), at.column(), 1);
                    }
                    diagnostics.push(d);
                }
            }
        }
        words
    }

    /// Merges the words of each of `tags` with their fallbacks, once.
    pub fn resolve<'a>(&mut self, tags: impl IntoIterator<Item = &'a str>) {
        for tag in tags {
            let lower = tag.to_ascii_lowercase();
            if self.resolved.contains_key(&lower) {
                continue;
            }
            let mut merged = WordMap::new();
            for words in self.layers(&lower).into_iter().rev() {
                merged.extend(words.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            let value = Value::from_serializable(&merged);
            self.resolved.insert(lower, (Arc::new(merged), value));
        }
    }

    /// The files a language's words come from, the first that has a word
    /// winning: its exact tag (`zh-cn`, lower-cased), its language (`zh`),
    /// English.
    fn layers(&self, lower: &str) -> Vec<&WordMap> {
        let primary = lower.split('-').next().unwrap_or(lower);
        let mut tags = vec![lower, primary, "en"];
        tags.dedup();
        tags.iter().filter_map(|tag| self.files.get(*tag)).collect()
    }

    /// The words of `tag` (resolved before), as templates see them.
    pub fn value(&self, tag: &str) -> Value {
        self.resolved
            .get(&tag.to_ascii_lowercase())
            .or_else(|| self.resolved.get("en"))
            .map_or_else(
                || Value::from_serializable(&WordMap::new()),
                |(_, v)| v.clone(),
            )
    }

    /// Every word of `tag` as a JSON object, for scripts (the search page).
    pub fn json(&self, tag: &str) -> String {
        self.resolved
            .get(&tag.to_ascii_lowercase())
            .or_else(|| self.resolved.get("en"))
            .map(|(map, _)| serde_json::to_string(map.as_ref()).unwrap_or_default())
            .unwrap_or_else(|| "{}".into())
    }

    /// One word of `tag`, or the key itself when no language has it.
    pub fn get<'a>(&'a self, tag: &str, key: &'a str) -> &'a str {
        let words = match tag.bytes().any(|b| b.is_ascii_uppercase()) {
            true => self.resolved.get(&tag.to_ascii_lowercase()),
            false => self.resolved.get(tag),
        };
        words
            .and_then(|(map, _)| map.get(key))
            .map_or(key, String::as_str)
    }

    /// What each language of `tags` calls each kind of callout
    /// (`callout_tip`...), for the bodies, which are rendered before the
    /// pages and their words: looked up as a page looks a word up (exact
    /// tag, language, English).
    pub fn callout_titles<'a>(&self, tags: impl IntoIterator<Item = &'a str>) -> CalloutTitles {
        let lookup = |tag: &str, key: &str| {
            let layers = self.layers(&tag.to_ascii_lowercase());
            layers.iter().find_map(|words| words.get(key)).cloned()
        };
        let mut titles = Vec::new();
        for tag in tags {
            for kind in CALLOUT_KINDS {
                if let Some(title) = lookup(tag, &format!("callout_{kind}")) {
                    titles.push((tag.to_string(), kind.to_string(), title));
                }
            }
        }
        CalloutTitles::new(titles)
    }

    /// A word with `{name}` parts filled in.
    pub fn fill(&self, tag: &str, key: &str, parts: &[(&str, &str)]) -> String {
        fill_in(self.get(tag, key), parts)
    }

    /// A counted word: `answers_n` with 3 is "3 answers".
    pub fn count(&self, tag: &str, key: &str, n: i64) -> String {
        super::plural::counted(self.get(tag, key), tag, n)
    }

    /// A date as the language writes it ("2 March 2026", "2026年3月2日").
    pub fn date(&self, tag: &str, date: jiff::civil::Date) -> String {
        self.date_as(tag, "date_format", date)
    }

    /// A date with its day of the week ("Tuesday 3 March 2026",
    /// "2026年3月3日（火）"), for events.
    pub fn weekday_date(&self, tag: &str, date: jiff::civil::Date) -> String {
        self.date_as(tag, "weekday_date_format", date)
    }

    fn date_as(&self, tag: &str, format: &str, date: jiff::civil::Date) -> String {
        let nth = |key: &'static str, n: usize| self.get(tag, key).split('|').map(str::trim).nth(n);
        let month_number = date.month().to_string();
        let month = nth("months", date.month() as usize - 1).unwrap_or(&month_number);
        let weekday = nth("weekdays", date.weekday().to_monday_zero_offset() as usize);
        fill_in(
            self.get(tag, format),
            &[
                ("weekday", weekday.unwrap_or("")),
                ("day", &date.day().to_string()),
                ("month", month),
                ("month_number", &month_number),
                ("year", &date.year().to_string()),
            ],
        )
    }
}

/// `text` with each `{name}` of `parts` replaced by its value, in one
/// pass (a value is not searched again); any other brace kept.
fn fill_in(text: &str, parts: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let part = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, value) = parts.iter().find(|(n, _)| *n == name)?;
            Some((close, value))
        });
        match part {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `count` filter of templates: `{{ t.answers_n | count(n=3) }}`, in
/// the plural forms of the page's language (`lang.tag`).
pub fn count_filter(
    word: &str,
    kwargs: tera::Kwargs,
    state: &tera::State,
) -> tera::TeraResult<String> {
    let n = kwargs.must_get::<i64>("n")?;
    let lang = state.get::<Value>("lang")?;
    let tag = lang
        .as_ref()
        .and_then(Value::as_map)
        .and_then(|map| map.get(&tera::value::Key::Str("tag")))
        .and_then(Value::as_str)
        .unwrap_or("en");
    Ok(super::plural::counted(word, tag, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        let mut words = Words::parse(
            [
                (
                    "en".into(),
                    "en.yml".into(),
                    "answers_n: \"{n} answer | {n} answers\"\nmonths: January | February | March\ndate_format: \"{day} {month} {year}\"\nfeed: Feed\n",
                ),
                (
                    "ja".into(),
                    "ja.yml".into(),
                    "answers_n: \"{n} 件の回答\"\ndate_format: \"{year}年{month_number}月{day}日\"\n",
                ),
                ("zh-CN".into(), "zh-CN.yml".into(), "feed: 订阅\n"),
            ],
            &Diagnostics::default(),
        );
        words.resolve(["en", "ja", "zh-CN", "zh-TW", "fr"]);
        words
    }

    #[test]
    fn words_fall_back_to_the_language_then_english() {
        let words = words();
        assert_eq!(words.get("zh-CN", "feed"), "订阅");
        assert_eq!(words.get("zh-TW", "feed"), "Feed");
        assert_eq!(words.get("fr", "feed"), "Feed");
        assert_eq!(words.count("en", "answers_n", 1), "1 answer");
        assert_eq!(words.count("en", "answers_n", 2), "2 answers");
        assert_eq!(words.count("ja", "answers_n", 2), "2 件の回答");
    }

    #[test]
    fn dates_in_each_language() {
        let words = words();
        let date = jiff::civil::date(2026, 3, 2);
        assert_eq!(words.date("en", date), "2 March 2026");
        assert_eq!(words.date("ja", date), "2026年3月2日");
        assert_eq!(words.date("en", jiff::civil::date(2026, 7, 9)), "9 7 2026");
    }

    #[test]
    fn parts_are_filled_in_once_and_other_braces_kept() {
        let parts = [("n", "{m}"), ("m", "2")];
        assert_eq!(fill_in("{n} of {m}", &parts), "{m} of 2");
        assert_eq!(fill_in("{x} {n", &parts), "{x} {n");
        assert_eq!(fill_in("{}{{m}}", &parts), "{}{2}");
        assert_eq!(fill_in("", &parts), "");
    }
}
