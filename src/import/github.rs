//! `guildhall import github-discussions`: the JSON GitHub's GraphQL API
//! returns for a repository's discussions (the query [`QUERY`], run by
//! `gh api graphql --paginate`), read into threads. Discussions of
//! answerable categories are questions, their top-level comments answers
//! (the chosen one accepted, upvotes as votes), replies comments under
//! their answer; other categories are skipped, or pages with `--pages`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::import::json::{At, documents, utc};
use crate::import::people::Account;
use crate::import::threads::{
    Author, Described, Descriptions, Origin, Post, Thread, ThreadComment, write_threads,
};
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
        category { name isAnswerable description slug }
        labels(first: 20) { nodes { name } }
        upvoteCount
        answer { id }
        answerChosenAt
        comments(first: 100) {
          totalCount
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
              totalCount
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
    let mut cut_short = Vec::new();
    let mut repository = None;
    let mut categories = BTreeMap::new();
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
            read_category(&node, &mut categories)?;
            match discussion(&node, options)? {
                Read::Thread(thread, missing) => {
                    cut_short.extend(missing);
                    threads.push(*thread);
                }
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
    let addresses = |link: &str| discussion_addresses(link, &url);
    let origin = Origin {
        key: &name,
        url: if url.is_empty() {
            "https://github.com"
        } else {
            &url
        },
        pages_folder: "discussions",
        addresses: &addresses,
        descriptions: category_descriptions(categories, &url),
    };
    let mut summary = write_threads(&threads, &options.site, &origin, options.force, skipped)?;
    if !cut_short.is_empty() {
        let reason = "discussions with more comments or replies than the export holds \
                      (the query fetches the first 100 of each)";
        summary.notes.push((reason.to_string(), cut_short));
    }
    Ok(summary)
}

enum Read {
    /// A discussion, and what it has that the export left out (see
    /// [`left_out`]).
    Thread(Box<Thread>, Option<String>),
    Skipped(String, String),
}

/// A discussion's category's description and slug, by name (the first
/// met; exports made with an older query have neither).
fn read_category(
    node: &At,
    categories: &mut BTreeMap<String, (String, String)>,
) -> Result<(), ImportError> {
    let category = node.field("category")?;
    let name = category.field("name")?.str()?.to_string();
    let description = category.text_or_empty("description")?.to_string();
    let slug = category.text_or_empty("slug")?.to_string();
    categories.entry(name).or_insert((description, slug));
    Ok(())
}

/// Each category's description, as the description of the tag its
/// discussions carry, linking its page in `repository`.
fn category_descriptions(
    categories: BTreeMap<String, (String, String)>,
    repository: &str,
) -> Descriptions {
    let items = categories
        .into_iter()
        .map(|(tag, (body, slug))| Described {
            url: if slug.is_empty() {
                format!("{repository}/discussions")
            } else {
                format!("{repository}/discussions/categories/{slug}")
            },
            tag,
            body,
        })
        .collect();
    Descriptions {
        what: "category descriptions, as tag descriptions",
        items,
    }
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
    let comments = node.opt("comments");
    if let Some(nodes) = comments.as_ref().and_then(|c| c.opt("nodes")) {
        for (i, comment) in nodes.items()?.iter().enumerate() {
            replies.push(reply(comment, i, &url, answer_id.as_deref())?);
        }
    }
    let missing = left_out(&what, comments.as_ref(), &replies)?;
    Ok(Read::Thread(
        Box::new(Thread {
            title: node.field("title")?.str()?.to_string(),
            tags,
            first,
            replies,
            page: !answerable,
        }),
        missing,
    ))
}

/// What GitHub counted that the export does not hold (`totalCount`
/// against the nodes read: the query asks for the first 100 comments and
/// the first 100 replies of each), as a line naming the discussion;
/// `None` when nothing is missing or the export has no counts.
fn left_out(
    what: &str,
    comments: Option<&At>,
    read: &[Post],
) -> Result<Option<String>, ImportError> {
    let count = |at: Option<&At>| -> Result<Option<usize>, ImportError> {
        let total = at
            .and_then(|a| a.opt("totalCount"))
            .map(|t| t.i64())
            .transpose()?;
        Ok(total.map(|t| usize::try_from(t).unwrap_or(0)))
    };
    let mut parts = Vec::new();
    if let Some(total) = count(comments)?.filter(|&t| t > read.len()) {
        parts.push(format!("{} of {total} comments", read.len()));
    }
    let (mut replies, mut replies_total) = (0, 0);
    if let Some(nodes) = comments.and_then(|c| c.opt("nodes")) {
        for (comment, post) in nodes.items()?.iter().zip(read) {
            let total = count(comment.opt("replies").as_ref())?;
            replies += post.comments.len();
            replies_total += total
                .unwrap_or(post.comments.len())
                .max(post.comments.len());
        }
    }
    if replies_total > replies {
        parts.push(format!("{replies} of {replies_total} replies"));
    }
    Ok((!parts.is_empty()).then(|| format!("{what}: {} imported", parts.join(", "))))
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

/// What an address of the repository at `repository` names: `d/N#M` for
/// reply M of discussion N (`…/discussions/N#discussioncomment-M`), then
/// the discussion itself, `d/N`.
fn discussion_addresses(url: &str, repository: &str) -> Vec<String> {
    if repository.is_empty() {
        return Vec::new();
    }
    let Some(path) = crate::import::links::path_under(url, repository) else {
        return Vec::new();
    };
    let (path, fragment) = path.split_once('#').unwrap_or((path, ""));
    let path = path.split('?').next().unwrap_or(path);
    let Some(number) = path
        .trim_end_matches('/')
        .strip_prefix("discussions/")
        .and_then(|n| n.parse::<u64>().ok())
    else {
        return Vec::new();
    };
    let discussion = format!("d/{number}");
    match fragment
        .strip_prefix("discussioncomment-")
        .and_then(|n| n.parse::<u64>().ok())
    {
        Some(reply) => vec![format!("{discussion}#{reply}"), discussion],
        None => vec![discussion],
    }
}
