//! The home page's compact latest standings.

use super::links::Links;
use super::words::{pts, status_label};
use crate::render::views::results::{ClusterName, HomeRow, HomeStandings};
use crate::site::Site;
use crate::urls::Urls;

/// Per cluster, in clusters.yaml order, its newest season with ranked units.
pub fn standings<'a>(site: &'a Site, urls: &Urls, links: &'a Links) -> Vec<HomeStandings<'a>> {
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
        let rows = r
            .standings
            .rows
            .iter()
            .map(|row| HomeRow {
                rank: row.rank,
                unit: links.unit(&row.unit),
                total: pts(lang, row.total),
                tier: row.tier.as_deref(),
                award: row.award.and_then(|a| r.season.awards.get(a)).map(|a| a.title.as_str()),
            })
            .collect();
        out.push(HomeStandings {
            cluster: ClusterName {
                name: &c.name,
                url: urls.url(&urls.cluster(&c.id)),
            },
            year: r.season.year,
            url: urls.url(&urls.season(r.season.year, &r.season.cluster)),
            status_label: status_label(lang, r.season.status),
            rows,
        });
    }
    out
}
