//! One build: the saved state → load → render (only what changed) → write
//! → the new state, with every diagnostic collected.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use xxhash_rust::xxh3::Xxh3;

use rayon::prelude::*;

use crate::cache;
use crate::compress;
use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::moment::Moment;
use crate::output::{self, Known, Stats};
use crate::render::{self, Theme};
use crate::site::{self, LoadOptions, Site};
use crate::state::{self, State, Unusable};

#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    /// The cache folder; `None` for the site's own (`cache::dir`).
    pub cache: Option<PathBuf>,
    pub load: LoadOptions,
}

impl BuildOptions {
    /// Output defaults to ROOT/public.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            cache: None,
            load: LoadOptions::default(),
        }
    }

    /// Where this build writes: its output folder and cache folder.
    pub fn place(&self) -> output::Place {
        output::Place {
            out: self.output.clone(),
            cache: self
                .cache
                .clone()
                .unwrap_or_else(|| cache::dir(&self.root, &self.output)),
        }
    }
}

pub struct Report {
    pub diags: Diagnostics,
    pub sources: Sources,
    /// Set when the output was written.
    pub stats: Option<Stats>,
    pub files: usize,
    /// How many files were rendered (the rest were kept as they were).
    pub rendered: usize,
    /// Why the saved build state was not used, when that is news.
    pub notice: Option<String>,
    pub elapsed: Duration,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.stats.is_some() && !self.diags.has_errors()
    }
}

/// The build options that change what is rendered.
fn options_hash(opts: &BuildOptions) -> u64 {
    let mut h = Xxh3::new();
    h.update(&[u8::from(opts.load.drafts)]);
    if let Some(b) = &opts.load.base_url {
        h.update(&[1]);
        h.update(b.as_bytes());
    }
    h.update(opts.output.as_os_str().as_encoded_bytes());
    h.digest()
}

/// Every input file and the build moment, which decides what the
/// public-comment pages say: another moment is not the fast path. It is
/// not an option: the pages that show it hold it in their fingerprints, so
/// the others are kept. A site without proposals shows it nowhere (a daily
/// build of it stays the fast path).
fn inputs_hash(opts: &BuildOptions, moment: &Moment) -> u64 {
    let files = state::inputs_hash(&opts.root);
    if !opts.root.join(crate::proposals::PROPOSALS_DIR).is_dir() {
        return files;
    }
    let mut h = Xxh3::new();
    h.update(&files.to_le_bytes());
    h.update(moment.state_key().as_bytes());
    h.digest()
}

/// What fingerprints leave out (see `render::plan::Fp`): config, units,
/// clusters, which seasons exist and the theme. Fingerprints saved under
/// another context are not compared. Hashed from the files themselves:
/// the site's top-level files and data/ but its scoring files (a season's
/// scores are in the fingerprints of the pages that show them).
fn context_hash(root: &std::path::Path, site: &Site, theme: &Theme) -> u64 {
    let mut h = Xxh3::new();
    h.update(&state::files_hash(root, &["data"], &["data/scoring"]).to_le_bytes());
    for (name, (_, hash)) in &theme.templates {
        h.update(name.as_bytes());
        h.update(&hash.to_le_bytes());
    }
    // Every page links the hashed stylesheet: a new hash is a new page.
    for (rel, name) in &theme.assets {
        h.update(rel.as_bytes());
        h.update(name.as_bytes());
    }
    for r in &site.results {
        h.update(r.season.cluster.as_bytes());
        h.update(&r.season.year.to_le_bytes());
    }
    h.digest()
}

/// The saved state of the last build into `opts.output`, if it can be
/// used, and a notice when one was expected but could not be.
fn previous(opts: &BuildOptions, dir: &std::path::Path, exe: u64) -> (Option<State>, Option<String>) {
    let shown = shown(&dir.join(state::FILE));
    match state::load(dir) {
        Ok(s) if s.exe != exe => (
            None,
            Some(format!(
                "{shown} was saved by another build of bangvang: building everything"
            )),
        ),
        Ok(s) => (Some(s), None),
        Err(Unusable::Missing) => {
            let built_before = std::fs::read_dir(&opts.output).is_ok_and(|mut d| d.next().is_some());
            let notice = built_before.then(|| format!("no saved build state ({shown}): building everything"));
            (None, notice)
        }
        Err(Unusable::Bad(why)) => (None, Some(format!("ignoring {shown}: {why}; building everything"))),
    }
}

