//! Rendering: a pure function from the loaded site and theme to output bytes.
//! Planning lists every page; rendering runs the templates in parallel.

pub mod assets;
pub mod chart;
pub mod context;
pub(crate) mod documents;
pub mod engine;
mod feeds;
pub mod graph;
pub mod index;
pub mod items;
pub mod labels;
mod links;
pub mod lists;
mod media;
mod news;
mod paginate;
pub mod plan;
mod proposals;
pub mod results;
mod search;
pub mod shortcodes;
pub mod statics;
mod tag_pages;
pub mod template;
pub mod theme;
mod tvalue;
mod unit_pages;
pub mod views;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::site::Site;
use crate::urls::{Urls, has_own_url};
use plan::Body;
use template::Template;
pub use theme::{Bytes, Theme};
use views::NavEntry;

/// Everything a build writes: rendered files and static files to copy.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
    pub statics: BTreeMap<String, Bytes>,
}

pub fn render(site: &Site, theme: &Theme) -> Result<Output, Vec<Diagnostic>> {
    render_changed(site, theme, None, &mut items::Items::default()).map(|r| r.output)
}

/// A render that may have built only some files.
pub struct Rendered {
    /// The files built, and the static files.
    pub output: Output,
    /// The fingerprint of every rendered file, built or kept.
    pub fingerprints: plan::Fingerprints,
    /// What each file read, for later rebuilds of only what changed.
    pub graph: Option<graph::Graph>,
}

/// Renders the site, building only the files whose fingerprint differs from
/// `previous` (every file when it is `None`). The caller guarantees that
/// config, data and theme are as they were when `previous` was rendered, and
/// that `cache` holds values made under the current config and data.
pub fn render_changed(
    site: &Site,
    theme: &Theme,
    previous: Option<&plan::Fingerprints>,
    cache: &mut items::Items,
) -> Result<Rendered, Vec<Diagnostic>> {
    let (files, fingerprints, graph) = render_with(site, theme, previous, cache, true, |job, bytes| {
        Ok((job.file.clone(), bytes))
    })?;
    // Planning refused every static file at a generated path but those
    // that replace one.
    let statics = theme.statics.clone();
    Ok(Rendered {
        output: Output {
            files: files.into_iter().collect(),
            statics,
        },
        fingerprints,
        graph,
    })
}

/// What a plan of the dirty jobs rendered: each file's bytes, and the
/// fingerprint of every job planned (rendered or kept).
pub type Dirtied = (Vec<(String, Vec<u8>)>, Vec<(String, Option<u64>)>);

/// Renders only the jobs `changed` names (see [`graph`]); `None` when they
/// no longer line up with the recorded plan, so the site must be planned
/// in full. Same guarantees from the caller as [`render_changed`].
pub fn render_dirty(
    site: &Site,
    theme: &Theme,
    previous: &plan::Fingerprints,
    changed: &graph::Changed,
    cache: &mut items::Items,
) -> Result<Option<Dirtied>, Vec<Diagnostic>> {
    let laps = crate::build::Laps::new();
    let dirty = &changed.dirty;
    let urls = Urls::new(&site.config);
    // The structure is the last full plan's, and so are the lists.
    let Some(idx) = changed.lists.index(site, &urls, cache) else {
        return Ok(None);
    };
    #[cfg(debug_assertions)]
    {
        let mut scratch = items::Items::default();
        let fresh = plan::index(site, &urls, &mut scratch);
        debug_assert!(lists::same(&idx, &fresh), "the kept lists are not the site's");
    }
    laps.at("index");
    let nav = plan::nav(site, &urls);
    let Some(planned) = plan::plan(
        site,
        &urls,
        &idx,
        &nav,
        Some(previous),
        plan::Planning::Only(dirty),
        &theme.statics,
    )?
    else {
        return Ok(None);
    };
    laps.at("plan of the dirty jobs");
    let files = render_each(site, theme, &urls, &nav, &planned.jobs, |job, bytes| {
        Ok((job.file.clone(), bytes))
    })?;
    laps.at("render");
    let fps = planned.jobs.into_iter().map(|j| (j.file, j.fp)).collect();
    Ok(Some((files, fps)))
}

