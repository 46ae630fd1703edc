//! Which pages the site has: every output path, the template that renders it
//! and its context. Planning is cheap and done in full on every build; it also
//! finds two sources that would write the same path, and static files that
//! cannot be written beside the generated ones.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde_json::{Value, json};

use super::context::{item_json, with_content};
use super::items::Items;
use super::labels::UnitLabels;
use super::theme::Bytes;
use crate::content::{self, Page, Role};
use crate::diag::Diagnostic;
use crate::site::{SeasonResult, Site};
use crate::text;
use crate::urls::{Urls, output_file};

/// One output file to render.
pub struct Job {
    /// Output file, relative to the output folder.
    pub file: String,
    /// Site path of the page (`tin-tuc/x/`), for current_url and nav.
    pub path: String,
    pub title: String,
    /// Hash of everything the file is made from that a change to content
    /// can touch (see [`Fp`]); `None` from [`content_jobs`], which does not
    /// compute it.
    pub fp: Option<u64>,
    pub body: Body,
}

/// Template variables as Tera values: their arrays and maps are reference
/// counted, so an item shared by a thousand lists is built once.
pub type Vars = Vec<(&'static str, tera::Value)>;

/// Converts a JSON value for templates.
pub fn tv(v: &Value) -> tera::Value {
    super::tvalue::tv(v)
}

pub enum Body {
    /// A template and its page-specific variables (the shared ones are added when rendering).
    Template { name: &'static str, vars: Vars },
    /// An item page (`item.html`), its variables made only when it is
    /// rendered ([`Body::vars`]): made up front, the content of every item
    /// would be copied into the plan at once. The values are shared ones.
    Item {
        /// The page, by content-relative path (`tin-tuc/x.md`).
        page: String,
        section: tera::Value,
        item: tera::Value,
        older: Option<tera::Value>,
        newer: Option<tera::Value>,
    },
    /// A data file written as JSON.
    Json(Value),
    /// A file made elsewhere (CSV, spreadsheets).
    Bytes(Vec<u8>),
    /// Not built: the output already holds this file made from the same inputs.
    Kept,
}

/// A job's fingerprint under construction: the keys of the pages a file
/// shows, in order, and the few other values it is made from. Config, data
/// and theme are not in it: a rebuild that compares fingerprints is taken
/// only when those are as the output shows them (`incremental`).
pub struct Fp(xxhash_rust::xxh3::Xxh3);

impl Fp {
    pub fn new() -> Self {
        Fp(xxhash_rust::xxh3::Xxh3::new())
    }
    pub fn str(mut self, s: &str) -> Self {
        self.0.update(s.as_bytes());
        self.0.update(&[0xff]);
        self
    }
    pub fn num(mut self, n: u64) -> Self {
        self.0.update(&n.to_le_bytes());
        self
    }
    pub fn page(self, page: Option<&Page>) -> Self {
        self.num(page.map_or(0, |p| p.key))
    }
    /// The keys of seasons whose results a file shows.
    pub fn seasons<'a>(mut self, results: impl IntoIterator<Item = &'a SeasonResult>) -> Self {
        for r in results {
            self = self.num(r.key);
        }
        self
    }
    pub fn pages(mut self, pages: &[&Page]) -> Self {
        self = self.num(pages.len() as u64);
        for p in pages {
            self = self.num(p.key);
        }
        self
    }
}

impl Body {
    /// The template this body is rendered with, if any.
    pub fn template(&self) -> Option<&'static str> {
        match self {
            Body::Template { name, .. } => Some(name),
            Body::Item { .. } => Some(ITEM_TEMPLATE),
            Body::Json(_) | Body::Bytes(_) | Body::Kept => None,
        }
    }

    /// The template and its variables; `None` for a body that has none or
    /// whose page is not in `site`.
    pub fn vars(&self, site: &Site, urls: &Urls) -> Option<(&'static str, std::borrow::Cow<'_, Vars>)> {
        match self {
            Body::Template { name, vars } => Some((name, std::borrow::Cow::Borrowed(vars))),
            Body::Item {
                page,
                section,
                item,
                older,
                newer,
            } => {
                let page = site.pages.get(page)?;
                let vars = item_vars(urls, section.clone(), page, item, older.clone(), newer.clone());
                Some((ITEM_TEMPLATE, std::borrow::Cow::Owned(vars)))
            }
            Body::Json(_) | Body::Bytes(_) | Body::Kept => None,
        }
    }
}

const ITEM_TEMPLATE: &str = "item.html";

impl Default for Fp {
    fn default() -> Self {
        Fp::new()
    }
}

struct Section<'s> {
    dir: String,
    path: String,
    index: Option<&'s Page>,
    items: Vec<&'s Page>,
}

