//! The seasons of each cluster as the standings index and the cluster pages
//! list them.

use super::links::Links;
use super::words::status_label;
use crate::render::views::results::{IndexCluster, SeasonSummary};
use crate::site::{SeasonResult, Site};
use crate::units::Cluster;
use crate::urls::Urls;

/// Clusters with results, in clusters.yaml order, each with its seasons
/// newest first.
pub fn clusters<'a>(site: &'a Site, urls: &Urls, links: &'a Links) -> Vec<(&'a Cluster, IndexCluster<'a>)> {
    site.clusters
        .iter()
        .filter_map(|c| {
            let mut seasons: Vec<SeasonSummary> = site
                .results
                .iter()
                .filter(|r| r.season.cluster == c.id)
                .map(|r| summary(site, urls, links, r))
                .collect();
            if seasons.is_empty() {
                return None;
            }
            seasons.reverse();
            Some((
                c,
                IndexCluster {
                    cluster: links.cluster(&c.id),
                    seasons,
                },
            ))
        })
        .collect()
}

fn summary<'a>(site: &Site, urls: &Urls, links: &'a Links, r: &'a SeasonResult) -> SeasonSummary<'a> {
    let s = &r.season;
    SeasonSummary {
        year: s.year,
        url: urls.url(&urls.season(s.year, &s.cluster)),
        status: s.status.as_str(),
        status_label: status_label(site.config.language, s.status),
        leader: links.unit(&s.leader),
        deputy: s.deputy.as_deref().and_then(|d| links.unit(d)),
        winner: r
            .standings
            .rows
            .first()
            .filter(|row| row.rank == 1)
            .and_then(|row| links.unit(&row.unit)),
        members_count: s.members.len(),
    }
}
