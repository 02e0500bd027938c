//! `guildhall new`: a new entry file with the right front matter in the
//! right folder, ready to build.

use std::path::{Path, PathBuf};

use crate::config::{Config, Layout};
use crate::content::dates::build_time;
use crate::content::slugify;
use crate::diagnostics::Diagnostics;

/// What `new` can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    Question,
    Answer,
    Guide,
    Event,
    Page,
}

/// Why `new` could not write a file: a usage problem (exit 2) or a problem
/// with the site on disk (exit 1).
#[derive(Debug)]
pub enum NewError {
    Usage(String),
    Site(String),
}

/// Writes the new file and returns its path.
pub fn create(
    kind: NewKind,
    title: Option<&str>,
    site: &Path,
    author: Option<&str>,
    question: Option<&str>,
) -> Result<PathBuf, NewError> {
    let content = site.join("content");
    if !content.is_dir() {
        return Err(NewError::Site(format!(
            "{} has no content/ folder: is it a guildhall site?",
            site.display()
        )));
    }
    // The folders the settings give each kind; problems with the settings
    // are for `build` and `check` to report.
    let layout = Config::load(site, &Diagnostics::default()).layout;
    let today = build_time().strftime("%Y-%m-%d").to_string();
    let author = author.map(str::to_string).or_else(git_user_name);
    if kind == NewKind::Answer {
        let question = question.ok_or_else(|| {
            NewError::Usage(
                "`new answer` needs --question PATH (the question's file, folder or slug)".into(),
            )
        })?;
        let author = author.ok_or_else(|| {
            NewError::Usage("an answer needs an author: pass --author NAME".into())
        })?;
        let folder = question_folder(&content, &layout, question)?;
        let path = unique_path(&folder, &slugify(&author));
        let text = format!(
            "---\ndate: {today}\nauthor: {}\n---\n\nWrite your answer here: what to do, and why it works.\n",
            yaml_text(&author)
        );
        return write_new(&path, &text);
    }
    let title = title
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| NewError::Usage(format!("`new {}` needs a title", kind_name(kind))))?;
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(NewError::Usage(
            "the title needs at least one letter or digit".into(),
        ));
    }
    let (folder, front, body) = match kind {
        NewKind::Question => (
            content.join(&layout.questions),
            format!("date: {today}\ntags: []"),
            "What are you trying to do? What did you try, and what happened?\n",
        ),
        NewKind::Guide => (
            content.join(&layout.guides),
            format!(
                "date: {today}\nreviewed: {today}\nlevel: beginner\ntags: []\nsummary: One sentence on what this guide helps with"
            ),
            "## Why\n\nWhat problem this solves.\n\n## How\n\nThe steps.\n",
        ),
        NewKind::Event => (
            content.join(&layout.events),
            format!(
                "start: {today}\n# end: {today}\n# timezone: Europe/Berlin   (for times such as 2026-03-01T18:30:00)\n# location: Where it happens\n# online: https://meet.example.org/room\nspeakers: []\ntags: []"
            ),
            "What happened, what we learned, and links to the questions and guides it produced.\n",
        ),
        NewKind::Page | NewKind::Answer => (content.clone(), String::new(), "\n"),
    };
    let mut text = format!("---\ntitle: {}\n", yaml_text(title));
    if let Some(author) = author.filter(|_| kind != NewKind::Page) {
        text.push_str(&format!("author: {}\n", yaml_text(&author)));
    }
    if !front.is_empty() {
        text.push_str(&front);
        text.push('\n');
    }
    text.push_str("---\n\n");
    text.push_str(body);
    write_new(&unique_path(&folder, &slug), &text)
}

fn kind_name(kind: NewKind) -> &'static str {
    match kind {
        NewKind::Question => "question",
        NewKind::Answer => "answer",
        NewKind::Guide => "guide",
        NewKind::Event => "event",
        NewKind::Page => "page",
    }
}

/// A YAML scalar for `text`, quoted when it needs to be (`: `, `#`, ...).
fn yaml_text(text: &str) -> String {
    serde_yaml::to_string(text)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_else(|_| format!("{text:?}"))
}

/// `folder/<slug>.md`, or `<slug>-2.md`, `-3`... when taken (as a file or
/// as a question folder).
fn unique_path(folder: &Path, slug: &str) -> PathBuf {
    let slug = if slug.is_empty() { "answer" } else { slug };
    let taken =
        |name: &str| folder.join(format!("{name}.md")).exists() || folder.join(name).exists();
    let mut name = slug.to_string();
    let mut n = 2;
    while taken(&name) {
        name = format!("{slug}-{n}");
        n += 1;
    }
    folder.join(format!("{name}.md"))
}

/// The folder answers to `question` go in: `content/questions/<slug>/`,
/// from the question's file, folder, path under content/, or slug.
fn question_folder(content: &Path, layout: &Layout, question: &str) -> Result<PathBuf, NewError> {
    let questions = content.join(&layout.questions);
    let trimmed = question.trim_end_matches('/');
    let name = trimmed
        .trim_end_matches("/index.md")
        .trim_end_matches("/README.md")
        .trim_end_matches(".md")
        .rsplit('/')
        .next()
        .unwrap_or(trimmed);
    let folder = questions.join(name);
    let exists = folder.join("index.md").is_file()
        || folder.join("README.md").is_file()
        || questions.join(format!("{name}.md")).is_file();
    if name.is_empty() || !exists {
        return Err(NewError::Site(format!(
            "no question `{question}` under {}",
            questions.display()
        )));
    }
    Ok(folder)
}

fn write_new(path: &Path, text: &str) -> Result<PathBuf, NewError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| NewError::Site(format!("cannot create {}: {e}", parent.display())))?;
    }
    // create_new: never overwrite, even if the file appeared meanwhile.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| NewError::Site(format!("cannot create {}: {e}", path.display())))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| NewError::Site(format!("cannot write {}: {e}", path.display())))?;
    Ok(path.to_path_buf())
}

/// The author from `git config user.name`, when git has one.
fn git_user_name() -> Option<String> {
    let output = std::process::Command::new("git")
        .args(["config", "--get", "user.name"])
        .output()
        .ok()?;
    let name = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_text_quotes_when_needed() {
        assert_eq!(yaml_text("Plain title"), "Plain title");
        assert_eq!(yaml_text("Backups: a primer"), "'Backups: a primer'");
        assert_eq!(yaml_text("# not a comment"), "'# not a comment'");
    }
}