/// The derived views of the site that several pages share.
pub struct Index<'s> {
    sections: BTreeMap<String, Section<'s>>,
    /// Tag slug → (name as first written, items newest first).
    tags: BTreeMap<String, (String, Vec<&'s Page>)>,
    by_unit: HashMap<&'s str, Vec<&'s Page>>,
    /// Every item, newest first.
    items: Vec<&'s Page>,
    /// Site path of every page, by content file.
    paths: HashMap<&'s str, String>,
    /// Item values by content file, built once and shared by every list.
    cache: &'s Items,
    /// How every list names units.
    labels: UnitLabels,
}

/// Sorts pages newest first, then by file for a stable order. The timestamp
/// is computed once per page, not once per comparison.
fn sort_newest_first(pages: &mut Vec<&Page>) {
    let mut keyed: Vec<(std::cmp::Reverse<Option<i64>>, &Page)> = pages
        .iter()
        .map(|p| (std::cmp::Reverse(p.date().map(|d| d.instant())), *p))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.file.cmp(&b.1.file)));
    *pages = keyed.into_iter().map(|(_, p)| p).collect();
}

/// The derived views; `cache` is brought up to date with the site first.
pub fn index<'s>(site: &'s Site, urls: &Urls, cache: &'s mut Items) -> Index<'s> {
    let mut sections: BTreeMap<String, Section> = BTreeMap::new();
    let mut paths = HashMap::new();
    for page in site.pages.values() {
        match &page.role {
            Role::Item { dir } | Role::SectionIndex { dir } => {
                let s = sections.entry(dir.clone()).or_insert_with(|| Section {
                    dir: dir.clone(),
                    path: format!("{}/", content::section_path(dir)),
                    index: None,
                    items: Vec::new(),
                });
                if matches!(page.role, Role::Item { .. }) {
                    paths.insert(page.file.as_str(), format!("{}{}/", s.path, page.slug));
                    s.items.push(page);
                } else {
                    s.index = Some(page);
                }
            }
            Role::Plain => {
                paths.insert(page.file.as_str(), format!("{}/", page.slug));
            }
            Role::Home => {}
        }
    }
    for s in sections.values_mut() {
        sort_newest_first(&mut s.items);
    }
    let mut items: Vec<&Page> = site.items().collect();
    sort_newest_first(&mut items);

    let mut tags: BTreeMap<String, (String, Vec<&Page>)> = BTreeMap::new();
    let mut by_unit: HashMap<&str, Vec<&Page>> = HashMap::new();
    // Thousands of items share a few tags: slugify each spelling once.
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for (t, _) in items.iter().flat_map(|p| &p.meta.tags) {
        slugs.entry(t.as_str()).or_insert_with(|| text::slugify(t));
    }
    for page in &items {
        // A page lists a tag or unit a handful of times at most: dedup there,
        // not by scanning lists that grow with the site.
        let mut seen_tags: Vec<&str> = Vec::new();
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
        let mut seen_units: Vec<&str> = Vec::new();
        for (u, _) in &page.meta.units {
            if !seen_units.contains(&u.as_str()) {
                by_unit.entry(u.as_str()).or_default().push(page);
                seen_units.push(u);
            }
        }
    }
    let labels = UnitLabels::new(&site.units, site.config.language);
    cache.refresh(site, urls, &labels, &paths);

    Index {
        sections,
        tags,
        by_unit,
        items,
        paths,
        cache,
        labels,
    }
}

fn text_of(site: &Site, key: &str) -> String {
    crate::i18n::word(site.config.language, key)
}

impl Index<'_> {
    /// A page's item value (shared, not copied).
    fn item(&self, page: &Page) -> tera::Value {
        self.cache
            .get(&page.file)
            .map_or_else(|| tera::Value::from(()), |i| i.tv.clone())
    }
    fn items(&self, pages: &[&Page]) -> tera::Value {
        let list: Vec<tera::Value> = pages
            .iter()
            .map(|p| {
                self.cache
                    .get(&p.file)
                    .map_or_else(|| tera::Value::from(()), |i| i.tv.clone())
            })
            .collect();
        tera::Value::from(list)
    }
}

/// Collects jobs and reports two sources that claim one output path. With
/// fingerprints of the files the output holds, it builds only the jobs whose
/// fingerprint changed and marks the rest [`Body::Kept`].
pub struct Planner<'p> {
    jobs: Vec<Job>,
    owners: HashMap<String, String>,
    errors: Vec<Diagnostic>,
    /// Over-long path parts already reported.
    long_parts: HashSet<String>,
    /// The template of each file made from one, for errors.
    templates: HashMap<String, &'static str>,
    /// Generated files a static file replaces (not planned).
    replaced: HashSet<String>,
    previous: Option<&'p Fingerprints>,
    /// Hash of what every page shows (the navigation).
    base: u64,
}

