//! File and folder names in NFD (as macOS and zip archives store Vietnamese
//! names) build exactly as their NFC form, in `build` and in watch mode; two
//! names that differ only in normalisation are one error naming both.

mod common;
use bangvang::build::BuildOptions;
use bangvang::incremental::{Incremental, one_lines};
use common::{Fixture, assert_same_tree};
use unicode_normalization::UnicodeNormalization;

fn nfd(s: &str) -> String {
    s.nfd().collect()
}

const SECTION: &str = "Thông báo";
const ITEM: &str = "2023-07-20-Sơ-kết 6 tháng.md";
const ITEM_TEXT: &str = "---\ntitle: Sơ kết\ndate: 2023-07-20\n---\nNội dung.\n";
const STATIC: &str = "tài-liệu/Báo cáo.txt";

/// The same site, its names written in NFC or in NFD.
fn site(form: fn(&str) -> String) -> Fixture {
    let f = Fixture::new();
    f.write(
        &format!("content/{}/_index.md", form(SECTION)),
        "---\ntitle: Tin\n---\n",
    );
    f.write(&format!("content/{}/{}", form(SECTION), form(ITEM)), ITEM_TEXT);
    f.write(&form("content/Giới thiệu.md"), "---\ntitle: Giới thiệu\n---\nx\n");
    f.write(&format!("static/{}", form(STATIC)), "báo cáo");
    f
}

#[test]
fn nfd_names_build_exactly_as_nfc_names() {
    assert_ne!(nfd(ITEM), ITEM, "the test writes two different names");
    let (a, b) = (site(str::to_owned), site(nfd));
    for f in [&a, &b] {
        let (ok, _, err) = f.build(&[]);
        assert!(ok, "{err}");
    }
    assert!(b.read("thong-bao/so-ket-6-thang/index.html").contains("Nội dung."));
    assert_eq!(
        b.read(STATIC),
        "báo cáo",
        "static files are published under their NFC name"
    );
    assert_same_tree(&a.out(), &b.out(), "NFC and NFD names");
}

#[test]
fn twin_content_names_are_one_error_naming_both() {
    let f = site(str::to_owned);
    f.write(&format!("content/{SECTION}/{}", nfd(ITEM)), ITEM_TEXT);
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(err.contains(&format!("content/{SECTION}/{ITEM}")), "{err}");
    assert!(
        err.contains("2 files have the same name in different Unicode forms")
            && err.contains("(composed, NFC, 32 bytes)")
            && err.contains("(decomposed, NFD, 36 bytes)"),
        "{err}"
    );
}

#[test]
fn twin_folders_are_one_error() {
    let f = site(str::to_owned);
    f.write(&format!("content/{}/{}", nfd(SECTION), "2023-08-01-khac.md"), ITEM_TEXT);
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(err.contains(&format!("content/{SECTION}/")), "{err}");
    assert!(
        err.contains("2 folders have the same name in different Unicode forms"),
        "{err}"
    );
}

#[test]
fn twin_static_and_scoring_names_are_errors_naming_both() {
    let f = site(str::to_owned);
    f.write(&format!("static/tài-liệu/{}", nfd("Báo cáo.txt")), "khác");
    let yaml = "cluster: xa-phuong\nyear: 2023\nstatus: planned\nleader: huyen-tung\nmembers: [huyen-tung]\nstages: [council]\ncriteria:\n  - { code: I, title: Kinh tế, max: 10 }\n";
    f.write("data/scoring/2023/xã.yaml", yaml);
    f.write(&nfd("data/scoring/2023/xã.yaml"), yaml);
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert_eq!(err.matches("error:").count(), 2, "{err}");
    assert!(err.contains(&format!("static/{STATIC}")), "{err}");
    assert!(err.contains("data/scoring/2023/xã.yaml"), "{err}");
    assert_eq!(err.matches("2 files have the same name").count(), 2, "{err}");
}

#[test]
fn watch_mode_reloads_nfd_names_and_reports_twins() {
    let f = site(str::to_owned);
    let mut opts = BuildOptions::new(f.root());
    opts.output = f.root().join("out");
    let mut inc = Incremental::new(opts.clone());
    assert!(inc.rebuild(&[]).ok(), "first build");

    let added = format!("content/{SECTION}/{}", nfd("2023-08-01-Tổng kết.md"));
    f.write(&added, ITEM_TEXT);
    let r = inc.rebuild(&[f.root().join(&added)]);
    assert!(r.ok(), "{:?}", one_lines(&r.diags));
    assert!(opts.output.join("thong-bao/tong-ket/index.html").is_file());

    let twin = format!("content/{SECTION}/{ITEM}");
    let twin_nfd = format!("content/{SECTION}/{}", nfd(ITEM));
    f.write(&twin_nfd, ITEM_TEXT);
    let r = inc.rebuild(&[f.root().join(&twin_nfd)]);
    let lines = one_lines(&r.diags);
    assert!(!r.ok());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains(&twin) && lines[0].contains("2 files have the same name"),
        "{lines:?}"
    );

    f.remove(&twin);
    let r = inc.rebuild(&[f.root().join(&twin)]);
    assert!(r.ok(), "{:?}", one_lines(&r.diags));
    assert!(opts.output.join("thong-bao/so-ket-6-thang/index.html").is_file());

    // A new folder, its name and its file's in NFD.
    let folder = nfd("content/Hội nghị");
    let file = format!("{folder}/{}", nfd("2023-09-01-Hội nghị.md"));
    f.write(&file, ITEM_TEXT);
    let r = inc.rebuild(&[f.root().join(&folder), f.root().join(&file)]);
    assert!(r.ok(), "{:?}", one_lines(&r.diags));
    assert!(opts.output.join("hoi-nghi/hoi-nghi/index.html").is_file());
}
