//! One `data/scoring/<year>/<cluster>.yaml` decoded and validated: every error of
//! the contract's list, each at the offending value, all of them in one pass.

use std::collections::HashMap;

use jiff::civil::Date;

use super::points::{self, Points};
use super::sheet::{self, Sheet};
use crate::diag::{Location, Severity};
use crate::refs::{Failures, Lookup, Refs};
use crate::text;
use crate::yaml::{Ctx, Kind, Node};

const KEYS: &[&str] = &[
    "cluster",
    "year",
    "status",
    "leader",
    "deputy",
    "members",
    "scale",
    "bonus_cap",
    "stages",
    "criteria",
    "tiers",
    "tie_break",
    "awards",
    "scores",
];
const TIER_KEYS: &[&str] = &["label", "min"];
const AWARD_KEYS: &[&str] = &["title", "top", "min", "decision"];
const DECISION_KEYS: &[&str] = &["number", "date"];
const ITEM_KEYS: &[&str] = &["points", "reason"];
/// Keys of a unit's scores besides its stage names; so no stage may be called so.
const UNIT_KEYS: &[&str] = &["bonus", "deductions", "note"];
const STATUSES: &[&str] = &["planned", "provisional", "final"];
const TIE_BREAK_WORDS: &[&str] = &["deductions", "bonus", "group:"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// The sheet only; no standings.
    Planned,
    /// Scoring under way: members with scores are ranked, a missing leaf counts 0.
    Provisional,
    /// Every member has every leaf in its final stage.
    Final,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Provisional => "provisional",
            Status::Final => "final",
        }
    }

    fn parse(s: &str) -> Option<Status> {
        match s {
            "planned" => Some(Status::Planned),
            "provisional" => Some(Status::Provisional),
            "final" => Some(Status::Final),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tier {
    pub label: String,
    pub min: Points,
    pub loc: Location,
}

/// A `tie_break` key, applied in order after the total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TieBreak {
    /// `group:CODE`: the higher final-stage subtotal of that criterion first
    /// (any criterion: a leaf's subtotal is its score); `entry` is its index in
    /// [`Sheet::entries`].
    Group { code: String, entry: usize },
    /// Fewer deduction points first.
    Deductions,
    /// More bonus points (after the cap) first.
    Bonus,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub number: String,
    pub date: Date,
    /// Where the number is written (a number matching no document is
    /// warned about there).
    pub at: Location,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Award {
    pub title: String,
    /// Given to units ranked `top` or better.
    pub top: u32,
    /// And whose total is at least this.
    pub min: Option<Points>,
    pub decision: Option<Decision>,
    pub loc: Location,
}

/// A bonus or deduction item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub points: Points,
    pub reason: String,
}

/// One stage's leaf scores of one unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageScores {
    /// Indexed by leaf position ([`crate::scoring::Criterion::leaf`]); `None` where the
    /// map has no score for that leaf.
    pub scores: Vec<Option<Points>>,
    /// Where the stage's name is written in the unit's scores.
    pub loc: Location,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitScores {
    pub unit: String,
    /// One per entry of [`Season::stages`]; `None` where the unit has no map.
    pub stages: Vec<Option<StageScores>>,
    pub bonus: Vec<Item>,
    pub deductions: Vec<Item>,
    /// Markdown.
    pub note: Option<String>,
    /// Where the unit id is written under `scores`.
    pub loc: Location,
}

impl UnitScores {
    /// The index of the last stage in `stages` the unit has: its final stage.
    pub fn final_stage(&self) -> Option<usize> {
        self.stages.iter().rposition(Option::is_some)
    }
}

/// One cluster's emulation year, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Season {
    pub cluster: String,
    pub year: i32,
    pub status: Status,
    pub leader: String,
    pub deputy: Option<String>,
    /// In the order written.
    pub members: Vec<String>,
    pub scale: Option<Points>,
    pub bonus_cap: Option<Points>,
    pub stages: Vec<String>,
    pub sheet: Sheet,
    pub tiers: Vec<Tier>,
    pub tie_break: Vec<TieBreak>,
    pub awards: Vec<Award>,
    /// In the order written; empty while planned.
    pub scores: Vec<UnitScores>,
}

