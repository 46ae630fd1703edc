//! The output folder holds the site and nothing else: the manifest and the
//! staging files live in the site's cache folder (`.bangvang/<output>/`),
//! staging leaves nothing behind whether the build succeeds or fails, and
//! an output folder written by an older version (manifest inside it) is
//! taken over.

mod common;
use std::fs;
use std::path::{Path, PathBuf};

use common::{Fixture, snapshot};

/// The one cache folder the builds of `f` made, and what it holds.
fn cache(f: &Fixture) -> (PathBuf, Vec<String>) {
    let dirs: Vec<PathBuf> = fs::read_dir(f.root().join(".bangvang"))
        .expect(".bangvang/ exists")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(dirs.len(), 1, "one cache folder per output folder: {dirs:?}");
    let mut names: Vec<String> = fs::read_dir(&dirs[0])
        .expect("cache folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    (dirs[0].clone(), names)
}

/// Paths under `dir` of bangvang's own bookkeeping files.
fn bookkeeping(dir: &Path) -> Vec<String> {
    snapshot(dir)
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| rel.contains(".bangvang"))
        .collect()
}

#[test]
fn the_manifest_is_in_the_cache_folder_and_staging_leaves_nothing() {
    let f = Fixture::new();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert!(bookkeeping(&f.out()).is_empty(), "{:?}", bookkeeping(&f.out()));
    let (dir, names) = cache(&f);
    assert_eq!(names, ["manifest", "state"]);
    let manifest = fs::read_to_string(dir.join("manifest")).expect("manifest");
    let listed: Vec<&str> = manifest.lines().collect();
    let files: Vec<String> = snapshot(&f.out()).into_iter().map(|(rel, _)| rel).collect();
    assert_eq!(listed, files, "the manifest lists every output file");

    // A second build changes nothing and stages nothing that stays.
    let (ok, out, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert!(out.contains(&format!("0 written, {} unchanged", files.len())), "{out}");
    assert_eq!(cache(&f).1, ["manifest", "state"]);
}

#[test]
fn a_render_error_leaves_the_output_as_it_was_and_nothing_staged() {
    let f = Fixture::new();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let before = snapshot(&f.out());
    // Every other page renders (and is staged) before the build fails.
    f.write(
        "content/tin-tuc/2023-03-01-moi.md",
        "---\ntitle: Mới\ndate: 2023-03-01\n---\nx\n",
    );
    f.write("templates/item.html", "{{ no_such_variable }}\n");
    let (ok, _, err) = f.build(&[]);
    assert!(!ok, "the render must fail");
    assert!(err.contains("no_such_variable"), "{err}");
    assert_eq!(snapshot(&f.out()), before);
    assert_eq!(cache(&f).1, ["manifest", "state"]);
}

#[test]
fn a_failed_first_build_makes_neither_output_nor_cache_folder() {
    let f = Fixture::new();
    f.write("templates/item.html", "{{ no_such_variable }}\n");
    let (ok, _, _) = f.build(&[]);
    assert!(!ok);
    assert!(!f.out().exists());
    assert!(!f.root().join(".bangvang").exists());
}

#[test]
fn a_failed_commit_leaves_nothing_staged() {
    let f = Fixture::new();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    // Someone's file stands where the new tag's folder must go: moving the
    // staged files into place fails part way and is undone.
    f.write("public/the/moi", "not made by bangvang");
    let before = snapshot(&f.out());
    f.write(
        "content/tin-tuc/2023-03-01-moi.md",
        "---\ntitle: Mới\ndate: 2023-03-01\ntags: [Mới]\n---\nx\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains("nothing in the output folder was changed"), "{err}");
    assert_eq!(snapshot(&f.out()), before);
    assert_eq!(cache(&f).1, ["manifest", "state"]);
}

#[test]
fn output_folders_of_one_site_have_their_own_manifests() {
    let f = Fixture::new();
    let other = f.root().join("other");
    assert!(f.build(&[]).0);
    assert!(f.build(&["--output", other.to_str().expect("utf-8")]).0);
    let dirs = fs::read_dir(f.root().join(".bangvang")).expect("cache").count();
    assert_eq!(dirs, 2);
    // A page removed from the site goes from both.
    f.remove("content/tin-tuc/2023-02-15-ky-ket.md");
    assert!(f.build(&[]).0);
    assert!(f.build(&["--output", other.to_str().expect("utf-8")]).0);
    for out in [f.out(), other] {
        let files: Vec<String> = snapshot(&out).into_iter().map(|(rel, _)| rel).collect();
        assert!(!files.iter().any(|r| r.contains("ky-ket")), "{files:?}");
    }
}

#[test]
fn an_older_versions_manifest_in_the_output_is_read_then_removed() {
    let f = Fixture::new();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    // The output as an older version left it: its manifest inside, listing
    // a page since removed, and no cache folder.
    let (dir, _) = cache(&f);
    let mut manifest = fs::read_to_string(dir.join("manifest")).expect("manifest");
    manifest.push_str("cu/index.html\n");
    fs::remove_dir_all(f.root().join(".bangvang")).expect("remove the cache");
    f.write("public/.bangvang-manifest", &manifest);
    f.write("public/cu/index.html", "a page of an older build");
    f.write("public/notes.txt", "not listed: not ours to remove");
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert!(
        !f.out().join("cu").exists(),
        "the stale page it listed and its folder go"
    );
    assert!(!f.out().join(".bangvang-manifest").exists());
    assert!(f.out().join("notes.txt").exists());
    let (dir, names) = cache(&f);
    assert_eq!(names, ["manifest", "state"]);
    let now = fs::read_to_string(dir.join("manifest")).expect("manifest");
    assert!(!now.contains("cu/index.html") && !now.contains("notes.txt"), "{now}");
}

#[test]
fn without_a_manifest_a_folder_of_only_its_files_is_adopted_and_any_other_refused() {
    let f = Fixture::new();
    assert!(f.build(&[]).0);
    let built = snapshot(&f.out());
    // The cache folder deleted: the output holds only files this build
    // writes, so it is taken back, and nothing in it changes.
    fs::remove_dir_all(f.root().join(".bangvang")).expect("remove the cache");
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert_eq!(snapshot(&f.out()), built);
    // A file bangvang does not write: the folder is not its own.
    fs::remove_dir_all(f.root().join(".bangvang")).expect("remove the cache");
    fs::write(f.out().join("notes.txt"), "mine").expect("write");
    let before = snapshot(&f.out());
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains("not made by bangvang"), "{err}");
    assert!(err.contains(".bangvang"), "the hint names the cache folder: {err}");
    assert_eq!(snapshot(&f.out()), before);
}
