//! The build moment: the instant a static site is built at, which decides
//! what "open", "closed" and "days left" say on the public-comment pages.
//! It comes from `--now` (RFC 3339 or `YYYY-MM-DD`), else the
//! `SOURCE_DATE_EPOCH` environment variable (seconds since 1970), else the
//! clock. Calendar questions are answered in Vietnam's time (UTC+7), as
//! every date without an offset is in bangvang.

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, Zoned};

/// UTC+7, the offset of every date written without one.
const VIETNAM_OFFSET_HOURS: i8 = 7;

fn vietnam() -> TimeZone {
    TimeZone::fixed(Offset::constant(VIETNAM_OFFSET_HOURS))
}

/// Reads `--now`: `2025-01-10T09:30:00+07:00` (any offset) or `2025-01-10`
/// (midnight at the start of that day in Vietnam).
pub fn parse_now(text: &str) -> Result<Timestamp, String> {
    let t = text.trim();
    if let Ok(ts) = t.parse::<Timestamp>() {
        return Ok(ts);
    }
    if t.len() == 10
        && let Ok(d) = t.parse::<Date>()
    {
        return d
            .to_datetime(jiff::civil::Time::midnight())
            .to_zoned(vietnam())
            .map(|z| z.timestamp())
            .map_err(|e| e.to_string());
    }
    Err(format!(
        "`{t}` is not a moment: write a date like 2025-01-10 or a time like 2025-01-10T09:30:00+07:00"
    ))
}

/// Reads `SOURCE_DATE_EPOCH`: whole seconds since 1970-01-01 UTC.
pub fn parse_epoch(text: &str) -> Result<Timestamp, String> {
    let t = text.trim();
    t.parse::<i64>()
        .ok()
        .and_then(|s| Timestamp::from_second(s).ok())
        .ok_or_else(|| format!("SOURCE_DATE_EPOCH is `{t}`: it must be a whole number of seconds since 1970"))
}

/// The moment a build runs at, resolved once per build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub at: Timestamp,
    /// Read from the clock (not given): then only its day decides whether
    /// a saved build is still current.
    pub from_clock: bool,
}

impl Moment {
    /// `given` if there is one, else the clock.
    pub fn resolve(given: Option<Timestamp>) -> Moment {
        match given {
            Some(at) => Moment { at, from_clock: false },
            None => Moment {
                at: Timestamp::now(),
                from_clock: true,
            },
        }
    }

    fn zoned(&self) -> Zoned {
        self.at.to_zoned(vietnam())
    }

    /// The day it is in Vietnam.
    pub fn today(&self) -> Date {
        self.zoned().date()
    }

    /// The time in Vietnam, to the minute: what pages show.
    pub fn local(&self) -> DateTime {
        let dt = self.zoned().datetime();
        dt.date().to_datetime(jiff::civil::time(dt.hour(), dt.minute(), 0, 0))
    }

    /// What a build's output depends on, for the build state: the instant
    /// when given, the day when read from the clock (two builds of one day
    /// make the same pages but for the time they say they were built at).
    pub fn state_key(&self) -> String {
        if self.from_clock {
            format!("clock {}", self.today())
        } else {
            format!("given {}", self.at.as_second())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_takes_a_date_or_an_rfc3339_time() {
        let d = parse_now("2025-01-10").unwrap();
        assert_eq!(d.to_string(), "2025-01-09T17:00:00Z");
        let t = parse_now("2025-01-10T23:30:00Z").unwrap();
        let m = Moment::resolve(Some(t));
        assert_eq!(m.today().to_string(), "2025-01-11", "already the 11th in Vietnam");
        assert_eq!(m.local().to_string(), "2025-01-11T06:30:00");
        assert!(parse_now("10/01/2025").is_err());
        assert!(parse_now("2025-02-30").is_err());
        assert_eq!(parse_epoch("86400").unwrap().to_string(), "1970-01-02T00:00:00Z");
        assert!(parse_epoch("soon").is_err());
    }

    #[test]
    fn the_clock_is_keyed_by_its_day() {
        let given = Moment::resolve(Some(parse_now("2025-01-10T10:00:00+07:00").unwrap()));
        let other = Moment::resolve(Some(parse_now("2025-01-10T10:01:00+07:00").unwrap()));
        assert_ne!(given.state_key(), other.state_key());
        let clock = Moment {
            from_clock: true,
            ..given
        };
        let later = Moment {
            from_clock: true,
            ..other
        };
        assert_eq!(clock.state_key(), later.state_key());
    }
}
