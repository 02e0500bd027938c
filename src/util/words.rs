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

/// Calls `visit` with each word of `text` as the search index and
/// `search.js` both see them: runs of letters and digits, lower-cased,
/// with a plural `s` dropped (`backups` and `backup` are one word; `class`
/// keeps its `ss`). Keep in step with `words()` in
/// `themes/default/static/search.js`.
///
/// A word that had to be lower-cased is lent from `scratch`, so the index
/// allocates per new term, not per word (a 10,000-entry site has four
/// million words and twenty thousand terms).
pub fn each_search_word(text: &str, scratch: &mut String, mut visit: impl FnMut(&str)) {
    for run in runs(text) {
        if run.len() > 40 && run.chars().count() > 40 {
            continue;
        }
        let word = if run
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            run
        } else {
            scratch.clear();
            if run.is_ascii() {
                scratch.push_str(run);
                scratch.make_ascii_lowercase();
            } else {
                scratch.push_str(&run.to_lowercase());
            }
            scratch.as_str()
        };
        let plural = word.ends_with('s') && !word.ends_with("ss") && word.chars().nth(3).is_some();
        visit(if plural {
            &word[..word.len() - 1]
        } else {
            word
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_lower_cased_runs_of_letters_and_digits_without_plural_s() {
        let words = |text: &str| {
            let mut found = Vec::new();
            each_search_word(text, &mut String::new(), |word| {
                found.push(word.to_string())
            });
            found
        };
        let found = words("Backups, TLS & café-au-lait: 3 classes of k8s");
        assert_eq!(
            found,
            [
                "backup", "tls", "café", "au", "lait", "3", "classe", "of", "k8s"
            ]
        );
        assert_eq!(words(&"a".repeat(41)).len(), 0, "over-long runs are noise");
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
