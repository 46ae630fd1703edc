//! Writing the output folder. Files are staged as they are rendered
//! ([`stage`]): each one whose bytes differ from what the output holds goes
//! to a staging file at once, so memory holds paths and hashes, not the
//! site. Only when the whole build succeeded are staged files moved into
//! place and stale files removed, in one transaction ([`tx`]): a build with
//! any error, or a write that fails on the way, leaves the output folder and
//! its manifest as they were. Unchanged files are neither rewritten nor
//! touched: file-system work dominates build time on large sites.

mod manifest;
mod stage;
mod tx;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::render::{Bytes, Output};
pub use manifest::LEGACY as LEGACY_MANIFEST;
pub use stage::Staged;
use stage::Staging;
use tx::Tx;

/// Suffix of the temporary siblings files are written to before the rename;
/// the dev server and the watcher ignore such files.
pub const TMP_SUFFIX: &str = ".bangvang-tmp";

/// Where a build writes: the output folder and its cache folder
/// ([`crate::cache::dir`]), which holds the manifest and the staging files.
#[derive(Clone, Debug)]
pub struct Place {
    pub out: PathBuf,
    pub cache: PathBuf,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// A relative output path is safe when it has only plain components.
pub fn is_safe(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\\')
        && Path::new(rel).components().all(|c| matches!(c, Component::Normal(_)))
        && !rel.split('/').any(|s| s.is_empty() || s == "." || s == "..")
}

/// Refuses output folders that would destroy or loop into the site itself.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| fs::canonicalize(p).ok().or_else(|| std::path::absolute(p).ok());
    let (Some(root_abs), Some(out_abs)) = (
        abs(root),
        out.parent()
            .and_then(abs)
            .map(|p| p.join(out.file_name().unwrap_or_default())),
    ) else {
        return Ok(());
    };
    if root_abs.starts_with(&out_abs) {
        return Err(Diagnostic::error(
            out.display().to_string(),
            None,
            "the output folder contains the site itself",
        )
        .with_hint("choose an output folder inside or beside the site, such as public/"));
    }
    for src in ["content", "data", "static", "templates", "themes"] {
        if out_abs.starts_with(root_abs.join(src)) {
            return Err(Diagnostic::error(
                out.display().to_string(),
                None,
                format!("the output folder is inside the site's {src}/ folder"),
            )
            .with_hint("choose an output folder such as public/"));
        }
    }
    Ok(())
}

/// Hashes (xxh3) of the files a long-lived session knows to be in the output
/// as it wrote them, so unchanged files are skipped without reading them back.
pub type Known = HashMap<String, u64>;

fn err(path: &Path, what: &str, e: io::Error) -> Diagnostic {
    Diagnostic::error(path.display().to_string(), None, format!("cannot {what}: {e}"))
}

fn refuse_unsafe<'a>(mut rels: impl Iterator<Item = &'a str>) -> Result<(), Diagnostic> {
    match rels.find(|rel| !is_safe(rel)) {
        Some(rel) => Err(Diagnostic::error(
            rel,
            None,
            "refusing to write outside the output folder",
        )),
        None => Ok(()),
    }
}

/// The files the last complete write left in the output folder (its
/// manifest). Refuses a non-empty folder bangvang did not make.
pub fn previous(place: &Place) -> Result<Vec<String>, Diagnostic> {
    manifest::read(place)
}

/// Whether the output folder holds only files of `now` (see
/// [`previous`]'s refusal: such a folder is adopted).
pub fn holds_only(place: &Place, now: &BTreeSet<&str>) -> bool {
    manifest::holds_only(place, now)
}

/// One write of the output: files are staged as they come (from any
/// thread), then [`Stage::commit`] moves them into place. Dropped without a
/// commit (a render error), it removes everything it staged.
pub struct Stage<'a> {
    place: &'a Place,
    known: &'a Known,
    staging: Staging,
}

/// The whole set of files of a write, for the manifest and stale files.
pub struct Sync<'s> {
    /// Every file the output holds after the write.
    pub now: &'s BTreeSet<&'s str>,
    /// Every file it held before (the manifest, or the session's record).
    pub before: &'s BTreeSet<&'s str>,
}

/// A committed write: its counts and what it learnt of the files on disk.
pub struct Written {
    pub stats: Stats,
    learned: Learned,
}