/// The site and its theme, with every problem of both. A site that failed
/// to load still names its theme: that one is loaded, so a missing theme is
/// reported with the other errors (serve does the same).
pub fn load_with_theme(
    root: &std::path::Path,
    load: &site::LoadOptions,
) -> (Option<site::Site>, Option<render::theme::Theme>, Diagnostics, Sources) {
    let (site, mut diags, mut sources) = site::load_all(root, load);
    let theme_name = match &site {
        Some(s) => s.config.theme.clone(),
        None => site::load_config(root, load)
            .value
            .map_or_else(|| "default".to_owned(), |c| c.theme),
    };
    let theme = render::theme::load(root, &theme_name, &mut diags, &mut sources);
    let mut site = site;
    // Shortcodes are checked also when other files have errors, so every
    // problem is reported in one run; what failed to load is not checked
    // against (one fault, one error).
    if let (Some(site), Some(theme)) = (&mut site, &theme) {
        diags.extend(render::shortcodes::expand(site, theme));
    }
    let site = site.filter(|_| !diags.has_errors());
    (site, theme, diags, sources)
}

pub fn build(opts: &BuildOptions) -> Report {
    // One moment for the whole build, the clock read once.
    let moment = Moment::resolve(opts.load.now);
    let mut fixed = opts.clone();
    fixed.load.now = Some(moment.at);
    build_at(&fixed, &moment)
}

/// Times since it was made, printed to stderr when BANGVANG_TIMINGS is set.
pub(crate) struct Laps {
    start: Option<Instant>,
}

