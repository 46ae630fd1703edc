//! The results pages: standings per cluster and year (with downloads), the
//! standings index, cluster pages, and what unit pages and the home page show
//! of the results. Every number is formatted here in the site's language.

use serde_json::{Value, json};

use super::chart::{self, ChartLabels, Point};
use super::engine::{Body, Fp, GENERATED, Planner, Vars};
use super::labels::UnitLabels;
use super::template::Template;
use super::views::tv;
use crate::downloads::{self, Cell, Table};
use crate::i18n::word;
use crate::scoring::{Season, Status, TieBreak};
use crate::site::{SeasonResult, Site};
use crate::text::{self, Lang};
use crate::urls::Urls;

fn pts(lang: Lang, p: crate::scoring::Points) -> String {
    text::format_hundredths(p.hundredths(), lang)
}

/// A link to a unit: `label` is its full name told apart from namesakes.
fn unit_ref(site: &Site, urls: &Urls, labels: &UnitLabels, id: &str) -> Value {
    match site.units.get(id) {
        Some(u) => {
            json!({ "id": u.id, "full_name": u.full_name(), "label": labels.full(u), "url": urls.url(&urls.unit(&u.id)) })
        }
        None => Value::Null,
    }
}

fn cluster_name<'a>(site: &'a Site, id: &'a str) -> &'a str {
    site.clusters
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.name.as_str())
}

pub fn season_path(urls: &Urls, s: &Season) -> String {
    format!("{}/{}/{}/", urls.paths.standings, s.year, s.cluster)
}

pub fn cluster_path(urls: &Urls, cluster: &str) -> String {
    format!("{}/{cluster}/", urls.paths.standings)
}

fn status_label(lang: Lang, s: Status) -> String {
    word(lang, s.as_str())
}

fn stage_label(lang: Lang, name: &str) -> String {
    match name {
        "self" => word(lang, "self_assessment"),
        "cluster" => word(lang, "cross_scoring"),
        "council" => word(lang, "council_appraisal"),
        other => other.to_owned(),
    }
}

fn winner(site: &Site, urls: &Urls, labels: &UnitLabels, r: &SeasonResult) -> Value {
    r.standings
        .rows
        .first()
        .filter(|row| row.rank == 1)
        .map_or(Value::Null, |row| unit_ref(site, urls, labels, &row.unit))
}

fn season_summary(site: &Site, urls: &Urls, labels: &UnitLabels, r: &SeasonResult) -> Value {
    let s = &r.season;
    let lang = site.config.language;
    json!({
        "year": s.year,
        "url": urls.url(&season_path(urls, s)),
        "status": s.status.as_str(),
        "status_label": status_label(lang, s.status),
        "leader": unit_ref(site, urls, labels, &s.leader),
        "deputy": s.deputy.as_deref().map_or(Value::Null, |d| unit_ref(site, urls, labels, d)),
        "winner": winner(site, urls, labels, r),
        "members_count": s.members.len(),
    })
}

