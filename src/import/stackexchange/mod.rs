//! `guildhall import stackexchange`: a Stack Exchange data dump (a folder
//! of XML files, or the `.7z` archive) becomes questions and answers.
//!
//! The dump is read as streams, in passes: `Posts.xml` for what each post
//! is (bodies left on disk), then `PostLinks.xml` (duplicates),
//! `Comments.xml` (with `--comments`), `Users.xml` (only the authors
//! met), `PostHistory.xml` (where each post's latest markdown revision
//! starts), `Tags.xml` (which posts are tag wikis, [`tags`]). Every
//! problem of the input shows in these passes, before any file is
//! written. Then `Posts.xml` is read once more and each post is written
//! as it comes, its markdown read back from its offset; the tag wikis met
//! on the way are written last.

mod dump;
mod posts;
mod tags;

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::content::slugify;
use crate::import::entry::{self, Comment, Front};
use crate::import::links::{self, Local};
use crate::import::people::{Account, Names};
use crate::import::writer::{Outcome, Writer};
use crate::import::{ImportError, Summary, site_config};
use dump::{Row, RowFile, Rows};
use posts::{Post, Posts};
use tags::TagWikis;

/// What the command was asked.
#[derive(Debug, Clone)]
pub struct Options {
    pub dump: PathBuf,
    pub site: PathBuf,
    /// The site's address: `https://beer.stackexchange.com`.
    pub url: String,
    /// Only questions asked on or after this day (and their answers).
    pub since: Option<jiff::civil::Date>,
    /// Only questions with one of these tags.
    pub tags: Vec<String>,
    pub comments: bool,
    /// Overwrite files edited or deleted by hand since the last import.
    pub force: bool,
}

/// Runs the import; nothing under the site changes when it fails.
pub fn import(options: &Options) -> Result<Summary, ImportError> {
    let base = options.url.trim_end_matches('/').to_string();
    if !crate::config::is_web_url(&base) {
        return Err(ImportError::Usage(format!(
            "--url should be the site's address, such as https://beer.stackexchange.com, found `{}`",
            options.url
        )));
    }
    let config = site_config(&options.site)?;
    let (dir, _unpacked) = dump::open_dump(&options.dump)?;
    let mut posts = Posts::read(&dir, options)?;
    let duplicates = read_duplicates(&dir, &posts)?;
    let comments = if options.comments {
        Comments::read(&dir, &posts)?
    } else {
        Comments::default()
    };
    let names = read_names(&dir, &posts, &comments)?;
    let history = read_history(&dir, &posts)?;

    let host = base.split("://").nth(1).unwrap_or(&base).to_string();
    let mut writer =
        Writer::open(&options.site, &host, &base, options.force).map_err(ImportError::Input)?;
    let parent = format!("content/{}", config.layout.questions);
    let folders = posts.claim_folders(&mut writer, &parent);
    let context = Context {
        base: &base,
        host: &host,
        names: &names,
        folders: &folders,
        questions_folder: &config.layout.questions,
        tags_folder: format!("content/{}", config.layout.tags),
        duplicates: &duplicates,
        comments: &comments,
        comments_file: optional_file(&dir.join("Comments.xml"))?,
        history: &history,
        history_file: optional_file(&dir.join("PostHistory.xml"))?,
    };
    let mut wikis = TagWikis::read(&dir, &posts)?;
    write_posts(&dir, &posts, &context, &mut wikis, &mut writer)?;
    let described = write_tag_wikis(&wikis, &posts, &context, &mut writer)?;
    let kept = std::mem::take(&mut writer.kept);
    let written = writer.finish().map_err(ImportError::Input)?;
    Ok(Summary {
        questions: posts.questions(),
        answers: posts.answers(),
        accepted: posts.accepted(),
        duplicates: duplicates.len(),
        people: names.len(),
        comments: comments.count(),
        written,
        kept,
        skipped: std::mem::take(&mut posts.skipped).into_iter().collect(),
        notes: described,
        folder: parent,
        ..Summary::default()
    })
}

