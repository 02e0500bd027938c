//! What templates know of a page's language: `lang` (its tag, direction,
//! name, home, section URLs and navigation in its words), `t` (the words)
//! and `alternates` (the page in each language, for hreflang links and the
//! language switcher).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tera::Value;

use super::lists::{ListKind, Listing};
use super::words::Words;
use crate::config::languages::is_rtl;
use crate::content::Kind;
use crate::site::{EntryId, Site};

/// The `lang` and `t` values of every language a page can be in.
pub struct LangViews {
    by_tag: HashMap<String, (Value, Value)>,
    /// The languages with their own home and lists, the default first.
    pub list_langs: Vec<String>,
}

/// One version of a page: in the switcher and as an hreflang link.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Alternate {
    /// The BCP 47 tag (`hreflang`, `lang`).
    pub lang: String,
    /// The language's own name (`日本語`).
    pub name: String,
    /// Under `base_url`'s path, for links.
    pub url: String,
    /// With scheme and host, for `<link rel="alternate">`.
    pub absolute: String,
    pub current: bool,
}

#[derive(Serialize)]
struct NavLink {
    key: &'static str,
    title: String,
    url: String,
}

#[derive(Serialize)]
struct LangView<'a> {
    tag: &'a str,
    dir: &'static str,
    name: String,
    /// The language's home page and site title.
    home: String,
    title: &'a str,
    description: &'a str,
    urls: BTreeMap<&'static str, String>,
    nav: Vec<NavLink>,
    feed_url: String,
}

impl LangViews {
    /// The views of the site's languages and of every entry's language.
    pub fn build(site: &Site, words: &Words, list_langs: Vec<String>) -> LangViews {
        let mut tags: Vec<&str> = site.config.layout.languages.tags().collect();
        tags.extend(site.entries.iter().map(|e| e.lang.as_str()));
        let mut by_tag = HashMap::new();
        for tag in tags {
            by_tag
                .entry(tag.to_ascii_lowercase())
                .or_insert_with(|| (lang_value(site, words, tag, &list_langs), words.value(tag)));
        }
        LangViews { by_tag, list_langs }
    }

    /// `lang` and `t` of a page in `tag`.
    pub fn of(&self, tag: &str) -> (Value, Value) {
        self.by_tag
            .get(&tag.to_ascii_lowercase())
            .cloned()
            .unwrap_or_else(|| (Value::none(), Value::none()))
    }
}

/// The list language whose pages a page in `tag` links to.
fn list_lang<'a>(site: &'a Site, tag: &str, list_langs: &'a [String]) -> &'a str {
    let listed = site.config.layout.languages.listed(tag);
    list_langs
        .iter()
        .find(|l| Some(l.as_str()) == listed)
        .map_or(
            site.config.layout.languages.default.as_str(),
            String::as_str,
        )
}

fn lang_value(site: &Site, words: &Words, tag: &str, list_langs: &[String]) -> Value {
    let lang = list_lang(site, tag, list_langs);
    let prefix = site.lang_prefix(lang);
    let layout = &site.config.layout;
    let own = |path: String| site.url(&format!("{prefix}{path}"));
    let mut urls: BTreeMap<&'static str, String> = BTreeMap::new();
    for key in ["questions", "guides", "events"] {
        urls.insert(key, own(layout.section_path(key, "")));
    }
    urls.insert("search", own(layout.search_path()));
    urls.insert("tags", own(layout.tags_path()));
    urls.insert("people", site.url(&layout.people_path()));
    urls.insert("stats", site.url(&layout.stats_path()));
    let nav = menu_links(site, lang)
        .chain(section_links(site, words, tag, lang, &urls))
        .collect();
    Value::from_serializable(&LangView {
        tag,
        dir: if is_rtl(tag) { "rtl" } else { "ltr" },
        name: language_name(site, words, tag),
        home: own("/".into()),
        title: site.config.title_in(lang),
        description: site.config.description_in(lang),
        urls,
        nav,
        feed_url: own("/feed.xml".into()),
    })
}

/// The header's links of the site's own: pages in Hugo's main menu and
/// `menu:`'s links, by weight, then name.
fn menu_links(site: &Site, lang: &str) -> impl Iterator<Item = NavLink> {
    let pages = site
        .main_menu(lang)
        .into_iter()
        .map(|item| (item.weight, item.name, site.entry_url(item.id)));
    let links = site.config.menu.iter().map(|link| {
        let url = match link.is_site_path() {
            true => site.url(&link.url),
            false => link.url.clone(),
        };
        (link.weight, link.name.clone(), url)
    });
    let mut menu: Vec<(i64, String, String)> = pages.chain(links).collect();
    menu.sort();
    menu.into_iter().map(|(_, title, url)| NavLink {
        key: "menu",
        title,
        url,
    })
}

