//! Rebuilds for watch mode: the site stays loaded between builds, a change
//! reloads only the part it touched (one Markdown file, data/, site.yaml, the
//! theme), and the output is updated without reading it back.
//!
//! Correctness first: whatever this writes equals what `bangvang build` makes
//! from the same files (tests/incremental.rs drives random edits and compares).
//! One mechanism decides what is redone: the graph of what each output read
//! (`render::graph`), recorded by the last full plan. Edits to items,
//! scores and templates that leave the site's structure as it was plan only
//! the outputs that read them, and render those whose fingerprint changed.
//! What the graph cannot follow is planned in full, named in [`Scope`].

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::build::BuildOptions;
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::output::{self, Known, Stats};
use crate::render::graph::{Changed, Graph};
use crate::render::items::Items;
use crate::render::{self, Theme};
use crate::site::{self, Data, Loaded, PageSet, Site};

/// What one rebuild did.
pub struct Rebuilt {
    pub diags: Diagnostics,
    pub sources: Sources,
    /// Set when the output was written.
    pub stats: Option<Stats>,
    /// What was redone: "re-rendered 1 page" or "rendered everything (N files)".
    pub work: String,
    /// The files rendered, when not every file was.
    pub rendered: Option<Vec<String>>,
    pub millis: u128,
}

impl Rebuilt {
    pub fn ok(&self) -> bool {
        self.stats.is_some() && !self.diags.has_errors()
    }
}

pub struct Incremental {
    opts: BuildOptions,
    state: Option<State>,
    known: Known,
    /// Content files changed since the output was last written.
    pending_pages: BTreeSet<String>,
    /// Something other than page content changed since the output was last written.
    pending_full: bool,
    /// A scoring file changed since the output was last written.
    pending_results: bool,
    /// A static file changed since the output was last written.
    pending_statics: bool,
    /// Templates changed since the output was last written.
    pending_templates: BTreeSet<String>,
    /// The static files the output holds.
    statics_written: BTreeSet<String>,
    /// The hashed asset names the output's pages link (`Theme::assets`).
    rendered_assets: Option<std::collections::BTreeMap<String, String>>,
    /// Units, clusters and which seasons exist, as the output shows them:
    /// while these hold, a scoring change touches only the results pages.
    rendered_data: Option<DataShape>,
    /// Every rendered file the output holds, with the fingerprint it was
    /// made from (`None` when written without one: rendered next time).
    fingerprints: render::plan::Fingerprints,
    /// Per-page values for lists and search, valid while config and data
    /// are as the output shows them (cleared by every full render).
    items: Items,
    /// What each output read, from the last full plan; `None` until one ran.
    graph: Option<Graph>,
    /// The day the output's public-comment statuses were computed for.
    rendered_day: Option<jiff::civil::Date>,
    /// Reference problems (unknown units, …) by content file, kept so a fast
    /// rebuild reports the same warnings as a full one without re-checking.
    reference_diags: HashMap<String, Vec<Diagnostic>>,
}

#[derive(PartialEq)]
struct DataShape {
    units: crate::units::Units,
    clusters: crate::units::Clusters,
    seasons: Vec<(String, i32)>,
}

impl DataShape {
    fn of(site: &Site) -> DataShape {
        DataShape {
            units: site.units.clone(),
            clusters: site.clusters.clone(),
            seasons: site
                .results
                .iter()
                .map(|r| (r.season.cluster.clone(), r.season.year))
                .collect(),
        }
    }
}

/// What a rebuild plans.
enum Scope {
    /// The outputs that read what changed ([`Graph::dirty`]): items whose
    /// place in lists, path and files are as they were, seasons, templates.
    Dirty(Changed),
    /// What the graph cannot follow.
    Full(Full),
}

