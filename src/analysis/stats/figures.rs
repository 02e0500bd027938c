//! Each figure of [`Stats`](super::Stats), computed by a function of its
//! own from the graph, people and the build time.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::periods::{
    YearMonth, days_between, hours_between, month_range, percent, quarter_of, summarize,
};
use super::{
    Contributor, Month, NEW_CONTRIBUTOR_DAYS, NewContributor, PeriodCount, QuarterTime,
    QuestionFigures, StaleGuide, TOP, TagCount, Totals, Unanswered,
};
use crate::analysis::people::{People, Person};
use crate::content::Kind;
use crate::site::queries::is_stale;
use crate::site::{EntryId, Site, Status};

/// What every figure reads: the graph, people, the build time, and each
/// question's dates.
pub(super) struct Figures<'a> {
    pub(super) site: &'a Site,
    pub(super) people: &'a People,
    pub(super) now: Timestamp,
    pub(super) questions: Vec<EntryId>,
}

impl Figures<'_> {
    fn date(&self, id: EntryId) -> Option<Timestamp> {
        self.site.entry(id).meta.date.map(|d| d.timestamp(None))
    }

    fn first_answer(&self, question: EntryId) -> Option<Timestamp> {
        self.site.answers[question]
            .iter()
            .filter_map(|&a| self.date(a))
            .min()
    }

    fn accepted_answer(&self, question: EntryId) -> Option<Timestamp> {
        self.site.answers[question]
            .iter()
            .find(|&&a| self.site.entry(a).meta.accepted)
            .and_then(|&a| self.date(a))
    }

    fn person_url(&self, slug: &str) -> String {
        self.site
            .config
            .absolute_url(&self.site.config.layout.person_path(slug))
    }

    pub(super) fn totals(&self) -> Totals {
        let site = self.site;
        Totals {
            questions: self.questions.len(),
            answers: site
                .ids_of(Kind::Answer)
                .filter(|&a| site.question_of[a].is_some())
                .count(),
            guides: site.ids_of(Kind::Guide).count(),
            events: site.ids_of(Kind::Event).count(),
            pages: site.ids_of(Kind::Page).count(),
            people: self.people.by_slug.len(),
        }
    }

    pub(super) fn question_figures(&self) -> QuestionFigures {
        let with_status = |status: Status| {
            self.questions
                .iter()
                .filter(|&&q| self.site.status(q) == status)
                .count()
        };
        let accepted = with_status(Status::Accepted);
        let answered = accepted + with_status(Status::Answered);
        let hours_to = |answer: &dyn Fn(EntryId) -> Option<Timestamp>| -> Vec<f64> {
            self.questions
                .iter()
                .filter_map(|&q| Some(hours_between(self.date(q)?, answer(q)?)))
                .collect()
        };
        QuestionFigures {
            answered,
            accepted,
            answered_percent: percent(answered, self.questions.len()),
            accepted_percent: percent(accepted, self.questions.len()),
            time_to_first_answer_hours: summarize(hours_to(&|q| self.first_answer(q))),
            time_to_accepted_answer_hours: summarize(hours_to(&|q| self.accepted_answer(q))),
        }
    }

    /// Oldest first; a question dated after the build time is 0 days old.
    pub(super) fn unanswered(&self) -> Vec<Unanswered> {
        let site = self.site;
        let mut unanswered: Vec<(Option<Timestamp>, EntryId)> = self
            .questions
            .iter()
            .filter(|&&q| site.status(q) == Status::Unanswered)
            .map(|&q| (self.date(q), q))
            .collect();
        unanswered.sort_by(|a, b| (a.0, &site.entry(a.1).rel).cmp(&(b.0, &site.entry(b.1).rel)));
        unanswered
            .into_iter()
            .map(|(t, q)| Unanswered {
                title: site.entry(q).title.clone(),
                url: site.config.absolute_url(&site.paths[q]),
                date: site.entry(q).meta.date.map(|d| d.ymd()).unwrap_or_default(),
                age_days: t.map_or(0, |t| days_between(t, self.now).max(0)),
            })
            .collect()
    }

    /// Oldest review first.
    pub(super) fn stale_guides(&self) -> Vec<StaleGuide> {
        let site = self.site;
        let mut stale: Vec<EntryId> = site
            .ids_of(Kind::Guide)
            .filter(|&g| is_stale(site, g))
            .collect();
        stale.sort_by_cached_key(|&g| {
            (
                site.entry(g).meta.reviewed.map(|r| r.date),
                site.entry(g).rel.clone(),
            )
        });
        stale
            .into_iter()
            .map(|g| {
                let reviewed = site.entry(g).meta.reviewed;
                StaleGuide {
                    title: site.entry(g).title.clone(),
                    url: site.config.absolute_url(&site.paths[g]),
                    reviewed: reviewed.map(|r| r.ymd()).unwrap_or_default(),
                    days_since_review: reviewed
                        .map_or(0, |r| days_between(r.timestamp(None), self.now)),
                }
            })
            .collect()
    }

    /// Events that started before the build time, per quarter.
    pub(super) fn events_per_quarter(&self) -> Vec<PeriodCount> {
        let mut per_quarter: BTreeMap<String, usize> = BTreeMap::new();
        for e in self.site.ids_of(Kind::Event) {
            if let Some(start) = self.site.timestamp(e).filter(|&s| s <= self.now) {
                *per_quarter.entry(quarter_of(start)).or_default() += 1;
            }
        }
        per_quarter
            .into_iter()
            .map(|(period, count)| PeriodCount { period, count })
            .collect()
    }

    /// Each person's contributions up to the build time: the months they
    /// were active in, and their first contribution.
    pub(super) fn activity(&self) -> Activity<'_> {
        let mut activity = Activity::default();
        for person in self.people.by_slug.values() {
            let all = person
                .questions
                .iter()
                .chain(&person.answers)
                .chain(&person.guides)
                .chain(&person.talks)
                .chain(&person.other);
            for &id in all {
                let Some(t) = self.site.timestamp(id).filter(|&t| t <= self.now) else {
                    continue;
                };
                activity
                    .active
                    .entry(YearMonth::of(t))
                    .or_default()
                    .insert(&person.slug);
                let first = activity.first_seen.entry(&person.slug).or_insert(t);
                *first = (*first).min(t);
            }
        }
        activity
    }

    /// Questions asked, first answers and contributors per month, from the
    /// first month with any of them to the build's month.
    pub(super) fn months(&self, activity: &Activity) -> Vec<Month> {
        let mut asked: BTreeMap<YearMonth, usize> = BTreeMap::new();
        let mut first_answers: BTreeMap<YearMonth, usize> = BTreeMap::new();
        for &q in &self.questions {
            if let Some(t) = self.date(q) {
                *asked.entry(YearMonth::of(t)).or_default() += 1;
            }
            if let Some(t) = self.first_answer(q) {
                *first_answers.entry(YearMonth::of(t)).or_default() += 1;
            }
        }
        let first_month = [
            asked.keys().next(),
            first_answers.keys().next(),
            activity.active.keys().next(),
        ]
        .into_iter()
        .flatten()
        .min()
        .copied();
        let Some(first) = first_month else {
            return Vec::new();
        };
        month_range(first, YearMonth::of(self.now))
            .map(|m| Month {
                asked: asked.get(&m).copied().unwrap_or(0),
                answered: first_answers.get(&m).copied().unwrap_or(0),
                contributors: activity.active.get(&m).map_or(0, BTreeSet::len),
                month: m.to_string(),
            })
            .collect()
    }

    pub(super) fn first_answer_by_quarter(&self) -> Vec<QuarterTime> {
        let mut by_quarter: BTreeMap<String, (usize, Vec<f64>)> = BTreeMap::new();
        for &q in &self.questions {
            let Some(asked_at) = self.date(q) else {
                continue;
            };
            let slot = by_quarter.entry(quarter_of(asked_at)).or_default();
            slot.0 += 1;
            if let Some(answer) = self.first_answer(q) {
                slot.1.push(hours_between(asked_at, answer));
            }
        }
        by_quarter
            .into_iter()
            .map(|(quarter, (count, times))| QuarterTime {
                quarter,
                questions: count,
                answered: times.len(),
                median_hours: summarize(times).median,
            })
            .collect()
    }

    /// The most contributions (answers, questions, guides, talks), then
    /// by name.
    pub(super) fn top_contributors(&self) -> Vec<Contributor> {
        let mut ranked: Vec<&Person> = self.people.by_slug.values().collect();
        ranked.sort_by_cached_key(|p| {
            (
                std::cmp::Reverse(
                    p.answers.len() + p.questions.len() + p.guides.len() + p.talks.len(),
                ),
                p.name.to_lowercase(),
            )
        });
        ranked
            .into_iter()
            .take(TOP)
            .map(|p| Contributor {
                name: p.name.clone(),
                url: self.person_url(&p.slug),
                questions: p.questions.len(),
                answers: p.answers.len(),
                accepted_answers: p.accepted_answers,
                guides: p.guides.len(),
                talks: p.talks.len(),
            })
            .collect()
    }

    /// People whose first contribution lies within the last 90 days,
    /// newest first.
    pub(super) fn new_contributors(&self, activity: &Activity) -> Vec<NewContributor> {
        let mut new_contributors: Vec<NewContributor> = activity
            .first_seen
            .iter()
            .filter(|&(_, &first)| days_between(first, self.now) < NEW_CONTRIBUTOR_DAYS)
            .filter_map(|(&slug, &first)| {
                let person = self.people.by_slug.get(slug)?;
                Some(NewContributor {
                    name: person.name.clone(),
                    url: self.person_url(slug),
                    first_contribution: first
                        .to_zoned(TimeZone::UTC)
                        .strftime("%Y-%m-%d")
                        .to_string(),
                })
            })
            .collect();
        new_contributors.sort_by(|a, b| {
            b.first_contribution
                .cmp(&a.first_contribution)
                .then_with(|| a.name.cmp(&b.name))
        });
        new_contributors
    }

    /// Tags with the most unanswered questions.
    pub(super) fn tags_needing_help(&self) -> Vec<TagCount> {
        let site = self.site;
        let mut tags: Vec<TagCount> = site
            .tags
            .values()
            .map(|tag| {
                let waiting: Vec<_> = tag
                    .entries
                    .iter()
                    .copied()
                    .filter(|&id| {
                        site.entry(id).kind == Kind::Question
                            && site.status(id) == Status::Unanswered
                    })
                    .collect();
                // The tag's page in the default language, unless only
                // questions of another language are waiting.
                let default = &site.config.layout.languages.default;
                let lang = waiting
                    .iter()
                    .map(|&id| site.list_lang(id))
                    .find(|l| l == default)
                    .or_else(|| waiting.first().map(|&id| site.list_lang(id)))
                    .unwrap_or(default);
                TagCount {
                    tag: tag.name.clone(),
                    url: site.config.absolute_url(&format!(
                        "{}{}",
                        site.lang_prefix(lang),
                        site.config.layout.tag_path(&tag.slug)
                    )),
                    unanswered: waiting.len(),
                }
            })
            .filter(|t| t.unanswered > 0)
            .collect();
        tags.sort_by(|a, b| {
            b.unanswered
                .cmp(&a.unanswered)
                .then_with(|| a.tag.to_lowercase().cmp(&b.tag.to_lowercase()))
        });
        tags.truncate(TOP);
        tags
    }
}

/// Who was active in which month, and when each person first contributed.
#[derive(Default)]
pub(super) struct Activity<'a> {
    active: BTreeMap<YearMonth, BTreeSet<&'a str>>,
    first_seen: BTreeMap<&'a str, Timestamp>,
}
