//! How the dictionary becomes chunk files: where groups start (terms
//! whose hash is a multiple of a power of two), how an oversized group is
//! cut, each chunk's JSON and its file name. Boundaries depend on the
//! terms, not on running sizes, and a file is named by its first term, so
//! an edit rewrites only the chunks of the words it changed.

use std::ops::Range;

use super::document::LENGTH_BUCKETS;
use crate::util::hash::Fnv;

/// The size a chunk of the dictionary aims at, in bytes of JSON: groups
/// average half of it, and a group over it is cut into chunks of it.
pub(super) const CHUNK_BYTES: usize = 24_000;

/// A term's postings: (document number, value), by document; the value is
/// the term's weighted count and the document's length bucket (see
/// `document::posting_value`).
pub(super) type Postings = Vec<(u32, u32)>;

/// The power of two that makes groups of about half [`CHUNK_BYTES`]: a
/// term starts a group when its hash is a multiple of it. Estimated from
/// the number of terms and postings, and rounded down to a power of two,
/// so an edit seldom changes it.
pub(super) fn modulus(terms: &[(Box<str>, Postings)]) -> u64 {
    // A tiered term keeps its top tier in its chunk.
    let postings: usize = terms
        .iter()
        .map(|(_, list)| match list.len() {
            n if n > TIERED_AFTER => TOP_TIER,
            n => n,
        })
        .sum();
    // A posting is 3 or 4 characters (see `encode_postings`).
    let estimated_bytes = (postings * 4 + terms.len() * 12).max(1);
    let per_group = (CHUNK_BYTES / 2 * terms.len() / estimated_bytes).max(1) as u64;
    1 << per_group.ilog2()
}

/// Whether `term` starts a chunk at `modulus`.
pub(super) fn starts_chunk(term: &str, modulus: u64) -> bool {
    Fnv::of(term).is_multiple_of(modulus)
}

/// The terms between first-level boundaries.
pub(super) fn group_ranges(terms: &[(Box<str>, Postings)], modulus: u64) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (at, (term, _)) in terms.iter().enumerate().skip(1) {
        if starts_chunk(term, modulus) {
            ranges.push(start..at);
            start = at;
        }
    }
    if start < terms.len() {
        ranges.push(start..terms.len());
    }
    ranges
}

/// A chunk of the dictionary: the number of its first term, its JSON,
/// and the files of the rest of its tiered terms' postings (see
/// [`tiers`]).
pub(super) struct Chunk {
    pub first: usize,
    pub text: String,
    /// (term number, JSON string of the postings after its top tier).
    pub rests: Vec<(usize, String)>,
}

/// The chunks of the terms in `range` (a group): one, or, when that is
/// larger than [`CHUNK_BYTES`], pieces of about that size. A term whose
/// postings alone pass [`CHUNK_BYTES`] gets a chunk of its own: a query
/// for a word beside it in the dictionary does not fetch its postings.
/// A term in more than [`TIERED_AFTER`] documents is written as its top
/// tier and its number of documents, `["<top>", 5210]`, and the rest of
/// its postings go to a file of their own (see [`tiers`]).
pub(super) fn chunks_of(terms: &[(Box<str>, Postings)], range: Range<usize>) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut chunk = Chunk::at(range.start);
    let mut entry = String::new();
    for at in range {
        let (term, list) = &terms[at];
        entry.clear();
        entry.push_str(&json_string(term));
        entry.push(':');
        let rest = encode_entry(&mut entry, list);
        if !chunk.text.is_empty()
            && chunk.text.len() + entry.len() > CHUNK_BYTES
            && entry.len() > CHUNK_BYTES
        {
            chunk.text.push('}');
            chunks.push(std::mem::replace(&mut chunk, Chunk::at(at)));
        }
        if chunk.text.is_empty() {
            chunk.text.push('{');
        } else {
            chunk.text.push(',');
        }
        chunk.text.push_str(&entry);
        chunk.rests.extend(rest.map(|rest| (at, rest)));
        if chunk.text.len() >= CHUNK_BYTES {
            chunk.text.push('}');
            chunks.push(std::mem::replace(&mut chunk, Chunk::at(at + 1)));
        }
    }
    if !chunk.text.is_empty() {
        chunk.text.push('}');
        chunks.push(chunk);
    }
    chunks
}

impl Chunk {
    fn at(first: usize) -> Chunk {
        Chunk {
            first,
            text: String::new(),
            rests: Vec::new(),
        }
    }
}

/// Writes a term's postings after `"term":` in a chunk: whole, or, past
/// [`TIERED_AFTER`] documents, as `[top tier, number of documents]`;
/// returns the rest's JSON string then.
fn encode_entry(out: &mut String, list: &[(u32, u32)]) -> Option<String> {
    if list.len() <= TIERED_AFTER {
        encode_postings(out, list);
        return None;
    }
    let (top, rest) = tiers(list);
    out.push('[');
    encode_postings(out, &top);
    out.push(',');
    out.push_str(&list.len().to_string());
    out.push(']');
    let mut text = String::new();
    encode_postings(&mut text, &rest);
    Some(text)
}