/// A rebuild that plans every output.
#[derive(Clone, Copy)]
enum Full {
    /// Nothing rendered, static files copied: no rendered file reads them
    /// but through the assets' hashed names, which must be as they were.
    Statics,
    /// Every output planned, those whose fingerprint changed rendered: the
    /// structure changed (a page added, removed, moved in its lists, a home,
    /// section or plain page edited, which the navigation or every item page
    /// of a section shows).
    Compare,
    /// Every output rendered: config, data, the theme or the day (the
    /// public-comment pages count days) changed what every file is made
    /// from, and fingerprints hold none of those.
    Everything,
}

struct State {
    config: Loaded<Option<Config>>,
    data: Loaded<Data>,
    pages: PageSet,
    theme: Option<Theme>,
    theme_diags: Diagnostics,
    theme_sources: Sources,
}

/// What a changed path asks to reload.
#[derive(Debug, PartialEq, Eq)]
enum Change {
    Config,
    Data,
    /// A file under data/scoring/: may need only the results pages redone.
    Scoring,
    /// A file under static/ (the site's or a theme's): copied, nothing rendered.
    Static,
    /// A template file (the site's or a theme's), by template name.
    Template(String),
    Page(String),
    /// A photo or document (site path): in a bundle, or in static/ (then
    /// also copied as `Static` is).
    Media(String),
    /// A folder under content/ appeared, went or was renamed (relative to
    /// content/, empty for content/ itself).
    ContentTree(String),
    Theme,
    Ignore,
}

fn classify(root: &Path, path: &Path) -> Change {
    let Ok(rel) = path.strip_prefix(root) else {
        return Change::Ignore;
    };
    let rel = crate::diag::display_path(Path::new(""), rel);
    let rel = crate::text::nfc(&rel);
    if rel == crate::config::FILE {
        Change::Config
    } else if rel.starts_with("data/scoring/") && !path.is_dir() {
        Change::Scoring
    } else if rel.starts_with("data/") || rel == "data" {
        Change::Data
    } else if let Some(file) = rel.strip_prefix("content/") {
        if file.ends_with(".md") && !path.is_dir() {
            Change::Page(file.to_owned())
        } else if crate::images::ext(file).is_some() && !path.is_dir() {
            Change::Media(rel.clone())
        } else if path.is_dir() || !path.exists() {
            Change::ContentTree(file.to_owned())
        } else {
            Change::Ignore
        }
    } else if rel == "content" {
        Change::ContentTree(String::new())
    } else if (rel.starts_with("static/") || (rel.starts_with("themes/") && rel.split('/').nth(2) == Some("static")))
        && !path.is_dir()
    {
        Change::Static
    } else if let Some(name) = template_name(&rel).filter(|name| is_template_file(path, name)) {
        Change::Template(name.to_owned())
    } else if ["templates", "themes", "static"]
        .iter()
        .any(|d| rel == *d || rel.starts_with(&format!("{d}/")))
    {
        Change::Theme
    } else {
        Change::Ignore
    }
}

/// A template path names a file if it is one, or, once gone, if its name has
/// an extension: a folder of templates that went is a theme change.
fn is_template_file(path: &Path, name: &str) -> bool {
    if path.exists() {
        !path.is_dir()
    } else {
        name.rsplit('/').next().is_some_and(|f| f.contains('.'))
    }
}

/// `templates/x.html` or `themes/<theme>/templates/x.html` → `x.html`.
fn template_name(rel: &str) -> Option<&str> {
    rel.strip_prefix("templates/").or_else(|| {
        let rest = rel.strip_prefix("themes/")?;
        let (_, rest) = rest.split_once('/')?;
        rest.strip_prefix("templates/")
    })
}

