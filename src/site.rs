//! The loaded site: every input file decoded and checked, held in memory so a
//! rebuild can replace one file's part and render again. Loading is the only
//! stage that reads the site's files (apart from copying static/).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::content::{self, Page, Role};
use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::documents::{self, Documents};
use crate::holidays::{self, Holidays};
use crate::moment::Moment;
use crate::proposals::{self, Proposal};
use crate::refs::{Lookup, Refs};
use crate::scoring::{self, Season, Standings};
use crate::units::{self, Clusters, Units};
use crate::yaml::Ctx;

#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Replaces site.yaml's base_url (serve mode, or `build --base-url`).
    pub base_url: Option<String>,
    /// The build moment (`--now` or SOURCE_DATE_EPOCH); `None` for the clock.
    pub now: Option<jiff::Timestamp>,
}

/// One data/scoring file: its season and the standings computed from it.
#[derive(Clone, Debug)]
pub struct SeasonResult {
    pub file: String,
    pub season: Season,
    pub standings: Standings,
    /// A hash of the file's path and text and of the year before's key (its
    /// standings give this one's `change`): with units and clusters as they
    /// were, equal keys mean equal results (see `render::engine::Fp`).
    pub key: u64,
}

#[derive(Clone, Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub units: Units,
    pub clusters: Clusters,
    /// Every Markdown file, keyed by its path relative to content/.
    pub pages: BTreeMap<String, Page>,
    /// Every scoring file's season and standings, by year then cluster.
    pub results: Vec<SeasonResult>,
    /// data/documents.yaml.
    pub documents: Documents,
    /// data/proposals/, by year then id.
    pub proposals: Vec<Proposal>,
    pub drafts: bool,
    /// When the site is built: what the public-comment pages count from.
    pub moment: Moment,
    /// data/holidays.yaml (kept for the rebuild session to hand back).
    pub holidays: Holidays,
}

