//! Numbers, dates and times as Vietnamese (or English) readers write them.

use jiff::civil::{Date, Time, Weekday};

use super::Lang;

/// An exact decimal stored as hundredths (9750 = 97.5), written for `lang`:
/// vi "1.234,25" (decimal comma, thousands dot), en "1,234.25". Trailing
/// zeros of the fraction are dropped: 9750 → "97,5", 9700 → "97".
pub fn format_hundredths(v: i64, lang: Lang) -> String {
    let (thousands, decimal) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    // unsigned_abs, not abs: i64::MIN has no positive i64.
    let abs = v.unsigned_abs();
    let (whole, cents) = (abs / 100, abs % 100);
    let mut out = String::new();
    if v < 0 {
        out.push('-');
    }
    let digits = whole.to_string();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(d);
    }
    match (cents / 10, cents % 10) {
        (0, 0) => {}
        (tenths, 0) => {
            out.push(decimal);
            out.push_str(&tenths.to_string());
        }
        _ => {
            out.push(decimal);
            out.push_str(&format!("{cents:02}"));
        }
    }
    out
}

/// A date for lists and tables: vi "15/02/2023", en "15 Feb 2023".
pub fn format_date_short(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
        Lang::En => format!(
            "{} {} {:04}",
            d.day(),
            month_en(d).get(..3).unwrap_or_default(),
            d.year()
        ),
    }
}

/// A date in running text: vi "ngày 15 tháng 2 năm 2023", en "15 February 2023".
pub fn format_date_long(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("ngày {} tháng {} năm {}", d.day(), d.month(), d.year()),
        Lang::En => format!("{} {} {}", d.day(), month_en(d), d.year()),
    }
}

/// The day of the week: vi "Thứ Hai" … "Thứ Bảy", "Chủ Nhật"; en "Monday" … "Sunday".
pub fn weekday_name(d: Date, lang: Lang) -> &'static str {
    match (lang, d.weekday()) {
        (Lang::Vi, Weekday::Monday) => "Thứ Hai",
        (Lang::Vi, Weekday::Tuesday) => "Thứ Ba",
        (Lang::Vi, Weekday::Wednesday) => "Thứ Tư",
        (Lang::Vi, Weekday::Thursday) => "Thứ Năm",
        (Lang::Vi, Weekday::Friday) => "Thứ Sáu",
        (Lang::Vi, Weekday::Saturday) => "Thứ Bảy",
        (Lang::Vi, Weekday::Sunday) => "Chủ Nhật",
        (Lang::En, Weekday::Monday) => "Monday",
        (Lang::En, Weekday::Tuesday) => "Tuesday",
        (Lang::En, Weekday::Wednesday) => "Wednesday",
        (Lang::En, Weekday::Thursday) => "Thursday",
        (Lang::En, Weekday::Friday) => "Friday",
        (Lang::En, Weekday::Saturday) => "Saturday",
        (Lang::En, Weekday::Sunday) => "Sunday",
    }
}

