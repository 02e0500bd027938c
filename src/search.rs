//! The search index, written at build time under `/search/` and read by the
//! theme's `search.js`: no server, no external service.
//!
//! A browser loads only what one query needs:
//! - `search/meta.json`: the first term of every chunk, each document's kind
//!   and status as two letters, and the tags;
//! - one or a few `search/terms/<n>.json` chunks: term → postings, each
//!   posting a document number and its BM25 score, computed here;
//! - `search/doc/<n>.json` for the results it shows: title, URL, summary and
//!   the text the excerpt is cut from;
//! - `search/tag/<slug>.json` when a tag filter is on.
//!
//! Why not pagefind's library: measured on the 10,000-entry benchmark site,
//! it added 17.6 s to a 5.7 s build and took peak memory to 3.6 GB (every
//! fragment is gzipped at the best level on one thread). This index adds a
//! fraction of a second; see the README's benchmark section.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::content::Kind;
use crate::output::OutputFile;
use crate::pipeline::Loaded;
use crate::site::EntryId;

/// The folder of the index under the output folder.
pub const DIR: &str = "search";

/// A chunk of the term dictionary is cut once its postings take about this
/// many bytes of JSON.
const CHUNK_BYTES: usize = 24_000;

/// How much more a word counts in a title or a tag than in the body.
const TITLE_WEIGHT: u32 = 5;

/// BM25 parameters (the usual ones).
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One search result: a page with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    pub url: String,
    pub title: String,
    pub summary: String,
    /// `question`, `guide`, `event` or `page`.
    pub kind: &'static str,
    /// `unanswered`, `answered`, `accepted`; `upcoming`, `past`; or empty.
    pub status: &'static str,
    /// Tag names as the tag pages spell them.
    pub tags: Vec<String>,
    /// The body text (a question's answers included, code blocks too).
    pub text: String,
}

/// One record for every entry with a page of its own: questions (with
/// their answers' text), guides, events and pages. Intros of section lists
/// are left out: the lists themselves are not results.
pub fn records(loaded: &Loaded) -> Vec<Record> {
    let site = &loaded.site;
    let ids: Vec<EntryId> = site.page_ids().collect();
    ids.par_iter()
        .map(|&id| {
            let entry = site.entry(id);
            let mut text = String::new();
            for part in std::iter::once(id).chain(site.answers[id].iter().copied()) {
                if let Some(body) = &loaded.bodies[part] {
                    for piece in [&body.plain_text, &body.code_text] {
                        if !piece.trim().is_empty() {
                            text.push_str(piece.trim());
                            text.push('\n');
                        }
                    }
                }
            }
            text.truncate(text.trim_end().len());
            Record {
                url: site.entry_url(id),
                title: entry.title.clone(),
                summary: crate::render::context::summary(site, &loaded.bodies, id),
                kind: entry.kind.as_str(),
                status: match entry.kind {
                    Kind::Question => site.status(id).as_str(),
                    Kind::Event if site.is_upcoming(id) => "upcoming",
                    Kind::Event => "past",
                    _ => "",
                },
                tags: crate::render::context::tag_refs(site, &entry.meta.tags)
                    .into_iter()
                    .map(|t| t.name)
                    .collect(),
                text,
            }
        })
        .collect()
}

/// The words of `text` as the index and `search.js` both see them: runs of
/// letters and digits, lower-cased, with a plural `s` dropped (`backups`
/// and `backup` are one word; `class` keeps its `ss`). Keep in step with
/// `words()` in `themes/default/static/search.js`.
pub fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.chars().count() <= 40)
        .map(|w| {
            let mut word = if w
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(w.to_lowercase())
            };
            if word.chars().count() >= 4 && word.ends_with('s') && !word.ends_with("ss") {
                match &mut word {
                    Cow::Owned(owned) => {
                        owned.pop();
                    }
                    Cow::Borrowed(borrowed) => *borrowed = &borrowed[..borrowed.len() - 1],
                }
            }
            word
        })
}

