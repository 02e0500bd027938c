//! The `/stats/` page's value: the shared figures plus their charts.

use serde::Serialize;
use tera::Value;

use crate::analysis::stats::{Month, QuarterTime, Stats, duration, round1};
use crate::render::svg::{Chart, Series, bar_chart};

/// How many months and quarters the charts show (the JSON has them all).
const CHART_MONTHS: usize = 12;
const CHART_QUARTERS: usize = 8;

pub fn value(stats: &Stats) -> Value {
    #[derive(Serialize)]
    struct StatsView<'a> {
        figures: &'a Stats,
        charts: Vec<Chart>,
        first_answer_days: Option<f64>,
        first_answer_p90_days: Option<f64>,
        accepted_days: Option<f64>,
        accepted_p90_days: Option<f64>,
        /// The same times in words, in the unit that reads best ("40
        /// minutes", "5.5 hours", "3 days").
        first_answer_time: Option<String>,
        first_answer_p90_time: Option<String>,
        accepted_time: Option<String>,
        accepted_p90_time: Option<String>,
        /// The last month with activity, when the monthly charts show the
        /// twelve months up to it (nothing happened in the last twelve).
        charts_end: Option<&'a str>,
    }
    let days = |h: Option<f64>| h.map(|h| round1(h / 24.0));
    let q = &stats.questions;
    let (first, accepted) = (
        &q.time_to_first_answer_hours,
        &q.time_to_accepted_answer_hours,
    );
    let window = month_window(&stats.months);
    Value::from_serializable(&StatsView {
        figures: stats,
        charts: charts(stats, window),
        charts_end: window.ends_at,
        first_answer_days: days(first.median),
        first_answer_p90_days: days(first.p90),
        accepted_days: days(accepted.median),
        accepted_p90_days: days(accepted.p90),
        first_answer_time: first.median.map(duration),
        first_answer_p90_time: first.p90.map(duration),
        accepted_time: accepted.median.map(duration),
        accepted_p90_time: accepted.p90.map(duration),
    })
}

/// The median times to a first answer, per quarter, in hours when every
/// one is under two days (a quick community's bars would all read 0.0
/// days), else in days: the values and the unit (`hours` or `days`).
fn quarter_medians(quarters: &[QuarterTime]) -> (Vec<f64>, &'static str) {
    let hours: Vec<f64> = quarters
        .iter()
        .map(|q| q.median_hours.unwrap_or(0.0))
        .collect();
    let in_days = hours.iter().any(|&h| h >= 48.0);
    let scale = if in_days { 24.0 } else { 1.0 };
    let values = hours.iter().map(|h| round1(h / scale)).collect();
    (values, if in_days { "days" } else { "hours" })
}

/// The months the monthly charts show: the last twelve, or, when nothing
/// was asked, answered or written in them (an imported archive, a
/// community gone quiet), the twelve up to the last month with activity,
/// which an all-empty chart would hide.
#[derive(Clone, Copy)]
struct MonthWindow<'a> {
    months: &'a [Month],
    /// The last month with activity, when the window ends there.
    ends_at: Option<&'a str>,
}

fn month_window(months: &[Month]) -> MonthWindow<'_> {
    let active = |m: &Month| m.asked + m.answered + m.contributors > 0;
    let recent = months.len().saturating_sub(CHART_MONTHS);
    match months.iter().rposition(active) {
        Some(last) if last < recent => MonthWindow {
            months: &months[(last + 1).saturating_sub(CHART_MONTHS)..=last],
            ends_at: Some(&months[last].month),
        },
        _ => MonthWindow {
            months: &months[recent..],
            ends_at: None,
        },
    }
}

fn charts(stats: &Stats, window: MonthWindow) -> Vec<Chart> {
    let months = window.months;
    let which = match window.ends_at {
        Some(last) => format!("the twelve months up to {last}"),
        None => "the last twelve months".to_string(),
    };
    let month_labels: Vec<String> = months.iter().map(|m| m.month.clone()).collect();
    let quarters = &stats.first_answer_by_quarter[stats
        .first_answer_by_quarter
        .len()
        .saturating_sub(CHART_QUARTERS)..];
    let quarter_labels: Vec<String> = quarters.iter().map(|q| q.quarter.clone()).collect();
    let (medians, unit) = quarter_medians(quarters);
    vec![
        bar_chart(
            "chart-asked-answered",
            "Questions asked and answered per month",
            &format!(
                "For each of {which}, the questions asked and the questions that got their first answer."
            ),
            &month_labels,
            &[
                Series {
                    name: "Asked",
                    values: months.iter().map(|m| m.asked as f64).collect(),
                },
                Series {
                    name: "Answered",
                    values: months.iter().map(|m| m.answered as f64).collect(),
                },
            ],
            "questions",
        ),
        bar_chart(
            "chart-first-answer",
            &format!("Median {unit} to a first answer, per quarter"),
            &format!(
                "For the questions asked in each quarter, the median number of {unit} until their first answer."
            ),
            &quarter_labels,
            &[Series {
                name: &format!("Median {unit}"),
                values: medians,
            }],
            unit,
        ),
        bar_chart(
            "chart-contributors",
            "Contributors per month",
            &format!(
                "For each of {which}, the number of people who asked, answered, wrote or spoke."
            ),
            &month_labels,
            &[Series {
                name: "Contributors",
                values: months.iter().map(|m| m.contributors as f64).collect(),
            }],
            "people",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::{Month, QuarterTime, month_window, quarter_medians};

    #[test]
    fn a_quiet_sites_charts_show_its_last_active_months() {
        let month = |n: usize, asked| Month {
            month: format!("m{n}"),
            asked,
            answered: 0,
            contributors: 0,
        };
        // Active in months 0 to 19, then silent for 30 months.
        let archive: Vec<Month> = (0..50).map(|n| month(n, usize::from(n < 20))).collect();
        let window = month_window(&archive);
        assert_eq!(window.ends_at, Some("m19"));
        let names: Vec<&str> = window.months.iter().map(|m| m.month.as_str()).collect();
        assert_eq!(names.first(), Some(&"m8"));
        assert_eq!(names.last(), Some(&"m19"));
        // Any activity in the last twelve months keeps them.
        let live: Vec<Month> = (0..50).map(|n| month(n, usize::from(n == 45))).collect();
        let window = month_window(&live);
        assert_eq!(window.ends_at, None);
        assert_eq!(window.months.len(), 12);
        assert_eq!(window.months[0].month, "m38");
        // A site younger than a year, and one with nothing at all.
        assert_eq!(month_window(&live[..3]).months.len(), 3);
        assert!(month_window(&[]).months.is_empty());
    }

    #[test]
    fn quarter_medians_are_in_hours_while_all_are_under_two_days() {
        let quarter = |median_hours| QuarterTime {
            quarter: "2014-Q1".into(),
            questions: 1,
            answered: 1,
            median_hours,
        };
        let quick = [quarter(Some(0.26)), quarter(Some(30.0)), quarter(None)];
        assert_eq!(quarter_medians(&quick), (vec![0.3, 30.0, 0.0], "hours"));
        let slow = [quarter(Some(6.0)), quarter(Some(84.0))];
        assert_eq!(quarter_medians(&slow), (vec![0.3, 3.5], "days"));
    }
}