impl Season {
    /// Decodes and validates one scoring file. `units` are the unit ids in
    /// official order, `clusters` the cluster ids, each with what failed to
    /// load (a reference into that is not checked); `expect_year` and
    /// `expect_cluster` come from the file's path. Every problem is reported to
    /// `ctx`; the season is returned only when the file has no error, so
    /// standings are never computed from a half-valid file.
    pub fn load(
        root: &Node,
        ctx: &mut Ctx,
        expect_year: Option<i32>,
        expect_cluster: Option<&str>,
        units: &Refs,
        clusters: &Refs,
    ) -> Option<Season> {
        let errors_before = error_count(ctx);
        // One error, not one per required key.
        if root.is_null() {
            ctx.error(
                root.loc,
                "the scoring file is empty",
                Some("a scoring file needs cluster, year, status, leader, members, stages and criteria: start from another year's file".to_owned()),
            );
            return None;
        }
        let m = ctx.map(root, "a scoring file", KEYS)?;
        let what = "a scoring file";

        let cluster = m.require(ctx, "cluster", what).and_then(|n| {
            let c = ctx.nonempty(n, "cluster")?;
            if clusters.lookup(&c) == Lookup::Missing {
                let hint = clusters.hint(&c, "add the cluster to data/clusters.yaml");
                ctx.error(n.loc, format!("cluster `{c}` is not in data/clusters.yaml"), Some(hint));
            } else if let Some(want) = expect_cluster
                && want != c
            {
                ctx.error(
                    n.loc,
                    format!("this file is named for cluster `{want}` but says cluster: {c}"),
                    Some(format!("name the file {c}.yaml, or write cluster: {want}")),
                );
            }
            Some(c)
        });

        let year = m.require(ctx, "year", what).and_then(|n| {
            let y = i32::try_from(ctx.int(n, "year", 1900, 9999)?).ok()?;
            if let Some(want) = expect_year
                && want != y
            {
                ctx.error(
                    n.loc,
                    format!("this file is in the folder for {want} but says year: {y}"),
                    Some(format!("move it to data/scoring/{y}/, or write year: {want}")),
                );
            }
            Some(y)
        });

        let status = m.require(ctx, "status", what).and_then(|n| {
            let s = ctx.nonempty(n, "status")?;
            let st = Status::parse(&s);
            if st.is_none() {
                let hint = match text::nearest(&s, STATUSES) {
                    Some(near) => format!("did you mean `{near}`? status is planned, provisional or final"),
                    None => "status is planned, provisional or final".to_owned(),
                };
                ctx.error(n.loc, format!("unknown status `{s}`"), Some(hint));
            }
            st
        });

        let stages = m.require(ctx, "stages", what).and_then(|n| stages(ctx, n));

        let (sheet, sheet_sound) = match m.require(ctx, "criteria", what) {
            Some(n) => sheet::decode(ctx, n),
            None => (Sheet::default(), false),
        };

        let scale = m.get("scale").and_then(|n| {
            let s = points::read(ctx, n, "`scale`")?;
            let sum = sheet.total();
            if sheet_sound && s != sum {
                ctx.error(
                    n.loc,
                    format!("scale is {s}, but the sheet's criteria add up to {sum}"),
                    Some(format!("write scale: {sum}, or fix the criteria's max")),
                );
            }
            Some(s)
        });
        let bonus_cap = m.get("bonus_cap").and_then(|n| points::read(ctx, n, "`bonus_cap`"));

        // A member entry that failed leaves the list partial: a unit not in it
        // may be the one meant, so roles and scores are not called non-members.
        let mut member_failures = Failures::default();
        let members = m
            .require(ctx, "members", what)
            .and_then(|n| members(ctx, n, units, &mut member_failures));
        // `members` itself wrong: nothing is known of it, no one is a non-member.
        member_failures.partial |= members.is_none();
        let member_ids: Vec<&str> = members.iter().flatten().map(|(id, _)| id.as_str()).collect();
        let member_refs = Refs::new(&member_ids, &member_failures);
        let role = |ctx: &mut Ctx, n: &Node, key: &str| -> Option<String> {
            let id = ctx.nonempty(n, key)?;
            match membership(units, &member_refs, &id) {
                Membership::NotAUnit => ctx.error(
                    n.loc,
                    format!("{key} `{id}` is not in data/units.yaml"),
                    Some(unit_hint(&id, units)),
                ),
                Membership::NotAMember => ctx.error(
                    n.loc,
                    format!("{key} `{id}` is not one of the members"),
                    Some(format!("the {key} is a member of the cluster: add `{id}` to members")),
                ),
                Membership::Fine => {}
            }
            Some(id)
        };
        let leader = m.require(ctx, "leader", what).and_then(|n| role(ctx, n, "leader"));
        let deputy = m.get("deputy").and_then(|n| {
            let d = role(ctx, n, "deputy")?;
            if leader.as_ref() == Some(&d) {
                ctx.error(
                    n.loc,
                    format!("`{d}` is both leader and deputy"),
                    Some("the deputy is another member".to_owned()),
                );
            }
            Some(d)
        });

        let tiers = m.get("tiers").map(|n| tiers(ctx, n)).unwrap_or_default();
        let tie_break = m
            .get("tie_break")
            .map(|n| tie_break(ctx, n, &sheet, sheet_sound))
            .unwrap_or_default();
        let awards = m.get("awards").map(|n| awards(ctx, n)).unwrap_or_default();

        let scores_node = m.get("scores");
        let mut scores = Vec::new();
        // Units whose scores failed to decode are not also called missing.
        let mut score_failures = Failures::default();
        if let (Some(n), Some(st), Some(stages)) = (scores_node, status, stages.as_ref()) {
            if st == Status::Planned {
                if !matches!(&n.kind, Kind::Map(e) if e.is_empty()) {
                    ctx.error(
                        n.loc,
                        "`scores` are given while status is planned",
                        Some("set status: provisional (scoring under way) or final, or remove the scores".to_owned()),
                    );
                }
            } else {
                let known = Known {
                    units,
                    members: &member_refs,
                    stages,
                    sheet: &sheet,
                    sheet_sound,
                    bonus_cap,
                };
                scores = unit_scores(ctx, n, &known, &mut score_failures);
            }
        }
        m.finish(ctx, "a scoring file");

        if status == Some(Status::Final)
            && let (Some(members), Some(stages)) = (&members, &stages)
        {
            check_final(ctx, members, &scores, &score_failures, stages, &sheet, sheet_sound);
        }

        if error_count(ctx) > errors_before {
            return None;
        }
        let season = Season {
            cluster: cluster?,
            year: year?,
            status: status?,
            leader: leader?,
            deputy,
            members: members?.into_iter().map(|(id, _)| id).collect(),
            scale,
            bonus_cap,
            stages: stages?.into_iter().map(|(s, _)| s).collect(),
            sheet,
            tiers,
            tie_break,
            awards,
            scores,
        };
        Some(season)
    }

