//! Which pages the site has: every output path, the template that renders it
//! and its context. Planning is cheap and done in full on every build; it also
//! finds two sources that would write the same path.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde_json::{Value, json};

use super::context::{self, item_json, with_content};
use crate::content::{self, Page, Role};
use crate::diag::Diagnostic;
use crate::site::Site;
use crate::text;
use crate::urls::{Urls, output_file};

/// One output file to render.
pub struct Job {
    /// Output file, relative to the output folder.
    pub file: String,
    /// Site path of the page (`tin-tuc/x/`), for current_url and nav.
    pub path: String,
    pub title: String,
    pub body: Body,
}

/// Template variables as Tera values: their arrays and maps are reference
/// counted, so an item shared by a thousand lists is built once.
pub type Vars = Vec<(&'static str, tera::Value)>;

/// Converts a JSON value for templates (serialising plain JSON cannot fail).
pub fn tv(v: &Value) -> tera::Value {
    tera::Value::try_from_serializable(v).unwrap_or_else(|_| tera::Value::from(()))
}

pub enum Body {
    /// A template and its page-specific variables (the shared ones are added when rendering).
    Template { name: &'static str, vars: Vars },
    /// A data file written as JSON.
    Json(Value),
    /// A file made elsewhere (CSV, spreadsheets).
    Bytes(Vec<u8>),
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
    /// Item JSON by content file, built once and shared by every list.
    item_values: HashMap<&'s str, Value>,
    item_tvs: HashMap<&'s str, tera::Value>,
}

/// Sorts pages newest first, then by file for a stable order. The timestamp
/// is computed once per page, not once per comparison.
fn sort_newest_first(pages: &mut Vec<&Page>) {
    let mut keyed: Vec<(std::cmp::Reverse<Option<jiff::Timestamp>>, &Page)> = pages
        .iter()
        .map(|p| (std::cmp::Reverse(p.date().map(|d| d.timestamp())), *p))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.file.cmp(&b.1.file)));
    *pages = keyed.into_iter().map(|(_, p)| p).collect();
}

