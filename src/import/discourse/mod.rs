//! `guildhall import discourse`: a folder of topic JSON files as a
//! Discourse forum serves them (`/t/<id>.json?include_raw=true`, and for
//! long topics `/t/<id>/posts.json?post_ids[]=…&include_raw=true`), plus
//! `categories.json` (`/categories.json`) for category names. A topic's
//! first post is the question, the other posts its answers (the topic's
//! solution accepted, likes as votes), its category and tags its tags,
//! `raw` its markdown (Discourse's own markup made plain: [`markup`]).

mod markup;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde_json::Value;

use crate::import::entry;
use crate::import::json::{At, documents, utc};
use crate::import::people::Account;
use crate::import::threads::{
    Author, Described, Descriptions, Origin, Post, Thread, write_threads,
};
use crate::import::{ImportError, Summary};

#[derive(Debug, Clone)]
pub struct Options {
    pub folder: PathBuf,
    pub site: PathBuf,
    /// The forum's address: `https://forum.example.org`.
    pub url: String,
    /// Only topics of these categories (slugs); all when empty.
    pub categories: Vec<String>,
    pub force: bool,
}

/// A category's name and slug, by id.
/// The forum's categories by id.
type Categories = HashMap<i64, Category>;

struct Category {
    name: String,
    slug: String,
    /// Its description, made markdown ("" for none).
    description: String,
}

pub fn import(options: &Options) -> Result<Summary, ImportError> {
    let base = options.url.trim_end_matches('/').to_string();
    if !crate::config::is_web_url(&base) {
        return Err(ImportError::Usage(format!(
            "--url should be the forum's address, such as https://forum.example.org, found `{}`",
            options.url
        )));
    }
    let folder = Folder::read(&options.folder)?;
    if !options.categories.is_empty() && folder.categories.is_empty() {
        return Err(ImportError::Usage(format!(
            "--category needs the forum's categories: save {base}/categories.json into {}",
            options.folder.display()
        )));
    }
    let mut more = folder.pages_by_topic()?;
    let mut threads = Vec::new();
    let mut skipped: Vec<(String, Vec<String>)> = Vec::new();
    let mut left: Vec<String> = Vec::new();
    for (id, (name, value)) in &folder.topics {
        let root = At::root(value, name, "document");
        let pages: Vec<At> = more
            .remove(id)
            .unwrap_or_default()
            .into_iter()
            .map(|n| folder.page(n))
            .collect();
        match topic(&root, &pages, &folder.categories, options, &base, &mut left)? {
            Some(thread) => threads.push(thread),
            None => add(
                &mut skipped,
                "topics outside --category or not public",
                format!("topic {id}"),
            ),
        }
    }
    for (topic, pages) in more {
        for n in pages {
            let name = &folder.pages[n].0;
            add(
                &mut skipped,
                "pages of posts of topics not in the folder",
                format!("{name} (topic {topic})"),
            );
        }
    }
    let host = base.split("://").nth(1).unwrap_or(&base).to_string();
    let addresses = |url: &str| topic_addresses(url, &base);
    let origin = Origin {
        key: &host,
        url: &base,
        pages_folder: "topics",
        addresses: &addresses,
        descriptions: category_descriptions(&folder.categories, &base),
    };
    let mut summary = write_threads(&threads, &options.site, &origin, options.force, skipped)?;
    if !left.is_empty() {
        let reason = "posts with Discourse markup left as written (check them)";
        summary.notes.push((reason.to_string(), left));
    }
    Ok(summary)
}

/// Each category's description, as the description of the tag its
/// topics carry, by tag name.
fn category_descriptions(categories: &Categories, base: &str) -> Descriptions {
    let mut items: Vec<Described> = categories
        .iter()
        .map(|(id, c)| Described {
            tag: c.name.clone(),
            body: c.description.clone(),
            url: format!("{base}/c/{}/{id}", c.slug),
        })
        .collect();
    items.sort_by(|a, b| a.tag.cmp(&b.tag));
    Descriptions {
        what: "category descriptions, as tag descriptions",
        items,
    }
}

/// The JSON files of an export folder, sorted by what they hold.
struct Folder {
    /// Topics by id, with their file's name.
    topics: BTreeMap<i64, (String, Value)>,
    /// Pages of posts of long topics (`/t/<id>/posts.json`), with names.
    pages: Vec<(String, Value)>,
    categories: Categories,
}

