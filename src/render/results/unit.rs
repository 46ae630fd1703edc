//! What a unit's page shows of the results: its seasons, newest first, and
//! the history chart with its text alternative.

use super::links::cluster_name_link;
use super::words::{pts, status_label};
use crate::i18n::word;
use crate::render::chart::{self, ChartLabels, Point};
use crate::render::views::results::UnitResult;
use crate::scoring::Status;
use crate::site::Site;
use crate::urls::Urls;

/// `results`, `chart_svg` and `chart_text` of the unit's first page.
pub struct UnitResults<'a> {
    pub results: Vec<UnitResult<'a>>,
    pub chart_svg: String,
    pub chart_text: String,
}

pub fn results<'a>(site: &'a Site, urls: &Urls, unit: &str) -> UnitResults<'a> {
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
        results.push(UnitResult {
            year: s.year,
            url: urls.url(&urls.season(s.year, &s.cluster)),
            cluster: cluster_name_link(site, urls, &s.cluster),
            status: s.status.as_str(),
            status_label: status_label(lang, s.status),
            rank: row.map(|x| x.rank),
            of: r.standings.rows.len(),
            total: row.map(|x| pts(lang, x.total)),
            points: row.map(|x| pts(lang, x.points)),
            bonus: row.map(|x| pts(lang, x.bonus)),
            deductions: row.map(|x| pts(lang, x.deductions)),
            tier: row.and_then(|x| x.tier.as_deref()),
            award: row
                .and_then(|x| x.award)
                .and_then(|a| s.awards.get(a))
                .map(|a| a.title.as_str()),
            role,
            change: row.and_then(|x| x.change),
        });
        // A planned year has no scores to draw.
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
    UnitResults {
        results,
        chart_svg: chart::history_svg(&points, lang, &labels),
        chart_text: chart::history_text(&points, lang, &labels),
    }
}
