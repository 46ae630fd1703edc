//! The derived views of the site that several producers share: sections,
//! tags and items per unit (each newest first), every page's site path, the
//! navigation, and the order a one-page re-render needs.

use std::collections::BTreeMap;

// Looked up by page file for every card of every list: a fast hash.
use foldhash::{HashMap, HashMapExt};

use super::items::Items;
use super::labels::UnitLabels;
use super::views::ItemView;
use crate::content::{Page, Role};
use crate::i18n::word;
use crate::site::Site;
use crate::text;
use crate::urls::Urls;

/// How many of the newest items the feeds carry.
pub(super) const FEED_ITEMS: usize = 30;

pub(super) struct Section<'s> {
    pub dir: String,
    /// Site path of its list.
    pub path: String,
    pub index: Option<&'s Page>,
    /// Newest first.
    pub items: Vec<&'s Page>,
}

/// The derived views of the site that several pages share.
pub struct Index<'s> {
    pub(super) sections: BTreeMap<String, Section<'s>>,
    /// Tag slug → (name as first written, items newest first).
    pub(super) tags: BTreeMap<String, (String, Vec<&'s Page>)>,
    pub(super) by_unit: HashMap<&'s str, Vec<&'s Page>>,
    /// Every item, newest first.
    pub(super) items: Vec<&'s Page>,
    /// Item values by content file, built once and shared by every list.
    pub(super) cache: &'s Items,
    /// How every list names units.
    pub(super) labels: UnitLabels,
}

/// Sorts pages newest first, then by file for a stable order. The timestamp
/// is computed once per page, not once per comparison.
///
/// `pages` come in file order (as `Site::pages` holds them), which a stable
/// sort by date keeps among pages of one date: no file names compared.
fn sort_newest_first(pages: &mut Vec<&Page>) {
    debug_assert!(pages.windows(2).all(|w| w[0].file <= w[1].file));
    let mut keyed: Vec<(std::cmp::Reverse<Option<i64>>, &Page)> = pages
        .iter()
        .map(|p| (std::cmp::Reverse(p.date().map(|d| d.instant())), *p))
        .collect();
    keyed.sort_by_key(|k| k.0);
    *pages = keyed.into_iter().map(|(_, p)| p).collect();
}

/// The derived views; `cache` is brought up to date with the site first.
pub fn index<'s>(site: &'s Site, urls: &Urls, cache: &'s mut Items) -> Index<'s> {
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    let new_section = |dir: &String| Section {
        dir: dir.clone(),
        path: urls.section(dir),
        index: None,
        items: Vec::new(),
    };
    // Sorted once: a section's list is its folder's items in this order.
    let mut items: Vec<&Page> = site.items().collect();
    sort_newest_first(&mut items);
    // Looked up by reference: no folder name is copied per page.
    for page in &items {
        if let Role::Item { dir } = &page.role {
            match sections.get_mut(dir.as_str()) {
                Some(s) => s.items.push(page),
                None => {
                    let mut s = new_section(dir);
                    s.items.push(page);
                    sections.insert(dir.clone(), s);
                }
            }
        }
    }
    for page in site.pages.values() {
        if let Role::SectionIndex { dir } = &page.role {
            match sections.get_mut(dir.as_str()) {
                Some(s) => s.index = Some(page),
                None => {
                    let mut s = new_section(dir);
                    s.index = Some(page);
                    sections.insert(dir.clone(), s);
                }
            }
        }
    }

    let mut tags: BTreeMap<String, (String, Vec<&Page>)> = BTreeMap::new();
    let mut by_unit: HashMap<&str, Vec<&Page>> = HashMap::new();
    // Thousands of items share a few tags: slugify each spelling once.
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for (t, _) in items.iter().flat_map(|p| &p.meta.tags) {
        slugs.entry(t.as_str()).or_insert_with(|| text::slugify(t));
    }
    // A page lists a tag or unit a handful of times at most: dedup there,
    // not by scanning lists that grow with the site.
    let mut seen_tags: Vec<&str> = Vec::new();
    let mut seen_units: Vec<&str> = Vec::new();
    for page in &items {
        seen_tags.clear();
        seen_units.clear();
        for (t, _) in &page.meta.tags {
            let Some(slug) = slugs.get(t.as_str()).map(String::as_str) else {
                continue;
            };
            if !seen_tags.contains(&slug) {
                match tags.get_mut(slug) {
                    Some(entry) => entry.1.push(page),
                    None => {
                        tags.insert(slug.to_owned(), (t.clone(), vec![*page]));
                    }
                }
                seen_tags.push(slug);
            }
        }
        for (u, _) in &page.meta.units {
            if !seen_units.contains(&u.as_str()) {
                by_unit.entry(u.as_str()).or_default().push(page);
                seen_units.push(u);
            }
        }
    }
    Index::of(
        site,
        urls,
        cache,
        Parts {
            sections,
            tags,
            by_unit,
            items,
        },
    )
}