/// A term in more documents than this is tiered (see [`tiers`]).
pub(super) const TIERED_AFTER: usize = 2 * TOP_TIER;

/// The postings a tiered term keeps in its chunk.
pub(super) const TOP_TIER: usize = 1000;

/// A long posting list cut in two, each in document order: the
/// [`TOP_TIER`] postings where the term weighs most in BM25 (the highest
/// [`term_weight`]; the earlier document first among equals), and the
/// rest. The term's score in a document is its inverse document frequency
/// (the same for every posting) times that weight, so no document of the
/// rest scores higher for this term than the lowest of the top tier:
/// `search.js` answers a query of one common word from the top tier, and
/// fetches the rest only when the results it shows could change (issue
/// #24: at 100,000 entries a word in most pages was 659 kB of postings).
pub(super) fn tiers(list: &[(u32, u32)]) -> (Postings, Postings) {
    if list.len() <= TOP_TIER {
        return (list.to_vec(), Vec::new());
    }
    let weights: Vec<f64> = list.iter().map(|p| term_weight(p.1)).collect();
    // The weight of the last posting on top: those heavier are on top,
    // and those as heavy fill the room left, earlier documents first. One
    // pass in document order, so neither tier needs sorting (`watch`
    // makes the tiers of a common word again on every edit).
    let mut scratch = weights.clone();
    let (_, &mut lowest, _) = scratch.select_nth_unstable_by(TOP_TIER - 1, |a, b| b.total_cmp(a));
    let mut room = TOP_TIER - weights.iter().filter(|&&w| w > lowest).count();
    let mut top = Vec::with_capacity(TOP_TIER);
    let mut rest = Vec::with_capacity(list.len() - TOP_TIER);
    for (&posting, &weight) in list.iter().zip(&weights) {
        if weight > lowest || (weight == lowest && room > 0) {
            if weight == lowest {
                room -= 1;
            }
            top.push(posting);
        } else {
            rest.push(posting);
        }
    }
    (top, rest)
}

/// BM25's parameters and the neutral document length, as `search.js`
/// scores with them.
const K1: f64 = 1.2;
const B: f64 = 0.75;
const PIVOT_LENGTH: f64 = 400.0;

/// A posting's BM25 term-frequency part, count * (k1 + 1) / (count + k1 *
/// norm), computed as `search.js` computes it from the posting's value
/// (count * 64 + length bucket, see `document::posting_value`).
pub(super) fn term_weight(value: u32) -> f64 {
    static NORMS: std::sync::LazyLock<Vec<f64>> = std::sync::LazyLock::new(|| {
        (0..LENGTH_BUCKETS)
            .map(|bucket| 1.0 - B + B * 2f64.powf(f64::from(bucket) / 4.0) / PIVOT_LENGTH)
            .collect()
    });
    let bucket = value % LENGTH_BUCKETS;
    let count = f64::from((value - bucket) / LENGTH_BUCKETS);
    count * (K1 + 1.0) / (count + K1 * NORMS[bucket as usize])
}

/// The file of the postings of tiered `term` after its top tier, under
/// the index folder `dir`: named like a chunk, by the term's hash.
pub fn rest_path(dir: &str, term: &str) -> String {
    format!("{dir}/rest/{:016x}.json", Fnv::of(term))
}

/// A chunk's file under the index folder `dir` is named by the 64-bit
/// FNV-1a hash of its first term, in hexadecimal (`search.js` computes the
/// same), so a chunk keeps its name when chunks before it come or go.
pub fn chunk_path(dir: &str, first: &str) -> String {
    format!("{dir}/terms/{:016x}.json", Fnv::of(first))
}

/// The digits of [`encode_postings`]: base64's, none of which JSON
/// escapes.
pub(super) const DIGITS: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Postings as a JSON string of numbers, document gaps and values
/// alternating, each number written as digits of five bits, lowest first,
/// a digit of 32 or more saying another follows (as source maps write
/// numbers). Document 3 with value 325 and document 7 with 70 are
/// `3, 325, 4, 70`: `"DlKEmC"`. A posting is 3 or 4 characters where the
/// JSON array of the numbers took 7 or 8: at 100,000 entries the postings
/// of one common word are most of what a query fetches (issue #24).
pub(super) fn encode_postings(out: &mut String, list: &[(u32, u32)]) {
    out.push('"');
    let mut previous = 0;
    for (doc, value) in list {
        push_number(out, doc - previous);
        push_number(out, *value);
        previous = *doc;
    }
    out.push('"');
}

fn push_number(out: &mut String, mut n: u32) {
    loop {
        let digit = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[digit] as char);
            return;
        }
        out.push(DIGITS[digit | 32] as char);
    }
}