/// Adds every results page and download to the plan.
pub fn plan(site: &Site, urls: &Urls, labels: &UnitLabels, p: &mut Planner) {
    if site.results.is_empty() {
        return;
    }
    let lang = site.config.language;
    // The standings index: clusters in clusters.yaml order, newest year first.
    let mut clusters = Vec::new();
    for c in &site.clusters {
        let mut seasons: Vec<Value> = site
            .results
            .iter()
            .filter(|r| r.season.cluster == c.id)
            .map(|r| season_summary(site, urls, labels, r))
            .collect();
        if seasons.is_empty() {
            continue;
        }
        seasons.reverse();
        let cluster = json!({ "id": c.id, "name": c.name, "url": urls.url(&cluster_path(urls, &c.id)) });
        clusters.push(json!({ "cluster": cluster, "seasons": seasons.clone() }));
        let page = json!({
            "id": c.id, "name": c.name, "organiser": c.organiser, "url": urls.url(&cluster_path(urls, &c.id)),
            "description_html": c.description.as_deref().map_or_else(String::new, |d| crate::markdown::render(d).html),
        });
        let fp = Fp::new().seasons(site.results.iter().filter(|r| r.season.cluster == c.id));
        p.add_with(
            crate::units::CLUSTERS_FILE,
            cluster_path(urls, &c.id),
            Template::Cluster,
            c.name.clone(),
            fp,
            || vec![("cluster", tv(&page)), ("seasons", tv(&Value::Array(seasons)))],
        );
    }
    p.add_with(
        GENERATED,
        format!("{}/", urls.paths.standings),
        Template::StandingsIndex,
        word(lang, "standings"),
        Fp::new().seasons(&site.results),
        || vec![("clusters", tv(&Value::Array(clusters)))],
    );

    for (i, r) in site.results.iter().enumerate() {
        let s = &r.season;
        let path = season_path(urls, s);
        let title = format!(
            "{} {} – {}",
            word(lang, "standings"),
            s.year,
            cluster_name(site, &s.cluster)
        );
        let prev = site.results[..i].iter().rev().find(|o| o.season.cluster == s.cluster);
        let next = site.results[i + 1..].iter().find(|o| o.season.cluster == s.cluster);
        // The page links the years before and after; the downloads are this
        // season's alone (its key covers the year before's, for `change`).
        let fp = Fp::new().seasons([Some(r), prev, next].into_iter().flatten());
        p.add_with(&r.file, path.clone(), Template::Standings, title, fp, || {
            standings_vars(site, urls, labels, r, prev, next)
        });
        // A planned year has no scores yet: nothing to download.
        if s.status == Status::Planned {
            continue;
        }
        let fp = || Fp::new().seasons([r]);
        p.add_body_with(&r.file, format!("{path}standings.json"), String::new(), fp(), || {
            Ok(Body::Json(crate::scoring::standings_json(s, &r.standings, |id| {
                site.units.get(id).map_or_else(|| id.to_owned(), |u| u.full_name())
            })))
        });
        p.add_body_with(&r.file, format!("{path}standings.csv"), String::new(), fp(), || {
            Ok(Body::Bytes(downloads::csv(&standings_table(site, r))))
        });
        p.add_body_with(&r.file, format!("{path}standings.xlsx"), String::new(), fp(), || {
            downloads::xlsx(&[standings_table(site, r), sheet_table(site, s)])
                .map(Body::Bytes)
                .map_err(|e| crate::diag::Diagnostic::error(&r.file, None, format!("cannot make standings.xlsx: {e}")))
        });
    }
}

