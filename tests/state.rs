//! The build state in `.bangvang/`: a build after a build renders only what
//! changed, and the state is only a cache: missing, damaged, truncated,
//! foreign or stale states, and output files changed behind bangvang's back,
//! still give exactly the output of a clean build.

mod common;
use std::fs;
use std::path::{Path, PathBuf};

use common::{Fixture, assert_same_tree};

/// The one state file under the site's cache folder.
fn state_file(f: &Fixture) -> PathBuf {
    let dirs: Vec<PathBuf> = fs::read_dir(f.root().join(".bangvang"))
        .expect("a cache folder")
        .map(|e| e.expect("entry").path())
        // The processed photos are shared by every output folder.
        .filter(|p| !p.ends_with("images"))
        .collect();
    assert_eq!(dirs.len(), 1, "one output folder, one state folder: {dirs:?}");
    dirs[0].join("state")
}

/// "N rendered" from the summary line.
fn rendered(stdout: &str) -> usize {
    let at = stdout
        .find(" rendered")
        .unwrap_or_else(|| panic!("no count in {stdout}"));
    let start = stdout[..at].rfind('(').map_or(0, |i| i + 1);
    stdout[start..at]
        .parse()
        .unwrap_or_else(|_| panic!("no count in {stdout}"))
}

fn total(stdout: &str) -> usize {
    let rest = stdout.strip_prefix("built ").unwrap_or_else(|| panic!("{stdout}"));
    rest.split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"))
}

fn build_ok(f: &Fixture) -> (String, String) {
    let (ok, out, err) = f.build(&[]);
    assert!(ok, "build failed: {err}");
    (out, err)
}

/// The site of `f` built from scratch into a folder of its own.
fn clean_build(f: &Fixture) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let target = out.path().join("site");
    let (ok, _, err) = f.build(&["--output", target.to_str().expect("utf-8 path")]);
    assert!(ok, "clean build failed: {err}");
    out
}

fn assert_as_clean(f: &Fixture, context: &str) {
    let clean = clean_build(f);
    assert_same_tree(&f.out(), &clean.path().join("site"), context);
}

#[test]
fn a_build_after_a_build_renders_only_what_changed() {
    let f = Fixture::sample();
    let (first, _) = build_ok(&f);
    assert!(first.contains(" 0 unchanged"), "{first}");
    let (again, err) = build_ok(&f);
    assert_eq!(rendered(&again), 0, "{again}");
    assert!(again.contains(" 0 written"), "{again}");
    assert!(!err.contains("note:"), "{err}");

    let item = "content/tin-tuc/2023-02-15-ky-ket-giao-uoc-thi-dua-2023/index.md";
    let text = fs::read_to_string(f.root().join(item)).expect("sample item");
    f.write(item, &text.replacen("title: ", "title: Đã sửa - ", 1));
    let (edited, _) = build_ok(&f);
    let n = rendered(&edited);
    assert!(n > 0 && n < total(&edited) / 2, "a title edit rendered {n}: {edited}");
    assert_as_clean(&f, "after a title edit");
}

#[test]
fn warnings_are_repeated_when_nothing_changed() {
    let f = Fixture::new();
    f.write(
        "content/tin-tuc/2023-02-15-ky-ket.md",
        "---\ntitle: Ký kết\ndate: 2023-02-15\ntags: [Giao ước, Giao ước]\n---\nNội dung.\n",
    );
    let (_, first) = build_ok(&f);
    assert!(first.contains("warning"), "{first}");
    let (out, again) = build_ok(&f);
    assert_eq!(rendered(&out), 0, "{out}");
    assert_eq!(first, again, "the same warnings, with their snippets");
}

/// Replaces the saved state with `bytes` (made from the current one).
fn damage(f: &Fixture, bytes: impl Fn(Vec<u8>) -> Vec<u8>) {
    let path = state_file(f);
    let old = fs::read(&path).expect("a saved state");
    fs::write(&path, bytes(old)).expect("write state");
}

type Damage = fn(Vec<u8>) -> Vec<u8>;

#[test]
fn an_unusable_state_means_a_full_build_and_one_notice() {
    let cases: [(&str, Damage, &str); 4] = [
        (
            "damaged",
            |mut b| {
                let mid = b.len() / 2;
                b[mid] ^= 0x55;
                b
            },
            "damaged",
        ),
        ("truncated", |b| b[..b.len() / 3].to_vec(), "truncated"),
        ("empty", |_| Vec::new(), "truncated"),
        (
            "other version",
            |mut b| {
                b[8] = b[8].wrapping_add(1);
                b
            },
            "another version",
        ),
    ];
    for (what, change, says) in cases {
        let f = Fixture::sample();
        let (first, _) = build_ok(&f);
        let full = rendered(&first);
        let item = "content/tin-tuc/2023-02-15-ky-ket-giao-uoc-thi-dua-2023/index.md";
        let text = fs::read_to_string(f.root().join(item)).expect("sample item");
        f.write(item, &format!("{text}\nMột đoạn mới.\n"));
        damage(&f, change);
        let (out, err) = build_ok(&f);
        let notes: Vec<&str> = err.lines().filter(|l| l.starts_with("note:")).collect();
        assert_eq!(notes.len(), 1, "{what}: {err}");
        assert!(
            notes[0].contains(says) && notes[0].contains("building everything"),
            "{what}: {err}"
        );
        assert_eq!(rendered(&out), full, "{what}: {out}");
        assert_as_clean(&f, what);
        // And the state saved by that build is used again.
        let (out, err) = build_ok(&f);
        assert_eq!(rendered(&out), 0, "{what}: {out}");
        assert!(!err.contains("note:"), "{what}: {err}");
    }
}