    /// The unit's scores, if it has an entry.
    pub fn scores_of(&self, unit: &str) -> Option<&UnitScores> {
        self.scores.iter().find(|s| s.unit == unit)
    }
}

fn error_count(ctx: &Ctx) -> usize {
    ctx.diags.iter().filter(|d| d.severity == Severity::Error).count()
}

fn unit_hint(id: &str, units: &Refs) -> String {
    units.hint(id, "add the unit to data/units.yaml")
}

fn stages(ctx: &mut Ctx, n: &Node) -> Option<Vec<(String, Location)>> {
    let list = ctx.strings(n, "stages")?;
    if list.is_empty() {
        ctx.error(
            n.loc,
            "`stages` is empty",
            Some("name the scoring stages in order, e.g. [self, cluster, council]".to_owned()),
        );
        return None;
    }
    let mut out: Vec<(String, Location)> = Vec::new();
    let mut ok = true;
    for (name, loc) in list {
        if let Some((_, first)) = out.iter().find(|(s, _)| *s == name) {
            ctx.error(
                loc,
                format!("duplicate stage `{name}`"),
                Some(format!("`{name}` is already listed at column {}", first.col)),
            );
            ok = false;
        } else if UNIT_KEYS.contains(&name.as_str()) {
            ctx.error(
                loc,
                format!("a stage cannot be named `{name}`"),
                Some("bonus, deductions and note are keys of a unit's scores; choose another name".to_owned()),
            );
            ok = false;
        } else {
            out.push((name, loc));
        }
    }
    ok.then_some(out)
}

