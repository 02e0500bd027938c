//! Bylines: an `author:` written as one line of text, the way Hugo and
//! Jekyll blogs credit people (`"Shane Utt (Kong), Andrew Stoycos (Red
//! Hat)"`, `"[Chris Short](https://twitter.com/ChrisShort)"`, `"Mengjiao
//! Liu and Patrick Ohly"`), read as the people it names: each a name, a web
//! address when the name is a markdown link, and an affiliation when a
//! parenthesis ends it.

use std::ops::Range;

/// One person a byline credits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Credit {
    pub name: String,
    pub url: Option<String>,
    pub affiliation: Option<String>,
}

/// The people `text` names, in order. Names are separated by `;`, ` and `,
/// ` & ` or commas, outside brackets and parentheses; commas do not
/// separate "Lovelace, Ada" (two parts of one word each: a name written
/// family name first) nor a suffix ("King, Jr.", "Ana Lima, PhD").
pub(super) fn read(text: &str) -> Vec<Credit> {
    let mut credits = Vec::new();
    for group in split_outside(text, &[";", " and ", " & "]) {
        let group = &text[group];
        let parts = with_suffixes(group, split_outside(group, &[","]));
        let family_first = parts.len() == 2
            && parts.iter().all(|part| {
                let part = part.trim();
                !part.is_empty() && !part.contains([' ', '(', '[']) && !part.starts_with("and ")
            });
        if family_first {
            credits.extend(credit(group));
        } else {
            for part in parts {
                let part = part.trim();
                credits.extend(credit(part.strip_prefix("and ").unwrap_or(part)));
            }
        }
    }
    credits
}

/// What follows a name after a comma without being another person's.
const SUFFIXES: [&str; 12] = [
    "jr", "jr.", "sr", "sr.", "phd", "ph.d.", "md", "m.d.", "ii", "iii", "iv", "esq.",
];

/// The parts of `group` (split at commas, as `ranges`) with each suffix
/// joined to the part before it.
fn with_suffixes(group: &str, ranges: Vec<Range<usize>>) -> Vec<&str> {
    let mut joined: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        let part = group[range.clone()].trim();
        let bare = trailing_parenthesis(part).map_or(part, |(rest, _)| rest);
        match joined.last_mut() {
            Some(last) if SUFFIXES.contains(&bare.trim().to_lowercase().as_str()) => {
                last.end = range.end;
            }
            _ => joined.push(range),
        }
    }
    joined.into_iter().map(|range| &group[range]).collect()
}

/// One person: `[Name](url) (Affiliation)`, each part but the name
/// optional; after a link, whatever follows is the affiliation
/// (`[Ana](https://…) (Acme) / Docs team` is with "Acme / Docs team").
fn credit(text: &str) -> Option<Credit> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let (name, url, affiliation) = match leading_link(text) {
        Some((name, url, rest)) if !name.trim().is_empty() => {
            let url = crate::config::is_web_url(url).then(|| url.to_string());
            (name, url, unwrap_first_parenthesis(rest.trim()))
        }
        _ => match trailing_parenthesis(text) {
            Some((rest, inner)) if !rest.trim().is_empty() => (rest, None, inner.to_string()),
            _ => (text, None, String::new()),
        },
    };
    let affiliation = affiliation.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(Credit {
        name: name.split_whitespace().collect::<Vec<_>>().join(" "),
        url,
        affiliation: (!affiliation.is_empty()).then_some(affiliation),
    })
}

/// `(Acme) / Docs team` as `Acme / Docs team`; any other text as it is.
fn unwrap_first_parenthesis(text: &str) -> String {
    match text
        .strip_prefix('(')
        .and_then(|rest| closing(rest).map(|at| (rest, at)))
    {
        Some((rest, at)) => format!("{}{}", &rest[..at], &rest[at + 1..]),
        None => text.to_string(),
    }
}