/// What one part of the site loaded to: its value, its diagnostics and the
/// texts those diagnostics point into.
#[derive(Debug, Default)]
pub struct Loaded<T> {
    pub value: T,
    pub diags: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Loaded<Option<Config>> {
    /// The site's language, Vietnamese while site.yaml does not load: pages
    /// are loaded in it (attachment notes).
    pub fn language(&self) -> crate::text::Lang {
        self.value.as_ref().map(|c| c.language).unwrap_or_default()
    }
}

/// data/: units, clusters and the scoring files (which refer to both), the
/// documents register, the holidays and the proposals for public comment.
#[derive(Clone, Debug, Default)]
pub struct Data {
    pub units: Units,
    pub clusters: Clusters,
    pub results: Vec<SeasonResult>,
    pub documents: Documents,
    pub holidays: Holidays,
    pub proposals: Vec<Proposal>,
}

/// Every Markdown file of content/, each loaded on its own so one can be
/// reloaded without the others.
#[derive(Clone, Debug, Default)]
pub struct PageSet {
    /// Pages that are part of the site (drafts only when building with drafts).
    pub pages: BTreeMap<String, Page>,
    /// Files that failed to load, with their problems.
    pub errors: BTreeMap<String, Vec<Diagnostic>>,
    /// File texts, for diagnostics.
    pub texts: BTreeMap<String, Arc<str>>,
    /// The site's language when the pages were loaded: attachment notes
    /// ("PDF, 1,5 MB") are written in it.
    pub lang: crate::text::Lang,
}

/// Loads and checks the whole site. Diagnostics hold warnings even on success.
pub fn load(root: &Path, opts: &LoadOptions) -> (Option<Site>, Diagnostics, Sources) {
    let (site, diags, sources) = load_all(root, opts);
    let site = site.filter(|_| !diags.has_errors());
    (site, diags, sources)
}

/// [`load`], with the site also when it has errors (whatever loaded), so
/// that later checks (shortcodes) can report theirs beside them; `None`
/// only when site.yaml failed.
pub fn load_all(root: &Path, opts: &LoadOptions) -> (Option<Site>, Diagnostics, Sources) {
    let config = load_config(root, opts);
    let data = load_data(root);
    let pages = PageSet::load(root, opts, config.language());
    let mut diags = Diagnostics::new();
    let mut sources = Sources::default();
    for part in [(config.diags, config.sources), (data.diags, data.sources)] {
        diags.extend(part.0);
        sources.extend(part.1);
    }
    pages.report(&mut diags, &mut sources);
    let Some(config) = config.value else {
        return (None, diags, sources);
    };
    let site = Site::assemble(root, config, data.value, pages.pages, opts);
    diags.extend(site.check_references());
    (Some(site), diags, sources)
}

/// site.yaml, with `--base-url` applied.
pub fn load_config(root: &Path, opts: &LoadOptions) -> Loaded<Option<Config>> {
    let mut diags = Diagnostics::new();
    let mut sources = Sources::default();
    let value = read(root, config::FILE, &mut diags, &mut sources).and_then(|text| match config::parse(&text) {
        Ok(mut c) => {
            if let Some(url) = &opts.base_url {
                match config::normalize_base_url(url) {
                    Ok(u) => c.base_url = u,
                    Err(why) => diags.push(Diagnostic::error("--base-url", None, why)),
                }
            }
            Some(c)
        }
        Err(ds) => {
            diags.extend(ds);
            None
        }
    });
    Loaded {
        value,
        diags: diags.into_vec(),
        sources,
    }
}

/// data/units.yaml, data/clusters.yaml and data/scoring/.
pub fn load_data(root: &Path) -> Loaded<Data> {
    let mut diags = Diagnostics::new();
    let mut sources = Sources::default();
    // A file that is there but cannot be read is a file that failed: nothing
    // is checked against it. A file that is not there has no entries.
    let units = match optional(root, units::UNITS_FILE, &mut diags, &mut sources) {
        Optional::Text(text) => {
            let (u, ds) = units::parse_units(&text);
            diags.extend(ds);
            u
        }
        Optional::Absent => Units::default(),
        Optional::Failed => Units::failed(),
    };
    let clusters = match optional(root, units::CLUSTERS_FILE, &mut diags, &mut sources) {
        Optional::Text(text) => {
            let (c, ds) = units::parse_clusters(&text);
            diags.extend(ds);
            c
        }
        Optional::Absent => Clusters::default(),
        Optional::Failed => Clusters::failed(),
    };
    let results = load_scoring(root, &units, &clusters, &mut diags, &mut sources);
    let documents = match optional(root, documents::DOCUMENTS_FILE, &mut diags, &mut sources) {
        Optional::Text(text) => {
            let (d, ds) = documents::parse(&text, &root.join("static"));
            diags.extend(ds);
            d
        }
        Optional::Absent => Documents::default(),
        Optional::Failed => Documents {
            present: true,
            ..Documents::default()
        },
    };
    let holidays = match optional(root, holidays::HOLIDAYS_FILE, &mut diags, &mut sources) {
        Optional::Text(text) => {
            let (h, ds) = holidays::parse(&text);
            diags.extend(ds);
            h
        }
        Optional::Absent => Holidays {
            complete: true,
            ..Holidays::default()
        },
        Optional::Failed => Holidays::default(),
    };
    let proposals = load_proposals(root, &units, &holidays, &mut diags, &mut sources);
    diags.extend(check_decisions(&results, &proposals, &documents));
    Loaded {
        value: Data {
            units,
            clusters,
            results,
            documents,
            holidays,
            proposals,
        },
        diags: diags.into_vec(),
        sources,
    }
}

impl PageSet {
    /// Loads every Markdown file under content/, in parallel.
    pub fn load(root: &Path, opts: &LoadOptions, lang: crate::text::Lang) -> PageSet {
        let mut set = PageSet {
            lang,
            ..PageSet::default()
        };
        let mut walk_errors = Diagnostics::new();
        let files = markdown_files(&root.join("content"), &mut walk_errors);
        if !walk_errors.is_empty() {
            set.errors.insert(String::new(), walk_errors.into_vec());
        }
        let loaded: Vec<_> = files
            .par_iter()
            .map(|(rel, found)| (rel, load_found(root, found, rel, lang)))
            .collect();
        for (rel, (text, page)) in loaded {
            set.insert(rel.clone(), text, page, opts);
        }
        set
    }

