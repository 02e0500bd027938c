//! Sources read whole (the JSON exports of GitHub Discussions and
//! Discourse) as threads in memory: a first post, its replies, their
//! comments; written through the shared [`Writer`], with the same people,
//! attribution and re-import rules as the Stack Exchange import.

use std::path::Path;

use crate::import::entry::{self, Comment, Front};
use crate::import::people::{Account, Names};
use crate::import::writer::Writer;
use crate::import::{ImportError, Summary, site_config};

/// An author as the source shows them.
#[derive(Debug, Clone)]
pub struct Author {
    pub account: Account,
    /// Their profile page on the source.
    pub url: Option<String>,
}

/// One post: the first of a thread, or a reply.
#[derive(Debug, Clone)]
pub struct Post {
    /// Stable across exports (the manifest's key).
    pub key: String,
    /// A reply's file name (without `.md`).
    pub stem: String,
    /// `2026-01-02T10:00:00Z`.
    pub date: String,
    pub updated: Option<String>,
    pub author: Author,
    /// Markdown.
    pub body: String,
    /// The post's own address on the source.
    pub url: String,
    pub votes: i64,
    pub accepted: bool,
    pub comments: Vec<ThreadComment>,
}

#[derive(Debug, Clone)]
pub struct ThreadComment {
    pub author: Author,
    pub date: String,
    pub text: String,
}

/// A discussion or topic.
#[derive(Debug, Clone)]
pub struct Thread {
    pub title: String,
    pub tags: Vec<String>,
    pub first: Post,
    pub replies: Vec<Post>,
    /// Written as a page (its replies as comments under it), not a
    /// question.
    pub page: bool,
}

/// Where threads come from.
pub struct Origin<'a> {
    /// The manifest's name and `source.name` (`github.com/org/repo`).
    pub key: &'a str,
    /// The source's address.
    pub url: &'a str,
    /// The folder of `content/` that pages go to (`discussions`).
    pub pages_folder: &'a str,
}

/// Writes `threads` into `site`; `skipped` lists what the reader left out.
pub fn write_threads(
    threads: &[Thread],
    site: &Path,
    origin: &Origin,
    force: bool,
    skipped: Vec<(String, Vec<String>)>,
) -> Result<Summary, ImportError> {
    let config = site_config(site)?;
    let names = Names::new(
        threads
            .iter()
            .flat_map(authors)
            .map(|a| (a.account.clone(), None)),
    );
    let mut writer = Writer::open(site, &origin.key.replace('/', "-"), origin.url, force)
        .map_err(ImportError::Input)?;
    let questions = format!("content/{}", config.layout.questions);
    let pages = format!("content/{}", origin.pages_folder);
    let mut order: Vec<&Thread> = threads.iter().collect();
    order.sort_by(|a, b| (&a.first.date, &a.first.key).cmp(&(&b.first.date, &b.first.key)));
    let mut summary = Summary {
        folder: questions.clone(),
        people: names.len(),
        skipped,
        ..Summary::default()
    };
    for thread in order {
        let parent = if thread.page { &pages } else { &questions };
        let slug = crate::content::slugify(&thread.title);
        let folder = writer.claim_folder(&thread.first.key, parent, &slug);
        let (path, text) = if thread.page {
            summary.pages += 1;
            page_file(thread, &folder, origin, &names)
        } else {
            summary.questions += 1;
            for reply in &thread.replies {
                summary.answers += 1;
                summary.accepted += usize::from(reply.accepted);
                summary.comments += reply.comments.len();
                let path = format!("{folder}/{}.md", reply.stem);
                let text = post_text(reply, None, origin, &names, &reply.comments);
                writer
                    .write(&reply.key, &path, &text)
                    .map_err(ImportError::Input)?;
            }
            let text = post_text(
                &thread.first,
                Some(thread),
                origin,
                &names,
                &thread.first.comments,
            );
            (format!("{folder}/index.md"), text)
        };
        summary.comments += thread.first.comments.len();
        writer
            .write(&thread.first.key, &path, &text)
            .map_err(ImportError::Input)?;
    }
    summary.kept = std::mem::take(&mut writer.kept);
    summary.written = writer.finish().map_err(ImportError::Input)?;
    Ok(summary)
}

/// Everyone who wrote in a thread.
fn authors(thread: &Thread) -> impl Iterator<Item = &Author> {
    std::iter::once(&thread.first)
        .chain(&thread.replies)
        .flat_map(|p| std::iter::once(&p.author).chain(p.comments.iter().map(|c| &c.author)))
}

/// A question (`thread` given) or an answer.
fn post_text(
    post: &Post,
    thread: Option<&Thread>,
    origin: &Origin,
    names: &Names,
    comments: &[ThreadComment],
) -> String {
    let mut front = front_of(post, origin, names);
    match thread {
        Some(thread) => {
            front.title = Some(thread.title.clone());
            front.tags = thread.tags.clone();
        }
        None => {
            front.votes = Some(post.votes);
            front.accepted = post.accepted;
        }
    }
    let comments: Vec<Comment> = comments.iter().map(|c| comment(c, names)).collect();
    entry::file_text(&front, &entry::guard_wikilinks(&post.body), &comments)
}

/// A thread as a page: its first post, then every reply after a rule,
/// attributed and linked, with its comments.
fn page_file(thread: &Thread, folder: &str, origin: &Origin, names: &Names) -> (String, String) {
    let mut front = front_of(&thread.first, origin, names);
    front.title = Some(thread.title.clone());
    front.tags = thread.tags.clone();
    let mut body = entry::guard_wikilinks(&thread.first.body);
    for reply in &thread.replies {
        let author = names.name(&reply.author.account);
        body.push_str(&format!(
            "\n\n---\n\n*Reply by {author} on {}* ([original]({})):\n\n{}\n",
            reply.date.get(..10).unwrap_or(""),
            reply.url,
            entry::guard_wikilinks(reply.body.trim())
        ));
        let comments: Vec<Comment> = reply.comments.iter().map(|c| comment(c, names)).collect();
        body.push_str(&entry::comment_list(&comments));
    }
    let comments: Vec<Comment> = thread
        .first
        .comments
        .iter()
        .map(|c| comment(c, names))
        .collect();
    (
        format!("{folder}/index.md"),
        entry::file_text(&front, &body, &comments),
    )
}

fn front_of(post: &Post, origin: &Origin, names: &Names) -> Front {
    let name = names.name(&post.author.account).to_string();
    Front {
        date: post.date.clone(),
        updated: post.updated.clone(),
        author: entry::Author {
            name: name.clone(),
            url: post.author.url.clone(),
        },
        source: entry::Source {
            name: origin.key.to_string(),
            url: post.url.clone(),
            author: name,
            author_url: post.author.url.clone(),
        },
        ..Front::default()
    }
}

fn comment(c: &ThreadComment, names: &Names) -> Comment {
    Comment {
        text: c.text.clone(),
        author: names.name(&c.author.account).to_string(),
        author_url: c.author.url.clone(),
        date: c.date.get(..10).unwrap_or("").to_string(),
    }
}
