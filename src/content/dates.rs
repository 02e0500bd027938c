//! Dates and date-times from front matter.
//!
//! A contributor writes `2026-03-01`, an RFC 3339 date-time
//! (`2026-03-01T18:30:00+01:00`), or, for events with a `timezone:`, a
//! date-time without offset that is read in that zone. Every form of YAML's
//! timestamp type is read too (one-digit months and days, a space or `t`
//! before the time, fractions of seconds, a space before `Z` or the
//! offset, an offset of hours alone), and the forms Hugo and Jekyll
//! content uses (`2026-03-01T18:30` without seconds, `+0100`).

use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::temporal::Pieces;
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, Zoned};

/// `text` in the RFC 3339 shape jiff reads, when it is one of the other
/// forms of a date this module accepts; `None` when it is not recognised
/// (jiff then says why).
fn normalize(text: &str) -> Option<String> {
    let (date, rest) = match text.find(['T', 't', ' ', '\t']) {
        Some(at) => (&text[..at], Some(text[at + 1..].trim_start())),
        None => (text, None),
    };
    let mut parts = date.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some() || !digits(year, 4, 4) || !digits(month, 1, 2) || !digits(day, 1, 2) {
        return None;
    }
    let mut out = format!("{year}-{month:0>2}-{day:0>2}");
    let Some(rest) = rest else {
        return Some(out);
    };
    // The time: H:MM, H:MM:SS or H:MM:SS.fraction.
    let time_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(rest.len());
    let (time, zone) = (&rest[..time_end], rest[time_end..].trim());
    let mut fields = time.splitn(3, ':');
    let (hour, minute) = (fields.next()?, fields.next()?);
    if !digits(hour, 1, 2) || !digits(minute, 2, 2) {
        return None;
    }
    let second = fields.next().unwrap_or("00");
    out.push_str(&format!("T{hour:0>2}:{minute}:{second}"));
    match zone {
        "" => {}
        "Z" | "z" => out.push('Z'),
        _ => {
            // Only ASCII is split by byte below: anything else is no offset.
            if !zone.is_ascii() {
                return None;
            }
            let (sign, offset) = zone.split_at(1);
            if sign != "+" && sign != "-" {
                return None;
            }
            let (hours, minutes) = match offset.split_once(':') {
                Some((h, m)) => (h, m),
                None if offset.len() == 4 => offset.split_at(2),
                None => (offset, "00"),
            };
            if !digits(hours, 1, 2) || !digits(minutes, 2, 2) {
                return None;
            }
            out.push_str(&format!("{sign}{hours:0>2}:{minutes}"));
        }
    }
    Some(out)
}

/// A point or day in time as written in front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    pub date: Date,
    pub time: Option<Time>,
    pub offset: Option<Offset>,
}

impl When {
    /// Parses a front matter date. The error says what shape is expected.
    pub fn parse(text: &str) -> Result<When, String> {
        let text = text.trim();
        let normal = normalize(text);
        let pieces = Pieces::parse(normal.as_deref().unwrap_or(text)).map_err(|_| {
            format!("`{text}` is not a date: write `2026-03-01` or `2026-03-01T18:30:00+01:00`")
        })?;
        let offset = pieces.to_numeric_offset();
        if offset.is_some_and(|o| o.seconds().abs() > 18 * 3600) {
            return Err(format!("`{text}` has an offset beyond ±18:00"));
        }
        Ok(When {
            date: pieces.date(),
            time: pieces.time(),
            offset,
        })
    }

    /// Whether this is a whole day rather than a moment.
    pub fn is_date_only(&self) -> bool {
        self.time.is_none()
    }

    /// The moment this stands for: its own offset, else `zone`, else UTC.
    /// A bare date stands for its midnight.
    pub fn to_zoned(self, zone: Option<&TimeZone>) -> Zoned {
        let civil = DateTime::from_parts(self.date, self.time.unwrap_or(Time::midnight()));
        let tz = match (self.offset, zone) {
            (Some(offset), _) => TimeZone::fixed(offset),
            (None, Some(zone)) => zone.clone(),
            (None, None) => TimeZone::UTC,
        };
        // An ambiguous or skipped local time (a DST change) resolves the way
        // RFC 5545 and Temporal do: the earlier offset.
        tz.to_ambiguous_zoned(civil)
            .compatible()
            .unwrap_or_else(|_| Zoned::new(Timestamp::UNIX_EPOCH, TimeZone::UTC))
    }