/// Fingerprint of every rendered file of the output, by file; `None` for a
/// file written without one (it is rendered again next time).
pub type Fingerprints = HashMap<String, Option<u64>>;

impl<'p> Planner<'p> {
    pub fn new(nav: &[(String, String)], previous: Option<&'p Fingerprints>) -> Self {
        let mut fp = Fp::new();
        for (title, path) in nav {
            fp = fp.str(title).str(path);
        }
        Planner {
            jobs: Vec::new(),
            owners: HashMap::new(),
            errors: Vec::new(),
            long_parts: HashSet::new(),
            templates: HashMap::new(),
            replaced: HashSet::new(),
            previous,
            base: fp.0.digest(),
        }
    }

    /// A page made from data only (no content page shows in it).
    pub fn add(&mut self, owner: &str, path: String, template: &'static str, title: String, vars: Vars) {
        self.add_with(owner, path, template, title, Fp::new(), || vars);
    }

    /// A page made from the content pages hashed into `fp`; `vars` is called
    /// only when the page must be rendered.
    pub fn add_with(
        &mut self,
        owner: &str,
        path: String,
        template: &'static str,
        title: String,
        fp: Fp,
        vars: impl FnOnce() -> Vars,
    ) {
        self.templates.insert(output_file(&path), template);
        self.add_body_with(owner, path, title, fp.str(template), || {
            Ok(Body::Template {
                name: template,
                vars: vars(),
            })
        });
    }

    /// A file made from what `fp` holds; `body` is called only when the file
    /// must be made, and its error is reported as the build's.
    pub fn add_body_with(
        &mut self,
        owner: &str,
        path: String,
        title: String,
        fp: Fp,
        body: impl FnOnce() -> Result<Body, Diagnostic>,
    ) {
        let file = output_file(&path);
        if self.replaced.contains(&file) || !self.path_ok(owner, &file) {
            return;
        }
        if let Some(first) = self.owners.get(&file) {
            self.errors.push(
                Diagnostic::error(
                    owner,
                    None,
                    format!("this page would be written to /{path}, which {first} already uses"),
                )
                .with_hint("change one of the two: its `slug`, its file name or its folder"),
            );
            return;
        }
        self.owners.insert(file.clone(), owner.to_owned());
        let fp = fp.str(&file).str(&path).str(&title).num(self.base).0.digest();
        let body = if self.previous.and_then(|p| p.get(&file)) == Some(&Some(fp)) {
            Body::Kept
        } else {
            match body() {
                Ok(b) => b,
                Err(d) => {
                    self.errors.push(d);
                    return;
                }
            }
        };
        self.jobs.push(Job {
            file,
            path,
            title,
            fp: Some(fp),
            body,
        });
    }

    /// Whether a file system takes `file`; if not, the error is reported
    /// (a part too long once, however many paths hold it). Each source
    /// checks the names it makes: this catches what they did not.
    fn path_ok(&mut self, owner: &str, file: &str) -> bool {
        if let Some(part) = text::too_long_part(file) {
            if self.long_parts.insert(part.to_owned()) {
                self.errors.push(
                    Diagnostic::error(
                        owner,
                        None,
                        format!(
                            "this page's output path /{file} has a part of {} bytes (`{}`); output file and folder names may be at most {} bytes",
                            part.len(),
                            text::abbreviate(part),
                            text::MAX_NAME
                        ),
                    )
                    .with_hint("shorten the name of the file or folder it is made from"),
                );
            }
            return false;
        }
        if file.len() > text::MAX_PATH {
            self.errors.push(
                Diagnostic::error(
                    owner,
                    None,
                    format!(
                        "this page's output path is {} bytes long; output paths may be at most {} bytes",
                        file.len(),
                        text::MAX_PATH
                    ),
                )
                .with_hint("use fewer or shorter nested folders"),
            );
            return false;
        }
        true
    }

    /// The jobs, or every error; a static file that cannot be written
    /// beside them is one (see [`statics`](super::statics)).
    fn finish(mut self, root: &Path, statics: &BTreeMap<String, Bytes>) -> Result<Vec<Job>, Vec<Diagnostic>> {
        let clashes = super::statics::clashes(statics, self.jobs.iter().map(|j| j.file.as_str()));
        for c in &clashes {
            let maker = |file: &str| {
                let owner = self.owners.get(file).map_or(GENERATED, String::as_str);
                let template = self.templates.get(file).copied();
                match (owner == GENERATED, template) {
                    (true, Some(t)) => (format!("the template `{t}`"), Some(t.to_owned())),
                    (true, None) => ("the site's pages and data".to_owned(), None),
                    (false, Some(t)) => (format!("{owner} (template `{t}`)"), None),
                    (false, None) => (owner.to_owned(), None),
                }
            };
            self.errors.push(super::statics::error(root, statics, c, maker));
        }
        if self.errors.is_empty() {
            Ok(self.jobs)
        } else {
            Err(self.errors)
        }
    }
}