/// Writes the gathered tag wikis as tag descriptions; the closing line
/// that counts them.
fn write_tag_wikis(
    wikis: &TagWikis,
    posts: &Posts,
    context: &Context,
    writer: &mut Writer,
) -> Result<Vec<(String, Vec<String>)>, ImportError> {
    let folder = &context.tags_folder;
    let mut names = Vec::new();
    let body = |markdown: &str| {
        links::localize(&entry::guard_wikilinks(markdown), |url| {
            local_post(url, folder, posts, context)
        })
    };
    for (name, path, text) in wikis.files(folder, context.base, context.host, body) {
        writer
            .write(&format!("tag-{name}"), &path, &text)
            .map_err(ImportError::Input)?;
        names.push(format!("tag {name}"));
    }
    Ok(if names.is_empty() {
        Vec::new()
    } else {
        vec![("tag wikis, as tag descriptions".to_string(), names)]
    })
}

/// What writing a post needs besides the post.
struct Context<'a> {
    base: &'a str,
    host: &'a str,
    names: &'a Names,
    /// Each question's folder, relative to the site.
    folders: &'a HashMap<i64, String>,
    /// `questions` (or the site's folder for them).
    questions_folder: &'a str,
    /// `content/tags` (or the site's folder for tags), for tag wikis.
    tags_folder: String,
    /// Question → the question it duplicates.
    duplicates: &'a HashMap<i64, i64>,
    comments: &'a Comments,
    comments_file: Option<RowFile>,
    /// Post → offset of its latest markdown revision in `PostHistory.xml`.
    history: &'a HashMap<i64, (String, u64)>,
    history_file: Option<RowFile>,
}

/// A dump file to read rows back from, when the dump has it.
fn optional_file(path: &Path) -> Result<Option<RowFile>, ImportError> {
    if path.is_file() {
        RowFile::open(path).map(Some)
    } else {
        Ok(None)
    }
}

/// `PostLinks.xml`'s duplicate links (`LinkTypeId` 3) between imported
/// questions: the duplicate → the original.
fn read_duplicates(dir: &Path, posts: &Posts) -> Result<HashMap<i64, i64>, ImportError> {
    let mut duplicates = HashMap::new();
    let Some(mut rows) = Rows::open(dir, "PostLinks.xml")? else {
        return Ok(duplicates);
    };
    while let Some(row) = rows.next_row()? {
        if let (Some(3), Some(from), Some(to)) = (
            row.number("LinkTypeId"),
            row.number("PostId"),
            row.number("RelatedPostId"),
        ) && from != to
            && posts.is_question(from)
            && posts.is_question(to)
        {
            duplicates.insert(from, to);
        }
    }
    Ok(duplicates)
}

/// The comments on imported posts: where each starts in `Comments.xml`
/// (read back when its post is written), in the file's order (by id,
/// which is by date), and their authors.
#[derive(Default)]
struct Comments {
    offsets: HashMap<i64, Vec<u64>>,
    authors: HashSet<Account>,
}

impl Comments {
    fn read(dir: &Path, posts: &Posts) -> Result<Comments, ImportError> {
        let mut comments = Comments::default();
        let Some(mut rows) = Rows::open(dir, "Comments.xml")? else {
            return Ok(comments);
        };
        while let Some(row) = rows.next_row()? {
            if let Some(post) = row.number("PostId").filter(|&p| posts.contains(p)) {
                comments.offsets.entry(post).or_default().push(row.offset);
                comments
                    .authors
                    .insert(account_of(&row, "UserId", "UserDisplayName"));
            }
        }
        Ok(comments)
    }

    fn count(&self) -> usize {
        self.offsets.values().map(Vec::len).sum()
    }
}

/// The author of a row: its user id, else the display name it kept.
fn account_of(row: &Row, id: &str, name: &str) -> Account {
    match row.number(id) {
        Some(id) => Account::Id(id),
        None => Account::Deleted(row.get(name).unwrap_or("").to_string()),
    }
}

/// Names for every author met (posts and comments), from `Users.xml`
/// when present.
fn read_names(dir: &Path, posts: &Posts, comments: &Comments) -> Result<Names, ImportError> {
    let mut accounts: HashSet<Account> = posts.authors().cloned().collect();
    accounts.extend(comments.authors.iter().cloned());
    let wanted: HashSet<i64> = accounts
        .iter()
        .filter_map(|a| match a {
            Account::Id(id) => Some(*id),
            Account::Deleted(_) | Account::Login(_) => None,
        })
        .collect();
    let mut display: HashMap<i64, String> = HashMap::new();
    if let Some(mut rows) = Rows::open(dir, "Users.xml")? {
        while let Some(row) = rows.next_row()? {
            if let Some(id) = row.number("Id").filter(|id| wanted.contains(id)) {
                display.insert(id, row.get("DisplayName").unwrap_or("").to_string());
            }
        }
    }
    Ok(Names::new(accounts.into_iter().map(|account| {
        let name = match &account {
            Account::Id(id) => display.get(id).cloned(),
            Account::Deleted(_) | Account::Login(_) => None,
        };
        (account, name)
    })))
}

