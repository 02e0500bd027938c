//! Counted words in each language's plural forms, by the Unicode CLDR
//! rules (ICU4X's `icu_plurals`; the search page's script asks the
//! browser's `Intl.PluralRules`, which follows the same rules).
//!
//! A counted word is its forms separated by `|`. Unlabelled, two forms
//! are CLDR's `one` and `other` (`"{n} answer | {n} answers"`; French's
//! `one` holds 0 as well) and a single form serves every number. A
//! language with more forms labels each with its category, which is how
//! a word file writes it as a map:
//!
//! ```yaml
//! answers_n:
//!   one: "{n} ответ"
//!   few: "{n} ответа"
//!   many: "{n} ответов"
//!   other: "{n} ответа"
//! ```
//!
//! A `zero` form, when given, is taken for 0 in every language (as Rails
//! and i18next take it: "No answers yet" rather than "0 answers").

use std::cell::RefCell;
use std::collections::HashMap;

use icu_plurals::{PluralCategory, PluralRules};

/// The categories in CLDR's order, by the names word files label forms with.
const CATEGORIES: [(&str, PluralCategory); 6] = [
    ("zero", PluralCategory::Zero),
    ("one", PluralCategory::One),
    ("two", PluralCategory::Two),
    ("few", PluralCategory::Few),
    ("many", PluralCategory::Many),
    ("other", PluralCategory::Other),
];

/// `word`'s form for `n` in the language `tag`, with `{n}` filled in.
pub fn counted(word: &str, tag: &str, n: i64) -> String {
    form(word, category(tag, n), n).replace("{n}", &n.to_string())
}

/// The form of `word` that `category` (the category of `n`) takes.
fn form(word: &str, category: PluralCategory, n: i64) -> &str {
    let forms: Vec<(Option<PluralCategory>, &str)> = word.split('|').map(labelled).collect();
    if forms.iter().all(|(label, _)| label.is_none()) {
        return match forms.as_slice() {
            [one, other, ..] if category != PluralCategory::One => other.1,
            [first, ..] => first.1,
            [] => "",
        };
    }
    let find = |wanted| forms.iter().find(|(label, _)| *label == Some(wanted));
    (n == 0)
        .then(|| find(PluralCategory::Zero))
        .flatten()
        .or_else(|| find(category))
        .or_else(|| find(PluralCategory::Other))
        .or(forms.last())
        .map_or("", |(_, text)| text)
}

/// A form and its category label (`few: {n} ответа`), if it has one.
fn labelled(form: &str) -> (Option<PluralCategory>, &str) {
    let form = form.trim();
    form.split_once(':')
        .and_then(|(label, text)| Some((category_named(label.trim())?, text.trim())))
        .map_or((None, form), |(category, text)| (Some(category), text))
}

fn category_named(name: &str) -> Option<PluralCategory> {
    CATEGORIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

fn category_name(category: PluralCategory) -> &'static str {
    CATEGORIES
        .iter()
        .find(|(_, c)| *c == category)
        .map_or("other", |(name, _)| name)
}

/// The CLDR category of `n` in the language `tag` (`other` for a tag
/// CLDR does not know). Each thread keeps the rules it looked up.
fn category(tag: &str, n: i64) -> PluralCategory {
    thread_local! {
        static RULES: RefCell<HashMap<String, Option<PluralRules>>> = RefCell::default();
    }
    RULES.with_borrow_mut(|rules| {
        if !rules.contains_key(tag) {
            rules.insert(tag.to_string(), rules_of(tag));
        }
        match rules.get(tag) {
            Some(Some(rules)) => rules.category_for(n),
            _ => PluralCategory::Other,
        }
    })
}

fn rules_of(tag: &str) -> Option<PluralRules> {
    let locale = icu_locale_core::Locale::try_from_str(tag).ok()?;
    PluralRules::try_new_cardinal((&locale).into()).ok()
}

/// The names of the categories the language `tag` tells apart, in CLDR's
/// order (English: `one`, `other`).
pub fn categories(tag: &str) -> Vec<&'static str> {
    let Some(rules) = rules_of(tag) else {
        return vec!["other"];
    };
    let used: Vec<PluralCategory> = rules.categories().collect();
    CATEGORIES
        .iter()
        .filter(|(_, c)| used.contains(c))
        .map(|(name, _)| *name)
        .collect()
}