impl Folder {
    fn read(folder: &std::path::Path) -> Result<Folder, ImportError> {
        let mut sorted = Folder {
            topics: BTreeMap::new(),
            pages: Vec::new(),
            categories: Categories::new(),
        };
        for (name, value) in json_files(folder)? {
            let root = At::root(&value, &name, "document");
            if let Some(list) = root.opt("category_list") {
                read_categories(&list, &mut sorted.categories)?;
            } else if root.opt("title").is_some() && root.opt("post_stream").is_some() {
                let id = root.field("id")?.i64()?;
                sorted.topics.insert(id, (name, value));
            } else if root.opt("post_stream").is_some() {
                sorted.pages.push((name, value));
            } else {
                return Err(root.error("is neither a topic (`title`, `post_stream`), a page of posts (`post_stream`) nor `categories.json` (`category_list`)"));
            }
        }
        Ok(sorted)
    }

    /// Which pages of posts hold posts of each topic (by `topic_id`).
    fn pages_by_topic(&self) -> Result<HashMap<i64, Vec<usize>>, ImportError> {
        let mut by_topic: HashMap<i64, Vec<usize>> = HashMap::new();
        for n in 0..self.pages.len() {
            for post in self.page(n).field("post_stream")?.field("posts")?.items()? {
                let pages = by_topic.entry(post.field("topic_id")?.i64()?).or_default();
                if !pages.contains(&n) {
                    pages.push(n);
                }
            }
        }
        Ok(by_topic)
    }

    fn page(&self, n: usize) -> At<'_> {
        At::root(&self.pages[n].1, &self.pages[n].0, "document")
    }
}

fn add(list: &mut Vec<(String, Vec<String>)>, reason: &str, what: String) {
    match list.iter_mut().find(|(r, _)| r == reason) {
        Some((_, items)) => items.push(what),
        None => list.push((reason.to_string(), vec![what])),
    }
}

/// The `.json` files of `folder`, in name order, parsed.
fn json_files(folder: &std::path::Path) -> Result<Vec<(String, Value)>, ImportError> {
    let read_dir = std::fs::read_dir(folder)
        .map_err(|e| ImportError::Input(format!("{}: cannot read: {e}", folder.display())))?;
    let mut paths: Vec<PathBuf> = read_dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(ImportError::Input(format!(
            "{}: no .json files (topics saved from /t/<id>.json?include_raw=true)",
            folder.display()
        )));
    }
    let mut files = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| ImportError::Input(format!("{name}: cannot read: {e}")))?;
        for value in documents(&text, &name)? {
            files.push((name.clone(), value));
        }
    }
    Ok(files)
}

fn read_categories(list: &At, categories: &mut Categories) -> Result<(), ImportError> {
    read_category_list(&list.field("categories")?, categories)
}

/// A list of categories, each with its subcategories if listed.
fn read_category_list(list: &At, categories: &mut Categories) -> Result<(), ImportError> {
    for category in list.items()? {
        let id = category.field("id")?.i64()?;
        let name = category.field("name")?.str()?.to_string();
        let slug = category.text_or_empty("slug")?.to_string();
        let description = entry::markdown_of_html(category.text_or_empty("description")?);
        categories.insert(
            id,
            Category {
                name,
                slug,
                description,
            },
        );
        if let Some(subcategories) = category.opt("subcategory_list") {
            read_category_list(&subcategories, categories)?;
        }
    }
    Ok(())
}

/// A topic as a thread; `None` when the options leave it out or it is not
/// a public topic.
fn topic(
    root: &At,
    pages: &[At],
    categories: &Categories,
    options: &Options,
    base: &str,
    left: &mut Vec<String>,
) -> Result<Option<Thread>, ImportError> {
    let id = root.field("id")?.i64()?;
    if root.text_or_empty("archetype")? == "private_message" {
        return Ok(None);
    }
    let category = match root.opt("category_id") {
        Some(c) => categories.get(&c.i64()?),
        None => None,
    };
    if !options.categories.is_empty()
        && !category.is_some_and(|c| options.categories.contains(&c.slug))
    {
        return Ok(None);
    }
    let title = root.field("title")?.str()?.to_string();
    let slug = match root.text_or_empty("slug")? {
        "" => crate::content::slugify(&title),
        slug => slug.to_string(),
    };
    let topic_url = format!("{base}/t/{slug}/{id}");
    let accepted_number = match root.opt("accepted_answer") {
        Some(a) => a.opt("post_number").map(|n| n.i64()).transpose()?,
        None => None,
    };
    let mut tags: Vec<String> = category.map(|c| c.name.clone()).into_iter().collect();
    if let Some(list) = root.opt("tags") {
        for tag in list.items()? {
            let name = match tag.value {
                Value::String(s) => s.clone(),
                _ => tag.field("name")?.str()?.to_string(),
            };
            tags.push(name);
        }
    }
    let mut posts: BTreeMap<i64, Post> = BTreeMap::new();
    let mut all: Vec<At> = root.field("post_stream")?.field("posts")?.items()?;
    for page in pages {
        for post in page.field("post_stream")?.field("posts")?.items()? {
            if post.field("topic_id")?.i64()? == id {
                all.push(post);
            }
        }
    }
    for post in &all {
        if let Some((number, converted)) = post_of(post, &topic_url, base, accepted_number, left)? {
            posts.entry(number).or_insert(converted);
        }
    }
    let Some(first) = posts.remove(&1) else {
        return Err(root.error("has no first post (`post_stream.posts` with `post_number` 1)"));
    };
    Ok(Some(Thread {
        title,
        tags,
        first: Post {
            key: format!("topic-{id}"),
            url: topic_url,
            ..first
        },
        replies: posts.into_values().collect(),
        page: false,
    }))
}

