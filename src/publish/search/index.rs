//! The index files under `/search/`, made from the records, and kept up
//! to date by `watch` one edited page at a time.
//!
//! - `search/meta.json`: the first term of every chunk, the number of
//!   documents, the tags, the words too common to narrow a query down, and
//!   the stem endings `search.js` tries;
//! - `search/kinds.json`: each document's kind letter, as runs (loaded
//!   to filter by kind, and for the nearest questions when none match);
//! - `search/statuses.json`: each document's status letter (loaded only
//!   to filter by status);
//! - `search/terms/<hash>.json`: chunks of the dictionary, term →
//!   postings (a string of base64 numbers, see `chunks::encode_postings`),
//!   each posting a document number and the term's count in it, named by
//!   a hash of the chunk's first term; a term in many documents keeps
//!   only its top tier there (see `chunks::tiers`);
//! - `search/rest/<hash>.json`: the rest of such a term's postings, named
//!   by a hash of the term;
//! - `search/doc/<n>.json`: a result's title, URL, summary and text;
//! - `search/tag/<slug>.json`: each tag's documents.
//!
//! A posting holds the term's count in the document (title and tag words
//! count five times) and the document's length (as a bucket of a
//! logarithmic scale), as count × 64 + bucket; `search.js` scores it with
//! BM25, taking the inverse document frequency from the number of
//! postings.
//! So an edit changes only the postings of the words whose count changed.
//!
//! How the dictionary is cut into chunk files is in `search/chunks.rs`:
//! an edit changes only the chunks holding the terms it touched.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use super::chunks::{Postings, chunk_path, chunks_of, group_ranges, modulus, rest_path};
use super::document::{
    Analyzer, StemRules, document_terms, kind_and_status, length_bucket, posting_value, write_doc,
};
use super::making::{Made, Maker};
use super::{DIR, Record, TagMeta, docs_by_tag, tag_counts};
use crate::output::OutputFile;
use crate::util::hash::Fnv;

/// The whole index, with what a later [`Index::update`] needs to rewrite
/// only what an edit changed.
pub struct Index {
    /// Every term, sorted, with its postings.
    terms: Vec<(Box<str>, Postings)>,
    count: usize,
    /// The folder of its files under the output folder (`search`).
    dir: Box<str>,
    /// Each document's kind and status letters.
    kinds: Vec<[u8; 2]>,
    /// Each document's length bucket (see [`length_bucket`]).
    lengths: Vec<u8>,
    tags: Vec<TagMeta>,
    /// The power of two that chooses the chunk boundaries.
    modulus: u64,
    /// How its language's words become terms.
    analyzer: Analyzer,
    /// What `search.js` tries to take a query word to its stem.
    stem_rules: StemRules,
    /// The chunks as last written, grouped by first-level boundary.
    groups: Vec<Group>,
    tag_hashes: Vec<u64>,
    /// The hash of `kinds.json` and `statuses.json` (see [`kind_files`]).
    kinds_hash: u64,
    doc_hashes: Vec<u64>,
}

/// The terms from one first-level boundary to the next, and the chunks
/// they were written as.
#[derive(Clone)]
struct Group {
    first: Box<str>,
    last: Box<str>,
    /// Each chunk's first term and a hash of its bytes (and of its
    /// tiered terms' rest files).
    chunks: Vec<(Box<str>, u64)>,
    /// The tiered terms, whose postings after the top tier have a file of
    /// their own (see `chunks::tiers`).
    rests: Vec<Box<str>>,
}

impl Index {
    /// Makes the index of `records` in language `lang` (document numbers
    /// follow their order) and writes all its files, under the folder
    /// `dir`, through `write`.
    pub fn write(
        records: &[Record],
        dir: &str,
        lang: &str,
        write: &(dyn Fn(OutputFile) + Sync),
    ) -> Index {
        let maker = Maker::new(records, dir, lang);
        records
            .par_iter()
            .enumerate()
            .for_each(|(doc, record)| maker.add(doc as u32, record, write));
        maker.finish(write)
    }

