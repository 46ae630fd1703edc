//! The results producer: the standings index, one page per cluster, one per
//! season with its downloads; and what unit pages and the home page show of
//! the results. The template values are the typed views of
//! `render::views::results`; every number is formatted in the site language
//! (`words`), while the downloads keep exact numbers (`tables`).

mod home;
mod index;
pub(crate) mod links;
mod season;
mod tables;
pub(crate) mod unit;
pub(crate) mod words;

use self::links::{Links, cluster_name};
use super::engine::{Body, Fp, GENERATED, Planner};
use super::labels::UnitLabels;
use super::template::Template;
use super::views::tv;
use crate::downloads;
use crate::i18n::word;
use crate::render::views::results::ClusterPage;
use crate::scoring::Status;
use crate::site::Site;
use crate::urls::Urls;

/// Adds every results page and download to the plan.
pub fn plan(site: &Site, urls: &Urls, labels: &UnitLabels, p: &mut Planner) {
    if site.results.is_empty() {
        return;
    }
    let lang = site.config.language;
    let links = Links::new(site, urls, labels);
    let clusters = index::clusters(site, urls, &links);
    for (c, listed) in &clusters {
        let page = ClusterPage {
            id: &c.id,
            name: &c.name,
            organiser: c.organiser.as_deref(),
            url: urls.url(&urls.cluster(&c.id)),
            description_html: c
                .description
                .as_deref()
                .map_or_else(String::new, |d| crate::markdown::render(d).html),
        };
        let fp = || Fp::new().seasons(site.results.iter().filter(|r| r.season.cluster == c.id));
        p.add_with(
            crate::units::CLUSTERS_FILE,
            urls.cluster(&c.id),
            Template::Cluster,
            c.name.clone(),
            fp,
            || vec![("cluster", tv(&page).into()), ("seasons", tv(&listed.seasons).into())],
        );
    }
    let listed: Vec<_> = clusters.iter().map(|(_, l)| l).collect();
    p.add_with(
        GENERATED,
        urls.standings(),
        Template::StandingsIndex,
        word(lang, "standings"),
        || Fp::new().seasons(&site.results),
        || vec![("clusters", tv(&listed).into())],
    );

    for (i, r) in site.results.iter().enumerate() {
        let s = &r.season;
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
        // Award decisions link their documents in the register.
        let fp = || {
            Fp::new()
                .seasons([Some(r), prev, next].into_iter().flatten())
                .num(site.documents.key)
        };
        p.add_with(
            &r.file,
            urls.season(s.year, &s.cluster),
            Template::Standings,
            title,
            fp,
            || season::vars(site, urls, &links, r, prev, next),
        );
        // A planned year has no scores yet: nothing to download.
        if s.status == Status::Planned {
            continue;
        }
        let fp = || Fp::new().seasons([r]);
        let file = |ext| urls.season_download(s.year, &s.cluster, ext);
        p.add_body_with(&r.file, file("json"), String::new(), fp, || {
            Ok(Body::Json(crate::scoring::standings_json(s, &r.standings, |id| {
                site.units.get(id).map_or_else(|| id.to_owned(), |u| u.full_name())
            })))
        });
        p.add_body_with(&r.file, file("csv"), String::new(), fp, || {
            Ok(Body::Bytes(downloads::csv(&tables::standings(site, r))))
        });
        p.add_body_with(&r.file, file("xlsx"), String::new(), fp, || {
            downloads::xlsx(&[tables::standings(site, r), tables::sheet(site, s)])
                .map(Body::Bytes)
                .map_err(|e| crate::diag::Diagnostic::error(&r.file, None, format!("cannot make standings.xlsx: {e}")))
        });
    }
}

/// A unit's results across years (`results` of unit.html, newest first), its
/// chart and the chart's text alternative.
pub fn unit_results(site: &Site, urls: &Urls, unit: &str) -> (tera::Value, String, String) {
    let u = unit::results(site, urls, unit);
    (tv(&u.results), u.chart_svg, u.chart_text)
}

/// The home page's `standings`: per cluster, its newest season with results.
pub fn home_standings(site: &Site, urls: &Urls, labels: &UnitLabels) -> tera::Value {
    let links = Links::new(site, urls, labels);
    tv(&home::standings(site, urls, &links))
}
