//! Jekyll's posts, as GitHub Pages' default generator publishes them: a
//! file in a `_posts` folder named `2020-01-02-welcome.md` is dated by its
//! name, and the addresses Jekyll gave it keep leading to it.

use super::Entry;
use super::dates::When;

/// The date of a Jekyll post from its file name, as Jekyll takes it: a
/// file in a `_posts` folder named `2020-01-02-welcome.md`.
pub(super) fn post_date(rel: &str) -> Option<When> {
    let (_, name) = post_parts(rel)?;
    let date = name.get(..10)?;
    When::parse(date).ok().filter(|when| when.time.is_none())
}

/// The folders above `_posts` and the file's name, for a file in one
/// (or in a folder of one: Jekyll reads those too).
fn post_parts(rel: &str) -> Option<(&str, &str)> {
    let (folder, name) = rel.rsplit_once('/')?;
    let mut at = 0;
    let above = folder.split('/').find_map(|segment| {
        let found = (segment == "_posts").then(|| folder[..at].trim_end_matches('/'));
        at += segment.len() + 1;
        found
    })?;
    (name.as_bytes().get(10) == Some(&b'-')).then_some((above, name))
}

/// The addresses Jekyll gives a post without `permalink:`, to redirect
/// from: `/2020/01/02/welcome.html` (its default) and
/// `/2020/01/02/welcome/` (`permalink: pretty`), each under the post's
/// categories (the folders above `_posts`, then `categories:` and
/// `category:`, lowercased, as Jekyll writes them), dated by `date:` when
/// the post has one. None for a title Jekyll would have changed (spaces,
/// other punctuation): guessing its address could redirect a stranger's.
pub(super) fn post_addresses(entry: &Entry) -> Vec<String> {
    let Some((above, name)) = post_parts(&entry.rel) else {
        return Vec::new();
    };
    let title = name
        .strip_suffix(".md")
        .unwrap_or(name)
        .get(11..)
        .unwrap_or("");
    let plain = |text: &str| {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    let Some(date) = entry.meta.date.or_else(|| post_date(&entry.rel)) else {
        return Vec::new();
    };
    if entry.meta.permalink.is_some() || entry.meta.positions.contains_key("permalink") {
        return Vec::new();
    }
    let mut categories: Vec<String> = above
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
        .collect();
    for words in &entry.meta.categories {
        for word in words.split_whitespace().map(str::to_lowercase) {
            if !categories.contains(&word) {
                categories.push(word);
            }
        }
    }
    if !plain(title) || !categories.iter().all(|c| plain(c)) {
        return Vec::new();
    }
    let mut path = String::from("/");
    for category in &categories {
        path.push_str(category);
        path.push('/');
    }
    path.push_str(&date.date.strftime("%Y/%m/%d/").to_string());
    path.push_str(title);
    vec![format!("{path}.html"), format!("{path}/")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_are_dated_by_their_file_name() {
        let day = |rel| post_date(rel).map(|w| w.date.to_string());
        assert_eq!(
            day("_posts/2020-01-02-welcome.md").as_deref(),
            Some("2020-01-02")
        );
        assert_eq!(
            day("blog/_posts/2021-12-31-x.md").as_deref(),
            Some("2021-12-31")
        );
        assert_eq!(day("posts/2020-01-02-welcome.md"), None);
        assert_eq!(day("_posts/2020-13-02-bad-month.md"), None);
        assert_eq!(day("_posts/welcome.md"), None);
        assert_eq!(day("_posts/2020-01-02.md"), None);
        assert_eq!(
            day("_posts/2020/2020-01-02-x.md").as_deref(),
            Some("2020-01-02")
        );
    }
}