/// A term's postings: (document number, score).
type Postings = Vec<(u32, u32)>;

/// Builds the index files for `records` (document numbers follow their
/// order), collected; [`write_index`] streams them.
pub fn index_files(records: &[Record]) -> Vec<OutputFile> {
    let files = std::sync::Mutex::new(Vec::new());
    write_index(records, &|file| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(file)
    });
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Writes the index files for `records` (document numbers follow their
/// order) through `write` as they are made, so the index is never held
/// whole.
pub fn write_index(records: &[Record], write: &(dyn Fn(OutputFile) + Sync)) {
    // Term frequencies, per thread straight into postings (terms borrowed
    // from the records); title and tags weigh more.
    let (by_term, lengths) = records
        .par_iter()
        .enumerate()
        .fold(
            || (HashMap::<Cow<'_, str>, Postings>::new(), Vec::new()),
            |(mut by_term, mut lengths), (doc, record)| {
                let mut length = 0;
                let weighted = words(&record.title)
                    .chain(record.tags.iter().flat_map(|t| words(t)))
                    .map(|w| (w, TITLE_WEIGHT))
                    .chain(words(&record.text).map(|w| (w, 1)));
                for (word, weight) in weighted {
                    let list = match by_term.get_mut(word.as_ref()) {
                        Some(list) => list,
                        None => by_term.entry(word).or_default(),
                    };
                    match list.last_mut() {
                        Some((last, n)) if *last == doc as u32 => *n += weight,
                        _ => list.push((doc as u32, weight)),
                    }
                    length += weight;
                }
                lengths.push((doc, length));
                (by_term, lengths)
            },
        )
        .reduce(|| (HashMap::new(), Vec::new()), merge_postings);
    let count = records.len().max(1) as f64;
    let mut length_of = vec![0.0; records.len()];
    for (doc, length) in lengths {
        length_of[doc] = f64::from(length);
    }
    let average = length_of.iter().sum::<f64>() / count;

    let mut postings: Vec<(Cow<'_, str>, Postings)> = by_term.into_iter().collect();
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // tf -> BM25 score, scaled to an integer (at least 1).
    postings.par_iter_mut().for_each(|(_, list)| {
        list.sort_unstable();
        let df = list.len() as f64;
        let idf = (1.0 + (count - df + 0.5) / (df + 0.5)).ln();
        for (doc, value) in list.iter_mut() {
            let tf = *value as f64;
            let length = length_of[*doc as usize];
            let score = idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / average));
            *value = ((score * 10.0).round() as u32).max(1);
        }
    });
    // Words in more than a third of the documents: `search.js` leaves them
    // out of a query that has other words, without loading them.
    let common: Vec<String> = postings
        .iter()
        .filter(|(_, list)| list.len() * 3 > records.len() && records.len() >= 30)
        .map(|(term, _)| term.to_string())
        .collect();

    // The version hashes every file, in this order: term chunks, tags,
    // documents.
    let written = |file: OutputFile| -> u64 {
        let hash = Fnv::default().add(&file.path).add(bytes(&file)).0;
        write(file);
        hash
    };
    let mut hashes: Vec<u64> = Vec::new();
    let mut chunk_starts: Vec<String> = Vec::new();
    let mut chunk = String::new();
    let mut first_term: Option<&str> = None;
    let mut flush = |chunk: &mut String, first: &str, hashes: &mut Vec<u64>| {
        chunk.push('}');
        hashes.push(written(OutputFile::text(
            &format!("{DIR}/terms/{}.json", chunk_starts.len()),
            std::mem::take(chunk),
        )));
        chunk_starts.push(first.to_string());
    };
    for (term, list) in &postings {
        if chunk.is_empty() {
            chunk.push('{');
            first_term = Some(term);
        } else {
            chunk.push(',');
        }
        chunk.push_str(&json_string(term));
        chunk.push(':');
        encode_postings(&mut chunk, list);
        if chunk.len() >= CHUNK_BYTES
            && let Some(first) = first_term.take()
        {
            flush(&mut chunk, first, &mut hashes);
        }
    }
    if let Some(first) = first_term {
        flush(&mut chunk, first, &mut hashes);
    }

    // Each tag's documents, for the tag filter.
    for (name, docs) in docs_by_tag(records) {
        hashes.push(written(OutputFile::text(
            &format!("{DIR}/tag/{}.json", crate::content::slugify(name)),
            serde_json::to_string(&delta(&docs)).unwrap_or_default(),
        )));
    }
    hashes.par_extend(records.par_iter().enumerate().map(|(doc, record)| {
        written(OutputFile::text(
            &format!("{DIR}/doc/{doc}.json"),
            serde_json::to_string(record).unwrap_or_default(),
        ))
    }));
    let version = hashes
        .into_iter()
        .fold(Fnv::default(), |hash, one| hash.add(one.to_le_bytes()));

    let meta = Meta {
        version: format!("{:016x}", version.0),
        count: records.len(),
        chunks: chunk_starts,
        common,
        kinds: records
            .iter()
            .map(|r| format!("{}{}", kind_letter(r.kind), status_letter(r.status)))
            .collect(),
        tags: tag_counts(records),
    };
    write(OutputFile::text(
        &format!("{DIR}/meta.json"),
        serde_json::to_string(&meta).unwrap_or_default(),
    ));
}

/// One thread's share of the index: postings by term, and the length of
/// each of its documents.
type Partial<'a> = (HashMap<Cow<'a, str>, Postings>, Vec<(usize, u32)>);

