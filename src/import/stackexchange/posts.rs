//! The first pass over `Posts.xml`: what each post is (not its body), the
//! questions and answers the options keep, and what is skipped and why.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::dump::{Row, Rows};
use super::{Options, slug_of};
use crate::import::ImportError;
use crate::import::people::Account;
use crate::import::writer::Writer;

/// A question or answer, without its body.
#[derive(Debug, Clone)]
pub struct Post {
    pub id: i64,
    /// An answer's question; `None` for a question.
    pub parent: Option<i64>,
    pub title: String,
    pub tags: Vec<String>,
    /// `2014-01-21T20:26:05Z`.
    pub date: String,
    pub edited: Option<String>,
    pub score: i64,
    pub author: Account,
    /// A question's accepted answer, as the dump names it.
    accepted: Option<i64>,
}

/// The posts to import, by id.
#[derive(Debug, Default)]
pub struct Posts {
    by_id: HashMap<i64, Post>,
    /// Posts left out, by reason, with a line for each.
    pub skipped: BTreeMap<String, Vec<String>>,
}

impl Posts {
    /// Reads `Posts.xml` (which must be there) and keeps the questions the
    /// options ask for and their answers.
    pub fn read(dir: &Path, options: &Options) -> Result<Posts, ImportError> {
        let path = dir.join("Posts.xml");
        let mut rows = Rows::open(dir, "Posts.xml")?.ok_or_else(|| {
            ImportError::Input(format!(
                "{}: missing; a dump holds Posts.xml (and Users.xml, PostHistory.xml, PostLinks.xml, Comments.xml, Tags.xml)",
                path.display()
            ))
        })?;
        let mut posts = Posts::default();
        let mut answers = Vec::new();
        let mut filtered: HashSet<i64> = HashSet::new();
        while let Some(row) = rows.next_row()? {
            let Some(id) = row.number("Id") else {
                return Err(super::dump::error_at(
                    &path,
                    row.offset,
                    "a post without `Id`",
                ));
            };
            match row.number("PostTypeId") {
                Some(1) => {
                    let post = post_of(&row, id, None, &path)?;
                    if keeps(&post, options) {
                        posts.by_id.insert(id, post);
                    } else {
                        filtered.insert(id);
                        posts.skip("questions outside --since/--tags", format!("question {id}"));
                    }
                }
                Some(2) => {
                    let parent = row.number("ParentId").unwrap_or(0);
                    answers.push(post_of(&row, id, Some(parent), &path)?);
                }
                // Tag wikis: read with `Tags.xml` (see `tags`).
                Some(4 | 5) => {}
                _ => posts.skip("posts of other types", format!("post {id}")),
            }
        }
        for answer in answers {
            let parent = answer.parent.unwrap_or(0);
            if posts.by_id.contains_key(&parent) {
                posts.by_id.insert(answer.id, answer);
            } else if filtered.contains(&parent) {
                posts.skip(
                    "answers to questions outside --since/--tags",
                    format!("answer {}", answer.id),
                );
            } else {
                posts.skip(
                    "answers whose question is not in the dump",
                    format!("answer {} (to question {parent})", answer.id),
                );
            }
        }
        posts.check_accepted();
        Ok(posts)
    }

    fn skip(&mut self, reason: &str, what: String) {
        self.skipped
            .entry(reason.to_string())
            .or_default()
            .push(what);
    }

    /// A question whose accepted answer is not among its answers is
    /// imported without one.
    fn check_accepted(&mut self) {
        let mut missing = Vec::new();
        for post in self.by_id.values() {
            if let Some(answer) = post.accepted
                && self.by_id.get(&answer).and_then(|a| a.parent) != Some(post.id)
            {
                missing.push((post.id, answer));
            }
        }
        missing.sort();
        for (question, answer) in missing {
            if let Some(post) = self.by_id.get_mut(&question) {
                post.accepted = None;
            }
            self.skip(
                "accepted answers not in the dump (their questions have none)",
                format!("answer {answer} (accepted on question {question})"),
            );
        }
    }