fn members(ctx: &mut Ctx, n: &Node, units: &Refs, failures: &mut Failures) -> Option<Vec<(String, Location)>> {
    let before = ctx.diags.len();
    let list = ctx.strings(n, "members")?;
    // An entry that is not an id (a map, a blank) is already reported.
    failures.partial |= ctx.diags.len() > before;
    if list.is_empty() {
        // None rather than an empty list: every role and score would be "not a member" too.
        ctx.error(
            n.loc,
            "`members` is empty",
            Some("list the cluster's unit ids".to_owned()),
        );
        return None;
    }
    let mut out: Vec<(String, Location)> = Vec::new();
    for (id, loc) in list {
        if units.lookup(&id) == Lookup::Missing {
            ctx.error(
                loc,
                format!("member `{id}` is not in data/units.yaml"),
                Some(unit_hint(&id, units)),
            );
            failures.partial = true;
        } else if out.iter().any(|(m, _)| *m == id) {
            ctx.error(
                loc,
                format!("duplicate member `{id}`"),
                Some("list each member once".to_owned()),
            );
        } else {
            out.push((id, loc));
        }
    }
    Some(out)
}

fn tiers(ctx: &mut Ctx, n: &Node) -> Vec<Tier> {
    let mut out: Vec<Tier> = Vec::new();
    for item in ctx.list(n, "tiers").unwrap_or_default() {
        let Some(m) = ctx.map(item, "a tier", TIER_KEYS) else {
            continue;
        };
        let label = m.require(ctx, "label", "a tier").and_then(|v| ctx.nonempty(v, "label"));
        let min = m
            .require(ctx, "min", "a tier")
            .and_then(|v| points::read(ctx, v, "a tier's `min`"));
        m.finish(ctx, "a tier");
        let (Some(label), Some(min)) = (label, min) else {
            continue;
        };
        // The first tier whose min the total reaches wins, so a tier whose min is
        // not below an earlier one's is never given: almost surely an ordering
        // slip. The contract allows it, so this warns rather than stops.
        if let Some(earlier) = out.iter().find(|t| t.min <= min) {
            ctx.warning(
                item.loc,
                format!("tier `{label}` (min {min}) is never given: the earlier tier `{}` (min {}) takes every total it would", earlier.label, earlier.min),
                Some("list tiers from the highest min to the lowest".to_owned()),
            );
        }
        out.push(Tier {
            label,
            min,
            loc: item.loc,
        });
    }
    out
}

fn tie_break(ctx: &mut Ctx, n: &Node, sheet: &Sheet, sheet_sound: bool) -> Vec<TieBreak> {
    let mut out: Vec<TieBreak> = Vec::new();
    for (word, loc) in ctx.strings(n, "tie_break").unwrap_or_default() {
        let key = match word.as_str() {
            "deductions" => TieBreak::Deductions,
            "bonus" => TieBreak::Bonus,
            w => match w.strip_prefix("group:").map(str::trim) {
                // Any criterion of the sheet: a leaf's subtotal is its score.
                Some(code) => match sheet.find(code) {
                    Some(entry) => TieBreak::Group {
                        code: code.to_owned(),
                        entry,
                    },
                    None => {
                        if sheet_sound {
                            let groups: Vec<&str> = sheet
                                .entries()
                                .iter()
                                .filter(|c| !c.is_leaf())
                                .map(|c| c.code.as_str())
                                .collect();
                            let hint = match text::nearest(code, &sheet.codes()) {
                                Some(near) => format!("did you mean `group:{near}`?"),
                                None => format!("the sheet's groups are: {}", sheet::list(&groups)),
                            };
                            ctx.error(
                                loc,
                                format!("tie_break `{w}`: the sheet has no criterion `{code}`"),
                                Some(hint),
                            );
                        }
                        continue;
                    }
                },
                None => {
                    let hint = match text::nearest(w, TIE_BREAK_WORDS) {
                        Some(near) => {
                            format!("did you mean `{near}`? tie_break keys are group:CODE, deductions and bonus")
                        }
                        None => "tie_break keys are group:CODE, deductions and bonus".to_owned(),
                    };
                    ctx.error(loc, format!("unknown tie_break key `{w}`"), Some(hint));
                    continue;
                }
            },
        };
        if out.contains(&key) {
            ctx.warning(
                loc,
                format!("tie_break `{word}` is listed twice"),
                Some("the second changes nothing; remove it".to_owned()),
            );
            continue;
        }
        out.push(key);
    }
    out
}

