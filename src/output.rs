//! Writing the output folder. The whole site is rendered in memory first, so a
//! build with any error never gets here and the previous output stays as it was.
//! Then only what changed is written: each changed file goes to a temporary
//! sibling, and only when every write succeeded are they renamed into place and
//! stale files removed; a write that fails on the way is undone ([`tx`]), so
//! the folder and its manifest are as before. File-system work dominates build
//! time on large sites, so unchanged files are neither rewritten nor touched.

mod tx;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::render::{Bytes, Output};
use tx::{Tx, Undo};

/// Lists what the last build wrote, so stale files can be removed without ever
/// deleting anything bangvang did not make.
pub const MANIFEST: &str = ".bangvang-manifest";
/// Suffix of the temporary siblings files are written to before the rename;
/// the dev server and the watcher ignore such files.
pub const TMP_SUFFIX: &str = ".bangvang-tmp";

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

pub fn write(out_dir: &Path, output: &Output) -> Result<Stats, Diagnostic> {
    write_with(out_dir, output, &mut Known::new())
}

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

/// Writes the whole output: changed files, removal of stale ones, the manifest.
pub fn write_with(out_dir: &Path, output: &Output, known: &mut Known) -> Result<Stats, Diagnostic> {
    let now: BTreeSet<&str> = output
        .files
        .keys()
        .chain(output.statics.keys())
        .map(String::as_str)
        .collect();
    refuse_unsafe(now.iter().copied())?;
    let previous = manifest(out_dir)?;
    let entries = output
        .files
        .iter()
        .map(|(rel, bytes)| (rel, Source::Mem(bytes)))
        .chain(output.statics.iter().map(|(rel, b)| (rel, Source::from(b))));
    sync(out_dir, entries, &now, previous.iter().map(String::as_str), known)
}

/// Writes some files of an output whose set of files is unchanged (a rebuild
/// that re-rendered a few pages): no stale files, no new manifest.
pub fn write_files(out_dir: &Path, files: &BTreeMap<String, Vec<u8>>, known: &mut Known) -> Result<Stats, Diagnostic> {
    refuse_unsafe(files.keys().map(String::as_str))?;
    let mut tx = Tx::new(out_dir);
    let entries = files.iter().map(|(rel, bytes)| (rel, Source::Mem(bytes)));
    let result = stage_and_commit(&mut tx, out_dir, entries, known);
    finish(tx, result, known)
}

/// Writes a rebuild that made only some of the output's files: `files` and
/// `statics` are written where they differ from what `known` records, `now`
/// is every file the output holds afterwards, and what `before` held that is
/// not in `now` is removed. Files in neither `files` nor `statics` are
/// trusted to be on disk as the last write left them.
pub fn write_changes<'a>(
    out_dir: &Path,
    files: &'a BTreeMap<String, Vec<u8>>,
    statics: impl Iterator<Item = (&'a String, &'a Bytes)>,
    now: &BTreeSet<&str>,
    before: impl Iterator<Item = &'a str>,
    known: &mut Known,
) -> Result<Stats, Diagnostic> {
    refuse_unsafe(now.iter().copied())?;
    let entries = files
        .iter()
        .map(|(rel, bytes)| (rel, Source::Mem(bytes)))
        .chain(statics.map(|(rel, b)| (rel, Source::from(b))));
    sync(out_dir, entries, now, before, known)
}

/// Stages and commits `entries`, removes what `before` held that `now` does
/// not, and records `now` in the manifest; all or nothing (see [`tx`]).
fn sync<'a>(
    out_dir: &Path,
    entries: impl Iterator<Item = (&'a String, Source<'a>)>,
    now: &BTreeSet<&str>,
    before: impl Iterator<Item = &'a str>,
    known: &mut Known,
) -> Result<Stats, Diagnostic> {
    let before: BTreeSet<&str> = before.collect();
    let mut tx = Tx::new(out_dir);
    let result = apply(&mut tx, out_dir, entries, now, &before, known);
    finish(tx, result, known)
}

