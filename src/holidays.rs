//! data/holidays.yaml: the days off that are not weekends (public holidays,
//! Tết, their compensatory days) and the weekend days worked instead (làm
//! bù), so that a public-comment period can be counted in working days.

use std::collections::BTreeSet;

use jiff::civil::{Date, Weekday};

use crate::diag::Diagnostic;
use crate::yaml::{self, Ctx, Node};

pub const HOLIDAYS_FILE: &str = "data/holidays.yaml";
const KEYS: &[&str] = &["holidays", "workdays"];
const HOLIDAY_KEYS: &[&str] = &["date", "from", "to", "name"];

/// The longest run one entry may give: Tết with its weekends is nine days.
const MAX_RUN_DAYS: i32 = 31;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Holidays {
    /// Days off on what would be working days.
    pub off: BTreeSet<Date>,
    /// Saturdays and Sundays that are working days.
    pub worked: BTreeSet<Date>,
    /// The file loaded whole (a period counted against a broken file is not warned about).
    pub complete: bool,
}

impl Holidays {
    /// Whether `d` is a working day: Monday to Friday and not a holiday, or
    /// a weekend day worked.
    pub fn is_working_day(&self, d: Date) -> bool {
        if self.worked.contains(&d) {
            return true;
        }
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.off.contains(&d)
    }

    /// Working days from `start` to `end`, both included.
    pub fn working_days(&self, start: Date, end: Date) -> u32 {
        let mut n = 0;
        let mut d = start;
        while d <= end {
            if self.is_working_day(d) {
                n += 1;
            }
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
        n
    }
}

pub fn parse(text: &str) -> (Holidays, Vec<Diagnostic>) {
    let mut ctx = Ctx::new(HOLIDAYS_FILE);
    let mut out = Holidays {
        complete: true,
        ..Holidays::default()
    };
    let root = match yaml::parse(text, HOLIDAYS_FILE, 0, 0) {
        Ok(r) => r,
        Err(d) => {
            out.complete = false;
            return (out, vec![d]);
        }
    };
    let Some(m) = ctx.map(&root, HOLIDAYS_FILE, KEYS) else {
        out.complete = false;
        return (out, ctx.diags);
    };
    for (key, worked) in [("holidays", false), ("workdays", true)] {
        let items = m.get(key).and_then(|n| ctx.list(n, key)).unwrap_or_default();
        for item in items {
            match days(&mut ctx, item, key) {
                Some(ds) if worked => out.worked.extend(ds),
                Some(ds) => out.off.extend(ds),
                None => out.complete = false,
            }
        }
    }
    m.finish(&mut ctx, HOLIDAYS_FILE);
    if !ctx.diags.is_empty() {
        out.complete = false;
    }
    (out, ctx.diags)
}

/// The days of one entry: `date`, or `from` … `to`.
fn days(ctx: &mut Ctx, n: &Node, key: &str) -> Option<Vec<Date>> {
    let what = if key == "holidays" { "a holiday" } else { "a worked day" };
    let m = ctx.map(n, what, HOLIDAY_KEYS)?;
    let name = m.require(ctx, "name", what).and_then(|v| ctx.nonempty(v, "name"));
    let date = m.get("date").map(|v| (ctx.date(v, "date"), v.loc));
    let from = m.get("from").map(|v| (ctx.date(v, "from"), v.loc));
    let to = m.get("to").map(|v| (ctx.date(v, "to"), v.loc));
    m.finish(ctx, what);
    name?;
    match (date, from, to) {
        (Some((d, _)), None, None) => Some(vec![d?]),
        (None, Some((f, _)), Some((t, at))) => {
            let (f, t) = (f?, t?);
            let span = f.until(t).ok()?.get_days();
            if t < f || span >= MAX_RUN_DAYS {
                ctx.error(
                    at,
                    format!("`to` ({t}) must be on or after `from` ({f}) and at most {MAX_RUN_DAYS} days later"),
                    Some("give the first and the last day of the days off".to_owned()),
                );
                return None;
            }
            let mut out = Vec::new();
            let mut d = f;
            while d <= t {
                out.push(d);
                d = d.tomorrow().ok()?;
            }
            Some(out)
        }
        _ => {
            ctx.error(
                n.loc,
                format!("{what} needs either `date` or both `from` and `to`"),
                Some(
                    "write `date: 2024-09-02` for one day, `from: 2024-02-08` and `to: 2024-02-14` for several"
                        .to_owned(),
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn weekends_and_holidays_do_not_count_and_worked_saturdays_do() {
        let (h, d) = parse(
            "holidays:\n  - { from: 2024-04-29, to: 2024-05-01, name: Lễ }\nworkdays:\n  - { date: 2024-05-04, name: Làm bù }\n",
        );
        assert!(d.is_empty(), "{d:?}");
        // Mon 22/4 to Fri 10/5: 15 weekdays, 3 off, 1 Saturday worked.
        assert_eq!(h.working_days(date(2024, 4, 22), date(2024, 5, 10)), 13);
        assert!(!h.is_working_day(date(2024, 4, 30)));
        assert!(h.is_working_day(date(2024, 5, 4)));
        assert!(!h.is_working_day(date(2024, 5, 5)));
        assert_eq!(h.working_days(date(2024, 5, 10), date(2024, 5, 9)), 0);
    }

    #[test]
    fn the_shipped_file_reads_and_knows_the_2024_holidays() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/holidays.yaml")).unwrap();
        let (h, d) = parse(&text);
        assert!(d.is_empty(), "{d:?}");
        // Tết Giáp Thìn: Thursday 8 to Wednesday 14 February 2024.
        assert_eq!(h.working_days(date(2024, 2, 5), date(2024, 2, 16)), 5);
        // 30/4–1/5/2024: off Monday 29/4 to Wednesday 1/5, Saturday 4/5 worked.
        assert_eq!(h.working_days(date(2024, 4, 29), date(2024, 5, 4)), 3);
    }

    #[test]
    fn bad_entries_are_errors_at_their_values() {
        let (h, d) = parse(
            "holidays:\n  - { from: 2024-02-14, to: 2024-02-08, name: Tết }\n  - { name: Lễ }\n  - { date: 2024-09-02 }\n",
        );
        let m: Vec<String> = d.iter().map(Diagnostic::one_line).collect();
        assert_eq!(m.len(), 3, "{m:?}");
        assert!(
            m[0].contains("holidays.yaml:2:29") && m[0].contains("must be on or after"),
            "{m:?}"
        );
        assert!(m[1].contains("either `date` or both"), "{m:?}");
        assert!(m[2].contains("needs `name`"), "{m:?}");
        assert!(!h.complete);
        let (_, d) = parse("holidays:\n  - { from: 2024-01-01, to: 2024-03-01, name: Dài }\n");
        assert!(d.len() == 1 && d[0].message.contains("at most 31 days later"), "{d:?}");
    }
}
