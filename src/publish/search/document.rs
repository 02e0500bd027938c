//! One document of the search index: its words with their weights, its
//! terms and length as the index keeps them, its kind and status letters
//! in `meta.json`, and its own file under `search/doc/`.

use std::collections::BTreeMap;

use frostem::Stemmer;
use rustc_hash::FxHashMap;

use super::{DocStatus, Record};
use crate::content::Kind;
use crate::output::OutputFile;
use crate::util::hash::Fnv;
use crate::util::words::{each_search_word, fold_into, without_plural_s};

/// How much more a word counts in a title or a tag than in the body.
const TITLE_WEIGHT: u32 = 5;

/// Documents' lengths are given to `search.js` as buckets of this many
/// per doubling (a length of `2^(b/4)` words for bucket `b`).
const BUCKETS_PER_DOUBLING: f64 = 4.0;

/// How an index turns words into terms: Snowball stems for the languages
/// Snowball has (`contributing` and `contribute` are `contribut`), else
/// words without a plural `s`; Chinese and Japanese pairs as they are; and
/// a word written with accents also as written, so that an exact match
/// ranks higher.
#[derive(Clone, Copy)]
pub(super) struct Analyzer {
    stemmer: Option<Stemmer>,
}

impl Analyzer {
    /// Whether it stems words.
    pub(super) fn stems(&self) -> bool {
        self.stemmer.is_some()
    }

    /// The analyzer of a language (a BCP 47 tag): Snowball's algorithm
    /// for its primary subtag (`en`, `fr`, `pt` of `pt-BR`), if it has one.
    pub(super) fn for_language(tag: &str) -> Analyzer {
        let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
        let name = match primary.as_str() {
            "nb" | "nn" => "no",
            // Snowball's names, not languages.
            "porter" | "lovins" => "",
            other => other,
        };
        Analyzer {
            stemmer: Stemmer::try_from_name(name).ok(),
        }
    }
}

/// Stems already made, by lower-cased word (a thread's own: a site has
/// millions of words and tens of thousands of distinct ones).
#[derive(Default)]
pub(super) struct Stems {
    by_word: FxHashMap<Box<str>, Box<str>>,
    lower: String,
}

impl Stems {
    /// Another thread's stems too.
    pub(super) fn merge(mut self, other: Stems) -> Stems {
        if self.by_word.len() < other.by_word.len() {
            return other.merge(self);
        }
        self.by_word.extend(other.by_word);
        self
    }

    /// How a query word becomes its stem, learned from every word of the
    /// index and its stem, so the same content gives the same rules:
    /// `search.js` has no stemmer of its own and tries these on each word
    /// it is given (see [`StemRules`]).
    pub(super) fn rules(&self) -> StemRules {
        let mut endings: BTreeMap<(String, String), usize> = BTreeMap::new();
        let mut prefixes: BTreeMap<String, usize> = BTreeMap::new();
        let mut folded = String::new();
        for (word, stem) in &self.by_word {
            fold_into(word, &mut folded);
            let (lead, common) = aligned(&folded, stem);
            if lead > 0 {
                *prefixes.entry(folded[..lead].to_string()).or_default() += 1;
            }
            let rest = &folded[lead..];
            if common == rest.len() && common == stem.len() {
                continue;
            }
            *endings
                .entry((rest[common..].to_string(), stem[common..].to_string()))
                .or_default() += 1;
        }
        StemRules {
            endings: commonest(endings, STEM_RULES),
            prefixes: commonest(prefixes, STEM_PREFIXES),
        }
    }
}

/// What a query word can lose or change to become a stem: endings and
/// what they become (`ing` → ``, `ies` → `i`), and leading letters a
/// stemmer takes away (Arabic's article and the letters joined to it:
/// `ال`, `بال`, `وال`), each the commonest first.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct StemRules {
    pub endings: Vec<(String, String)>,
    pub prefixes: Vec<String>,
}

