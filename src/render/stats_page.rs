//! The `/stats/` page's value: the shared figures plus their charts.

use serde::Serialize;
use tera::Value;

use crate::analysis::stats::Stats;
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
    }
    let days = |h: Option<f64>| h.map(|h| (h / 24.0 * 10.0).round() / 10.0);
    let q = &stats.questions;
    Value::from_serializable(&StatsView {
        figures: stats,
        charts: charts(stats),
        first_answer_days: days(q.time_to_first_answer_hours.median),
        first_answer_p90_days: days(q.time_to_first_answer_hours.p90),
        accepted_days: days(q.time_to_accepted_answer_hours.median),
        accepted_p90_days: days(q.time_to_accepted_answer_hours.p90),
    })
}

fn charts(stats: &Stats) -> Vec<Chart> {
    let months = &stats.months[stats.months.len().saturating_sub(CHART_MONTHS)..];
    let month_labels: Vec<String> = months.iter().map(|m| m.month.clone()).collect();
    let quarters = &stats.first_answer_by_quarter[stats
        .first_answer_by_quarter
        .len()
        .saturating_sub(CHART_QUARTERS)..];
    let quarter_labels: Vec<String> = quarters.iter().map(|q| q.quarter.clone()).collect();
    vec![
        bar_chart(
            "chart-asked-answered",
            "Questions asked and answered per month",
            "For each of the last twelve months, the questions asked and the questions that got their first answer.",
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
            "Median days to a first answer, per quarter",
            "For the questions asked in each quarter, the median number of days until their first answer.",
            &quarter_labels,
            &[Series {
                name: "Median days",
                values: quarters
                    .iter()
                    .map(|q| {
                        q.median_hours
                            .map_or(0.0, |h| (h / 24.0 * 10.0).round() / 10.0)
                    })
                    .collect(),
            }],
            "days",
        ),
        bar_chart(
            "chart-contributors",
            "Contributors per month",
            "For each of the last twelve months, the number of people who asked, answered, wrote or spoke.",
            &month_labels,
            &[Series {
                name: "Contributors",
                values: months.iter().map(|m| m.contributors as f64).collect(),
            }],
            "people",
        ),
    ]
}
