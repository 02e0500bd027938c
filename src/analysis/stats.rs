//! Community health figures, computed once from the site graph and shared by
//! the `/stats/` page, `/stats.json` and `guildhall stats`.
//!
//! Every time-based figure is measured from the build time
//! (`SOURCE_DATE_EPOCH` or now), so the same content gives the same figures.
//! Definitions (also in the README):
//! - a question is *answered* when it has at least one answer, *accepted*
//!   when one of them is accepted; percentages are of all questions;
//! - time to first (accepted) answer runs from the question's `date` to the
//!   earliest (the accepted) answer's `date`, never below zero;
//! - the median is the middle value (the mean of the two middle values for an
//!   even count); the 90th percentile is the nearest-rank value (the value at
//!   rank ⌈0.9·n⌉ in ascending order);
//! - a person contributes in a month when they wrote an entry dated in it or
//!   spoke at an event starting in it; a first-time contributor's earliest
//!   contribution lies within the 90 days before the build time.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::analysis::people::{People, Person};
use crate::content::Kind;
use crate::site::queries::is_stale;
use crate::site::{EntryId, Site, Status};

/// Version of the `/stats.json` schema; bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;
const NEW_CONTRIBUTOR_DAYS: i64 = 90;
const TOP: usize = 10;

#[derive(Debug, Serialize)]
pub struct Stats {
    pub schema_version: u32,
    /// The build time the figures are measured from (RFC 3339, UTC).
    pub generated_at: String,
    pub totals: Totals,
    pub questions: QuestionFigures,
    /// Unanswered questions, oldest first.
    pub unanswered: Vec<Unanswered>,
    /// Guides past `stale_after_days` since their review, oldest review first.
    pub stale_guides: Vec<StaleGuide>,
    /// Events held (started before the build time), per quarter.
    pub events_per_quarter: Vec<PeriodCount>,
    /// Per month from the first month with activity to the build's month.
    pub months: Vec<Month>,
    /// Time to first answer of the questions asked in each quarter.
    pub first_answer_by_quarter: Vec<QuarterTime>,
    /// The most active people (answers + questions + guides + talks), at most ten.
    pub top_contributors: Vec<Contributor>,
    /// People whose first contribution is within 90 days of the build time.
    pub new_contributors: Vec<NewContributor>,
    /// Tags with the most unanswered questions, at most ten.
    pub tags_needing_help: Vec<TagCount>,
}

#[derive(Debug, Serialize)]
pub struct Totals {
    pub questions: usize,
    pub answers: usize,
    pub guides: usize,
    pub events: usize,
    pub pages: usize,
    pub people: usize,
}

#[derive(Debug, Serialize)]
pub struct QuestionFigures {
    pub answered: usize,
    pub accepted: usize,
    /// Percent of all questions, one decimal.
    pub answered_percent: f64,
    pub accepted_percent: f64,
    pub time_to_first_answer_hours: Summary,
    pub time_to_accepted_answer_hours: Summary,
}

/// Median and 90th percentile of a set of durations, in hours (one decimal).
#[derive(Debug, Serialize, PartialEq)]
pub struct Summary {
    pub count: usize,
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct Unanswered {
    pub title: String,
    pub url: String,
    pub date: String,
    pub age_days: i64,
}

#[derive(Debug, Serialize)]
pub struct StaleGuide {
    pub title: String,
    pub url: String,
    pub reviewed: String,
    pub days_since_review: i64,
}

#[derive(Debug, Serialize)]
pub struct PeriodCount {
    pub period: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct Month {
    /// `2026-03`.
    pub month: String,
    pub asked: usize,
    /// Questions whose first answer came this month.
    pub answered: usize,
    pub contributors: usize,
}

#[derive(Debug, Serialize)]
pub struct QuarterTime {
    /// `2026-Q1`.
    pub quarter: String,
    pub questions: usize,
    pub answered: usize,
    pub median_hours: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct Contributor {
    pub name: String,
    pub url: String,
    pub questions: usize,
    pub answers: usize,
    pub accepted_answers: usize,
    pub guides: usize,
    pub talks: usize,
}

#[derive(Debug, Serialize)]
pub struct NewContributor {
    pub name: String,
    pub url: String,
    pub first_contribution: String,
}

#[derive(Debug, Serialize)]
pub struct TagCount {
    pub tag: String,
    pub url: String,
    pub unanswered: usize,
}

/// Rounds to one decimal.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        round1(part as f64 * 100.0 / whole as f64)
    }
}

/// Median and nearest-rank 90th percentile.
pub fn summarize(mut values: Vec<f64>) -> Summary {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return Summary {
            count: 0,
            median: None,
            p90: None,
        };
    }
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    let rank = (0.9 * n as f64).ceil() as usize;
    Summary {
        count: n,
        median: Some(round1(median)),
        p90: Some(round1(values[rank.clamp(1, n) - 1])),
    }
}