/// Where `stem` sits in `word`: the bytes of `word` before it (none, or up
/// to three letters a stemmer took away) and the bytes the two share from
/// there. Leading letters count only where they leave at least two
/// letters in common, and more than the word shares from its start.
fn aligned(word: &str, stem: &str) -> (usize, usize) {
    let shared = |from: &str| {
        from.char_indices()
            .zip(stem.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or((0, 0), |((i, a), _)| {
                (i + a.len_utf8(), from[..i].chars().count() + 1)
            })
    };
    let (mut best, mut best_chars) = shared(word);
    let mut lead = 0;
    for (start, _) in word.char_indices().skip(1).take(3) {
        let (bytes, chars) = shared(&word[start..]);
        if chars >= 2 && chars > best_chars {
            (lead, best, best_chars) = (start, bytes, chars);
        }
    }
    (lead, best)
}

/// The keys counted at least twice, the commonest first (then in order),
/// at most `most` of them.
fn commonest<K: Ord>(counts: BTreeMap<K, usize>, most: usize) -> Vec<K> {
    let mut kept: Vec<(K, usize)> = counts.into_iter().filter(|(_, n)| *n >= 2).collect();
    kept.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    kept.truncate(most);
    kept.into_iter().map(|(key, _)| key).collect()
}

/// At most this many leading letters go to `search.js`.
const STEM_PREFIXES: usize = 30;

/// At most this many stem rules go to `search.js`.
const STEM_RULES: usize = 200;

/// Calls `visit` with each term of a record and its weight: title and
/// tags weigh more.
pub(super) fn each_weighted_word(
    record: &Record,
    analyzer: Analyzer,
    scratch: &mut String,
    stems: &mut Stems,
    mut visit: impl FnMut(&str, u32),
) {
    each_term(&record.title, analyzer, scratch, stems, &mut |t| {
        visit(t, TITLE_WEIGHT)
    });
    for tag in &record.tags {
        each_term(tag, analyzer, scratch, stems, &mut |t| {
            visit(t, TITLE_WEIGHT)
        });
    }
    for piece in &record.text {
        each_term(piece, analyzer, scratch, stems, &mut |t| visit(t, 1));
    }
}

fn each_term(
    text: &str,
    analyzer: Analyzer,
    scratch: &mut String,
    stems: &mut Stems,
    visit: &mut dyn FnMut(&str),
) {
    each_search_word(text, scratch, |word| {
        if word.cjk {
            visit(word.text);
            return;
        }
        // Written with accents (or any other letter folding changes).
        let exact = (!word.written.is_ascii()).then(|| {
            stems.lower.clear();
            stems
                .lower
                .extend(word.written.chars().flat_map(char::to_lowercase));
            stems.lower != word.text
        });
        match analyzer.stemmer {
            None => visit(without_plural_s(word.text)),
            Some(stemmer) => {
                let key = if exact.is_some() {
                    stems.lower.as_str()
                } else {
                    word.text
                };
                match stems.by_word.get(key) {
                    Some(stem) => visit(stem),
                    None => {
                        let mut stem = String::new();
                        fold_into(&stemmer.stem(key), &mut stem);
                        visit(&stem);
                        stems.by_word.insert(Box::from(key), stem.into_boxed_str());
                    }
                }
            }
        }
        if exact == Some(true) {
            visit(&stems.lower);
        }
    });
}

/// A record's terms with their weighted counts, sorted, and its length.
pub(super) fn document_terms(record: &Record, analyzer: Analyzer) -> (Vec<(Box<str>, u32)>, u32) {
    let mut all: Vec<(Box<str>, u32)> = Vec::new();
    let mut stems = Stems::default();
    each_weighted_word(
        record,
        analyzer,
        &mut String::new(),
        &mut stems,
        |word, weight| {
            all.push((Box::from(word), weight));
        },
    );
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
/// scale (0 to 63), as `search.js` reads it.
pub(super) fn length_bucket(length: u32) -> u8 {
    let bucket = (f64::from(length.max(1)).log2() * BUCKETS_PER_DOUBLING).round() as u32;
    bucket.min(LENGTH_BUCKETS - 1) as u8
}

/// How many length buckets there are: a posting's value is its count
/// times this plus its document's bucket, so `search.js` reads a
/// document's length where it reads the count, and `meta.json` needs no
/// table of every document's length (it grew with the site: 100 kB at
/// 100,000 documents, in the first fetch of every query).
pub(super) const LENGTH_BUCKETS: u32 = 64;

/// A posting's value: the term's weighted count in the document and the
/// document's length bucket.
pub(super) fn posting_value(count: u32, bucket: u8) -> u32 {
    count
        .saturating_mul(LENGTH_BUCKETS)
        .saturating_add(u32::from(bucket))
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

/// A record's kind and status letters, as `kinds.json` and `statuses.json` list them:
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

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: &str, text: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut stems = Stems::default();
        each_term(
            text,
            Analyzer::for_language(lang),
            &mut String::new(),
            &mut stems,
            &mut |t| found.push(t.to_string()),
        );
        found
    }

    #[test]
    fn each_language_gets_its_stems_and_accented_words_their_exact_form() {
        assert_eq!(
            terms("en", "contributing contribute Backups"),
            ["contribut", "contribut", "backup"]
        );
        assert_eq!(
            terms("fr", "Réponses acceptées"),
            ["repons", "réponses", "accept", "acceptées"]
        );
        assert_eq!(terms("pt-BR", "perguntas"), ["pergunt"]);
        // No Snowball algorithm: a plural `s` goes; Japanese as pairs.
        assert_eq!(terms("ja", "backups 復元"), ["backup", "復元"]);
        assert_eq!(
            terms("nb", "spørsmålene").len(),
            2,
            "Norwegian Bokmål stems as Norwegian"
        );
    }

    #[test]
    fn stem_endings_for_search_js_come_from_the_words() {
        let mut stems = Stems::default();
        let analyzer = Analyzer::for_language("en");
        for text in ["testing building running backups restores", "walked talked"] {
            each_term(text, analyzer, &mut String::new(), &mut stems, &mut |_| {});
        }
        let rules = stems.rules();
        assert!(
            rules.endings.contains(&("ing".into(), String::new())),
            "{rules:?}"
        );
        assert!(
            rules.endings.contains(&("ed".into(), String::new())),
            "{rules:?}"
        );
        assert!(rules.prefixes.is_empty(), "{rules:?}");
    }

    /// Arabic's stemmer takes the article (and a letter joined to it)
    /// away: search.js is told to try the word without it.
    #[test]
    fn leading_letters_a_stemmer_takes_away_are_rules_too() {
        let mut stems = Stems::default();
        let analyzer = Analyzer::for_language("ar");
        let text = "التشغيل تشغيل الدليل دليل بالتنبيه التنبيه والكتاب";
        each_term(text, analyzer, &mut String::new(), &mut stems, &mut |_| {});
        let rules = stems.rules();
        assert_eq!(
            rules.prefixes.first().map(String::as_str),
            Some("ال"),
            "{rules:?}"
        );
        assert_eq!(aligned("التشغيل", "تشغيل"), ("ال".len(), "تشغيل".len()));
        assert_eq!(aligned("testing", "test"), (0, 4));
        assert_eq!(
            aligned("ab", "b"),
            (0, 0),
            "one letter in common is not a match"
        );
    }
}
