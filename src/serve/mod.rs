//! `bangvang serve`: live preview. The site is built into a temporary folder
//! with base_url pointed at the dev server, served over HTTP, and rebuilt when
//! a source file changes; every open page then reloads (or shows the errors)
//! through Server-Sent Events.
//!
//! Threads: the HTTP server runs on a single-threaded tokio runtime (a preview
//! has a handful of clients); watching and rebuilding run on one plain thread,
//! because a build is blocking, CPU-bound work (rayon) and the [`Rebuilder`]
//! needs `&mut self`. The two meet in [`reload::Hub`], a watch channel holding
//! the latest build state.
//!
//! The rebuild itself is behind [`Rebuilder`] so the incremental engine can
//! replace [`FullRebuild`] without touching the server or the watcher.

pub mod reload;
pub mod server;
pub mod watch;

use std::path::{Path, PathBuf};

use crate::build::{self, BuildOptions};
use crate::diag;

/// What one rebuild produced, as the terminal and the open pages show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The output folder now holds a complete site of this build. When false,
    /// nothing was written and the last good site is still being served.
    pub ok: bool,
    /// The rendered diagnostics (`diag::render_all`), exactly the text the
    /// terminal shows; may hold warnings when `ok`. Shown in the pages'
    /// overlay when the build failed.
    pub diagnostics: String,
    /// One line for the log: what changed, what was redone, how long it took,
    /// e.g. "changed content/tin-tuc/x.md; rendered 12 files, wrote 3 in 18 ms".
    pub summary: String,
}

/// The seam between watching and building: called once at start (with no
/// changed paths) and then once per settled batch of changes, with the
/// absolute paths of the files and folders that were created, changed,
/// removed or renamed (both names of a rename). Implementations write the site
/// into the output folder they were made with and must write nothing when the
/// build fails.
pub trait Rebuilder {
    fn rebuild(&mut self, changed: &[PathBuf]) -> Outcome;
}

/// Any `FnMut(&[PathBuf]) -> Outcome` is a rebuilder (handy for tests and
/// experiments).
impl<F: FnMut(&[PathBuf]) -> Outcome> Rebuilder for F {
    fn rebuild(&mut self, changed: &[PathBuf]) -> Outcome {
        self(changed)
    }
}

/// The first rebuilder: a whole `build::build` every time. Correct, not fast;
/// unchanged files are still not rewritten (output.rs compares bytes).
pub struct FullRebuild {
    opts: BuildOptions,
}

impl FullRebuild {
    pub fn new(opts: BuildOptions) -> Self {
        FullRebuild { opts }
    }
}

impl Rebuilder for FullRebuild {
    fn rebuild(&mut self, changed: &[PathBuf]) -> Outcome {
        let r = build::build(&self.opts);
        let what = describe_changes(&self.opts.root, changed);
        let ms = r.elapsed.as_millis();
        let diagnostics = diag::render_all(&r.diags, &r.sources);
        match &r.stats {
            Some(s) if r.ok() => Outcome {
                ok: true,
                diagnostics,
                summary: format!(
                    "{what}; rebuilt everything: rendered {} files, wrote {}, removed {} in {ms} ms",
                    r.files, s.written, s.removed
                ),
            },
            _ => {
                let n = r.diags.error_count();
                Outcome {
                    ok: false,
                    diagnostics,
                    summary: format!(
                        "{what}; build failed with {n} error{} in {ms} ms; still serving the last good site",
                        if n == 1 { "" } else { "s" }
                    ),
                }
            }
        }
    }
}

/// "initial build", "changed content/a.md" or "changed a, b, c and 4 more",
/// with paths relative to the site root: the start of every log line.
pub fn describe_changes(root: &Path, changed: &[PathBuf]) -> String {
    const SHOWN: usize = 3;
    if changed.is_empty() {
        return "initial build".to_owned();
    }
    let names: Vec<String> = changed
        .iter()
        .take(SHOWN)
        .map(|p| diag::display_path(root, p))
        .collect();
    let mut s = format!("changed {}", names.join(", "));
    if changed.len() > SHOWN {
        s.push_str(&format!(" and {} more", changed.len() - SHOWN));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_changes_lists_a_few_relative_paths() {
        let root = Path::new("/site");
        assert_eq!(describe_changes(root, &[]), "initial build");
        assert_eq!(
            describe_changes(root, &[root.join("content/tin-tuc/x.md")]),
            "changed content/tin-tuc/x.md"
        );
        let many: Vec<PathBuf> = (0..5).map(|i| root.join(format!("data/{i}.yaml"))).collect();
        assert_eq!(
            describe_changes(root, &many),
            "changed data/0.yaml, data/1.yaml, data/2.yaml and 2 more"
        );
    }

    #[test]
    fn closures_are_rebuilders() {
        let mut calls = 0;
        let mut r = |changed: &[PathBuf]| {
            calls += 1;
            Outcome {
                ok: true,
                diagnostics: String::new(),
                summary: describe_changes(Path::new("/"), changed),
            }
        };
        assert_eq!(Rebuilder::rebuild(&mut r, &[]).summary, "initial build");
        assert_eq!(calls, 1);
    }
}