    /// Hands out each question's folder, oldest question first, so that
    /// when two titles make one slug the older keeps it.
    pub fn claim_folders(&self, writer: &mut Writer, parent: &str) -> HashMap<i64, String> {
        let mut questions: Vec<&Post> =
            self.by_id.values().filter(|p| p.parent.is_none()).collect();
        questions.sort_by_key(|p| p.id);
        questions
            .into_iter()
            .map(|q| {
                let folder = writer.claim_folder(&q.id.to_string(), parent, &slug_of(&q.title));
                (q.id, folder)
            })
            .collect()
    }

    pub fn get(&self, id: i64) -> Option<&Post> {
        self.by_id.get(&id)
    }

    pub fn contains(&self, id: i64) -> bool {
        self.by_id.contains_key(&id)
    }

    pub fn is_question(&self, id: i64) -> bool {
        self.by_id.get(&id).is_some_and(|p| p.parent.is_none())
    }

    pub fn accepted_answer(&self, question: i64) -> Option<i64> {
        self.by_id.get(&question)?.accepted
    }

    /// Every tag of the imported questions, once or more.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.by_id
            .values()
            .flat_map(|p| p.tags.iter().map(String::as_str))
    }

    pub fn authors(&self) -> impl Iterator<Item = &Account> {
        self.by_id.values().map(|p| &p.author)
    }

    pub fn questions(&self) -> usize {
        self.by_id.values().filter(|p| p.parent.is_none()).count()
    }

    pub fn answers(&self) -> usize {
        self.by_id.values().filter(|p| p.parent.is_some()).count()
    }

    pub fn accepted(&self) -> usize {
        self.by_id.values().filter(|p| p.accepted.is_some()).count()
    }
}

fn keeps(question: &Post, options: &Options) -> bool {
    let recent = options
        .since
        .is_none_or(|since| question.date.get(..10).unwrap_or("") >= since.to_string().as_str());
    let tagged = options.tags.is_empty()
        || question
            .tags
            .iter()
            .any(|t| options.tags.iter().any(|w| w.eq_ignore_ascii_case(t)));
    recent && tagged
}

fn post_of(row: &Row, id: i64, parent: Option<i64>, path: &Path) -> Result<Post, ImportError> {
    let date = row.get("CreationDate").unwrap_or("");
    let Some(date) = timestamp(date) else {
        return Err(super::dump::error_at(
            path,
            row.offset,
            &format!(
                "post {id}: `CreationDate` is `{date}`, not a date such as 2014-01-21T20:26:05.383"
            ),
        ));
    };
    let title = row.get("Title").unwrap_or("").trim();
    Ok(Post {
        id,
        parent,
        title: if title.is_empty() {
            format!("Question {id}")
        } else {
            title.to_string()
        },
        tags: tags_of(row.get("Tags").unwrap_or("")),
        date,
        edited: row.get("LastEditDate").and_then(timestamp),
        score: row.number("Score").unwrap_or(0),
        author: super::account_of(row, "OwnerUserId", "OwnerDisplayName"),
        accepted: row.number("AcceptedAnswerId"),
    })
}

/// A dump's date (UTC without a zone, `2014-01-21T20:26:05.383`) as
/// `2014-01-21T20:26:05Z`; `None` when it is not one.
pub(super) fn timestamp(text: &str) -> Option<String> {
    let seconds = text.trim().get(..19)?;
    jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M:%S", seconds).ok()?;
    Some(format!("{seconds}Z"))
}

/// Tags in either format of the dumps: `<hops><ipa>` (before late 2025)
/// or `|hops|ipa|`.
pub fn tags_of(text: &str) -> Vec<String> {
    let separators: &[char] = if text.trim_start().starts_with('<') {
        &['<', '>']
    } else {
        &['|']
    };
    text.split(separators)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_in_both_formats() {
        assert_eq!(tags_of("<hops><ipa>"), ["hops", "ipa"]);
        assert_eq!(tags_of("|hops|ipa|"), ["hops", "ipa"]);
        assert!(tags_of("").is_empty());
    }

    #[test]
    fn dump_dates_become_utc_timestamps() {
        assert_eq!(
            timestamp("2014-01-21T20:26:05.383").as_deref(),
            Some("2014-01-21T20:26:05Z")
        );
        assert_eq!(
            timestamp("2014-01-21T20:26:05").as_deref(),
            Some("2014-01-21T20:26:05Z")
        );
        assert_eq!(timestamp("yesterday"), None);
        assert_eq!(timestamp("2014-02-30T20:26:05"), None);
    }
}
