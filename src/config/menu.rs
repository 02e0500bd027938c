//! `menu:`, links of the site's own in the header's navigation, as Hugo's
//! `[[menu.main]]` and MkDocs's `nav` give them (the project's
//! repository, its chat), beside the pages that put themselves in the
//! menu (`menu: main` in their front matter):
//!
//! ```yaml
//! menu:
//!   - { name: GitHub, url: "https://github.com/org/kb", weight: 90 }
//!   - { name: Handbook, url: /docs/handbook/ }
//! ```

use std::sync::Arc;

use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{LocatedMapping, did_you_mean};

use super::{CONFIG_FILE, is_web_url};

/// One link of `menu:`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MenuLink {
    pub name: String,
    /// An http(s) address, or a path of the site (`/docs/`), written
    /// without the `base_url` path.
    pub url: String,
    /// Its place: lower first, 0 when unset (as Hugo).
    pub weight: i64,
}

impl MenuLink {
    /// Whether it links into the site rather than elsewhere.
    pub fn is_site_path(&self) -> bool {
        self.url.starts_with('/')
    }
}

const ITEM_KEYS: [&str; 3] = ["name", "url", "weight"];

/// The links of `menu:`; each mistake is an error on its item's line, the
/// item left out.
pub fn parse(map: &LocatedMapping, source: &Arc<str>, diagnostics: &Diagnostics) -> Vec<MenuLink> {
    let Some(value) = map.raw("menu") else {
        return Vec::new();
    };
    let pos = map.position("menu");
    let lines = item_lines(source, pos.line);
    let error = |index: usize, message: String| {
        let line = lines.get(index).copied().unwrap_or(pos.line);
        let text = source.lines().nth(line - 1).unwrap_or("");
        let col = text.len() - text.trim_start().len() + 1;
        let len = text.trim().chars().count().max(1);
        Diagnostic::error(CONFIG_FILE, message).at(source, line, col, len)
    };
    let Some(items) = value.as_sequence() else {
        diagnostics.push(error(
            usize::MAX,
            "`menu` should be a list of links such as `- { name: GitHub, url: \"https://github.com/org/kb\" }`".into(),
        ));
        return Vec::new();
    };
    let mut links = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match link(item) {
            Ok(link) => links.push(link),
            Err(why) => diagnostics.push(error(index, format!("`menu` item {}: {why}", index + 1))),
        }
    }
    links
}

/// One item of `menu:`, or what is wrong with it.
fn link(item: &Value) -> Result<MenuLink, String> {
    let Some(fields) = item.as_mapping() else {
        return Err(
            "should be a link such as `{ name: GitHub, url: \"https://github.com/org/kb\" }`"
                .into(),
        );
    };
    for key in fields.keys() {
        let key = key.as_str().unwrap_or("");
        if !ITEM_KEYS.contains(&key) {
            let hint = did_you_mean(key, &ITEM_KEYS)
                .map(|known| format!(" (did you mean `{known}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown key `{key}`{hint}: a link has `name`, `url` and `weight`"
            ));
        }
    }
    let text = |key: &str| {
        fields
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|text| !text.is_empty())
    };
    let name = text("name").ok_or("`name` should be the text the link shows")?;
    let url =
        text("url").ok_or("`url` should be an http(s) address or a path starting with `/`")?;
    if !(url.starts_with('/') || is_web_url(url)) || url.starts_with("//") {
        return Err(format!(
            "`url` should be an http(s) address or a path starting with `/`, found `{url}`"
        ));
    }
    let weight = match fields.get("weight") {
        None | Some(Value::Null) => 0,
        Some(weight) => weight.as_i64().ok_or_else(|| {
            format!(
                "`weight` should be a whole number, found `{}`",
                shown(weight)
            )
        })?,
    };
    Ok(MenuLink {
        name: name.to_string(),
        url: url.to_string(),
        weight,
    })
}

fn shown(value: &Value) -> String {
    serde_yaml::to_string(value)
        .map(|text| text.trim().to_string())
        .unwrap_or_default()
}

/// The line of each item of the block list under the key on line
/// `section_line` (1-based): its lines starting with `-`, up to the next
/// setting. Empty for a list written on the key's line.
fn item_lines(source: &str, section_line: usize) -> Vec<usize> {
    let mut lines = Vec::new();
    for (i, line) in source.lines().enumerate().skip(section_line) {
        let rest = line.trim_start();
        let top_level = line.len() == rest.len();
        if top_level && !rest.is_empty() && !rest.starts_with('#') && !rest.starts_with('-') {
            break;
        }
        if rest.starts_with('-') {
            lines.push(i + 1);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_menu(text: &str) -> (Vec<MenuLink>, Vec<String>) {
        let source: Arc<str> = Arc::from(text);
        let map = LocatedMapping::parse(text, 1).expect("test settings are YAML");
        let diagnostics = Diagnostics::default();
        let links = parse(&map, &source, &diagnostics);
        let problems = diagnostics
            .sorted()
            .iter()
            .map(|p| format!("{}: {}", p.line, p.message))
            .collect();
        (links, problems)
    }

    #[test]
    fn links_of_the_sites_own() {
        let (links, problems) = parse_menu(
            "title: T\nmenu:\n  - name: GitHub\n    url: https://github.com/org/kb\n    weight: 90\n  - { name: Handbook, url: /docs/ }\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            links,
            [
                MenuLink {
                    name: "GitHub".into(),
                    url: "https://github.com/org/kb".into(),
                    weight: 90
                },
                MenuLink {
                    name: "Handbook".into(),
                    url: "/docs/".into(),
                    weight: 0
                },
            ]
        );
        assert!(!links[0].is_site_path() && links[1].is_site_path());
    }

    #[test]
    fn each_wrong_link_is_an_error_on_its_line() {
        let (links, problems) = parse_menu(
            "menu:\n  - { name: Chat, url: \"javascript:alert(1)\" }\n  - name: Docs\n    link: /docs/\n  - { name: Ok, url: /ok/, weight: high }\n  - { url: /x/ }\n  - { name: Fine, url: /fine/ }\ntitle: T\n",
        );
        assert_eq!(
            problems,
            [
                "2: `menu` item 1: `url` should be an http(s) address or a path starting with `/`, found `javascript:alert(1)`",
                "3: `menu` item 2: unknown key `link`: a link has `name`, `url` and `weight`",
                "5: `menu` item 3: `weight` should be a whole number, found `high`",
                "6: `menu` item 4: `name` should be the text the link shows",
            ]
        );
        assert_eq!(links.len(), 1);
        let (_, problems) = parse_menu("menu: GitHub\n");
        assert_eq!(
            problems,
            [
                "1: `menu` should be a list of links such as `- { name: GitHub, url: \"https://github.com/org/kb\" }`"
            ]
        );
    }
}
