//! An index made a document at a time, from any thread: a full build
//! hands each page's record, with the text its bodies have as the page is
//! written, to [`Maker::add`], so no page's text is kept for the index
//! (265 MB at 100,000 entries); documents never handed over are added
//! from [`Maker::pending`]. [`Maker::finish`] then makes the dictionary
//! and writes the index's other files (`Index::assemble`).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rustc_hash::FxHashMap;

use super::Record;
use super::chunks::Postings;
use super::document::{Analyzer, Stems, each_weighted_word, write_doc};
use super::index::Index;
use crate::output::OutputFile;

/// What the documents added make: postings by term (weighted counts, in
/// the order they came), each document's length, the stems seen, and the
/// hash of each document's file.
pub(super) struct Made {
    pub by_term: FxHashMap<Box<str>, Growing>,
    pub lengths: Vec<(usize, u32)>,
    pub stems: Stems,
    pub doc_hashes: Vec<u64>,
}

/// One thread's share of the work at a time: postings by term, the
/// lengths of its documents, its stems and scratch space.
#[derive(Default)]
struct Share {
    by_term: FxHashMap<Box<str>, Growing>,
    lengths: Vec<(usize, u32)>,
    stems: Stems,
    scratch: String,
}

impl Share {
    fn add(&mut self, doc: u32, record: &Record, analyzer: Analyzer) {
        let mut length = 0;
        let by_term = &mut self.by_term;
        each_weighted_word(
            record,
            analyzer,
            &mut self.scratch,
            &mut self.stems,
            |word, weight| {
                let list = match by_term.get_mut(word) {
                    Some(list) => list,
                    None => by_term.entry(Box::from(word)).or_default(),
                };
                list.add(doc, weight);
                length += weight;
            },
        );
        self.lengths.push((doc as usize, length));
    }

    fn merge(self, other: Share) -> Share {
        let (mut into, from) = if self.by_term.len() >= other.by_term.len() {
            (self, other)
        } else {
            (other, self)
        };
        for (term, list) in from.by_term {
            into.by_term.entry(term).or_default().append(list);
        }
        into.lengths.extend(from.lengths);
        into.stems = into.stems.merge(from.stems);
        into
    }
}

/// One term's postings as documents are added: `(document, count)` pairs
/// packed as LEB128 numbers, each document as the zigzag-coded gap from
/// the one before (a share mostly takes documents in order, but not
/// always), the last pair held apart while its count can still grow: a
/// byte each for a gap under 64 and a count under 128, instead of 8 bytes
/// a pair and a vector's spare room (the postings of 100,000 entries grew
/// to about 260 MB as pages were written).
#[derive(Default)]
pub(super) struct Growing {
    bytes: Vec<u8>,
    /// The pairs in `bytes`.
    packed: u32,
    /// The document of the last pair in `bytes` (0 before the first).
    packed_doc: u32,
    /// The pair not packed yet (`count` 0: none; weights are at least 1).
    doc: u32,
    count: u32,
}

impl Growing {
    fn add(&mut self, doc: u32, weight: u32) {
        debug_assert!(weight > 0, "a word counts at least once");
        if self.count > 0 && self.doc == doc {
            self.count += weight;
            return;
        }
        self.pack();
        (self.doc, self.count) = (doc, weight);
    }

    fn pack(&mut self) {
        if self.count == 0 {
            return;
        }
        let gap = i64::from(self.doc) - i64::from(self.packed_doc);
        push_leb128(&mut self.bytes, ((gap << 1) ^ (gap >> 63)) as u64);
        push_leb128(&mut self.bytes, u64::from(self.count));
        self.packed += 1;
        self.packed_doc = self.doc;
        self.count = 0;
    }

    /// Adds the pairs of `other` (documents this one does not have).
    fn append(&mut self, other: Growing) {
        for (doc, count) in other.into_postings() {
            self.add(doc, count);
        }
    }

