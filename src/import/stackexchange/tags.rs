//! Tag wikis become tag descriptions (`content/tags/<slug>.md`, shown
//! above the tag's list): `Tags.xml` names each tag's excerpt and wiki
//! posts (`PostTypeId` 4 and 5), whose bodies are gathered as `Posts.xml`
//! is read for writing. Only tags of imported questions get one.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::dump::{Row, Rows};
use super::posts::{Posts, timestamp};
use crate::content::slugify;
use crate::import::ImportError;
use crate::import::entry;

/// Which part of a tag's description a post is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The one-paragraph summary shown on Stack Exchange's tag lists.
    Excerpt,
    /// The full wiki.
    Wiki,
}

/// The excerpt and wiki posts of the imported questions' tags.
#[derive(Default)]
pub struct TagWikis {
    parts: HashMap<i64, (String, Part)>,
    gathered: BTreeMap<String, Description>,
}

/// One tag's texts, as gathered.
#[derive(Default)]
struct Description {
    excerpt: String,
    wiki: String,
    /// The later of the two posts' dates.
    date: String,
}

impl TagWikis {
    /// Reads `Tags.xml`, when the dump has it.
    pub fn read(dir: &Path, posts: &Posts) -> Result<TagWikis, ImportError> {
        let mut wikis = TagWikis::default();
        let Some(mut rows) = Rows::open(dir, "Tags.xml")? else {
            return Ok(wikis);
        };
        let used: HashSet<&str> = posts.tags().collect();
        while let Some(row) = rows.next_row()? {
            let Some(name) = row.get("TagName").filter(|n| used.contains(n)) else {
                continue;
            };
            for (field, part) in [("ExcerptPostId", Part::Excerpt), ("WikiPostId", Part::Wiki)] {
                if let Some(post) = row.number(field) {
                    wikis.parts.insert(post, (name.to_string(), part));
                }
            }
        }
        Ok(wikis)
    }

    /// Keeps `row`'s text when it is a part of a wanted tag's description.
    pub fn gather(&mut self, row: &Row) {
        let Some((name, part)) = row.number("Id").and_then(|id| self.parts.get(&id)) else {
            return;
        };
        let text = entry::markdown_of_html(row.get("Body").unwrap_or(""));
        let description = self.gathered.entry(name.clone()).or_default();
        match part {
            Part::Excerpt => description.excerpt = text.trim().to_string(),
            Part::Wiki => description.wiki = text.trim().to_string(),
        }
        let date = ["LastEditDate", "CreationDate"]
            .into_iter()
            .find_map(|field| row.get(field).and_then(timestamp))
            .unwrap_or_default();
        description.date = description.date.clone().max(date);
    }

    /// Each gathered tag with text: its file under `folder` (relative to
    /// the site) and the file's text, its markdown passed through `body`,
    /// crediting the site's community and linking the wiki's page (which
    /// lists its every editor).
    pub fn files<'a>(
        &'a self,
        folder: &'a str,
        base: &'a str,
        host: &'a str,
        body: impl Fn(&str) -> String + 'a,
    ) -> impl Iterator<Item = (&'a str, String, String)> + 'a {
        self.gathered
            .iter()
            .filter(|(_, d)| !d.excerpt.is_empty() || !d.wiki.is_empty())
            .map(move |(name, d)| {
                let text = [d.excerpt.as_str(), d.wiki.as_str()]
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n\n");
                let url = format!("{base}/tags/{name}/info");
                let license = Some(super::license_at(&d.date));
                let text = entry::tag_description(name, &body(&text), host, &url, &d.date, license);
                let path = format!("{folder}/{}.md", slugify(name));
                (name.as_str(), path, text)
            })
    }
}