/// The header's links to the lists guildhall makes: guides and events
/// once language `lang`'s lists show some, questions always (asking the first one
/// is how a knowledge base starts), tags, people and stats.
fn section_links<'a>(
    site: &'a Site,
    words: &'a Words,
    tag: &'a str,
    lang: &'a str,
    urls: &'a BTreeMap<&'static str, String>,
) -> impl Iterator<Item = NavLink> + 'a {
    let has = move |kind: Kind| site.ids_of(kind).any(|id| site.list_lang(id) == lang);
    ["questions", "guides", "events", "tags", "people", "stats"]
        .into_iter()
        .filter(move |key| match *key {
            "guides" => has(Kind::Guide),
            "events" => has(Kind::Event),
            _ => true,
        })
        .map(move |key| NavLink {
            key,
            title: words.get(tag, key).to_string(),
            url: urls[key].clone(),
        })
}

/// A language's name in itself: the settings' `name`, else the theme's
/// words (`language_name`), else the tag.
pub fn language_name(site: &Site, words: &Words, tag: &str) -> String {
    if let Some(name) = site
        .config
        .layout
        .languages
        .other(tag)
        .and_then(|l| l.name.clone())
    {
        return name;
    }
    let name = words.get(tag, "language_name");
    let english = words.get("en", "language_name");
    if name == english
        && !tag.eq_ignore_ascii_case("en")
        && !tag.to_ascii_lowercase().starts_with("en-")
    {
        tag.to_string()
    } else {
        name.to_string()
    }
}

/// The versions of entry `id`: itself and its translations, in the
/// settings' language order. Empty when it has no translation.
pub fn entry_alternates(site: &Site, words: &Words, id: EntryId) -> Vec<Alternate> {
    if site.translations[id].is_empty() {
        return Vec::new();
    }
    let mut ids = vec![id];
    ids.extend(&site.translations[id]);
    let order: Vec<&str> = site.config.layout.languages.tags().collect();
    ids.sort_by_key(|&t| {
        let lang = &site.entry(t).lang;
        (
            order
                .iter()
                .position(|o| o.eq_ignore_ascii_case(lang))
                .unwrap_or(order.len()),
            lang.clone(),
            t,
        )
    });
    ids.dedup_by(|a, b| {
        site.entry(*a)
            .lang
            .eq_ignore_ascii_case(&site.entry(*b).lang)
    });
    ids.into_iter()
        .map(|t| alternate(site, words, &site.entry(t).lang, &site.paths[t], t == id))
        .collect()
}

/// The versions of a generated page whose path in each list language
/// `path_in` gives (`None`: it has none there).
pub fn generated_alternates(
    site: &Site,
    words: &Words,
    list_langs: &[String],
    current: &str,
    path_in: impl Fn(&str) -> Option<String>,
) -> Vec<Alternate> {
    if list_langs.len() < 2 {
        return Vec::new();
    }
    list_langs
        .iter()
        .filter_map(|lang| {
            path_in(lang).map(|path| alternate(site, words, lang, &path, lang == current))
        })
        .collect()
}

/// The path of `listing`'s kind of list in `lang`, if it has one.
pub fn listing_path_in(listings: &[Listing], listing: &Listing, lang: &str) -> Option<String> {
    if listing.kind == ListKind::Tag {
        return None;
    }
    listings
        .iter()
        .find(|l| l.kind == listing.kind && l.lang == lang)
        .map(|l| l.path.clone())
}

fn alternate(site: &Site, words: &Words, lang: &str, path: &str, current: bool) -> Alternate {
    Alternate {
        lang: lang.to_string(),
        name: language_name(site, words, lang),
        url: site.url(path),
        absolute: site.config.absolute_url(path),
        current,
    }
}

/// The `x-default` of a set of versions: the one in the default language.
pub fn x_default(site: &Site, alternates: &[Alternate]) -> Option<String> {
    let languages = &site.config.layout.languages;
    alternates
        .iter()
        .find(|a| languages.is_default(&a.lang))
        .map(|a| a.absolute.clone())
}

/// One language's search index, for the search page's "search all
/// languages".
#[derive(Debug, Clone, Serialize)]
pub struct SearchIndex {
    pub lang: String,
    pub name: String,
    /// The folder of its files, under `base_url`'s path.
    pub url: String,
}

/// Every language's search index (the default's first); empty when the
/// site has one.
pub fn search_indexes(site: &Site, words: &Words, list_langs: &[String]) -> Vec<SearchIndex> {
    if list_langs.len() < 2 {
        return Vec::new();
    }
    list_langs
        .iter()
        .map(|lang| SearchIndex {
            lang: lang.clone(),
            name: language_name(site, words, lang),
            url: site.url(&format!(
                "{}{}",
                site.lang_prefix(lang),
                site.config.layout.search_path()
            )),
        })
        .collect()
}
