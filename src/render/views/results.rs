//! What the results templates receive: `standings.html` (`season`, `rows`,
//! `sheet`, `breakdown`), `standings_index.html` (`clusters`),
//! `cluster.html` (`cluster`, `seasons`), the `results` of `unit.html` and
//! the `standings` of `index.html`.
//!
//! Points are display strings in the site language ("95,75"); ranks, years
//! and counts are numbers. `None` is null in templates. Strings borrowed
//! from the site model are written as `&'a str`.

use serde::Serialize;

/// A unit reference: a season's `leader`, `deputy`, `members`, `missing`,
/// `winner`, a row's `unit`, `breakdown.units`.
#[derive(Clone, Debug, Serialize)]
pub struct UnitLink<'a> {
    pub id: &'a str,
    /// The official full name ("Phường Huyền Tụng").
    pub full_name: String,
    /// The full name as lists show it, told apart from namesakes
    /// ("Phường Đức Xuân (đến 30/06/2025)").
    pub label: String,
    pub url: String,
}

/// A cluster with its page: `season.cluster` and `clusters[].cluster`.
#[derive(Debug, Serialize)]
pub struct ClusterLink<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
}

/// A cluster's name and page, where the id is not needed: the `cluster` of
/// a unit page's `results` and of the home page's `standings`.
#[derive(Debug, Serialize)]
pub struct ClusterName<'a> {
    pub name: &'a str,
    pub url: String,
}

// ---- standings.html ----

/// `season` of `standings.html`: the year's facts and rules.
#[derive(Debug, Serialize)]
pub struct Season<'a> {
    pub cluster: ClusterLink<'a>,
    pub year: i32,
    /// `planned`, `provisional` or `final`.
    pub status: &'static str,
    pub status_label: String,
    pub leader: Option<&'a UnitLink<'a>>,
    pub deputy: Option<&'a UnitLink<'a>>,
    pub members_count: usize,
    pub members: Vec<Option<&'a UnitLink<'a>>>,
    pub scored_count: usize,
    /// Members not yet scored.
    pub missing: Vec<Option<&'a UnitLink<'a>>>,
    pub scale: Option<String>,
    pub bonus_cap: Option<String>,
    pub stages: Vec<Stage<'a>>,
    /// The top-level criteria.
    pub groups: Vec<Group<'a>>,
    /// The tie-break keys as sentences.
    pub tie_break: Vec<String>,
    pub tiers: Vec<Tier<'a>>,
    pub awards: Vec<Award<'a>>,
    /// Null for a planned year: it publishes no downloads.
    pub downloads: Option<Downloads>,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

/// `season.stages[]`: a scoring stage and its name in the site language.
#[derive(Debug, Serialize)]
pub struct Stage<'a> {
    pub name: &'a str,
    pub label: String,
}

/// `season.groups[]`: a top-level criterion.
#[derive(Debug, Serialize)]
pub struct Group<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub max: String,
}

/// `season.tiers[]`.
#[derive(Debug, Serialize)]
pub struct Tier<'a> {
    pub label: &'a str,
    pub min: String,
}

/// `season.awards[]`.
#[derive(Debug, Serialize)]
pub struct Award<'a> {
    pub title: &'a str,
    /// How many units the award goes to.
    pub top: u32,
    pub min: Option<String>,
    pub decision: Option<Decision<'a>>,
}

/// `season.awards[].decision`: the decision that made the award.
#[derive(Debug, Serialize)]
pub struct Decision<'a> {
    pub number: &'a str,
    pub date_short: String,
    /// The document's page in the register; null when it is not there.
    pub url: Option<String>,
}

/// `season.downloads`: the links of the season's files.
#[derive(Debug, Serialize)]
pub struct Downloads {
    pub json: String,
    pub csv: String,
    pub xlsx: String,
}

/// `rows[]` of `standings.html`: a ranked unit, in rank order.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    pub rank: u32,
    /// The rank is shared.
    pub tied: bool,
    pub unit: Option<&'a UnitLink<'a>>,
    pub points: String,
    pub bonus: String,
    /// The bonus before the cap, only when the cap cut it.
    pub bonus_raw: Option<String>,
    pub deductions: String,
    pub total: String,
    pub groups: Vec<GroupValue<'a>>,
    /// Every stage of the season, in its order.
    pub stages: Vec<StageValue<'a>>,
    /// The final stage's name.
    pub stage_label: String,
    pub tier: Option<&'a str>,
    pub award: Option<&'a str>,
    pub change: Option<i64>,
    pub bonus_items: Vec<ItemPoints<'a>>,
    pub deduction_items: Vec<ItemPoints<'a>>,
    pub note_html: String,
}

