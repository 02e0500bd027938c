//! The people pages: everyone who asked, answered, wrote or spoke, and
//! each person's contributions.

use serde::Serialize;
use tera::Value;

use super::context::Views;
use crate::analysis::people::{People, Person};
use crate::site::{EntryId, Site};

/// The `/people/` index: most contributions first, then by name.
pub fn index_value(site: &Site, people: &People) -> Value {
    #[derive(Serialize)]
    struct PersonSummary<'a> {
        name: &'a str,
        url: String,
        /// Their own web address, or empty.
        website: &'a str,
        questions: usize,
        answers: usize,
        accepted_answers: usize,
        guides: usize,
        talks: usize,
        total: usize,
    }
    let mut all: Vec<&Person> = people.by_slug.values().collect();
    all.sort_by_cached_key(|p| (std::cmp::Reverse(p.contributions()), p.name.to_lowercase()));
    let list: Vec<PersonSummary> = all
        .into_iter()
        .map(|p| PersonSummary {
            name: &p.name,
            url: site.url(&site.config.layout.person_path(&p.slug)),
            website: p.url.as_deref().unwrap_or(""),
            questions: p.questions.len(),
            answers: p.answers.len(),
            accepted_answers: p.accepted_answers,
            guides: p.guides.len(),
            talks: p.talks.len(),
            total: p.contributions(),
        })
        .collect();
    Value::from_serializable(&list)
}

/// One person's page: their contributions by kind, newest first.
pub fn person_value(site: &Site, person: &Person, cards: &Views) -> Value {
    #[derive(Serialize)]
    struct PersonView<'a> {
        name: &'a str,
        url: String,
        /// Their own web address, or empty.
        website: &'a str,
        questions: Vec<Value>,
        answers: Vec<AnswerRef>,
        accepted_answers: usize,
        guides: Vec<Value>,
        talks: Vec<Value>,
        other: Vec<Value>,
    }
    #[derive(Serialize)]
    struct AnswerRef {
        question: String,
        url: String,
        accepted: bool,
        votes: i64,
        date: String,
        date_human: String,
    }
    let newest = |ids: &[EntryId]| -> Vec<EntryId> {
        let mut ids = ids.to_vec();
        ids.sort_by_cached_key(|&id| {
            (
                std::cmp::Reverse(site.timestamp(id)),
                site.entry(id).rel.clone(),
            )
        });
        ids
    };
    let cards_of = |ids: &[EntryId]| newest(ids).into_iter().map(|id| cards.card(id)).collect();
    let answers = newest(&person.answers)
        .into_iter()
        .filter_map(|a| {
            let question = site.question_of[a]?;
            let meta = &site.entry(a).meta;
            Some(AnswerRef {
                question: site.entry(question).title.clone(),
                url: site.entry_url(a),
                accepted: meta.accepted,
                votes: meta.votes,
                date: meta.date.map(|d| d.ymd()).unwrap_or_default(),
                date_human: meta.date.map(|d| d.human_date()).unwrap_or_default(),
            })
        })
        .collect();
    Value::from_serializable(&PersonView {
        name: &person.name,
        url: site.url(&site.config.layout.person_path(&person.slug)),
        website: person.url.as_deref().unwrap_or(""),
        questions: cards_of(&person.questions),
        answers,
        accepted_answers: person.accepted_answers,
        guides: cards_of(&person.guides),
        talks: cards_of(&person.talks),
        other: cards_of(&person.other),
    })
}
