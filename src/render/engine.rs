//! The planning engine: what a job is, its fingerprint, and the [`Planner`]
//! that producers add jobs to. The planner refuses two sources claiming one
//! output path and paths no file system takes, and builds only the jobs
//! whose fingerprint changed.

use std::collections::BTreeMap;

// Paths and page files are hashed by the hundred thousand per plan: a fast
// hash, not SipHash (no map here is keyed by anything an attacker chooses
// to collide).
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::template::Template;
use super::theme::Bytes;
use super::views::ItemView;
use crate::content::Page;
use crate::diag::Diagnostic;
use crate::site::SeasonResult;
use crate::text;
use crate::urls::output_file;

/// One output file to render.
pub struct Job {
    /// Output file, relative to the output folder.
    pub file: String,
    /// Site path of the page (`tin-tuc/x/`), for current_url and nav.
    pub path: String,
    pub title: String,
    /// Hash of everything the file is made from that a change to content
    /// can touch (see [`Fp`]).
    pub fp: Option<u64>,
    pub body: Body,
    /// Its number in the plan (see [`Dirty`]).
    pub n: usize,
}

/// Template variables: Tera values (their arrays and maps are reference
/// counted), or lists of items made into Tera values only while the page
/// renders (see [`Var::Items`]).
pub type Vars = Vec<(&'static str, Var)>;

#[derive(Clone)]
pub enum Var {
    Value(tera::Value),
    /// Items shared with every list that shows them. Their Tera values are
    /// made when the page renders and dropped after it: kept for every item
    /// of a large site at once, they would be a third of its memory.
    Items(Vec<Option<Arc<ItemView>>>),
}

impl From<tera::Value> for Var {
    fn from(v: tera::Value) -> Var {
        Var::Value(v)
    }
}

impl Var {
    /// The value templates receive.
    pub fn value(&self) -> tera::Value {
        match self {
            Var::Value(v) => v.clone(),
            Var::Items(items) => tera::Value::from(
                items
                    .iter()
                    .map(|i| i.as_deref().map_or_else(|| tera::Value::from(()), super::views::tv))
                    .collect::<Vec<_>>(),
            ),
        }
    }
}

pub enum Body {
    /// A template and its page-specific variables (the shared ones are added when rendering).
    Template { name: Template, vars: Vars },
    /// A data file written as JSON.
    Json(Value),
    /// A file made elsewhere (CSV, spreadsheets).
    Bytes(Vec<u8>),
    /// A photo's copy or a document, read (an original stripped) only when
    /// it is written: a plan holding every photo's bytes would grow with
    /// the site. `owner` is the page that publishes it, for errors.
    Published {
        owner: String,
        file: crate::images::Published,
    },
    /// An item page, whose variables are made only when it is rendered
    /// (`news::item_vars`): a plan holding every item's content at once
    /// would grow with the site. It holds only shared values.
    Item(Box<ItemJob>),
    /// Not built: the output already holds this file made from the same inputs.
    Kept,
}

/// What an item page is made from.
pub struct ItemJob {
    /// The page's key in `Site::pages`.
    pub rel: String,
    pub section_title: String,
    pub section_path: String,
    pub item: Option<Arc<ItemView>>,
    pub older: Option<Arc<ItemView>>,
    pub newer: Option<Arc<ItemView>>,
}

impl Body {
    /// The template it renders with, if any.
    pub fn template(&self) -> Option<Template> {
        match self {
            Body::Template { name, .. } => Some(*name),
            Body::Item(_) => Some(Template::Item),
            Body::Json(_) | Body::Bytes(_) | Body::Published { .. } | Body::Kept => None,
        }
    }
}

/// A job's fingerprint under construction: the keys of the pages a file
/// shows, in order, and the few other values it is made from; and which
/// pages and seasons it read, the job's edges in the [`Graph`]. Config,
/// data and theme are not in it: a rebuild that compares fingerprints is
/// taken only when those are as the output shows them (`incremental`).
pub struct Fp {
    hash: xxhash_rust::xxh3::Xxh3,
    reads: Vec<Read>,
}

/// What a job read, by address while one plan runs (see [`Graph::of`]).
#[derive(Clone, Copy)]
pub(super) enum Read {
    Page(usize),
    Season(usize),
}

impl Fp {
    pub fn new() -> Self {
        Fp {
            hash: xxhash_rust::xxh3::Xxh3::new(),
            reads: Vec::new(),
        }
    }
    pub fn str(mut self, s: &str) -> Self {
        self.hash.update(s.as_bytes());
        self.hash.update(&[0xff]);
        self
    }
    pub fn num(mut self, n: u64) -> Self {
        self.hash.update(&n.to_le_bytes());
        self
    }
    /// Records that the file reads `page` without hashing it: a file whose
    /// fingerprint holds the value it takes from the page (a photo's copy),
    /// re-planned when the page changes.
    pub fn reads(mut self, page: &Page) -> Self {
        self.reads.push(Read::Page(page as *const Page as usize));
        self
    }
    /// A page shown whole: its text, and the data its shortcodes read.
    pub fn page(self, page: Option<&Page>) -> Self {
        match page {
            Some(p) => self.reads(p).num(p.key).num(p.deps),
            None => self.num(0).num(0),
        }
    }
    /// The keys of seasons whose results a file shows.
    pub fn seasons<'a>(mut self, results: impl IntoIterator<Item = &'a SeasonResult>) -> Self {
        for r in results {
            self.reads.push(Read::Season(r as *const SeasonResult as usize));
            self = self.num(r.key);
        }
        self
    }
    /// The keys of pages a file shows whole (content included).
    pub fn pages(mut self, pages: &[&Page]) -> Self {
        self = self.num(pages.len() as u64);
        for p in pages {
            self = self.page(Some(p));
        }
        self
    }
    /// What a list shows of each page (`Index::shown`): an edit that
    /// leaves a page's card as it was leaves the list alone.
    pub fn shown<'a>(mut self, shown: impl ExactSizeIterator<Item = (&'a Page, u64)>) -> Self {
        self = self.num(shown.len() as u64);
        for (p, h) in shown {
            self = self.reads(p).num(h);
        }
        self
    }
    /// Plain values (keys of proposals, documents) in order.
    pub fn nums(mut self, ns: impl IntoIterator<Item = u64>) -> Self {
        for n in ns {
            self = self.num(n);
        }
        self
    }
}