pub(super) fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The numbers of an encoded posting list, as `search.js` reads them.
    pub(crate) fn decode_numbers(text: &str) -> Vec<u32> {
        let mut numbers = Vec::new();
        let (mut n, mut shift) = (0u32, 0);
        for c in text.trim_matches('"').bytes() {
            let digit = DIGITS.iter().position(|&d| d == c).unwrap() as u32;
            n |= (digit & 31) << shift;
            shift += 5;
            if digit < 32 {
                numbers.push(n);
                (n, shift) = (0, 0);
            }
        }
        numbers
    }

    #[test]
    fn a_term_with_postings_past_a_chunk_gets_a_chunk_of_its_own() {
        let small: Postings = vec![(0, 64)];
        // As many postings as stay in a chunk, each of 12 digits.
        let big: Postings = (0..TIERED_AFTER as u32)
            .map(|d| (d << 21, u32::MAX))
            .collect();
        let terms: Vec<(Box<str>, Postings)> = vec![
            ("a".into(), small.clone()),
            ("b".into(), big),
            ("c".into(), small.clone()),
            ("d".into(), small),
        ];
        let chunks = chunks_of(&terms, 0..4);
        assert!(chunks[1].text.len() > CHUNK_BYTES);
        let firsts: Vec<usize> = chunks.iter().map(|chunk| chunk.first).collect();
        assert_eq!(firsts, [0, 1, 2], "a | b | c d");
        for chunk in &chunks {
            assert!(serde_json::from_str::<serde_json::Value>(&chunk.text).is_ok());
            assert!(chunk.rests.is_empty());
        }
    }

    /// Postings decoded from their JSON string.
    fn decoded(text: &str) -> Vec<(u32, u32)> {
        let mut doc = 0;
        decode_numbers(text)
            .chunks(2)
            .map(|pair| {
                doc += pair[0];
                (doc, pair[1])
            })
            .collect()
    }

    #[test]
    fn a_term_in_many_documents_keeps_its_heaviest_postings_in_its_chunk() {
        // Counts 1 to 7, lengths from short to long: weights of every kind,
        // many equal.
        let list: Postings = (0..5_000u32)
            .map(|d| (d * 3, posting_value_of(1 + d % 7, (d % 50) as u8)))
            .collect();
        let (top, rest) = tiers(&list);
        assert_eq!(top.len(), TOP_TIER);
        assert_eq!(top.len() + rest.len(), list.len());
        assert!(top.is_sorted() && rest.is_sorted());
        let mut both: Postings = top.iter().chain(&rest).copied().collect();
        both.sort_unstable();
        assert_eq!(both, list);
        let lowest = top
            .iter()
            .map(|p| term_weight(p.1))
            .fold(f64::MAX, f64::min);
        let highest = rest.iter().map(|p| term_weight(p.1)).fold(0.0, f64::max);
        assert!(highest <= lowest, "{highest} > {lowest}");
        // Among equals, the earlier document stays on top.
        let last_top = top
            .iter()
            .filter(|p| term_weight(p.1) == lowest)
            .map(|p| p.0)
            .max();
        let first_rest = rest
            .iter()
            .filter(|p| term_weight(p.1) == lowest)
            .map(|p| p.0)
            .min();
        if let (Some(a), Some(b)) = (last_top, first_rest) {
            assert!(a < b);
        }

        let terms: Vec<(Box<str>, Postings)> = vec![
            ("common".into(), list.clone()),
            ("rare".into(), vec![(4, 64)]),
        ];
        let chunks = chunks_of(&terms, 0..2);
        assert_eq!(chunks.len(), 1);
        let json: serde_json::Value = serde_json::from_str(&chunks[0].text).unwrap();
        assert_eq!(json["common"][1], 5_000, "the number of documents");
        assert_eq!(decoded(json["common"][0].as_str().unwrap()), top);
        assert_eq!(json["rare"], "EgC", "document 4, value 64");
        assert_eq!(chunks[0].rests.len(), 1);
        let (at, text) = &chunks[0].rests[0];
        assert_eq!(*at, 0);
        let text: String = serde_json::from_str(text).unwrap();
        assert_eq!(decoded(&text), rest);
    }

    #[test]
    fn a_term_weighs_more_with_more_occurrences_and_less_in_longer_documents() {
        let value = posting_value_of;
        assert!(term_weight(value(2, 10)) > term_weight(value(1, 10)));
        assert!(term_weight(value(2, 10)) > term_weight(value(2, 40)));
        // search.js: 1 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 2^(10/4) / 400)).
        let expected = 2.2 / (1.0 + 1.2 * (0.25 + 0.75 * 2f64.powf(2.5) / 400.0));
        assert!((term_weight(value(1, 10)) - expected).abs() < 1e-12);
    }

    fn posting_value_of(count: u32, bucket: u8) -> u32 {
        super::super::document::posting_value(count, bucket)
    }

    #[test]
    fn postings_are_gaps_and_values_in_five_bit_digits() {
        let mut out = String::new();
        encode_postings(&mut out, &[(3, 325), (7, 70)]);
        assert_eq!(out, "\"DlKEmC\"");
        let list = [(0, 64), (31, 1023), (1_000_000, u32::MAX), (1_000_001, 0)];
        let mut out = String::new();
        encode_postings(&mut out, &list);
        assert!(
            serde_json::from_str::<String>(&out).is_ok(),
            "a JSON string: {out}"
        );
        assert_eq!(
            decode_numbers(&out),
            [0, 64, 31, 1023, 999_969, u32::MAX, 1, 0]
        );
    }
}