#[test]
fn a_missing_state_beside_an_old_output_is_a_notice_but_a_first_build_is_not() {
    let f = Fixture::new();
    let (first, err) = build_ok(&f);
    assert!(!err.contains("note:"), "{err}");
    fs::remove_dir_all(f.root().join(".bangvang")).expect("remove cache");
    let (out, err) = build_ok(&f);
    assert!(err.contains("note: no saved build state"), "{err}");
    assert_eq!(rendered(&out), rendered(&first), "{out}");
}

#[test]
fn a_stale_state_is_never_trusted_over_the_files() {
    let f = Fixture::sample();
    build_ok(&f);
    let old_state = fs::read(state_file(&f)).expect("state");
    let item = "content/tin-tuc/2023-02-15-ky-ket-giao-uoc-thi-dua-2023/index.md";
    let text = fs::read_to_string(f.root().join(item)).expect("sample item");
    f.write(item, &text.replacen("title: ", "title: Mới - ", 1));
    f.write(
        "content/gioi-thieu-moi.md",
        "---\ntitle: Giới thiệu mới\n---\nMột trang.\n",
    );
    build_ok(&f);
    // The state of the first build, with the output of the second: the
    // changed files no longer match the state and are made again; the new
    // page is not in the old state's list and is rendered.
    fs::write(state_file(&f), &old_state).expect("restore old state");
    build_ok(&f);
    assert_as_clean(&f, "old state, newer output");
    // And back to the first site's files with the second build's state.
    f.write(item, &text);
    f.remove("content/gioi-thieu-moi.md");
    build_ok(&f);
    assert_as_clean(&f, "old files, newer state");
}

fn out_file(f: &Fixture, rel: &str) -> PathBuf {
    f.out().join(rel)
}

#[test]
fn output_files_changed_behind_bangvangs_back_are_made_again() {
    let f = Fixture::sample();
    build_ok(&f);
    let edited = "tin-tuc/index.html";
    let deleted = "index.html";
    let emptied = "sitemap.xml";
    // A folder at a path bangvang writes is replaced by the file.
    let folder = "robots.txt";
    let text = fs::read_to_string(out_file(&f, edited)).expect("built");
    // Same length, other bytes: size and time tell it changed.
    fs::write(out_file(&f, edited), text.replace("<html", "<HTML")).expect("edit");
    fs::remove_file(out_file(&f, deleted)).expect("delete");
    fs::write(out_file(&f, emptied), "").expect("empty");
    fs::remove_file(out_file(&f, folder)).expect("delete");
    fs::create_dir_all(out_file(&f, folder).join("x")).expect("folder in its place");
    fs::write(out_file(&f, "mine.txt"), "not bangvang's").expect("extra file");
    let (ok, out, err) = f.build(&[]);
    assert!(ok, "{err}");
    // The four files, and nothing else, are made again.
    assert_eq!(rendered(&out), 4, "{out}");
    assert_eq!(
        fs::read_to_string(out_file(&f, "mine.txt")).ok().as_deref(),
        Some("not bangvang's")
    );
    fs::remove_file(out_file(&f, "mine.txt")).expect("remove extra");
    assert_as_clean(&f, "after edits behind its back");
}

#[test]
fn two_output_folders_keep_two_states() {
    let f = Fixture::new();
    let (first, _) = build_ok(&f);
    let other = tempfile::tempdir().expect("temp dir");
    let target: &Path = &other.path().join("b");
    let args = ["--output", target.to_str().expect("utf-8")];
    let (ok, out, _) = f.build(&args);
    assert!(ok && rendered(&out) == rendered(&first), "{out}");
    let (again, _) = build_ok(&f);
    assert_eq!(rendered(&again), 0, "{again}");
    let (ok, out, _) = f.build(&args);
    assert!(ok && rendered(&out) == 0, "{out}");
}

#[test]
fn a_body_edit_renders_its_page_and_the_feeds_only() {
    let f = Fixture::sample();
    build_ok(&f);
    let item = "content/tin-tuc/2023-09-12-mo-hinh-dan-van-kheo-huyen-tung.md";
    let text = fs::read_to_string(f.root().join(item)).expect("sample item");
    // A last paragraph: the summary (the first) stays, so every list,
    // neighbour and the search index show the item as before.
    f.write(item, &format!("{text}\nMột đoạn cuối mới.\n"));
    let (out, _) = build_ok(&f);
    assert_eq!(rendered(&out), 3, "the item page, atom.xml and rss.xml: {out}");
    assert!(out.contains(" 3 written"), "{out}");
    assert_as_clean(&f, "after a body edit");
}
