//! Words of a text, for the three readers of words: related pages (title
//! words in common), review hints (titles alike enough to be duplicates)
//! and search (every word of every page). All split a text into the same
//! runs of letters and digits; each keeps the words that matter to it.

/// The runs of letters and digits of `text`, as written.
pub fn runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|run| !run.is_empty())
}

/// The commonest English words of titles, left out when related pages are
/// ranked by title words (which keeps words of four letters or more).
pub const RELATED_STOP: &[&str] = &[
    "about", "after", "again", "also", "does", "from", "have", "into", "just", "like", "make",
    "more", "most", "much", "need", "only", "over", "should", "some", "than", "that", "their",
    "them", "then", "there", "these", "they", "this", "what", "when", "where", "which", "while",
    "will", "with", "without", "would", "your",
];

/// The commonest words of questions' titles, left out when titles are
/// compared for likely duplicates (which keeps words of three letters or
/// more).
pub const DUPLICATE_STOP: &[&str] = &[
    "the", "and", "for", "how", "what", "why", "when", "which", "who", "can", "does", "with",
    "without", "our", "you", "your", "are", "should", "there", "this", "that", "from", "into",
    "about", "any", "use", "using", "get", "way", "best", "good",
];

/// The distinct lower-cased words of `text` with at least `min_chars`
/// characters and not in `stop`, each passed through `shape`, sorted.
pub fn distinct(
    text: &str,
    min_chars: usize,
    stop: &[&str],
    shape: impl Fn(String) -> String,
) -> Vec<String> {
    let mut words: Vec<String> = runs(text)
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= min_chars && !stop.contains(&w.as_str()))
        .map(shape)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Cuts one common English ending, keeping at least three letters
/// ("testing" reads as "test", "backups" as "backup").
pub fn stem(word: String) -> String {
    for suffix in ["ing", "ies", "es", "ed", "s"] {
        if let Some(root) = word.strip_suffix(suffix)
            && root.chars().count() >= 3
        {
            return root.to_string();
        }
    }
    word
}

/// One word of a text as search reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchWord<'a> {
    /// Lower-cased with accents folded (`cafe`), or a pair of CJK
    /// characters.
    pub text: &'a str,
    /// The word as written (`Café`), for an exact match to rank higher.
    pub written: &'a str,
    /// A pair (or a lone character) of Chinese or Japanese.
    pub cjk: bool,
}

/// Calls `visit` with each word of `text` as the search index and
/// `search.js` both see them: runs of letters, marks and digits,
/// lower-cased, accents folded (`café` is `cafe`), at most 40 characters.
/// Chinese, Japanese, Thai, Lao, Myanmar and Khmer are written without
/// spaces: their characters (see [`is_cjk`]) become overlapping pairs
/// (`復元訓練` is `復元`, `元訓`, `訓練`; a lone character stays one), so
/// a query finds its words inside a sentence. Stems or plurals are the index's business
/// (see `publish::search::document`). Keep in step with `words()` in
/// `themes/default/static/search.js`.
///
/// A word that had to be changed is lent from `scratch`, so the index
/// allocates per new term, not per word (a 10,000-entry site has four
/// million words and twenty thousand terms).
pub fn each_search_word(text: &str, scratch: &mut String, mut visit: impl FnMut(SearchWord)) {
    for run in search_runs(text) {
        if run.is_ascii() {
            if run.len() > 40 {
                continue;
            }
            let word = if run.bytes().any(|b| b.is_ascii_uppercase()) {
                scratch.clear();
                scratch.push_str(run);
                scratch.make_ascii_lowercase();
                scratch.as_str()
            } else {
                run
            };
            visit(SearchWord {
                text: word,
                written: run,
                cjk: false,
            });
            continue;
        }
        each_part(run, |part, cjk| {
            if cjk {
                let chars: Vec<(usize, char)> = part.char_indices().collect();
                let mut pair = |text| {
                    visit(SearchWord {
                        text,
                        written: text,
                        cjk: true,
                    })
                };
                if chars.len() == 1 {
                    pair(part);
                }
                for two in chars.windows(2) {
                    let end = two[1].0 + two[1].1.len_utf8();
                    pair(&part[two[0].0..end]);
                }
            } else if part.chars().count() <= 40 {
                fold_into(part, scratch);
                if !scratch.is_empty() {
                    visit(SearchWord {
                        text: scratch,
                        written: part,
                        cjk: false,
                    });
                }
            }
        });
    }
}

/// Runs of letters, combining marks and digits: marks belong to their
/// letter (a Devanagari virama, a decomposed accent), so `हिन्दी` is one
/// word. (Not UAX #29 word boundaries: those keep `l'équipe` and `3.5`
/// whole, which a search for `équipe` or `3` should find.)
fn search_runs(text: &str) -> impl Iterator<Item = &str> {
    use unicode_normalization::char::is_combining_mark;
    text.split(|c: char| !(c.is_alphanumeric() || (!c.is_ascii() && is_combining_mark(c))))
        .filter(|run| !run.is_empty())
}