/// Renders every file of the site, handing each one's bytes to `sink` as
/// soon as it is made (from any thread) instead of keeping them: a build's
/// memory then does not grow with its output. Returns what `sink` returned,
/// in job order, and the fingerprint of every file; with `previous`, jobs
/// whose fingerprint is unchanged are not rendered. Static files are the
/// caller's (`theme.statics`).
pub fn render_streamed<T: Send>(
    site: &Site,
    theme: &Theme,
    previous: Option<&plan::Fingerprints>,
    sink: impl Fn(&plan::Job, Vec<u8>) -> Result<T, Diagnostic> + Sync,
) -> Result<(Vec<T>, plan::Fingerprints), Vec<Diagnostic>> {
    render_with(site, theme, previous, &mut items::Items::default(), false, sink).map(|(out, fps, _)| (out, fps))
}

fn render_with<T: Send>(
    site: &Site,
    theme: &Theme,
    previous: Option<&plan::Fingerprints>,
    cache: &mut items::Items,
    // Only watch mode rebuilds from the graph of what each file read.
    want_graph: bool,
    sink: impl Fn(&plan::Job, Vec<u8>) -> Result<T, Diagnostic> + Sync,
) -> Result<(Vec<T>, plan::Fingerprints, Option<graph::Graph>), Vec<Diagnostic>> {
    let laps = crate::build::Laps::new();
    let urls = Urls::new(&site.config);
    let idx = plan::index(site, &urls, cache);
    laps.at("index");
    let nav = plan::nav(site, &urls);
    let planning = if want_graph {
        plan::Planning::Recorded
    } else {
        plan::Planning::Full
    };
    // A full plan always lines up.
    let planned = plan::plan(site, &urls, &idx, &nav, previous, planning, &theme.statics)?.unwrap_or_default();
    laps.at("plan");
    let out = render_each(site, theme, &urls, &nav, &planned.jobs, sink)?;
    laps.at("render");
    let graph = want_graph.then(|| graph::Graph::of(site, &planned, lists::Lists::of(site, &idx)));
    let mut fingerprints = plan::Fingerprints::with_capacity_and_hasher(planned.jobs.len(), Default::default());
    for job in planned.jobs {
        fingerprints.insert(job.file, job.fp);
    }
    Ok((out, fingerprints, graph))
}