fn standings_vars(
    site: &Site,
    urls: &Urls,
    labels: &UnitLabels,
    r: &SeasonResult,
    prev: Option<&SeasonResult>,
    next: Option<&SeasonResult>,
) -> Vars {
    let lang = site.config.language;
    let s = &r.season;
    let path = season_path(urls, s);
    let groups: Vec<Value> = s
        .sheet
        .top()
        .map(|(_, c)| json!({ "code": c.code, "title": c.title, "max": pts(lang, c.max) }))
        .collect();
    let stages: Vec<Value> = s
        .stages
        .iter()
        .map(|n| json!({ "name": n, "label": stage_label(lang, n) }))
        .collect();
    let tie_break: Vec<Value> = s
        .tie_break
        .iter()
        .map(|t| {
            Value::from(match t {
                TieBreak::Group { code, .. } => format!("{} {code}", word(lang, "tie_group")),
                TieBreak::Deductions => word(lang, "tie_deductions"),
                TieBreak::Bonus => word(lang, "tie_bonus"),
            })
        })
        .collect();
    let season = json!({
        "cluster": { "id": s.cluster, "name": cluster_name(site, &s.cluster), "url": urls.url(&cluster_path(urls, &s.cluster)) },
        "year": s.year,
        "status": s.status.as_str(),
        "status_label": status_label(lang, s.status),
        "leader": unit_ref(site, urls, labels, &s.leader),
        "deputy": s.deputy.as_deref().map_or(Value::Null, |d| unit_ref(site, urls, labels, d)),
        "members_count": s.members.len(),
        "members": s.members.iter().map(|u| unit_ref(site, urls, labels, u)).collect::<Vec<_>>(),
        "scored_count": r.standings.rows.len(),
        "missing": r.standings.missing.iter().map(|u| unit_ref(site, urls, labels, u)).collect::<Vec<_>>(),
        "scale": s.scale.map(|p| pts(lang, p)),
        "bonus_cap": s.bonus_cap.map(|p| pts(lang, p)),
        "stages": stages,
        "groups": groups,
        "tie_break": tie_break,
        "tiers": s.tiers.iter().map(|t| json!({ "label": t.label, "min": pts(lang, t.min) })).collect::<Vec<_>>(),
        "awards": s.awards.iter().map(|a| json!({
            "title": a.title, "top": a.top, "min": a.min.map(|m| pts(lang, m)),
            "decision": a.decision.as_ref().map(|d| json!({ "number": d.number, "date_short": text::format_date_short(d.date, lang) })),
        })).collect::<Vec<_>>(),
        // Null for a planned year, which publishes none (see `plan`).
        "downloads": (s.status != Status::Planned).then(|| json!({
            "json": urls.url(&format!("{path}standings.json")),
            "csv": urls.url(&format!("{path}standings.csv")),
            "xlsx": urls.url(&format!("{path}standings.xlsx")),
        })),
        "prev_url": prev.map(|o| urls.url(&season_path(urls, &o.season))),
        "next_url": next.map(|o| urls.url(&season_path(urls, &o.season))),
    });
    let rows: Vec<Value> = r
        .standings
        .rows
        .iter()
        .map(|row| {
            let tied = r.standings.rows.iter().filter(|o| o.rank == row.rank).count() > 1;
            let stage_values: Vec<Value> = s
                .stages
                .iter()
                .map(|n| json!({ "name": n, "value": row.stages.iter().find(|(sn, _)| sn == n).map(|(_, p)| pts(lang, *p)) }))
                .collect();
            json!({
                "rank": row.rank,
                "tied": tied,
                "unit": unit_ref(site, urls, labels, &row.unit),
                "points": pts(lang, row.points),
                "bonus": pts(lang, row.bonus),
                "bonus_raw": (row.bonus_raw != row.bonus).then(|| pts(lang, row.bonus_raw)),
                "deductions": pts(lang, row.deductions),
                "total": pts(lang, row.total),
                "groups": row.groups.iter().map(|(c, p)| json!({ "code": c, "value": pts(lang, *p) })).collect::<Vec<_>>(),
                "stages": stage_values,
                "stage_label": stage_label(lang, &row.stage),
                "tier": row.tier,
                "award": row.award.and_then(|a| s.awards.get(a)).map(|a| a.title.clone()),
                "change": row.change,
                "bonus_items": row.bonus_items.iter().map(|it| json!({ "points": pts(lang, it.points), "reason": it.reason })).collect::<Vec<_>>(),
                "deduction_items": row.deduction_items.iter().map(|it| json!({ "points": pts(lang, it.points), "reason": it.reason })).collect::<Vec<_>>(),
                "note_html": row.note.as_deref().map_or_else(String::new, |n| crate::markdown::render(n).html),
            })
        })
        .collect();
    let sheet: Vec<Value> = s
        .sheet
        .entries()
        .iter()
        .map(|c| json!({ "code": c.code, "title": c.title, "max": pts(lang, c.max), "depth": c.depth, "is_group": !c.is_leaf() }))
        .collect();
    let breakdown_rows: Vec<Value> = s
        .sheet
        .entries()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let values: Vec<String> = r.standings.rows.iter().map(|row| row.breakdown.get(i).copied().flatten().map(|p| pts(lang, p)).unwrap_or_default()).collect();
            json!({ "code": c.code, "title": c.title, "depth": c.depth, "is_group": !c.is_leaf(), "max": pts(lang, c.max), "values": values })
        })
        .collect();
    let breakdown = json!({
        "units": r.standings.rows.iter().map(|row| unit_ref(site, urls, labels, &row.unit)).collect::<Vec<_>>(),
        "rows": breakdown_rows,
    });
    vec![
        ("season", tv(&season)),
        ("rows", tv(&Value::Array(rows))),
        ("sheet", tv(&Value::Array(sheet))),
        ("breakdown", tv(&breakdown)),
    ]
}

/// The standings as a download table, with the header in the site's language.
fn standings_table(site: &Site, r: &SeasonResult) -> Table {
    let lang = site.config.language;
    let s = &r.season;
    let mut header: Vec<String> = ["rank", "unit", "name", "points", "bonus", "deductions", "total"]
        .iter()
        .map(|k| word(lang, k))
        .collect();
    header[1] = "id".to_owned();
    header.extend(s.sheet.top().map(|(_, c)| c.code.clone()));
    header.extend(["stage", "tier", "award", "change"].iter().map(|k| word(lang, k)));
    let rows = r
        .standings
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![
                Cell::Int(i64::from(row.rank)),
                Cell::Text(row.unit.clone()),
                Cell::Text(
                    site.units
                        .get(&row.unit)
                        .map_or_else(|| row.unit.clone(), |u| u.full_name()),
                ),
                Cell::Hundredths(row.points.hundredths()),
                Cell::Hundredths(row.bonus.hundredths()),
                Cell::Hundredths(row.deductions.hundredths()),
                Cell::Hundredths(row.total.hundredths()),
            ];
            cells.extend(row.groups.iter().map(|(_, p)| Cell::Hundredths(p.hundredths())));
            cells.push(Cell::Text(row.stage.clone()));
            cells.push(row.tier.clone().map_or(Cell::Empty, Cell::Text));
            cells.push(
                row.award
                    .and_then(|a| s.awards.get(a))
                    .map_or(Cell::Empty, |a| Cell::Text(a.title.clone())),
            );
            cells.push(row.change.map_or(Cell::Empty, Cell::Int));
            cells
        })
        .collect();
    Table {
        name: format!("{} {}", word(lang, "standings"), s.year),
        header,
        rows,
    }
}