fn hours_between(from: Timestamp, to: Timestamp) -> f64 {
    (to.as_second() - from.as_second()).max(0) as f64 / 3600.0
}

/// A calendar month (UTC), ordered by time; shown as `2026-03`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct YearMonth {
    year: i16,
    month: i8,
}

impl YearMonth {
    fn of(t: Timestamp) -> YearMonth {
        let date = t.to_zoned(TimeZone::UTC).date();
        YearMonth {
            year: date.year(),
            month: date.month(),
        }
    }

    fn next(self) -> YearMonth {
        if self.month == 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                month: self.month + 1,
                ..self
            }
        }
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

fn quarter_of(t: Timestamp) -> String {
    let zoned = t.to_zoned(TimeZone::UTC);
    format!("{}-Q{}", zoned.year(), (zoned.month() - 1) / 3 + 1)
}

fn days_between(from: Timestamp, to: Timestamp) -> i64 {
    (to.as_second() - from.as_second()).div_euclid(86_400)
}

/// The months from `first` to `last` inclusive (none when `first` is
/// later): every month, however far back the first one lies.
fn month_range(first: YearMonth, last: YearMonth) -> impl Iterator<Item = YearMonth> {
    std::iter::successors(Some(first), |m| Some(m.next())).take_while(move |m| *m <= last)
}