/// Joins two threads' shares, the larger map taking the smaller's terms.
fn merge_postings<'a>(a: Partial<'a>, b: Partial<'a>) -> Partial<'a> {
    let ((mut into, mut lengths), (from, more)) = if a.0.len() >= b.0.len() {
        (a, b)
    } else {
        (b, a)
    };
    for (term, list) in from {
        into.entry(term).or_default().extend(list);
    }
    lengths.extend(more);
    (into, lengths)
}

/// FNV-1a, 64 bits: a stable fingerprint of the index (the standard
/// library's hasher may change between Rust releases).
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(self, data: impl AsRef<[u8]>) -> Self {
        Fnv(data.as_ref().iter().fold(self.0, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        }))
    }
}

fn bytes(file: &OutputFile) -> &[u8] {
    match &file.source {
        crate::output::Source::Bytes(bytes) => bytes,
        crate::output::Source::Copy(_) => &[],
    }
}

/// The values `search.html` offers as filters: the kinds and statuses
/// present, and every tag with its number of results.
pub fn page_value(records: &[Record]) -> tera::Value {
    #[derive(Serialize)]
    struct Choice {
        value: &'static str,
        label: &'static str,
    }
    #[derive(Serialize)]
    struct Page<'a> {
        kinds: Vec<Choice>,
        statuses: Vec<Choice>,
        tags: Vec<TagMeta<'a>>,
    }
    let has_kind = |kind: &str| records.iter().any(|r| r.kind == kind);
    let kinds = [
        ("question", "Questions"),
        ("guide", "Guides"),
        ("event", "Events"),
        ("page", "Pages"),
    ]
    .into_iter()
    .filter(|(value, _)| has_kind(value))
    .map(|(value, label)| Choice { value, label })
    .collect();
    let mut statuses = Vec::new();
    if has_kind("question") {
        statuses.extend([
            ("unanswered", "Unanswered"),
            ("answered", "Answered"),
            ("accepted", "Accepted answer"),
        ]);
    }
    if has_kind("event") {
        statuses.extend([("upcoming", "Upcoming"), ("past", "Past")]);
    }
    let statuses = statuses
        .into_iter()
        .map(|(value, label)| Choice { value, label })
        .collect();
    tera::Value::from_serializable(&Page {
        kinds,
        statuses,
        tags: tag_counts(records),
    })
}