impl Default for Fp {
    fn default() -> Self {
        Fp::new()
    }
}

/// Fingerprint of every rendered file of the output, by file; `None` for a
/// file written without one (it is rendered again next time).
pub type Fingerprints = HashMap<String, Option<u64>>;

/// The owner named in errors for pages made from no single source file.
pub const GENERATED: &str = "(generated page)";

/// Who claimed an output file: for the errors of a later claim or a static
/// file at the same path.
struct Owner {
    source: String,
    template: Option<Template>,
}

/// Collects jobs and reports two sources that claim one output path. With
/// fingerprints of the files the output holds, it builds only the jobs whose
/// fingerprint changed and marks the rest [`Body::Kept`].
pub struct Planner<'p> {
    jobs: Vec<Job>,
    owners: HashMap<String, Owner>,
    errors: Vec<Diagnostic>,
    /// Over-long path parts already reported.
    long_parts: HashSet<String>,
    /// Generated files a static file replaces (not planned).
    replaced: HashSet<String>,
    previous: Option<&'p Fingerprints>,
    /// Hash of what every page shows (the navigation).
    base: u64,
    planning: Planning<'p>,
    /// Jobs added so far, planned or skipped: a job's number in the plan.
    ordinal: usize,
    /// What each job read (job number, read) and its template, for the
    /// [`Graph`] (only when [`Planning::Recorded`]).
    reads: Vec<(u32, Read)>,
    templates: Vec<Option<Template>>,
    /// A filtered plan met a job it cannot make alone: plan in full.
    gave_up: bool,
}

/// Which jobs a plan makes, and whether it records what they read.
#[derive(Clone, Copy)]
pub enum Planning<'a> {
    /// Every job (`build`, which keeps fingerprints, not the graph).
    Full,
    /// Every job, recording what each read for the [`Graph`] (`serve`).
    Recorded,
    /// Only the jobs `Dirty` names; the others are counted, not made.
    Only(&'a Dirty),
}

/// The jobs a filtered plan makes, by number in the full plan they were
/// recorded from, and that plan's output file of each (to check that the
/// plan still lines up).
pub struct Dirty {
    pub(super) wanted: Vec<Want>,
    pub(super) files: std::sync::Arc<Vec<String>>,
}

