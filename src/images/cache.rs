//! Processed photos on disk, in the site's cache folder:
//! `.bangvang/images/<key>/` holds every size and format made of one photo,
//! `<key>` a hash of its bytes and of `process::VERSION`. A folder is
//! complete or absent (made beside and renamed), so a build that finds it
//! does no image work at all, and a crash never leaves half a photo.

use std::path::{Path, PathBuf};

use super::process::Made;

/// `.bangvang/images` under the site root.
pub fn root(site: &Path) -> PathBuf {
    site.join(crate::cache::DIR).join("images")
}

/// The cache key of a photo's bytes.
pub fn key(bytes: &[u8]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(bytes);
    h.update(super::process::VERSION.as_bytes());
    h.digest()
}

/// The folder of one photo.
pub fn folder(site: &Path, key: u64) -> PathBuf {
    root(site).join(format!("{key:016x}"))
}

/// Whether the photo was processed already.
pub fn has(site: &Path, key: u64) -> bool {
    folder(site, key).is_dir()
}

/// Stores what was made of a photo: written into a temporary folder and
/// renamed into place (another thread that made the same photo loses the
/// race harmlessly: both made the same bytes).
pub fn store(site: &Path, key: u64, made: &[Made]) -> std::io::Result<()> {
    let dir = root(site);
    std::fs::create_dir_all(&dir)?;
    let tmp = tempfile::Builder::new().prefix(".new-").tempdir_in(&dir)?;
    for m in made {
        std::fs::write(tmp.path().join(&m.name), &m.bytes)?;
    }
    let target = folder(site, key);
    let tmp = tmp.keep();
    match std::fs::rename(&tmp, &target) {
        Ok(()) => Ok(()),
        Err(_) if target.is_dir() => std::fs::remove_dir_all(&tmp),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}
