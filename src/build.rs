//! One build: load → render → write, with every diagnostic collected.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostics, Sources};
use crate::output::{self, Stats};
use crate::render;
use crate::site::{self, LoadOptions};

#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub load: LoadOptions,
}

impl BuildOptions {
    /// Output defaults to ROOT/public.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            load: LoadOptions::default(),
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
    // A site that failed to load still names its theme: load that one, so a
    // missing theme is reported with the other errors (serve does the same).
    let theme_name = match &site {
        Some(s) => s.config.theme.clone(),
        None => site::load_config(&opts.root, &opts.load)
            .value
            .map_or_else(|| "default".to_owned(), |c| c.theme),
    };
    let theme = render::theme::load(&opts.root, &theme_name, &mut diags, &mut sources);
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
    let out = match render::render(&site, &theme) {
        Ok(o) => o,
        Err(ds) => {
            diags.extend(ds);
            return report(diags, sources, None, 0);
        }
    };
    lap("render");
    let files = out.files.len() + out.statics.len();
    match output::write(&opts.output, &out) {
        Ok(stats) => report(diags, sources, Some(stats), files),
        Err(d) => {
            diags.push(d);
            report(diags, sources, None, files)
        }
    }
}

/// `ROOT/public` shown relative to the current folder when possible.
pub fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
        .unwrap_or_else(|| path.display().to_string())
}