fn sheet_table(site: &Site, s: &Season) -> Table {
    let lang = site.config.language;
    let header = vec![word(lang, "code"), word(lang, "criteria"), word(lang, "max_points")];
    let rows = s
        .sheet
        .entries()
        .iter()
        .map(|c| {
            vec![
                Cell::Text(c.code.clone()),
                Cell::Text(format!("{}{}", "  ".repeat(c.depth), c.title)),
                Cell::Hundredths(c.max.hundredths()),
            ]
        })
        .collect();
    Table {
        name: word(lang, "scoring_sheet"),
        header,
        rows,
    }
}

/// A unit's results across years, newest first, its chart and its text alternative.
pub fn unit_results(site: &Site, urls: &Urls, unit: &str) -> (Value, String, String) {
    let lang = site.config.language;
    let mut results = Vec::new();
    let mut points = Vec::new();
    for r in &site.results {
        let s = &r.season;
        if !s.members.iter().any(|m| m == unit) {
            continue;
        }
        let row = r.standings.row(unit);
        let role = if s.leader == unit {
            Some(word(lang, "leader"))
        } else if s.deputy.as_deref() == Some(unit) {
            Some(word(lang, "deputy"))
        } else {
            None
        };
        results.push(json!({
            "year": s.year,
            "url": urls.url(&season_path(urls, s)),
            "cluster": { "name": cluster_name(site, &s.cluster), "url": urls.url(&cluster_path(urls, &s.cluster)) },
            "status": s.status.as_str(),
            "status_label": status_label(lang, s.status),
            "rank": row.map(|x| x.rank),
            "of": r.standings.rows.len(),
            "total": row.map(|x| pts(lang, x.total)),
            "points": row.map(|x| pts(lang, x.points)),
            "bonus": row.map(|x| pts(lang, x.bonus)),
            "deductions": row.map(|x| pts(lang, x.deductions)),
            "tier": row.and_then(|x| x.tier.clone()),
            "award": row.and_then(|x| x.award).and_then(|a| s.awards.get(a)).map(|a| a.title.clone()),
            "role": role,
            "change": row.and_then(|x| x.change),
        }));
        if s.status != Status::Planned {
            points.push(Point {
                year: s.year,
                total: row.map(|x| x.total.hundredths()),
                rank: row.map(|x| x.rank),
                of: u32::try_from(r.standings.rows.len()).unwrap_or(u32::MAX),
            });
        }
    }
    results.reverse();
    let labels = ChartLabels {
        title: word(lang, "history"),
        total: word(lang, "points_word"),
        rank: word(lang, "rank_word"),
    };
    (
        Value::Array(results),
        chart::history_svg(&points, lang, &labels),
        chart::history_text(&points, lang, &labels),
    )
}

/// The home page's compact latest standings: per cluster, its newest year with results.
pub fn home_standings(site: &Site, urls: &Urls, labels: &UnitLabels) -> Value {
    let lang = site.config.language;
    let mut out = Vec::new();
    for c in &site.clusters {
        let Some(r) = site
            .results
            .iter()
            .rev()
            .find(|r| r.season.cluster == c.id && !r.standings.rows.is_empty())
        else {
            continue;
        };
        let rows: Vec<Value> = r
            .standings
            .rows
            .iter()
            .map(|row| {
                json!({
                    "rank": row.rank, "unit": unit_ref(site, urls, labels, &row.unit), "total": pts(lang, row.total),
                    "tier": row.tier, "award": row.award.and_then(|a| r.season.awards.get(a)).map(|a| a.title.clone()),
                })
            })
            .collect();
        out.push(json!({
            "cluster": { "name": c.name, "url": urls.url(&cluster_path(urls, &c.id)) },
            "year": r.season.year,
            "url": urls.url(&season_path(urls, &r.season)),
            "status_label": status_label(lang, r.season.status),
            "rows": rows,
        }));
    }
    Value::Array(out)
}