/// Each tag's documents (numbers in `records`), by tag name.
fn docs_by_tag(records: &[Record]) -> BTreeMap<&str, Vec<u32>> {
    let mut by_tag: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (doc, record) in records.iter().enumerate() {
        for tag in &record.tags {
            by_tag.entry(tag).or_default().push(doc as u32);
        }
    }
    by_tag
}

/// Tags with their number of documents, in alphabetical order.
fn tag_counts(records: &[Record]) -> Vec<TagMeta<'_>> {
    let mut tags: Vec<TagMeta> = docs_by_tag(records)
        .into_iter()
        .map(|(name, docs)| TagMeta {
            name,
            slug: crate::content::slugify(name),
            count: docs.len(),
        })
        .collect();
    tags.sort_by_cached_key(|t| (t.name.to_lowercase(), t.name));
    tags
}

#[derive(Serialize)]
struct Meta<'a> {
    /// Changes whenever the index does: `search.js` adds it to the address
    /// of every file it loads, so no browser mixes two builds' files.
    version: String,
    count: usize,
    /// The first term of each chunk, in order: chunk `n` holds the terms
    /// from `chunks[n]` up to `chunks[n + 1]`.
    chunks: Vec<String>,
    /// Words too common to narrow a query down (in over a third of the
    /// documents), sorted.
    common: Vec<String>,
    /// Each document's kind and status letters (see [`kind_letter`]).
    kinds: String,
    tags: Vec<TagMeta<'a>>,
}

#[derive(Serialize)]
struct TagMeta<'a> {
    name: &'a str,
    slug: String,
    count: usize,
}

/// `q`uestion, `g`uide, `e`vent, `p`age.
fn kind_letter(kind: &str) -> char {
    kind.chars().next().unwrap_or('p')
}

/// `u`nanswered, `a`nswered, `c` (accepted), `n` (upcoming, "next"),
/// `o` (past, "over"), `-` (none).
fn status_letter(status: &str) -> char {
    match status {
        "unanswered" => 'u',
        "answered" => 'a',
        "accepted" => 'c',
        "upcoming" => 'n',
        "past" => 'o',
        _ => '-',
    }
}

/// Postings as a flat JSON array: document gaps and scores alternating
/// (`[3,250,4,90]` is document 3 scoring 250, document 7 scoring 90).
fn encode_postings(out: &mut String, list: &[(u32, u32)]) {
    use std::fmt::Write;
    out.push('[');
    let mut previous = 0;
    for (i, (doc, score)) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{},{score}", doc - previous);
        previous = *doc;
    }
    out.push(']');
}

