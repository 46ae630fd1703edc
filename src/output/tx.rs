//! One write of the output folder as a transaction. Every change is logged
//! before the next one is made and old versions are kept aside, so a write
//! that fails part way (an OS error, a failed rename) is undone and the
//! folder, the manifest included, is exactly as it was. Old versions are
//! deleted only once everything is in place.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::TMP_SUFFIX;

pub(super) enum Undo {
    /// A temporary file was (perhaps) written.
    Tmp(PathBuf),
    /// A file that was not there was moved into place.
    Created(PathBuf),
    /// What was at `path` (a file, or a folder when `was_dir`) is kept at
    /// `backup`; `gone` when nothing replaces it (a stale file), so its
    /// emptied folders go.
    Saved {
        path: PathBuf,
        backup: PathBuf,
        gone: bool,
        was_dir: bool,
    },
    /// A folder was created.
    Dir(PathBuf),
    /// A whole folder, that was not there, was moved into place.
    Tree(PathBuf),
}

pub(super) struct Tx<'a> {
    out_dir: &'a Path,
    undo: Vec<Undo>,
}

impl<'a> Tx<'a> {
    pub fn new(out_dir: &'a Path) -> Self {
        Tx {
            out_dir,
            undo: Vec::new(),
        }
    }

    pub fn record(&mut self, undo: impl IntoIterator<Item = Undo>) {
        self.undo.extend(undo);
    }

    /// Moves `tmp` to `target`, keeping what was there aside. A file there
    /// is kept by a hard link, so `target` never goes missing while the dev
    /// server may be reading it.
    pub fn put(&mut self, tmp: &Path, target: &Path) -> io::Result<()> {
        fail_point()?;
        match fs::symlink_metadata(target) {
            Ok(meta) => {
                let was_dir = meta.is_dir();
                let backup = if was_dir {
                    move_aside(target)?
                } else {
                    keep_aside(target)?
                };
                self.undo.push(Undo::Saved {
                    path: target.to_path_buf(),
                    backup,
                    gone: false,
                    was_dir,
                });
                fs::rename(tmp, target)?;
                if was_dir {
                    self.undo.push(Undo::Created(target.to_path_buf()));
                }
            }
            Err(_) => {
                fs::rename(tmp, target)?;
                self.undo.push(Undo::Created(target.to_path_buf()));
            }
        }
        Ok(())
    }

    /// Moves the folder `from` to `target`, where nothing is.
    pub fn rename_dir(&mut self, from: &Path, target: &Path) -> io::Result<()> {
        fail_point()?;
        fs::rename(from, target)?;
        self.undo.push(Undo::Tree(target.to_path_buf()));
        Ok(())
    }

    /// Writes `bytes` to `target` through a temporary sibling.
    pub fn write(&mut self, target: &Path, bytes: &[u8]) -> io::Result<()> {
        let tmp = tmp_path(target);
        self.undo.push(Undo::Tmp(tmp.clone()));
        fs::write(&tmp, bytes)?;
        self.put(&tmp, target)
    }

    /// Takes the file at `path` out of the output (kept aside until the
    /// write succeeds). `false` when there is no file there.
    pub fn remove(&mut self, path: &Path) -> io::Result<bool> {
        match fs::symlink_metadata(path) {
            Ok(meta) if !meta.is_dir() => {
                let backup = move_aside(path)?;
                self.undo.push(Undo::Saved {
                    path: path.to_path_buf(),
                    backup,
                    gone: true,
                    was_dir: false,
                });
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// The write succeeded: old versions and emptied folders go.
    pub fn commit(self) {
        for u in self.undo {
            if let Undo::Saved {
                path,
                backup,
                gone,
                was_dir,
            } = u
            {
                let _ = if was_dir {
                    fs::remove_dir_all(&backup)
                } else {
                    fs::remove_file(&backup)
                };
                if gone {
                    remove_empty_parents(self.out_dir, &path);
                }
            }
        }
    }

    /// Puts everything back as it was, newest change first; folders last,
    /// deepest first (parallel staging logs them in no useful order).
    /// Returns the paths that could not be restored.
    pub fn rollback(self) -> Vec<PathBuf> {
        let mut failed = Vec::new();
        let mut dirs = Vec::new();
        for u in self.undo.into_iter().rev() {
            match u {
                Undo::Tmp(p) => {
                    let _ = fs::remove_file(p);
                }
                Undo::Created(p) => {
                    if fs::remove_file(&p).is_err() && fs::symlink_metadata(&p).is_ok() {
                        failed.push(p);
                    }
                }
                Undo::Saved {
                    path, backup, was_dir, ..
                } => {
                    if was_dir {
                        let _ = fs::remove_file(&path);
                    }
                    if fs::rename(&backup, &path).is_err() {
                        failed.push(path);
                    }
                }
                Undo::Tree(p) => {
                    if fs::remove_dir_all(&p).is_err() && fs::symlink_metadata(&p).is_ok() {
                        failed.push(p);
                    }
                }
                Undo::Dir(d) => dirs.push(d),
            }
        }
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in dirs {
            let _ = fs::remove_dir(d);
        }
        failed
    }
}

/// Creates `dir` and its missing parents, logging each folder it made
/// (another thread may make one first: that is not an error).
pub(super) fn create_dirs(dir: &Path, made: &mut Vec<Undo>) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut d = dir;
    while fs::symlink_metadata(d).is_err() {
        missing.push(d);
        match d.parent() {
            Some(p) => d = p,
            None => break,
        }
    }
    for d in missing.into_iter().rev() {
        match fs::create_dir(d) {
            Ok(()) => made.push(Undo::Dir(d.to_path_buf())),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && d.is_dir() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

pub(super) fn tmp_path(target: &Path) -> PathBuf {
    target.with_file_name(format!(".{}{TMP_SUFFIX}", file_name(target)))
}

/// Sibling names for the old version of `path`; they end in [`TMP_SUFFIX`]
/// so the dev server and the watcher ignore them.
fn backup_names(path: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    let name = file_name(path);
    (1..=1000).map(move |n| path.with_file_name(format!(".{name}.old{n}{TMP_SUFFIX}")))
}

fn no_free_name() -> io::Error {
    io::Error::other("no free name to keep the old version under")
}

/// Renames what is at `path` to a free backup name.
fn move_aside(path: &Path) -> io::Result<PathBuf> {
    let backup = backup_names(path)
        .find(|p| fs::symlink_metadata(p).is_err())
        .ok_or_else(no_free_name)?;
    fs::rename(path, &backup)?;
    Ok(backup)
}

/// Keeps the file at `path` under a free backup name by a hard link, so
/// `path` never goes missing while the dev server may be reading it; the
/// link itself finds the free name. Where links fail, the file is renamed.
fn keep_aside(path: &Path) -> io::Result<PathBuf> {
    for backup in backup_names(path) {
        match fs::hard_link(path, &backup) {
            Ok(()) => return Ok(backup),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(_) => return move_aside(path),
        }
    }
    Err(no_free_name())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
thread_local! {
    /// Tests: how many more moves into place succeed before one fails.
    pub(super) static FAIL_AFTER: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// Tests make a move into place fail here, as an OS error would.
fn fail_point() -> io::Result<()> {
    #[cfg(test)]
    if let Some(n) = FAIL_AFTER.with(std::cell::Cell::get) {
        FAIL_AFTER.with(|f| f.set(n.checked_sub(1)));
        if n == 0 {
            return Err(io::Error::other("injected failure"));
        }
    }
    Ok(())
}