    /// The index of `records` from the postings, lengths and stems of all
    /// their documents (see [`Maker`]), whose files are written: writes
    /// its other files.
    pub(super) fn assemble(
        records: &[Record],
        dir: &str,
        analyzer: Analyzer,
        made: Made,
        write: &(dyn Fn(OutputFile) + Sync),
    ) -> Index {
        let Made {
            by_term,
            lengths,
            stems,
            doc_hashes,
        } = made;
        let mut length_of = vec![0; records.len()];
        for (doc, length) in lengths {
            length_of[doc] = length;
        }
        let buckets: Vec<u8> = length_of.into_iter().map(length_bucket).collect();
        let mut terms: Vec<(Box<str>, Postings)> = by_term
            .into_iter()
            .map(|(term, list)| (term, list.into_postings()))
            .collect();
        terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        // Each list holds runs of documents in the order a share took
        // them (ascending runs as pages are handed out in order), which a
        // stable sort merges fast. Counts become posting values, with
        // their document's length.
        terms.par_iter_mut().for_each(|(_, list)| {
            list.sort();
            for (doc, value) in list.iter_mut() {
                *value = posting_value(*value, buckets[*doc as usize]);
            }
        });
        let mut index = Index {
            terms,
            count: records.len(),
            dir: Box::from(dir),
            kinds: records.iter().map(kind_and_status).collect(),
            lengths: buckets,
            tags: tag_counts(records),
            // No chunks yet: every group is made.
            modulus: 0,
            analyzer,
            stem_rules: stems.rules(),
            groups: Vec::new(),
            tag_hashes: Vec::new(),
            kinds_hash: 0,
            doc_hashes,
        };
        index.rechunk(&[], write, &|_| {});
        // Each tag's documents, for the tag filter.
        index.tag_hashes = docs_by_tag(records)
            .into_iter()
            .map(|(name, docs)| {
                let text = serde_json::to_string(&delta(&docs)).unwrap_or_default();
                let hash = Fnv::of(&text);
                write(OutputFile::text(
                    &format!("{dir}/tag/{}.json", crate::content::slugify(name)),
                    text,
                ));
                hash
            })
            .collect();
        let (kinds, statuses) = kind_files(&index.kinds);
        index.kinds_hash = Fnv::default().feed(&kinds).feed(&statuses).0;
        write(OutputFile::text(&format!("{dir}/kinds.json"), kinds));
        write(OutputFile::text(&format!("{dir}/statuses.json"), statuses));
        write(index.meta());
        index
    }

    /// Takes in new records for some documents, whose URL, title, kind,
    /// status and tags are unchanged (only their text), and writes the
    /// files that changed. Returns false, having written nothing, when a
    /// record does not fit (a document number out of range, or a changed
    /// kind or status).
    pub fn update(
        &mut self,
        changed: &[(u32, Record)],
        write: &(dyn Fn(OutputFile) + Sync),
        remove: &dyn Fn(&str),
    ) -> bool {
        let fits = changed
            .iter()
            .all(|(doc, record)| self.kinds.get(*doc as usize) == Some(&kind_and_status(record)));
        if !fits {
            return false;
        }
        let mut touched: Vec<Box<str>> = Vec::new();
        for (doc, record) in changed {
            touched.extend(self.set_document(*doc, record));
            self.doc_hashes[*doc as usize] = write_doc(&self.dir, *doc as usize, record, write);
        }
        self.terms.retain(|(_, list)| !list.is_empty());
        touched.sort_unstable();
        touched.dedup();
        self.rechunk(&touched, write, remove);
        write(self.meta());
        true
    }

