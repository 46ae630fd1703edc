//! The site-wide files: the feeds (atom.xml, rss.xml), 404.html, robots.txt
//! and sitemap.xml. Planned last: the sitemap lists every page planned
//! before it.

use std::collections::HashMap;

use super::engine::{Fp, GENERATED, Planner, Vars};
use super::index::{FEED_ITEMS, Index};
use super::links::absolute_links;
use super::template::Template;
use super::views::{ItemView, PageView, SitemapUrl, tv};
use crate::content::{Page, PageDate};
use crate::i18n::word;
use crate::site::Site;
use crate::urls::{Urls, has_own_url};

/// `feed_updated` of feeds that have no items.
const EMPTY_FEED_UPDATED: &str = "1970-01-01T00:00:00Z";

/// A document or a proposal as a feed entry: its moment, its item value
/// and its content.
struct Entry {
    at: PageDate,
    item: ItemView,
    content_html: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn entry(urls: &Urls, title: String, path: &str, date: jiff::civil::Date, summary: &str, more: String) -> Entry {
    let at = PageDate::new(date, None, jiff::tz::Offset::constant(7));
    let summary_html = format!("<p>{}</p>", escape(summary));
    Entry {
        item: ItemView {
            title,
            url: urls.url(path),
            permalink: urls.permalink(path),
            date: Some(date.to_string()),
            datetime: Some(at.rfc3339()),
            date_short: None,
            date_long: None,
            weekday: None,
            time: None,
            summary_html: summary_html.clone(),
            description: summary.to_owned(),
            tags: Vec::new(),
            units: Vec::new(),
            author: None,
            image: None,
            image_permalink: None,
            thumbnail: None,
            cluster: None,
            year: None,
            extra: serde_json::Value::Object(Default::default()),
            updated_rfc3339: Some(at.rfc3339()),
            pub_rfc2822: Some(at.rfc2822()),
        },
        content_html: format!("{summary_html}{more}"),
        at,
    }
}

/// The register's documents (by date of issue) and the proposals (by the
/// first day of comment) as feed entries.
fn register_entries(site: &Site, urls: &Urls) -> Vec<Entry> {
    let lang = site.config.language;
    let mut out = Vec::new();
    for d in &site.documents.list {
        let v = super::documents::view(d, urls, lang);
        let more = format!(
            "<p>{}: {} · {}: {} · <a href=\"{}\">{} ({}, {})</a></p>",
            escape(&word(lang, "document_issuer")),
            escape(&d.issuer),
            escape(&word(lang, "document_issued")),
            escape(&v.issued_short),
            escape(&urls.permalink(&v.file.url[urls.root_path.len()..])),
            escape(&word(lang, "document_download")),
            escape(&v.file.kind),
            escape(&v.file.size)
        );
        let path = urls.document(d.issued.year(), &d.slug);
        out.push(entry(urls, v.title.clone(), &path, d.issued, &d.summary, more));
    }
    for p in &site.proposals {
        let period = word(lang, "consultation_period_n")
            .replace("{start}", &crate::text::format_date_short(p.start, lang))
            .replace("{end}", &crate::text::format_date_short(p.end, lang))
            .replace("{n}", &p.working_days.to_string());
        let summary = format!("{}: {}. {}", word(lang, "consultation_award"), p.award, period);
        let path = urls.proposal(p.year, &p.id);
        out.push(entry(urls, p.title.clone(), &path, p.start, &summary, String::new()));
    }
    out
}

/// atom.xml and rss.xml from the newest items (with their item values),
/// documents and proposals, newest first, at most [`FEED_ITEMS`].
pub(super) fn feed_vars(site: &Site, urls: &Urls, recent: &[(&Page, &ItemView)]) -> [(Template, Vars); 2] {
    let extra = register_entries(site, urls);
    // (moment, which list, index): news before a register entry of the same moment.
    let mut order: Vec<(i64, usize, usize)> = recent
        .iter()
        .enumerate()
        .filter_map(|(i, (pg, _))| Some((pg.date()?.instant(), 0, i)))
        .chain(extra.iter().enumerate().map(|(i, e)| (e.at.instant(), 1, i)))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    order.truncate(FEED_ITEMS);
    // News items with every link absolute (readers resolve relative ones
    // against the feed's address): their own copies, a feed's few dozen.
    let news: Vec<(ItemView, String)> = recent
        .iter()
        .map(|(pg, v)| {
            let page = v.permalink.strip_prefix(urls.base_url.as_str()).unwrap_or("");
            let mut item = (*v).clone();
            // From the page's own summary: the view's has the root path
            // put before `/x/` links already, which would be doubled.
            item.summary_html = absolute_links(&pg.summary_html, urls, page);
            (item, absolute_links(&pg.content_html, urls, page))
        })
        .collect();
    let values: Vec<PageView> = order
        .iter()
        .filter_map(|&(_, list, i)| {
            if list == 0 {
                news.get(i).map(|(item, content)| PageView {
                    item,
                    content_html: std::borrow::Cow::Borrowed(content.as_str()),
                    toc: Vec::new(),
                })
            } else {
                extra.get(i).map(|e| PageView {
                    item: &e.item,
                    content_html: std::borrow::Cow::Borrowed(e.content_html.as_str()),
                    toc: Vec::new(),
                })
            }
        })
        .collect();
    // Items always have a date; a feed without items has no moment of its
    // own, and Atom still needs one: the Unix epoch, the usual "never".
    let updated = values
        .first()
        .and_then(|v| v.item.updated_rfc3339.clone())
        .unwrap_or_else(|| EMPTY_FEED_UPDATED.to_owned());
    let values = tv(&values);
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
    for (template, vars) in feed_vars(site, urls, &recent) {
        p.add_with(
            GENERATED,
            template.file().into(),
            template,
            String::new(),
            || {
                Fp::new()
                    .pages(&newest)
                    .num(site.documents.key)
                    .nums(site.proposals.iter().map(|pr| pr.key))
            },
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
    if !p.wants_next() {
        p.skip();
        return;
    }
    // It lists every job: a plan of some jobs cannot make it.
    if !p.is_full() {
        p.give_up();
        return;
    }
    let listed: Vec<String> = p
        .jobs()
        .iter()
        .filter(|j| has_own_url(&j.file))
        .map(|j| j.path.clone())
        .collect();
    let dated: Vec<&Page> = site.pages.values().filter(|pg| pg.date().is_some()).collect();
    // Paths and dates are all it shows: a title edit leaves it as it is.
    let fp = || {
        let fp = listed.iter().fold(Fp::new(), |fp, path| fp.str(path));
        dated.iter().fold(fp, |fp, pg| {
            let date = pg.date().map(|d| d.date);
            let path = idx.path(pg).unwrap_or("");
            fp.str(path).num(date.map_or(0, |d| {
                (d.year() as u64) << 16 | (d.month() as u64) << 8 | d.day() as u64
            }))
        })
    };
    let vars = || {
        let dates: HashMap<&str, String> = dated
            .iter()
            .filter_map(|pg| Some((idx.path(pg)?, pg.date()?.date.to_string())))
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
