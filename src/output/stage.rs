//! The staging folder: each file is written there as soon as it is rendered
//! (when its bytes differ from what the output holds), so a build keeps only
//! paths and hashes in memory, not the site's bytes. Nothing in the output
//! folder changes until the whole build succeeded; then [`super::commit`]
//! moves the staged files into place.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::tx::{self, Undo};
use super::{Known, Place, err};
use crate::diag::Diagnostic;
use crate::render::Bytes;

/// The fallback staging folder's name inside the output folder; it ends in
/// [`super::TMP_SUFFIX`] so the dev server and the watcher ignore it.
pub(super) const IN_OUTPUT: &str = ".bangvang-staging.bangvang-tmp";

/// One file of the output as staging found it.
pub struct Staged {
    pub(super) rel: String,
    pub(super) hash: u64,
    /// Its number in the staging folder; `None` when the output already
    /// holds these bytes.
    pub(super) tmp: Option<usize>,
}

impl Staged {
    /// Its path in the output folder.
    pub fn rel(&self) -> &str {
        &self.rel
    }
    /// Whether it holds new bytes (else the output already had them).
    pub fn is_new(&self) -> bool {
        self.tmp.is_some()
    }
}

/// A staging folder for one write; removed (with the folders made for it)
/// when dropped, so no render error or failed commit leaves anything behind.
pub(super) struct Staging {
    pub(super) dir: PathBuf,
    /// Folders created for it (the cache folder on a first build).
    pub(super) made: Vec<Undo>,
    next: AtomicUsize,
    /// When there is no output folder yet: files are staged in their place
    /// in this folder, which the commit renames into the output folder in
    /// one move. On a first build that saves a rename per file, about a
    /// tenth of its time.
    pub(super) tree: Option<PathBuf>,
}

impl Staging {
    pub(super) fn open(place: &Place) -> Result<Staging, Diagnostic> {
        let dir = location(place);
        let tree =
            (!dir.starts_with(&place.out) && fs::symlink_metadata(&place.out).is_err()).then(|| dir.join("tree"));
        // Leftovers of a build that was killed.
        let _ = fs::remove_dir_all(&dir);
        let mut made = Vec::new();
        tx::create_dirs(&dir, &mut made).map_err(|e| err(&dir, "create the staging folder", e))?;
        Ok(Staging {
            dir,
            made,
            next: AtomicUsize::new(0),
            tree,
        })
    }

    /// Where the staged file `s` is.
    pub(super) fn path(&self, s: &Staged) -> Option<PathBuf> {
        let n = s.tmp?;
        Some(match &self.tree {
            Some(tree) => tree.join(&s.rel),
            None => self.dir.join(n.to_string()),
        })
    }

    /// Stages `bytes` as `rel` unless the output already holds them (by
    /// `known`'s hash when it has one, else by reading the file).
    pub(super) fn file(&self, out: &Path, known: &Known, rel: &str, bytes: &[u8]) -> Result<Staged, Diagnostic> {
        if !super::is_safe(rel) {
            return Err(Diagnostic::error(
                rel,
                None,
                "refusing to write outside the output folder",
            ));
        }
        let hash = xxhash_rust::xxh3::xxh3_64(bytes);
        let same = match known.get(rel) {
            Some(h) => *h == hash,
            None => same_content(&out.join(rel), bytes),
        };
        if same {
            return Ok(Staged {
                rel: rel.to_owned(),
                hash,
                tmp: None,
            });
        }
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let tmp = match &self.tree {
            Some(tree) => {
                let tmp = tree.join(rel);
                if let Some(dir) = tmp.parent() {
                    fs::create_dir_all(dir).map_err(|e| err(dir, "create a staging folder", e))?;
                }
                tmp
            }
            None => self.dir.join(n.to_string()),
        };
        fs::write(&tmp, bytes).map_err(|e| {
            Diagnostic::error(
                out.join(rel).display().to_string(),
                None,
                format!("cannot write (to the staging file {}): {e}", tmp.display()),
            )
        })?;
        Ok(Staged {
            rel: rel.to_owned(),
            hash,
            tmp: Some(n),
        })
    }

    pub(super) fn static_file(&self, out: &Path, known: &Known, rel: &str, b: &Bytes) -> Result<Staged, Diagnostic> {
        match b {
            Bytes::Embedded(bytes) => self.file(out, known, rel, bytes),
            Bytes::File(p) => {
                let bytes = fs::read(p).map_err(|e| err(p, "read a static file", e))?;
                // No photo leaves with its metadata (GPS above all).
                let bytes = crate::images::strip::published(rel, bytes);
                self.file(out, known, rel, &bytes)
            }
        }
    }

    /// Removes the folder and what is still in it (staged files that were
    /// never moved into place).
    pub(super) fn clear(&self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        self.clear();
        // Folders a commit did not take over (see `commit`): deepest first.
        for u in self.made.iter().rev() {
            if let Undo::Dir(d) = u {
                let _ = fs::remove_dir(d);
            }
        }
    }
}

/// Where staged files go. A rename works only within one file system, so
/// they must be on the output folder's; and a build that is killed must not
/// leave them where a web server or an upload of the output folder would
/// publish them. The cache folder (`.bangvang/<output>/staging/`) is both
/// when it is on the output's file system, the usual case; otherwise
/// (`--output` on another disk) a hidden folder inside the output, removed
/// when the write ends and by the next build if one was killed.
fn location(place: &Place) -> PathBuf {
    if same_device(&place.cache, &place.out) {
        place.cache.join("staging")
    } else {
        place.out.join(IN_OUTPUT)
    }
}

#[cfg(unix)]
fn same_device(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // A folder not made yet will be on the file system of its nearest
    // existing ancestor.
    let dev = |p: &Path| {
        let p = std::path::absolute(p).ok()?;
        p.ancestors().find_map(|a| fs::metadata(a).ok()).map(|m| m.dev())
    };
    matches!((dev(a), dev(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(not(unix))]
fn same_device(a: &Path, b: &Path) -> bool {
    // No device numbers: same drive, same file system, as a guess.
    a.components().next() == b.components().next()
}

/// Compares sizes first, then bytes: reading is far cheaper than writing.
pub(super) fn same_content(path: &Path, bytes: &[u8]) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    let mut buf = Vec::with_capacity(bytes.len());
    fs::File::open(path).and_then(|mut f| f.read_to_end(&mut buf)).is_ok() && buf == bytes
}
