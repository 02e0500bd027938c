//! One document of the search index: its words with their weights, its
//! terms and length as the index keeps them, its kind and status letters
//! in `meta.json`, and its own file under `search/doc/`.

use super::{DocStatus, Record};
use crate::content::Kind;
use crate::output::OutputFile;
use crate::util::hash::Fnv;
use crate::util::words::each_search_word as each_word;

/// How much more a word counts in a title or a tag than in the body.
const TITLE_WEIGHT: u32 = 5;

/// Documents' lengths are given to `search.js` as buckets of this many
/// per doubling (a length of `2^(b/4)` words for bucket `b`), one
/// character of [`BUCKET_DIGITS`] each.
const BUCKETS_PER_DOUBLING: f64 = 4.0;
const BUCKET_DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// Calls `visit` with each word of a record and its weight: title and
/// tags weigh more.
pub(super) fn each_weighted_word(
    record: &Record,
    scratch: &mut String,
    mut visit: impl FnMut(&str, u32),
) {
    each_word(&record.title, scratch, |word| visit(word, TITLE_WEIGHT));
    for tag in &record.tags {
        each_word(tag, scratch, |word| visit(word, TITLE_WEIGHT));
    }
    for piece in &record.text {
        each_word(piece, scratch, |word| visit(word, 1));
    }
}

/// A record's terms with their weighted counts, sorted, and its length.
pub(super) fn document_terms(record: &Record) -> (Vec<(Box<str>, u32)>, u32) {
    let mut all: Vec<(Box<str>, u32)> = Vec::new();
    each_weighted_word(record, &mut String::new(), |word, weight| {
        all.push((Box::from(word), weight));
    });
    let length = all.iter().map(|(_, w)| w).sum();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all.dedup_by(|later, kept| {
        let same = later.0 == kept.0;
        if same {
            kept.1 += later.1;
        }
        same
    });
    (all, length)
}

/// A document's length (in weighted words) as a bucket of a logarithmic
/// scale, as `search.js` reads it.
pub(super) fn length_bucket(length: u32) -> u8 {
    let bucket = (f64::from(length.max(1)).log2() * BUCKETS_PER_DOUBLING).round() as usize;
    BUCKET_DIGITS[bucket.min(BUCKET_DIGITS.len() - 1)]
}

/// Writes a document's file under the index folder `dir`; returns the
/// hash of its bytes.
pub(super) fn write_doc(
    dir: &str,
    doc: usize,
    record: &Record,
    write: &(dyn Fn(OutputFile) + Sync),
) -> u64 {
    let text = serde_json::to_string(record).unwrap_or_default();
    let hash = Fnv::of(&text);
    write(OutputFile::text(&format!("{dir}/doc/{doc}.json"), text));
    hash
}

/// A record's kind and status letters, as `meta.json` lists them:
/// `q`uestion, `g`uide, `e`vent, `p`age; then `u`nanswered, `a`nswered,
/// `c` (accepted), `n` (upcoming, "next"), `o` (past, "over"), `-` (none).
pub(super) fn kind_and_status(record: &Record) -> [u8; 2] {
    let kind = match record.kind {
        Kind::Question => b'q',
        Kind::Guide => b'g',
        Kind::Event => b'e',
        Kind::Page | Kind::Answer => b'p',
    };
    let status = match record.status {
        Some(DocStatus::Unanswered) => b'u',
        Some(DocStatus::Answered) => b'a',
        Some(DocStatus::Accepted) => b'c',
        Some(DocStatus::Upcoming) => b'n',
        Some(DocStatus::Past) => b'o',
        None => b'-',
    };
    [kind, status]
}