    /// The pairs, in the order they were added.
    pub(super) fn into_postings(mut self) -> Postings {
        self.pack();
        let mut list = Vec::with_capacity(self.packed as usize);
        let (mut at, mut doc) = (0, 0i64);
        while at < self.bytes.len() {
            let zigzag = read_leb128(&self.bytes, &mut at);
            doc += ((zigzag >> 1) as i64) ^ -((zigzag & 1) as i64);
            let count = read_leb128(&self.bytes, &mut at);
            list.push((doc as u32, count as u32));
        }
        list
    }
}

fn push_leb128(bytes: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        bytes.push((n as u8) | 0x80);
        n >>= 7;
    }
    bytes.push(n as u8);
}

fn read_leb128(bytes: &[u8], at: &mut usize) -> u64 {
    let (mut n, mut shift) = (0u64, 0);
    while let Some(&byte) = bytes.get(*at) {
        *at += 1;
        n |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            break;
        }
        shift += 7;
    }
    n
}

/// An index of `records` (in their order: document numbers) being made.
/// Their URL, title, summary, kind, status and tags are read from
/// `records`; each document's text from the record given to
/// [`Maker::add`].
pub struct Maker<'r> {
    records: &'r [Record<'r>],
    dir: String,
    analyzer: Analyzer,
    /// One share per thread of rayon's pool (and one for any other
    /// thread), so each thread keeps adding to the same maps, warm in its
    /// core's cache, and never waits for another.
    shares: Vec<Mutex<Share>>,
    added: Vec<AtomicBool>,
    doc_hashes: Vec<AtomicU64>,
    /// Nanoseconds spent adding documents, summed over threads.
    spent: AtomicU64,
}

