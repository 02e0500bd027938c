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
    let estimated_bytes = (postings * 7 + terms.len() * 12).max(1);
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
/// number of its first term.
pub(super) fn chunks_of(
    terms: &[(Box<str>, Postings)],
    range: Range<usize>,
) -> Vec<(usize, String)> {
    let mut chunks = Vec::new();
    let mut chunk = String::new();
    let mut first = range.start;
    for at in range {
        if chunk.is_empty() {
            chunk.push('{');
            first = at;
        } else {
            chunk.push(',');
        }
        let (term, list) = &terms[at];
        chunk.push_str(&json_string(term));
        chunk.push(':');
        encode_postings(&mut chunk, list);
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

/// Postings as a flat JSON array: document gaps and values alternating
/// (`[3,325,4,70]` is document 3 with value 325, document 7 with 70).
pub(super) fn encode_postings(out: &mut String, list: &[(u32, u32)]) {
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

pub(super) fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_gaps_and_scores() {
        let mut out = String::new();
        encode_postings(&mut out, &[(3, 250), (7, 90), (8, 1)]);
        assert_eq!(out, "[3,250,4,90,1,1]");
    }
}