fn awards(ctx: &mut Ctx, n: &Node) -> Vec<Award> {
    let mut out = Vec::new();
    for item in ctx.list(n, "awards").unwrap_or_default() {
        let Some(m) = ctx.map(item, "an award", AWARD_KEYS) else {
            continue;
        };
        let title = m
            .require(ctx, "title", "an award")
            .and_then(|v| ctx.nonempty(v, "title"));
        let top = m
            .require(ctx, "top", "an award")
            .and_then(|v| ctx.int(v, "top", 1, 100_000));
        let min = m.get("min").and_then(|v| points::read(ctx, v, "an award's `min`"));
        let decision = m.get("decision").and_then(|v| {
            let d = ctx.map(v, "a decision", DECISION_KEYS)?;
            let number_node = d.require(ctx, "number", "a decision");
            let number = number_node.and_then(|n| ctx.nonempty(n, "number"));
            let date = d.require(ctx, "date", "a decision").and_then(|n| ctx.date(n, "date"));
            d.finish(ctx, "a decision");
            Some(Decision {
                number: number?,
                date: date?,
                at: number_node?.loc,
            })
        });
        m.finish(ctx, "an award");
        let (Some(title), Some(top)) = (title, top.and_then(|t| u32::try_from(t).ok())) else {
            continue;
        };
        out.push(Award {
            title,
            top,
            min,
            decision,
            loc: item.loc,
        });
    }
    out
}

/// Where a unit named as a member (a role, a scores entry) stands. Only a
/// certain miss is a problem: an id that may name what failed to load is fine.
enum Membership {
    NotAUnit,
    NotAMember,
    Fine,
}

fn membership(units: &Refs, members: &Refs, id: &str) -> Membership {
    match units.lookup(id) {
        Lookup::Missing => Membership::NotAUnit,
        Lookup::Found if members.lookup(id) == Lookup::Missing => Membership::NotAMember,
        _ => Membership::Fine,
    }
}

/// What a unit's scores are checked against.
struct Known<'a> {
    units: &'a Refs<'a>,
    /// Partial when `members` itself is wrong: then no score is called a non-member.
    members: &'a Refs<'a>,
    stages: &'a [(String, Location)],
    sheet: &'a Sheet,
    sheet_sound: bool,
    bonus_cap: Option<Points>,
}

