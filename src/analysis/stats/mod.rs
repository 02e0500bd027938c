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

mod figures;
pub mod languages;
mod periods;

use serde::Serialize;

use crate::analysis::people::People;
use crate::content::Kind;
use crate::site::Site;
use crate::util::words;
use figures::Figures;
pub use periods::{duration, round1, summarize};

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
    /// Per language written on the site (left out when there is one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<languages::LanguageFigures>,
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
            languages: languages::language_figures(site),
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
        let mut out = String::new();
        self.write_summary(&mut out, site_title);
        self.write_lists(&mut out);
        out.push_str(
            "\nEvery figure above comes from the content. Searches (successful searches, top \
             failed searches) are not counted by guildhall: the search page sends events to \
             your own analytics, if any (README, \"Counting searches\").\n",
        );
        out
    }

    /// The title line, totals, answered shares and answer times.
    fn write_summary(&self, out: &mut String, site_title: &str) {
        use std::fmt::Write;
        let count = |n: usize, one: &str| words::count(n, one, None);
        let hours = |h: Option<f64>| h.map_or_else(|| "n/a".to_string(), duration);
        let (t, q) = (&self.totals, &self.questions);
        let _ = writeln!(
            out,
            "Community health of {site_title} at {}\n",
            self.generated_at
        );
        let _ = writeln!(
            out,
            "Entries:        {}, {}, {}, {}, {}; {}",
            count(t.questions, "question"),
            count(t.answers, "answer"),
            count(t.guides, "guide"),
            count(t.events, "event"),
            count(t.pages, "page"),
            words::count(t.people, "person", Some("people"))
        );
        let _ = writeln!(
            out,
            "Answered:       {} of {} ({}%), accepted {} ({}%)",
            q.answered,
            count(t.questions, "question"),
            q.answered_percent,
            q.accepted,
            q.accepted_percent
        );
        for (label, times) in [
            ("First answer:  ", &q.time_to_first_answer_hours),
            ("Accepted:      ", &q.time_to_accepted_answer_hours),
        ] {
            let _ = writeln!(
                out,
                "{label} median {}, 90th percentile {} ({})",
                hours(times.median),
                hours(times.p90),
                count(times.count, "question")
            );
        }
    }

    /// The lists: unanswered questions, guides due for review, events,
    /// contributors, tags that need help.
    fn write_lists(&self, out: &mut String) {
        use std::fmt::Write;
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
    }
}
