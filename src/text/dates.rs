//! The calendar dates bangvang accepts and the machine formats that show
//! them (feeds, sitemaps). The range is what every output can hold: RFC 2822
//! needs a year of at least 1900, RFC 3339 and sitemaps four digits. Times
//! are printed in the offset the author wrote, never converted to UTC, so a
//! date at either edge never crosses into 1899 or 10000 on the way out.

use jiff::civil::{Date, Time, Weekday};

pub const FIRST_DATE: Date = jiff::civil::date(1900, 1, 1);
pub const LAST_DATE: Date = jiff::civil::date(9999, 12, 31);

/// Whether bangvang can publish `d` (the calendar date as written).
pub fn date_supported(d: Date) -> bool {
    (FIRST_DATE..=LAST_DATE).contains(&d)
}

/// Text whose year has more than four digits or is negative (`10000-01-01`,
/// `-0001-01-01`): a date, but out of range rather than badly written.
pub fn is_far_year(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let digits = unsigned.bytes().take_while(u8::is_ascii_digit).count();
    digits >= 4 && unsigned.as_bytes().get(digits) == Some(&b'-') && (digits > 4 || text.starts_with('-'))
}

/// The error for a date outside the range: (message, hint).
pub fn unsupported_date(key: &str, shown: &str) -> (String, String) {
    (
        format!("`{key}` {shown} is outside the dates bangvang supports ({FIRST_DATE} to {LAST_DATE})"),
        "check the year: feeds and sitemaps cannot carry dates outside this range".to_owned(),
    )
}

/// Seconds since 1970-01-01T00:00:00Z of a date and time at `offset_seconds`
/// east of UTC. Total for every date jiff holds (unlike `jiff::Timestamp`,
/// whose range ends inside 9999-12-31), so sorting never needs a fallback.
pub fn epoch_seconds(d: Date, t: Time, offset_seconds: i32) -> i64 {
    let secs_of_day = i64::from(t.hour()) * 3600 + i64::from(t.minute()) * 60 + i64::from(t.second());
    days_from_civil(i64::from(d.year()), i64::from(d.month()), i64::from(d.day())) * 86_400 + secs_of_day
        - i64::from(offset_seconds)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `+07:00`, `-05:30`, `+00:00`.
fn offset_text(offset_seconds: i32, colon: bool) -> String {
    let sign = if offset_seconds < 0 { '-' } else { '+' };
    let s = offset_seconds.unsigned_abs();
    let (h, m) = (s / 3600, s % 3600 / 60);
    if colon {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}")
    }
}

/// RFC 3339 in the author's offset: `2023-02-15T14:00:00+07:00`.
pub fn rfc3339(d: Date, t: Time, offset_seconds: i32) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
        d.year(),
        d.month(),
        d.day(),
        t.hour(),
        t.minute(),
        t.second(),
        offset_text(offset_seconds, true)
    )
}

/// RFC 2822 in the author's offset: `Wed, 15 Feb 2023 14:00:00 +0700`.
pub fn rfc2822(d: Date, t: Time, offset_seconds: i32) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let day = match d.weekday() {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    };
    let month = usize::try_from(d.month() - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("Jan");
    format!(
        "{day}, {} {month} {:04} {:02}:{:02}:{:02} {}",
        d.day(),
        d.year(),
        t.hour(),
        t.minute(),
        t.second(),
        offset_text(offset_seconds, false)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    #[test]
    fn the_range() {
        assert!(date_supported(date(1900, 1, 1)) && date_supported(date(9999, 12, 31)));
        assert!(!date_supported(date(1899, 12, 31)) && !date_supported(Date::MIN));
        assert!(is_far_year("10000-01-01") && is_far_year("-0001-01-01") && is_far_year("+12023-01-01"));
        assert!(
            !is_far_year("2023-01-01")
                && !is_far_year("+2023-01-01")
                && !is_far_year("2023-1-1x")
                && !is_far_year("15/02/2023")
        );
        assert!(!is_far_year("") && !is_far_year("-") && !is_far_year("123-01-01"));
    }

    #[test]
    fn formats_at_both_edges_stay_in_range() {
        let (first, last) = (date(1900, 1, 1), date(9999, 12, 31));
        let (midnight, late) = (time(0, 0, 0, 0), time(23, 59, 59, 0));
        assert_eq!(rfc3339(first, midnight, 7 * 3600), "1900-01-01T00:00:00+07:00");
        assert_eq!(rfc2822(first, midnight, 7 * 3600), "Mon, 1 Jan 1900 00:00:00 +0700");
        assert_eq!(rfc3339(last, late, -5 * 3600 - 1800), "9999-12-31T23:59:59-05:30");
        assert_eq!(rfc2822(last, late, -14 * 3600), "Fri, 31 Dec 9999 23:59:59 -1400");
        assert_eq!(
            rfc2822(date(2023, 2, 15), time(14, 0, 0, 0), 0),
            "Wed, 15 Feb 2023 14:00:00 +0000"
        );
    }

    #[test]
    fn epoch_seconds_at_the_edges() {
        assert_eq!(epoch_seconds(date(1970, 1, 1), Time::midnight(), 0), 0);
        // 1900-01-01T00:00:00+07:00 is 1899-12-31T17:00:00Z.
        assert_eq!(
            epoch_seconds(date(1900, 1, 1), Time::midnight(), 7 * 3600),
            -2_208_988_800 - 7 * 3600
        );
        // Past jiff::Timestamp::MAX, still ordered.
        let a = epoch_seconds(date(9999, 12, 31), time(23, 0, 0, 0), -14 * 3600);
        let b = epoch_seconds(date(9999, 12, 31), time(23, 0, 0, 0), 14 * 3600);
        assert!(a > b);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn epoch_seconds_agree_with_jiff(days in 0i32..3_000_000, secs in 0i32..86_400, off in -50_399i32..50_399) {
                let d = FIRST_DATE.checked_add(jiff::Span::new().days(days % 2_900_000)).unwrap_or(FIRST_DATE);
                let t = Time::midnight().checked_add(jiff::Span::new().seconds(secs)).unwrap_or(Time::midnight());
                let tz = jiff::tz::TimeZone::fixed(jiff::tz::Offset::from_seconds(off).unwrap());
                if let Ok(ts) = tz.to_timestamp(d.to_datetime(t)) {
                    prop_assert_eq!(epoch_seconds(d, t, off), ts.as_second());
                }
            }
        }
    }
}
