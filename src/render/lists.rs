//! An index's lists kept between rebuilds, as positions in `Site::pages`'
//! order. Making an index sorts and groups every page, reading each one's
//! date, tags and units: on 10,000 items most of a body edit's rebuild is
//! waiting on that scattered memory. A rebuild whose structure is as the
//! last full plan's ([`super::graph::Graph::dirty`]: the same pages, each
//! listed where it was) has the same lists, so it maps these positions back
//! to pages instead.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};

use super::index::{self, Index, Section};
use super::items::Items;
use crate::content::Page;
use crate::site::Site;
use crate::urls::Urls;

#[derive(Default)]
pub struct Lists {
    /// How many pages the site had.
    count: usize,
    items: Vec<u32>,
    /// Folder, its _index.md, its items.
    sections: Vec<(String, Option<u32>, Vec<u32>)>,
    /// Slug, the name as first written, its items.
    tags: Vec<(String, String, Vec<u32>)>,
    by_unit: Vec<(String, Vec<u32>)>,
}

impl Lists {
    /// The lists of `idx`, an index of `site`.
    pub fn of(site: &Site, idx: &Index) -> Lists {
        let mut at: HashMap<u64, u32> = HashMap::with_capacity(site.pages.len());
        for (n, p) in site.pages.values().enumerate() {
            at.insert(p.id, n as u32);
        }
        let pos = |pages: &[&Page]| -> Vec<u32> { pages.iter().filter_map(|p| at.get(&p.id).copied()).collect() };
        Lists {
            count: site.pages.len(),
            items: pos(&idx.items),
            sections: idx
                .sections
                .values()
                .map(|s| {
                    (
                        s.dir.clone(),
                        s.index.and_then(|p| at.get(&p.id).copied()),
                        pos(&s.items),
                    )
                })
                .collect(),
            tags: idx
                .tags
                .iter()
                .map(|(slug, (name, pages))| (slug.clone(), name.clone(), pos(pages)))
                .collect(),
            by_unit: idx
                .by_unit
                .iter()
                .map(|(u, pages)| ((*u).to_owned(), pos(pages)))
                .collect(),
        }
    }

    /// The index of `site` from these lists; `None` when the site does not
    /// have the pages they were made from.
    pub fn index<'s>(&'s self, site: &'s Site, urls: &Urls, cache: &'s mut Items) -> Option<Index<'s>> {
        let all: Vec<&Page> = site.pages.values().collect();
        if all.len() != self.count {
            return None;
        }
        let pages =
            |pos: &[u32]| -> Option<Vec<&'s Page>> { pos.iter().map(|n| all.get(*n as usize).copied()).collect() };
        let mut sections = BTreeMap::new();
        for (dir, index, items) in &self.sections {
            let index = match index {
                Some(n) => Some(*all.get(*n as usize)?),
                None => None,
            };
            sections.insert(
                dir.clone(),
                Section {
                    dir: dir.clone(),
                    path: urls.section(dir),
                    index,
                    items: pages(items)?,
                },
            );
        }
        let mut tags = BTreeMap::new();
        for (slug, name, items) in &self.tags {
            tags.insert(slug.clone(), (name.clone(), pages(items)?));
        }
        let mut by_unit = HashMap::with_capacity(self.by_unit.len());
        for (unit, items) in &self.by_unit {
            by_unit.insert(unit.as_str(), pages(items)?);
        }
        let items = pages(&self.items)?;
        let parts = index::Parts {
            sections,
            tags,
            by_unit,
            items,
        };
        Some(Index::of(site, urls, cache, parts))
    }
}

/// Whether two indexes have the same lists (a check in debug builds that
/// the kept lists are the ones a fresh index makes).
#[cfg(any(test, debug_assertions))]
pub fn same(a: &Index, b: &Index) -> bool {
    let files = |pages: &[&Page]| pages.iter().map(|p| p.id).collect::<Vec<_>>();
    let sections = |i: &Index| {
        i.sections
            .values()
            .map(|s| (s.dir.clone(), s.path.clone(), s.index.map(|p| p.id), files(&s.items)))
            .collect::<Vec<_>>()
    };
    let tags = |i: &Index| {
        i.tags
            .iter()
            .map(|(slug, (name, pages))| (slug.clone(), name.clone(), files(pages)))
            .collect::<Vec<_>>()
    };
    let units = |i: &Index| {
        i.by_unit
            .iter()
            .map(|(u, pages)| ((*u).to_owned(), files(pages)))
            .collect::<BTreeMap<_, _>>()
    };
    files(&a.items) == files(&b.items) && sections(a) == sections(b) && tags(a) == tags(b) && units(a) == units(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_lists_make_the_index_a_fresh_one_makes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, diags, _) = crate::site::load(root, &Default::default());
        let Some(mut site) = site else {
            panic!("the sample site loads: {diags:?}");
        };
        let urls = Urls::new(&site.config);
        let mut cache = Items::default();
        let idx = super::super::index::index(&site, &urls, &mut cache);
        assert!(idx.items.len() > 3 && !idx.tags.is_empty() && !idx.by_unit.is_empty());
        let lists = Lists::of(&site, &idx);
        drop(idx);
        let (mut a, mut b) = (Items::default(), Items::default());
        let fresh = super::super::index::index(&site, &urls, &mut a);
        let kept = lists.index(&site, &urls, &mut b).expect("the same pages");
        assert!(same(&kept, &fresh));
        drop((kept, fresh));
        // Another set of pages is refused, not mapped onto wrong pages.
        let first = site.pages.keys().next().cloned().expect("a page");
        site.pages.remove(&first);
        assert!(lists.index(&site, &urls, &mut Items::default()).is_none());
    }
}