/// A counted word a word file writes as a map of forms (`one: …`,
/// `few: …`), as one labelled text (`one: … | few: …`) in CLDR's order;
/// or what is wrong with it: a key that is not a category, a form that is
/// not a text, no `other`. `tag` is the file's language: a category it
/// does not use is named too, since no number would show it (`zero`
/// aside, which shows for 0 everywhere).
pub fn from_map(map: &serde_yaml::Mapping, tag: &str) -> Result<String, String> {
    let mut forms = Vec::new();
    for (key, value) in map {
        let name = key.as_str().unwrap_or_default();
        let Some(category) = category_named(name) else {
            return Err(format!(
                "`{}` is not a plural form: the forms are zero, one, two, few, many and other",
                yaml_text(key)
            ));
        };
        let Some(text) = value.as_str() else {
            return Err(format!("its `{name}` form should be a text"));
        };
        forms.push((category, text.trim()));
    }
    if !forms.iter().any(|(c, _)| *c == PluralCategory::Other) {
        return Err("it has no `other` form, which every language uses".into());
    }
    let used = categories(tag);
    if let Some((c, _)) = forms
        .iter()
        .find(|(c, _)| *c != PluralCategory::Zero && !used.contains(&category_name(*c)))
    {
        return Err(format!(
            "`{}` is not a plural form of `{tag}`, whose forms are {}",
            category_name(*c),
            used.join(", ")
        ));
    }
    forms.sort_by_key(|(c, _)| CATEGORIES.iter().position(|(_, k)| k == c));
    Ok(forms
        .iter()
        .map(|(c, text)| format!("{}: {text}", category_name(*c)))
        .collect::<Vec<_>>()
        .join(" | "))
}

fn yaml_text(value: &serde_yaml::Value) -> String {
    serde_yaml::to_string(value)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(yaml: &str) -> serde_yaml::Mapping {
        serde_yaml::from_str(yaml).expect("a YAML map")
    }

    #[test]
    fn two_forms_follow_the_language_s_rules() {
        let word = "{n} answer | {n} answers";
        let counts = |tag| [0, 1, 2, 21].map(|n| counted(word, tag, n));
        assert_eq!(
            counts("en"),
            ["0 answers", "1 answer", "2 answers", "21 answers"]
        );
        // French says "0 réponse": CLDR's `one` holds 0 and 1.
        assert_eq!(
            counts("fr"),
            ["0 answer", "1 answer", "2 answers", "21 answers"]
        );
        assert_eq!(counted("{n} 件の回答", "ja", 1), "1 件の回答");
        assert_eq!(
            counted("{n} 件の回答 | x", "ja", 1),
            "x",
            "Japanese: only `other`"
        );
        assert_eq!(counted(word, "not a tag!", 1), "1 answers");
    }

    #[test]
    fn labelled_forms_give_each_category_its_own() {
        let russian = from_map(
            &map("other: '{n} ответа'\none: '{n} ответ'\nmany: '{n} ответов'\nfew: '{n} ответа'"),
            "ru",
        )
        .expect("Russian's forms");
        assert_eq!(
            russian,
            "one: {n} ответ | few: {n} ответа | many: {n} ответов | other: {n} ответа"
        );
        let shown = [1, 2, 5, 11, 21, 22, 25].map(|n| counted(&russian, "ru", n));
        assert_eq!(
            shown,
            [
                "1 ответ",
                "2 ответа",
                "5 ответов",
                "11 ответов",
                "21 ответ",
                "22 ответа",
                "25 ответов"
            ]
        );
        let arabic = "zero: لا إجابات | one: إجابة واحدة | two: إجابتان | few: {n} إجابات | many: {n} إجابة | other: {n} إجابة";
        let shown = [0, 1, 2, 3, 11, 100].map(|n| counted(arabic, "ar", n));
        assert_eq!(
            shown,
            [
                "لا إجابات",
                "إجابة واحدة",
                "إجابتان",
                "3 إجابات",
                "11 إجابة",
                "100 إجابة"
            ]
        );
    }

    #[test]
    fn zero_shows_for_nothing_in_every_language_and_other_for_the_rest() {
        let english = "zero: No answers yet | one: {n} answer | other: {n} answers";
        assert_eq!(counted(english, "en", 0), "No answers yet");
        assert_eq!(counted(english, "en", 3), "3 answers");
        // A language's category the word leaves out falls back to `other`.
        assert_eq!(
            counted("one: {n} ответ | other: {n} ответа", "ru", 5),
            "5 ответа"
        );
    }

    #[test]
    fn mistakes_in_a_map_of_forms_are_named() {
        let error = |yaml, tag| from_map(&map(yaml), tag).expect_err("a mistake");
        assert_eq!(
            error("one: a\nplural: b\nother: c", "en"),
            "`plural` is not a plural form: the forms are zero, one, two, few, many and other"
        );
        assert_eq!(
            error("one: a", "en"),
            "it has no `other` form, which every language uses"
        );
        assert_eq!(
            error("one: a\nfew: b\nother: c", "en"),
            "`few` is not a plural form of `en`, whose forms are one, other"
        );
        assert_eq!(
            error("one: [a]\nother: c", "en"),
            "its `one` form should be a text"
        );
        assert_eq!(
            from_map(&map("zero: none\nother: '{n}'"), "ja").as_deref(),
            Ok("zero: none | other: {n}")
        );
    }

    #[test]
    fn categories_are_the_language_s() {
        assert_eq!(categories("en"), ["one", "other"]);
        assert_eq!(
            categories("ar"),
            ["zero", "one", "two", "few", "many", "other"]
        );
        assert_eq!(categories("zh-CN"), ["other"]);
    }
}
