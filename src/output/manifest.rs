//! The manifest: the list of files bangvang wrote to an output folder, so
//! stale ones can be removed without ever deleting anything it did not make.
//! It lives in the site's cache folder, not in what is published; older
//! versions kept it in the output folder as `.bangvang-manifest`, which is
//! read when the new one is missing and removed by the next write.

use std::fs;
use std::path::{Path, PathBuf};

use super::stage::{IN_OUTPUT, same_content};
use super::tx::{self, Tx};
use super::{Place, err};
use crate::diag::Diagnostic;

/// The manifest of older versions, inside the output folder.
pub const LEGACY: &str = ".bangvang-manifest";

fn path(place: &Place) -> PathBuf {
    place.cache.join("manifest")
}

/// The previous write's file list. A non-empty folder without one was not
/// made by bangvang: refuse it rather than mix our files into someone else's.
pub(super) fn read(place: &Place) -> Result<Vec<String>, Diagnostic> {
    let text = fs::read_to_string(path(place)).or_else(|_| fs::read_to_string(place.out.join(LEGACY)));
    match text {
        Ok(s) => Ok(s.lines().map(str::to_owned).collect()),
        Err(_) if is_empty(&place.out) => Ok(Vec::new()),
        Err(_) => Err(Diagnostic::error(
            place.out.display().to_string(),
            None,
            "the output folder is not empty and was not made by bangvang",
        )
        .with_hint(format!(
            "choose an empty or new folder with --output, or empty this one yourself (bangvang keeps the list \
             of files it wrote in {}: when that was deleted, so was its record of this folder)",
            place.cache.display()
        ))),
    }
}

/// Whether every file in the output folder is one of `now` (and nothing
/// else is there but folders): a folder whose manifest went with the cache
/// folder, holding only what this build writes anyway. Adopting it deletes
/// nothing and overwrites only files at bangvang's own paths.
pub(super) fn holds_only(place: &Place, now: &std::collections::BTreeSet<&str>) -> bool {
    let mut walk = walkdir::WalkDir::new(&place.out).min_depth(1).into_iter();
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else { return false };
        if entry.depth() == 1 && entry.file_name() == IN_OUTPUT {
            walk.skip_current_dir();
            continue;
        }
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        let rel = crate::diag::display_path(&place.out, entry.path());
        if !kind.is_file() || !now.contains(rel.as_str()) {
            return false;
        }
    }
    true
}

/// Missing, or empty but for a staging folder a killed build left.
fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).map_or(true, |d| d.filter_map(Result::ok).all(|e| e.file_name() == IN_OUTPUT))
}

/// Records `files` (sorted), and removes the legacy manifest, within `tx`.
pub(super) fn write<'a>(tx: &mut Tx, place: &Place, files: impl Iterator<Item = &'a str>) -> Result<(), Diagnostic> {
    let text: String = files.map(|p| format!("{p}\n")).collect();
    let mpath = path(place);
    if !same_content(&mpath, text.as_bytes()) {
        let mut made = Vec::new();
        tx::create_dirs(&place.cache, &mut made).map_err(|e| err(&place.cache, "create the cache folder", e))?;
        tx.record(made);
        tx.write(&mpath, text.as_bytes()).map_err(|e| err(&mpath, "write", e))?;
    }
    let legacy = place.out.join(LEGACY);
    tx.remove(&legacy).map_err(|e| err(&legacy, "remove", e))?;
    Ok(())
}