    /// Sets document `doc`'s postings and length from `record`; returns
    /// the terms whose postings changed (those whose count changed).
    fn set_document(&mut self, doc: u32, record: &Record) -> Vec<Box<str>> {
        let (counts, length) = document_terms(record, self.analyzer);
        let bucket = length_bucket(length);
        let counts: HashMap<&str, u32> = counts
            .iter()
            .map(|(t, n)| (t.as_ref(), posting_value(*n, bucket)))
            .collect();
        // Postings of words the document no longer has, or has a different
        // number of times, go.
        let mut touched: Vec<Box<str>> = self
            .terms
            .par_iter_mut()
            .filter_map(|(term, list)| {
                let at = list.binary_search_by_key(&doc, |p| p.0).ok()?;
                if counts.get(term.as_ref()) == Some(&list[at].1) {
                    return None;
                }
                list.remove(at);
                Some(term.clone())
            })
            .collect();
        for (term, count) in counts {
            let at = match self.terms.binary_search_by(|t| t.0.as_ref().cmp(term)) {
                Ok(at) => at,
                Err(at) => {
                    self.terms.insert(at, (Box::from(term), Vec::new()));
                    at
                }
            };
            let list = &mut self.terms[at].1;
            let place = list.partition_point(|p| p.0 < doc);
            if list.get(place).is_some_and(|p| p.0 == doc) {
                continue; // the same count as before
            }
            list.insert(place, (doc, count));
            touched.push(Box::from(term));
        }
        self.lengths[doc as usize] = bucket;
        touched
    }

    /// Cuts the dictionary into chunks again after the postings of the
    /// `touched` terms (sorted) changed: a group whose terms are untouched
    /// keeps its chunks, the others are made again (in parallel); chunks
    /// that changed are written, and those no longer made removed.
    fn rechunk(
        &mut self,
        touched: &[Box<str>],
        write: &(dyn Fn(OutputFile) + Sync),
        remove: &dyn Fn(&str),
    ) {
        let modulus = modulus(&self.terms);
        let kept: HashMap<(&str, &str), &Group> = if modulus == self.modulus {
            self.groups
                .iter()
                .map(|g| ((g.first.as_ref(), g.last.as_ref()), g))
                .collect()
        } else {
            HashMap::new()
        };
        let before: HashSet<&(Box<str>, u64)> =
            self.groups.iter().flat_map(|g| &g.chunks).collect();
        // Each group, made again unless kept, its files written as soon as
        // made when a chunk changed (not all held: the whole dictionary's
        // chunks were 150 MB at 100,000 entries).
        let groups: Vec<Group> = group_ranges(&self.terms, modulus)
            .into_par_iter()
            .map(|range| {
                let (first, last) = (&self.terms[range.start].0, &self.terms[range.end - 1].0);
                let from = touched.partition_point(|t| t < first);
                let untouched = touched.get(from).is_none_or(|t| t > last);
                if let Some(group) = kept.get(&(first.as_ref(), last.as_ref()))
                    && untouched
                {
                    return (*group).clone();
                }
                let (group, files) = self.group_files(first, last, range);
                if group.chunks.iter().any(|chunk| !before.contains(chunk)) {
                    files.into_iter().for_each(write);
                }
                group
            })
            .collect();
        let old = self.paths_of(&self.groups);
        for gone in old.difference(&self.paths_of(&groups)) {
            remove(gone);
        }
        self.modulus = modulus;
        self.groups = groups;
    }

    /// A group's chunks made again, and their files: the chunks, and the
    /// rest of each tiered term's postings.
    fn group_files(
        &self,
        first: &str,
        last: &str,
        range: Range<usize>,
    ) -> (Group, Vec<OutputFile>) {
        let mut group = Group {
            first: Box::from(first),
            last: Box::from(last),
            chunks: Vec::new(),
            rests: Vec::new(),
        };
        let mut files = Vec::new();
        for chunk in chunks_of(&self.terms, range) {
            let mut hash = Fnv::default().feed(&chunk.text);
            let first = self.terms[chunk.first].0.clone();
            files.push(OutputFile::text(&chunk_path(&self.dir, &first), chunk.text));
            for (at, text) in chunk.rests {
                let term = &self.terms[at].0;
                hash = hash.feed(&text);
                files.push(OutputFile::text(&rest_path(&self.dir, term), text));
                group.rests.push(term.clone());
            }
            group.chunks.push((first, hash.0));
        }
        (group, files)
    }

