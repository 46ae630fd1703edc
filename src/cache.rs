//! The site's cache folder, `.bangvang/` at its root: bangvang's own records
//! about an output folder (the manifest; later the build state), kept out of
//! what a web server publishes. Only a cache: deleting it costs a full build.

use std::path::{Path, PathBuf};

/// The cache folder's name at the site root (`init` puts it in .gitignore).
pub const DIR: &str = ".bangvang";

/// The cache folder for the output folder `out` of the site at `root`:
/// `.bangvang/<xxh3 of out's absolute path>/`, so output folders of one site
/// (`--output` elsewhere) never share a manifest.
pub fn dir(root: &Path, out: &Path) -> PathBuf {
    let abs = absolute(out);
    let hash = xxhash_rust::xxh3::xxh3_64(abs.as_os_str().as_encoded_bytes());
    root.join(DIR).join(format!("{hash:016x}"))
}

/// `out` absolute, with its parent resolved (links, `..`) when it exists but
/// `out` itself not: the same before the first build made it and after.
fn absolute(out: &Path) -> PathBuf {
    let name = out.file_name();
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (std::fs::canonicalize(parent), name) {
        (Ok(p), Some(name)) => p.join(name),
        _ => std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_folder_per_output_folder_and_stable_before_and_after_it_exists() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        let public = root.join("public");
        let before = dir(root, &public);
        std::fs::create_dir(&public).unwrap();
        assert_eq!(dir(root, &public), before);
        std::fs::create_dir(root.join("x")).unwrap();
        assert_eq!(dir(root, &root.join("x/../public")), before, "the parent is resolved");
        assert_ne!(dir(root, &root.join("elsewhere")), before);
        assert!(before.starts_with(root.join(DIR)));
    }
}