impl Written {
    /// Records in `known` the hashes of the files written or found unchanged,
    /// and forgets those removed.
    pub fn record(self, known: &mut Known) -> Stats {
        for (rel, hash) in self.learned {
            match hash {
                Some(h) => known.insert(rel, h),
                None => known.remove(&rel),
            };
        }
        self.stats
    }
}

impl<'a> Stage<'a> {
    /// `known` holds hashes of files the output is known to hold (empty for
    /// a build, which compares with the files on disk).
    pub fn open(place: &'a Place, known: &'a Known) -> Result<Self, Diagnostic> {
        Ok(Stage {
            place,
            known,
            staging: Staging::open(place)?,
        })
    }

    /// Stages one output file unless the output already holds its bytes.
    pub fn file(&self, rel: &str, bytes: &[u8]) -> Result<Staged, Diagnostic> {
        self.staging.file(&self.place.out, self.known, rel, bytes)
    }

    /// Stages a static file (read from disk, one at a time).
    pub fn static_file(&self, rel: &str, b: &Bytes) -> Result<Staged, Diagnostic> {
        self.staging.static_file(&self.place.out, self.known, rel, b)
    }

    /// Stages static files in parallel; the first error in their order.
    pub fn statics<'s>(
        &self,
        statics: impl IntoParallelIterator<Item = (&'s String, &'s Bytes)>,
    ) -> Result<Vec<Staged>, Diagnostic> {
        let staged: Vec<Result<Staged, Diagnostic>> = statics
            .into_par_iter()
            .map(|(rel, b)| self.static_file(rel, b))
            .collect();
        staged.into_iter().collect()
    }

    /// Moves the staged files into place; with `sync`, also removes stale
    /// files and records the manifest. All or nothing (see [`tx`]).
    pub fn commit(self, staged: &[Staged], sync: Option<Sync>) -> Result<Written, Diagnostic> {
        let Stage {
            place,
            known,
            mut staging,
        } = self;
        let mut tx = Tx::new(&place.out);
        // From here the transaction owns the folders made for staging: a
        // rollback removes them, a commit keeps them (the cache folder).
        tx.record(std::mem::take(&mut staging.made));
        let result = apply(&mut tx, place, &staging, known, staged, sync.as_ref());
        // Before a rollback, which removes the folders made and so needs
        // them empty.
        staging.clear();
        finish(tx, result)
    }
}

/// Stages in-memory files in parallel; the first error in their order.
fn stage_files(stage: &Stage, files: &BTreeMap<String, Vec<u8>>) -> Result<Vec<Staged>, Diagnostic> {
    let staged: Vec<Result<Staged, Diagnostic>> = files.par_iter().map(|(rel, b)| stage.file(rel, b)).collect();
    staged.into_iter().collect()
}

pub fn write(place: &Place, output: &Output) -> Result<Stats, Diagnostic> {
    write_with(place, output, &mut Known::new())
}

/// Writes the whole output: changed files, removal of stale ones, the manifest.
pub fn write_with(place: &Place, output: &Output, known: &mut Known) -> Result<Stats, Diagnostic> {
    let now: BTreeSet<&str> = output
        .files
        .keys()
        .chain(output.statics.keys())
        .map(String::as_str)
        .collect();
    refuse_unsafe(now.iter().copied())?;
    let previous = previous(place)?;
    let before: BTreeSet<&str> = previous.iter().map(String::as_str).collect();
    let stage = Stage::open(place, known)?;
    let mut staged = stage_files(&stage, &output.files)?;
    staged.extend(stage.statics(&output.statics)?);
    let sync = Sync {
        now: &now,
        before: &before,
    };
    Ok(stage.commit(&staged, Some(sync))?.record(known))
}

/// Writes some files of an output whose set of files is unchanged (a rebuild
/// that re-rendered a few pages): no stale files, no new manifest.
pub fn write_files(place: &Place, files: &BTreeMap<String, Vec<u8>>, known: &mut Known) -> Result<Stats, Diagnostic> {
    refuse_unsafe(files.keys().map(String::as_str))?;
    let stage = Stage::open(place, known)?;
    let staged = stage_files(&stage, files)?;
    Ok(stage.commit(&staged, None)?.record(known))
}