/// The owner named in errors for pages made from no single source file.
pub const GENERATED: &str = "(generated page)";

/// The site's navigation: (title, site path) of home, each top-level section,
/// units, standings, plain pages and search.
pub fn nav(site: &Site, urls: &Urls) -> Vec<(String, String)> {
    let mut nav = vec![(text_of(site, "home"), String::new())];
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
        nav.push((section_title(site, dir), format!("{}/", content::section_path(dir))));
    }
    if !site.units.list.is_empty() {
        nav.push((text_of(site, "units"), format!("{}/", urls.paths.units)));
    }
    if !site.results.is_empty() {
        nav.push((text_of(site, "standings"), format!("{}/", urls.paths.standings)));
    }
    for p in site.pages.values().filter(|p| p.role == Role::Plain) {
        nav.push((p.meta.title.clone(), format!("{}/", p.slug)));
    }
    nav.push((text_of(site, "search"), format!("{}/", urls.paths.search)));
    nav
}

/// How many of the newest items the feeds carry.
pub const FEED_ITEMS: usize = 30;

/// The variables of an item page: its section, its content and its neighbours.
/// The tag index, `/the/`: linked from item pages' tags and tag pages.
fn tags_index(urls: &Urls) -> String {
    format!("{}/", urls.paths.tags)
}

fn item_vars(
    urls: &Urls,
    section: tera::Value,
    page: &Page,
    item: &tera::Value,
    older: Option<tera::Value>,
    newer: Option<tera::Value>,
) -> Vars {
    let none = || tera::Value::from(());
    let neighbours = [
        ("prev", older.unwrap_or_else(none)),
        ("next", newer.unwrap_or_else(none)),
    ];
    vec![
        ("section", section),
        ("page", with_content(item, page, urls, neighbours)),
        ("tags_url", tera::Value::from(urls.url(&tags_index(urls)))),
    ]
}

/// The `section` value of an item page: shared by every item of the section.
fn item_section(urls: &Urls, title: &str, path: &str) -> tera::Value {
    tv(&json!({ "title": title, "url": urls.url(path) }))
}

/// `feed_updated` of feeds that have no items.
pub const EMPTY_FEED_UPDATED: &str = "1970-01-01T00:00:00Z";

