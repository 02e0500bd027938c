//! How entries relate, once every body is rendered: backlinks ("Linked
//! from"), `related:` ("See also"), related entries by shared tags and title
//! words, and `duplicate_of:` on both sides.
//!
//! Related entries are scored through inverted indexes (tag -> entries,
//! title word -> entries) into a dense per-thread score array, so the cost
//! grows with the number of shared tags, not with the square of the site.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::links::Resolved;
use super::{EntryId, Site};
use crate::config::BrokenLinks;
use crate::content::{Kind, slugify};
use crate::diagnostics::Diagnostics;
use crate::markdown::Rendered;

/// How many related entries a page shows.
pub const RELATED_COUNT: usize = 5;
const TAG_WEIGHT: u32 = 3;
const WORD_WEIGHT: u32 = 1;
/// Title words in more entries than this say little about relatedness.
const COMMON_WORD_LIMIT: usize = 200;

#[derive(Debug, Default)]
pub struct Relations {
    /// For each page, the entries that link to it or to its answers (an
    /// answer links from its question's page, at its anchor), in path order.
    pub backlinks: Vec<Vec<EntryId>>,
    /// For each entry, its `related:` entries, as written.
    pub see_also: Vec<Vec<EntryId>>,
    /// For each page, up to five entries sharing tags or title words.
    pub related: Vec<Vec<EntryId>>,
    /// For each question, the question it duplicates.
    pub duplicate_of: Vec<Option<EntryId>>,
    /// For each question, the questions marked as its duplicates.
    pub duplicates: Vec<Vec<EntryId>>,
}

impl Relations {
    /// Builds every relation; unresolvable `related:` and `duplicate_of:`
    /// references are pushed to `diagnostics`.
    pub fn build(
        site: &Site,
        bodies: &[Option<Arc<Rendered>>],
        diagnostics: &Diagnostics,
    ) -> Relations {
        let n = site.entries.len();
        let mut relations = Relations {
            backlinks: vec![Vec::new(); n],
            see_also: vec![Vec::new(); n],
            related: Vec::new(),
            duplicate_of: vec![None; n],
            duplicates: vec![Vec::new(); n],
        };
        relations.collect_backlinks(site, bodies);
        relations.resolve_references(site, diagnostics);
        relations.related = related_by_tags_and_words(site, &relations.see_also);
        relations
    }

    fn collect_backlinks(&mut self, site: &Site, bodies: &[Option<Arc<Rendered>>]) {
        let page_of = |id: EntryId| site.question_of[id].unwrap_or(id);
        for (source, body) in bodies.iter().enumerate() {
            let Some(body) = body else { continue };
            if site.is_intro(source) {
                continue;
            }
            for &target in &body.links_to {
                let page = page_of(target);
                if page != page_of(source) && !self.backlinks[page].contains(&source) {
                    self.backlinks[page].push(source);
                }
            }
        }
        for list in &mut self.backlinks {
            list.sort_unstable();
        }
    }

    fn resolve_references(&mut self, site: &Site, diagnostics: &Diagnostics) {
        let error = site.config.broken_links == BrokenLinks::Error;
        for (id, entry) in site.entries.iter().enumerate() {
            let references = entry
                .meta
                .related
                .iter()
                .map(|r| ("related", r))
                .chain(entry.meta.duplicate_of.iter().map(|r| ("duplicate_of", r)));
            for (key, reference) in references {
                let target = match site.resolve_reference(id, reference) {
                    Resolved::Entry(target) => target,
                    Resolved::Missing => {
                        diagnostics.push(entry.problem_at_key(
                            error,
                            key,
                            format!("`{key}` names `{reference}`, which matches no entry"),
                        ));
                        continue;
                    }
                    Resolved::Ambiguous(ids) => {
                        diagnostics.push(entry.problem_at_key(
                            error,
                            key,
                            format!("`{key}` names `{reference}`, which matches several entries: write one of {}", site.describe_candidates(&ids)),
                        ));
                        continue;
                    }
                };
                if key == "related" {
                    if target != id && !self.see_also[id].contains(&target) {
                        self.see_also[id].push(target);
                    }
                    continue;
                }
                if site.entry(target).kind != Kind::Question || target == id {
                    diagnostics.push(entry.problem_at_key(
                        true,
                        key,
                        format!(
                            "`duplicate_of` should name another question; `{reference}` is not one"
                        ),
                    ));
                    continue;
                }
                self.duplicate_of[id] = Some(target);
                self.duplicates[target].push(id);
            }
        }
    }
}