/// `rows[].groups[]`: the unit's points in a top-level criterion.
#[derive(Debug, Serialize)]
pub struct GroupValue<'a> {
    pub code: &'a str,
    pub value: String,
}

/// `rows[].stages[]`: the unit's total at a stage; null where it has no map.
#[derive(Debug, Serialize)]
pub struct StageValue<'a> {
    pub name: &'a str,
    pub value: Option<String>,
}

/// `rows[].bonus_items[]` and `rows[].deduction_items[]`.
#[derive(Debug, Serialize)]
pub struct ItemPoints<'a> {
    pub points: String,
    pub reason: &'a str,
}

/// `sheet[]` of `standings.html`: every criterion in document order.
#[derive(Debug, Serialize)]
pub struct SheetEntry<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub max: String,
    /// 0 for the top level.
    pub depth: usize,
    pub is_group: bool,
}

/// `breakdown` of `standings.html`: the final-stage scores, criterion by unit.
#[derive(Debug, Serialize)]
pub struct Breakdown<'a> {
    /// The ranked units in rank order.
    pub units: Vec<Option<&'a UnitLink<'a>>>,
    pub rows: Vec<BreakdownRow<'a>>,
}

/// `breakdown.rows[]`: one criterion.
#[derive(Debug, Serialize)]
pub struct BreakdownRow<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub depth: usize,
    pub is_group: bool,
    pub max: String,
    /// The units' scores in `breakdown.units` order; "" where a leaf has none.
    pub values: Vec<String>,
}

// ---- standings_index.html, cluster.html ----

/// `clusters[]` of `standings_index.html`: a cluster with results.
#[derive(Debug, Serialize)]
pub struct IndexCluster<'a> {
    pub cluster: ClusterLink<'a>,
    /// Newest first.
    pub seasons: Vec<SeasonSummary<'a>>,
}

/// A season in a list: `clusters[].seasons[]` of `standings_index.html` and
/// `seasons[]` of `cluster.html`.
#[derive(Clone, Debug, Serialize)]
pub struct SeasonSummary<'a> {
    pub year: i32,
    pub url: String,
    pub status: &'static str,
    pub status_label: String,
    pub leader: Option<&'a UnitLink<'a>>,
    pub deputy: Option<&'a UnitLink<'a>>,
    /// The unit ranked 1.
    pub winner: Option<&'a UnitLink<'a>>,
    pub members_count: usize,
}

/// `cluster` of `cluster.html`.
#[derive(Debug, Serialize)]
pub struct ClusterPage<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub organiser: Option<&'a str>,
    pub url: String,
    pub description_html: String,
}

// ---- unit.html ----

/// `results[]` of `unit.html` (first page only): a season the unit was a
/// member of, newest first. Values the unit does not have that year are null.
#[derive(Debug, Serialize)]
pub struct UnitResult<'a> {
    pub year: i32,
    pub url: String,
    pub cluster: ClusterName<'a>,
    pub status: &'static str,
    pub status_label: String,
    pub rank: Option<u32>,
    /// How many units were ranked.
    pub of: usize,
    pub total: Option<String>,
    pub points: Option<String>,
    pub bonus: Option<String>,
    pub deductions: Option<String>,
    pub tier: Option<&'a str>,
    pub award: Option<&'a str>,
    /// "Cụm trưởng" or "Cụm phó".
    pub role: Option<String>,
    pub change: Option<i64>,
}

// ---- index.html ----

/// `standings[]` of `index.html`: a cluster's newest season with ranked units.
#[derive(Debug, Serialize)]
pub struct HomeStandings<'a> {
    pub cluster: ClusterName<'a>,
    pub year: i32,
    pub url: String,
    pub status_label: String,
    pub rows: Vec<HomeRow<'a>>,
}

/// `standings[].rows[]` of `index.html`.
#[derive(Debug, Serialize)]
pub struct HomeRow<'a> {
    pub rank: u32,
    pub unit: Option<&'a UnitLink<'a>>,
    pub total: String,
    pub tier: Option<&'a str>,
    pub award: Option<&'a str>,
}