/// What an address of the forum at `base` names: `t/ID/N` for post N of
/// topic ID (`/t/slug/ID/N`, `/t/ID/N`; N is 1, the first post, when
/// missing), then the topic itself, `t/ID/1`.
fn topic_addresses(url: &str, base: &str) -> Vec<String> {
    let Some(path) = crate::import::links::path_under(url, base) else {
        return Vec::new();
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let number = |part: &str| part.parse::<u64>().ok();
    // Discourse's routes: `/t/ID/N` before `/t/slug/ID`, then `/t/slug/ID/N`.
    let (id, post) = match parts.as_slice() {
        ["t", id] => (number(id), None),
        ["t", a, b] => match (number(a), number(b)) {
            (Some(id), Some(post)) => (Some(id), Some(post)),
            (_, id) => (id, None),
        },
        ["t", _, id, post] => (number(id), number(post)),
        _ => (None, None),
    };
    let Some(id) = id else {
        return Vec::new();
    };
    let topic = format!("t/{id}/1");
    match post {
        Some(n) if n != 1 => vec![format!("t/{id}/{n}"), topic],
        _ => vec![topic],
    }
}

/// A post: its number and content; `None` for posts that are not
/// replies people wrote (moderator actions, whispers, deleted, hidden).
fn post_of(
    post: &At,
    topic_url: &str,
    base: &str,
    accepted_number: Option<i64>,
    left: &mut Vec<String>,
) -> Result<Option<(i64, Post)>, ImportError> {
    let post_type = post
        .opt("post_type")
        .map(|t| t.i64())
        .transpose()?
        .unwrap_or(1);
    let hidden = post
        .opt("hidden")
        .map(|h| h.bool())
        .transpose()?
        .unwrap_or(false);
    if post_type != 1 || hidden || post.opt("deleted_at").is_some() {
        return Ok(None);
    }
    let id = post.field("id")?.i64()?;
    let number = post.field("post_number")?.i64()?;
    let raw = post
        .field("raw")
        .map_err(|_| post.error("has no `raw`: save topics with ?include_raw=true"))?
        .str()?;
    let (body, unknown) = markup::to_markdown(raw, base);
    if !unknown.is_empty() {
        left.push(format!("post {id} ({})", unknown.join(", ")));
    }
    let username = post.field("username")?.str()?.to_string();
    let likes = match post.opt("like_count") {
        Some(n) => n.i64()?,
        None => likes_in_actions(post)?,
    };
    let accepted = post
        .opt("accepted_answer")
        .map(|a| a.bool())
        .transpose()?
        .unwrap_or(false)
        || (number > 1 && accepted_number == Some(number));
    Ok(Some((
        number,
        Post {
            key: format!("post-{id}"),
            stem: id.to_string(),
            date: utc(&post.field("created_at")?)?,
            updated: None,
            author: Author {
                url: Some(format!("{base}/u/{username}")),
                account: Account::Login(username),
            },
            body,
            url: format!("{topic_url}/{number}"),
            votes: likes,
            accepted,
            comments: Vec::new(),
        },
    )))
}

/// Likes from `actions_summary` (action 2), in versions without
/// `like_count`.
fn likes_in_actions(post: &At) -> Result<i64, ImportError> {
    let Some(actions) = post.opt("actions_summary") else {
        return Ok(0);
    };
    for action in actions.items()? {
        if action.opt("id").map(|i| i.i64()).transpose()? == Some(2) {
            return Ok(action
                .opt("count")
                .map(|c| c.i64())
                .transpose()?
                .unwrap_or(0));
        }
    }
    Ok(0)
}
