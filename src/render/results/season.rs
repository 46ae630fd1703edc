//! The variables of `standings.html`: one season's facts, its ranked rows,
//! its criteria and the criterion-by-unit breakdown.

use super::links::Links;
use super::words::{pts, stage_label, status_label, tie_break};
use crate::render::engine::Vars;
use crate::render::views::results::{
    Award, Breakdown, BreakdownRow, Decision, Downloads, Group, GroupValue, ItemPoints, Row, Season, SheetEntry, Stage,
    StageValue, Tier,
};
use crate::render::views::tv;
use crate::scoring::{self, Status};
use crate::site::{SeasonResult, Site};
use crate::text::{self, Lang};
use crate::urls::Urls;

/// `prev` and `next` are the cluster's seasons before and after, if any.
pub fn vars(
    site: &Site,
    urls: &Urls,
    links: &Links,
    r: &SeasonResult,
    prev: Option<&SeasonResult>,
    next: Option<&SeasonResult>,
) -> Vars {
    let lang = site.config.language;
    let s = &r.season;
    let rows: Vec<Row> = r.standings.rows.iter().map(|row| ranked(lang, links, r, row)).collect();
    let sheet: Vec<SheetEntry> = s
        .sheet
        .entries()
        .iter()
        .map(|c| SheetEntry {
            code: &c.code,
            title: &c.title,
            max: pts(lang, c.max),
            depth: c.depth,
            is_group: !c.is_leaf(),
        })
        .collect();
    vec![
        ("season", tv(&season(site, urls, links, r, prev, next)).into()),
        ("rows", tv(&rows).into()),
        ("sheet", tv(&sheet).into()),
        ("breakdown", tv(&breakdown(lang, links, r)).into()),
    ]
}

fn season<'a>(
    site: &'a Site,
    urls: &Urls,
    links: &'a Links,
    r: &'a SeasonResult,
    prev: Option<&SeasonResult>,
    next: Option<&SeasonResult>,
) -> Season<'a> {
    let lang = site.config.language;
    let s = &r.season;
    let page = |o: &SeasonResult| urls.url(&urls.season(o.season.year, &o.season.cluster));
    let download = |ext| urls.url(&urls.season_download(s.year, &s.cluster, ext));
    Season {
        cluster: links.cluster(&s.cluster),
        year: s.year,
        status: s.status.as_str(),
        status_label: status_label(lang, s.status),
        leader: links.unit(&s.leader),
        deputy: s.deputy.as_deref().and_then(|d| links.unit(d)),
        members_count: s.members.len(),
        members: s.members.iter().map(|u| links.unit(u)).collect(),
        scored_count: r.standings.rows.len(),
        missing: r.standings.missing.iter().map(|u| links.unit(u)).collect(),
        scale: s.scale.map(|p| pts(lang, p)),
        bonus_cap: s.bonus_cap.map(|p| pts(lang, p)),
        stages: s
            .stages
            .iter()
            .map(|n| Stage {
                name: n,
                label: stage_label(lang, n),
            })
            .collect(),
        groups: s
            .sheet
            .top()
            .map(|(_, c)| Group {
                code: &c.code,
                title: &c.title,
                max: pts(lang, c.max),
            })
            .collect(),
        tie_break: s.tie_break.iter().map(|t| tie_break(lang, t)).collect(),
        tiers: s
            .tiers
            .iter()
            .map(|t| Tier {
                label: &t.label,
                min: pts(lang, t.min),
            })
            .collect(),
        awards: s
            .awards
            .iter()
            .map(|a| Award {
                title: &a.title,
                top: a.top,
                min: a.min.map(|m| pts(lang, m)),
                decision: a.decision.as_ref().map(|d| Decision {
                    number: &d.number,
                    date_short: text::format_date_short(d.date, lang),
                    url: match site.documents.find(&d.number, Some(d.date.year())) {
                        crate::documents::Found::Document(doc) => {
                            Some(urls.url(&urls.document(doc.issued.year(), &doc.slug)))
                        }
                        _ => None,
                    },
                }),
            })
            .collect(),
        // A planned year publishes none (see `results::plan`).
        downloads: (s.status != Status::Planned).then(|| Downloads {
            json: download("json"),
            csv: download("csv"),
            xlsx: download("xlsx"),
        }),
        prev_url: prev.map(page),
        next_url: next.map(page),
    }
}

fn ranked<'a>(lang: Lang, links: &'a Links, r: &'a SeasonResult, row: &'a scoring::Row) -> Row<'a> {
    let s = &r.season;
    let items = |items: &'a [scoring::Item]| {
        items
            .iter()
            .map(|it| ItemPoints {
                points: pts(lang, it.points),
                reason: &it.reason,
            })
            .collect()
    };
    Row {
        rank: row.rank,
        tied: r.standings.rows.iter().filter(|o| o.rank == row.rank).count() > 1,
        unit: links.unit(&row.unit),
        points: pts(lang, row.points),
        bonus: pts(lang, row.bonus),
        bonus_raw: (row.bonus_raw != row.bonus).then(|| pts(lang, row.bonus_raw)),
        deductions: pts(lang, row.deductions),
        total: pts(lang, row.total),
        groups: row
            .groups
            .iter()
            .map(|(c, p)| GroupValue {
                code: c,
                value: pts(lang, *p),
            })
            .collect(),
        stages: s
            .stages
            .iter()
            .map(|n| StageValue {
                name: n,
                value: row.stages.iter().find(|(sn, _)| sn == n).map(|(_, p)| pts(lang, *p)),
            })
            .collect(),
        stage_label: stage_label(lang, &row.stage),
        tier: row.tier.as_deref(),
        award: row.award.and_then(|a| s.awards.get(a)).map(|a| a.title.as_str()),
        change: row.change,
        bonus_items: items(&row.bonus_items),
        deduction_items: items(&row.deduction_items),
        note_html: row
            .note
            .as_deref()
            .map_or_else(String::new, |n| crate::markdown::render(n).html),
    }
}

fn breakdown<'a>(lang: Lang, links: &'a Links, r: &'a SeasonResult) -> Breakdown<'a> {
    let rows = r
        .season
        .sheet
        .entries()
        .iter()
        .enumerate()
        .map(|(i, c)| BreakdownRow {
            code: &c.code,
            title: &c.title,
            depth: c.depth,
            is_group: !c.is_leaf(),
            max: pts(lang, c.max),
            values: r
                .standings
                .rows
                .iter()
                .map(|row| {
                    row.breakdown
                        .get(i)
                        .copied()
                        .flatten()
                        .map(|p| pts(lang, p))
                        .unwrap_or_default()
                })
                .collect(),
        })
        .collect();
    Breakdown {
        units: r.standings.rows.iter().map(|row| links.unit(&row.unit)).collect(),
        rows,
    }
}
