//! Sources read whole (the JSON exports of GitHub Discussions and
//! Discourse) as threads in memory: a first post, its replies, their
//! comments; written through the shared [`Writer`], with the same people,
//! attribution and re-import rules as the Stack Exchange import.

use std::collections::HashMap;
use std::path::Path;

use crate::import::entry::{self, Comment, Front};
use crate::import::links::{self, Local};
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
    /// What an address of the source names, as keys that two addresses
    /// of one post share, the post's own first, then its thread's (a
    /// Discourse topic's `/t/slug/7/3` and `/t/7/3` are `t/7/3`, then
    /// `t/7/1`); none for an address elsewhere. Links to imported posts
    /// lead to their files.
    pub addresses: &'a dyn Fn(&str) -> Vec<String>,
    /// Descriptions of the source's tags (none for most sources).
    pub descriptions: Descriptions,
}

/// Descriptions of tags the source has (a Discourse category's), written
/// as tag descriptions when a thread carries the tag.
#[derive(Default)]
pub struct Descriptions {
    /// What they are, for the closing line: "category descriptions".
    pub what: &'static str,
    pub items: Vec<Described>,
}

/// One tag's description on the source.
pub struct Described {
    pub tag: String,
    /// Markdown.
    pub body: String,
    /// Its page on the source.
    pub url: String,
}

/// Where each imported post's file is, by the first key of its address.
struct Files {
    by_address: HashMap<String, (String, String)>,
}

impl Files {
    /// The files of `threads`, in the folders they were given.
    fn new(threads: &[(&Thread, String)], origin: &Origin) -> Files {
        let mut by_address = HashMap::new();
        for (thread, folder) in threads {
            let mut add = |post: &Post, file: String| {
                if let Some(key) = (origin.addresses)(&post.url).into_iter().next() {
                    by_address
                        .entry(key)
                        .or_insert_with(|| (file, thread.title.clone()));
                }
            };
            add(&thread.first, format!("{folder}/index.md"));
            for reply in &thread.replies {
                let file = if thread.page {
                    format!("{folder}/index.md")
                } else {
                    format!("{folder}/{}.md", reply.stem)
                };
                add(reply, file);
            }
        }
        Files { by_address }
    }

    /// `markdown` written in `folder`, its links to imported posts made
    /// links to their files.
    fn localize(&self, markdown: &str, folder: &str, origin: &Origin) -> String {
        links::localize(markdown, |url| {
            let (file, title) = (origin.addresses)(url)
                .iter()
                .find_map(|key| self.by_address.get(key))?;
            Some(Local {
                path: links::relative(folder, file),
                title: title.clone(),
            })
        })
    }
}

/// Writes `threads` into `site`, and the descriptions of their tags;
/// `skipped` lists what the reader left out.
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
    // Every folder first, so that a link to a later thread finds its file.
    let placed: Vec<(&Thread, String)> = order
        .into_iter()
        .map(|thread| {
            let parent = if thread.page { &pages } else { &questions };
            let slug = crate::content::slugify(&thread.title);
            let folder = writer.claim_folder(&thread.first.key, parent, &slug);
            (thread, folder)
        })
        .collect();
    let files = Files::new(&placed, origin);
    let write = Write {
        origin,
        names: &names,
        files: &files,
    };
    for (thread, folder) in &placed {
        let (path, text) = if thread.page {
            summary.pages += 1;
            page_file(thread, folder, &write)
        } else {
            summary.questions += 1;
            for reply in &thread.replies {
                summary.answers += 1;
                summary.accepted += usize::from(reply.accepted);
                summary.comments += reply.comments.len();
                let path = format!("{folder}/{}.md", reply.stem);
                let text = post_text(reply, None, folder, &write);
                writer
                    .write(&reply.key, &path, &text)
                    .map_err(ImportError::Input)?;
            }
            let text = post_text(&thread.first, Some(thread), folder, &write);
            (format!("{folder}/index.md"), text)
        };
        summary.comments += thread.first.comments.len();
        writer
            .write(&thread.first.key, &path, &text)
            .map_err(ImportError::Input)?;
    }
    let tags = format!("content/{}", config.layout.tags);
    let descriptions = &origin.descriptions;
    let described = write_descriptions(threads, descriptions, &tags, &write, &mut writer)?;
    if !described.is_empty() {
        summary
            .notes
            .push((descriptions.what.to_string(), described));
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

/// Writes the descriptions of the tags `threads` carry into `folder`;
/// the tags written.
fn write_descriptions(
    threads: &[Thread],
    descriptions: &Descriptions,
    folder: &str,
    write: &Write,
    writer: &mut Writer,
) -> Result<Vec<String>, ImportError> {
    let carried: std::collections::HashSet<String> = threads
        .iter()
        .flat_map(|t| t.tags.iter().map(|tag| crate::content::slugify(tag)))
        .collect();
    let mut written = Vec::new();
    for described in &descriptions.items {
        let slug = crate::content::slugify(&described.tag);
        if slug.is_empty() || !carried.contains(&slug) || described.body.trim().is_empty() {
            continue;
        }
        let body = write.body(described.body.trim(), folder);
        let text = entry::tag_description(
            &described.tag,
            &body,
            write.origin.key,
            &described.url,
            "",
            None,
        );
        writer
            .write(
                &format!("tag-{slug}"),
                &format!("{folder}/{slug}.md"),
                &text,
            )
            .map_err(ImportError::Input)?;
        written.push(format!("tag {}", described.tag));
    }
    Ok(written)
}

/// What writing a post needs besides the post.
struct Write<'a> {
    origin: &'a Origin<'a>,
    names: &'a Names,
    files: &'a Files,
}

impl Write<'_> {
    /// A post's markdown as written in `folder`: no wikilinks, links to
    /// imported posts local.
    fn body(&self, markdown: &str, folder: &str) -> String {
        self.files
            .localize(&entry::guard_wikilinks(markdown), folder, self.origin)
    }

    fn comments(&self, comments: &[ThreadComment], folder: &str) -> Vec<Comment> {
        comments
            .iter()
            .map(|c| Comment {
                text: self.files.localize(&c.text, folder, self.origin),
                ..comment(c, self.names)
            })
            .collect()
    }
}

/// A question (`thread` given) or an answer, written in `folder`.
fn post_text(post: &Post, thread: Option<&Thread>, folder: &str, write: &Write) -> String {
    let mut front = front_of(post, write.origin, write.names);
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
    let comments = write.comments(&post.comments, folder);
    entry::file_text(&front, &write.body(&post.body, folder), &comments)
}

/// A thread as a page: its first post, then every reply after a rule,
/// attributed and linked, with its comments.
fn page_file(thread: &Thread, folder: &str, write: &Write) -> (String, String) {
    let mut front = front_of(&thread.first, write.origin, write.names);
    front.title = Some(thread.title.clone());
    front.tags = thread.tags.clone();
    let mut body = write.body(&thread.first.body, folder);
    for reply in &thread.replies {
        let author = write.names.name(&reply.author.account);
        body.push_str(&format!(
            "\n\n---\n\n*Reply by {author} on {}* ([original]({})):\n\n{}\n",
            reply.date.get(..10).unwrap_or(""),
            reply.url,
            write.body(reply.body.trim(), folder)
        ));
        body.push_str(&entry::comment_list(
            &write.comments(&reply.comments, folder),
        ));
    }
    let comments = write.comments(&thread.first.comments, folder);
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
