//! People: everyone named as an author or speaker, with what they
//! contributed.
//!
//! One person per name *slug*: names are transliterated to ASCII,
//! lowercased, and runs of anything but letters and digits become `-`, so
//! "Ana Lima", "ana lima" and "Ana  Lima" are one person (`ana-lima`), and so
//! are "José" and "Jose". The name shown is a spelling with capital letters
//! if there is one ("Ana Lima" over "ana lima"), then the spelling used most
//! often, then the one with more capitals, then the first alphabetically.

use std::collections::{BTreeMap, HashMap};

use crate::content::{Kind, slugify};
use crate::site::{EntryId, Site};

/// One contributor and their entries, each list in path order.
#[derive(Debug, Clone, Default)]
pub struct Person {
    pub name: String,
    pub slug: String,
    /// Their web address, as the first entry (in path order) that gives
    /// one writes it (`author: {name: …, url: …}`).
    pub url: Option<String>,
    pub questions: Vec<EntryId>,
    pub answers: Vec<EntryId>,
    pub accepted_answers: usize,
    pub guides: Vec<EntryId>,
    /// Events where they spoke.
    pub talks: Vec<EntryId>,
    /// Events and pages they authored.
    pub other: Vec<EntryId>,
}

impl Person {
    pub fn contributions(&self) -> usize {
        self.questions.len()
            + self.answers.len()
            + self.guides.len()
            + self.talks.len()
            + self.other.len()
    }
}

/// Everyone, by slug.
#[derive(Debug, Default)]
pub struct People {
    pub by_slug: BTreeMap<String, Person>,
}

impl People {
    pub fn build(site: &Site) -> People {
        let mut by_slug: BTreeMap<String, Person> = BTreeMap::new();
        let mut spellings: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
        let mut note = |name: &str, id: EntryId, role: Role| {
            let slug = slugify(name);
            if slug.is_empty() {
                return;
            }
            *spellings
                .entry(slug.clone())
                .or_default()
                .entry(name.split_whitespace().collect::<Vec<_>>().join(" "))
                .or_default() += 1;
            let person = by_slug.entry(slug.clone()).or_insert_with(|| Person {
                slug,
                ..Person::default()
            });
            if person.url.is_none() {
                person.url = site.entry(id).meta.person_urls.get(name.trim()).cloned();
            }
            let list = match role {
                Role::Author => match site.entry(id).kind {
                    Kind::Question => &mut person.questions,
                    Kind::Answer => &mut person.answers,
                    Kind::Guide => &mut person.guides,
                    Kind::Event | Kind::Page => &mut person.other,
                },
                Role::Speaker => &mut person.talks,
            };
            if list.last() != Some(&id) {
                list.push(id);
                if role == Role::Author
                    && site.entry(id).kind == Kind::Answer
                    && site.entry(id).meta.accepted
                {
                    person.accepted_answers += 1;
                }
            }
        };
        for (id, entry) in site.ids().zip(&site.entries) {
            if site.is_intro(id) || (entry.kind == Kind::Answer && site.question_of[id].is_none()) {
                continue;
            }
            for name in &entry.meta.authors {
                note(name, id, Role::Author);
            }
            if entry.kind == Kind::Event {
                for name in &entry.meta.speakers {
                    note(name, id, Role::Speaker);
                }
            }
        }
        for (slug, person) in &mut by_slug {
            if let Some(counts) = spellings.get(slug) {
                person.name = counts
                    .iter()
                    .max_by(|(a, ca), (b, cb)| {
                        (capitals(a) > 0)
                            .cmp(&(capitals(b) > 0))
                            .then_with(|| ca.cmp(cb))
                            .then_with(|| capitals(a).cmp(&capitals(b)))
                            .then_with(|| b.cmp(a))
                    })
                    .map(|(name, _)| name.clone())
                    .unwrap_or_default();
            }
        }
        People { by_slug }
    }

    /// The slug a written name belongs to, if it names anyone.
    pub fn slug_of(&self, name: &str) -> Option<&str> {
        let slug = slugify(name);
        self.by_slug.get(&slug).map(|p| p.slug.as_str())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Author,
    Speaker,
}

fn capitals(name: &str) -> usize {
    name.chars().filter(|c| c.is_uppercase()).count()
}