/// Commits or rolls back, and only then records what is on disk.
fn finish(tx: Tx, result: Result<(Stats, Learned), Diagnostic>, known: &mut Known) -> Result<Stats, Diagnostic> {
    match result {
        Ok((stats, learned)) => {
            tx.commit();
            for (rel, hash) in learned {
                match hash {
                    Some(h) => known.insert(rel, h),
                    None => known.remove(&rel),
                };
            }
            Ok(stats)
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

fn apply<'a>(
    tx: &mut Tx,
    out_dir: &Path,
    entries: impl Iterator<Item = (&'a String, Source<'a>)>,
    now: &BTreeSet<&str>,
    before: &BTreeSet<&str>,
    known: &Known,
) -> Result<(Stats, Learned), Diagnostic> {
    let mut made = Vec::new();
    let created = tx::create_dirs(out_dir, &mut made);
    tx.record(made);
    created.map_err(|e| err(out_dir, "create the output folder", e))?;
    // New files are listed before they are moved into place, so a write
    // that is killed part way leaves none that a later build would not know
    // to remove.
    if !now.is_subset(before) {
        write_manifest(tx, out_dir, &before.union(now).copied().collect())?;
    }
    let stale: Vec<&str> = before
        .iter()
        .filter(|p| !now.contains(*p) && is_safe(p))
        .copied()
        .collect();
    // A stale file where a folder now goes must go first.
    let mut removed = BTreeSet::new();
    for &rel in stale.iter().filter(|rel| is_folder_of_any(now, rel)) {
        let path = out_dir.join(rel);
        if tx.remove(&path).map_err(|e| err(&path, "remove", e))? {
            removed.insert(rel);
        }
    }
    let (mut stats, mut learned) = stage_and_commit(tx, out_dir, entries, known)?;
    // A stale file that cannot be removed stays listed, so a later build
    // removes it.
    let mut kept = Vec::new();
    for &rel in &stale {
        let result = if removed.contains(rel) {
            Ok(true)
        } else {
            tx.remove(&out_dir.join(rel))
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
        if now != before {
            write_manifest(tx, out_dir, now)?;
        }
    } else {
        let listed: BTreeSet<&str> = now.iter().chain(&kept).copied().collect();
        if listed != *before {
            write_manifest(tx, out_dir, &listed)?;
        }
    }
    Ok((stats, learned))
}

/// Whether some path of `now` lies inside `rel` (so `rel` must be a folder).
fn is_folder_of_any(now: &BTreeSet<&str>, rel: &str) -> bool {
    let prefix = format!("{rel}/");
    now.range(prefix.as_str()..)
        .next()
        .is_some_and(|p| p.starts_with(&prefix))
}

fn write_manifest(tx: &mut Tx, out_dir: &Path, files: &BTreeSet<&str>) -> Result<(), Diagnostic> {
    let manifest: String = files.iter().map(|p| format!("{p}\n")).collect();
    let mpath = out_dir.join(MANIFEST);
    if !same_content(&mpath, manifest.as_bytes()) {
        tx.write(&mpath, manifest.as_bytes())
            .map_err(|e| err(&mpath, "write", e))?;
    }
    Ok(())
}

/// Writes every changed entry to a temporary sibling, then, only if all
/// writes succeeded, moves them into place. Staging runs in parallel: on
/// large rebuilds the file system, not rendering, is the cost.
fn stage_and_commit<'a>(
    tx: &mut Tx,
    out_dir: &Path,
    entries: impl Iterator<Item = (&'a String, Source<'a>)>,
    seen: &Known,
) -> Result<(Stats, Learned), Diagnostic> {
    let entries: Vec<(&String, Source)> = entries.collect();
    let staged: Vec<(Vec<Undo>, Result<Staged, Diagnostic>)> = entries
        .par_iter()
        .map(|(rel, source)| {
            let mut undo = Vec::new();
            let r = stage(out_dir, rel, source, seen, &mut undo);
            (undo, r)
        })
        .collect();
    let mut first_error = None;
    let mut ready = Vec::with_capacity(staged.len());
    for (undo, r) in staged {
        tx.record(undo);
        match r {
            Ok(s) => ready.push(s),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    let mut stats = Stats::default();
    let mut learned = Vec::with_capacity(ready.len());
    for s in ready {
        match s {
            Staged::Same(rel, hash) => {
                learned.push((rel.clone(), Some(hash)));
                stats.unchanged += 1;
            }
            Staged::New { tmp, target, rel, hash } => {
                tx.put(&tmp, &target).map_err(|e| err(&target, "move into place", e))?;
                learned.push((rel.clone(), Some(hash)));
                stats.written += 1;
            }
        }
    }
    Ok((stats, learned))
}

/// Writes one entry to its temporary sibling unless the file on disk
/// already holds its bytes; logs what it made in `undo`.
fn stage<'a>(
    out_dir: &Path,
    rel: &'a String,
    source: &Source,
    seen: &Known,
    undo: &mut Vec<Undo>,
) -> Result<Staged<'a>, Diagnostic> {
    let target = out_dir.join(rel);
    let bytes = source.bytes().map_err(|e| err(&target, "read a static file", e))?;
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    let on_disk = seen.get(rel.as_str());
    if on_disk == Some(&hash) || (on_disk.is_none() && same_content(&target, &bytes)) {
        return Ok(Staged::Same(rel, hash));
    }
    // A file bangvang knows on disk has its folder.
    if on_disk.is_none()
        && let Some(parent) = target.parent()
    {
        tx::create_dirs(parent, undo).map_err(|e| err(parent, "create a folder", e))?;
    }
    let tmp = tx::tmp_path(&target);
    undo.push(Undo::Tmp(tmp.clone()));
    fs::write(&tmp, &bytes).map_err(|e| err(&tmp, "write", e))?;
    Ok(Staged::New { tmp, target, rel, hash })
}

enum Staged<'a> {
    Same(&'a String, u64),
    New {
        tmp: PathBuf,
        target: PathBuf,
        rel: &'a String,
        hash: u64,
    },
}

enum Source<'a> {
    Mem(&'a [u8]),
    File(&'a Path),
}

impl<'a> From<&'a Bytes> for Source<'a> {
    fn from(b: &'a Bytes) -> Self {
        match b {
            Bytes::Embedded(b) => Source::Mem(b),
            Bytes::File(p) => Source::File(p),
        }
    }
}

impl Source<'_> {
    fn bytes(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            Source::Mem(b) => Ok(std::borrow::Cow::Borrowed(b)),
            Source::File(p) => fs::read(p).map(std::borrow::Cow::Owned),
        }
    }
}

