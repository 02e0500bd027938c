//! The site's own main menu, as Hugo's `menu: main` front matter gives it:
//! a migrated site's top sections (the Kubernetes site's Blog, Docs,
//! Community and Resources) beside the lists guildhall makes.

use serde_json::Value;

use super::{EntryId, Site};

/// One page in the main menu.
pub struct MenuItem {
    pub id: EntryId,
    /// `name:` in its menu entry, else its `linkTitle`, else its title.
    pub name: String,
    pub weight: i64,
}

impl Site {
    /// The pages on language `lang`'s lists that put themselves in the main menu
    /// (`menu: main`, `menu: [main, footer]` or `menu: {main: {weight:
    /// 20, name: Blog}}`), by weight, then name. Entries under a `parent`
    /// (Hugo's sub-menus) are left out: the menu is one row.
    pub fn main_menu(&self, lang: &str) -> Vec<MenuItem> {
        let mut items: Vec<MenuItem> = self
            .page_ids()
            .filter(|&id| self.list_lang(id) == lang)
            .filter_map(|id| {
                let entry = self.entry(id);
                let (weight, name) = main_entry(entry.meta.extra.get("menu")?)?;
                let name = name
                    .or_else(|| entry.meta.link_title.clone())
                    .unwrap_or_else(|| entry.title.clone());
                Some(MenuItem { id, name, weight })
            })
            .collect();
        items.sort_by(|a, b| (a.weight, &a.name, a.id).cmp(&(b.weight, &b.name, b.id)));
        items
    }
}

impl Site {
    /// Whether page `id` puts itself in the main menu.
    pub fn in_main_menu(&self, id: EntryId) -> bool {
        let menu = self.entry(id).meta.extra.get("menu");
        menu.and_then(main_entry).is_some()
    }
}

/// The weight (0 when unset, as Hugo) and name of a `menu:` value's
/// `main` entry, if it has one outside a sub-menu.
fn main_entry(menu: &Value) -> Option<(i64, Option<String>)> {
    match menu {
        Value::String(name) => (name == "main").then_some((0, None)),
        Value::Array(names) => names
            .iter()
            .any(|name| name.as_str() == Some("main"))
            .then_some((0, None)),
        Value::Object(menus) => {
            let entry = menus.get("main")?;
            if entry.get("parent").is_some() {
                return None;
            }
            let weight = entry.get("weight").and_then(Value::as_i64).unwrap_or(0);
            let name = entry
                .get("name")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_string);
            Some((weight, name))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hugos_forms_of_a_main_menu_entry() {
        assert_eq!(main_entry(&json!("main")), Some((0, None)));
        assert_eq!(main_entry(&json!(["footer", "main"])), Some((0, None)));
        assert_eq!(main_entry(&json!("footer")), None);
        assert_eq!(
            main_entry(&json!({"main": {"weight": 20, "name": " Blog "}})),
            Some((20, Some("Blog".to_string())))
        );
        assert_eq!(main_entry(&json!({"main": {}})), Some((0, None)));
        assert_eq!(main_entry(&json!({"main": {"parent": "Docs"}})), None);
        assert_eq!(main_entry(&json!({"footer": {"weight": 1}})), None);
        assert_eq!(main_entry(&json!(3)), None);
    }
}
