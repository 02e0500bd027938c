//! Figures per language: how much is written in each, how many of the
//! default language's guides have a translation, and which translations
//! are behind their original.

use serde::Serialize;

use crate::content::Kind;
use crate::site::Site;
use crate::site::queries::outdated_source;

#[derive(Debug, Serialize)]
pub struct LanguageFigures {
    /// BCP 47 tag.
    pub lang: String,
    pub questions: usize,
    pub answers: usize,
    pub guides: usize,
    pub events: usize,
    pub pages: usize,
    /// Guides of the default language with a version in this one, and
    /// how many guides the default language has.
    pub guides_translated: usize,
    pub guides_in_default: usize,
    /// Translations whose original changed after them.
    pub outdated: Vec<Outdated>,
}

#[derive(Debug, Serialize)]
pub struct Outdated {
    pub title: String,
    pub url: String,
    pub original_url: String,
}

/// One row per language written on the site, the default first, then by
/// tag; empty when every entry is in the default language.
pub fn language_figures(site: &Site) -> Vec<LanguageFigures> {
    let languages = &site.config.layout.languages;
    let mut tags: Vec<&str> = site.entries.iter().map(|e| e.lang.as_str()).collect();
    tags.sort_unstable_by_key(|t| (!languages.is_default(t), t.to_ascii_lowercase()));
    tags.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    if tags.iter().all(|t| languages.is_default(t)) {
        return Vec::new();
    }
    let default_guides: Vec<_> = site
        .ids_of(Kind::Guide)
        .filter(|&id| languages.is_default(&site.entry(id).lang))
        .collect();
    tags.into_iter()
        .map(|lang| {
            let mine = |kind: Kind| {
                site.ids_of(kind)
                    .filter(|&id| site.entry(id).lang.eq_ignore_ascii_case(lang))
                    .count()
            };
            let guides_translated = default_guides
                .iter()
                .filter(|&&g| {
                    site.translations[g]
                        .iter()
                        .any(|&t| site.entry(t).lang.eq_ignore_ascii_case(lang))
                })
                .count();
            let outdated = site
                .page_ids()
                .filter(|&id| site.entry(id).lang.eq_ignore_ascii_case(lang))
                .filter_map(|id| {
                    outdated_source(site, id).map(|source| Outdated {
                        title: site.entry(id).title.clone(),
                        url: site.entry_url(id),
                        original_url: site.entry_url(source),
                    })
                })
                .collect();
            LanguageFigures {
                lang: lang.to_string(),
                questions: mine(Kind::Question),
                answers: mine(Kind::Answer),
                guides: mine(Kind::Guide),
                events: mine(Kind::Event),
                pages: mine(Kind::Page),
                guides_translated: if languages.is_default(lang) {
                    default_guides.len()
                } else {
                    guides_translated
                },
                guides_in_default: default_guides.len(),
                outdated,
            }
        })
        .collect()
}
