//! data/proposals/<year>/<id>.yaml: a list of units and individuals proposed
//! for an award, posted for public comment (lấy ý kiến nhân dân) before the
//! emulation council meets, as the 2022 Law on Emulation and Commendation
//! asks: for at least 10 working days, saying where and until when to send
//! comments; the outcome follows as a decision.

use jiff::civil::Date;

use crate::diag::{Diagnostic, Location};
use crate::holidays::Holidays;
use crate::refs::{Lookup, Refs};
use crate::units;
use crate::yaml::{Ctx, Node};

pub const PROPOSALS_DIR: &str = "data/proposals";
const KEYS: &[&str] = &[
    "title",
    "award",
    "council",
    "units",
    "individuals",
    "period",
    "contact",
    "description",
    "outcome",
];
const UNIT_KEYS: &[&str] = &["id", "reason"];
const INDIVIDUAL_KEYS: &[&str] = &["name", "position", "unit"];
const PERIOD_KEYS: &[&str] = &["start", "end"];
const OUTCOME_KEYS: &[&str] = &["decision"];

/// What the law asks for at least.
pub const MIN_WORKING_DAYS: u32 = 10;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposed {
    pub unit: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Individual {
    pub name: String,
    pub position: Option<String>,
    pub unit: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// `data/proposals/2023/co-thi-dua.yaml`.
    pub file: String,
    pub year: i32,
    pub id: String,
    pub title: String,
    pub award: String,
    pub council: String,
    pub units: Vec<Proposed>,
    pub individuals: Vec<Individual>,
    /// The comment period, both days included.
    pub start: Date,
    pub end: Date,
    pub working_days: u32,
    /// Markdown: where and how to send comments.
    pub contact: String,
    pub description: Option<String>,
    /// The number of the decision that followed, and where it is written.
    pub outcome: Option<(String, Location)>,
    /// A hash of the file's path and text.
    pub key: u64,
}

/// Where a proposal stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Upcoming,
    /// Open, with the days left counting today.
    Open(i32),
    Closed,
}

impl Proposal {
    pub fn status(&self, today: Date) -> Status {
        if today < self.start {
            Status::Upcoming
        } else if today > self.end {
            Status::Closed
        } else {
            Status::Open(today.until(self.end).map_or(0, |s| s.get_days()) + 1)
        }
    }
}

/// `data/proposals/<year>/<id>.yaml` → (year, id).
pub fn place_of(shown: &str) -> Option<(i32, &str)> {
    let rel = shown.strip_prefix("data/proposals/")?;
    let (year, file) = rel.split_once('/')?;
    let stem = file.strip_suffix(".yaml").or_else(|| file.strip_suffix(".yml"))?;
    if file.contains('/') || year.len() != 4 {
        return None;
    }
    Some((year.parse().ok()?, stem))
}