impl Incremental {
    pub fn new(opts: BuildOptions) -> Self {
        Incremental {
            opts,
            state: None,
            known: Known::new(),
            pending_pages: BTreeSet::new(),
            pending_full: true,
            pending_results: false,
            pending_statics: false,
            pending_templates: BTreeSet::new(),
            statics_written: BTreeSet::new(),
            rendered_assets: None,
            rendered_data: None,
            fingerprints: Default::default(),
            items: Items::default(),
            graph: None,
            rendered_day: None,
            reference_diags: HashMap::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// Applies `changed` (absolute paths; empty means "load everything") and
    /// rebuilds. On failure nothing is written.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuilt {
        let start = Instant::now();
        let laps = crate::build::Laps::new();
        let root = self.opts.root.clone();
        let load = self.opts.load.clone();
        let changes: Vec<Change> = changed.iter().map(|p| classify(&root, p)).collect();
        match &mut self.state {
            Some(state) if !changed.is_empty() => {
                for (change, path) in changes.iter().zip(changed) {
                    match change {
                        Change::Config => {
                            state.config = site::load_config(&root, &load);
                            self.pending_full = true;
                            // Pages write attachment notes in the site's language.
                            let lang = state.config.language();
                            if lang != state.pages.lang {
                                state.pages = PageSet::load(&root, &load, lang);
                            }
                        }
                        Change::Data => {
                            state.data = site::load_data(&root);
                            self.pending_full = true;
                        }
                        Change::Scoring => {
                            state.data = site::load_data(&root);
                            self.pending_results = true;
                        }
                        Change::Page(rel) => {
                            state.pages.reload(&root, rel, &load);
                            self.pending_pages.insert(rel.clone());
                        }
                        Change::Media(file) => {
                            // The pages' keys cover their photos' bytes: reloaded,
                            // they are re-rendered (and their copies made) as edits.
                            for rel in state.pages.showing(file) {
                                state.pages.reload(&root, &rel, &load);
                                self.pending_pages.insert(rel);
                            }
                        }
                        Change::ContentTree(dir) => {
                            let now = PageSet::list(&root);
                            let had = state.pages.files();
                            for rel in had.iter().filter(|r| !now.contains(r)) {
                                state.pages.remove(rel);
                                self.pending_pages.insert(rel.clone());
                            }
                            // A folder moved into place may hold files of the
                            // same names as before with other texts.
                            let prefix = format!("{dir}/");
                            let inside = |rel: &str| dir.is_empty() || rel.starts_with(&prefix);
                            for rel in now.iter().filter(|r| !had.contains(*r) || inside(r)) {
                                state.pages.reload(&root, rel, &load);
                                self.pending_pages.insert(rel.clone());
                            }
                        }
                        Change::Static => {
                            self.pending_statics = true;
                            // A photo or document shown by pages: they show its
                            // sizes, or its file's size.
                            let file = path
                                .strip_prefix(&root)
                                .map(|r| crate::text::nfc(&crate::diag::display_path(Path::new(""), r)));
                            if let Ok(file) = file
                                && file.starts_with("static/")
                                && (crate::images::is_image(&file) || crate::images::document_kind(&file).is_some())
                            {
                                for rel in state.pages.showing(&file) {
                                    state.pages.reload(&root, &rel, &load);
                                    self.pending_pages.insert(rel);
                                }
                            }
                            // A document's file: its size is on the register's
                            // pages, and a file that went is an error there.
                            if path.starts_with(root.join("static"))
                                && root.join(crate::documents::DOCUMENTS_FILE).exists()
                            {
                                let again = site::load_data(&root);
                                if again.value.documents != state.data.value.documents
                                    || again.diags != state.data.diags
                                {
                                    state.data = again;
                                    self.pending_full = true;
                                }
                            }
                        }
                        // A site shortcode's template is in the pages
                        // that use it, which no template names.
                        Change::Template(name) if name.starts_with("shortcodes/") => {
                            self.pending_full = true;
                        }
                        Change::Template(name) => {
                            self.pending_templates.insert(name.clone());
                        }
                        Change::Theme | Change::Ignore => {}
                    }
                }
                // The theme's name lives in site.yaml.
                if changes.iter().any(|c| matches!(c, Change::Theme | Change::Config)) {
                    self.pending_full = true;
                }
                if changes
                    .iter()
                    .any(|c| matches!(c, Change::Theme | Change::Config | Change::Static | Change::Template(_)))
                {
                    state.reload_theme(&root);
                }
            }
            _ => {
                let config = site::load_config(&root, &load);
                let lang = config.language();
                let mut state = State {
                    config,
                    data: site::load_data(&root),
                    pages: PageSet::load(&root, &load, lang),
                    theme: None,
                    theme_diags: Diagnostics::new(),
                    theme_sources: Sources::default(),
                };
                state.reload_theme(&root);
                self.state = Some(state);
                self.pending_full = true;
            }
        }
        laps.at("changes loaded");
        let mut out = self.render_and_write();
        out.millis = start.elapsed().as_millis();
        out
    }

    fn render_and_write(&mut self) -> Rebuilt {
        let lap = crate::build::Laps::new();
        let mut diags = Diagnostics::new();
        let mut sources = Sources::default();
        let Some(state) = self.state.as_mut() else {
            return failed(diags, sources);
        };
        diags.extend(state.config.diags.iter().cloned());
        diags.extend(state.data.diags.iter().cloned());
        diags.extend(state.theme_diags.iter().cloned());
        sources.extend(state.config.sources.clone());
        sources.extend(state.data.sources.clone());
        sources.extend(state.theme_sources.clone());
        for ds in state.pages.errors.values() {
            diags.extend(ds.iter().cloned());
        }
        // Without a theme the pages are still checked, as a build checks
        // them: their problems are reported beside the theme's (`write`
        // refuses to go on without a theme).
        let Some(config) = state.config.value.clone() else {
            return failed(diags, sources);
        };
        if let Err(d) = output::check_output_dir(&self.opts.root, &self.opts.output) {
            diags.push(d);
        }
        // The site borrows the loaded parts for this build and gives them back.
        let data = std::mem::take(&mut state.data.value);
        let pages = std::mem::take(&mut state.pages.pages);
        let mut site = Site::assemble(&self.opts.root, config, data, pages, &self.opts.load);
        lap.at("assemble");
        // Fast when only pages changed since the output was written, and
        // nothing other pages show of them: then only they need checking and
        // rendering, and walking every page (slow on a large, idle site) is
        // avoided.
        // A new day (the moment read from the clock) changes what the
        // public-comment pages say: render everything, which compares
        // every fingerprint.
        let new_day = !site.proposals.is_empty() && self.rendered_day != Some(site.moment.today());
        // Shortcodes show data: every rebuild fills them in again (what they
        // read is in their pages' `deps`, which the graph compares), also
        // beside other errors, as `build` does.
        let mut expanded = Diagnostics::new();
        if let Some(theme) = self.state.as_ref().and_then(|s| s.theme.as_ref()) {
            expanded.extend(crate::render::shortcodes::expand(&mut site, theme));
        }
        lap.at("shortcodes");
        let scope = self.scope(&site, new_day);
        lap.at("scope");
        match scope {
            Scope::Dirty(_) | Scope::Full(Full::Compare) => {
                for rel in &self.pending_pages {
                    let found = site
                        .pages
                        .get(rel)
                        .map(|p| site.check_references_of(std::iter::once(p)));
                    self.reference_diags.insert(rel.clone(), found.unwrap_or_default());
                }
            }
            // Pages, units and clusters are as last checked.
            Scope::Full(Full::Statics) => {}
            Scope::Full(Full::Everything) => {
                self.reference_diags.clear();
                for d in site.check_references() {
                    let rel = d.file.strip_prefix("content/").unwrap_or(&d.file).to_owned();
                    self.reference_diags.entry(rel).or_default().push(d);
                }
            }
        }
        for ds in self.reference_diags.values() {
            diags.extend(ds.iter().cloned());
        }
        diags.extend(expanded);
        lap.at("references");
        let result = if diags.has_errors() {
            Err(())
        } else {
            self.write(&site, scope, &mut diags)
        };
        lap.at("written");
        // Snippets need the texts of only the files that have diagnostics.
        if let Some(state) = self.state.as_ref() {
            for d in diags.iter() {
                if let Some(text) = d
                    .file
                    .strip_prefix("content/")
                    .and_then(|rel| state.pages.texts.get(rel))
                {
                    sources.insert(d.file.clone(), text.clone());
                }
            }
        }
        let day = site.moment.today();
        let (_, data, pages) = site.disassemble();
        if let Some(state) = self.state.as_mut() {
            state.data.value = data;
            state.pages.pages = pages;
        }
        match result {
            Ok((stats, work, rendered)) => {
                lap.at("done");
                self.rendered_day = Some(day);
                diags.sort();
                Rebuilt {
                    diags,
                    sources,
                    stats: Some(stats),
                    work,
                    rendered,
                    millis: 0,
                }
            }
            Err(()) => failed(diags, sources),
        }
    }

    /// Whether static files can be copied without planning: none clashes
    /// with a rendered file, and the generated files they replace are as
    /// the last render left them. If not, a full render redoes or refuses
    /// it, with the errors a build gives.
    fn statics_fit(&self) -> bool {
        let Some(theme) = self.state.as_ref().and_then(|s| s.theme.as_ref()) else {
            return false;
        };
        let rendered = self.fingerprints.keys().map(String::as_str);
        // A stylesheet or script with a new hashed name changes the pages
        // that link it.
        self.rendered_assets.as_ref() == Some(&theme.assets)
            && render::statics::clashes(&theme.statics, rendered).is_empty()
            && render::statics::REPLACEABLE
                .iter()
                .all(|f| theme.statics.contains_key(*f) != self.fingerprints.contains_key(*f))
    }

    /// What the pending changes ask to plan.
    fn scope(&self, site: &Site, new_day: bool) -> Scope {
        let Some(graph) = self.graph.as_ref() else {
            return Scope::Full(Full::Everything);
        };
        if self.pending_full || new_day {
            return Scope::Full(Full::Everything);
        }
        if self.pending_statics {
            let only = !self.pending_results && self.pending_pages.is_empty() && self.pending_templates.is_empty();
            return if only && self.statics_fit() {
                Scope::Full(Full::Statics)
            } else {
                Scope::Full(Full::Everything)
            };
        }
        // Item values depend on units, clusters and which seasons exist
        // (items link their cluster's page only if it has seasons).
        if self.pending_results && self.rendered_data.as_ref().is_none_or(|d| *d != DataShape::of(site)) {
            return Scope::Full(Full::Everything);
        }
        let templates = match self.state.as_ref().and_then(|s| s.theme.as_ref()) {
            Some(theme) if !self.pending_templates.is_empty() => theme.affected_by(&self.pending_templates),
            _ => BTreeSet::new(),
        };
        match graph.dirty(site, &templates) {
            Some(changed) => Scope::Dirty(changed),
            None => Scope::Full(Full::Compare),
        }
    }

    /// Records what a render that covered every job (built or kept) left in the output.
    fn after_render(&mut self, site: &Site, r: render::Rendered) {
        self.rendered_assets = self
            .state
            .as_ref()
            .and_then(|s| s.theme.as_ref())
            .map(|t| t.assets.clone());
        self.statics_written = r.output.statics.into_keys().collect();
        self.fingerprints = r.fingerprints;
        self.graph = r.graph;
        self.rendered_data = Some(DataShape::of(site));
    }

    /// Renders what the pending changes need and writes it.
    fn write(&mut self, site: &Site, scope: Scope, diags: &mut Diagnostics) -> Result<Written, ()> {
        let full = match scope {
            Scope::Dirty(changed) => match self.write_dirty(site, changed) {
                Some(result) => return self.finish(result.0, diags, result.1),
                // A plan of the dirty outputs that no longer lines up with
                // the graph (a structure the graph's checks missed).
                None => Full::Compare,
            },
            Scope::Full(full) => full,
        };
        let (result, output_failed) = self.write_full(site, full);
        self.finish(result, diags, output_failed)
    }

    /// Renders and writes the dirty outputs; `None` when their plan does
    /// not line up with the graph. The flag says the output was touched
    /// by a write that failed.
    fn write_dirty(&mut self, site: &Site, changed: Changed) -> Option<(Result<Written, Vec<Diagnostic>>, bool)> {
        let Some(theme) = self.state.as_ref().and_then(|s| s.theme.as_ref()) else {
            return Some((Err(Vec::new()), false));
        };
        let (files, fps) = match render::render_dirty(site, theme, &self.fingerprints, &changed, &mut self.items) {
            Ok(Some(done)) => done,
            Ok(None) => return None,
            Err(ds) => return Some((Err(ds), false)),
        };
        let planned = fps.len();
        let n = files.len();
        let files = files.into_iter().collect();
        let written = match output::write_files(&self.opts.place(), &files, &mut self.known) {
            Ok(stats) => stats,
            Err(d) => return Some((Err(vec![d]), true)),
        };
        self.fingerprints.extend(fps);
        if let Some(graph) = self.graph.as_mut() {
            graph.commit(changed);
        }
        let work = format!(
            "re-rendered {n} file{} ({planned} of {} read what changed)",
            plural(n),
            self.fingerprints.len()
        );
        Some((Ok((written, work, Some(files.into_keys().collect()))), false))
    }

    /// Plans every output and writes what `full` asks.
    fn write_full(&mut self, site: &Site, full: Full) -> (Result<Written, Vec<Diagnostic>>, bool) {
        let Some(theme) = self.state.as_ref().and_then(|s| s.theme.as_ref()) else {
            return (Err(Vec::new()), false);
        };
        let place = self.opts.place();
        // A write that failed part way may have moved some files into place.
        let output_failed = std::cell::Cell::new(false);
        let failed = |d| {
            output_failed.set(true);
            vec![d]
        };
        let result = match full {
            Full::Statics => {
                // `statics_fit` chose this: no static file clashes.
                let statics = theme.statics.clone();
                let n = statics.len();
                let now: BTreeSet<&str> = self
                    .fingerprints
                    .keys()
                    .chain(statics.keys())
                    .map(String::as_str)
                    .collect();
                let before = self
                    .fingerprints
                    .keys()
                    .chain(&self.statics_written)
                    .map(String::as_str);
                let r = output::write_changes(
                    &place,
                    &Default::default(),
                    statics.iter(),
                    &now,
                    before,
                    &mut self.known,
                );
                if r.is_ok() {
                    self.statics_written = statics.into_keys().collect();
                }
                r.map(|s| {
                    (
                        s,
                        format!("copied static files ({n} in all, nothing rendered)"),
                        Some(Vec::new()),
                    )
                })
                .map_err(failed)
            }
            Full::Compare => {
                render::render_changed(site, theme, Some(&self.fingerprints), &mut self.items).and_then(|r| {
                    let n = r.output.files.len();
                    let now: BTreeSet<&str> = r
                        .fingerprints
                        .keys()
                        .chain(r.output.statics.keys())
                        .map(String::as_str)
                        .collect();
                    // Static files already in the output are as the last write left them.
                    let statics = r
                        .output
                        .statics
                        .iter()
                        .filter(|(k, _)| !self.statics_written.contains(*k));
                    let before = self
                        .fingerprints
                        .keys()
                        .chain(&self.statics_written)
                        .map(String::as_str);
                    let stats = output::write_changes(&place, &r.output.files, statics, &now, before, &mut self.known)
                        .map_err(failed)?;
                    let rendered = r.output.files.keys().cloned().collect();
                    self.after_render(site, r);
                    let all = self.fingerprints.len();
                    let work = format!("re-rendered {n} of {all} files (the site's structure changed)");
                    Ok((stats, work, Some(rendered)))
                })
            }
            Full::Everything => {
                // Item values depend on config and data, which may have changed.
                self.items.clear();
                render::render_changed(site, theme, None, &mut self.items).and_then(|r| {
                    let n = r.output.files.len() + r.output.statics.len();
                    let stats = output::write_with(&place, &r.output, &mut self.known).map_err(failed)?;
                    self.after_render(site, r);
                    Ok((stats, format!("rebuilt everything: rendered {n} files"), None))
                })
            }
        };
        (result, output_failed.get())
    }

    /// Clears what was pending once written; after a failed write, what is
    /// on disk is no longer known file by file.
    fn finish(
        &mut self,
        result: Result<Written, Vec<Diagnostic>>,
        diags: &mut Diagnostics,
        output_failed: bool,
    ) -> Result<Written, ()> {
        match result {
            Ok(done) => {
                self.pending_pages.clear();
                self.pending_full = false;
                self.pending_results = false;
                self.pending_statics = false;
                self.pending_templates.clear();
                Ok(done)
            }
            Err(ds) => {
                if output_failed {
                    // The next rebuild renders everything and compares.
                    self.fingerprints.values_mut().for_each(|fp| *fp = None);
                    self.pending_full = true;
                }
                diags.extend(ds);
                Err(())
            }
        }
    }
}

/// What a rebuild wrote: the stats, what was redone, and which files were rendered.
type Written = (Stats, String, Option<Vec<String>>);

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn failed(diags: Diagnostics, sources: Sources) -> Rebuilt {
    let mut diags = diags;
    diags.sort();
    Rebuilt {
        diags,
        sources,
        stats: None,
        work: String::new(),
        rendered: None,
        millis: 0,
    }
}

impl State {
    fn reload_theme(&mut self, root: &Path) {
        let name = self
            .config
            .value
            .as_ref()
            .map_or("default", |c| c.theme.as_str())
            .to_owned();
        let mut diags = Diagnostics::new();
        let mut sources = Sources::default();
        self.theme = render::theme::load(root, &name, &mut diags, &mut sources);
        self.theme_diags = diags;
        self.theme_sources = sources;
    }
}

/// For tests and tools: a diagnostic list as one-line strings.
pub fn one_lines(diags: &Diagnostics) -> Vec<String> {
    diags.iter().map(Diagnostic::one_line).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_changes() {
        let root = Path::new("/site");
        assert_eq!(classify(root, Path::new("/site/site.yaml")), Change::Config);
        assert_eq!(classify(root, Path::new("/site/data/units.yaml")), Change::Data);
        assert_eq!(
            classify(root, Path::new("/site/content/tin-tuc/a.md")),
            Change::Page("tin-tuc/a.md".into())
        );
        assert_eq!(
            classify(root, Path::new("/site/content/gone-folder")),
            Change::ContentTree("gone-folder".into())
        );
        assert_eq!(
            classify(root, Path::new("/site/templates/gone-partials")),
            Change::Theme
        );
        assert_eq!(
            classify(root, Path::new("/site/templates/page.html")),
            Change::Template("page.html".into())
        );
        assert_eq!(classify(root, Path::new("/site/static/a.png")), Change::Static);
        assert_eq!(classify(root, Path::new("/site/themes/x/static/a.css")), Change::Static);
        assert_eq!(
            classify(root, Path::new("/site/themes/x/templates/a.html")),
            Change::Template("a.html".into())
        );
        assert_eq!(
            classify(root, Path::new("/site/templates/partials/b.html")),
            Change::Template("partials/b.html".into())
        );
        assert_eq!(classify(root, Path::new("/site/themes")), Change::Theme);
        assert_eq!(classify(root, Path::new("/site/public/index.html")), Change::Ignore);
        assert_eq!(classify(root, Path::new("/elsewhere/x")), Change::Ignore);
    }
}