/// What every figure reads: the graph, people, the build time, and each
/// question's dates.
struct Figures<'a> {
    site: &'a Site,
    people: &'a People,
    now: Timestamp,
    questions: Vec<EntryId>,
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
        self.site.config.absolute_url(&format!("/people/{slug}/"))
    }

    fn totals(&self) -> Totals {
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

    fn question_figures(&self) -> QuestionFigures {
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
    fn unanswered(&self) -> Vec<Unanswered> {
        let site = self.site;
        let mut unanswered: Vec<(Option<Timestamp>, EntryId)> = self
            .questions
            .iter()
            .filter(|&&q| site.status(q) == Status::Unanswered)
            .map(|&q| (self.date(q), q))
            .collect();
        unanswered.sort_by_key(|&(t, q)| (t, site.entry(q).rel.clone()));
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
    fn stale_guides(&self) -> Vec<StaleGuide> {
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
    fn events_per_quarter(&self) -> Vec<PeriodCount> {
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
    fn activity(&self) -> Activity<'_> {
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
    fn months(&self, activity: &Activity) -> Vec<Month> {
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

    fn first_answer_by_quarter(&self) -> Vec<QuarterTime> {
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
    fn top_contributors(&self) -> Vec<Contributor> {
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
    fn new_contributors(&self, activity: &Activity) -> Vec<NewContributor> {
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
    fn tags_needing_help(&self) -> Vec<TagCount> {
        let site = self.site;
        let mut tags: Vec<TagCount> = site
            .tags
            .values()
            .map(|tag| TagCount {
                tag: tag.name.clone(),
                url: site.config.absolute_url(&format!("/tags/{}/", tag.slug)),
                unanswered: tag
                    .entries
                    .iter()
                    .filter(|&&id| {
                        site.entry(id).kind == Kind::Question
                            && site.status(id) == Status::Unanswered
                    })
                    .count(),
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
struct Activity<'a> {
    active: BTreeMap<YearMonth, BTreeSet<&'a str>>,
    first_seen: BTreeMap<&'a str, Timestamp>,
}

impl Stats {
    pub fn compute(site: &Site, people: &People) -> Stats {
        let figures = Figures {
            site,
            people,
            now: site.build_time,
            questions: site.ids_of(Kind::Question).collect(),
        };
        let activity = figures.activity();
        Stats {
            schema_version: SCHEMA_VERSION,
            generated_at: figures.now.to_string(),
            totals: figures.totals(),
            questions: figures.question_figures(),
            unanswered: figures.unanswered(),
            stale_guides: figures.stale_guides(),
            events_per_quarter: figures.events_per_quarter(),
            months: figures.months(&activity),
            first_answer_by_quarter: figures.first_answer_by_quarter(),
            top_contributors: figures.top_contributors(),
            new_contributors: figures.new_contributors(&activity),
            tags_needing_help: figures.tags_needing_help(),
        }
    }

    /// The figures as pretty JSON, for `/stats.json` and `stats --json`.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        text.push('\n');
        text
    }

    /// The figures as text for a terminal.
    pub fn to_text(&self, site_title: &str) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let hours = |h: Option<f64>| {
            h.map_or_else(|| "n/a".to_string(), |h| format!("{:.1} days", h / 24.0))
        };
        let t = &self.totals;
        let q = &self.questions;
        let _ = writeln!(
            out,
            "Community health of {site_title} at {}\n",
            self.generated_at
        );
        let _ = writeln!(
            out,
            "Entries:        {} questions, {} answers, {} guides, {} events, {} pages; {} people",
            t.questions, t.answers, t.guides, t.events, t.pages, t.people
        );
        let _ = writeln!(
            out,
            "Answered:       {} of {} questions ({}%), accepted {} ({}%)",
            q.answered, t.questions, q.answered_percent, q.accepted, q.accepted_percent
        );
        let f = &q.time_to_first_answer_hours;
        let _ = writeln!(
            out,
            "First answer:   median {}, 90th percentile {} ({} questions)",
            hours(f.median),
            hours(f.p90),
            f.count
        );
        let a = &q.time_to_accepted_answer_hours;
        let _ = writeln!(
            out,
            "Accepted:       median {}, 90th percentile {} ({} questions)",
            hours(a.median),
            hours(a.p90),
            a.count
        );
        let _ = writeln!(
            out,
            "\nUnanswered, oldest first ({}):",
            self.unanswered.len()
        );
        for u in &self.unanswered {
            let _ = writeln!(out, "  {:>4} days  {}", u.age_days, u.title);
        }
        let _ = writeln!(
            out,
            "\nGuides past their review date ({}):",
            self.stale_guides.len()
        );
        for g in &self.stale_guides {
            let _ = writeln!(
                out,
                "  reviewed {} ({} days ago)  {}",
                g.reviewed, g.days_since_review, g.title
            );
        }
        let _ = writeln!(out, "\nEvents held per quarter:");
        for e in &self.events_per_quarter {
            let _ = writeln!(out, "  {}  {}", e.period, e.count);
        }
        let _ = writeln!(
            out,
            "\nMost active contributors (questions, answers/accepted, guides, talks):"
        );
        for c in &self.top_contributors {
            let _ = writeln!(
                out,
                "  {:<24} {:>3} {:>3}/{:<3} {:>3} {:>3}",
                c.name, c.questions, c.answers, c.accepted_answers, c.guides, c.talks
            );
        }
        let _ = writeln!(
            out,
            "\nFirst-time contributors in the last 90 days ({}):",
            self.new_contributors.len()
        );
        for c in &self.new_contributors {
            let _ = writeln!(out, "  {}  {}", c.first_contribution, c.name);
        }
        let _ = writeln!(out, "\nTags with the most unanswered questions:");
        for tag in &self.tags_needing_help {
            let _ = writeln!(out, "  {:<24} {}", tag.tag, tag.unanswered);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_nearest_rank_percentile() {
        assert_eq!(
            summarize(vec![]),
            Summary {
                count: 0,
                median: None,
                p90: None
            }
        );
        assert_eq!(
            summarize(vec![5.0]),
            Summary {
                count: 1,
                median: Some(5.0),
                p90: Some(5.0)
            }
        );
        let s = summarize(vec![4.0, 1.0, 3.0, 2.0]);
        assert_eq!((s.median, s.p90), (Some(2.5), Some(4.0)));
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(summarize(ten).p90, Some(9.0));
    }

    #[test]
    fn months_and_quarters() {
        let month = |t: &str| YearMonth::of(t.parse().unwrap());
        let (first, last) = (month("2025-11-03T00:00:00Z"), month("2026-02-28T00:00:00Z"));
        let range: Vec<String> = month_range(first, last).map(|m| m.to_string()).collect();
        assert_eq!(range, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert_eq!(month_range(last, first).count(), 0);
        // No cap: a date of the year 26 (for 2026) shows every month since.
        let typo = month("0026-03-01T00:00:00Z");
        assert_eq!(month_range(typo, last).count(), 2000 * 12);
        let t: Timestamp = "2026-08-15T00:00:00Z".parse().unwrap();
        assert_eq!(quarter_of(t), "2026-Q3");
        assert_eq!(YearMonth::of(t).to_string(), "2026-08");
    }
}