/// Decodes one proposal file (`node` its parsed text).
pub fn load(
    shown: &str,
    text: &str,
    node: &Node,
    units: &Refs,
    holidays: &Holidays,
) -> (Option<Proposal>, Vec<Diagnostic>) {
    let mut ctx = Ctx::new(shown);
    let Some((year, id)) = place_of(shown).filter(|(_, id)| units::is_valid_id(id)) else {
        ctx.diags.push(
            Diagnostic::error(
                shown,
                None,
                "a proposal must be data/proposals/<year>/<id>.yaml, its id made of a–z, 0–9 and hyphens",
            )
            .with_hint("for example data/proposals/2023/co-thi-dua.yaml"),
        );
        return (None, ctx.diags);
    };
    let Some(m) = ctx.map(node, shown, KEYS) else {
        return (None, ctx.diags);
    };
    let what = "a proposal";
    let text_of = |ctx: &mut Ctx, key: &str| m.require(ctx, key, what).and_then(|v| ctx.nonempty(v, key));
    let title = text_of(&mut ctx, "title");
    let award = text_of(&mut ctx, "award");
    let council = text_of(&mut ctx, "council");
    let contact = text_of(&mut ctx, "contact");
    let description = m.get("description").and_then(|v| ctx.string(v, "description"));
    let mut ok = true;
    let mut proposed = Vec::new();
    let unit_nodes = m
        .require(&mut ctx, "units", what)
        .and_then(|v| ctx.list(v, "units"))
        .unwrap_or_default();
    for n in unit_nodes {
        let Some(u) = ctx.map(n, "a proposed unit", UNIT_KEYS) else {
            ok = false;
            continue;
        };
        let uid = u.require(&mut ctx, "id", "a proposed unit").and_then(|v| {
            let s = ctx.nonempty(v, "id")?;
            if units.lookup(&s) == Lookup::Missing {
                ctx.error(
                    v.loc,
                    format!("unknown unit `{s}`: it is not in data/units.yaml"),
                    Some(units.hint(&s, "add the unit to data/units.yaml or correct the id")),
                );
                return None;
            }
            Some(s)
        });
        let reason = u
            .require(&mut ctx, "reason", "a proposed unit")
            .and_then(|v| ctx.nonempty(v, "reason"));
        u.finish(&mut ctx, "a proposed unit");
        match (uid, reason) {
            (Some(unit), Some(reason)) => proposed.push(Proposed { unit, reason }),
            _ => ok = false,
        }
    }
    let mut individuals = Vec::new();
    for n in m
        .get("individuals")
        .and_then(|v| ctx.list(v, "individuals"))
        .unwrap_or_default()
    {
        let Some(p) = ctx.map(n, "an individual", INDIVIDUAL_KEYS) else {
            ok = false;
            continue;
        };
        let name = p
            .require(&mut ctx, "name", "an individual")
            .and_then(|v| ctx.nonempty(v, "name"));
        let position = p.get("position").and_then(|v| ctx.nonempty(v, "position"));
        let unit = p.get("unit").and_then(|v| ctx.nonempty(v, "unit"));
        p.finish(&mut ctx, "an individual");
        match name {
            Some(name) => individuals.push(Individual { name, position, unit }),
            None => ok = false,
        }
    }
    let period = m.require(&mut ctx, "period", what).and_then(|v| {
        let p = ctx.map(v, "the comment period", PERIOD_KEYS)?;
        let start = p
            .require(&mut ctx, "start", "the comment period")
            .and_then(|n| ctx.date(n, "start"));
        let end_node = p.require(&mut ctx, "end", "the comment period");
        let end = end_node.and_then(|n| ctx.date(n, "end"));
        p.finish(&mut ctx, "the comment period");
        let (start, end, end_at) = (start?, end?, end_node?.loc);
        if end < start {
            ctx.error(
                end_at,
                format!("the comment period ends ({end}) before it starts ({start})"),
                Some("`end` is the last day comments are taken: on or after `start`".to_owned()),
            );
            return None;
        }
        let days = holidays.working_days(start, end);
        if days < MIN_WORKING_DAYS && holidays.complete {
            ctx.warning(
                v.loc,
                format!(
                    "the comment period from {start} to {end} has {days} working day{}; the law asks for at least {MIN_WORKING_DAYS}",
                    if days == 1 { "" } else { "s" }
                ),
                Some("Saturdays, Sundays and the days off in data/holidays.yaml do not count: move `end` later".to_owned()),
            );
        }
        Some((start, end, days))
    });
    let outcome = m.get("outcome").and_then(|v| {
        let o = ctx.map(v, "the outcome", OUTCOME_KEYS)?;
        let d = o
            .require(&mut ctx, "decision", "the outcome")
            .and_then(|n| Some((ctx.nonempty(n, "decision")?, n.loc)));
        o.finish(&mut ctx, "the outcome");
        d
    });
    m.finish(&mut ctx, what);
    let proposal = match (title, award, council, contact, period) {
        (Some(title), Some(award), Some(council), Some(contact), Some((start, end, working_days))) if ok => {
            Some(Proposal {
                file: shown.to_owned(),
                year,
                id: id.to_owned(),
                title,
                award,
                council,
                units: proposed,
                individuals,
                start,
                end,
                working_days,
                contact,
                description,
                outcome,
                key: crate::source::key(shown, text),
            })
        }
        _ => None,
    };
    (proposal, ctx.diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::refs::Failures;
    use jiff::civil::date;

    const FILE: &str = "data/proposals/2023/co-thi-dua.yaml";

    fn run(body: &str) -> (Option<Proposal>, Vec<String>) {
        let node = crate::yaml::parse(body, FILE, 0, 0).unwrap();
        let ids = ["huyen-tung", "song-cau"];
        let failures = Failures::default();
        let refs = Refs::new(&ids, &failures);
        let (holidays, _) = crate::holidays::parse("holidays:\n  - { date: 2024-01-01, name: Tết Dương lịch }\n");
        let (p, d) = load(FILE, body, &node, &refs, &holidays);
        (p, d.iter().map(Diagnostic::one_line).collect())
    }

    fn proposal(units: &str, period: &str) -> String {
        format!(
            "title: Lấy ý kiến\naward: Cờ thi đua\ncouncil: Hội đồng\nunits:\n{units}period: {period}\ncontact: Gửi về UBND\n"
        )
    }

    const ONE_UNIT: &str = "  - { id: huyen-tung, reason: Dẫn đầu cụm }\n";

    #[test]
    fn reads_a_proposal_and_counts_its_working_days() {
        let (p, d) = run(&proposal(ONE_UNIT, "{ start: 2024-01-02, end: 2024-01-15 }"));
        assert!(d.is_empty(), "{d:?}");
        let p = p.unwrap();
        assert_eq!((p.year, p.id.as_str(), p.working_days), (2023, "co-thi-dua", 10));
        assert_eq!(p.status(date(2024, 1, 1)), Status::Upcoming);
        assert_eq!(p.status(date(2024, 1, 2)), Status::Open(14));
        assert_eq!(p.status(date(2024, 1, 15)), Status::Open(1));
        assert_eq!(p.status(date(2024, 1, 16)), Status::Closed);
    }

    #[test]
    fn a_period_under_ten_working_days_is_a_warning_holidays_left_out() {
        // 1/1/2024 is a holiday: 2/1 to 12/1 would be 9 working days.
        let (p, d) = run(&proposal(ONE_UNIT, "{ start: 2024-01-01, end: 2024-01-12 }"));
        assert!(p.is_some());
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].starts_with("warning: data/proposals/2023/co-thi-dua.yaml:6:9: the comment period from 2024-01-01 to 2024-01-12 has 9 working days"),
            "{d:?}"
        );
    }

    #[test]
    fn an_end_before_the_start_and_unknown_units_are_errors() {
        let (p, d) = run(&proposal(ONE_UNIT, "{ start: 2024-01-15, end: 2024-01-02 }"));
        assert!(p.is_none());
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].contains(":6:35: the comment period ends (2024-01-02) before it starts"),
            "{d:?}"
        );

        let (p, d) = run(&proposal(
            "  - { id: huyen-tungg, reason: x }\n",
            "{ start: 2024-01-02, end: 2024-01-15 }",
        ));
        assert!(p.is_none());
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].contains(":5:11: unknown unit `huyen-tungg`") && d[0].contains("did you mean `huyen-tung`"),
            "{d:?}"
        );
    }

    #[test]
    fn a_file_outside_year_folders_is_an_error() {
        let node = crate::yaml::parse("title: x\n", "data/proposals/x.yaml", 0, 0).unwrap();
        let failures = Failures::default();
        let (p, d) = load(
            "data/proposals/Co Thi Dua.yaml",
            "title: x\n",
            &node,
            &Refs::new(&[], &failures),
            &Holidays::default(),
        );
        assert!(p.is_none());
        assert!(
            d.len() == 1 && d[0].message.contains("data/proposals/<year>/<id>.yaml"),
            "{d:?}"
        );
    }

    #[test]
    fn the_path_names_year_and_id() {
        assert_eq!(
            place_of("data/proposals/2023/co-thi-dua.yaml"),
            Some((2023, "co-thi-dua"))
        );
        assert_eq!(place_of("data/proposals/co-thi-dua.yaml"), None);
        assert_eq!(place_of("data/proposals/2023/a/b.yaml"), None);
    }
}
