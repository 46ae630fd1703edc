//! Writing the output folder. The whole site is rendered in memory first, so a
//! build with any error never gets here and the previous output stays as it was.
//! Then only what changed is written: each changed file goes to a temporary
//! sibling, and only when every write succeeded are they renamed into place and
//! stale files removed. File-system work dominates build time on large sites,
//! so unchanged files are neither rewritten nor touched.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::render::{Bytes, Output};

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
    let previous = read_manifest(out_dir)?;
    fs::create_dir_all(out_dir).map_err(|e| err(out_dir, "create the output folder", e))?;
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
    stage_and_commit(
        out_dir,
        files.iter().map(|(rel, bytes)| (rel, Source::Mem(bytes))),
        known,
    )
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
/// not, and records `now` in the manifest.
fn sync<'a>(
    out_dir: &Path,
    entries: impl Iterator<Item = (&'a String, Source<'a>)>,
    now: &BTreeSet<&str>,
    before: impl Iterator<Item = &'a str>,
    known: &mut Known,
) -> Result<Stats, Diagnostic> {
    let before: BTreeSet<&str> = before.collect();
    // New files are listed before they are moved into place, so a write that
    // fails part way leaves none that a later build would not know to remove.
    if !now.is_subset(&before) {
        write_manifest(out_dir, &before.union(now).copied().collect())?;
    }
    let mut stats = stage_and_commit(out_dir, entries, known)?;
    for &stale in before.iter().filter(|p| !now.contains(*p) && is_safe(p)) {
        let path = out_dir.join(stale);
        known.remove(stale);
        if fs::remove_file(&path).is_ok() {
            stats.removed += 1;
            remove_empty_parents(out_dir, &path);
        }
    }
    if *now != before {
        write_manifest(out_dir, now)?;
    }
    Ok(stats)
}

fn write_manifest(out_dir: &Path, files: &BTreeSet<&str>) -> Result<(), Diagnostic> {
    let manifest: String = files.iter().map(|p| format!("{p}\n")).collect();
    let mpath = out_dir.join(MANIFEST);
    if !same_content(&mpath, manifest.as_bytes()) {
        fs::write(&mpath, manifest).map_err(|e| err(&mpath, "write", e))?;
    }
    Ok(())
}

/// Writes every changed entry to a temporary sibling, then, only if all
/// writes succeeded, renames them into place. Staging runs in parallel: on
/// large rebuilds the file system, not rendering, is the cost.
fn stage_and_commit<'a>(
    out_dir: &Path,
    entries: impl Iterator<Item = (&'a String, Source<'a>)>,
    known: &mut Known,
) -> Result<Stats, Diagnostic> {
    let entries: Vec<(&String, Source)> = entries.collect();
    let seen: &Known = known;
    let staged: Vec<Result<Staged, Diagnostic>> = entries
        .par_iter()
        .map(|(rel, source)| {
            let target = out_dir.join(rel);
            let bytes = source.bytes().map_err(|e| err(&target, "read a static file", e))?;
            let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
            let on_disk = seen.get(rel.as_str());
            if on_disk == Some(&hash) || (on_disk.is_none() && same_content(&target, &bytes)) {
                return Ok(Staged::Same(rel, hash));
            }
            // A file this session wrote has its folder already.
            if on_disk.is_none()
                && let Some(parent) = target.parent()
            {
                fs::create_dir_all(parent).map_err(|e| err(parent, "create a folder", e))?;
            }
            let tmp = tmp_path(&target);
            fs::write(&tmp, &bytes).map_err(|e| err(&tmp, "write", e))?;
            Ok(Staged::New { tmp, target, rel, hash })
        })
        .collect();
    if let Some(e) = staged.iter().find_map(|r| r.as_ref().err()).cloned() {
        for s in &staged {
            if let Ok(Staged::New { tmp, .. }) = s {
                let _ = fs::remove_file(tmp);
            }
        }
        return Err(e);
    }
    let mut stats = Stats::default();
    let mut failed = None;
    for s in staged.into_iter().flatten() {
        match s {
            Staged::Same(rel, hash) => {
                known.insert(rel.clone(), hash);
                stats.unchanged += 1;
            }
            // After a failed rename, the rest are only cleaned up.
            Staged::New { tmp, .. } if failed.is_some() => {
                let _ = fs::remove_file(tmp);
            }
            Staged::New { tmp, target, rel, hash } => {
                // A folder where a file now goes (or the reverse) is replaced.
                if !known.contains_key(rel.as_str()) && target.is_dir() {
                    let _ = fs::remove_dir_all(&target);
                }
                match fs::rename(&tmp, &target) {
                    Ok(()) => {
                        known.insert(rel.clone(), hash);
                        stats.written += 1;
                    }
                    Err(e) => {
                        let _ = fs::remove_file(&tmp);
                        failed = Some(err(&target, "move into place", e));
                    }
                }
            }
        }
    }
    failed.map_or(Ok(stats), Err)
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

fn tmp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}{TMP_SUFFIX}"))
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// The previous build's file list. A non-empty folder without one was not made
/// by bangvang: refuse it rather than mix our files into someone else's.
fn read_manifest(out_dir: &Path) -> Result<Vec<String>, Diagnostic> {
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

    #[test]
    fn refuses_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("precious.txt"), "x").unwrap();
        let e = write(dir.path(), &Output::default()).unwrap_err();
        assert!(e.message.contains("not made by bangvang"));
        assert!(dir.path().join("precious.txt").exists());
    }
}