/// Writes a rebuild that made only some of the output's files: `files` and
/// `statics` are written where they differ from what `known` records, `now`
/// is every file the output holds afterwards, and what `before` held that is
/// not in `now` is removed. Files in neither `files` nor `statics` are
/// trusted to be on disk as the last write left them.
pub fn write_changes<'a>(
    place: &Place,
    files: &'a BTreeMap<String, Vec<u8>>,
    statics: impl Iterator<Item = (&'a String, &'a Bytes)>,
    now: &BTreeSet<&str>,
    before: impl Iterator<Item = &'a str>,
    known: &mut Known,
) -> Result<Stats, Diagnostic> {
    refuse_unsafe(now.iter().copied())?;
    let before: BTreeSet<&str> = before.collect();
    let statics: Vec<(&String, &Bytes)> = statics.collect();
    let stage = Stage::open(place, known)?;
    let mut staged = stage_files(&stage, files)?;
    staged.extend(stage.statics(statics)?);
    let sync = Sync { now, before: &before };
    Ok(stage.commit(&staged, Some(sync))?.record(known))
}

/// Commits or rolls back.
fn finish(tx: Tx, result: Result<(Stats, Learned), Diagnostic>) -> Result<Written, Diagnostic> {
    match result {
        Ok((stats, learned)) => {
            tx.commit();
            Ok(Written { stats, learned })
        }
        Err(mut e) => {
            let failed = tx.rollback();
            if failed.is_empty() {
                e.hint = Some(
                    "nothing in the output folder was changed: fix what the system reports there and build again"
                        .into(),
                );
            } else {
                let shown: Vec<String> = failed.iter().map(|p| p.display().to_string()).collect();
                e.hint = Some(format!(
                    "these could not be put back as they were: {}; build again once the cause is fixed",
                    shown.join(", ")
                ));
            }
            Err(e)
        }
    }
}

/// What a write learnt about the files on disk: their hash, or gone.
type Learned = Vec<(String, Option<u64>)>;

fn apply(
    tx: &mut Tx,
    place: &Place,
    staging: &Staging,
    known: &Known,
    staged: &[Staged],
    sync: Option<&Sync>,
) -> Result<(Stats, Learned), Diagnostic> {
    let out = &place.out;
    let stale: Vec<&str> = sync.map_or_else(Vec::new, |s| {
        s.before
            .iter()
            .filter(|p| !s.now.contains(*p) && is_safe(p))
            .copied()
            .collect()
    });
    // A stale file where a folder now goes must go first.
    let mut removed = BTreeSet::new();
    if let Some(s) = sync {
        for &rel in stale.iter().filter(|rel| is_folder_of_any(s.now, rel)) {
            let path = out.join(rel);
            if tx.remove(&path).map_err(|e| err(&path, "remove", e))? {
                removed.insert(rel);
            }
        }
    }
    let mut stats = Stats::default();
    let mut learned = Vec::with_capacity(staged.len() + stale.len());
    // Files staged in their place: the whole folder moves, if the output
    // folder is still missing (else they are moved one by one, as below).
    let whole = staging.tree.as_deref().filter(|_| fs::symlink_metadata(out).is_err());
    if let Some(tree) = whole {
        let mut made = Vec::new();
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            let r = tx::create_dirs(parent, &mut made);
            tx.record(made);
            r.map_err(|e| err(parent, "create a folder", e))?;
        }
        fs::create_dir_all(tree).map_err(|e| err(tree, "create the staging folder", e))?;
        tx.rename_dir(tree, out).map_err(|e| err(out, "move into place", e))?;
        for s in staged {
            learned.push((s.rel.clone(), Some(s.hash)));
            stats.written += 1;
        }
    } else {
        make_folders(tx, out, known, staged)?;
        for s in staged {
            let Some(from) = staging.path(s) else {
                learned.push((s.rel.clone(), Some(s.hash)));
                stats.unchanged += 1;
                continue;
            };
            let target = out.join(&s.rel);
            tx.put(&from, &target).map_err(|e| err(&target, "move into place", e))?;
            learned.push((s.rel.clone(), Some(s.hash)));
            stats.written += 1;
        }
    }
    let Some(sync) = sync else {
        return Ok((stats, learned));
    };
    // A stale file that cannot be removed stays listed, so a later build
    // removes it.
    let mut kept = Vec::new();
    for &rel in &stale {
        let result = if removed.contains(rel) {
            Ok(true)
        } else {
            tx.remove(&out.join(rel))
        };
        match result {
            Ok(gone) => {
                stats.removed += usize::from(gone);
                learned.push((rel.to_owned(), None));
            }
            Err(_) => kept.push(rel),
        }
    }
    if kept.is_empty() {
        manifest::write(tx, place, sync.now.iter().copied())?;
    } else {
        let listed: BTreeSet<&str> = sync.now.iter().chain(&kept).copied().collect();
        manifest::write(tx, place, listed.into_iter())?;
    }
    Ok((stats, learned))
}