    /// The paths of the files of `groups`' chunks and rests.
    fn paths_of(&self, groups: &[Group]) -> HashSet<String> {
        let chunks = groups.iter().flat_map(|g| &g.chunks);
        let rests = groups.iter().flat_map(|g| &g.rests);
        chunks
            .map(|(first, _)| chunk_path(&self.dir, first))
            .chain(rests.map(|term| rest_path(&self.dir, term)))
            .collect()
    }

    /// The paths of the chunk and rest files.
    pub fn term_paths(&self) -> HashSet<String> {
        self.paths_of(&self.groups)
    }

    fn meta(&self) -> OutputFile {
        let version = self
            .groups
            .iter()
            .flat_map(|g| g.chunks.iter().map(|c| c.1))
            .chain(self.tag_hashes.iter().copied())
            .chain(self.doc_hashes.iter().copied())
            .chain([self.kinds_hash])
            .fold(Fnv::default(), |hash, one| hash.feed(one.to_le_bytes()));
        let meta = Meta {
            version: format!("{:016x}", version.0),
            count: self.count,
            chunks: self
                .groups
                .iter()
                .flat_map(|g| g.chunks.iter().map(|c| c.0.as_ref()))
                .collect(),
            // Words in more than a third of the documents: `search.js`
            // leaves them out of a query that has other words, without
            // loading them.
            common: self
                .terms
                .iter()
                .filter(|(_, list)| list.len() * 3 > self.count && self.count >= 30)
                .map(|(term, _)| term.as_ref())
                .collect(),
            tags: &self.tags,
            stemmer: self.analyzer.stems(),
            stems: &self.stem_rules.endings,
            prefixes: &self.stem_rules.prefixes,
        };
        OutputFile::text(
            &format!("{}/meta.json", self.dir),
            serde_json::to_string(&meta).unwrap_or_default(),
        )
    }
}

/// The index of each language with its own search page (see
/// [`super::records`]).
pub struct Indexes(pub Vec<(String, Index)>);

impl Indexes {
    /// [`Index::update`] of each language's index with its records;
    /// false (after writing what fitted) when one did not fit.
    pub fn update(
        &mut self,
        changed: Vec<(String, u32, Record)>,
        write: &(dyn Fn(OutputFile) + Sync),
        remove: &dyn Fn(&str),
    ) -> bool {
        let mut by_lang: std::collections::BTreeMap<String, Vec<(u32, Record)>> =
            std::collections::BTreeMap::new();
        for (lang, doc, record) in changed {
            by_lang.entry(lang).or_default().push((doc, record));
        }
        by_lang.into_iter().all(|(lang, records)| {
            self.0
                .iter_mut()
                .find(|(l, _)| *l == lang)
                .is_some_and(|(_, index)| index.update(&records, write, remove))
        })
    }

    /// The paths of every language's chunk and rest files.
    pub fn term_paths(&self) -> HashSet<String> {
        self.0
            .iter()
            .flat_map(|(_, index)| index.term_paths())
            .collect()
    }
}

/// Builds the index files for `records`, collected, in the default folder.
pub fn index_files(records: &[Record]) -> Vec<OutputFile> {
    let files = std::sync::Mutex::new(Vec::new());
    Index::write(records, DIR, "en", &|file| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(file)
    });
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

