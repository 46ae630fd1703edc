//! Output paths: a name that would make an output file or folder name longer
//! than 200 bytes (file systems allow 255) is an error at its source, and a
//! build that fails while writing leaves the output folder, manifest
//! included, exactly as it was.

mod common;
use common::{Fixture, snapshot};

const ITEM: &str = "content/tin-tuc/2023-02-15-ky-ket.md";

#[test]
fn a_build_that_fails_while_writing_changes_nothing_in_the_output() {
    let f = Fixture::new();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    // Someone's file stands where the new tag's folder must go: the write
    // fails with an OS error, after other files (and the manifest, listing
    // the new ones) would have been written.
    f.write("public/the/moi", "not made by bangvang");
    let before = snapshot(&f.out());
    f.write(
        ITEM,
        "---\ntitle: Ký kết (sửa)\ndate: 2023-02-15\nunits: [huyen-tung]\ntags: [Giao ước, Mới]\n---\nNội dung khác.\n",
    );
    f.write(
        "content/tin-tuc/2023-03-01-moi.md",
        "---\ntitle: Mới\ndate: 2023-03-01\n---\nx\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(!ok, "the write must fail");
    assert!(err.contains("the/moi"), "{err}");
    assert_unchanged(&before, &snapshot(&f.out()));
}

/// Names the files that differ instead of dumping a whole site's bytes.
fn assert_unchanged(before: &[(String, Vec<u8>)], after: &[(String, Vec<u8>)]) {
    let differ: Vec<&String> = before
        .iter()
        .chain(after)
        .filter(|(n, b)| !before.contains(&(n.clone(), b.clone())) || !after.contains(&(n.clone(), b.clone())))
        .map(|(n, _)| n)
        .collect();
    assert!(differ.is_empty(), "the output folder changed: {differ:?}");
}
