//! How entries relate, once every body is rendered: backlinks ("Linked
//! from"), `related:` ("See also"), related entries by shared tags and title
//! words, and `duplicate_of:` on both sides.
//!
//! Related entries are scored through inverted indexes (tag -> entries,
//! title word -> entries) into a dense per-thread score array; pages that
//! share only popular tags are found through lists per set of such tags
//! (see `rank_related`), so the cost grows with the site, not its square.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::BrokenLinks;
use crate::content::{Kind, slugify};
use crate::diagnostics::Diagnostics;
use crate::markdown::Rendered;
use crate::site::links::Resolved;
use crate::site::{EntryId, Site};
use crate::util::words;

/// How many related entries a page shows.
pub const RELATED_COUNT: usize = 5;
const TAG_WEIGHT: u32 = 3;
const WORD_WEIGHT: u32 = 1;
/// Title words in more entries than this say little about relatedness.
const COMMON_WORD_LIMIT: usize = 200;

/// A front matter field that names other entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reference {
    /// `related:`, shown as "See also".
    Related,
    /// `duplicate_of:`, a question answered elsewhere.
    DuplicateOf,
}

impl Reference {
    fn key(self) -> &'static str {
        match self {
            Reference::Related => "related",
            Reference::DuplicateOf => "duplicate_of",
        }
    }
}

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
        let shown = relations.listed_already(site);
        relations.related = related_by_tags_and_words(site, &shown);
        relations
    }

    /// For each page, the pages it links to already, sorted, which
    /// "Related" need not repeat: its `related:` ("See also"), the pages
    /// linking to it ("Linked from", an answer's by its question), its
    /// duplicates and the question it duplicates, the pages its folder
    /// lists ("In this section"), the folder pages above it (its
    /// breadcrumbs) and the pages before and after it ("Previous", "Next").
    fn listed_already(&self, site: &Site) -> Vec<Vec<EntryId>> {
        site.ids()
            .map(|id| {
                let (before, after) = site.neighbours(id);
                let mut ids: Vec<EntryId> = self.see_also[id]
                    .iter()
                    .chain(&self.duplicates[id])
                    .chain(&self.duplicate_of[id])
                    .chain(&site.children[id])
                    .chain(&before)
                    .chain(&after)
                    .copied()
                    .chain(site.trail(id))
                    .chain(
                        self.backlinks[id]
                            .iter()
                            .map(|&source| site.page_of(source)),
                    )
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            })
            .collect()
    }

    fn collect_backlinks(&mut self, site: &Site, bodies: &[Option<Arc<Rendered>>]) {
        for (source, body) in site.ids().zip(bodies) {
            let Some(body) = body else { continue };
            if site.is_intro(source) {
                continue;
            }
            for &target in &body.links_to {
                let page = site.page_of(target);
                if page != site.page_of(source) && !self.backlinks[page].contains(&source) {
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
        for (id, entry) in site.ids().zip(&site.entries) {
            let references = entry
                .meta
                .related
                .iter()
                .map(|r| (Reference::Related, r))
                .chain(
                    entry
                        .meta
                        .duplicate_of
                        .iter()
                        .map(|r| (Reference::DuplicateOf, r)),
                );
            for (field, reference) in references {
                let key = field.key();
                let target = match site.resolve_reference(id, reference) {
                    Resolved::Entry(target) => target,
                    Resolved::Missing => {
                        diagnostics.push(site.problem_at_key(
                            id,
                            error,
                            key,
                            format!("`{key}` names `{reference}`, which matches no entry"),
                        ));
                        continue;
                    }
                    Resolved::Ambiguous(ids) => {
                        diagnostics.push(site.problem_at_key(
                            id,
                            error,
                            key,
                            format!("`{key}` names `{reference}`, which matches several entries: write one of {}", site.describe_candidates(&ids)),
                        ));
                        continue;
                    }
                };
                if field == Reference::Related {
                    if target != id && !self.see_also[id].contains(&target) {
                        self.see_also[id].push(target);
                    }
                    continue;
                }
                if site.entry(target).kind != Kind::Question || target == id {
                    diagnostics.push(site.problem_at_key(
                        id,
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
    words::distinct(title, 4, words::RELATED_STOP, |w| w)
}

/// For each page, up to [`RELATED_COUNT`] other pages of its language,
/// but those it lists already (`shown`, sorted), ranked by shared tags
/// (weight 3) and shared title words (weight 1), then newest, then path.
fn related_by_tags_and_words(site: &Site, shown: &[Vec<EntryId>]) -> Vec<Vec<EntryId>> {
    let n = site.entries.len();
    let pages: Vec<EntryId> = site.page_ids().collect();
    let mut tag_ids: HashMap<String, u32> = HashMap::new();
    let mut word_ids: HashMap<String, u32> = HashMap::new();
    let intern = |ids: &mut HashMap<String, u32>, text: String| {
        let next = ids.len() as u32;
        *ids.entry(text).or_insert(next)
    };
    let mut features: Vec<Features> = (0..n).map(|_| Features::default()).collect();
    for &id in &pages {
        let entry = site.entry(id);
        let mut tags: Vec<u32> = entry
            .meta
            .tags
            .iter()
            .map(|t| slugify(t))
            .filter(|t| !t.is_empty())
            .map(|t| intern(&mut tag_ids, t))
            .collect();
        let mut words: Vec<u32> = title_words(&entry.title)
            .into_iter()
            .map(|w| intern(&mut word_ids, w))
            .collect();
        tags.sort_unstable();
        tags.dedup();
        words.sort_unstable();
        words.dedup();
        features[id] = Features { tags, words };
    }
    let timestamps: Vec<Option<jiff::Timestamp>> =
        site.ids().map(|id| site.timestamp(id)).collect();
    // A page's related pages are in its own language, as in Hugo, where
    // each language is a site of its own: its translations, which share
    // its tags and often its title's words, are the language switcher's
    // to show, and would take the list's places.
    let mut by_lang: BTreeMap<&str, Vec<EntryId>> = BTreeMap::new();
    for &id in &pages {
        by_lang
            .entry(site.entry(id).lang.as_str())
            .or_default()
            .push(id);
    }
    if by_lang.len() == 1 {
        return rank_related(&features, &pages, &timestamps, shown, Limits::SITE);
    }
    let mut related = vec![Vec::new(); n];
    for group in by_lang.values() {
        let mut ranked = rank_related(&features, group, &timestamps, shown, Limits::SITE);
        for &id in group {
            related[id] = std::mem::take(&mut ranked[id]);
        }
    }
    related
}

/// What relatedness is computed from: an entry's tags and title words, as
/// sorted ids.
#[derive(Debug, Default, Clone)]
struct Features {
    tags: Vec<u32>,
    words: Vec<u32>,
}

/// Where the ranking changes method (see [`rank_related`]).
#[derive(Clone, Copy)]
struct Limits {
    /// Tags on more pages than this are "big".
    big_tag: usize,
    /// Pages with more big tags than this are "wide".
    wide: usize,
}

impl Limits {
    const SITE: Limits = Limits {
        big_tag: 64,
        wide: 8,
    };
}

/// The ranking behind [`related_by_tags_and_words`]: exact, and linear in
/// the size of the site.
///
/// Pages reached through a title word or a small tag are scored one by one
/// in a dense per-thread array (inverted indexes, so the cost grows with the
/// sizes of those small lists). A big tag (one on most pages of a large
/// site, say) cannot be walked for every page without the work growing with
/// the square of the site; pages that share only big tags with a page score
/// 3 times the number they share, so they are found through lists: for each
/// set S of big tags, the pages having all of S, in ranking order (newest,
/// then path). A page P sharing exactly the big tags X can only be in the
/// top five if it is among the first five eligible pages of list X (every
/// page before it there shares at least X and ranks higher), so reading
/// the first five of the list of each subset of a page's big tags is enough.
/// Pages with more than `wide` big tags (rare: most pages have a few tags)
/// are not put in subset lists: they are scored directly, as candidates
/// for every page and, as pages, against their big tags' whole lists.
fn rank_related(
    features: &[Features],
    pages: &[EntryId],
    timestamps: &[Option<jiff::Timestamp>],
    shown: &[Vec<EntryId>],
    limits: Limits,
) -> Vec<Vec<EntryId>> {
    let n = features.len();
    let index = RelatedIndex::new(features, pages, timestamps, limits);
    let ranked: Vec<(EntryId, Vec<EntryId>)> = pages
        .par_iter()
        .map_init(
            || Scratch {
                scores: vec![0; n],
                touched: Vec::new(),
            },
            |scratch, &id| (id, index.rank(id, &shown[id], scratch)),
        )
        .collect();
    let mut related = vec![Vec::new(); n];
    for (id, list) in ranked {
        related[id] = list;
    }
    related
}

/// What [`rank_related`] looks pages up in: pages by tag and by title
/// word, which tags are big, and the lists of pages by set of big tags.
struct RelatedIndex<'f> {
    features: &'f [Features],
    timestamps: &'f [Option<jiff::Timestamp>],
    limits: Limits,
    by_tag: Vec<Vec<EntryId>>,
    /// Words on more than [`COMMON_WORD_LIMIT`] pages have empty lists.
    by_word: Vec<Vec<EntryId>>,
    big: Vec<bool>,
    /// Each page's big tags.
    big_tags: Vec<Vec<u32>>,
    /// For each set of big tags, the pages having all of them (and at most
    /// `limits.wide` big tags), in ranking order.
    by_subset: HashMap<Vec<u32>, Vec<EntryId>>,
    /// Pages with more than `limits.wide` big tags.
    wide: Vec<EntryId>,
}

/// A thread's scores for the page it ranks: zero but for `touched`.
struct Scratch {
    scores: Vec<u32>,
    touched: Vec<EntryId>,
}

impl<'f> RelatedIndex<'f> {
    fn new(
        features: &'f [Features],
        pages: &[EntryId],
        timestamps: &'f [Option<jiff::Timestamp>],
        limits: Limits,
    ) -> RelatedIndex<'f> {
        let (by_tag, by_word) = postings(features, pages);
        let big: Vec<bool> = by_tag
            .iter()
            .map(|ids| ids.len() > limits.big_tag)
            .collect();
        let big_tags: Vec<Vec<u32>> = features
            .iter()
            .map(|f| {
                f.tags
                    .iter()
                    .copied()
                    .filter(|&t| big[t as usize])
                    .collect()
            })
            .collect();
        let mut index = RelatedIndex {
            features,
            timestamps,
            limits,
            by_tag,
            by_word,
            big,
            big_tags,
            by_subset: HashMap::new(),
            wide: Vec::new(),
        };
        index.list_by_subset(pages);
        index
    }

    /// Fills `by_subset` and `wide`.
    fn list_by_subset(&mut self, pages: &[EntryId]) {
        for &id in pages {
            let tags = &self.big_tags[id];
            if tags.len() > self.limits.wide {
                self.wide.push(id);
                continue;
            }
            for subset in subsets(tags) {
                self.by_subset.entry(subset).or_default().push(id);
            }
        }
        // Pages are added in path order; a stable sort keeps it among
        // equals. Ranking order among equal scores: newest, then path.
        let timestamps = self.timestamps;
        let ranking =
            |&a: &EntryId, &b: &EntryId| timestamps[b].cmp(&timestamps[a]).then(a.cmp(&b));
        self.by_subset
            .par_iter_mut()
            .for_each(|(_, ids)| ids.sort_by(ranking));
    }

    /// The pages related to page `id`, best first, but those in `shown`
    /// (sorted): what the page lists already.
    fn rank(&self, id: EntryId, shown: &[EntryId], scratch: &mut Scratch) -> Vec<EntryId> {
        self.score_small_tags_and_words(id, scratch);
        let mine = &self.big_tags[id];
        let eligible = |other: EntryId| other != id && shown.binary_search(&other).is_err();
        let big_points = |other: EntryId| TAG_WEIGHT * shared(mine, &self.big_tags[other]);
        let mut candidates: Vec<(u32, EntryId)> = scratch
            .touched
            .iter()
            .filter(|&&other| eligible(other))
            .map(|&other| (scratch.scores[other] + big_points(other), other))
            .collect();
        self.add_big_tags_only(id, &eligible, scratch, &mut candidates);
        // Reset every touched score, so the scratch array is all zeros
        // again for this thread's next page.
        for other in scratch.touched.drain(..) {
            scratch.scores[other] = 0;
        }
        self.best(candidates)
    }

    /// Scores, in `scratch`, every page sharing a small tag or a title
    /// word with page `id`.
    fn score_small_tags_and_words(&self, id: EntryId, scratch: &mut Scratch) {
        let features = &self.features[id];
        let small_tags = features.tags.iter().filter(|&&t| !self.big[t as usize]);
        let postings = small_tags
            .map(|&t| (&self.by_tag[t as usize], TAG_WEIGHT))
            .chain(
                features
                    .words
                    .iter()
                    .map(|&w| (&self.by_word[w as usize], WORD_WEIGHT)),
            );
        for (ids, weight) in postings {
            for &other in ids {
                if scratch.scores[other] == 0 {
                    scratch.touched.push(other);
                }
                scratch.scores[other] += weight;
            }
        }
    }

    /// Adds to `candidates` the pages that share only big tags with page
    /// `id`, found through the subset lists (see [`rank_related`]). A page
    /// taken is marked as touched, so another list does not take it again.
    fn add_big_tags_only(
        &self,
        id: EntryId,
        eligible: &dyn Fn(EntryId) -> bool,
        scratch: &mut Scratch,
        candidates: &mut Vec<(u32, EntryId)>,
    ) {
        let mine = &self.big_tags[id];
        let mut take = |other: EntryId, scratch: &mut Scratch| {
            if scratch.scores[other] != 0 || !eligible(other) {
                return false;
            }
            let points = TAG_WEIGHT * shared(mine, &self.big_tags[other]);
            if points == 0 {
                return false;
            }
            scratch.scores[other] = points;
            scratch.touched.push(other);
            candidates.push((points, other));
            true
        };
        if mine.len() > self.limits.wide {
            for &tag in mine {
                for &other in &self.by_tag[tag as usize] {
                    take(other, scratch);
                }
            }
            return;
        }
        for subset in subsets(mine) {
            let Some(ids) = self.by_subset.get(&subset) else {
                continue;
            };
            let mut taken = 0;
            for &other in ids {
                if taken == RELATED_COUNT {
                    break;
                }
                taken += usize::from(take(other, scratch));
            }
        }
        for &other in &self.wide {
            take(other, scratch);
        }
    }

    /// The first [`RELATED_COUNT`] candidates: highest score, then newest,
    /// then path.
    fn best(&self, mut candidates: Vec<(u32, EntryId)>) -> Vec<EntryId> {
        let key = |&(score, other): &(u32, EntryId)| {
            (
                std::cmp::Reverse(score),
                std::cmp::Reverse(self.timestamps[other]),
                other,
            )
        };
        if candidates.len() > RELATED_COUNT {
            candidates.select_nth_unstable_by_key(RELATED_COUNT - 1, key);
            candidates.truncate(RELATED_COUNT);
        }
        candidates.sort_by_key(key);
        // Not `into_iter`: collecting would reuse (and keep) the
        // candidates' large allocation for five ids.
        candidates.iter().map(|&(_, other)| other).collect()
    }
}

/// The pages of each tag and of each title word, in path order; words on
/// more than [`COMMON_WORD_LIMIT`] pages say little and are left empty.
fn postings(features: &[Features], pages: &[EntryId]) -> (Vec<Vec<EntryId>>, Vec<Vec<EntryId>>) {
    let count = |ids: fn(&Features) -> &Vec<u32>| {
        features
            .iter()
            .flat_map(|f| ids(f).iter())
            .max()
            .map_or(0, |&max| max as usize + 1)
    };
    let mut by_tag: Vec<Vec<EntryId>> = vec![Vec::new(); count(|f| &f.tags)];
    let mut by_word: Vec<Vec<EntryId>> = vec![Vec::new(); count(|f| &f.words)];
    for &id in pages {
        for &tag in &features[id].tags {
            by_tag[tag as usize].push(id);
        }
        for &word in &features[id].words {
            by_word[word as usize].push(id);
        }
    }
    for ids in &mut by_word {
        if ids.len() > COMMON_WORD_LIMIT {
            ids.clear();
        }
    }
    (by_tag, by_word)
}

/// Every non-empty subset of a short sorted list, each sorted.
fn subsets(items: &[u32]) -> impl Iterator<Item = Vec<u32>> + '_ {
    (1u32..1 << items.len()).map(move |mask| {
        items
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, &item)| item)
            .collect()
    })
}

/// How many ids two sorted lists share.
fn shared(a: &[u32], b: &[u32]) -> u32 {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair scored: what `rank_related` must agree with.
    fn rank_by_brute_force(
        features: &[Features],
        pages: &[EntryId],
        timestamps: &[Option<jiff::Timestamp>],
        see_also: &[Vec<EntryId>],
    ) -> Vec<Vec<EntryId>> {
        let mut word_pages: HashMap<u32, usize> = HashMap::new();
        for &id in pages {
            for &w in &features[id].words {
                *word_pages.entry(w).or_default() += 1;
            }
        }
        let mut related = vec![Vec::new(); features.len()];
        for &id in pages {
            let mut candidates: Vec<(u32, EntryId)> = pages
                .iter()
                .filter(|&&other| other != id && !see_also[id].contains(&other))
                .map(|&other| {
                    let words: Vec<u32> = features[other]
                        .words
                        .iter()
                        .copied()
                        .filter(|w| word_pages[w] <= COMMON_WORD_LIMIT)
                        .collect();
                    let score = TAG_WEIGHT * shared(&features[id].tags, &features[other].tags)
                        + WORD_WEIGHT * shared(&features[id].words, &words);
                    (score, other)
                })
                .filter(|&(score, _)| score > 0)
                .collect();
            candidates.sort_by_key(|&(score, other)| {
                (
                    std::cmp::Reverse(score),
                    std::cmp::Reverse(timestamps[other]),
                    other,
                )
            });
            related[id] = candidates
                .into_iter()
                .take(RELATED_COUNT)
                .map(|(_, other)| other)
                .collect();
        }
        related
    }

    #[test]
    fn ranking_by_groups_agrees_with_scoring_every_pair() {
        // A site of 1,500 pages whose tags follow a steep power law (the
        // commonest on most pages, as on real sites), with title words, ties
        // in dates, pages without dates, and some `related:` lists.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |below: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % below
        };
        let n = 1_500;
        let mut features = Vec::new();
        let mut timestamps = Vec::new();
        let mut see_also = Vec::new();
        for id in 0..n {
            let count = if id % 40 == 0 { 12 } else { 1 + next(4) };
            let mut tags: Vec<u32> = (0..count)
                .map(|_| (1_000 / (next(1_000) + 1)).min(60) as u32)
                .collect();
            let mut words: Vec<u32> = (0..next(4)).map(|_| next(300) as u32).collect();
            tags.sort_unstable();
            tags.dedup();
            words.sort_unstable();
            words.dedup();
            features.push(Features { tags, words });
            timestamps.push(
                (next(10) > 0)
                    .then(|| jiff::Timestamp::from_second(next(200) as i64 * 86_400).unwrap()),
            );
            see_also.push(if next(20) == 0 {
                vec![EntryId::new((id + 1) % n)]
            } else {
                Vec::new()
            });
        }
        // Some entries are not pages (answers): they are never candidates.
        let pages: Vec<EntryId> = (0..n).filter(|id| id % 7 != 3).map(EntryId::new).collect();
        let expected = rank_by_brute_force(&features, &pages, &timestamps, &see_also);
        for limits in [
            Limits::SITE,
            // Most tags big, many pages wide.
            Limits {
                big_tag: 10,
                wide: 3,
            },
        ] {
            let big: Vec<u32> = (0..=60)
                .filter(|&t| {
                    let on = pages.iter().filter(|&&id| features[id].tags.contains(&t));
                    on.count() > limits.big_tag
                })
                .collect();
            let wide = pages
                .iter()
                .filter(|&&id| shared(&features[id].tags, &big) as usize > limits.wide);
            assert!(big.len() >= 5, "the test must exercise big tags");
            if limits.wide < 8 {
                assert!(wide.count() >= 20, "the test must exercise wide pages");
            }
            assert_eq!(
                rank_related(&features, &pages, &timestamps, &see_also, limits),
                expected
            );
        }
    }
}