/// What a filtered plan does with a job.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Want {
    Skip,
    /// Planned; rendered if its fingerprint changed.
    Plan,
    /// Rendered: its template changed, which fingerprints do not hold.
    Render,
}

impl<'p> Planner<'p> {
    pub(super) fn new(
        nav: &[(String, String)],
        previous: Option<&'p Fingerprints>,
        planning: Planning<'p>,
        statics: &BTreeMap<String, Bytes>,
    ) -> Self {
        let mut fp = Fp::new();
        for (title, path) in nav {
            fp = fp.str(title).str(path);
        }
        let replaced = super::statics::REPLACEABLE
            .iter()
            .filter(|f| statics.contains_key(**f))
            .map(|f| (*f).to_owned())
            .collect();
        Planner {
            jobs: Vec::new(),
            owners: HashMap::new(),
            errors: Vec::new(),
            long_parts: HashSet::new(),
            replaced,
            previous,
            base: fp.hash.digest(),
            planning,
            ordinal: 0,
            reads: Vec::new(),
            templates: Vec::new(),
            gave_up: false,
        }
    }

    /// The dirty jobs, for a plan of only those.
    fn dirty(&self) -> Option<&'p Dirty> {
        match self.planning {
            Planning::Only(d) => Some(d),
            Planning::Full | Planning::Recorded => None,
        }
    }

    /// Whether this plan makes every job (else only the dirty ones).
    pub(super) fn is_full(&self) -> bool {
        self.dirty().is_none()
    }

    /// Counts a job of a filtered plan that needs what it cannot have (every
    /// other job, as the sitemap does) as a reason to plan in full.
    pub(super) fn give_up(&mut self) {
        self.gave_up = true;
    }

    /// What a filtered plan does with job `n` (a full plan plans every job).
    fn want(&self, n: usize) -> Want {
        self.dirty()
            .map_or(Want::Plan, |d| d.wanted.get(n).copied().unwrap_or(Want::Skip))
    }

    /// Takes the next job number; whether that job is planned.
    fn next(&mut self) -> Option<usize> {
        let n = self.ordinal;
        self.ordinal += 1;
        (self.want(n) != Want::Skip).then_some(n)
    }

    /// Whether the next job will be planned (see [`Planner::skip`]).
    pub(super) fn wants_next(&self) -> bool {
        self.want(self.ordinal) != Want::Skip
    }

    /// Counts the next job as not planned (its producer checked
    /// [`Planner::wants_next`] to spare work that only it needs).
    pub(super) fn skip(&mut self) {
        self.ordinal += 1;
    }

    /// The jobs planned so far, in order.
    pub(super) fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// A page made from data only (no content page shows in it).
    pub fn add(&mut self, owner: &str, path: String, template: Template, title: String, vars: Vars) {
        self.add_with(owner, path, template, title, Fp::new, || vars);
    }

    /// A page made from the content pages hashed into `fp`. `fp` is called
    /// only when the job is planned, `vars` only when the page must be
    /// rendered.
    pub fn add_with(
        &mut self,
        owner: &str,
        path: String,
        template: Template,
        title: String,
        fp: impl FnOnce() -> Fp,
        vars: impl FnOnce() -> Vars,
    ) {
        let fp = || fp().str(template.file());
        self.claim(owner, path, title, fp, Some(template), || {
            Ok(Body::Template {
                name: template,
                vars: vars(),
            })
        });
    }

    /// An item page (see [`Body::Item`]); `job` is called only when the
    /// page must be rendered.
    pub fn add_item(
        &mut self,
        owner: &str,
        path: String,
        title: String,
        fp: impl FnOnce() -> Fp,
        job: impl FnOnce() -> ItemJob,
    ) {
        let fp = || fp().str(Template::Item.file());
        self.claim(owner, path, title, fp, Some(Template::Item), || {
            Ok(Body::Item(Box::new(job())))
        });
    }

    /// A file made from what `fp` holds; `body` is called only when the file
    /// must be made, and its error is reported as the build's.
    pub fn add_body_with(
        &mut self,
        owner: &str,
        path: String,
        title: String,
        fp: impl FnOnce() -> Fp,
        body: impl FnOnce() -> Result<Body, Diagnostic>,
    ) {
        self.claim(owner, path, title, fp, None, body);
    }

    fn claim(
        &mut self,
        owner: &str,
        path: String,
        title: String,
        fp: impl FnOnce() -> Fp,
        template: Option<Template>,
        body: impl FnOnce() -> Result<Body, Diagnostic>,
    ) {
        let Some(n) = self.next() else { return };
        let file = output_file(&path);
        if let Some(d) = self.dirty() {
            // The structure is as the recorded plan's: no new clashes or
            // bad paths can appear, but the plan must still line up.
            if d.files.get(n) != Some(&file) {
                self.gave_up = true;
                return;
            }
            self.plan_job(n, file, path, title, fp, template, body);
            return;
        }
        if self.replaced.contains(&file) || !self.path_ok(owner, &file) {
            return;
        }
        if let Some(first) = self.owners.get(&file) {
            self.errors.push(
                Diagnostic::error(
                    owner,
                    None,
                    format!(
                        "this page would be written to /{path}, which {} already uses",
                        first.source
                    ),
                )
                .with_hint("change one of the two: its `slug`, its file name or its folder"),
            );
            return;
        }
        let claimed = Owner {
            source: owner.to_owned(),
            template,
        };
        self.owners.insert(file.clone(), claimed);
        self.plan_job(n, file, path, title, fp, template, body);
    }

    /// Job `n`: its fingerprint, and its body unless the output holds it.
    #[allow(clippy::too_many_arguments)]
    fn plan_job(
        &mut self,
        n: usize,
        file: String,
        path: String,
        title: String,
        fp: impl FnOnce() -> Fp,
        template: Option<Template>,
        body: impl FnOnce() -> Result<Body, Diagnostic>,
    ) {
        let fp = fp().str(&file).str(&path).str(&title).num(self.base);
        if matches!(self.planning, Planning::Recorded) {
            self.reads.extend(fp.reads.iter().map(|r| (n as u32, *r)));
            if self.templates.len() <= n {
                self.templates.resize(n + 1, None);
            }
            self.templates[n] = template;
        }
        let fp = fp.hash.digest();
        let same = self.previous.and_then(|p| p.get(&file)) == Some(&Some(fp));
        let body = if same && self.want(n) != Want::Render {
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
            n,
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
    pub(super) fn finish(
        mut self,
        root: &Path,
        statics: &BTreeMap<String, Bytes>,
    ) -> Result<Option<Plan>, Vec<Diagnostic>> {
        if let Some(d) = self.dirty() {
            // Static files are as the recorded plan saw them.
            if self.gave_up || self.ordinal != d.wanted.len() {
                return Ok(None);
            }
            return if self.errors.is_empty() {
                Ok(Some(self.into_plan()))
            } else {
                Err(self.errors)
            };
        }
        let clashes = super::statics::clashes(statics, self.jobs.iter().map(|j| j.file.as_str()));
        for c in &clashes {
            let maker = |file: &str| {
                let owner = self.owners.get(file);
                let source = owner.map_or(GENERATED, |o| o.source.as_str());
                match (source == GENERATED, owner.and_then(|o| o.template)) {
                    (true, Some(t)) => (format!("the template `{t}`"), Some(t.file().to_owned())),
                    (true, None) => ("the site's pages and data".to_owned(), None),
                    (false, Some(t)) => (format!("{source} (template `{t}`)"), None),
                    (false, None) => (source.to_owned(), None),
                }
            };
            self.errors.push(super::statics::error(root, statics, c, maker));
        }
        if self.errors.is_empty() {
            Ok(Some(self.into_plan()))
        } else {
            Err(self.errors)
        }
    }

    fn into_plan(mut self) -> Plan {
        self.templates.resize(self.ordinal, None);
        Plan {
            jobs: self.jobs,
            count: self.ordinal,
            reads: self.reads,
            templates: self.templates,
        }
    }
}

/// What a plan made: its jobs (all, or the dirty ones) and, from a full
/// plan, what each job read, for the [`Graph`](super::graph::Graph).
#[derive(Default)]
pub struct Plan {
    pub jobs: Vec<Job>,
    /// How many jobs the plan has, planned or not.
    pub count: usize,
    pub(super) reads: Vec<(u32, Read)>,
    pub(super) templates: Vec<Option<Template>>,
}
