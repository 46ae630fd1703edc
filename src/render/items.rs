//! Values derived from one page that many files show: its item value (in
//! lists, tag and unit pages, feeds, neighbours' links) and its search text.
//! Each is built once per version of the page and, in watch mode, kept
//! between rebuilds: on a large site, building and freeing them for every
//! page is most of what a small edit would otherwise cost.

// Looked up by page id for every card of every list: a fast hash of a u64.
use foldhash::HashMap;

use rayon::prelude::*;

use super::context::{item_view, strip_tags};
use super::labels::UnitLabels;
use super::views::{ItemView, SearchEntry};
use crate::content::{Page, Role};
use crate::site::Site;
use crate::text;
use crate::urls::Urls;

pub struct Item {
    /// The page's key when this was built.
    key: u64,
    /// The page's site path (`tin-tuc/x/`).
    pub path: String,
    /// Shared with the item pages that show it (`Body::Item`).
    pub view: std::sync::Arc<ItemView>,
    /// An item's entry in the search index, serialised (empty for other
    /// pages): the index is these joined, so it costs a copy, not a build.
    pub search_entry: Vec<u8>,
    /// A hash of `view` and `search_entry`: all that any other file shows
    /// of the page (see `engine::Fp::shown`).
    pub shown: u64,
}

/// The cache, by page (`Page::id`). Its entries depend on
/// config, units, clusters and which seasons exist as well as on the page:
/// whoever changes those must [`Items::clear`] it.
#[derive(Default)]
pub struct Items {
    map: HashMap<u64, Item>,
}

impl Items {
    pub fn clear(&mut self) {
        self.map.clear();
    }

    pub fn get(&self, page: &Page) -> Option<&Item> {
        self.map.get(&page.id)
    }

    /// Brings the cache up to `site`: builds (in parallel) the entries of
    /// pages new or changed, and drops those of pages that went. Pages
    /// without a site path of their own (home, section texts) have none.
    pub fn refresh(&mut self, site: &Site, urls: &Urls, labels: &UnitLabels) {
        let mut with_path = 0;
        let mut missing: Vec<&Page> = Vec::new();
        for p in site.pages.values().filter(|p| has_path(p)) {
            with_path += 1;
            if self.map.get(&p.id).is_none_or(|i| i.key != p.key) {
                missing.push(p);
            }
        }
        let built: Vec<(u64, Item)> = missing
            .par_iter()
            .filter_map(|p| {
                let path = match &p.role {
                    Role::Item { dir } => urls.item(dir, &p.slug),
                    Role::Plain => urls.plain_page(&p.slug),
                    Role::Home | Role::SectionIndex { .. } => return None,
                };
                let view = item_view(site, urls, labels, p, &path);
                let search_entry = match p.role {
                    Role::Item { .. } => search_entry(site, p, &view),
                    _ => Vec::new(),
                };
                let mut h = Hashing(xxhash_rust::xxh3::Xxh3::new());
                // Writing into a hasher cannot fail.
                let _ = serde_json::to_writer(&mut h, &view);
                h.0.update(&[0xff]);
                h.0.update(&search_entry);
                let item = Item {
                    key: p.key,
                    path,
                    view: std::sync::Arc::new(view),
                    search_entry,
                    shown: h.0.digest(),
                };
                Some((p.id, item))
            })
            .collect();
        self.map.extend(built);
        // Entries of pages that went (or lost their own path).
        if self.map.len() > with_path {
            let ids: foldhash::HashSet<u64> = site.pages.values().filter(|p| has_path(p)).map(|p| p.id).collect();
            self.map.retain(|id, _| ids.contains(id));
        }
    }
}

fn has_path(p: &Page) -> bool {
    matches!(p.role, Role::Item { .. } | Role::Plain)
}

/// Serialises straight into a hash, without the bytes.
struct Hashing(xxhash_rust::xxh3::Xxh3);

impl std::io::Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An item's search entry: what results show, and its title, summary, tags
/// and units folded (marks removed) for matching.
fn search_entry(site: &Site, page: &Page, view: &ItemView) -> Vec<u8> {
    let entry = SearchEntry {
        title: &page.meta.title,
        url: Some(&view.url),
        date_short: view.date_short.as_deref(),
        kind: "item",
        text: search_text(site, page),
    };
    serde_json::to_vec(&entry).unwrap_or_default()
}

fn search_text(site: &Site, page: &Page) -> String {
    let mut words = vec![page.meta.title.clone(), strip_tags(&page.summary_html)];
    words.extend(page.meta.tags.iter().map(|(t, _)| t.clone()));
    words.extend(
        page.meta
            .units
            .iter()
            .filter_map(|(u, _)| site.units.get(u))
            .map(|u| u.full_name()),
    );
    text::fold(&words.join(" "))
}
