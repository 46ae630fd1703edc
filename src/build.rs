//! One build: load → render → write, with every diagnostic collected.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cache;
use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::output::{self, Stats};
use crate::render;
use crate::site::{self, LoadOptions};

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
    pub elapsed: Duration,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.stats.is_some() && !self.diags.has_errors()
    }
}

pub fn build(opts: &BuildOptions) -> Report {
    let start = Instant::now();
    let trace = std::env::var_os("BANGVANG_TIMINGS").is_some();
    let lap = |what: &str| {
        if trace {
            eprintln!("{what}: {} ms", start.elapsed().as_millis());
        }
    };
    let (site, mut diags, mut sources) = site::load(&opts.root, &opts.load);
    lap("load");
    let theme_name = site.as_ref().map_or("default", |s| s.config.theme.as_str());
    let theme = render::theme::load(&opts.root, theme_name, &mut diags, &mut sources);
    let report = |diags: Diagnostics, sources: Sources, stats, files| {
        let mut diags = diags;
        diags.sort();
        Report {
            diags,
            sources,
            stats,
            files,
            elapsed: start.elapsed(),
        }
    };
    let (Some(site), Some(theme)) = (site, theme) else {
        return report(diags, sources, None, 0);
    };
    if diags.has_errors() {
        return report(diags, sources, None, 0);
    }
    if let Err(d) = output::check_output_dir(&opts.root, &opts.output) {
        diags.push(d);
        return report(diags, sources, None, 0);
    }
    let place = opts.place();
    match write(&site, &theme, &place, &lap) {
        Ok((stats, files)) => report(diags, sources, Some(stats), files),
        Err(ds) => {
            diags.extend(ds);
            report(diags, sources, None, 0)
        }
    }
}

/// Renders the site straight into staging files and commits them: only
/// paths and hashes are kept, never the output's bytes. Returns the stats
/// and the number of files of the output.
fn write(
    site: &site::Site,
    theme: &render::Theme,
    place: &output::Place,
    lap: &dyn Fn(&str),
) -> Result<(Stats, usize), Vec<Diagnostic>> {
    // A folder bangvang did not make is refused before anything is rendered.
    let previous = output::previous(place).map_err(|d| vec![d])?;
    let known = output::Known::new();
    let stage = output::Stage::open(place, &known).map_err(|d| vec![d])?;
    let mut staged = render::render_streamed(site, theme, |job, bytes| stage.file(&job.file, &bytes))?;
    lap("render");
    // Planning refused every static file at a generated path but those that
    // replace one.
    staged.extend(stage.statics(&theme.statics).map_err(|d| vec![d])?);
    let now: BTreeSet<&str> = staged.iter().map(output::Staged::rel).collect();
    let before: BTreeSet<&str> = previous.iter().map(String::as_str).collect();
    let files = now.len();
    let sync = output::Sync {
        now: &now,
        before: &before,
    };
    let written = stage.commit(&staged, Some(sync)).map_err(|d| vec![d])?;
    Ok((written.stats, files))
}

/// `ROOT/public` shown relative to the current folder when possible.
pub fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
        .unwrap_or_else(|| path.display().to_string())
}