/// Where each imported post's latest body revision (`PostHistoryTypeId`
/// 2 initial, 5 edit, 8 rollback: markdown as its author wrote it) starts
/// in `PostHistory.xml`, with its date.
fn read_history(dir: &Path, posts: &Posts) -> Result<HashMap<i64, (String, u64)>, ImportError> {
    let mut latest: HashMap<i64, (String, u64)> = HashMap::new();
    let Some(mut rows) = Rows::open(dir, "PostHistory.xml")? else {
        return Ok(latest);
    };
    while let Some(row) = rows.next_row()? {
        let Some(post) = row.number("PostId").filter(|&p| posts.contains(p)) else {
            continue;
        };
        if !matches!(row.number("PostHistoryTypeId"), Some(2 | 5 | 8)) {
            continue;
        }
        let date = row.get("CreationDate").unwrap_or("").to_string();
        match latest.get(&post) {
            Some((previous, _)) if *previous > date => {}
            _ => {
                latest.insert(post, (date, row.offset));
            }
        }
    }
    Ok(latest)
}

/// Reads `Posts.xml` again and writes each imported post, gathering the
/// tag wikis on the way.
fn write_posts(
    dir: &Path,
    posts: &Posts,
    context: &Context,
    wikis: &mut TagWikis,
    writer: &mut Writer,
) -> Result<(), ImportError> {
    let total = (posts.questions() + posts.answers()) as u64;
    let bar = if std::io::stderr().is_terminal() && crate::util::verbosity::talkative() {
        indicatif::ProgressBar::new(total).with_message("writing posts")
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut rows = Rows::open(dir, "Posts.xml")?.ok_or_else(|| {
        ImportError::Input(format!("{}: missing", dir.join("Posts.xml").display()))
    })?;
    while let Some(row) = rows.next_row()? {
        let Some(post) = row.number("Id").and_then(|id| posts.get(id)) else {
            wikis.gather(&row);
            continue;
        };
        let (path, text) = post_file(&row, post, posts, context)?;
        let outcome = writer
            .write(&post.id.to_string(), &path, &text)
            .map_err(ImportError::Input)?;
        if outcome != Outcome::Unchanged {
            bar.set_message(path);
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(())
}

/// The file of one post: its path (relative to the site) and text.
fn post_file(
    row: &Row,
    post: &Post,
    posts: &Posts,
    context: &Context,
) -> Result<(String, String), ImportError> {
    let (base, names) = (context.base, context.names);
    let revision = context
        .history
        .get(&post.id)
        .zip(context.history_file.as_ref());
    let markdown = match revision {
        Some(((_, offset), file)) => file.row_at(*offset)?.get("Text").unwrap_or("").to_string(),
        None => entry::markdown_of_html(row.get("Body").unwrap_or("")),
    };
    let question = post.parent.unwrap_or(post.id);
    let folder = &context.folders[&question];
    let local = |url: &str| local_post(url, folder, posts, context);
    let body = links::localize(&entry::guard_wikilinks(&markdown), local);
    let author = names.name(&post.author).to_string();
    let profile = profile_url(base, &post.author);
    let mut front = Front {
        date: post.date.clone(),
        updated: post.edited.clone(),
        author: entry::Author {
            name: author.clone(),
            url: profile.clone(),
        },
        source: entry::Source {
            name: context.host.to_string(),
            url: String::new(),
            author,
            author_url: profile,
        },
        license: Some(license_at(&post.date)),
        ..Front::default()
    };
    let path = if post.parent.is_none() {
        front.title = Some(post.title.clone());
        front.tags = post.tags.clone();
        front.duplicate_of = context.duplicates.get(&post.id).map(|original| {
            let folder = &context.folders[original];
            let slug = folder.rsplit('/').next().unwrap_or("");
            format!("{}/{slug}", context.questions_folder)
        });
        front.source.url = format!("{base}/questions/{}", post.id);
        format!("{folder}/index.md")
    } else {
        front.votes = Some(post.score);
        front.accepted = posts.accepted_answer(question) == Some(post.id);
        front.source.url = format!("{base}/a/{}", post.id);
        format!("{folder}/{}.md", post.id)
    };
    let comments = comments_of(post.id, folder, posts, context)?;
    Ok((path, entry::file_text(&front, &body, &comments)))
}

/// The file of the imported post a link leads to, from `from` (a folder
/// of the site):
/// `URL/q/ID`, `URL/questions/ID/slug`, `URL/questions/ID/slug/ANSWER`,
/// `URL/questions/ID/slug#ANSWER` and `URL/a/ID`, with `http`, `https`
/// or no scheme (`//host/…`). A post left out of the import is not found.
fn local_post(url: &str, from: &str, posts: &Posts, context: &Context) -> Option<Local> {
    let path = links::path_under(url, context.base)?;
    let (path, fragment) = path.split_once('#').unwrap_or((path, ""));
    let path = path.split('?').next().unwrap_or(path);
    let parts: Vec<&str> = path.split('/').collect();
    let id: i64 = match parts.as_slice() {
        ["q" | "questions" | "a", id, ..] => id.parse().ok()?,
        _ => return None,
    };
    // An answer named after the question's slug or in the fragment.
    let answer = [parts.get(3).copied(), Some(fragment)]
        .into_iter()
        .flatten()
        .filter_map(|part| part.parse::<i64>().ok())
        .find(|&answer| posts.get(answer).is_some_and(|p| p.parent.is_some()));
    let post = posts.get(answer.unwrap_or(id))?;
    let question = post.parent.unwrap_or(post.id);
    let folder = context.folders.get(&question)?;
    let file = match post.parent {
        Some(_) => format!("{folder}/{}.md", post.id),
        None => format!("{folder}/index.md"),
    };
    Some(Local {
        path: links::relative(from, &file),
        title: posts.get(question)?.title.clone(),
    })
}

/// The comments on post `id`, read back from `Comments.xml`.
fn comments_of(
    id: i64,
    folder: &str,
    posts: &Posts,
    context: &Context,
) -> Result<Vec<Comment>, ImportError> {
    let (Some(offsets), Some(file)) = (context.comments.offsets.get(&id), &context.comments_file)
    else {
        return Ok(Vec::new());
    };
    offsets
        .iter()
        .map(|&offset| {
            let row = file.row_at(offset)?;
            let account = account_of(&row, "UserId", "UserDisplayName");
            let text = row.get("Text").unwrap_or("");
            Ok(Comment {
                text: links::localize(text, |url| local_post(url, folder, posts, context)),
                author: context.names.name(&account).to_string(),
                author_url: profile_url(context.base, &account),
                date: row
                    .get("CreationDate")
                    .and_then(|d| d.get(..10))
                    .unwrap_or("")
                    .to_string(),
            })
        })
        .collect()
}

/// An account's profile page on the site (`URL/users/ID`).
fn profile_url(base: &str, account: &Account) -> Option<String> {
    match account {
        Account::Id(id) => Some(format!("{base}/users/{id}")),
        Account::Deleted(_) | Account::Login(_) => None,
    }
}

/// Stack Exchange's licence for content posted on `date` (`2014-…`):
/// CC BY-SA 2.5 before 2011-04-08, 3.0 before 2018-05-02, 4.0 since.
fn license_at(date: &str) -> entry::License {
    let version = if date < "2011-04-08" {
        "2.5"
    } else if date < "2018-05-02" {
        "3.0"
    } else {
        "4.0"
    };
    entry::License {
        name: format!("CC BY-SA {version}"),
        url: format!("https://creativecommons.org/licenses/by-sa/{version}/"),
    }
}

/// A question's folder name from its title.
fn slug_of(title: &str) -> String {
    let slug = slugify(title);
    // Long titles make long URLs: cut at a word, as Stack Exchange does.
    if slug.len() <= 80 {
        return slug;
    }
    let cut = slug[..80].rfind('-').unwrap_or(80);
    slug[..cut].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licences_follow_the_post_date() {
        assert_eq!(license_at("2010-01-01T00:00:00Z").name, "CC BY-SA 2.5");
        assert_eq!(license_at("2014-01-21T20:26:05Z").name, "CC BY-SA 3.0");
        assert_eq!(license_at("2018-05-02T00:00:00Z").name, "CC BY-SA 4.0");
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let slug = slug_of(&"word ".repeat(40));
        assert!(slug.len() <= 80 && slug.ends_with("word"), "{slug}");
    }
}
