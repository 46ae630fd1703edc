//! Snapshots of the sample site's output: the safety net for refactors of the
//! build engine. Each set builds a copy of the repository's sample site with
//! the real binary and compares
//! - the chosen pages byte for byte with plain files under
//!   `tests/snapshots/<set>/` (mirroring the output paths, so a reviewer reads
//!   a change in the diff), an XLSX as its unzipped parts;
//! - every output file's path and hash with `tests/snapshots/<set>.files`, so
//!   a page that appears, disappears or changes anywhere shows too.
//!
//! A change on purpose: `BANGVANG_UPDATE_SNAPSHOTS=1 cargo test --test
//! snapshots` rewrites the snapshot files; review them with `git diff`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

mod common;
mod diff;
use common::Fixture;

/// The Vietnamese sample site as it is in the repository.
const VI_PAGES: &[&str] = &[
    "index.html",
    "tin-tuc/index.html",
    "tin-tuc/ky-ket-giao-uoc-thi-dua-2023/index.html",
    "tin-tuc/cong-bo-khen-thuong-thi-dua-2023/index.html",
    "gioi-thieu/index.html",
    "don-vi/index.html",
    // Results and a successor.
    "don-vi/huyen-tung/index.html",
    // A namesake of the unit that succeeded it: the labels tell them apart.
    "don-vi/duc-xuan/index.html",
    // A successor: predecessors, no results.
    "don-vi/duc-xuan-2025/index.html",
    "bang-xep-hang/index.html",
    "bang-xep-hang/2023/xa-phuong/index.html",
    "bang-xep-hang/2024/xa-phuong/index.html",
    "bang-xep-hang/xa-phuong/index.html",
    "bang-xep-hang/2023/xa-phuong/standings.json",
    "bang-xep-hang/2023/xa-phuong/standings.csv",
    "bang-xep-hang/2023/xa-phuong/standings.xlsx",
    // The documents register and public comment (open at NOW).
    "van-ban/index.html",
    "van-ban/quyet-dinh/index.html",
    "van-ban/2024/215-qd-ubnd/index.html",
    "lay-y-kien/index.html",
    "lay-y-kien/2023/bang-khen-cum-xa-phuong/index.html",
    "lay-y-kien/2024/dan-van-kheo-huyen-tung/index.html",
    "the/index.html",
    "the/giao-uoc-thi-dua/index.html",
    "tim-kiem/index.html",
    "tim-kiem/index.json",
    "atom.xml",
    "rss.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
];

/// The English variation; `paginate: 3` as well, because the sample's seven
/// items fit on one page of ten and the second pages would go unseen.
const EN_PAGES: &[&str] = &[
    "index.html",
    "tin-tuc/page/2/index.html",
    "standings/2023/xa-phuong/index.html",
    "units/huyen-tung/index.html",
    "units/huyen-tung/page/2/index.html",
    "documents/2024/index.html",
    "consultations/2024/dan-van-kheo-huyen-tung/index.html",
];

/// The build moment of the snapshots: the sample's 2024 consultation is
/// open then (its period is 6 to 17 January 2025).
const NOW: &str = "2025-01-10T09:00:00+07:00";

#[test]
fn sample_site_matches_its_snapshots() {
    check("vi", |yaml| yaml.to_owned(), VI_PAGES);
}