/// Every unit's scores; `failed` gets the units whose scores did not decode,
/// and is partial when `scores` did not or an entry names no member (it may
/// be a member's misspelt): then no member is called missing.
fn unit_scores(ctx: &mut Ctx, n: &Node, k: &Known, failed: &mut Failures) -> Vec<UnitScores> {
    let Some(m) = ctx.map(n, "`scores`", &[]) else {
        failed.partial = true;
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in m.entries() {
        let id = key.scalar().unwrap_or_default();
        let mut keep = true;
        let problem = match membership(k.units, k.members, id) {
            Membership::NotAUnit => Some((
                format!("scores for `{id}`, which is not in data/units.yaml"),
                unit_hint(id, k.units),
            )),
            Membership::NotAMember => Some((
                format!("scores for `{id}`, which is not a member of this cluster"),
                format!("add `{id}` to members, or remove its scores"),
            )),
            Membership::Fine => None,
        };
        if let Some((message, hint)) = problem {
            ctx.error(key.loc, message, Some(hint));
            keep = false;
            failed.partial = true;
        }
        // Decoded even when the unit is wrong, so its other errors show in the same run.
        let mut sound = true;
        let s = one_unit(ctx, id, key, value, k, &mut sound);
        if s.is_none() || !sound {
            failed.broken.insert(id.to_owned());
        }
        if keep && let Some(s) = s {
            out.push(s);
        }
    }
    out
}

/// One unit's scores; `sound` is cleared when a stage did not decode or a
/// name or code in them is unknown (it may be the missing one misspelt), so
/// which stage is final, and what it lacks, is not known.
fn one_unit(ctx: &mut Ctx, id: &str, key: &Node, value: &Node, k: &Known, sound: &mut bool) -> Option<UnitScores> {
    // `huyen-tung:` with nothing under it is an entry without stages yet, like `council: ~`.
    let entries: &[(Node, Node)] = match &value.kind {
        Kind::Map(entries) => entries,
        Kind::Null => &[],
        _ => {
            ctx.error(
                value.loc,
                format!(
                    "the scores of `{id}` must be a map of stages, found {}",
                    value.kind_name()
                ),
                Some("write one `<stage>: { code: points, … }` line per stage".to_owned()),
            );
            return None;
        }
    };
    let mut s = UnitScores {
        unit: id.to_owned(),
        stages: vec![None; k.stages.len()],
        bonus: Vec::new(),
        deductions: Vec::new(),
        note: None,
        loc: key.loc,
    };
    for (ek, ev) in entries {
        let name = ek.scalar().unwrap_or_default();
        match name {
            "bonus" | "deductions" => {
                let items = items(ctx, ev, name);
                if name == "bonus" {
                    let raw: Points = items.iter().map(|i| i.points).sum();
                    if let Some(cap) = k.bonus_cap
                        && raw > cap
                    {
                        ctx.warning(
                            ev.loc,
                            format!("bonus {raw} cut to the cap {cap}"),
                            Some(format!("bonus_cap is {cap}: {cap} counts toward the total of `{id}`")),
                        );
                    }
                    s.bonus = items;
                } else {
                    s.deductions = items;
                }
            }
            "note" => {
                if !ev.is_null() {
                    s.note = ctx
                        .string(ev, "note")
                        .map(|t| t.trim().to_owned())
                        .filter(|t| !t.is_empty());
                }
            }
            _ => match k.stages.iter().position(|(st, _)| st == name) {
                // `council: ~` reads as no map for that stage, like `get` elsewhere.
                Some(_) if ev.is_null() => {}
                Some(i) => match (s.stages.get_mut(i), stage(ctx, ek, ev, k, sound)) {
                    (Some(slot), Some(st)) => *slot = Some(st),
                    _ => *sound = false,
                },
                None => {
                    let names: Vec<&str> = k.stages.iter().map(|(s, _)| s.as_str()).collect();
                    let candidates: Vec<&str> = names.iter().chain(UNIT_KEYS).copied().collect();
                    let list = format!(
                        "the stages are {}; other keys are bonus, deductions and note",
                        names.join(", ")
                    );
                    let hint = match text::nearest(name, &candidates) {
                        Some(near) => format!("did you mean `{near}`? {list}"),
                        None => list,
                    };
                    ctx.error(ek.loc, format!("`{name}` is not a stage in `stages`"), Some(hint));
                    *sound = false;
                }
            },
        }
    }
    Some(s)
}

fn stage(ctx: &mut Ctx, key: &Node, value: &Node, k: &Known, sound: &mut bool) -> Option<StageScores> {
    let stage = key.scalar().unwrap_or_default();
    let Kind::Map(entries) = &value.kind else {
        ctx.error(
            value.loc,
            format!(
                "stage `{stage}` must be a map of `code: points`, found {}",
                value.kind_name()
            ),
            Some("write e.g. { I.1: 9.5, I.2: 8 }".to_owned()),
        );
        return None;
    };
    let mut scores = vec![None; k.sheet.leaf_count()];
    let split = points::split_decimals(ctx, value);
    for (ck, cv) in entries {
        let code = ck.scalar().unwrap_or_default();
        let leaf = k
            .sheet
            .find(code)
            .and_then(|e| k.sheet.get(e))
            .and_then(|c| c.leaf.map(|l| (l, c.max)));
        let Some((leaf, max)) = leaf else {
            // With an unsound sheet the code may be one whose definition failed: say nothing.
            if k.sheet_sound && !split.contains(&ck.loc) {
                ctx.error(
                    ck.loc,
                    format!("`{code}` is not a leaf of the sheet"),
                    Some(k.sheet.code_hint(code)),
                );
                *sound = false;
            }
            continue;
        };
        // `I.1: ~` is a missing score, the same as leaving the line out.
        if cv.is_null() {
            continue;
        }
        let value = match points::read(ctx, cv, code) {
            // An unsound sheet may hold a leaf whose max failed to read (taken as 0).
            Some(p) if p > max && k.sheet_sound => {
                ctx.error(
                    cv.loc,
                    format!("{code} allows at most {max} points; {p} given"),
                    Some("a score goes from 0 to its criterion's max".to_owned()),
                );
                None
            }
            other => other,
        };
        // A score that is given but wrong still counts as given, so the final-stage
        // check does not also call it missing; the season is dropped on any error,
        // so the placeholder 0 is never ranked.
        if let Some(slot) = scores.get_mut(leaf) {
            *slot = Some(value.unwrap_or_default());
        }
    }
    Some(StageScores { scores, loc: key.loc })
}

fn items(ctx: &mut Ctx, n: &Node, key: &str) -> Vec<Item> {
    let what = if key == "bonus" { "a bonus item" } else { "a deduction" };
    let mut out = Vec::new();
    for item in ctx.list(n, key).unwrap_or_default() {
        let Some(m) = ctx.map(item, what, ITEM_KEYS) else {
            continue;
        };
        let points = m
            .require(ctx, "points", what)
            .and_then(|v| points::read(ctx, v, &format!("the points of {what}")));
        let reason = m.require(ctx, "reason", what).and_then(|v| ctx.nonempty(v, "reason"));
        m.finish(ctx, what);
        if let (Some(points), Some(reason)) = (points, reason) {
            out.push(Item { points, reason });
        }
    }
    out
}

/// Status final: every member has scores, and every leaf in its final stage.
fn check_final(
    ctx: &mut Ctx,
    members: &[(String, Location)],
    scores: &[UnitScores],
    failed: &Failures,
    stages: &[(String, Location)],
    sheet: &Sheet,
    sheet_sound: bool,
) {
    let by_unit: HashMap<&str, &UnitScores> = scores.iter().map(|s| (s.unit.as_str(), s)).collect();
    for (id, loc) in members {
        // Its scores have an error already; what is missing follows from it.
        if failed.broken.contains(id) {
            continue;
        }
        let Some(s) = by_unit.get(id.as_str()) else {
            if failed.partial {
                continue;
            }
            ctx.error(
                *loc,
                format!("member `{id}` has no scores, and status is final"),
                Some(format!(
                    "add `{id}` under `scores`, or set status: provisional while scoring is under way"
                )),
            );
            continue;
        };
        let Some(last) = s.final_stage() else {
            let names: Vec<&str> = stages.iter().map(|(n, _)| n.as_str()).collect();
            ctx.error(
                s.loc,
                format!("`{id}` has no stage scores, and status is final"),
                Some(format!("give its scores for a stage: {}", names.join(", "))),
            );
            continue;
        };
        if !sheet_sound {
            continue;
        }
        let Some(Some(st)) = s.stages.get(last) else { continue };
        let missing: Vec<&str> = sheet
            .leaves()
            .filter(|c| c.leaf.is_some_and(|l| st.scores.get(l).copied().flatten().is_none()))
            .map(|c| c.code.as_str())
            .collect();
        if !missing.is_empty() {
            let name = stages.get(last).map_or("", |(n, _)| n.as_str());
            ctx.error(
                st.loc,
                format!(
                    "`{id}`: its final stage `{name}` has no score for {}",
                    sheet::list(&missing)
                ),
                Some("status is final, so every leaf needs a score; add them, or set status: provisional".to_owned()),
            );
        }
    }
}