    /// The Markdown files under content/ now, by NFC path, sorted.
    pub fn list(root: &Path) -> Vec<String> {
        markdown_files(&root.join("content"), &mut Diagnostics::new())
            .into_keys()
            .collect()
    }

    /// Loads (or reloads) one file by its NFC path; a file that is gone, or
    /// that a full listing would skip, is removed.
    pub fn reload(&mut self, root: &Path, rel: &str, opts: &LoadOptions) {
        self.remove(rel);
        if let Some(found) = crate::files::find(&root.join("content"), "content", rel, is_page) {
            let (text, page) = load_found(root, &found, rel, self.lang);
            self.insert(rel.to_owned(), text, page, opts);
        }
    }

    /// The pages that may show or publish the file `file` (a site path such
    /// as `content/tin-tuc/x/anh.jpg` or `static/anh/x.jpg`): the pages of
    /// its folder (a bundle publishes every file beside it) and every page
    /// whose text names it. More than exact, never less.
    pub fn showing(&self, file: &str) -> Vec<String> {
        let name = file.rsplit('/').next().unwrap_or(file);
        let dir = file
            .strip_prefix("content/")
            .map(|f| f.rsplit_once('/').map_or("", |(d, _)| d));
        self.texts
            .iter()
            .filter(|(rel, text)| {
                dir.is_some_and(|d| rel.rsplit_once('/').map_or("", |(r, _)| r) == d) || text.contains(name)
            })
            .map(|(rel, _)| rel.clone())
            .collect()
    }

    /// Every file the set holds, loaded or not.
    pub fn files(&self) -> BTreeSet<String> {
        self.texts
            .keys()
            .chain(self.errors.keys())
            .chain(self.pages.keys())
            .filter(|k| !k.is_empty())
            .cloned()
            .collect()
    }

    pub fn remove(&mut self, rel: &str) {
        self.pages.remove(rel);
        self.errors.remove(rel);
        self.texts.remove(rel);
    }

    fn insert(&mut self, rel: String, text: Option<Arc<str>>, page: Result<Page, Vec<Diagnostic>>, opts: &LoadOptions) {
        if let Some(t) = text {
            self.texts.insert(rel.clone(), t);
        }
        match page {
            Ok(p) if p.meta.draft && !opts.drafts => {}
            Ok(p) => {
                self.pages.insert(rel, p);
            }
            Err(ds) => {
                self.errors.insert(rel, ds);
            }
        }
    }

    /// Adds the set's problems and texts to a build's.
    pub fn report(&self, diags: &mut Diagnostics, sources: &mut Sources) {
        for ds in self.errors.values() {
            diags.extend(ds.iter().cloned());
        }
        for (rel, t) in &self.texts {
            sources.insert(format!("content/{rel}"), t.clone());
        }
    }
}

impl Site {
    pub fn assemble(
        root: &Path,
        config: Config,
        data: Data,
        pages: BTreeMap<String, Page>,
        opts: &LoadOptions,
    ) -> Site {
        Site {
            root: root.to_path_buf(),
            config,
            units: data.units,
            clusters: data.clusters,
            pages,
            results: data.results,
            documents: data.documents,
            proposals: data.proposals,
            drafts: opts.drafts,
            moment: Moment::resolve(opts.now),
            holidays: data.holidays,
        }
    }

    /// Takes the parts back out (the inverse of [`Site::assemble`]), so a
    /// long-lived rebuild session can keep them without copying.
    pub fn disassemble(self) -> (Config, Data, BTreeMap<String, Page>) {
        let data = Data {
            units: self.units,
            clusters: self.clusters,
            results: self.results,
            documents: self.documents,
            holidays: self.holidays,
            proposals: self.proposals,
        };
        (self.config, data, self.pages)
    }