#[test]
fn english_variation_matches_its_snapshots() {
    check(
        "en",
        |yaml| {
            let out = yaml
                .replace("\nlanguage: vi\n", "\nlanguage: en\n")
                .replace("\npaginate: 10\n", "\npaginate: 3\n");
            assert_ne!(out, yaml, "site.yaml no longer has `language: vi` and `paginate: 10`");
            out
        },
        EN_PAGES,
    );
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn check(set: &str, site_yaml: fn(&str) -> String, pages: &[&str]) {
    let site = Fixture::sample();
    let yaml = fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    site.write("site.yaml", &site_yaml(&yaml));
    let (ok, _, stderr) = site.build(&["--now", NOW]);
    assert!(ok, "the {set} sample site does not build:\n{stderr}");
    let public = site.out();
    let outputs = files_under(&public);
    assert_machine_independent(&outputs, site.root());

    let mut actual = BTreeMap::new();
    actual.insert(format!("{set}.files"), listing(&outputs));
    let mut report = String::new();
    for page in pages {
        let Some(bytes) = outputs.get(*page) else {
            let _ = writeln!(
                report,
                "the build makes no {page}: fix the build, or take it off the {set} list in tests/snapshots.rs\n"
            );
            continue;
        };
        if page.ends_with(".xlsx") {
            // The zip container is rust_xlsxwriter's business and binary; its
            // parts are the text a reviewer can read.
            for (part, text) in unzip(bytes, page) {
                actual.insert(format!("{set}/{page}/{part}"), text);
            }
        } else {
            actual.insert(format!("{set}/{page}"), bytes.clone());
        }
    }

    let dir = repo().join("tests/snapshots");
    let mut expected: BTreeMap<String, Vec<u8>> = files_under(&dir.join(set))
        .into_iter()
        .map(|(rel, bytes)| (format!("{set}/{rel}"), bytes))
        .collect();
    if let Ok(bytes) = fs::read(dir.join(format!("{set}.files"))) {
        expected.insert(format!("{set}.files"), bytes);
    }

    if std::env::var_os("BANGVANG_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        assert!(
            std::env::var_os("CI").is_none(),
            "BANGVANG_UPDATE_SNAPSHOTS is for a developer's machine: in CI it would make the test pass whatever the output"
        );
        assert!(report.is_empty(), "{report}nothing updated");
        update(&dir, &expected, &actual);
        return;
    }
    report.push_str(&compare(&expected, &actual));
    assert!(
        report.is_empty(),
        "the {set} output differs from tests/snapshots/:\n\n{report}\nIf the change is on purpose: BANGVANG_UPDATE_SNAPSHOTS=1 cargo test --test snapshots, then review `git diff tests/snapshots`."
    );
}

/// Every file under `dir` by its `/`-separated relative path (empty if `dir`
/// does not exist).
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("under dir");
            let rel: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
            (rel.join("/"), fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// A snapshot taken on one machine must hold on every other.
fn assert_machine_independent(outputs: &BTreeMap<String, Vec<u8>>, root: &Path) {
    let root = root.to_string_lossy();
    for (rel, bytes) in outputs {
        assert!(
            !String::from_utf8_lossy(bytes).contains(&*root),
            "{rel} contains the build's temporary path {root}"
        );
    }
}

/// One line per output file: its xxh3 hash and path, like `sha256sum`.
fn listing(outputs: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut s = String::new();
    for (rel, bytes) in outputs {
        let _ = writeln!(s, "{:016x}  {rel}", xxhash_rust::xxh3::xxh3_64(bytes));
    }
    s.into_bytes()
}

fn unzip(bytes: &[u8], name: &str) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{name}: {e}"));
    (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).unwrap_or_else(|e| panic!("{name}: {e}"));
            let mut text = Vec::new();
            part.read_to_end(&mut text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let part = part.name().unwrap_or_else(|e| panic!("{name}: {e}")).into_owned();
            (part, text)
        })
        .collect()
}

/// Writes what changed, removes what is gone, and says so.
fn update(dir: &Path, expected: &BTreeMap<String, Vec<u8>>, actual: &BTreeMap<String, Vec<u8>>) {
    for (rel, bytes) in actual {
        if expected.get(rel) != Some(bytes) {
            let path = dir.join(rel);
            fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
            fs::write(&path, bytes).expect("write snapshot");
            eprintln!("updated snapshot tests/snapshots/{rel}");
        }
    }
    for rel in expected.keys().filter(|rel| !actual.contains_key(*rel)) {
        fs::remove_file(dir.join(rel)).expect("remove snapshot");
        remove_empty_parents(dir, &dir.join(rel));
        eprintln!("removed snapshot tests/snapshots/{rel}");
    }
}

fn remove_empty_parents(top: &Path, file: &Path) {
    let mut at: Option<PathBuf> = file.parent().map(Path::to_path_buf);
    while let Some(d) = at.filter(|d| d.starts_with(top) && d != top) {
        if fs::remove_dir(&d).is_err() {
            break; // not empty
        }
        at = d.parent().map(Path::to_path_buf);
    }
}

/// Every difference, each file with its first differing lines; empty if none.
fn compare(expected: &BTreeMap<String, Vec<u8>>, actual: &BTreeMap<String, Vec<u8>>) -> String {
    let mut report = String::new();
    for (rel, bytes) in actual {
        match expected.get(rel) {
            None => {
                let _ = writeln!(report, "tests/snapshots/{rel}: no snapshot yet\n");
            }
            Some(want) if want != bytes => {
                let _ = writeln!(report, "{}", diff::unified(rel, want, bytes));
            }
            Some(_) => {}
        }
    }
    for rel in expected.keys().filter(|rel| !actual.contains_key(*rel)) {
        let _ = writeln!(
            report,
            "tests/snapshots/{rel}: stale, nothing is compared with it any more (its output is gone or off the list)\n"
        );
    }
    report
}
