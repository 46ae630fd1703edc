//! Standings from a validated season: the contract's rules 2–8, exactly.
//! Everything is integer hundredths and every list is built in a fixed order
//! (official order, then a stable sort), so the same data always gives the same
//! table, whatever order the file lists members or scores in.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::points::Points;
use super::season::{Item, Season, Status, TieBreak, UnitScores};

/// One ranked unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Competition rank: 1 + the number of units strictly ahead (1, 2, 2, 4).
    pub rank: u32,
    pub unit: String,
    /// Sum of the final stage's leaf scores (a missing leaf counts 0).
    pub points: Points,
    /// Bonus after the cap.
    pub bonus: Points,
    /// Bonus before the cap (the sum of the bonus items).
    pub bonus_raw: Points,
    pub deductions: Points,
    /// points + bonus − deductions.
    pub total: Points,
    /// Each top-level criterion's final-stage subtotal, in sheet order.
    pub groups: Vec<(String, Points)>,
    /// The final stage: the last stage in `stages` the unit has.
    pub stage: String,
    /// Each stage the unit has, in `stages` order, with the sum of its leaves:
    /// the side-by-side comparison of self-assessment, cluster and council.
    pub stages: Vec<(String, Points)>,
    /// Aligned with [`crate::scoring::Sheet::entries`]: a leaf's final-stage score
    /// (`None` if not given), a group's final-stage subtotal (always `Some`).
    pub breakdown: Vec<Option<Points>>,
    /// The label of the first tier whose min the total reaches.
    pub tier: Option<String>,
    /// Index into [`Season::awards`].
    pub award: Option<usize>,
    /// The rank in the previous year's standings of the cluster, if ranked then.
    pub previous_rank: Option<u32>,
    /// previous_rank − rank: positive = moved up.
    pub change: Option<i64>,
    pub bonus_items: Vec<Item>,
    pub deduction_items: Vec<Item>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Standings {
    /// In rank order; equal ranks in official (units.yaml) order. Empty while planned.
    pub rows: Vec<Row>,
    /// Members without stage scores yet, in official order (provisional). Empty
    /// while planned: nothing is being scored, so nothing is missing.
    pub missing: Vec<String>,
}

impl Standings {
    pub fn row(&self, unit: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.unit == unit)
    }
}

/// Computes the standings. `previous` is the same cluster's standings of the year
/// before (for `change`); `units` are all unit ids in official order, which
/// orders ties and the missing list.
pub fn compute(season: &Season, previous: Option<&Standings>, units: &[&str]) -> Standings {
    if season.status == Status::Planned {
        return Standings::default();
    }
    let position: HashMap<&str, usize> = units.iter().enumerate().map(|(i, u)| (*u, i)).collect();
    let mut members: Vec<&str> = season.members.iter().map(String::as_str).collect();
    // Official order; an id outside `units` (only possible for unvalidated input) goes last, by id.
    members.sort_by_key(|m| (position.get(m).copied().unwrap_or(usize::MAX), *m));
    members.dedup();
    let by_unit: HashMap<&str, &UnitScores> = season.scores.iter().map(|s| (s.unit.as_str(), s)).collect();

    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for m in members {
        match by_unit.get(m).and_then(|s| row(season, s)) {
            Some(r) => rows.push(r),
            None => missing.push(m.to_owned()),
        }
    }

    // Stable: rows that compare equal keep official order.
    rows.sort_by(|a, b| compare(season, a, b));
    let mut rank = 0;
    for i in 0..rows.len() {
        let tied = i > 0
            && rows
                .get(i - 1)
                .zip(rows.get(i))
                .is_some_and(|(a, b)| compare(season, a, b).is_eq());
        if !tied {
            rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
        if let Some(r) = rows.get_mut(i) {
            r.rank = rank;
        }
    }

    for r in &mut rows {
        r.tier = season.tiers.iter().find(|t| t.min <= r.total).map(|t| t.label.clone());
        r.previous_rank = previous.and_then(|p| p.row(&r.unit)).map(|p| p.rank);
        r.change = r.previous_rank.map(|p| i64::from(p) - i64::from(r.rank));
    }
    for (i, award) in season.awards.iter().enumerate() {
        for r in &mut rows {
            if r.award.is_none() && r.rank <= award.top && award.min.is_none_or(|min| r.total >= min) {
                r.award = Some(i);
            }
        }
    }
    Standings { rows, missing }
}

/// Rule 4: total, higher first, then each tie_break key; `Equal` means a shared rank.
fn compare(season: &Season, a: &Row, b: &Row) -> Ordering {
    let mut o = b.total.cmp(&a.total);
    for key in &season.tie_break {
        if o.is_ne() {
            break;
        }
        o = match key {
            TieBreak::Group { entry, .. } => subtotal(b, *entry).cmp(&subtotal(a, *entry)),
            TieBreak::Deductions => a.deductions.cmp(&b.deductions),
            TieBreak::Bonus => b.bonus.cmp(&a.bonus),
        };
    }
    o
}

fn subtotal(r: &Row, entry: usize) -> Points {
    r.breakdown.get(entry).copied().flatten().unwrap_or_default()
}

/// A unit's row before ranking; `None` if it has no stage yet (not ranked).
fn row(season: &Season, s: &UnitScores) -> Option<Row> {
    let sheet = &season.sheet;
    let last = s.final_stage()?;
    let finals = s.stages.get(last)?.as_ref()?;
    let breakdown: Vec<Option<Points>> = sheet
        .entries()
        .iter()
        .enumerate()
        .map(|(i, c)| match c.leaf {
            Some(l) => finals.scores.get(l).copied().flatten(),
            None => Some(sheet.subtotal(i, &finals.scores)),
        })
        .collect();
    let points: Points = sheet
        .leaves()
        .filter_map(|c| c.leaf.and_then(|l| finals.scores.get(l).copied().flatten()))
        .sum();
    let bonus_raw: Points = s.bonus.iter().map(|i| i.points).sum();
    let bonus = season.bonus_cap.map_or(bonus_raw, |cap| bonus_raw.min(cap));
    let deductions: Points = s.deductions.iter().map(|i| i.points).sum();
    let stages = season
        .stages
        .iter()
        .zip(&s.stages)
        .filter_map(|(name, st)| st.as_ref().map(|st| (name.clone(), st.scores.iter().flatten().sum())))
        .collect();
    Some(Row {
        rank: 0,
        unit: s.unit.clone(),
        points,
        bonus,
        bonus_raw,
        deductions,
        total: points + bonus - deductions,
        groups: sheet
            .top()
            .map(|(i, c)| (c.code.clone(), sheet.subtotal(i, &finals.scores)))
            .collect(),
        stage: season.stages.get(last).cloned().unwrap_or_default(),
        stages,
        breakdown,
        tier: None,
        award: None,
        previous_rank: None,
        change: None,
        bonus_items: s.bonus.clone(),
        deduction_items: s.deductions.clone(),
        note: s.note.clone(),
    })
}
