//! A season's downloads as tables (CSV and XLSX are written from them by
//! `crate::downloads`), headers in the site's language, numbers kept exact.

use crate::downloads::{Cell, Table};
use crate::i18n::word;
use crate::scoring::Season;
use crate::site::{SeasonResult, Site};

/// The standings, one row per ranked unit.
pub fn standings(site: &Site, r: &SeasonResult) -> Table {
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
            cells.push(Cell::Text(super::words::stage_label(lang, &row.stage)));
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

/// The scoring sheet: every criterion, indented by depth, with its maximum.
pub fn sheet(site: &Site, s: &Season) -> Table {
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
