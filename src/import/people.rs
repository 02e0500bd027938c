//! Naming imported people: guildhall knows a person by name, the sources
//! by account, so names are made distinct. Among the accounts whose names
//! make the same URL slug (`Ana`, `ana`), the oldest account (lowest id)
//! keeps the name; each other one is `Name (id)`, and an account known
//! only by a name (a deleted user) is `Name (deleted user)`. A newer dump
//! adds accounts with higher ids, so the names already given stay.

use std::collections::{BTreeMap, HashMap};

use crate::content::slugify;

/// An author as the source knows them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Account {
    /// An account with an id (its profile page is known).
    Id(i64),
    /// An account known by its unique login (GitHub, Discourse), which is
    /// also its name.
    Login(String),
    /// Only a name survives (a deleted account's display name).
    Deleted(String),
}

/// The name each account is shown with.
#[derive(Debug, Default)]
pub struct Names {
    names: HashMap<Account, String>,
}

impl Names {
    /// Names for `accounts`, each given with its display name as the
    /// source has it (`None` when unknown: `user <id>`).
    pub fn new(accounts: impl IntoIterator<Item = (Account, Option<String>)>) -> Names {
        let mut by_slug: BTreeMap<String, Vec<(Account, String)>> = BTreeMap::new();
        for (account, name) in accounts {
            let name = match (&account, name.map(|n| n.trim().to_string())) {
                (_, Some(name)) if !name.is_empty() => name,
                (Account::Id(id), _) => format!("user {id}"),
                (Account::Login(login), _) => login.clone(),
                (Account::Deleted(name), _) if !name.trim().is_empty() => name.trim().to_string(),
                (Account::Deleted(_), _) => "anonymous".to_string(),
            };
            by_slug
                .entry(slugify(&name))
                .or_default()
                .push((account, name));
        }
        let mut names = HashMap::new();
        for (_, mut group) in by_slug {
            group.sort();
            group.dedup_by(|a, b| a.0 == b.0);
            for (i, (account, name)) in group.into_iter().enumerate() {
                let shown = match (&account, i) {
                    (_, 0) => name,
                    (Account::Id(id), _) => format!("{name} ({id})"),
                    (Account::Login(login), _) => format!("{name} ({login})"),
                    (Account::Deleted(_), _) => format!("{name} (deleted user)"),
                };
                names.insert(account, shown);
            }
        }
        Names { names }
    }

    pub fn name(&self, account: &Account) -> &str {
        self.names.get(account).map_or("anonymous", String::as_str)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_names_are_told_apart_by_account() {
        let names = Names::new([
            (Account::Id(30), Some("Ana".to_string())),
            (Account::Id(7), Some("ana".to_string())),
            (Account::Deleted("Ana".into()), None),
            (Account::Id(9), None),
            (Account::Id(5), Some("Bo".to_string())),
        ]);
        assert_eq!(names.name(&Account::Id(7)), "ana");
        assert_eq!(names.name(&Account::Id(30)), "Ana (30)");
        assert_eq!(
            names.name(&Account::Deleted("Ana".into())),
            "Ana (deleted user)"
        );
        assert_eq!(names.name(&Account::Id(9)), "user 9");
        assert_eq!(names.name(&Account::Id(5)), "Bo");
        assert_eq!(names.len(), 5);
    }
}
