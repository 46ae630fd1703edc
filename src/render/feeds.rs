//! The site-wide files: the feeds (atom.xml, rss.xml), 404.html, robots.txt
//! and sitemap.xml. Planned last: the sitemap lists every page planned
//! before it.

use std::collections::HashMap;

use super::context::page_view;
use super::engine::{Fp, GENERATED, Planner, Vars};
use super::index::{FEED_ITEMS, Index};
use super::template::Template;
use super::views::{ItemView, PageView, SitemapUrl, tv};
use crate::content::Page;
use crate::i18n::word;
use crate::site::Site;
use crate::urls::{Urls, has_own_url};

/// `feed_updated` of feeds that have no items.
const EMPTY_FEED_UPDATED: &str = "1970-01-01T00:00:00Z";

/// atom.xml and rss.xml from the newest items (with their item values).
pub(super) fn feed_vars(urls: &Urls, recent: &[(&Page, &ItemView)]) -> [(Template, Vars); 2] {
    let values: Vec<PageView> = recent.iter().map(|(pg, v)| page_view(v, pg, urls)).collect();
    let values = tv(&values);
    // Items always have a date; a feed without items has no moment of its
    // own, and Atom still needs one: the Unix epoch, the usual "never".
    let updated = recent
        .first()
        .and_then(|(pg, _)| pg.date())
        .map_or_else(|| EMPTY_FEED_UPDATED.to_owned(), |d| d.rfc3339());
    let vars = || {
        vec![
            ("items", values.clone().into()),
            ("feed_updated", tera::Value::from(updated.as_str()).into()),
        ]
    };
    [(Template::Atom, vars()), (Template::Rss, vars())]
}

pub(super) fn plan(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    let recent: Vec<(&Page, &ItemView)> = idx
        .items
        .iter()
        .take(FEED_ITEMS)
        .filter_map(|pg| Some((*pg, idx.item(pg)?)))
        .collect();
    let newest: Vec<&Page> = idx.items.iter().take(FEED_ITEMS).copied().collect();
    for (template, vars) in feed_vars(urls, &recent) {
        p.add_with(
            GENERATED,
            template.file().into(),
            template,
            String::new(),
            Fp::new().pages(&newest),
            || vars,
        );
    }
    let not_found = Template::NotFound;
    let title = word(site.config.language, "not_found");
    p.add(GENERATED, not_found.file().into(), not_found, title, Vars::new());
    let robots = Template::Robots;
    p.add(GENERATED, robots.file().into(), robots, String::new(), Vars::new());
    sitemap(site, urls, idx, p);
}

/// Every page's path, and the date of each page that has one.
fn sitemap(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    let listed: Vec<String> = p
        .jobs()
        .iter()
        .filter(|j| has_own_url(&j.file))
        .map(|j| j.path.clone())
        .collect();
    let dated: Vec<&Page> = site.pages.values().filter(|pg| pg.date().is_some()).collect();
    // Paths and dates are all it shows: a title edit leaves it as it is.
    let fp = listed.iter().fold(Fp::new(), |fp, path| fp.str(path));
    let fp = dated.iter().fold(fp, |fp, pg| {
        let date = pg.date().map(|d| d.date);
        let path = idx.paths.get(pg.file.as_str()).map_or("", String::as_str);
        fp.str(path).num(date.map_or(0, |d| {
            (d.year() as u64) << 16 | (d.month() as u64) << 8 | d.day() as u64
        }))
    });
    let vars = || {
        let dates: HashMap<&str, String> = dated
            .iter()
            .filter_map(|pg| Some((idx.paths.get(pg.file.as_str())?.as_str(), pg.date()?.date.to_string())))
            .collect();
        let urls_list: Vec<SitemapUrl> = listed
            .iter()
            .map(|path| SitemapUrl {
                loc: urls.permalink(path),
                lastmod: dates.get(path.as_str()).map(String::as_str),
            })
            .collect();
        vec![("urls", tv(&urls_list).into())]
    };
    let sitemap = Template::Sitemap;
    p.add_with(GENERATED, sitemap.file().into(), sitemap, String::new(), fp, vars);
}