    /// Front matter references to units and clusters must exist.
    pub fn check_references(&self) -> Vec<Diagnostic> {
        self.check_references_of(self.pages.values())
    }

    /// The same checks for some pages: when units and clusters are unchanged,
    /// only pages that changed can have new problems.
    pub fn check_references_of<'a>(&self, pages: impl Iterator<Item = &'a Page>) -> Vec<Diagnostic> {
        let ids = self.units.ids();
        let units = Refs::new(&ids, &self.units.failures);
        let cluster_ids = self.clusters.ids();
        let clusters = Refs::new(&cluster_ids, &self.clusters.failures);
        let mut out = Vec::new();
        for page in pages {
            for (u, loc) in &page.meta.units {
                if units.lookup(u) == Lookup::Missing {
                    out.push(
                        Diagnostic::error(
                            &page.file,
                            Some(*loc),
                            format!("unknown unit `{u}`: it is not in data/units.yaml"),
                        )
                        .with_hint(units.hint(u, "add the unit to data/units.yaml or remove it here")),
                    );
                }
            }
            if let Some((c, loc)) = &page.meta.cluster
                && clusters.lookup(c) == Lookup::Missing
            {
                out.push(
                    Diagnostic::error(
                        &page.file,
                        Some(*loc),
                        format!("unknown cluster `{c}`: it is not in data/clusters.yaml"),
                    )
                    .with_hint(clusters.hint(c, "add the cluster to data/clusters.yaml")),
                );
            }
            out.extend(page.warnings.iter().cloned());
            for (what, value, loc) in &page.meta.repeated {
                out.push(
                    Diagnostic::warning(&page.file, Some(*loc), format!("{what} `{value}` is listed twice"))
                        .with_hint(format!("the page shows it once; remove the repeated {what}")),
                );
            }
        }
        out
    }

    /// Items of a section folder, newest first (then by file, for a stable order).
    pub fn items(&self) -> impl Iterator<Item = &Page> {
        self.pages.values().filter(|p| matches!(p.role, Role::Item { .. }))
    }
}

/// A Markdown file that is not hidden (editors' and tools' files are), by
/// its path relative to content/.
fn is_page(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.ends_with(".md") && !name.starts_with('.')
}

/// Every Markdown file under content/ by its NFC path (`/` separators),
/// sorted, with where it is on disk (links are not followed).
fn markdown_files(content_dir: &Path, diags: &mut Diagnostics) -> BTreeMap<String, crate::files::Found> {
    crate::files::list(content_dir, "content", is_page, diags)
}

type LoadedFile = (Option<Arc<str>>, Result<Page, Vec<Diagnostic>>);

fn load_found(root: &Path, found: &crate::files::Found, rel: &str, lang: crate::text::Lang) -> LoadedFile {
    match found {
        crate::files::Found::File(path) => content::load_file(root, path, rel, lang),
        crate::files::Found::Twins(d) => (None, Err(vec![d.clone()])),
    }
}

