//! Time and number helpers of the figures: months and quarters (UTC),
//! durations between dates, the median and 90th percentile, percentages.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::Summary;

/// Rounds to one decimal.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub(super) fn percent(part: usize, whole: usize) -> f64 {
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

pub(super) fn hours_between(from: Timestamp, to: Timestamp) -> f64 {
    (to.as_second() - from.as_second()).max(0) as f64 / 3600.0
}

/// A calendar month (UTC), ordered by time; shown as `2026-03`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct YearMonth {
    year: i16,
    month: i8,
}

impl YearMonth {
    pub(super) fn of(t: Timestamp) -> YearMonth {
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

pub(super) fn quarter_of(t: Timestamp) -> String {
    let zoned = t.to_zoned(TimeZone::UTC);
    format!("{}-Q{}", zoned.year(), (zoned.month() - 1) / 3 + 1)
}

pub(super) fn days_between(from: Timestamp, to: Timestamp) -> i64 {
    (to.as_second() - from.as_second()).div_euclid(86_400)
}

/// The months from `first` to `last` inclusive (none when `first` is
/// later): every month, however far back the first one lies.
pub(super) fn month_range(first: YearMonth, last: YearMonth) -> impl Iterator<Item = YearMonth> {
    std::iter::successors(Some(first), |m| Some(m.next())).take_while(move |m| *m <= last)
}

/// `hours` in words: minutes under an hour (to the nearest five: the
/// figures are kept to a tenth of an hour), hours under two days, else
/// days, with one decimal under ten of the unit ("0.0 days" said nothing of
/// a Stack Exchange site answered within the hour).
pub fn duration(hours: f64) -> String {
    if hours < 1.0 {
        return match (hours * 12.0).round() as u32 * 5 {
            0 => "under 5 minutes".to_string(),
            60 => "1 hour".to_string(),
            minutes => format!("{minutes} minutes"),
        };
    }
    let (amount, unit) = if hours < 48.0 {
        (hours, "hour")
    } else {
        (hours / 24.0, "day")
    };
    let amount = if amount < 10.0 {
        round1(amount)
    } else {
        amount.round()
    };
    let plural = if amount == 1.0 { "" } else { "s" };
    let number = format!("{amount:.1}");
    let number = number.trim_end_matches(".0");
    format!("{number} {unit}{plural}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_the_unit_that_fits() {
        assert_eq!(duration(0.2), "10 minutes");
        assert_eq!(duration(0.7), "40 minutes");
        assert_eq!(duration(0.0), "under 5 minutes");
        assert_eq!(duration(0.95), "55 minutes");
        assert_eq!(duration(0.99), "1 hour");
        assert_eq!(duration(1.0), "1 hour");
        assert_eq!(duration(5.46), "5.5 hours");
        assert_eq!(duration(31.2), "31 hours");
        assert_eq!(duration(72.0), "3 days");
        assert_eq!(duration(24.0 * 12.4), "12 days");
    }

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