impl<'r> Maker<'r> {
    /// An index in language `lang` (a BCP 47 tag), written under `dir`.
    pub fn new(records: &'r [Record<'r>], dir: &str, lang: &str) -> Maker<'r> {
        Maker {
            records,
            dir: dir.to_string(),
            analyzer: Analyzer::for_language(lang),
            shares: (0..=rayon::current_num_threads())
                .map(|_| Mutex::default())
                .collect(),
            added: records.iter().map(|_| AtomicBool::new(false)).collect(),
            doc_hashes: records.iter().map(|_| AtomicU64::new(0)).collect(),
            spent: AtomicU64::new(0),
        }
    }

    /// Indexes document `doc` from `record` (with its text) and writes
    /// its file. A document already added, or out of range, is left.
    pub fn add(&self, doc: u32, record: &Record, write: &(dyn Fn(OutputFile) + Sync)) {
        let Some(added) = self.added.get(doc as usize) else {
            return;
        };
        if added.swap(true, Ordering::Relaxed) {
            return;
        }
        let started = std::time::Instant::now();
        self.own_share().add(doc, record, self.analyzer);
        let hash = write_doc(&self.dir, doc as usize, record, write);
        self.doc_hashes[doc as usize].store(hash, Ordering::Relaxed);
        let took = started.elapsed().as_nanos() as u64;
        self.spent.fetch_add(took, Ordering::Relaxed);
    }

    /// The time spent adding documents so far, summed over threads.
    pub fn spent(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.spent.load(Ordering::Relaxed))
    }

    /// The documents not added yet.
    pub fn pending(&self) -> Vec<u32> {
        let added = self.added.iter().map(|a| a.load(Ordering::Relaxed));
        (0..)
            .zip(added)
            .filter(|(_, a)| !a)
            .map(|(doc, _)| doc)
            .collect()
    }

    /// Makes the index of the documents added (every one of `records`:
    /// see [`Maker::pending`]) and writes its other files.
    pub fn finish(self, write: &(dyn Fn(OutputFile) + Sync)) -> Index {
        let shares = self.shares.into_iter();
        let share = shares
            .map(|share| share.into_inner().unwrap_or_else(|e| e.into_inner()))
            .reduce(Share::merge)
            .unwrap_or_default();
        let made = Made {
            by_term: share.by_term,
            lengths: share.lengths,
            stems: share.stems,
            doc_hashes: self
                .doc_hashes
                .into_iter()
                .map(AtomicU64::into_inner)
                .collect(),
        };
        Index::assemble(self.records, &self.dir, self.analyzer, made, write)
    }

    /// The calling thread's share: its place in rayon's pool, the last
    /// share for a thread outside it.
    fn own_share(&self) -> std::sync::MutexGuard<'_, Share> {
        let last = self.shares.len() - 1;
        let index = rayon::current_thread_index().map_or(last, |i| i.min(last));
        self.shares[index].lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;
    use crate::publish::search::index_files;

    fn record(n: usize, text: String) -> Record<'static> {
        Record {
            url: format!("/{n}/"),
            title: format!("Page {n}"),
            summary: String::new(),
            kind: Kind::Guide,
            status: None,
            tags: vec![format!("tag{}", n % 3)],
            text: vec![text.into()],
        }
    }

    fn bytes(file: &OutputFile) -> &[u8] {
        match &file.source {
            crate::output::Source::Bytes(bytes) => bytes,
            crate::output::Source::Copy(_) => &[],
        }
    }

    /// Pairs come back as added, counts of a document added twice in a
    /// row summed, whatever the gaps (backwards, large, zero).
    #[test]
    fn growing_postings_give_back_their_pairs() {
        let added = [
            (5, 1),
            (5, 2),
            (3, 1),
            (u32::MAX, 70_000),
            (0, 1),
            (200, 300),
            (200, 1),
        ];
        let mut list = Growing::default();
        for (doc, weight) in added {
            list.add(doc, weight);
        }
        let expected = vec![(5, 3), (3, 1), (u32::MAX, 70_000), (0, 1), (200, 301)];
        assert_eq!(list.into_postings(), expected);
        let (mut a, mut b) = (Growing::default(), Growing::default());
        a.add(1, 1);
        b.add(7, 2);
        b.add(2, 1);
        a.append(b);
        assert_eq!(a.into_postings(), vec![(1, 1), (7, 2), (2, 1)]);
        assert!(Growing::default().into_postings().is_empty());
    }

    /// Pages are written in any order, by several threads, and a page
    /// may come twice; pages never written are added at the end. The files
    /// are those of the index made from every record in order.
    #[test]
    fn documents_added_in_any_order_make_the_same_index() {
        let words = ["backup", "restore", "rotate", "keys", "deploy", "cache"];
        let full: Vec<Record> = (0..60)
            .map(|n| {
                let text = (0..n % 7 + 1)
                    .map(|k| words[(n + k) % 6])
                    .collect::<Vec<_>>();
                record(n, text.join(" "))
            })
            .collect();
        let expected = index_files(&full);
        let heads: Vec<Record> = full
            .iter()
            .map(|r| Record {
                text: Vec::new(),
                ..r.clone()
            })
            .collect();
        let maker = Maker::new(&heads, "search", "en");
        let files = Mutex::new(Vec::new());
        let write = |file: OutputFile| files.lock().unwrap().push(file);
        use rayon::prelude::*;
        // Backwards, each twice, the last ten left for `finish`.
        (10..60u32)
            .rev()
            .chain(10..60)
            .collect::<Vec<_>>()
            .par_iter()
            .for_each(|&doc| {
                maker.add(doc, &full[doc as usize], &write);
            });
        let pending = maker.pending();
        assert_eq!(pending.len(), 10);
        for doc in pending {
            maker.add(doc, &full[doc as usize], &write);
        }
        maker.finish(&write);
        let mut made = files.into_inner().unwrap();
        made.sort_by(|a, b| a.path.cmp(&b.path));
        let paths = |files: &[OutputFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&made), paths(&expected));
        assert!(paths(&made).contains(&"search/doc/59.json".to_string()));
        for (a, b) in made.iter().zip(&expected) {
            assert_eq!(bytes(a), bytes(b), "{} differs", a.path);
        }
    }
}