/// atom.xml and rss.xml from the newest items (with their item values).
fn feed_vars(urls: &Urls, recent: &[(&Page, tera::Value)]) -> [(&'static str, Vars); 2] {
    let values: Vec<tera::Value> = recent.iter().map(|(pg, v)| with_content(v, pg, urls, [])).collect();
    let values = tera::Value::from(values);
    // Items always have a date; a feed without items has no moment of its
    // own, and Atom still needs one: the Unix epoch, the usual "never".
    let updated = recent
        .first()
        .and_then(|(pg, _)| pg.date())
        .map_or_else(|| EMPTY_FEED_UPDATED.to_owned(), |d| d.rfc3339());
    let vars = || {
        vec![
            ("items", values.clone()),
            ("feed_updated", tera::Value::from(updated.as_str())),
        ]
    };
    [("atom.xml", vars()), ("rss.xml", vars())]
}

/// The section folder's title: its _index.md's, or the folder name.
fn section_title(site: &Site, dir: &str) -> String {
    site.pages
        .values()
        .find(|p| matches!(&p.role, Role::SectionIndex { dir: d } if d == dir))
        .map_or_else(|| dir.to_owned(), |p| p.meta.title.clone())
}

fn home_page(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    let home = site.pages.values().find(|pg| pg.role == Role::Home);
    let latest: Vec<&Page> = idx.items.iter().take(10).copied().collect();
    let title = home.map_or(site.config.title.as_str(), |h| h.meta.title.as_str());
    let content_html = home.map_or("", |h| h.content_html.as_str());
    let owner = home.map_or(GENERATED, |h| h.file.as_str());
    let fp = Fp::new().page(home).pages(&latest).seasons(&site.results);
    p.add_with(owner, String::new(), "index.html", String::new(), fp, || {
        vec![
            ("home", tv(&json!({ "title": title, "content_html": content_html }))),
            ("latest", idx.items(&latest)),
            (
                "standings",
                tv(&super::results::home_standings(site, urls, &idx.labels)),
            ),
        ]
    });
}

/// The order of pages as a full plan saw it: what a one-page re-render
/// needs without walking every page (on a large site that walk, not the
/// rendering, is what takes time).
pub struct Order {
    /// Section folder → its items (content-relative paths), newest first.
    sections: HashMap<String, Vec<String>>,
    /// Item → its position in its section's list.
    position: HashMap<String, usize>,
    /// The feeds' items, newest first.
    newest: Vec<String>,
    titles: HashMap<String, String>,
    pub nav: Vec<(String, String)>,
}

fn rel_of(page: &Page) -> &str {
    page.file.strip_prefix("content/").unwrap_or(&page.file)
}

impl Order {
    /// The order `idx` holds, for later one-page re-renders.
    pub fn of(idx: &Index, nav: Vec<(String, String)>) -> Order {
        let mut sections = HashMap::new();
        let mut position = HashMap::new();
        let mut titles = HashMap::new();
        for (dir, s) in &idx.sections {
            if let Some(index) = s.index {
                titles.insert(dir.clone(), index.meta.title.clone());
            }
            if s.items.is_empty() {
                continue;
            }
            for (i, p) in s.items.iter().enumerate() {
                position.insert(rel_of(p).to_owned(), i);
            }
            sections.insert(dir.clone(), s.items.iter().map(|p| rel_of(p).to_owned()).collect());
        }
        let newest = idx
            .items
            .iter()
            .take(FEED_ITEMS)
            .map(|p| rel_of(p).to_owned())
            .collect();
        Order {
            sections,
            position,
            newest,
            titles,
            nav,
        }
    }
}

/// Jobs for an edit that changed only one page's own content: its page, and
/// the feeds when it is among their items. The caller has checked that
/// nothing any other page shows of it changed (so `order` still holds and
/// these are all the outputs that can differ); everything is built exactly
/// as [`plan`] builds it.
pub fn content_jobs(site: &Site, urls: &Urls, order: &Order, rel: &str) -> Vec<Job> {
    let mut jobs = Vec::new();
    let Some(page) = site.pages.get(rel) else { return jobs };
    let job = |path: String, template: &'static str, vars: Vars| Job {
        file: output_file(&path),
        path,
        title: page.meta.title.clone(),
        fp: None,
        body: Body::Template { name: template, vars },
    };
    let item_path = |p: &Page| match &p.role {
        Role::Item { dir } => Some(format!("{}/{}/", content::section_path(dir), p.slug)),
        _ => None,
    };
    let labels = UnitLabels::new(&site.units, site.config.language);
    let value = |r: &str| {
        let p = site.pages.get(r)?;
        Some((p, tv(&item_json(site, urls, &labels, p, &item_path(p)?))))
    };
    match &page.role {
        Role::Item { dir } => {
            let (Some(items), Some(&i), Some(path)) =
                (order.sections.get(dir), order.position.get(rel), item_path(page))
            else {
                return jobs;
            };
            let neighbour = |j: usize| items.get(j).and_then(|r| value(r)).map(|(_, v)| v);
            let older = neighbour(i + 1);
            let newer = i.checked_sub(1).and_then(neighbour);
            let section = format!("{}/", content::section_path(dir));
            let title = order.titles.get(dir).cloned().unwrap_or_else(|| dir.clone());
            let vars = item_vars(
                urls,
                item_section(urls, &title, &section),
                page,
                &tv(&item_json(site, urls, &labels, page, &path)),
                older,
                newer,
            );
            jobs.push(job(path, "item.html", vars));

            if order.newest.iter().any(|r| r == rel) {
                let recent: Vec<(&Page, tera::Value)> = order.newest.iter().filter_map(|r| value(r)).collect();
                for (path, vars) in feed_vars(urls, &recent) {
                    jobs.push(Job {
                        file: path.to_owned(),
                        path: path.to_owned(),
                        title: String::new(),
                        fp: None,
                        body: Body::Template { name: path, vars },
                    });
                }
            }
        }
        Role::Plain => {
            let path = format!("{}/", page.slug);
            let vars = vec![(
                "page",
                with_content(&tv(&item_json(site, urls, &labels, page, &path)), page, urls, []),
            )];
            jobs.push(job(path, "page.html", vars));
        }
        Role::Home | Role::SectionIndex { .. } => {}
    }
    jobs
}

/// The page numbers a paginator shows: the first, the last and two on each side
/// of the current one, each marked when numbers were skipped before it. Listing
/// every page would make a thousand-page section quadratic in size.
fn page_window(current: usize, total: usize) -> Vec<(usize, bool)> {
    let mut out: Vec<(usize, bool)> = Vec::new();
    let near = current.saturating_sub(2).max(1)..=(current + 2).min(total);
    for k in [1].into_iter().chain(near).chain([total]) {
        if k <= total && out.last().is_none_or(|(prev, _)| k > *prev) {
            let gap = out.last().is_some_and(|(prev, _)| k > prev + 1);
            out.push((k, gap));
        }
    }
    out
}

