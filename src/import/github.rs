//! `guildhall import github-discussions`: the JSON GitHub's GraphQL API
//! returns for a repository's discussions (the query [`QUERY`], run by
//! `gh api graphql --paginate`), read into threads. Discussions of
//! answerable categories are questions, their top-level comments answers
//! (the chosen one accepted, upvotes as votes), replies comments under
//! their answer; other categories are skipped, or pages with `--pages`.

use std::path::PathBuf;

use crate::import::json::{At, documents, utc};
use crate::import::people::Account;
use crate::import::threads::{Author, Origin, Post, Thread, ThreadComment, write_threads};
use crate::import::{ImportError, Summary};

/// The GraphQL query whose output this importer reads; `gh api graphql
/// --paginate` fills `$endCursor` page after page.
pub const QUERY: &str = r#"query($owner: String!, $name: String!, $endCursor: String) {
  repository(owner: $owner, name: $name) {
    nameWithOwner
    url
    discussions(first: 25, after: $endCursor, orderBy: {field: CREATED_AT, direction: ASC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        number
        title
        body
        url
        createdAt
        lastEditedAt
        author { login url }
        category { name isAnswerable }
        labels(first: 20) { nodes { name } }
        upvoteCount
        answer { id }
        answerChosenAt
        comments(first: 100) {
          nodes {
            id
            databaseId
            url
            body
            createdAt
            lastEditedAt
            author { login url }
            upvoteCount
            isAnswer
            replies(first: 100) {
              nodes { id body createdAt author { login url } }
            }
          }
        }
      }
    }
  }
}
"#;

#[derive(Debug, Clone)]
pub struct Options {
    pub export: PathBuf,
    pub site: PathBuf,
    /// Only these categories (names, any case); all when empty.
    pub categories: Vec<String>,
    /// Discussions of categories that are not answerable become pages.
    pub pages: bool,
    pub force: bool,
}

pub fn import(options: &Options) -> Result<Summary, ImportError> {
    let file = options.export.display().to_string();
    let text = std::fs::read_to_string(&options.export)
        .map_err(|e| ImportError::Input(format!("{file}: cannot read: {e}")))?;
    let mut threads = Vec::new();
    let mut skipped: Vec<(String, Vec<String>)> = Vec::new();
    let mut repository = None;
    let values = documents(&text, &file)?;
    let labels: Vec<String> = (1..=values.len())
        .map(|n| format!("document {n}"))
        .collect();
    for (value, label) in values.iter().zip(&labels) {
        let root = At::root(value, &file, label);
        let repo = root.field("data")?.field("repository")?;
        if repository.is_none() {
            repository = Some((
                repo.text_or_empty("nameWithOwner")?.to_string(),
                repo.text_or_empty("url")?.to_string(),
            ));
        }
        for node in repo.field("discussions")?.field("nodes")?.items()? {
            match discussion(&node, options)? {
                Read::Thread(thread) => threads.push(*thread),
                Read::Skipped(reason, what) => match skipped.iter_mut().find(|(r, _)| *r == reason)
                {
                    Some((_, list)) => list.push(what),
                    None => skipped.push((reason, vec![what])),
                },
            }
        }
    }
    let (name, url) = repository.unwrap_or_default();
    let name = if name.is_empty() {
        "github".to_string()
    } else {
        format!("github.com/{name}")
    };
    let origin = Origin {
        key: &name,
        url: if url.is_empty() {
            "https://github.com"
        } else {
            &url
        },
        pages_folder: "discussions",
    };
    write_threads(&threads, &options.site, &origin, options.force, skipped)
}

enum Read {
    Thread(Box<Thread>),
    Skipped(String, String),
}