/// A time of day on the 24-hour clock, as both languages use on the portal: "14:00".
pub fn format_time(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn month_en(d: Date) -> &'static str {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    // jiff guarantees 1..=12; the fallback only keeps this panic-free by construction.
    usize::try_from(d.month() - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("January")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    #[test]
    fn hundredths_in_vietnamese() {
        let cases = [
            (9750, "97,5"),
            (9700, "97"),
            (9725, "97,25"),
            (100_000, "1.000"),
            (123_425, "1.234,25"),
            (-50, "-0,5"),
            (-5, "-0,05"),
            (0, "0"),
            (5, "0,05"),
            (1_000_000_000, "10.000.000"),
            (99_999, "999,99"),
        ];
        for (v, want) in cases {
            assert_eq!(format_hundredths(v, Lang::Vi), want, "{v}");
        }
    }

    #[test]
    fn hundredths_in_english() {
        assert_eq!(format_hundredths(9750, Lang::En), "97.5");
        assert_eq!(format_hundredths(100_000, Lang::En), "1,000");
        assert_eq!(format_hundredths(-123_425, Lang::En), "-1,234.25");
    }

    #[test]
    fn hundredths_extremes_do_not_panic() {
        assert_eq!(format_hundredths(i64::MIN, Lang::Vi), "-92.233.720.368.547.758,08");
        assert_eq!(format_hundredths(i64::MAX, Lang::En), "92,233,720,368,547,758.07");
    }

    #[test]
    fn dates() {
        let d = date(2023, 2, 15);
        assert_eq!(format_date_short(d, Lang::Vi), "15/02/2023");
        assert_eq!(format_date_short(d, Lang::En), "15 Feb 2023");
        assert_eq!(format_date_long(d, Lang::Vi), "ngày 15 tháng 2 năm 2023");
        assert_eq!(format_date_long(d, Lang::En), "15 February 2023");
        let d = date(2025, 7, 1);
        assert_eq!(format_date_short(d, Lang::Vi), "01/07/2025");
        assert_eq!(format_date_short(d, Lang::En), "1 Jul 2025");
        assert_eq!(format_date_long(d, Lang::Vi), "ngày 1 tháng 7 năm 2025");
    }

    #[test]
    fn every_month_has_its_own_english_name() {
        let longs: Vec<String> = (1..=12).map(|m| format_date_long(date(2024, m, 1), Lang::En)).collect();
        let mut distinct = longs.clone();
        distinct.dedup();
        assert_eq!(distinct.len(), 12);
        assert_eq!(longs[8], "1 September 2024");
        for m in 1..=12 {
            // The short form abbreviates the long form's month to three letters.
            let short = format_date_short(date(2024, m, 1), Lang::En);
            let (day_month, year) = short.rsplit_once(' ').unwrap();
            assert_eq!(year, "2024");
            assert!(longs[usize::from(m as u8) - 1].starts_with(day_month), "{short}");
        }
        assert_eq!(format_date_short(date(2024, 9, 30), Lang::En), "30 Sep 2024");
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        assert_eq!(format_date_short(Date::MIN, Lang::Vi), "01/01/-9999");
        assert_eq!(format_date_short(Date::MAX, Lang::En), "31 Dec 9999");
        assert_eq!(format_date_short(date(99, 3, 4), Lang::Vi), "04/03/0099");
    }

    #[test]
    fn weekdays() {
        // 15 Feb 2023, the signing ceremony, was a Wednesday.
        assert_eq!(weekday_name(date(2023, 2, 15), Lang::Vi), "Thứ Tư");
        assert_eq!(weekday_name(date(2023, 2, 15), Lang::En), "Wednesday");
        let week: Vec<_> = (13..=19)
            .map(|day| weekday_name(date(2023, 2, day), Lang::Vi))
            .collect();
        assert_eq!(
            week,
            [
                "Thứ Hai",
                "Thứ Ba",
                "Thứ Tư",
                "Thứ Năm",
                "Thứ Sáu",
                "Thứ Bảy",
                "Chủ Nhật"
            ]
        );
        assert_eq!(weekday_name(date(2023, 2, 19), Lang::En), "Sunday");
    }

    #[test]
    fn times_are_24_hour() {
        assert_eq!(format_time(time(14, 0, 0, 0)), "14:00");
        assert_eq!(format_time(time(8, 5, 59, 0)), "08:05");
        assert_eq!(format_time(time(0, 0, 0, 0)), "00:00");
        assert_eq!(format_time(time(23, 59, 59, 999_999_999)), "23:59");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn reading_the_number_back_gives_the_value(v in any::<i64>()) {
                // Undo the Vietnamese format: drop thousands dots, comma → point.
                let s = format_hundredths(v, Lang::Vi).replace('.', "").replace(',', ".");
                let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
                prop_assert!(frac.len() <= 2 && !frac.ends_with('0'), "{}", s);
                let cents = format!("{frac:0<2}");
                let back: i128 = format!("{whole}{cents}").parse::<i128>().unwrap();
                // "-0,5" reads back as -050, which parses as -50: the sign survives a zero whole part.
                prop_assert_eq!(back, i128::from(v));
            }

            #[test]
            fn english_differs_only_in_separators(v in any::<i64>()) {
                let swapped: String = format_hundredths(v, Lang::En)
                    .chars()
                    .map(|c| match c { '.' => ',', ',' => '.', c => c })
                    .collect();
                prop_assert_eq!(swapped, format_hundredths(v, Lang::Vi));
            }
        }
    }
}
