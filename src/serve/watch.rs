//! Watching the site's sources and turning file-system noise into batches of
//! changes worth a rebuild.
//!
//! Only site.yaml and the source folders are watched (the root itself
//! non-recursively, each source folder recursively), so public/, target/,
//! .git/ and the serve output never cost a watch. notify-debouncer-full joins
//! rename pairs (editors that save through a temporary file) and collapses
//! repeated events per path; on top of that [`Watcher::next_batch`] waits for
//! a short quiet spell, so a burst over many paths (a git checkout) becomes one
//! rebuild.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// Folders under the root whose every change matters.
pub const SOURCE_DIRS: [&str; 5] = ["content", "data", "templates", "themes", "static"];

/// How long the debouncer holds events for one path: long enough to pair the
/// two events of an editor's save-by-rename, short enough that a save shows
/// at once (the whole save → reload budget for a body edit is 30 ms).
/// The two events of a rename come in one read of inotify, microseconds
/// apart.
const DEBOUNCE: Duration = Duration::from_millis(3);
/// The debouncer emits every tick (a thread waking 333 times a second, a
/// cost too small to see); an event is emitted one to two ticks after it
/// came. The quiet spell must be longer than a tick so a burst still
/// arriving is not cut in two: two ticks and a little. A burst cut anyway
/// costs one more rebuild, never a wrong one. Save to rebuild is 10–13 ms.
const TICK: Duration = Duration::from_millis(3);
const QUIET: Duration = Duration::from_millis(7);
/// A steady stream of changes (a long copy) still gets a rebuild this often.
const MAX_WAIT: Duration = Duration::from_secs(2);

enum Msg {
    Events(DebounceEventResult),
    Stop,
}

pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    rx: Receiver<Msg>,
    tx: Sender<Msg>,
    root: PathBuf,
    ignore: Vec<PathBuf>,
    /// Source folders with a live recursive watch.
    watched: HashSet<PathBuf>,
}

/// Ends [`Watcher::next_batch`] from another thread.
#[derive(Clone)]
pub struct Stopper(Sender<Msg>);

impl Stopper {
    pub fn stop(&self) {
        let _ = self.0.send(Msg::Stop);
    }
}

impl Watcher {
    /// Watches `root` (expected canonical, so event paths compare with it);
    /// nothing under `ignore` (the serve output) ever counts as a change.
    pub fn start(root: &Path, ignore: &[PathBuf]) -> notify::Result<Watcher> {
        let (tx, rx) = mpsc::channel();
        let events = tx.clone();
        let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |r: DebounceEventResult| {
            let _ = events.send(Msg::Events(r));
        })?;
        // Non-recursive: site.yaml, and source folders appearing or going.
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        let ignore = ignore
            .iter()
            .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
            .collect();
        let mut w = Watcher {
            debouncer,
            rx,
            tx,
            root: root.to_path_buf(),
            ignore,
            watched: HashSet::new(),
        };
        w.refresh_watches(&BTreeSet::new());
        Ok(w)
    }

    pub fn stopper(&self) -> Stopper {
        Stopper(self.tx.clone())
    }

    /// Blocks until some relevant paths changed and things went quiet; returns
    /// them sorted and unique. `None` once stopped.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let mut changed = BTreeSet::new();
        let mut first: Option<Instant> = None;
        loop {
            let msg = match first {
                None => self.rx.recv().ok()?,
                Some(t) => {
                    let left = MAX_WAIT.saturating_sub(t.elapsed());
                    match self.rx.recv_timeout(QUIET.min(left)) {
                        Ok(m) => m,
                        Err(RecvTimeoutError::Timeout) => return Some(changed.into_iter().collect()),
                        Err(RecvTimeoutError::Disconnected) => return None,
                    }
                }
            };
            match msg {
                Msg::Stop => return None,
                Msg::Events(Err(errors)) => {
                    for e in errors {
                        eprintln!("warning: watching files: {e}");
                    }
                }
                Msg::Events(Ok(events)) => {
                    let mut created = BTreeSet::new();
                    for ev in &events {
                        if !counts(&ev.kind) {
                            continue;
                        }
                        for p in &ev.paths {
                            if is_relevant(&self.root, &self.ignore, p) {
                                changed.insert(p.clone());
                                if matches!(ev.kind, EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))) {
                                    created.insert(p.clone());
                                }
                            }
                        }
                    }
                    self.refresh_watches(&created);
                    if !changed.is_empty() && first.is_none() {
                        first = Some(Instant::now());
                    }
                }
            }
        }
    }

    /// Keeps one recursive watch per existing source folder: a folder created
    /// (or deleted and made again, as a checkout does) after the start gets a
    /// fresh watch; a removed one is forgotten.
    fn refresh_watches(&mut self, created: &BTreeSet<PathBuf>) {
        for name in SOURCE_DIRS {
            let dir = self.root.join(name);
            let exists = dir.is_dir();
            let renewed = created.contains(&dir);
            if self.watched.contains(&dir) && (!exists || renewed) {
                let _ = self.debouncer.unwatch(&dir);
                self.watched.remove(&dir);
            }
            if exists && !self.watched.contains(&dir) {
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(e) => eprintln!(
                        "warning: cannot watch {}: {e}; changes there need a restart",
                        dir.display()
                    ),
                }
            }
        }
    }
}