pub fn index<'s>(site: &'s Site, urls: &Urls) -> Index<'s> {
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
    for page in &items {
        // A page lists a tag or unit a handful of times at most: dedup there,
        // not by scanning lists that grow with the site.
        let mut seen_tags: Vec<String> = Vec::new();
        for (t, _) in &page.meta.tags {
            let slug = text::slugify(t);
            if !seen_tags.contains(&slug) {
                tags.entry(slug.clone())
                    .or_insert_with(|| (t.clone(), Vec::new()))
                    .1
                    .push(page);
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
    let pages: Vec<&Page> = site.pages.values().collect();
    let built: Vec<(&str, Value, tera::Value)> = pages
        .par_iter()
        .filter_map(|p| {
            let v = item_json(site, urls, p, paths.get(p.file.as_str())?);
            let t = tv(&v);
            Some((p.file.as_str(), v, t))
        })
        .collect();
    let mut item_values = HashMap::with_capacity(built.len());
    let mut item_tvs = HashMap::with_capacity(built.len());
    for (file, v, t) in built {
        item_values.insert(file, v);
        item_tvs.insert(file, t);
    }

    Index {
        sections,
        tags,
        by_unit,
        items,
        paths,
        item_values,
        item_tvs,
    }
}

fn text_of(site: &Site, key: &str) -> String {
    crate::i18n::word(site.config.language, key)
}

impl Index<'_> {
    fn item(&self, page: &Page) -> Value {
        self.item_values.get(page.file.as_str()).cloned().unwrap_or(Value::Null)
    }
    fn items(&self, pages: &[&Page]) -> tera::Value {
        let list: Vec<tera::Value> = pages
            .iter()
            .map(|p| {
                self.item_tvs
                    .get(p.file.as_str())
                    .cloned()
                    .unwrap_or_else(|| tera::Value::from(()))
            })
            .collect();
        tera::Value::from(list)
    }
}

/// Collects jobs and reports two sources that claim one output path.
pub struct Planner {
    jobs: Vec<Job>,
    owners: HashMap<String, String>,
    errors: Vec<Diagnostic>,
}

impl Planner {
    pub fn add(&mut self, owner: &str, path: String, template: &'static str, title: String, vars: Vars) {
        self.add_body(owner, path, title, Body::Template { name: template, vars });
    }

    pub fn error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    pub fn add_body(&mut self, owner: &str, path: String, title: String, body: Body) {
        let file = output_file(&path);
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
        self.jobs.push(Job {
            file,
            path,
            title,
            body,
        });
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
fn item_vars(
    urls: &Urls,
    (section_title, section_path): (&str, &str),
    page: &Page,
    item: Value,
    older: Option<Value>,
    newer: Option<Value>,
) -> Vars {
    let mut item = with_content(item, page, urls);
    if let Value::Object(m) = &mut item {
        m.insert("prev".into(), older.unwrap_or(Value::Null));
        m.insert("next".into(), newer.unwrap_or(Value::Null));
    }
    vec![
        (
            "section",
            tv(&json!({ "title": section_title, "url": urls.url(section_path) })),
        ),
        ("page", tv(&item)),
    ]
}

/// atom.xml and rss.xml from the newest items (with their item values).
fn feed_vars(urls: &Urls, recent: &[(&Page, Value)]) -> [(&'static str, Vars); 2] {
    let values: Vec<Value> = recent.iter().map(|(pg, v)| with_content(v.clone(), pg, urls)).collect();
    let values = tv(&Value::Array(values));
    let updated = recent
        .first()
        .and_then(|(pg, _)| pg.date())
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |d| d.timestamp().to_string());
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
    let vars = vec![
        ("home", tv(&json!({ "title": title, "content_html": content_html }))),
        ("latest", idx.items(&latest)),
        ("standings", tv(&super::results::home_standings(site, urls))),
    ];
    let owner = home.map_or(GENERATED, |h| h.file.as_str());
    p.add(owner, String::new(), "index.html", String::new(), vars);
}

/// Jobs for a change to scoring files only, when the same seasons exist and
/// units and clusters are unchanged: the pages that show results (home, unit
/// pages, every results page and download) are all that can differ.
pub fn results_jobs(site: &Site, urls: &Urls, idx: &Index) -> Result<Vec<Job>, Vec<Diagnostic>> {
    let mut p = Planner {
        jobs: Vec::new(),
        owners: HashMap::new(),
        errors: Vec::new(),
    };
    home_page(site, urls, idx, &mut p);
    units_pages(site, urls, idx, &mut p);
    super::results::plan(site, urls, &mut p);
    if p.errors.is_empty() { Ok(p.jobs) } else { Err(p.errors) }
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

pub fn order(site: &Site, urls: &Urls) -> Order {
    let mut by_dir: HashMap<String, Vec<&Page>> = HashMap::new();
    let mut titles = HashMap::new();
    for page in site.pages.values() {
        match &page.role {
            Role::Item { dir } => by_dir.entry(dir.clone()).or_default().push(page),
            Role::SectionIndex { dir } => {
                titles.insert(dir.clone(), page.meta.title.clone());
            }
            _ => {}
        }
    }
    let mut sections = HashMap::new();
    let mut position = HashMap::new();
    for (dir, mut items) in by_dir {
        sort_newest_first(&mut items);
        for (i, p) in items.iter().enumerate() {
            position.insert(rel_of(p).to_owned(), i);
        }
        sections.insert(dir, items.iter().map(|p| rel_of(p).to_owned()).collect());
    }
    let mut all: Vec<&Page> = site.items().collect();
    sort_newest_first(&mut all);
    let newest = all.iter().take(FEED_ITEMS).map(|p| rel_of(p).to_owned()).collect();
    Order {
        sections,
        position,
        newest,
        titles,
        nav: nav(site, urls),
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
        body: Body::Template { name: template, vars },
    };
    let item_path = |p: &Page| match &p.role {
        Role::Item { dir } => Some(format!("{}/{}/", content::section_path(dir), p.slug)),
        _ => None,
    };
    let value = |r: &str| {
        let p = site.pages.get(r)?;
        Some((p, item_json(site, urls, p, &item_path(p)?)))
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
                (&title, &section),
                page,
                item_json(site, urls, page, &path),
                older,
                newer,
            );
            jobs.push(job(path, "item.html", vars));

            if order.newest.iter().any(|r| r == rel) {
                let recent: Vec<(&Page, Value)> = order.newest.iter().filter_map(|r| value(r)).collect();
                for (path, vars) in feed_vars(urls, &recent) {
                    jobs.push(Job {
                        file: path.to_owned(),
                        path: path.to_owned(),
                        title: String::new(),
                        body: Body::Template { name: path, vars },
                    });
                }
            }
        }
        Role::Plain => {
            let path = format!("{}/", page.slug);
            let vars = vec![(
                "page",
                tv(&with_content(item_json(site, urls, page, &path), page, urls)),
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

pub fn plan(site: &Site, urls: &Urls, idx: &Index) -> Result<Vec<Job>, Vec<Diagnostic>> {
    let mut p = Planner {
        jobs: Vec::new(),
        owners: HashMap::new(),
        errors: Vec::new(),
    };
    let per_page = site.config.paginate.max(1);

    // Content first, so a clash with a generated page names the content file.
    home_page(site, urls, idx, &mut p);

    for s in idx.sections.values() {
        let title = s.index.map_or_else(|| s.dir.clone(), |pg| pg.meta.title.clone());
        let owner = s
            .index
            .map_or_else(|| format!("content/{}/", s.dir), |pg| pg.file.clone());
        let chunks: Vec<&[&Page]> = if s.items.is_empty() {
            vec![&[]]
        } else {
            s.items.chunks(per_page).collect()
        };
        let total = chunks.len();
        for (i, chunk) in chunks.iter().enumerate() {
            let n = i + 1;
            let page_url = |k: usize| urls.url(&urls.paginated(&s.path, k));
            let paginator = json!({
                "current": n,
                "total": total,
                "prev_url": if n > 1 { Value::from(page_url(n - 1)) } else { Value::Null },
                "next_url": if n < total { Value::from(page_url(n + 1)) } else { Value::Null },
                "pages": page_window(n, total).into_iter().map(|(k, gap_before)| json!({ "number": k, "url": page_url(k), "current": k == n, "gap_before": gap_before })).collect::<Vec<_>>(),
            });
            let vars = vec![
                (
                    "section",
                    tv(
                        &json!({ "title": title, "content_html": s.index.map_or("", |pg| pg.content_html.as_str()), "url": urls.url(&s.path) }),
                    ),
                ),
                ("items", idx.items(chunk)),
                ("paginator", tv(&paginator)),
            ];
            p.add(&owner, urls.paginated(&s.path, n), "section.html", title.clone(), vars);
        }
        for (i, page) in s.items.iter().enumerate() {
            let Some(path) = idx.paths.get(page.file.as_str()) else {
                continue;
            };
            let newer = i.checked_sub(1).and_then(|j| s.items.get(j)).map(|pg| idx.item(pg));
            let older = s.items.get(i + 1).map(|pg| idx.item(pg));
            let vars = item_vars(urls, (&title, &s.path), page, idx.item(page), older, newer);
            p.add(&page.file, path.clone(), "item.html", page.meta.title.clone(), vars);
        }
    }
    for page in site.pages.values().filter(|pg| pg.role == Role::Plain) {
        let Some(path) = idx.paths.get(page.file.as_str()) else {
            continue;
        };
        let vars = vec![("page", tv(&with_content(idx.item(page), page, urls)))];
        p.add(&page.file, path.clone(), "page.html", page.meta.title.clone(), vars);
    }

    units_pages(site, urls, idx, &mut p);
    super::results::plan(site, urls, &mut p);
    tag_pages(urls, idx, &mut p);
    search_pages(site, urls, idx, &mut p);
    feeds(site, urls, idx, &mut p);

    if p.errors.is_empty() { Ok(p.jobs) } else { Err(p.errors) }
}

fn units_pages(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    if site.units.list.is_empty() {
        return;
    }
    let lang = site.config.language;
    let unit_ref = |id: &str| {
        site.units
            .get(id)
            .map(|u| json!({ "id": u.id, "full_name": u.full_name(), "url": urls.url(&urls.unit(&u.id)) }))
    };
    let units: Vec<Value> = site
        .units
        .list
        .iter()
        .map(|u| {
            json!({
                "id": u.id, "name": u.name, "full_name": u.full_name(), "kind": u.kind, "code": u.code,
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
    p.add(
        GENERATED,
        format!("{}/", urls.paths.units),
        "units.html",
        title,
        vec![
            ("units", tv(&Value::Array(units.clone()))),
            ("units_alpha", tv(&Value::Array(units_alpha))),
        ],
    );

    for (u, base) in site.units.list.iter().zip(units) {
        let mut unit = base;
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
        let items = idx.items(idx.by_unit.get(u.id.as_str()).map_or(&[][..], |v| v.as_slice()));
        let (results, chart_svg, chart_text) = super::results::unit_results(site, urls, &u.id);
        let vars = vec![
            ("unit", tv(&unit)),
            ("items", items),
            ("results", tv(&results)),
            ("chart_svg", tera::Value::from(chart_svg)),
            ("chart_text", tera::Value::from(chart_text)),
        ];
        p.add(
            crate::units::UNITS_FILE,
            urls.unit(&u.id),
            "unit.html",
            u.full_name(),
            vars,
        );
    }
}

fn tag_pages(urls: &Urls, idx: &Index, p: &mut Planner) {
    if idx.tags.is_empty() {
        return;
    }
    let mut list: Vec<(&String, &(String, Vec<&Page>))> = idx.tags.iter().collect();
    list.sort_by(|a, b| text::vi_cmp(&a.1.0, &b.1.0));
    let tags: Vec<Value> = list
        .iter()
        .map(|(slug, (name, items))| json!({ "name": name, "url": urls.url(&urls.tag(slug)), "count": items.len() }))
        .collect();
    p.add(
        GENERATED,
        format!("{}/", urls.paths.tags),
        "tags.html",
        String::new(),
        vec![("tags", tv(&Value::Array(tags)))],
    );
    for (slug, (name, items)) in &idx.tags {
        let tag = json!({ "name": name, "url": urls.url(&urls.tag(slug)), "count": items.len() });
        p.add(
            GENERATED,
            urls.tag(slug),
            "tag.html",
            name.clone(),
            vec![("tag", tv(&tag)), ("items", idx.items(items))],
        );
    }
}

fn search_pages(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    let mut entries = Vec::new();
    for page in &idx.items {
        let it = idx.item(page);
        let mut words = vec![page.meta.title.clone(), context::strip_tags(&page.summary_html)];
        words.extend(page.meta.tags.iter().map(|(t, _)| t.clone()));
        words.extend(
            page.meta
                .units
                .iter()
                .filter_map(|(u, _)| site.units.get(u))
                .map(|u| u.full_name()),
        );
        entries.push(json!({ "title": page.meta.title, "url": it["url"], "date_short": it["date_short"], "kind": "item", "text": text::fold(&words.join(" ")) }));
    }
    for u in &site.units.list {
        let mut words = vec![u.full_name()];
        words.extend(u.aliases.iter().cloned());
        words.extend(u.code.iter().cloned());
        entries.push(json!({ "title": u.full_name(), "url": urls.url(&urls.unit(&u.id)), "date_short": Value::Null, "kind": "unit", "text": text::fold(&words.join(" ")) }));
    }
    for page in site.pages.values().filter(|pg| pg.role == Role::Plain) {
        let url = idx.paths.get(page.file.as_str()).map(|path| urls.url(path));
        entries.push(json!({ "title": page.meta.title, "url": url, "date_short": Value::Null, "kind": "page", "text": text::fold(&page.meta.title) }));
    }
    let search = format!("{}/", urls.paths.search);
    p.add(
        GENERATED,
        search.clone(),
        "search.html",
        text_of(site, "search"),
        Vars::new(),
    );
    p.add_body(
        GENERATED,
        format!("{search}index.json"),
        String::new(),
        Body::Json(Value::Array(entries)),
    );
}

fn feeds(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    let recent: Vec<(&Page, Value)> = idx
        .items
        .iter()
        .take(FEED_ITEMS)
        .map(|pg| (*pg, idx.item(pg)))
        .collect();
    for (path, vars) in feed_vars(urls, &recent) {
        p.add(GENERATED, path.into(), path, String::new(), vars);
    }
    p.add(
        GENERATED,
        "404.html".into(),
        "404.html",
        text_of(site, "not_found"),
        Vars::new(),
    );
    p.add(GENERATED, "robots.txt".into(), "robots.txt", String::new(), Vars::new());
    let dates: HashMap<&str, String> = site
        .pages
        .values()
        .filter_map(|pg| Some((idx.paths.get(pg.file.as_str())?.as_str(), pg.date()?.date.to_string())))
        .collect();
    let urls_list: Vec<Value> = p
        .jobs
        .iter()
        .filter(|j| j.file.ends_with("index.html"))
        .map(|j| json!({ "loc": urls.permalink(&j.path), "lastmod": dates.get(j.path.as_str()) }))
        .collect();
    p.add(
        GENERATED,
        "sitemap.xml".into(),
        "sitemap.xml",
        String::new(),
        vec![("urls", tv(&Value::Array(urls_list)))],
    );
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
