//! How the dictionary becomes chunk files: where groups start (terms
//! whose hash is a multiple of a power of two), how an oversized group is
//! cut, each chunk's JSON and its file name. Boundaries depend on the
//! terms, not on running sizes, and a file is named by its first term, so
//! an edit rewrites only the chunks of the words it changed.

use std::ops::Range;

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
    let postings: usize = terms.iter().map(|(_, list)| list.len()).sum();
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

/// The chunks of the terms in `range` (a group): one, or, when that is
/// larger than [`CHUNK_BYTES`], pieces of about that size. Each with the
/// number of its first term. A term whose postings alone pass
/// [`CHUNK_BYTES`] (a word in most pages of a large site) gets a chunk of
/// its own: a query for a word beside it in the dictionary does not fetch
/// its postings.
pub(super) fn chunks_of(
    terms: &[(Box<str>, Postings)],
    range: Range<usize>,
) -> Vec<(usize, String)> {
    let mut chunks = Vec::new();
    let mut chunk = String::new();
    let mut first = range.start;
    let mut entry = String::new();
    for at in range {
        let (term, list) = &terms[at];
        entry.clear();
        entry.push_str(&json_string(term));
        entry.push(':');
        encode_postings(&mut entry, list);
        if !chunk.is_empty() && chunk.len() + entry.len() > CHUNK_BYTES && entry.len() > CHUNK_BYTES
        {
            chunk.push('}');
            chunks.push((first, std::mem::take(&mut chunk)));
        }
        if chunk.is_empty() {
            chunk.push('{');
            first = at;
        } else {
            chunk.push(',');
        }
        chunk.push_str(&entry);
        if chunk.len() >= CHUNK_BYTES {
            chunk.push('}');
            chunks.push((first, std::mem::take(&mut chunk)));
        }
    }
    if !chunk.is_empty() {
        chunk.push('}');
        chunks.push((first, chunk));
    }
    chunks
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
        let big: Postings = (0..CHUNK_BYTES as u32).map(|d| (d, 64)).collect();
        let terms: Vec<(Box<str>, Postings)> = vec![
            ("a".into(), small.clone()),
            ("b".into(), big),
            ("c".into(), small.clone()),
            ("d".into(), small),
        ];
        let chunks = chunks_of(&terms, 0..4);
        let firsts: Vec<usize> = chunks.iter().map(|(first, _)| *first).collect();
        assert_eq!(firsts, [0, 1, 2], "a | b | c d");
        for (_, text) in &chunks {
            assert!(serde_json::from_str::<serde_json::Value>(text).is_ok());
        }
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