/// Compares sizes first, then bytes: reading is far cheaper than writing.
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    let mut buf = Vec::with_capacity(bytes.len());
    fs::File::open(path).and_then(|mut f| f.read_to_end(&mut buf)).is_ok() && buf == bytes
}

/// The previous build's file list. A non-empty folder without one was not made
/// by bangvang: refuse it rather than mix our files into someone else's.
pub fn manifest(out_dir: &Path) -> Result<Vec<String>, Diagnostic> {
    match fs::read_to_string(out_dir.join(MANIFEST)) {
        Ok(s) => Ok(s.lines().map(str::to_owned).collect()),
        Err(_) => {
            let non_empty = fs::read_dir(out_dir).map(|mut d| d.next().is_some()).unwrap_or(false);
            if non_empty {
                Err(Diagnostic::error(
                    out_dir.display().to_string(),
                    None,
                    "the output folder is not empty and was not made by bangvang",
                )
                .with_hint("choose an empty or new folder with --output, or empty this one yourself"))
            } else {
                Ok(Vec::new())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let out = dir.path().join("public");
        let mut o = Output::default();
        o.files.insert("a/index.html".into(), b"A".to_vec());
        o.files.insert("b.txt".into(), b"B".to_vec());
        assert_eq!(
            write(&out, &o).unwrap(),
            Stats {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        o.files.remove("a/index.html");
        o.files.insert("b.txt".into(), b"B2".to_vec());
        assert_eq!(
            write(&out, &o).unwrap(),
            Stats {
                written: 1,
                unchanged: 0,
                removed: 1
            }
        );
        assert!(!out.join("a").exists(), "empty folders of removed files go too");
        assert_eq!(fs::read(out.join("b.txt")).unwrap(), b"B2");
        assert_eq!(
            write(&out, &o).unwrap(),
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
        let out = dir.path().join("public");
        let mut known = Known::new();
        let first = output(&[
            ("a.txt", "A"),
            ("m/index.html", "M"),
            ("old/index.html", "O"),
            ("z.txt", "Z"),
        ]);
        write_with(&out, &first, &mut known).unwrap();
        let (before, known_before) = (tree(&out), known.clone());
        // Changes, a new file in a new folder, a folder where a file now
        // goes, a stale file: every kind of step, then the last move fails.
        let second = output(&[("a.txt", "A2"), ("m", "file now"), ("n/new.txt", "N"), ("z.txt", "Z2")]);
        for fail_after in 0..6 {
            tx::FAIL_AFTER.with(|f| f.set(Some(fail_after)));
            let e = write_with(&out, &second, &mut known).unwrap_err();
            assert!(e.message.contains("injected failure"), "{e:?}");
            assert!(
                e.hint
                    .as_deref()
                    .is_some_and(|h| h.starts_with("nothing in the output folder was changed"))
            );
            assert_eq!(tree(&out), before, "after {fail_after} moves");
            assert_eq!(known, known_before, "the session's record is unchanged too");
        }
        tx::FAIL_AFTER.with(|f| f.set(None));
        write_with(&out, &second, &mut known).unwrap();
        assert_eq!(fs::read_to_string(out.join("m")).unwrap(), "file now");
        assert!(!out.join("old").exists());
        let names: Vec<String> = tree(&out).into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            ["", ".bangvang-manifest", "a.txt", "m", "n", "n/new.txt", "z.txt"]
        );
    }

    #[test]
    fn a_failed_first_write_leaves_no_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new/public");
        tx::FAIL_AFTER.with(|f| f.set(Some(1)));
        assert!(write(&out, &output(&[("a/b.txt", "B"), ("c.txt", "C")])).is_err());
        tx::FAIL_AFTER.with(|f| f.set(None));
        assert!(!dir.path().join("new").exists());
    }

    #[test]
    fn a_stale_file_where_a_folder_now_goes_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out, &output(&[("gioi-thieu", "a static file")])).unwrap();
        write(&out, &output(&[("gioi-thieu/index.html", "a page")])).unwrap();
        assert_eq!(fs::read_to_string(out.join("gioi-thieu/index.html")).unwrap(), "a page");
    }

    #[test]
    fn refuses_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("precious.txt"), "x").unwrap();
        let e = write(dir.path(), &Output::default()).unwrap_err();
        assert!(e.message.contains("not made by bangvang"));
        assert!(dir.path().join("precious.txt").exists());
    }
}
