//! `compress:` in site.yaml: `.gz` and `.br` copies beside text files above
//! the threshold, byte-identical between builds, made again only when their
//! file changes and removed with it.

mod common;

use std::io::Read;

use common::{Fixture, assert_same_tree};

const ON: &str = "compress: {gzip: true, brotli: true, min_size: 1024}\n";

fn gunzip(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b).read_to_end(&mut out).expect("gzip");
    out
}

fn unbrotli(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(b, 4096)
        .read_to_end(&mut out)
        .expect("brotli");
    out
}

fn sample_with(extra: &str) -> Fixture {
    let f = Fixture::sample();
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).expect("site.yaml");
    f.write("site.yaml", &format!("{yaml}{extra}"));
    f
}

/// Builds at one moment: the public-comment pages say when they were built.
const NOW: &[&str] = &["--now", "2025-01-10"];

fn clean_build_equals(f: &Fixture, context: &str) {
    let clean = Fixture {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    common::copy_dir(f.root(), clean.root());
    std::fs::remove_dir_all(clean.root().join("public")).expect("rm public");
    let _ = std::fs::remove_dir_all(clean.root().join(".bangvang"));
    let (ok, _, err) = clean.build(NOW);
    assert!(ok, "{err}");
    assert_same_tree(&f.out(), &clean.out(), context);
}

#[test]
fn copies_beside_text_files_above_the_threshold() {
    let f = sample_with(ON);
    let (ok, _, err) = f.build(NOW);
    assert!(ok, "{err}");
    let out = f.out();
    let mut copies = 0;
    for entry in walkdir::WalkDir::new(&out).into_iter().filter_map(Result::ok) {
        let p = entry.path();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = p.strip_prefix(&out).expect("under out").to_string_lossy().into_owned();
        if rel.ends_with(".gz") || rel.ends_with(".br") {
            continue;
        }
        let bytes = std::fs::read(p).expect("read");
        let text = bangvang::compress::is_text(&rel);
        let (gz, br) = (
            p.with_file_name(format!("{}.gz", entry.file_name().to_string_lossy())),
            p.with_file_name(format!("{}.br", entry.file_name().to_string_lossy())),
        );
        if text && bytes.len() >= 1024 {
            assert_eq!(gunzip(&std::fs::read(&gz).expect("gz")), bytes, "{rel}.gz");
            assert_eq!(unbrotli(&std::fs::read(&br).expect("br")), bytes, "{rel}.br");
            copies += 2;
        } else {
            assert!(!gz.exists() && !br.exists(), "{rel}: {} bytes, no copies", bytes.len());
        }
    }
    assert!(copies > 40, "{copies}");
    assert!(out.join("robots.txt").exists() && !out.join("robots.txt.gz").exists());
    let css_gz = std::fs::read_dir(out.join("assets"))
        .expect("assets")
        .filter_map(Result::ok)
        .any(|e| {
            e.file_name().to_string_lossy().starts_with("style.")
                && e.file_name().to_string_lossy().ends_with(".css.gz")
        });
    assert!(css_gz, "static text files too");
    // Byte-identical between builds.
    clean_build_equals(&f, "a second clean build");
}

#[test]
fn copies_follow_their_files_across_builds() {
    let f = sample_with(ON);
    assert!(f.build(NOW).0);
    let item = "content/tin-tuc/2023-09-12-mo-hinh-dan-van-kheo-huyen-tung.md";
    let text = std::fs::read_to_string(f.root().join(item)).expect("item");
    let page = f.out().join("tin-tuc/mo-hinh-dan-van-kheo-huyen-tung/index.html");
    let gz = page.with_file_name("index.html.gz");
    assert!(gz.exists());
    let other = f.out().join("gioi-thieu/index.html.br");
    let stamp = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).expect("mtime");
    let before = stamp(&other);
    // An edit: the copies follow the page.
    f.write(item, &format!("{text}\nMột đoạn mới.\n"));
    assert!(f.build(NOW).0);
    assert_eq!(
        stamp(&other),
        before,
        "a copy whose page the edit did not change is not rewritten (rsync and rclone see it unchanged)"
    );
    assert_eq!(
        gunzip(&std::fs::read(&gz).expect("gz")),
        std::fs::read(&page).expect("page")
    );
    clean_build_equals(&f, "after an edit");
    // A copy deleted by hand is made again.
    std::fs::remove_file(&gz).expect("rm gz");
    let (ok, _, err) = f.build(NOW);
    assert!(ok, "{err}");
    assert!(gz.exists(), "the copy is back");
    clean_build_equals(&f, "after a copy was deleted");
    // The page goes: its copies go with it.
    f.remove(item);
    assert!(f.build(NOW).0);
    assert!(!page.exists() && !gz.exists() && !page.with_file_name("index.html.br").exists());
    clean_build_equals(&f, "after the page was removed");
    // Compression turned off: every copy goes.
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).expect("site.yaml");
    f.write("site.yaml", &yaml.replace(ON, ""));
    assert!(f.build(NOW).0);
    let left: Vec<_> = common::snapshot(&f.out())
        .into_iter()
        .filter(|(r, _)| r.ends_with(".gz") || r.ends_with(".br"))
        .map(|(r, _)| r)
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_wrong_compress_setting_is_an_error_at_its_key() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        &format!("{}compress: {{gzip: yes please, min_sise: 3}}\n", common::SITE_YAML),
    );
    let (ok, _, err) = f.build(NOW);
    assert!(!ok);
    assert!(err.contains("site.yaml:5:"), "{err}");
    assert!(err.contains("did you mean `min_size`"), "{err}");
    assert!(err.contains("`gzip`"), "{err}");
}