/// The parts of a run of letters and digits: CJK characters (`true`) and
/// the rest (`false`), in order.
fn each_part(run: &str, mut visit: impl FnMut(&str, bool)) {
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, c) in run.char_indices() {
        let cjk = is_cjk(c);
        if current.is_some_and(|kind| kind != cjk) {
            visit(&run[start..i], !cjk);
            start = i;
        }
        current = Some(cjk);
    }
    if let Some(kind) = current {
        visit(&run[start..], kind);
    }
}

/// Scripts written without spaces between words: Han (CJK ideographs and
/// their extensions), Hiragana and Katakana (with the half-width forms),
/// and Thai, Lao, Myanmar and Khmer. Their text becomes overlapping
/// pairs of characters, the usual way to search text whose word
/// boundaries need a dictionary. The same ranges as `CJK` in `search.js`.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}'
        | '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{2FA1F}' | '\u{30000}'..='\u{3134F}')
}

/// `word` lower-cased with its accents taken off (canonical decomposition,
/// then the combining marks on Latin, Greek and Cyrillic letters dropped:
/// `Café` is `cafe`; the vowel signs of Devanagari stay), into `out`.
pub fn fold_into(word: &str, out: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    let mut on_latin = false;
    for c in word.nfd() {
        if is_combining_mark(c) {
            if !on_latin {
                out.push(c);
            }
            continue;
        }
        on_latin = c < '\u{0530}';
        out.extend(c.to_lowercase());
    }
}

/// `n` and an English noun for a terminal line: `1 guide`, `2 guides`;
/// `plural` for a noun that takes another form (`person`, `people`).
pub fn count(n: usize, one: &str, plural: Option<&str>) -> String {
    match (n, plural) {
        (1, _) => format!("1 {one}"),
        (_, Some(plural)) => format!("{n} {plural}"),
        (_, None) => format!("{n} {one}s"),
    }
}

/// `word` without a plural `s` (`backups` is `backup`; `class` keeps its
/// `ss`, words of three letters theirs): for languages without a stemmer.
pub fn without_plural_s(word: &str) -> &str {
    let plural = word.ends_with('s') && !word.ends_with("ss") && word.chars().nth(3).is_some();
    if plural {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// At most `max` characters, cut at a word, with an ellipsis when cut.
pub fn truncate_words(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_ascii_punctuation())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_cuts_at_words() {
        assert_eq!(truncate_words("short", 10), "short");
        assert_eq!(truncate_words("one two three four", 10), "one two…");
    }

    #[test]
    fn search_words_are_folded_runs_of_letters_and_digits_and_cjk_pairs() {
        let words = |text: &str| {
            let mut found = Vec::new();
            each_search_word(text, &mut String::new(), |word| {
                found.push(word.text.to_string())
            });
            found
        };
        let found = words("Backups, TLS & café-au-lait: 3 classes of k8s, Ærø Ürün");
        assert_eq!(
            found,
            [
                "backups", "tls", "cafe", "au", "lait", "3", "classes", "of", "k8s", "ærø", "urun"
            ]
        );
        assert_eq!(words("हिन्दी e\u{301}te\u{301}"), ["हिन्दी", "ete"]);
        assert_eq!(without_plural_s("backups"), "backup");
        assert_eq!(without_plural_s("class"), "class");
        assert_eq!(
            words("復元訓練を行う"),
            ["復元", "元訓", "訓練", "練を", "を行", "行う"]
        );
        assert_eq!(words("OSPOの旅"), ["ospo", "の旅"]);
        assert_eq!(words("字"), ["字"]);
        // Thai is written without spaces too.
        assert_eq!(words("ภาษาไทย"), ["ภา", "าษ", "ษา", "าไ", "ไท", "ทย"]);
        // A long sentence without spaces is still indexed.
        assert_eq!(words(&"字".repeat(60)).len(), 59);
        assert_eq!(words(&"a".repeat(41)).len(), 0, "over-long runs are noise");
    }

    #[test]
    fn counts_name_one_or_many() {
        assert_eq!(count(1, "guide", None), "1 guide");
        assert_eq!(count(0, "guide", None), "0 guides");
        assert_eq!(count(2, "person", Some("people")), "2 people");
        assert_eq!(count(1, "person", Some("people")), "1 person");
    }

    #[test]
    fn related_title_words_skip_short_and_common_words() {
        assert_eq!(
            distinct(
                "How do I rotate TLS certificates without downtime?",
                4,
                RELATED_STOP,
                |w| w
            ),
            ["certificates", "downtime", "rotate"]
        );
    }

    #[test]
    fn duplicate_title_words_are_stemmed() {
        assert_eq!(
            distinct("Testing a restore of the backups?", 3, DUPLICATE_STOP, stem),
            ["backup", "restore", "test"]
        );
    }
}