#[derive(Serialize)]
struct Meta<'a> {
    /// Changes whenever the index does: `search.js` adds it to the address
    /// of every file it loads, so no browser mixes two builds' files.
    version: String,
    count: usize,
    /// The first term of each chunk, in order: chunk `n` holds the terms
    /// from `chunks[n]` up to `chunks[n + 1]`.
    chunks: Vec<&'a str>,
    /// Words too common to narrow a query down (in over a third of the
    /// documents), sorted.
    common: Vec<&'a str>,
    tags: &'a [TagMeta],
    /// Whether terms are Snowball stems (else words without a plural `s`).
    stemmer: bool,
    /// Endings and what they become in a stem (`["ing", ""]`): a query
    /// word is also looked up with each of its endings changed.
    stems: &'a [(String, String)],
    /// Leading letters the stemmer takes away (`["ال"]`): a query word is
    /// also looked up without each; left out where there are none.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    prefixes: &'a [String],
}

/// `kinds.json` and `statuses.json`: each document's kind letter as runs
/// (`["q",5000,"g",3500]`: pages of a kind sit together, so a query
/// without results can keep the questions of its nearest matches for a
/// few bytes), and its status letter, a letter a document (a file that
/// grows with the site, loaded only to filter by status).
fn kind_files(letters: &[[u8; 2]]) -> (String, String) {
    let mut runs: Vec<(char, usize)> = Vec::new();
    for [kind, _] in letters {
        match runs.last_mut() {
            Some((letter, n)) if *letter == char::from(*kind) => *n += 1,
            _ => runs.push((char::from(*kind), 1)),
        }
    }
    let runs: Vec<serde_json::Value> = runs
        .into_iter()
        .flat_map(|(letter, n)| [letter.to_string().into(), n.into()])
        .collect();
    let statuses: String = letters.iter().map(|[_, s]| char::from(*s)).collect();
    (
        serde_json::to_string(&runs).unwrap_or_default(),
        serde_json::to_string(&statuses).unwrap_or_default(),
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::search::Kind;
    use std::collections::BTreeMap;

    fn bytes(file: &OutputFile) -> &[u8] {
        match &file.source {
            crate::output::Source::Bytes(bytes) => bytes,
            crate::output::Source::Copy(_) => &[],
        }
    }

    fn record(title: &str, text: &str) -> Record<'static> {
        Record {
            url: format!("/{}/", title.to_lowercase()),
            title: title.into(),
            summary: String::new(),
            kind: Kind::Guide,
            status: None,
            tags: Vec::new(),
            text: vec![text.to_string().into()],
        }
    }

    fn meta_of(files: &[OutputFile]) -> serde_json::Value {
        serde_json::from_slice(bytes(
            files.iter().find(|f| f.path == "search/meta.json").unwrap(),
        ))
        .unwrap()
    }

    /// The postings of `term`, decoded from the chunk that holds it (and,
    /// for a tiered term, its rest file), in document order.
    fn postings(files: &[OutputFile], term: &str) -> Vec<(u32, u32)> {
        let (top, rest) = tiers_of(files, term);
        let mut all: Vec<(u32, u32)> = top.into_iter().chain(rest.unwrap_or_default()).collect();
        all.sort_unstable();
        all
    }

    /// A term's postings in its chunk, and those of its rest file when it
    /// is tiered.
    fn tiers_of(files: &[OutputFile], term: &str) -> (Postings, Option<Postings>) {
        let meta = meta_of(files);
        let starts = meta["chunks"].as_array().unwrap();
        let chunk = starts
            .iter()
            .rposition(|s| s.as_str().unwrap() <= term)
            .unwrap();
        let path = chunk_path(DIR, starts[chunk].as_str().unwrap());
        let file = files.iter().find(|f| f.path == path).unwrap();
        let terms: serde_json::Value = serde_json::from_slice(bytes(file)).unwrap();
        let decode = |list: &str| -> Postings {
            let mut doc = 0;
            crate::publish::search::chunks::tests::decode_numbers(list)
                .chunks(2)
                .map(|pair| {
                    doc += pair[0];
                    (doc, pair[1])
                })
                .collect()
        };
        match &terms[term] {
            serde_json::Value::String(list) => (decode(list), None),
            serde_json::Value::Array(tiered) => {
                let path = rest_path(DIR, term);
                let rest = files.iter().find(|f| f.path == path).expect("a rest file");
                let rest: String = serde_json::from_slice(bytes(rest)).unwrap();
                let top = decode(tiered[0].as_str().unwrap());
                assert_eq!(
                    tiered[1].as_u64(),
                    Some((top.len() + decode(&rest).len()) as u64)
                );
                (top, Some(decode(&rest)))
            }
            _ => (Vec::new(), None),
        }
    }

    #[test]
    fn a_word_in_the_title_outranks_the_same_word_in_the_body() {
        let records = [
            record("Rotating certificates", "How we do it."),
            record("Networking", "We rotate things, and certificates too."),
        ];
        let files = index_files(&records);
        // English terms are Snowball stems: "certificates" is "certif".
        let found = postings(&files, "certif");
        assert_eq!(found.len(), 2);
        assert!(found[0].1 > found[1].1, "{found:?}");
        assert!(postings(&files, "missing").is_empty());
    }

    #[test]
    fn documents_lengths_travel_in_their_postings_and_kinds_in_a_file_of_their_own() {
        let filler = "other ".repeat(2000);
        let records = [
            record("One", "backup"),
            record("Two", &format!("backup {filler}")),
        ];
        let files = index_files(&records);
        // The same count, 1, with each document's length bucket: 5 + 1
        // words is bucket round(4 log2 6) = 10; 5 + 2001, 44.
        assert_eq!(postings(&files, "backup"), [(0, 64 + 10), (1, 64 + 44)]);
        // No table of every document in the first file a query loads.
        let meta = meta_of(&files);
        assert!(meta.get("lengths").is_none() && meta.get("kinds").is_none());
        let file = |path: &str| bytes(files.iter().find(|f| f.path == path).unwrap());
        assert_eq!(file("search/kinds.json"), br#"["g",2]"#);
        assert_eq!(file("search/statuses.json"), br#""--""#);
    }

    #[test]
    fn a_posting_depends_on_its_document_alone() {
        // search.js applies the inverse document frequency and the length;
        // the postings of a document do not move when others change.
        let one = index_files(&[record("A", "restore drill"), record("B", "restore")]);
        let more: Vec<Record> = [record("A", "restore drill"), record("B", "restore")]
            .into_iter()
            .chain((0..50).map(|n| record(&format!("C{n}"), "restore many more words")))
            .collect();
        let many = index_files(&more);
        assert_eq!(postings(&one, "drill"), postings(&many, "drill"));
        assert_eq!(
            postings(&one, "restor")[..2],
            postings(&many, "restor")[..2]
        );
    }

    /// The files of `index` after `update`, applied to `files`.
    fn updated(
        records: &[Record],
        changed: &[(u32, Record)],
    ) -> (BTreeMap<String, Vec<u8>>, usize) {
        let files = std::sync::Mutex::new(BTreeMap::new());
        let write = |file: OutputFile| {
            let mut files = files.lock().unwrap();
            files.insert(file.path.clone(), bytes(&file).to_vec());
        };
        let mut index = Index::write(records, DIR, "en", &write);
        let written = std::sync::Mutex::new(0);
        let count = |file: OutputFile| {
            *written.lock().unwrap() += 1;
            write(file);
        };
        let removed = |path: &str| {
            files.lock().unwrap().remove(path);
        };
        assert!(index.update(changed, &count, &removed));
        let written = *written.lock().unwrap();
        (files.into_inner().unwrap(), written)
    }

    #[test]
    fn an_update_writes_what_a_fresh_index_holds() {
        // Many distinct words, so the dictionary has many chunks.
        let records: Vec<Record> = (0..40)
            .map(|n| {
                let text: String = (0..500)
                    .map(|w| format!("w{:05} ", (n * 500 + w) % 15_000))
                    .collect();
                record(&format!("Page {n}"), &text)
            })
            .collect();
        let edits = [
            "w00001 and brand new words: zebra quokka",
            "",
            &records[7].text.concat().replace("w03", "x03"),
        ];
        for edit in edits {
            let mut after = records.clone();
            after[7].text = vec![edit.to_string().into()];
            let (files, written) = updated(&records, &[(7, after[7].clone())]);
            let fresh: BTreeMap<String, Vec<u8>> = index_files(&after)
                .into_iter()
                .map(|f| (f.path.clone(), bytes(&f).to_vec()))
                .collect();
            assert_eq!(
                files.keys().collect::<Vec<_>>(),
                fresh.keys().collect::<Vec<_>>()
            );
            for (path, content) in &fresh {
                assert!(
                    files[path] == *content,
                    "{path} differs after `{}`",
                    &edit[..edit.len().min(30)]
                );
            }
            let chunks = fresh
                .keys()
                .filter(|p| p.starts_with("search/terms/"))
                .count();
            assert!(chunks > 5, "{chunks} chunks");
            assert!(
                written < chunks,
                "wrote {written} files for one edit of {chunks} chunks"
            );
        }
    }

    #[test]
    fn a_tiered_terms_rest_file_follows_updates_and_goes_when_it_is_no_longer_tiered() {
        use crate::publish::search::chunks::{TIERED_AFTER, TOP_TIER};
        // "backup" in one page more than stay whole in a chunk, in pages
        // of many lengths.
        let records: Vec<Record> = (0..=TIERED_AFTER)
            .map(|n| {
                record(
                    &format!("Page {n}"),
                    &format!("backup {}", "word ".repeat(n % 40)),
                )
            })
            .collect();
        let files = index_files(&records);
        let (top, rest) = tiers_of(&files, "backup");
        assert_eq!(top.len(), TOP_TIER);
        assert_eq!(rest.map(|r| r.len()), Some(TIERED_AFTER + 1 - TOP_TIER));
        let rest_file = rest_path(DIR, "backup");
        // Page 7 weighs more, then loses the word: the term is whole again.
        for (edit, tiered) in [("backup backup backup", true), ("nothing", false)] {
            let mut after = records.clone();
            after[7].text = vec![edit.to_string().into()];
            let (files, _) = updated(&records, &[(7, after[7].clone())]);
            let fresh: BTreeMap<String, Vec<u8>> = index_files(&after)
                .into_iter()
                .map(|f| (f.path.clone(), bytes(&f).to_vec()))
                .collect();
            assert_eq!(files, fresh, "after `{edit}`");
            assert_eq!(files.contains_key(&rest_file), tiered, "after `{edit}`");
        }
    }

    #[test]
    fn an_update_that_changes_a_kind_is_refused() {
        let records = [record("A", "x")];
        let mut index = Index::write(&records, DIR, "en", &|_| {});
        let mut changed = record("A", "y");
        changed.kind = Kind::Question;
        assert!(!index.update(&[(0, changed)], &|_| panic!("nothing written"), &|_| {}));
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
        let meta = meta_of(&files);
        // "page" and "often" are in all 30; "seldom" in 11, over a third.
        assert_eq!(
            meta["common"],
            serde_json::json!(["often", "page", "seldom"])
        );
        let records: Vec<Record> = (0..30)
            .map(|n| record(&format!("Page {n}"), if n < 10 { "seldom" } else { "" }))
            .collect();
        let files = index_files(&records);
        let meta = meta_of(&files);
        assert_eq!(
            meta["common"],
            serde_json::json!(["page"]),
            "10 of 30 is not over a third"
        );
    }
}