/// A list cut into pages of `per_page` items; a list without items is one
/// empty page, so its page still exists.
fn chunks<'a, 'p>(items: &'a [&'p Page], per_page: usize) -> Vec<&'a [&'p Page]> {
    if items.is_empty() {
        vec![&[]]
    } else {
        items.chunks(per_page.max(1)).collect()
    }
}

/// The `paginator` value of page `n` of `total` of the list at `path`.
fn paginator(urls: &Urls, path: &str, n: usize, total: usize) -> tera::Value {
    let page_url = |k: usize| urls.url(&urls.paginated(path, k));
    tv(&json!({
        "current": n,
        "total": total,
        "prev_url": if n > 1 { Value::from(page_url(n - 1)) } else { Value::Null },
        "next_url": if n < total { Value::from(page_url(n + 1)) } else { Value::Null },
        "pages": page_window(n, total).into_iter().map(|(k, gap_before)| json!({ "number": k, "url": page_url(k), "current": k == n, "gap_before": gap_before })).collect::<Vec<_>>(),
    }))
}

/// Every job of the site. With `previous` fingerprints, jobs whose
/// fingerprint is unchanged are not built (their body is [`Body::Kept`]).
pub fn plan(
    site: &Site,
    urls: &Urls,
    idx: &Index,
    nav: &[(String, String)],
    previous: Option<&Fingerprints>,
    statics: &BTreeMap<String, Bytes>,
) -> Result<Vec<Job>, Vec<Diagnostic>> {
    let mut p = Planner::new(nav, previous);
    p.replaced = super::statics::REPLACEABLE
        .iter()
        .filter(|f| statics.contains_key(**f))
        .map(|f| (*f).to_owned())
        .collect();
    let per_page = site.config.paginate.max(1);

    // Content first, so a clash with a generated page names the content file.
    home_page(site, urls, idx, &mut p);

    for s in idx.sections.values() {
        let title = s.index.map_or_else(|| s.dir.clone(), |pg| pg.meta.title.clone());
        let owner = s
            .index
            .map_or_else(|| format!("content/{}/", s.dir), |pg| pg.file.clone());
        let chunks = chunks(&s.items, per_page);
        let total = chunks.len();
        for (i, chunk) in chunks.iter().enumerate() {
            let n = i + 1;
            let fp = Fp::new().page(s.index).pages(chunk).num(total as u64);
            p.add_with(&owner, urls.paginated(&s.path, n), "section.html", title.clone(), fp, || {
                vec![
                    (
                        "section",
                        tv(
                            &json!({ "title": title, "content_html": s.index.map_or("", |pg| pg.content_html.as_str()), "url": urls.url(&s.path) }),
                        ),
                    ),
                    ("items", idx.items(chunk)),
                ("paginator", paginator(urls, &s.path, n, total)),
                ]
            });
        }
        let section = item_section(urls, &title, &s.path);
        for (i, page) in s.items.iter().enumerate() {
            let Some(path) = idx.paths.get(page.file.as_str()) else {
                continue;
            };
            let newer = i.checked_sub(1).and_then(|j| s.items.get(j)).copied();
            let older = s.items.get(i + 1).copied();
            let fp = Fp::new().page(Some(page)).page(older).page(newer).page(s.index);
            p.templates.insert(output_file(path), ITEM_TEMPLATE);
            p.add_body_with(
                &page.file,
                path.clone(),
                page.meta.title.clone(),
                fp.str(ITEM_TEMPLATE),
                || {
                    let item = |pg: Option<&Page>| pg.map(|pg| idx.item(pg));
                    Ok(Body::Item {
                        page: rel_of(page).to_owned(),
                        section: section.clone(),
                        item: idx.item(page),
                        older: item(older),
                        newer: item(newer),
                    })
                },
            );
        }
    }
    for page in site.pages.values().filter(|pg| pg.role == Role::Plain) {
        let Some(path) = idx.paths.get(page.file.as_str()) else {
            continue;
        };
        let fp = Fp::new().page(Some(page));
        p.add_with(
            &page.file,
            path.clone(),
            "page.html",
            page.meta.title.clone(),
            fp,
            || vec![("page", with_content(&idx.item(page), page, urls, []))],
        );
    }

    units_pages(site, urls, idx, &mut p);
    super::results::plan(site, urls, &idx.labels, &mut p);
    tag_pages(urls, idx, per_page, &mut p);
    search_pages(site, urls, idx, &mut p);
    feeds(site, urls, idx, &mut p);

    p.finish(&site.root, statics)
}