/// Reading files (Access: the build itself opens them) and metadata changes
/// (atime) are not edits; counting them would make every build trigger the next.
fn counts(kind: &EventKind) -> bool {
    !matches!(kind, EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)))
}

/// site.yaml or anything under a source folder, except the ignored folders and
/// editors' temporary files.
pub fn is_relevant(root: &Path, ignore: &[PathBuf], path: &Path) -> bool {
    if ignore.iter().any(|i| path.starts_with(i)) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let mut parts = rel.components();
    let Some(top) = parts.next().and_then(|c| c.as_os_str().to_str()) else {
        return false;
    };
    let in_sources = SOURCE_DIRS.contains(&top);
    if !(in_sources || (top == crate::config::FILE && parts.next().is_none())) {
        return false;
    }
    !path.file_name().and_then(|n| n.to_str()).is_some_and(is_editor_temp)
}

/// Vim (.swp/.swo/.swx, and the `4913` file it creates to test a folder),
/// Emacs (`.#lock`, `#autosave#`), backups (`x~`), JetBrains, macOS, and our
/// own temporary files from output.rs.
pub fn is_editor_temp(name: &str) -> bool {
    name == "4913"
        || name == ".DS_Store"
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with(crate::output::TMP_SUFFIX)
        || Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "swp" | "swo" | "swx" | "swn"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevant_paths() {
        let root = Path::new("/site");
        let ignore = vec![PathBuf::from("/site/content/out")];
        for ok in [
            "site.yaml",
            "content/tin-tuc/a.md",
            "data/units.yaml",
            "templates/base.html",
            "themes/x/a.css",
            "static/f.pdf",
            "content",
        ] {
            assert!(is_relevant(root, &ignore, &root.join(ok)), "{ok}");
        }
        for no in [
            "public/index.html",
            "site.yaml.bak/x",
            "README.md",
            ".git/index",
            "target/x",
            "content/out/index.html",
        ] {
            assert!(!is_relevant(root, &ignore, &root.join(no)), "{no}");
        }
        assert!(!is_relevant(root, &ignore, Path::new("/elsewhere/content/a.md")));
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        for t in [
            ".a.md.swp",
            "a.md.swx",
            "a.md~",
            ".#a.md",
            "#a.md#",
            "4913",
            "a.md___jb_tmp___",
            ".x.bangvang-tmp",
        ] {
            assert!(is_editor_temp(t), "{t}");
            assert!(
                !is_relevant(Path::new("/s"), &[], &Path::new("/s/content").join(t)),
                "{t}"
            );
        }
        for real in ["a.md", "swp.md", "49130.md", "units.yaml"] {
            assert!(!is_editor_temp(real), "{real}");
        }
    }

    #[test]
    fn reads_and_metadata_do_not_count() {
        use notify::event::{AccessKind, CreateKind, DataChange, MetadataKind};
        assert!(!counts(&EventKind::Access(AccessKind::Any)));
        assert!(!counts(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any))));
        assert!(counts(&EventKind::Modify(ModifyKind::Data(DataChange::Any))));
        assert!(counts(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn a_burst_of_changes_is_one_batch() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let mut w = Watcher::start(&root, &[]).unwrap();
        for i in 0..20 {
            std::fs::write(root.join(format!("content/{i}.md")), "x").unwrap();
        }
        // Editor noise alone must not produce a batch.
        std::fs::write(root.join("content/.0.md.swp"), "x").unwrap();
        let stop = w.stopper();
        let handle = std::thread::spawn(move || {
            let first = w.next_batch();
            (first, w)
        });
        let (first, mut w) = handle.join().unwrap();
        let first = first.unwrap();
        assert_eq!(first.len(), 20, "{first:?}");
        // A folder created after the start is watched too.
        std::fs::create_dir(root.join("data")).unwrap();
        let batch = w.next_batch().unwrap();
        assert!(batch.contains(&root.join("data")), "{batch:?}");
        std::fs::write(root.join("data/units.yaml"), "units: []\n").unwrap();
        let batch = w.next_batch().unwrap();
        assert!(batch.contains(&root.join("data/units.yaml")), "{batch:?}");
        stop.stop();
        assert!(w.next_batch().is_none());
    }
}
