//! schema.org microdata read back from a page as the HTML standard's
//! microdata model defines it (items, properties, values), on a real HTML
//! parser: what a search engine reads, not a match on the markup.

use scraper::{ElementRef, Html};

/// An item: its types and its properties in document order.
#[derive(Debug, Clone)]
pub struct Item {
    pub types: Vec<String>,
    pub properties: Vec<(String, Value)>,
}

#[derive(Debug, Clone)]
pub enum Value {
    Text(String),
    Item(Item),
}

impl Item {
    /// Every value of property `name`.
    pub fn all(&self, name: &str) -> Vec<&Value> {
        self.properties
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v)
            .collect()
    }

    /// The one text value of `name` (white space collapsed).
    pub fn text(&self, name: &str) -> String {
        match self.all(name).as_slice() {
            [Value::Text(text)] => text.split_whitespace().collect::<Vec<_>>().join(" "),
            other => panic!("{name}: expected one text value, found {other:?}"),
        }
    }

    /// The one item value of `name`.
    pub fn item(&self, name: &str) -> &Item {
        match self.all(name).as_slice() {
            [Value::Item(item)] => item,
            other => panic!("{name}: expected one item, found {other:?}"),
        }
    }

    /// Every item value of `name`.
    pub fn items(&self, name: &str) -> Vec<&Item> {
        self.all(name)
            .into_iter()
            .map(|v| match v {
                Value::Item(item) => item,
                Value::Text(text) => panic!("{name}: expected an item, found text {text:?}"),
            })
            .collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.properties.iter().any(|(n, _)| n == name)
    }
}

/// The top-level items of `html`, URLs resolved against `page_url`
/// (absolute, ending in `/`).
pub fn items(html: &str, page_url: &str) -> Vec<Item> {
    let document = Html::parse_document(html);
    document
        .root_element()
        .descendent_elements()
        .filter(|e| e.attr("itemscope").is_some() && e.attr("itemprop").is_none())
        .map(|e| item(&document, e, page_url))
        .collect()
}

fn item(document: &Html, root: ElementRef, page_url: &str) -> Item {
    let types = root
        .attr("itemtype")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut pending: Vec<ElementRef> = root.child_elements().collect();
    for id in root.attr("itemref").unwrap_or_default().split_whitespace() {
        pending.extend(
            document
                .root_element()
                .descendent_elements()
                .filter(|e| e.attr("id") == Some(id)),
        );
    }
    // Document order: a stack walked from the end.
    pending.reverse();
    let mut properties = Vec::new();
    while let Some(element) = pending.pop() {
        if let Some(names) = element.attr("itemprop") {
            let value = value(document, element, page_url);
            for name in names.split_whitespace() {
                properties.push((name.to_string(), value.clone()));
            }
        }
        if element.attr("itemscope").is_none() {
            let children: Vec<ElementRef> = element.child_elements().collect();
            pending.extend(children.into_iter().rev());
        }
    }
    Item { types, properties }
}

fn value(document: &Html, element: ElementRef, page_url: &str) -> Value {
    if element.attr("itemscope").is_some() {
        return Value::Item(item(document, element, page_url));
    }
    let attr = |name: &str| element.attr(name).unwrap_or_default().to_string();
    Value::Text(match element.value().name() {
        "meta" => attr("content"),
        "a" | "area" | "link" => resolve(&attr("href"), page_url),
        "img" | "audio" | "video" | "source" | "iframe" | "embed" | "track" => {
            resolve(&attr("src"), page_url)
        }
        "data" | "meter" => attr("value"),
        "time" if element.attr("datetime").is_some() => attr("datetime"),
        _ => element.text().collect(),
    })
}

/// `href` made absolute against `page_url`, enough for the site's links
/// (absolute, root-relative, fragment or relative to the page's folder).
fn resolve(href: &str, page_url: &str) -> String {
    if href.contains("://") {
        href.to_string()
    } else if let Some(path) = href.strip_prefix('/') {
        let origin_end = page_url
            .find("://")
            .and_then(|scheme| page_url[scheme + 3..].find('/').map(|i| scheme + 3 + i))
            .unwrap_or(page_url.len());
        format!("{}/{path}", &page_url[..origin_end])
    } else {
        format!("{page_url}{href}")
    }
}
