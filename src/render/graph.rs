//! The output's dependency graph: which job of the last full plan (by its
//! number in the plan) read which page, season and template. Recorded as
//! the plan runs (`engine::Fp` notes every page and season a job's
//! fingerprint takes in), not kept by hand beside the producers.
//!
//! A rebuild whose changes leave the site's structure as it was (the same
//! pages, each with the same path, in the same lists at the same places,
//! publishing the same files; the same seasons) plans only the jobs that
//! read what changed: [`Graph::dirty`]. Those jobs then compare their
//! fingerprints, so a job whose inputs changed in a way it does not show
//! (a list whose cards are as they were) is not rendered: the early cutoff.
//! Anything else is a structural change, planned in full.

use std::collections::BTreeSet;
use std::sync::Arc;

// Looked up by page id (`Page::id`) for every page on every rebuild.
use foldhash::{HashMap, HashMapExt};

use super::engine::{Dirty, Plan, Read, Want};
use super::lists::Lists;
use super::template::Template;
use crate::content::{Page, Role};
use crate::site::Site;

pub struct Graph {
    /// The output file of each job number ("" for a number that made no job).
    files: Arc<Vec<String>>,
    templates: Vec<Option<Template>>,
    pages: HashMap<u64, Node>,
    seasons: HashMap<(String, i32), Node>,
    /// The plan's lists, for the index of a rebuild of the same structure.
    lists: Arc<Lists>,
}

/// An input as the plan saw it, and the jobs that read it.
struct Node {
    key: u64,
    deps: u64,
    /// What decides where the page is listed (`Page::shape_key`).
    shape: u64,
    readers: Vec<u32>,
}

/// What a rebuild found changed: the jobs to plan, and the inputs' new keys
/// for [`Graph::commit`] once the output holds them.
pub struct Changed {
    pub dirty: Dirty,
    /// The lists of the index, as the structure has not changed.
    pub lists: Arc<Lists>,
    /// Page id, key, deps.
    pages: Vec<(u64, u64, u64)>,
    seasons: Vec<((String, i32), u64)>,
}

impl Graph {
    /// The graph of a full plan of `site`, whose index had `lists`.
    pub fn of(site: &Site, plan: &Plan, lists: Lists) -> Graph {
        let mut files = vec![String::new(); plan.count];
        for job in &plan.jobs {
            if let Some(f) = files.get_mut(job.n) {
                f.clone_from(&job.file);
            }
        }
        // Reads are by address while the plan's site is borrowed.
        let mut page_at: HashMap<usize, &Page> = HashMap::with_capacity(site.pages.len());
        let mut pages: HashMap<u64, Node> = HashMap::with_capacity(site.pages.len());
        for p in site.pages.values() {
            page_at.insert(p as *const Page as usize, p);
            pages.insert(
                p.id,
                Node {
                    key: p.key,
                    deps: p.deps,
                    shape: p.shape_key(),
                    readers: Vec::new(),
                },
            );
        }
        let mut season_at = HashMap::with_capacity(site.results.len());
        let mut seasons: HashMap<(String, i32), Node> = HashMap::with_capacity(site.results.len());
        for r in &site.results {
            let id = (r.season.cluster.clone(), r.season.year);
            season_at.insert(r as *const _ as usize, id.clone());
            let node = Node {
                key: r.key,
                deps: 0,
                shape: 0,
                readers: Vec::new(),
            };
            seasons.insert(id, node);
        }
        for (n, read) in &plan.reads {
            let node = match read {
                Read::Page(at) => page_at.get(at).and_then(|p| pages.get_mut(&p.id)),
                Read::Season(at) => season_at.get(at).and_then(|id| seasons.get_mut(id)),
            };
            if let Some(node) = node
                && node.readers.last() != Some(n)
            {
                node.readers.push(*n);
            }
        }
        Graph {
            files: Arc::new(files),
            templates: plan.templates.clone(),
            pages,
            seasons,
            lists: Arc::new(lists),
        }
    }

    /// The jobs to plan for `site` as it is now, with the templates named in
    /// `templates` changed; `None` when its structure is not the graph's
    /// (then every job is planned).
    pub fn dirty(&self, site: &Site, templates: &BTreeSet<String>) -> Option<Changed> {
        if site.pages.len() != self.pages.len() || site.results.len() != self.seasons.len() {
            return None;
        }
        let mut wanted = vec![Want::Skip; self.files.len()];
        let mut mark = |readers: &[u32]| {
            for n in readers {
                if let Some(w) = wanted.get_mut(*n as usize) {
                    *w = (*w).max(Want::Plan);
                }
            }
        };
        let mut pages = Vec::new();
        for p in site.pages.values() {
            let node = self.pages.get(&p.id)?;
            if node.key == p.key && node.deps == p.deps {
                continue;
            }
            // Only an item's own text and card are pushed through its
            // readers; a home, section or plain page is in the navigation
            // or in every item page of its section.
            if !matches!(p.role, Role::Item { .. }) || node.shape != p.shape_key() {
                return None;
            }
            mark(&node.readers);
            pages.push((p.id, p.key, p.deps));
        }
        let mut seasons = Vec::new();
        for r in &site.results {
            let id = (r.season.cluster.clone(), r.season.year);
            let node = self.seasons.get(&id)?;
            if node.key != r.key {
                mark(&node.readers);
                seasons.push((id, r.key));
            }
        }
        for (n, t) in self.templates.iter().enumerate() {
            if t.is_some_and(|t| templates.contains(t.file()))
                && let Some(w) = wanted.get_mut(n)
            {
                *w = Want::Render;
            }
        }
        Some(Changed {
            dirty: Dirty {
                wanted,
                files: Arc::clone(&self.files),
            },
            lists: Arc::clone(&self.lists),
            pages,
            seasons,
        })
    }

    /// Records that the output now shows the inputs as `changed` found them.
    pub fn commit(&mut self, changed: Changed) {
        for (id, key, deps) in changed.pages {
            if let Some(node) = self.pages.get_mut(&id) {
                node.key = key;
                node.deps = deps;
            }
        }
        for (id, key) in changed.seasons {
            if let Some(node) = self.seasons.get_mut(&id) {
                node.key = key;
            }
        }
    }
}
