//! Uploading only what changed (docs/hosting.md): after a one-item edit, a
//! build leaves every output file whose bytes did not change as it was,
//! modification time included, so `rsync -c`, rsync's default size-and-time
//! check and `rclone sync` all send only the changes. The same when the
//! build's cache folder is gone (a fresh CI checkout building into a kept
//! output folder): bytes decide, not the cache.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use common::Fixture;

type Files = BTreeMap<String, (Vec<u8>, SystemTime)>;

/// Every file of `dir` with its bytes and modification time.
fn files(dir: &Path) -> Files {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("under dir").display().to_string();
            let bytes = std::fs::read(e.path()).expect("read");
            let mtime = std::fs::metadata(e.path()).and_then(|m| m.modified()).expect("mtime");
            (rel, (bytes, mtime))
        })
        .collect()
}

/// The files whose bytes changed; panics if the set of files changed, or
/// if a file with the same bytes has another modification time.
fn changed(before: &Files, after: &Files, context: &str) -> Vec<String> {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "{context}: the same files"
    );
    let mut out = Vec::new();
    for (rel, (bytes, mtime)) in before {
        let (b2, m2) = &after[rel];
        if bytes == b2 {
            assert_eq!(mtime, m2, "{context}: {rel} has its bytes and must keep its mtime");
        } else {
            out.push(rel.clone());
        }
    }
    out
}

const ITEM: &str = "content/tin-tuc/2023-09-12-mo-hinh-dan-van-kheo-huyen-tung.md";
const PAGE: &str = "tin-tuc/mo-hinh-dan-van-kheo-huyen-tung/index.html";

#[test]
fn unchanged_files_keep_bytes_and_mtime_after_a_one_item_edit() {
    let f = Fixture::sample();
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).expect("site.yaml");
    f.write(
        "site.yaml",
        &format!("{yaml}compress: {{gzip: true, brotli: true, min_size: 1024}}\n"),
    );
    let now = ["--now", "2025-11-20T09:00:00+07:00"];
    let (ok, _, err) = f.build(&now);
    assert!(ok, "{err}");
    let first = files(&f.out());
    let text = std::fs::read_to_string(f.root().join(ITEM)).expect("item");
    f.write(ITEM, &format!("{text}\nMột đoạn mới ở cuối bài.\n"));
    let (ok, _, err) = f.build(&now);
    assert!(ok, "{err}");
    let second = files(&f.out());
    let edited = changed(&first, &second, "after a one-item edit");
    for rel in [PAGE, &format!("{PAGE}.gz"), &format!("{PAGE}.br")] {
        assert!(edited.contains(&rel.to_owned()), "{rel} changed: {edited:?}");
    }
    // The edit shows on the item, its copies and what quotes its text
    // (feeds, the search index): a handful, not the site.
    assert!(
        edited.len() * 10 < first.len(),
        "{} of {} files changed: {edited:?}",
        edited.len(),
        first.len()
    );

    // Without the cache folder, the next build renders everything again
    // but writes only what differs: here, nothing.
    std::fs::remove_dir_all(f.root().join(".bangvang")).expect("rm .bangvang");
    let (ok, _, err) = f.build(&now);
    assert!(ok, "{err}");
    let third = files(&f.out());
    assert_eq!(
        changed(&second, &third, "after the cache folder was deleted"),
        Vec::<String>::new()
    );
}