/// The first part of `dir` (below `out`) that is there but not a folder.
fn file_in_the_way(out: &Path, dir: &Path) -> Option<PathBuf> {
    let rel = dir.strip_prefix(out).ok()?;
    let mut at = out.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(m) if !m.is_dir() => return Some(at),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// A file bangvang did not write (it is in no manifest: a stale one of its
/// own would have been removed first) where the output needs a folder: it
/// is not bangvang's to delete.
fn in_the_way(out: &Path, file: &Path) -> Diagnostic {
    let rel = file.strip_prefix(out).unwrap_or(file).display().to_string();
    Diagnostic::error(
        file.display().to_string(),
        None,
        format!(
            "this file is where the site's pages need the folder {rel}/, and bangvang did not write it: \
             move or remove it (bangvang never deletes what it did not make)"
        ),
    )
}

/// Creates the folders the staged files go into, in parallel: on a first
/// build that is a folder per page, and making folders is most of what
/// moving files into place costs. A file bangvang knows on disk has its
/// folder.
fn make_folders(tx: &mut Tx, out: &Path, known: &Known, staged: &[Staged]) -> Result<(), Diagnostic> {
    let folders: BTreeSet<PathBuf> = staged
        .iter()
        .filter(|s| s.tmp.is_some() && !known.contains_key(&s.rel))
        .filter_map(|s| out.join(&s.rel).parent().map(Path::to_path_buf))
        .collect();
    let made: Vec<(Vec<tx::Undo>, Result<(), Diagnostic>)> = folders
        .par_iter()
        .map(|dir| {
            let mut made = Vec::new();
            let r = tx::create_dirs(dir, &mut made).map_err(|e| match file_in_the_way(out, dir) {
                Some(file) => in_the_way(out, &file),
                None => err(dir, "create a folder", e),
            });
            (made, r)
        })
        .collect();
    let mut first_error = None;
    for (undo, r) in made {
        tx.record(undo);
        if let Err(e) = r {
            first_error.get_or_insert(e);
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// Whether some path of `now` lies inside `rel` (so `rel` must be a folder).
fn is_folder_of_any(now: &BTreeSet<&str>, rel: &str) -> bool {
    let prefix = format!("{rel}/");
    now.range(prefix.as_str()..)
        .next()
        .is_some_and(|p| p.starts_with(&prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The output folder `public/` of a site at `dir`, its cache beside it.
    fn place(dir: &Path) -> Place {
        Place {
            out: dir.join("public"),
            cache: dir.join(".bangvang/x"),
        }
    }

    #[test]
    fn safe_paths() {
        for ok in ["index.html", "tin-tuc/a/index.html", "assets/style.css"] {
            assert!(is_safe(ok), "{ok}");
        }
        for bad in ["", "../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", "a\\..\\b"] {
            assert!(!is_safe(bad), "{bad}");
        }
    }

    #[test]
    fn writes_only_changes_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let place = place(dir.path());
        let out = &place.out;
        let mut o = Output::default();
        o.files.insert("a/index.html".into(), b"A".to_vec());
        o.files.insert("b.txt".into(), b"B".to_vec());
        assert_eq!(
            write(&place, &o).unwrap(),
            Stats {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        o.files.remove("a/index.html");
        o.files.insert("b.txt".into(), b"B2".to_vec());
        assert_eq!(
            write(&place, &o).unwrap(),
            Stats {
                written: 1,
                unchanged: 0,
                removed: 1
            }
        );
        assert!(!out.join("a").exists(), "empty folders of removed files go too");
        assert_eq!(fs::read(out.join("b.txt")).unwrap(), b"B2");
        assert_eq!(
            write(&place, &o).unwrap(),
            Stats {
                written: 0,
                unchanged: 1,
                removed: 0
            }
        );
    }

    fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| {
                let bytes = if e.file_type().is_file() {
                    fs::read(e.path()).unwrap()
                } else {
                    Vec::new()
                };
                (crate::diag::display_path(dir, e.path()), bytes)
            })
            .collect();
        out.sort();
        out
    }

    fn output(files: &[(&str, &str)]) -> Output {
        let mut o = Output::default();
        for (rel, text) in files {
            o.files.insert((*rel).into(), text.as_bytes().to_vec());
        }
        o
    }

    #[test]
    fn a_move_that_fails_part_way_undoes_the_whole_write() {
        let dir = tempfile::tempdir().unwrap();
        let place = place(dir.path());
        let out = &place.out;
        let mut known = Known::new();
        let first = output(&[
            ("a.txt", "A"),
            ("m/index.html", "M"),
            ("old/index.html", "O"),
            ("z.txt", "Z"),
        ]);
        write_with(&place, &first, &mut known).unwrap();
        let (before, known_before) = (tree(out), known.clone());
        // Changes, a new file in a new folder, a folder where a file now
        // goes, a stale file: every kind of step, then the last move fails
        // (five moves: four files and the manifest).
        let second = output(&[("a.txt", "A2"), ("m", "file now"), ("n/new.txt", "N"), ("z.txt", "Z2")]);
        for fail_after in 0..5 {
            tx::FAIL_AFTER.with(|f| f.set(Some(fail_after)));
            let e = write_with(&place, &second, &mut known).unwrap_err();
            assert!(e.message.contains("injected failure"), "{e:?}");
            assert!(
                e.hint
                    .as_deref()
                    .is_some_and(|h| h.starts_with("nothing in the output folder was changed"))
            );
            assert_eq!(tree(out), before, "after {fail_after} moves");
            assert_eq!(known, known_before, "the session's record is unchanged too");
            assert_eq!(
                fs::read_dir(&place.cache).unwrap().count(),
                1,
                "only the manifest: no staging left"
            );
        }
        tx::FAIL_AFTER.with(|f| f.set(None));
        write_with(&place, &second, &mut known).unwrap();
        assert_eq!(fs::read_to_string(out.join("m")).unwrap(), "file now");
        assert!(!out.join("old").exists());
        let names: Vec<String> = tree(out).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["", "a.txt", "m", "n", "n/new.txt", "z.txt"]);
    }

    #[test]
    fn a_failed_first_write_leaves_no_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let place = place(&dir.path().join("new"));
        let files = output(&[("a/b.txt", "B"), ("c.txt", "C")]);
        // The files are staged in their place and their folder moves whole
        // (the first move); the manifest is the second.
        for fail_after in 0..2 {
            tx::FAIL_AFTER.with(|f| f.set(Some(fail_after)));
            assert!(write(&place, &files).is_err());
            tx::FAIL_AFTER.with(|f| f.set(None));
            assert!(!dir.path().join("new").exists(), "neither output nor cache folder");
        }
        let stats = write(&place, &files).unwrap();
        assert_eq!((stats.written, stats.unchanged), (2, 0));
        let names: Vec<String> = tree(&place.out).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["", "a", "a/b.txt", "c.txt"]);
        let cache: Vec<String> = fs::read_dir(&place.cache)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(cache, ["manifest"], "no staging left");
    }

    #[test]
    fn a_stale_file_where_a_folder_now_goes_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let place = place(dir.path());
        let out = &place.out;
        write(&place, &output(&[("gioi-thieu", "a static file")])).unwrap();
        write(&place, &output(&[("gioi-thieu/index.html", "a page")])).unwrap();
        assert_eq!(fs::read_to_string(out.join("gioi-thieu/index.html")).unwrap(), "a page");
    }

    #[test]
    fn refuses_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let place = place(dir.path());
        fs::create_dir(&place.out).unwrap();
        fs::write(place.out.join("precious.txt"), "x").unwrap();
        let e = write(&place, &Output::default()).unwrap_err();
        assert!(e.message.contains("not made by bangvang"));
        assert!(place.out.join("precious.txt").exists());
    }
}
