//! Values derived from one page that many files show: its item value (in
//! lists, tag and unit pages, feeds, neighbours' links) and its search text.
//! Each is built once per version of the page and, in watch mode, kept
//! between rebuilds: on a large site, building and freeing them for every
//! page is most of what a small edit would otherwise cost.

// Looked up by page file for every card of every list: a fast hash.
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
    /// Shared with the item pages that show it (`Body::Item`).
    pub view: std::sync::Arc<ItemView>,
    /// An item's entry in the search index, serialised (empty for other
    /// pages): the index is these joined, so it costs a copy, not a build.
    pub search_entry: Vec<u8>,
    /// A hash of `view` and `search_entry`: all that any other file shows
    /// of the page (see `engine::Fp::shown`).
    pub shown: u64,
}

/// The cache, by content file (`content/tin-tuc/x.md`). Its entries depend on
/// config, units, clusters and which seasons exist as well as on the page:
/// whoever changes those must [`Items::clear`] it.
#[derive(Default)]
pub struct Items {
    map: HashMap<String, Item>,
}

impl Items {
    pub fn clear(&mut self) {
        self.map.clear();
    }

    pub fn get(&self, file: &str) -> Option<&Item> {
        self.map.get(file)
    }

    /// Brings the cache up to `site`: drops entries of pages that went or
    /// changed and builds (in parallel) those of pages new or changed.
    /// `paths` holds the site path of every page that has one.
    pub fn refresh(&mut self, site: &Site, urls: &Urls, labels: &UnitLabels, paths: &HashMap<&str, String>) {
        // One pass over the pages, moving the entries still valid into a new
        // map: looking each cached file up in the page tree instead compares
        // long, alike paths many times per entry.
        let mut old = std::mem::take(&mut self.map);
        self.map.reserve(old.len());
        let mut missing: Vec<&Page> = Vec::new();
        for p in site.pages.values() {
            match old.remove_entry(p.file.as_str()) {
                Some((file, item)) if item.key == p.key && paths.contains_key(p.file.as_str()) => {
                    self.map.insert(file, item);
                }
                _ => missing.push(p),
            }
        }
        let built: Vec<(String, Item)> = missing
            .par_iter()
            .filter_map(|p| {
                let view = item_view(site, urls, labels, p, paths.get(p.file.as_str())?);
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
                    view: std::sync::Arc::new(view),
                    search_entry,
                    shown: h.0.digest(),
                };
                Some((p.file.clone(), item))
            })
            .collect();
        self.map.extend(built);
    }
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
