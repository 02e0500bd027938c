//! Hints for reviewers of a pull request, given by `check` only: a new
//! question whose title is close to an existing one (a likely duplicate),
//! guides past their review date, entries dated in the future, translations
//! behind their original and languages the settings do not list.

use std::collections::HashMap;

use crate::analysis::relations::Relations;
use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::site::queries::is_stale;
use crate::site::{EntryId, Site};
use crate::util::words;

/// Two titles are likely duplicates when they share at least two meaningful
/// words and those make up this share of the shorter title's words.
const SIMILAR_TITLES: f64 = 0.75;

/// Every review hint for the site. `in_scope` says which entries the
/// reviewer asked about (all of them when checking the whole site): a title
/// is compared with every question, but reported only on entries in scope.
pub fn hints(
    site: &Site,
    relations: &Relations,
    in_scope: &dyn Fn(EntryId) -> bool,
) -> Vec<Diagnostic> {
    let mut hints = likely_duplicates(site, relations, in_scope);
    hints.extend(future_dates(site, in_scope));
    hints.extend(language_hints(site, in_scope));
    for id in site
        .ids_of(Kind::Guide)
        .filter(|&id| in_scope(id) && is_stale(site, id))
    {
        let entry = site.entry(id);
        let reviewed = entry
            .meta
            .reviewed
            .map(|r| r.human_date())
            .unwrap_or_default();
        hints.push(
            site.problem_at_key(
                id,
                false,
                "reviewed",
                format!(
                    "this guide was last reviewed on {reviewed}, more than {} days ago",
                    site.config.stale_after_days
                ),
            )
            .with_help("check it is still right, then update `reviewed:`"),
        );
    }
    hints
}

/// Entries whose `date` (or `reviewed`) lies after the build time: most
/// often a typo in the year. Until that day comes, figures count them from
/// the build time (an unanswered question's age is 0). An event's `start`
/// is meant to be in the future, and is not checked here.
/// Translations whose original changed after them, and languages the
/// settings do not list.
fn language_hints(site: &Site, in_scope: &dyn Fn(EntryId) -> bool) -> Vec<Diagnostic> {
    let languages = &site.config.layout.languages;
    let mut hints = Vec::new();
    for id in site.ids().filter(|&id| in_scope(id)) {
        let entry = site.entry(id);
        if let Some(source) = crate::site::queries::outdated_source(site, id) {
            let original = site.entry(source);
            let changed = original.meta.updated.or(original.meta.date);
            let key = if entry.meta.updated.is_some() {
                "updated"
            } else {
                "date"
            };
            let message = format!(
                "this translation may be out of date: its original `{}` changed on {}, after it",
                original.file,
                changed.map(|w| w.ymd()).unwrap_or_default()
            );
            hints.push(
                site.problem_at_key(id, false, key, message)
                    .with_help("bring it up to date and set `updated:` to the day you did"),
            );
        }
        if languages.listed(&entry.lang).is_none() {
            let message = format!(
                "`{}` is not one of the site's languages: the page is listed with the {} pages",
                entry.lang, languages.default
            );
            hints.push(
                site.problem_at_key(id, false, "lang", message)
                    .with_help(format!(
                        "add it to guildhall.yml: `languages: {{ {}: {{ name: … }} }}`",
                        entry.lang
                    )),
            );
        }
    }
    hints
}

fn future_dates(site: &Site, in_scope: &dyn Fn(EntryId) -> bool) -> Vec<Diagnostic> {
    let today = site.build_time;
    let mut hints = Vec::new();
    for id in site.ids().filter(|&id| in_scope(id)) {
        let entry = site.entry(id);
        let zone = entry.meta.zone();
        for (key, when) in [("date", entry.meta.date), ("reviewed", entry.meta.reviewed)] {
            let Some(when) = when.filter(|w| w.timestamp(zone.as_ref()) > today) else {
                continue;
            };
            let message = format!(
                "`{key}` is {}, after the build time ({})",
                when.ymd(),
                today.strftime("%Y-%m-%d")
            );
            hints
                .push(site.problem_at_key(id, false, key, message).with_help(
                    "check the year; until that day, figures count from the build time",
                ));
        }
    }
    hints
}

/// The words of a title that carry meaning: lowercase, three letters or
/// more, without the commonest words, with plural and verb endings cut
/// ("testing backups" reads as "test backup").
fn title_words(title: &str) -> Vec<String> {
    words::distinct(title, 3, words::DUPLICATE_STOP, words::stem)
}

/// How alike two sorted word lists are: shared words over the shorter
/// list's length, zero when fewer than two are shared.
fn similarity(a: &[String], b: &[String]) -> f64 {
    let shared = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    let shorter = a.len().min(b.len());
    if shared < 2 || shorter == 0 {
        0.0
    } else {
        shared as f64 / shorter as f64
    }
}

fn likely_duplicates(
    site: &Site,
    relations: &Relations,
    in_scope: &dyn Fn(EntryId) -> bool,
) -> Vec<Diagnostic> {
    let questions: Vec<EntryId> = site.ids_of(Kind::Question).collect();
    let words: HashMap<EntryId, Vec<String>> = questions
        .iter()
        .map(|&id| (id, title_words(&site.entry(id).title)))
        .collect();
    let mut by_word: HashMap<&str, Vec<EntryId>> = HashMap::new();
    for (&id, list) in &words {
        for word in list {
            by_word.entry(word.as_str()).or_default().push(id);
        }
    }
    let mut hints = Vec::new();
    for &id in questions.iter().filter(|&&id| in_scope(id)) {
        let mine = &words[&id];
        let mut candidates: Vec<EntryId> = mine
            .iter()
            .flat_map(|w| by_word[w.as_str()].iter().copied())
            .filter(|&o| o != id)
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let linked = |other: EntryId| {
            relations.duplicate_of[id] == Some(other) || relations.duplicate_of[other] == Some(id)
        };
        let best = candidates
            .into_iter()
            .filter(|&other| !linked(other))
            // Report on the newer question of a pair (or on this one when only it is in scope).
            .filter(|&other| {
                !in_scope(other)
                    || (site.timestamp(other), &site.entry(other).rel)
                        < (site.timestamp(id), &site.entry(id).rel)
            })
            .map(|other| (similarity(mine, &words[&other]), other))
            .filter(|&(score, _)| score >= SIMILAR_TITLES)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
        if let Some((_, other)) = best {
            let existing = site.entry(other);
            let slug = site.paths[other]
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("");
            hints.push(
                site.problem_at_key(
                    id,
                    false,
                    "title",
                    format!(
                        "this question looks like “{}” ({})",
                        existing.title, existing.file
                    ),
                )
                .with_help(format!(
                    "if it asks the same thing, link to it or add `duplicate_of: {slug}`"
                )),
            );
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_titles_score_high() {
        let a = title_words("How do I test a restore?");
        let b = title_words("Testing a restore of the backups?");
        let c = title_words("Which Kafka lag alert?");
        assert_eq!(b, ["backup", "restore", "test"]);
        assert!(similarity(&a, &b) >= SIMILAR_TITLES, "{a:?} {b:?}");
        assert!(similarity(&a, &c) < 0.1);
        // One shared word is never enough.
        assert_eq!(
            similarity(&title_words("Kafka lag"), &title_words("Kafka retention")),
            0.0
        );
    }
}