fn discussion(node: &At, options: &Options) -> Result<Read, ImportError> {
    let number = node.field("number")?.i64()?;
    let category = node.field("category")?;
    let category_name = category.field("name")?.str()?;
    let what = format!("discussion #{number} ({category_name})");
    if !options.categories.is_empty()
        && !options
            .categories
            .iter()
            .any(|c| c.eq_ignore_ascii_case(category_name))
    {
        return Ok(Read::Skipped("discussions outside --category".into(), what));
    }
    let answerable = category.field("isAnswerable")?.bool()?;
    if !answerable && !options.pages {
        return Ok(Read::Skipped(
            "discussions in categories that are not answerable (--pages keeps them as pages)"
                .into(),
            what,
        ));
    }
    let url = node.field("url")?.str()?.to_string();
    let answer_id = node
        .opt("answer")
        .and_then(|a| a.opt("id"))
        .map(|id| id.str().map(str::to_string))
        .transpose()?;
    let mut tags = vec![category_name.to_string()];
    if let Some(labels) = node.opt("labels").and_then(|l| l.opt("nodes")) {
        for label in labels.items()? {
            tags.push(label.field("name")?.str()?.to_string());
        }
    }
    let first = Post {
        key: node.field("id")?.str()?.to_string(),
        stem: String::new(),
        date: utc(&node.field("createdAt")?)?,
        updated: node.opt("lastEditedAt").map(|d| utc(&d)).transpose()?,
        author: author(node)?,
        body: node.text_or_empty("body")?.to_string(),
        url: url.clone(),
        votes: node
            .opt("upvoteCount")
            .map(|v| v.i64())
            .transpose()?
            .unwrap_or(0),
        accepted: false,
        comments: Vec::new(),
    };
    let mut replies = Vec::new();
    if let Some(comments) = node.opt("comments").and_then(|c| c.opt("nodes")) {
        for (i, comment) in comments.items()?.iter().enumerate() {
            replies.push(reply(comment, i, &url, answer_id.as_deref())?);
        }
    }
    Ok(Read::Thread(Box::new(Thread {
        title: node.field("title")?.str()?.to_string(),
        tags,
        first,
        replies,
        page: !answerable,
    })))
}

/// A top-level comment: an answer, with its replies as comments.
fn reply(
    comment: &At,
    index: usize,
    discussion: &str,
    answer: Option<&str>,
) -> Result<Post, ImportError> {
    let id = comment.field("id")?.str()?.to_string();
    let number = comment.opt("databaseId").map(|d| d.i64()).transpose()?;
    let stem = number.map_or_else(|| format!("reply-{}", index + 1), |n| n.to_string());
    let url = match comment.opt("url") {
        Some(url) => url.str()?.to_string(),
        None => match number {
            Some(n) => format!("{discussion}#discussioncomment-{n}"),
            None => discussion.to_string(),
        },
    };
    let is_answer = comment
        .opt("isAnswer")
        .map(|a| a.bool())
        .transpose()?
        .unwrap_or(false);
    let mut comments = Vec::new();
    if let Some(replies) = comment.opt("replies").and_then(|r| r.opt("nodes")) {
        for reply in replies.items()? {
            comments.push(ThreadComment {
                author: author(&reply)?,
                date: utc(&reply.field("createdAt")?)?,
                text: reply.text_or_empty("body")?.to_string(),
            });
        }
    }
    Ok(Post {
        accepted: is_answer || answer == Some(id.as_str()),
        key: id,
        stem,
        date: utc(&comment.field("createdAt")?)?,
        updated: comment.opt("lastEditedAt").map(|d| utc(&d)).transpose()?,
        author: author(comment)?,
        body: comment.text_or_empty("body")?.to_string(),
        url,
        votes: comment
            .opt("upvoteCount")
            .map(|v| v.i64())
            .transpose()?
            .unwrap_or(0),
        comments,
    })
}

/// `author { login url }`; a deleted account (`author: null`) is GitHub's
/// `ghost`.
fn author(node: &At) -> Result<Author, ImportError> {
    Ok(match node.opt("author") {
        Some(author) => Author {
            account: Account::Login(author.field("login")?.str()?.to_string()),
            url: author
                .opt("url")
                .map(|u| u.str().map(str::to_string))
                .transpose()?,
        },
        None => Author {
            account: Account::Login("ghost".into()),
            url: Some("https://github.com/ghost".into()),
        },
    })
}
