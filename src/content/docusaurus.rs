//! Docusaurus's blog posts: a file under a `blog/` folder whose path
//! holds a date (`2021-08-26-welcome.md`, `2022/09-01-release/index.mdx`,
//! `2022/09/01/release.md`) is dated by it when it has no `date:`, as
//! Docusaurus dates it, and the address Docusaurus gave it
//! (`/blog/2022/09/01/release`) leads to its page.

use super::Entry;
use super::dates::When;

/// A post's date from its path, and the text after the date (the end of
/// Docusaurus's address for it).
fn post(rel: &str) -> Option<(When, &str)> {
    let (_, in_blog) = rel
        .split_once("blog/")
        .filter(|(before, _)| before.is_empty() || before.ends_with('/'))?;
    let path = super::markdown_stem(in_blog)?;
    let path = path.strip_suffix("/index").unwrap_or(path);
    let mut starts = std::iter::once(0).chain(path.match_indices('/').map(|(at, _)| at + 1));
    starts.find_map(|start| dated(&path[start..]))
}

/// `2022-09-01-text`, `2022/09-01-text` or `2022/9/1/text`: the date and
/// the text.
fn dated(path: &str) -> Option<(When, &str)> {
    let mut numbers = [0u32; 3];
    let mut rest = path;
    for (i, number) in numbers.iter_mut().enumerate() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let wanted = if i == 0 { 4..=4 } else { 1..=2 };
        if !wanted.contains(&digits) {
            return None;
        }
        *number = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        if i < 2 {
            rest = rest.strip_prefix(['-', '/'])?;
        }
    }
    let text = rest.strip_prefix(['-', '/']).unwrap_or(rest);
    let [year, month, day] = numbers;
    let when = When::parse(&format!("{year:04}-{month:02}-{day:02}")).ok()?;
    Some((when, text))
}

/// The date of a Docusaurus post from its path.
pub(super) fn post_date(rel: &str) -> Option<When> {
    post(rel).map(|(when, _)| when)
}

/// The address Docusaurus gave a post dated by its path (no `date:`, as
/// Docusaurus posts are; another generator's, a Hugo blog's in dated
/// folders, sets `date:` and keeps only its own address) without
/// `slug:`: `/blog/2022/09/01/release/`, its date then the text after
/// the date in its path.
pub(super) fn post_addresses(entry: &Entry) -> Vec<String> {
    let Some((from_path, text)) = post(&entry.rel) else {
        return Vec::new();
    };
    let dated_in_file = entry.meta.positions.contains_key("date");
    if dated_in_file || entry.meta.slug.is_some() || text.is_empty() || text.contains('/') {
        return Vec::new();
    }
    let date = from_path.date;
    let above = entry
        .rel
        .split_once("blog/")
        .map_or("", |(before, _)| before);
    vec![format!(
        "/{above}blog/{}{text}/",
        date.strftime("%Y/%m/%d/")
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(rel: &str) -> Option<String> {
        post(rel).map(|(when, text)| format!("{} {text}", when.date))
    }

    #[test]
    fn dates_come_from_the_path_as_docusaurus_reads_them() {
        assert_eq!(
            day("blog/2021-08-26-welcome.md").as_deref(),
            Some("2021-08-26 welcome")
        );
        assert_eq!(
            day("blog/2022/09-01-docusaurus-2.1/index.mdx").as_deref(),
            Some("2022-09-01 docusaurus-2.1")
        );
        assert_eq!(
            day("blog/2022/9/1/release.md").as_deref(),
            Some("2022-09-01 release")
        );
        assert_eq!(
            day("en/blog/2020-01-02-x.md").as_deref(),
            Some("2020-01-02 x")
        );
        assert_eq!(day("blog/welcome.md"), None);
        assert_eq!(day("guides/2021-08-26-welcome.md"), None);
        assert_eq!(day("myblog/2021-08-26-welcome.md"), None);
        assert_eq!(day("blog/2021-13-26-bad-month.md"), None);
        assert_eq!(day("blog/v2021-08-26.md"), None);
    }
}