fn read(root: &Path, rel: &str, diags: &mut Diagnostics, sources: &mut Sources) -> Option<Arc<str>> {
    let path = root.join(rel);
    if !path.is_file() {
        diags.push(
            Diagnostic::error(rel, None, format!("no {rel} in {}", root.display())).with_hint(
                "run bangvang in a site folder, pass --root DIR, or make a new site with `bangvang init DIR`",
            ),
        );
        return None;
    }
    match crate::source::read_text(&path, rel) {
        Ok(t) => {
            sources.insert(rel, t.clone());
            Some(t)
        }
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

enum Optional {
    Text(Arc<str>),
    Absent,
    /// There, but not readable as text (reported).
    Failed,
}

fn optional(root: &Path, rel: &str, diags: &mut Diagnostics, sources: &mut Sources) -> Optional {
    if !root.join(rel).exists() {
        return Optional::Absent;
    }
    read(root, rel, diags, sources).map_or(Optional::Failed, Optional::Text)
}

/// The season a scoring file's path names: data/scoring/<year>/<cluster>.yaml.
fn season_of_path(shown: &str) -> Option<(i32, &str)> {
    let rel = shown.strip_prefix("data/scoring/")?;
    let (year_dir, file) = rel.split_once('/')?;
    let year = year_dir.parse::<i32>().ok()?;
    let (stem, _) = file.rsplit_once('.')?;
    (!file.contains('/')).then_some((year, stem))
}

/// Every data/scoring/<year>/<cluster>.yaml, decoded and validated, with its
/// standings computed; sorted by year then cluster.
fn load_scoring(
    root: &Path,
    units: &Units,
    clusters: &Clusters,
    diags: &mut Diagnostics,
    sources: &mut Sources,
) -> Vec<SeasonResult> {
    let dir = root.join("data/scoring");
    if !dir.is_dir() {
        return Vec::new();
    }
    let is_yaml = |rel: &str| rel.ends_with(".yaml") || rel.ends_with(".yml");
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for (rel, found) in crate::files::list(&dir, "data/scoring", is_yaml, diags) {
        match found {
            crate::files::Found::File(path) => files.push((format!("data/scoring/{rel}"), path)),
            crate::files::Found::Twins(d) => diags.push(d),
        }
    }
    // Files that name one season (`xa-phuong.yaml` and `.yml`, `2023/` and
    // `02023/`) are one error naming them all, and none of them is read: which
    // one is meant is the author's to say.
    let mut by_season: BTreeMap<(i32, &str), Vec<&str>> = BTreeMap::new();
    for (shown, _) in &files {
        if let Some(season) = season_of_path(shown) {
            by_season.entry(season).or_default().push(shown);
        }
    }
    let mut shared: BTreeSet<&str> = BTreeSet::new();
    for ((year, cluster), names) in &by_season {
        if let [first, ..] = names.as_slice()
            && names.len() > 1
        {
            diags.push(
                Diagnostic::error(
                    *first,
                    None,
                    format!(
                        "season {year} of `{cluster}` is in {} files: {}",
                        names.len(),
                        names.join(", ")
                    ),
                )
                .with_hint("keep one of them and delete the others"),
            );
            shared.extend(names.iter().copied());
        }
    }
    let unit_ids = units.ids();
    let unit_refs = Refs::new(&unit_ids, &units.failures);
    let cluster_ids = clusters.ids();
    let cluster_refs = Refs::new(&cluster_ids, &clusters.failures);
    let loaded: Vec<_> = files
        .par_iter()
        .filter(|(shown, _)| !shared.contains(shown.as_str()))
        .map(|(shown, path)| {
            let text = match crate::source::read_text(path, shown) {
                Ok(t) => t,
                Err(d) => return (shown, None, None, vec![d]),
            };
            let mut ctx = Ctx::new(shown);
            let Some((year, cluster)) = season_of_path(shown) else {
                ctx.diags.push(
                    Diagnostic::error(
                        shown.as_str(),
                        None,
                        "a scoring file must be data/scoring/<year>/<cluster>.yaml",
                    )
                    .with_hint("for example data/scoring/2023/xa-phuong.yaml"),
                );
                return (shown, Some(text), None, ctx.diags);
            };
            let season = match crate::yaml::parse(&text, shown, 0, 0) {
                Ok(node) => Season::load(&node, &mut ctx, Some(year), Some(cluster), &unit_refs, &cluster_refs),
                Err(d) => {
                    ctx.diags.push(d);
                    None
                }
            };
            (shown, Some(text), season, ctx.diags)
        })
        .collect();
    let mut seasons: Vec<(String, Season, u64)> = Vec::new();
    for (shown, text, season, ds) in loaded {
        let key = text.as_deref().map_or(0, |t| crate::source::key(shown, t));
        if let Some(t) = text {
            sources.insert(shown.clone(), t);
        }
        diags.extend(ds);
        if let Some(s) = season {
            seasons.push((shown.clone(), s, key));
        }
    }
    seasons.sort_by(|a, b| (a.1.year, &a.1.cluster).cmp(&(b.1.year, &b.1.cluster)));
    // Years in order, so each season's `change` can use the year before.
    let mut results: Vec<SeasonResult> = Vec::with_capacity(seasons.len());
    for (file, season, key) in seasons {
        let previous = results
            .iter()
            .find(|r| r.season.cluster == season.cluster && r.season.year == season.year - 1);
        let standings = scoring::compute(&season, previous.map(|r| &r.standings), &unit_ids);
        diags.extend(scoring::shared_awards(&file, &season, &standings));
        let before = previous.map_or(0, |r| r.key);
        let key = xxhash_rust::xxh3::xxh3_64(&[key.to_le_bytes(), before.to_le_bytes()].concat());
        results.push(SeasonResult {
            file,
            season,
            standings,
            key,
        });
    }
    results
}

/// Award decisions and proposal outcomes name documents by number: one
/// that matches no document of the register is a warning at the number
/// (not an error: the decision may be filed later). Not checked when the
/// site keeps no register, or its register failed to load in part.
fn check_decisions(results: &[SeasonResult], proposals: &[Proposal], documents: &Documents) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut check = |file: &str, number: &str, year: Option<i16>, at: crate::diag::Location| {
        if documents.find(number, year) == documents::Found::Missing {
            out.push(
                Diagnostic::warning(
                    file,
                    Some(at),
                    format!("decision `{number}` is not in {}", documents::DOCUMENTS_FILE),
                )
                .with_hint(
                    "add the document to the register, or correct the number; the page shows the number without a link",
                ),
            );
        }
    };
    for r in results {
        for a in &r.season.awards {
            if let Some(d) = &a.decision {
                check(&r.file, &d.number, Some(d.date.year()), d.at);
            }
        }
    }
    for p in proposals {
        if let Some((number, at)) = &p.outcome {
            check(&p.file, number, None, *at);
        }
    }
    out
}

/// Every data/proposals/<year>/<id>.yaml, decoded and checked; by year, then id.
fn load_proposals(
    root: &Path,
    units: &Units,
    holidays: &Holidays,
    diags: &mut Diagnostics,
    sources: &mut Sources,
) -> Vec<Proposal> {
    let dir = root.join(proposals::PROPOSALS_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    let is_yaml = |rel: &str| rel.ends_with(".yaml") || rel.ends_with(".yml");
    let unit_ids = units.ids();
    let unit_refs = Refs::new(&unit_ids, &units.failures);
    let mut out = Vec::new();
    let mut seen: BTreeMap<(i32, String), String> = BTreeMap::new();
    for (rel, found) in crate::files::list(&dir, proposals::PROPOSALS_DIR, is_yaml, diags) {
        let path = match found {
            crate::files::Found::File(path) => path,
            crate::files::Found::Twins(d) => {
                diags.push(d);
                continue;
            }
        };
        let shown = format!("{}/{rel}", proposals::PROPOSALS_DIR);
        let text = match crate::source::read_text(&path, &shown) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        sources.insert(shown.clone(), text.clone());
        if let Some((year, id)) = proposals::place_of(&shown) {
            if let Some(first) = seen.get(&(year, id.to_owned())) {
                diags.push(
                    Diagnostic::error(&shown, None, format!("proposal {year}/{id} is also in {first}"))
                        .with_hint("keep one of the two files"),
                );
                continue;
            }
            seen.insert((year, id.to_owned()), shown.clone());
        }
        let node = match crate::yaml::parse(&text, &shown, 0, 0) {
            Ok(n) => n,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let (p, ds) = proposals::load(&shown, &text, &node, &unit_refs, holidays);
        diags.extend(ds);
        out.extend(p);
    }
    out.sort_by(|a, b| (a.year, &a.id).cmp(&(b.year, &b.id)));
    out
}