    pub fn timestamp(self, zone: Option<&TimeZone>) -> Timestamp {
        self.to_zoned(zone).timestamp()
    }

    /// `2026-03-01`, for `<time datetime>` and lists.
    pub fn ymd(&self) -> String {
        self.date.strftime("%Y-%m-%d").to_string()
    }

    /// The value in its written form, normalised: `2026-03-01`,
    /// `2026-03-01T18:30`, `2026-03-01T18:30+01:00`.
    pub fn written(&self) -> String {
        let mut text = self.ymd();
        if let Some(time) = self.time {
            text.push_str(&time.strftime("T%H:%M").to_string());
        }
        if let Some(offset) = self.offset {
            let secs = offset.seconds();
            if secs == 0 {
                text.push('Z');
            } else {
                let sign = if secs < 0 { '-' } else { '+' };
                let minutes = secs.unsigned_abs() / 60;
                text.push_str(&format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60));
            }
        }
        text
    }

    /// `1 March 2026`, for people.
    pub fn human_date(&self) -> String {
        self.date.strftime("%-d %B %Y").to_string()
    }
}

/// The build's notion of now, in whole seconds: `SOURCE_DATE_EPOCH` when
/// set, else the clock.
pub fn build_time() -> Timestamp {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| Timestamp::now().as_second());
    Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_date_times() {
        let d = When::parse("2026-03-01").unwrap();
        assert!(d.is_date_only());
        assert_eq!(d.ymd(), "2026-03-01");
        assert_eq!(d.human_date(), "1 March 2026");
        let t = When::parse("2026-03-01T18:30:00+01:00").unwrap();
        assert_eq!(t.timestamp(None).to_string(), "2026-03-01T17:30:00Z");
        let z = When::parse("2026-03-01T18:30:00Z").unwrap();
        assert_eq!(z.timestamp(None).to_string(), "2026-03-01T18:30:00Z");
    }

    #[test]
    fn every_yaml_timestamp_form_and_hugo_and_jekyll_forms() {
        let at = |text: &str| When::parse(text).map(|w| w.timestamp(None).to_string());
        for (text, expected) in [
            ("2021-04-8", "2021-04-08T00:00:00Z"),
            ("2021-4-08", "2021-04-08T00:00:00Z"),
            ("2001-12-14t21:59:43.10-05:00", "2001-12-15T02:59:43.1Z"),
            ("2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z"),
            ("2001-12-15 2:59:43.10", "2001-12-15T02:59:43.1Z"),
            ("2001-12-15T02:59:43.1Z", "2001-12-15T02:59:43.1Z"),
            ("2001-12-15 02:59:43 Z", "2001-12-15T02:59:43Z"),
            ("2026-03-01T18:30", "2026-03-01T18:30:00Z"),
            ("2026-03-01 18:30:00 +0100", "2026-03-01T17:30:00Z"),
            ("2026-03-01 18:30:00 +01:00", "2026-03-01T17:30:00Z"),
        ] {
            assert_eq!(at(text).as_deref(), Ok(expected), "{text}");
        }
        assert!(When::parse("2026-03-01T18:30").unwrap().offset.is_none());
        for bad in [
            "2025-06-31",
            "2026-13-01",
            "March 1st",
            "2026-03-01 noon",
            "26-03-01",
        ] {
            assert!(When::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn local_times_take_the_zone_across_dst() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let winter = When::parse("2026-03-28T10:00:00").unwrap();
        let summer = When::parse("2026-03-30T10:00:00").unwrap();
        assert_eq!(
            winter.timestamp(Some(&berlin)).to_string(),
            "2026-03-28T09:00:00Z"
        );
        assert_eq!(
            summer.timestamp(Some(&berlin)).to_string(),
            "2026-03-30T08:00:00Z"
        );
    }

    #[test]
    fn nonsense_is_an_error_that_shows_the_form() {
        for bad in ["2026-13-01", "yesterday", "2026-02-30", "1/3/2026"] {
            let err = When::parse(bad).unwrap_err();
            assert!(err.contains("2026-03-01"), "{bad}: {err}");
        }
    }
}