impl Laps {
    pub(crate) fn new() -> Laps {
        Laps {
            start: std::env::var_os("BANGVANG_TIMINGS").map(|_| Instant::now()),
        }
    }
    pub(crate) fn at(&self, what: &str) {
        if let Some(start) = self.start {
            eprintln!("{what}: {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
        }
    }
}

/// A build at `moment` (`opts.load.now` holds it).
fn build_at(opts: &BuildOptions, moment: &Moment) -> Report {
    let start = Instant::now();
    let laps = Laps::new();
    let lap = |what: &str| laps.at(what);
    let report = |diags: Diagnostics, sources: Sources, stats, files, rendered, notice| {
        let mut diags = diags;
        diags.sort();
        Report {
            diags,
            sources,
            stats,
            files,
            rendered,
            notice,
            elapsed: start.elapsed(),
        }
    };
    let place = opts.place();
    let dir = place.cache.clone();
    let exe = state::exe_hash();
    let options = options_hash(opts);
    let inputs = inputs_hash(opts, moment);
    let (prev, notice) = previous(opts, &dir, exe);
    let prev = prev.filter(|s| s.options == options);
    let intact: Known = prev
        .as_ref()
        .map(|s| {
            state::intact(&opts.output, s)
                .into_iter()
                .map(|(rel, f)| (rel.clone(), f.hash))
                .collect()
        })
        .unwrap_or_default();
    lap("state");
    // Nothing read changed and the output is as the last build left it.
    if let Some(s) = &prev
        && s.inputs == inputs
        && intact.len() == s.files.len()
    {
        let stats = Stats {
            unchanged: s.files.len(),
            ..Stats::default()
        };
        let mut diags = Diagnostics::new();
        diags.extend(s.warnings.iter().cloned());
        let mut sources = Sources::default();
        for (file, text) in &s.texts {
            sources.insert(file.clone(), text.as_str().into());
        }
        return report(diags, sources, Some(stats), s.files.len(), 0, notice);
    }

    let (site, theme, mut diags, mut sources) = load_with_theme(&opts.root, &opts.load);
    lap("load and theme");
    let (Some(site), Some(theme)) = (site, theme) else {
        return report(diags, sources, None, 0, 0, notice);
    };
    if diags.has_errors() {
        return report(diags, sources, None, 0, 0, notice);
    }
    if let Err(d) = output::check_output_dir(&opts.root, &opts.output) {
        diags.push(d);
        return report(diags, sources, None, 0, 0, notice);
    }
    // Every page's text was kept for snippets; rendering points into
    // templates, not pages: keep only the pages a diagnostic points into
    // (on a large site, the texts are a fifth of the memory).
    let pointed: std::collections::HashSet<String> = diags.iter().map(|d| d.file.clone()).collect();
    sources.retain(|file| !file.starts_with("content/") || pointed.contains(file));
    let context = context_hash(&opts.root, &site, &theme);
    // Fingerprints of files still as the last build left them, made under
    // the same context: those files are kept when their fingerprint holds.
    let fingerprints: Option<render::plan::Fingerprints> = prev.as_ref().filter(|s| s.context == context).map(|s| {
        let mut fps: render::plan::Fingerprints = s
            .files
            .iter()
            .filter(|(rel, f)| f.fp.is_some() && intact.contains_key(*rel))
            .map(|(rel, f)| (rel.clone(), f.fp))
            .collect();
        // A file whose compressed copy is gone or edited is made again,
        // and its copy with it.
        for rel in s.files.keys() {
            if let Some(source) = copy_source(rel)
                && s.files.contains_key(source)
                && !fps.contains_key(rel)
            {
                fps.remove(source);
            }
        }
        fps
    });
    lap("context");
    let mut known = intact;
    let written = match write(&site, &theme, &place, fingerprints.as_ref(), &mut known, &lap) {
        Ok(w) => w,
        Err(ds) => {
            diags.extend(ds);
            return report(diags, sources, None, 0, 0, notice);
        }
    };
    let state = State {
        exe,
        options,
        inputs,
        context,
        warnings: diags.iter().cloned().collect(),
        texts: diags
            .iter()
            .filter_map(|d| Some((d.file.clone(), sources.get(&d.file)?.to_string())))
            .collect(),
        files: state::record(
            &opts.output,
            written.files.iter().map(|(rel, fp, new)| {
                // A file not written keeps the stamp it had: if the disk
                // no longer shows it, the next build only compares again.
                let stamp = (!new)
                    .then(|| prev.as_ref().and_then(|s| s.files.get(rel)).map(|f| f.stamp))
                    .flatten();
                (rel.as_str(), *fp, stamp)
            }),
            &known,
        ),
    };
    // The state is a cache: a build that cannot save it still built.
    if let Err(e) = state::save(&dir, &state) {
        diags.push(Diagnostic::warning(
            shown(&dir),
            None,
            format!("cannot save the build state: {e}; the next build will build everything"),
        ));
    }
    lap("state saved");
    let files = written.files.len();
    report(diags, sources, Some(written.stats), files, written.rendered, notice)
}

/// What [`write`] did.
struct Wrote {
    stats: Stats,
    /// Every file of the output, with its fingerprint (`None` for static
    /// files) and whether this write put new bytes there.
    files: Vec<(String, Option<u64>, bool)>,
    rendered: usize,
}

/// Renders the files whose fingerprint differs from `fingerprints` straight
/// into staging files and commits them: only paths and hashes are kept,
/// never the output's bytes. `known` holds the hashes of files known to be
/// on disk as the last build left them, and learns those written.
fn write(
    site: &Site,
    theme: &Theme,
    place: &output::Place,
    fingerprints: Option<&render::plan::Fingerprints>,
    known: &mut Known,
    lap: &dyn Fn(&str),
) -> Result<Wrote, Vec<Diagnostic>> {
    // A folder without a manifest (never made by bangvang, or its cache
    // folder was deleted) is adopted only if it holds nothing but files
    // this build writes; else it is refused, before anything is committed.
    let previous = output::previous(place);
    let stage = output::Stage::open(place, known).map_err(|d| vec![d])?;
    let compress = &site.config.compress;
    let (out, fps) = render::render_streamed(site, theme, fingerprints, |job, bytes| {
        let file = stage.file(&job.file, &bytes)?;
        let copies = copies(&stage, compress, fingerprints, &job.file, &bytes)?;
        Ok((file, copies))
    })?;
    lap("render");
    let rendered = out.len();
    let mut staged = Vec::with_capacity(out.len());
    let mut copied: Vec<(String, Option<u64>)> = Vec::new();
    let mut made: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (file, cs) in out {
        made.insert(file.rel().to_owned());
        staged.push(file);
        for c in cs {
            copied.push((c.rel, Some(c.fp)));
            staged.extend(c.staged);
        }
    }
    // A file kept as it was keeps its copies (its fingerprint held, so its
    // bytes and so its copies' are as the last build left them).
    if let Some(prev) = fingerprints {
        for rel in fps.keys().filter(|rel| !made.contains(*rel)) {
            for k in [compress::Kind::Gzip, compress::Kind::Brotli] {
                let c = compress::copy_path(rel, k);
                if let Some(fp) = prev.get(&c) {
                    copied.push((c, *fp));
                }
            }
        }
    }
    // Planning refused every static file at a generated path but those that
    // replace one.
    let statics = stage.statics(&theme.statics).map_err(|d| vec![d])?;
    staged.extend(statics);
    if compress.any() {
        let cs: Vec<Result<Vec<Copy>, Diagnostic>> = theme
            .statics
            .par_iter()
            .filter(|(rel, _)| compress::is_text(rel))
            .map(|(rel, b)| {
                let bytes = match b {
                    render::Bytes::Embedded(b) => b.to_vec(),
                    render::Bytes::File(p) => std::fs::read(p).map_err(|e| {
                        Diagnostic::error(p.display().to_string(), None, format!("cannot read it: {e}"))
                    })?,
                };
                copies(&stage, compress, fingerprints, rel, &bytes)
            })
            .collect();
        for c in cs {
            for c in c.map_err(|d| vec![d])? {
                copied.push((c.rel, Some(c.fp)));
                staged.extend(c.staged);
            }
        }
    }
    let new: std::collections::HashSet<&str> = staged.iter().filter(|s| s.is_new()).map(|s| s.rel()).collect();
    let mut files: Vec<(String, Option<u64>, bool)> = fps
        .into_iter()
        .chain(theme.statics.keys().map(|rel| (rel.clone(), None)))
        .chain(copied)
        .map(|(rel, fp)| {
            let is_new = new.contains(rel.as_str());
            (rel, fp, is_new)
        })
        .collect();
    let now: BTreeSet<&str> = files.iter().map(|(rel, _, _)| rel.as_str()).collect();
    let before: BTreeSet<&str> = match &previous {
        Ok(files) => files.iter().map(String::as_str).collect(),
        Err(_) if output::holds_only(place, &now) => BTreeSet::new(),
        Err(d) => return Err(vec![d.clone()]),
    };
    let sync = output::Sync {
        now: &now,
        before: &before,
    };
    let written = stage.commit(&staged, Some(sync)).map_err(|d| vec![d])?;
    lap("write");
    let stats = written.record(known);
    files.sort_unstable();
    Ok(Wrote { stats, files, rendered })
}

/// A compressed copy of one output file, staged unless kept.
struct Copy {
    rel: String,
    fp: u64,
    staged: Option<output::Staged>,
}

/// The compressed copies site.yaml asks for of the file `rel`: each one
/// whose fingerprint (its source's bytes) is the one on disk is kept,
/// others are compressed and staged.
fn copies(
    stage: &output::Stage,
    c: &crate::config::Compress,
    previous: Option<&render::plan::Fingerprints>,
    rel: &str,
    bytes: &[u8],
) -> Result<Vec<Copy>, Diagnostic> {
    let mut out = Vec::new();
    for k in compress::kinds(c, rel, bytes.len()) {
        let path = compress::copy_path(rel, k);
        let fp = compress::fingerprint(bytes, k);
        let staged = if previous.and_then(|p| p.get(&path)) == Some(&Some(fp)) {
            None
        } else {
            Some(stage.file(&path, &k.compress(bytes))?)
        };
        out.push(Copy { rel: path, fp, staged });
    }
    Ok(out)
}

/// The file a compressed copy was made from (`x.html.gz` → `x.html`).
fn copy_source(rel: &str) -> Option<&str> {
    rel.strip_suffix(".gz").or_else(|| rel.strip_suffix(".br"))
}

/// `ROOT/public` shown relative to the current folder when possible.
pub fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
        .unwrap_or_else(|| path.display().to_string())
}