/// Where the parenthesis open before `text` closes in it.
fn closing(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(at),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// `text` split at each of `separators` not inside `(…)` or `[…]`.
fn split_outside(text: &str, separators: &[&str]) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let (mut depth, mut start, mut at) = (0usize, 0, 0);
    while at < text.len() {
        let rest = &text[at..];
        let found = separators.iter().find(|s| rest.starts_with(**s));
        match (depth, found) {
            (0, Some(separator)) => {
                parts.push(start..at);
                at += separator.len();
                start = at;
                continue;
            }
            _ => match rest.as_bytes()[0] {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        at += rest.chars().next().map_or(1, char::len_utf8);
    }
    parts.push(start..text.len());
    parts
}

/// `text` without the parenthesis that ends it, and what it holds; not a
/// markdown link's address (`[name](url)`).
fn trailing_parenthesis(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_suffix(')')?;
    let mut depth = 0usize;
    for (at, c) in inner.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => {
                let (before, within) = (&inner[..at], inner[at + 1..].trim());
                return (!before.ends_with(']') && !within.is_empty()).then_some((before, within));
            }
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// `[name](url)` at the start of `text`, and the text after it.
fn leading_link(text: &str) -> Option<(&str, &str, &str)> {
    let (name, rest) = text.strip_prefix('[')?.split_once("](")?;
    let end = closing(rest)?;
    let url = &rest[..end];
    (!url.contains(char::is_whitespace) && !name.contains(['[', ']'])).then_some((
        name,
        url,
        &rest[end + 1..],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        read(text)
            .into_iter()
            .map(|c| (c.name, c.url, c.affiliation))
            .collect()
    }

    fn plain(name: &str) -> (String, Option<String>, Option<String>) {
        (name.to_string(), None, None)
    }

    #[test]
    fn one_name_is_one_person() {
        assert_eq!(names("Ana Lima"), [plain("Ana Lima")]);
        assert_eq!(names("  Ana   Lima "), [plain("Ana Lima")]);
        assert_eq!(names("ana"), [plain("ana")]);
        assert_eq!(names(""), []);
    }

    #[test]
    fn a_parenthesis_at_the_end_is_the_affiliation() {
        assert_eq!(
            names("Patrick Ohly (Intel)"),
            [("Patrick Ohly".to_string(), None, Some("Intel".to_string()))]
        );
        assert_eq!(
            names("Jason (Jay) Smith (Google Cloud)"),
            [(
                "Jason (Jay) Smith".to_string(),
                None,
                Some("Google Cloud".to_string())
            )]
        );
        assert_eq!(names("(Intel)"), [plain("(Intel)")]);
        assert_eq!(names("Ana ()"), [plain("Ana ()")]);
    }

    #[test]
    fn a_markdown_link_gives_the_address() {
        assert_eq!(
            names("[Rey Lejano](https://github.com/reylejano) (Red Hat)"),
            [(
                "Rey Lejano".to_string(),
                Some("https://github.com/reylejano".to_string()),
                Some("Red Hat".to_string())
            )]
        );
        assert_eq!(
            names("[Ana](javascript:alert(1))"),
            [plain("Ana")],
            "only web addresses"
        );
        assert_eq!(names("[](https://x.org)"), [plain("[](https://x.org)")]);
        assert_eq!(
            names(
                "[Junya Okabe](https://github.com/Okabe-Junya) (University of Tsukuba) / \n  Organizing team"
            ),
            [(
                "Junya Okabe".to_string(),
                Some("https://github.com/Okabe-Junya".to_string()),
                Some("University of Tsukuba / Organizing team".to_string())
            )],
            "after a link, the rest is the affiliation"
        );
    }

    #[test]
    fn several_people_are_split() {
        assert_eq!(
            names("Shane Utt (Kong), Andrew Stoycos (Red Hat)"),
            [
                ("Shane Utt".to_string(), None, Some("Kong".to_string())),
                (
                    "Andrew Stoycos".to_string(),
                    None,
                    Some("Red Hat".to_string())
                )
            ]
        );
        assert_eq!(
            names("Mengjiao Liu and Patrick Ohly"),
            [plain("Mengjiao Liu"), plain("Patrick Ohly")]
        );
        assert_eq!(
            names("Ana, Bo, and Cy"),
            [plain("Ana"), plain("Bo"), plain("Cy")]
        );
        assert_eq!(
            names("Ana & Bo; Cy"),
            [plain("Ana"), plain("Bo"), plain("Cy")]
        );
        assert_eq!(
            names("Ana Lima (Acme, Inc.), Bo"),
            [
                ("Ana Lima".to_string(), None, Some("Acme, Inc.".to_string())),
                plain("Bo")
            ],
            "a comma inside a parenthesis separates nobody"
        );
        assert_eq!(
            names("[Sand and Stone](https://x.org/s), Bo Chen"),
            [
                (
                    "Sand and Stone".to_string(),
                    Some("https://x.org/s".to_string()),
                    None
                ),
                plain("Bo Chen")
            ]
        );
    }

    #[test]
    fn family_name_first_is_one_person() {
        assert_eq!(names("Lovelace, Ada"), [plain("Lovelace, Ada")]);
        assert_eq!(
            names("Martin Luther King, Jr. and Ana Lima, PhD (Acme)"),
            [
                plain("Martin Luther King, Jr."),
                ("Ana Lima, PhD".to_string(), None, Some("Acme".to_string()))
            ]
        );
        assert_eq!(
            names("Lovelace, Ada and Hopper, Grace"),
            [plain("Lovelace, Ada"), plain("Hopper, Grace")]
        );
    }

    #[test]
    fn odd_texts_do_not_panic() {
        let pieces = [
            "Ana",
            " Lima",
            " (",
            ")",
            "[",
            "]",
            "](",
            "https://x.org",
            ",",
            ";",
            " and ",
            " & ",
            "é",
            "  ",
            "and ",
        ];
        for text in crate::util::odd_texts(&pieces, 7, 3_000, 10) {
            for credit in read(&text) {
                assert!(!credit.name.is_empty(), "{text:?}");
            }
        }
        for text in [
            "(", ")", "[", "](", "[a](", "a (b", "a)b(", "é (ü)", "and", " and ,",
        ] {
            read(text);
        }
    }
}