/// Sorted numbers as gaps: `[3, 7, 8]` is `[3, 4, 1]`.
fn delta(sorted: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    sorted
        .iter()
        .map(|&n| {
            let gap = n - previous;
            previous = n;
            gap
        })
        .collect()
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(title: &str, text: &str) -> Record {
        Record {
            url: format!("/{}/", title.to_lowercase()),
            title: title.into(),
            summary: String::new(),
            kind: "guide",
            status: "",
            tags: Vec::new(),
            text: text.into(),
        }
    }

    /// The postings of `term`, decoded from the chunk that holds it.
    fn postings(files: &[OutputFile], term: &str) -> Vec<(u32, u32)> {
        let meta: serde_json::Value = serde_json::from_slice(bytes(
            files.iter().find(|f| f.path == "search/meta.json").unwrap(),
        ))
        .unwrap();
        let starts = meta["chunks"].as_array().unwrap();
        let chunk = starts
            .iter()
            .rposition(|s| s.as_str().unwrap() <= term)
            .unwrap();
        let path = format!("search/terms/{chunk}.json");
        let file = files.iter().find(|f| f.path == path).unwrap();
        let terms: serde_json::Value = serde_json::from_slice(bytes(file)).unwrap();
        let mut doc = 0;
        terms[term]
            .as_array()
            .map(|list| {
                list.chunks(2)
                    .map(|pair| {
                        doc += pair[0].as_u64().unwrap() as u32;
                        (doc, pair[1].as_u64().unwrap() as u32)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn words_are_lower_cased_runs_of_letters_and_digits_without_plural_s() {
        let found: Vec<String> = words("Backups, TLS & café-au-lait: 3 classes of k8s")
            .map(Cow::into_owned)
            .collect();
        assert_eq!(
            found,
            [
                "backup", "tls", "café", "au", "lait", "3", "classe", "of", "k8s"
            ]
        );
        assert_eq!(
            words(&"a".repeat(41)).count(),
            0,
            "over-long runs are noise"
        );
    }

    #[test]
    fn a_word_in_the_title_outranks_the_same_word_in_the_body() {
        let records = [
            record("Rotating certificates", "How we do it."),
            record("Networking", "We rotate things, and certificates too."),
        ];
        let files = index_files(&records);
        let found = postings(&files, "certificate");
        assert_eq!(found.len(), 2);
        assert!(found[0].1 > found[1].1, "{found:?}");
        assert!(postings(&files, "missing").is_empty());
    }

    #[test]
    fn rare_words_score_higher_than_common_ones() {
        let records = [
            record("One", "common rare"),
            record("Two", "common"),
            record("Three", "common"),
        ];
        let files = index_files(&records);
        let rare = postings(&files, "rare")[0].1;
        let common = postings(&files, "common")[0].1;
        assert!(rare > common, "rare {rare}, common {common}");
    }

    #[test]
    fn the_dictionary_is_cut_into_chunks_in_term_order() {
        // Enough distinct words for several chunks.
        let text: String = (0..20_000).map(|n| format!("w{n:05} ")).collect();
        let files = index_files(&[record("Many", &text)]);
        let chunks = files
            .iter()
            .filter(|f| f.path.starts_with("search/terms/"))
            .count();
        assert!(chunks > 3, "{chunks} chunks");
        for n in [0, 777, 19_999] {
            let term = format!("w{n:05}");
            assert_eq!(postings(&files, &term).len(), 1, "{term}");
        }
        for file in &files {
            assert!(
                file.path.starts_with("search/") && crate::output::is_safe_path(&file.path),
                "{}",
                file.path
            );
        }
    }

    #[test]
    fn words_in_over_a_third_of_the_documents_are_listed_as_common() {
        let records: Vec<Record> = (0..30)
            .map(|n| {
                record(
                    &format!("Page {n}"),
                    if n < 11 { "often seldom" } else { "often" },
                )
            })
            .collect();
        let files = index_files(&records);
        let meta: serde_json::Value = serde_json::from_slice(bytes(
            files.iter().find(|f| f.path == "search/meta.json").unwrap(),
        ))
        .unwrap();
        // "page" and "often" are in all 30; "seldom" in 11, over a third.
        assert_eq!(
            meta["common"],
            serde_json::json!(["often", "page", "seldom"])
        );
        let records: Vec<Record> = (0..30)
            .map(|n| record(&format!("Page {n}"), if n < 10 { "seldom" } else { "" }))
            .collect();
        let files = index_files(&records);
        let meta: serde_json::Value = serde_json::from_slice(bytes(
            files.iter().find(|f| f.path == "search/meta.json").unwrap(),
        ))
        .unwrap();
        assert_eq!(
            meta["common"],
            serde_json::json!(["page"]),
            "10 of 30 is not over a third"
        );
    }

    #[test]
    fn postings_are_gaps_and_scores() {
        let mut out = String::new();
        encode_postings(&mut out, &[(3, 250), (7, 90), (8, 1)]);
        assert_eq!(out, "[3,250,4,90,1,1]");
    }
}