/// The lists of an [`Index`], as [`index`] makes them or kept lists (`lists.rs`) give them back.
pub(super) struct Parts<'s> {
    pub sections: BTreeMap<String, Section<'s>>,
    pub tags: BTreeMap<String, (String, Vec<&'s Page>)>,
    pub by_unit: HashMap<&'s str, Vec<&'s Page>>,
    pub items: Vec<&'s Page>,
}

impl<'s> Index<'s> {
    /// The index of `parts`, with the item cache brought up to `site`.
    pub(super) fn of(site: &'s Site, urls: &Urls, cache: &'s mut Items, parts: Parts<'s>) -> Index<'s> {
        let labels = UnitLabels::new(&site.units, site.config.language);
        cache.refresh(site, urls, &labels);
        Index {
            sections: parts.sections,
            tags: parts.tags,
            by_unit: parts.by_unit,
            items: parts.items,
            cache,
            labels,
        }
    }

    /// The page's item value (every page with a site path has one).
    pub(super) fn item(&self, page: &Page) -> Option<&ItemView> {
        self.cache.get(page).map(|i| &*i.view)
    }
    /// The page's site path, if it has one of its own (items, plain pages).
    pub(super) fn path(&self, page: &Page) -> Option<&str> {
        self.cache.get(page).map(|i| i.path.as_str())
    }
    /// The page's item value, shared.
    pub(super) fn item_shared(&self, page: &Page) -> Option<std::sync::Arc<ItemView>> {
        self.cache.get(page).map(|i| std::sync::Arc::clone(&i.view))
    }
    /// A hash of what lists, neighbours and the search index show of a
    /// page (its item value and search entry): the early cutoff of
    /// fingerprints. Pages without an item value hash as their whole text.
    pub(super) fn shown(&self, page: &Page) -> u64 {
        self.cache.get(page).map_or(page.key, |i| i.shown)
    }
    /// [`Index::shown`] of each page of a list.
    pub(super) fn shown_all<'a>(
        &'a self,
        pages: &'a [&'s Page],
    ) -> impl ExactSizeIterator<Item = (&'s Page, u64)> + 'a {
        pages.iter().map(|p| (*p, self.shown(p)))
    }
    /// A list of item values, shared with every other list that shows them.
    pub(super) fn items(&self, pages: &[&Page]) -> super::engine::Var {
        super::engine::Var::Items(pages.iter().map(|p| self.item_shared(p)).collect())
    }
}

/// The site's navigation: (title, site path) of home, each top-level section,
/// units, standings, plain pages and search.
pub fn nav(site: &Site, urls: &Urls) -> Vec<(String, String)> {
    let lang = site.config.language;
    let mut nav = vec![(word(lang, "home"), String::new())];
    let mut dirs: Vec<&str> = site
        .pages
        .values()
        .filter_map(|p| match &p.role {
            Role::Item { dir } | Role::SectionIndex { dir } if !dir.contains('/') => Some(dir.as_str()),
            _ => None,
        })
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    for dir in dirs {
        nav.push((section_title(site, dir), urls.section(dir)));
    }
    if !site.units.list.is_empty() {
        nav.push((word(lang, "units"), urls.units_index()));
    }
    if !site.results.is_empty() {
        nav.push((word(lang, "standings"), urls.standings()));
    }
    if site.documents.present {
        nav.push((word(lang, "documents"), urls.documents()));
    }
    if !site.proposals.is_empty() {
        nav.push((word(lang, "consultations"), urls.proposals()));
    }
    for p in site.pages.values().filter(|p| p.role == Role::Plain) {
        nav.push((p.meta.title.clone(), urls.plain_page(&p.slug)));
    }
    nav.push((word(lang, "search"), urls.search()));
    nav
}

/// The section folder's title: its _index.md's, or the folder name.
fn section_title(site: &Site, dir: &str) -> String {
    site.pages
        .values()
        .find(|p| matches!(&p.role, Role::SectionIndex { dir: d } if d == dir))
        .map_or_else(|| dir.to_owned(), |p| p.meta.title.clone())
}

/// A page's key in `Site::pages` (its file relative to content/).
pub(super) fn rel_of(page: &Page) -> &str {
    page.file.strip_prefix("content/").unwrap_or(&page.file)
}