fn units_pages(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    if site.units.list.is_empty() {
        return;
    }
    let lang = site.config.language;
    let labels = &idx.labels;
    let unit_ref = |id: &str| {
        site.units.get(id).map(
            |u| json!({ "id": u.id, "full_name": u.full_name(), "label": labels.full(u), "url": urls.url(&urls.unit(&u.id)) }),
        )
    };
    let units: Vec<Value> = site
        .units
        .list
        .iter()
        .map(|u| {
            json!({
                "id": u.id, "name": u.name, "full_name": u.full_name(), "kind": u.kind, "code": u.code,
                "label": labels.full(u), "short_label": labels.short(u),
                "initial": text::initial(&u.name),
                "url": urls.url(&urls.unit(&u.id)),
                "until_short": u.until.map(|d| text::format_date_short(d, lang)),
                "successor": u.successor.as_deref().and_then(unit_ref),
                "item_count": idx.by_unit.get(u.id.as_str()).map_or(0, Vec::len),
            })
        })
        .collect();
    let mut alpha: Vec<(usize, &crate::units::Unit)> = site.units.list.iter().enumerate().collect();
    alpha.sort_by(|(_, a), (_, b)| text::vi_cmp(&a.name, &b.name).then_with(|| text::vi_cmp(&a.kind, &b.kind)));
    let units_alpha: Vec<Value> = alpha.iter().filter_map(|(i, _)| units.get(*i).cloned()).collect();
    let title = text_of(site, "units");
    let counts = site.units.list.iter().fold(Fp::new(), |fp, u| {
        fp.num(idx.by_unit.get(u.id.as_str()).map_or(0, Vec::len) as u64)
    });
    p.add_with(
        GENERATED,
        format!("{}/", urls.paths.units),
        "units.html",
        title,
        counts,
        || {
            vec![
                ("units", tv(&Value::Array(units.clone()))),
                ("units_alpha", tv(&Value::Array(units_alpha))),
            ]
        },
    );

    let per_page = site.config.paginate.max(1);
    for (u, base) in site.units.list.iter().zip(units) {
        let items = idx.by_unit.get(u.id.as_str()).map_or(&[][..], |v| v.as_slice());
        let path = urls.unit(&u.id);
        let chunks = chunks(items, per_page);
        let total = chunks.len();
        for (i, chunk) in chunks.iter().enumerate() {
            let n = i + 1;
            // Results and chart are given to the first page only.
            let vars = || {
                let mut unit = base.clone();
                if let Value::Object(m) = &mut unit {
                    let description_html = u
                        .description
                        .as_deref()
                        .map_or_else(String::new, |d| crate::markdown::render(d).html);
                    m.insert("description_html".into(), Value::from(description_html));
                    m.insert("aliases".into(), json!(u.aliases));
                    let preds: Vec<Value> = site
                        .units
                        .predecessors(&u.id)
                        .filter_map(|pr| unit_ref(&pr.id))
                        .collect();
                    m.insert("predecessors".into(), Value::Array(preds));
                }
                let (results, chart_svg, chart_text) = if n == 1 {
                    super::results::unit_results(site, urls, &u.id)
                } else {
                    Default::default()
                };
                vec![
                    ("unit", tv(&unit)),
                    ("items", idx.items(chunk)),
                    ("paginator", paginator(urls, &path, n, total)),
                    ("results", tv(&results)),
                    ("chart_svg", tera::Value::from(chart_svg)),
                    ("chart_text", tera::Value::from(chart_text)),
                ]
            };
            let fp = Fp::new().pages(chunk).num(items.len() as u64).num(total as u64);
            let fp = if n == 1 { fp.seasons(&site.results) } else { fp };
            p.add_with(
                crate::units::UNITS_FILE,
                urls.paginated(&path, n),
                "unit.html",
                labels.full(u),
                fp,
                vars,
            );
        }
    }
}

fn tag_pages(urls: &Urls, idx: &Index, per_page: usize, p: &mut Planner) {
    if idx.tags.is_empty() {
        return;
    }
    let mut list: Vec<(&String, &(String, Vec<&Page>))> = idx.tags.iter().collect();
    list.sort_by(|a, b| text::vi_cmp(&a.1.0, &b.1.0));
    let fp = list.iter().fold(Fp::new(), |fp, (slug, (name, items))| {
        fp.str(slug).str(name).num(items.len() as u64)
    });
    p.add_with(GENERATED, tags_index(urls), "tags.html", String::new(), fp, || {
        let tags: Vec<Value> = list
            .iter()
            .map(
                |(slug, (name, items))| json!({ "name": name, "url": urls.url(&urls.tag(slug)), "count": items.len() }),
            )
            .collect();
        vec![("tags", tv(&Value::Array(tags)))]
    });
    for (slug, (name, items)) in &idx.tags {
        let path = urls.tag(slug);
        let chunks = chunks(items, per_page);
        let total = chunks.len();
        for (i, chunk) in chunks.iter().enumerate() {
            let n = i + 1;
            let fp = Fp::new()
                .str(name)
                .pages(chunk)
                .num(items.len() as u64)
                .num(total as u64);
            p.add_with(
                GENERATED,
                urls.paginated(&path, n),
                "tag.html",
                name.clone(),
                fp,
                || {
                    let tag = json!({ "name": name, "url": urls.url(&path), "count": items.len() });
                    vec![
                        ("tag", tv(&tag)),
                        ("tags_url", tera::Value::from(urls.url(&tags_index(urls)))),
                        ("items", idx.items(chunk)),
                        ("paginator", paginator(urls, &path, n, total)),
                    ]
                },
            );
        }
    }
}