/// Lowercase title words of four letters or more, minus the commonest
/// English words, without repeats.
fn title_words(title: &str) -> Vec<String> {
    const STOP: &[&str] = &[
        "about", "after", "again", "also", "does", "from", "have", "into", "just", "like", "make",
        "more", "most", "much", "need", "only", "over", "should", "some", "than", "that", "their",
        "them", "then", "there", "these", "they", "this", "what", "when", "where", "which",
        "while", "will", "with", "without", "would", "your",
    ];
    let mut words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4 && !STOP.contains(&w.as_str()))
        .collect();
    words.sort();
    words.dedup();
    words
}

/// For each page, up to [`RELATED_COUNT`] other pages ranked by shared tags
/// (weight 3) and shared title words (weight 1), then newest, then path.
fn related_by_tags_and_words(site: &Site, see_also: &[Vec<EntryId>]) -> Vec<Vec<EntryId>> {
    let n = site.entries.len();
    let pages: Vec<EntryId> = site.page_ids().collect();
    let mut by_tag: HashMap<String, Vec<EntryId>> = HashMap::new();
    let mut by_word: HashMap<String, Vec<EntryId>> = HashMap::new();
    let mut features: Vec<(Vec<String>, Vec<String>)> = vec![(Vec::new(), Vec::new()); n];
    for &id in &pages {
        let entry = site.entry(id);
        let mut tags: Vec<String> = entry
            .meta
            .tags
            .iter()
            .map(|t| slugify(t))
            .filter(|t| !t.is_empty())
            .collect();
        tags.sort();
        tags.dedup();
        let words = title_words(&entry.title);
        for tag in &tags {
            by_tag.entry(tag.clone()).or_default().push(id);
        }
        for word in &words {
            by_word.entry(word.clone()).or_default().push(id);
        }
        features[id] = (tags, words);
    }
    by_word.retain(|_, ids| ids.len() <= COMMON_WORD_LIMIT);
    let timestamps: Vec<Option<jiff::Timestamp>> = (0..n).map(|id| site.timestamp(id)).collect();

    let ranked: Vec<(EntryId, Vec<EntryId>)> = pages
        .par_iter()
        .map_init(
            || (vec![0u32; n], Vec::<EntryId>::new()),
            |(scores, touched), &id| {
                let (tags, words) = &features[id];
                let postings = tags
                    .iter()
                    .filter_map(|t| by_tag.get(t).map(|ids| (ids, TAG_WEIGHT)))
                    .chain(
                        words
                            .iter()
                            .filter_map(|w| by_word.get(w).map(|ids| (ids, WORD_WEIGHT))),
                    );
                for (ids, weight) in postings {
                    for &other in ids {
                        if scores[other] == 0 {
                            touched.push(other);
                        }
                        scores[other] += weight;
                    }
                }
                // Read and reset every touched score, so the scratch array is
                // all zeros again for this thread's next entry.
                let mut candidates: Vec<(u32, EntryId)> = touched
                    .drain(..)
                    .map(|other| (std::mem::take(&mut scores[other]), other))
                    .filter(|&(_, other)| other != id && !see_also[id].contains(&other))
                    .collect();
                let key = |&(score, other): &(u32, EntryId)| {
                    (
                        std::cmp::Reverse(score),
                        std::cmp::Reverse(timestamps[other]),
                        other,
                    )
                };
                if candidates.len() > RELATED_COUNT {
                    candidates.select_nth_unstable_by_key(RELATED_COUNT - 1, key);
                    candidates.truncate(RELATED_COUNT);
                }
                candidates.sort_by_key(key);
                (id, candidates.into_iter().map(|(_, other)| other).collect())
            },
        )
        .collect();
    let mut related = vec![Vec::new(); n];
    for (id, list) in ranked {
        related[id] = list;
    }
    related
}

#[cfg(test)]
mod tests {
    use super::title_words;

    #[test]
    fn title_words_skip_short_and_common_words() {
        assert_eq!(
            title_words("How do I rotate TLS certificates without downtime?"),
            ["certificates", "downtime", "rotate"]
        );
    }
}