/// Renders jobs in parallel, except those kept, and hands each one's bytes
/// to `sink`; returns what it returned, in job order. Every failing job is
/// reported; a failing `sink` (a full disk) stops the jobs after it.
pub fn render_each<T: Send>(
    site: &Site,
    theme: &Theme,
    urls: &Urls,
    nav: &[(String, String)],
    jobs: &[plan::Job],
    sink: impl Fn(&plan::Job, Vec<u8>) -> Result<T, Diagnostic> + Sync,
) -> Result<Vec<T>, Vec<Diagnostic>> {
    let mut shared = tera::Context::new();
    shared.insert("site", &context::site_view(site, urls));
    shared.insert("t", &context::words_json(site.config.language));
    let assets: BTreeMap<&str, String> = theme.assets.iter().map(|(k, v)| (k.as_str(), urls.url(v))).collect();
    shared.insert("assets", &assets);

    // A template past the render limit usually fails every page it renders,
    // each after a second or more: after the first such job (in job order)
    // the later jobs are skipped, and only errors up to it are reported, so
    // which page is named does not depend on thread timing. A sink that
    // fails (it writes files) would fail again for every job: the same rule.
    let first_limit = AtomicUsize::new(usize::MAX);
    // `None` for a job kept as the output has it (or skipped).
    let results: Vec<Result<Option<T>, Diagnostic>> = jobs
        .par_iter()
        .enumerate()
        .map(|(i, job)| {
            if i > first_limit.load(Ordering::Relaxed) {
                return Ok(None);
            }
            let bytes = match &job.body {
                Body::Kept => return Ok(None),
                Body::Json(v) => {
                    serde_json::to_vec(v).map_err(|e| Diagnostic::error(&job.file, None, e.to_string()))?
                }
                Body::Bytes(b) => b.clone(),
                Body::Published { owner, file } => file.bytes().map_err(|e| {
                    Diagnostic::error(owner, None, format!("cannot publish /{}: {e}", job.file))
                        .with_hint("the file changed or went while the site was built; build again")
                })?,
                body @ (Body::Template { .. } | Body::Item(_)) => {
                    let Some((name, vars)) = vars_of(site, urls, body) else {
                        return Err(Diagnostic::error(&job.file, None, "its page is not in the site"));
                    };
                    let mut ctx = shared.clone();
                    let nav: Vec<NavEntry> = nav
                        .iter()
                        .map(|(title, path)| NavEntry {
                            title,
                            url: urls.url(path),
                            active: if path.is_empty() {
                                job.path.is_empty()
                            } else {
                                job.path.starts_with(path.as_str())
                            },
                        })
                        .collect();
                    ctx.insert("nav", &nav);
                    let canonical = has_own_url(&job.file).then(|| urls.permalink(&job.path));
                    ctx.insert("current_url", &canonical);
                    ctx.insert("current_path", &urls.url(&job.path));
                    ctx.insert("page_title", &job.title);
                    for (k, v) in vars.iter() {
                        ctx.insert_value(*k, v.value());
                    }
                    match theme.tera.render(name.file(), &ctx) {
                        Ok(text) => text.into_bytes(),
                        Err(e) => {
                            if limit_of(&e).is_some() {
                                first_limit.fetch_min(i, Ordering::Relaxed);
                            }
                            return Err(render_error(theme, &job.file, &e));
                        }
                    }
                }
            };
            match sink(job, bytes) {
                Ok(t) => Ok(Some(t)),
                Err(d) => {
                    first_limit.fetch_min(i, Ordering::Relaxed);
                    Err(d)
                }
            }
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    let last = first_limit.into_inner();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(Some(t)) => out.push(t),
            Ok(None) => {}
            Err(d) if i <= last => errors.push(d),
            Err(_) => {}
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The template and variables of a job made from one (`None` for other
/// jobs, and for an item page whose page is gone); an item page's are made
/// here, when it is rendered.
pub fn vars_of<'a>(site: &Site, urls: &Urls, body: &'a Body) -> Option<(Template, std::borrow::Cow<'a, engine::Vars>)> {
    match body {
        Body::Template { name, vars } => Some((*name, std::borrow::Cow::Borrowed(vars))),
        Body::Item(it) => {
            let page = site.pages.get(&it.rel)?;
            let vars = news::item_vars(
                urls,
                (&it.section_title, &it.section_path),
                page,
                it.item.as_deref(),
                it.older.as_deref(),
                it.newer.as_deref(),
            );
            Some((Template::Item, std::borrow::Cow::Owned(vars)))
        }
        Body::Json(_) | Body::Bytes(_) | Body::Published { .. } | Body::Kept => None,
    }
}

fn limit_of(e: &tera::Error) -> Option<tera::Limit> {
    match e.kind() {
        tera::ErrorKind::RenderingError(r) => r.limit(),
        _ => None,
    }
}

fn render_error(theme: &Theme, output: &str, e: &tera::Error) -> Diagnostic {
    let d = theme::template_error_with(e, |name| theme.templates.get(name).map(|(shown, _)| shown.clone()));
    let why = match limit_of(e) {
        None => String::new(),
        Some(tera::Limit::Steps) => format!(
            "; a page may take at most {} million template steps: look for a loop that never ends, \
             or loops nested over large lists",
            theme::RENDER_STEPS / 1_000_000
        ),
        Some(tera::Limit::Bytes) => format!(
            "; no page, string or list may be over {} MiB: look for a value that keeps growing in a loop, \
             such as `{{% set s = s ~ s %}}`",
            theme::RENDER_BYTES >> 20
        ),
    };
    d.with_hint(format!("while rendering {output}{why}"))
}