fn search_pages(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    let plain: Vec<&Page> = site.pages.values().filter(|pg| pg.role == Role::Plain).collect();
    let search = format!("{}/", urls.paths.search);
    p.add(
        GENERATED,
        search.clone(),
        "search.html",
        text_of(site, "search"),
        Vars::new(),
    );
    let fp = Fp::new().pages(&idx.items).pages(&plain);
    p.add_body_with(GENERATED, format!("{search}index.json"), String::new(), fp, || {
        // A JSON array, written as serde_json writes one: `[a,b,…]`.
        let mut out = Vec::with_capacity(idx.items.len() * 256);
        let mut push = |entry: &[u8]| {
            out.push(if out.is_empty() { b'[' } else { b',' });
            out.extend_from_slice(entry);
        };
        for page in &idx.items {
            if let Some(it) = idx.cache.get(&page.file) {
                push(&it.search_entry);
            }
        }
        let mut push_value = |entry: Value| push(&serde_json::to_vec(&entry).unwrap_or_default());
        for u in &site.units.list {
            let mut words = vec![u.full_name()];
            words.extend(u.aliases.iter().cloned());
            words.extend(u.code.iter().cloned());
            push_value(json!({ "title": idx.labels.full(u), "url": urls.url(&urls.unit(&u.id)), "date_short": Value::Null, "kind": "unit", "text": text::fold(&words.join(" ")) }));
        }
        for page in &plain {
            let url = idx.paths.get(page.file.as_str()).map(|path| urls.url(path));
            push_value(json!({ "title": page.meta.title, "url": url, "date_short": Value::Null, "kind": "page", "text": text::fold(&page.meta.title) }));
        }
        if out.is_empty() {
            out.push(b'[');
        }
        out.push(b']');
        Ok(Body::Bytes(out))
    });
}

/// Whether an output file is a page at a URL of its own (`x/index.html` at
/// `/x/`): what the sitemap lists and what has a canonical URL. 404.html is
/// shown at every missing URL, feeds and robots.txt are not pages.
pub fn has_own_url(file: &str) -> bool {
    file == "index.html" || file.ends_with("/index.html")
}

fn feeds(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    let recent: Vec<(&Page, tera::Value)> = idx
        .items
        .iter()
        .take(FEED_ITEMS)
        .map(|pg| (*pg, idx.item(pg)))
        .collect();
    let newest: Vec<&Page> = recent.iter().map(|(pg, _)| *pg).collect();
    for (path, vars) in feed_vars(urls, &recent) {
        p.add_with(
            GENERATED,
            path.into(),
            path,
            String::new(),
            Fp::new().pages(&newest),
            || vars,
        );
    }
    p.add(
        GENERATED,
        "404.html".into(),
        "404.html",
        text_of(site, "not_found"),
        Vars::new(),
    );
    p.add(GENERATED, "robots.txt".into(), "robots.txt", String::new(), Vars::new());
    // Every page's path, and the date of each page that has one.
    let listed: Vec<String> = p
        .jobs
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
        let urls_list: Vec<Value> = listed
            .iter()
            .map(|path| json!({ "loc": urls.permalink(path), "lastmod": dates.get(path.as_str()) }))
            .collect();
        vec![("urls", tv(&Value::Array(urls_list)))]
    };
    p.add_with(GENERATED, "sitemap.xml".into(), "sitemap.xml", String::new(), fp, vars);
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn paginator_window() {
        assert_eq!(page_window(1, 1), vec![(1, false)]);
        assert_eq!(page_window(1, 3), vec![(1, false), (2, false), (3, false)]);
        let w: Vec<usize> = page_window(50, 1000).into_iter().map(|(k, _)| k).collect();
        assert_eq!(w, vec![1, 48, 49, 50, 51, 52, 1000]);
        assert_eq!(page_window(50, 1000)[1], (48, true));
        assert_eq!(page_window(1000, 1000).last(), Some(&(1000, false)));
    }
}
