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
    assert!(
        err.contains("the/moi") && err.contains("nothing in the output folder was changed"),
        "{err}"
    );
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

/// Ten of these make a 30-byte name whose slug is 279 bytes: one symbol
/// transliterates to a phrase.
const LIGATURES: &str = "ﷺﷺﷺﷺﷺﷺﷺﷺﷺﷺ";

fn item(extra: &str) -> String {
    format!("---\ntitle: A\ndate: 2023-03-01\n{extra}---\nx\n")
}

#[test]
fn a_file_name_whose_slug_is_too_long_is_an_error_naming_the_file() {
    for name in [format!("2023-03-01-{}.md", "a".repeat(201)), format!("{LIGATURES}.md")] {
        let f = Fixture::new();
        f.write(&format!("content/tin-tuc/{name}"), &item(""));
        let (ok, _, err) = f.build(&[]);
        assert!(!ok, "{name}");
        assert!(err.contains(&format!("content/tin-tuc/{name}")), "{err}");
        assert!(err.contains("the file name makes a URL part of"), "{err}");
        assert!(err.contains("at most 200 bytes"), "{err}");
        assert!(err.contains("give it a shorter `slug:`"), "{err}");
        assert_eq!(err.matches("error:").count(), 1, "{err}");
    }
}

#[test]
fn a_long_slug_or_tag_is_an_error_at_its_value() {
    let f = Fixture::new();
    let rel = "content/tin-tuc/2023-03-01-a.md";
    f.write(
        rel,
        &item(&format!("slug: {}\ntags: [ngắn, {LIGATURES}]\n", "a".repeat(201))),
    );
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains(&format!("{rel}:4:7")), "{err}");
    assert!(
        err.contains("is 201 bytes long; a part of a URL may be at most 200 bytes"),
        "{err}"
    );
    assert!(err.contains(&format!("{rel}:5:14")), "{err}");
    assert!(err.contains("makes a URL part of 279 bytes"), "{err}");
    assert_eq!(err.matches("error:").count(), 2, "{err}");
    // 200 bytes is fine.
    f.write(rel, &item(&format!("slug: {}\n", "a".repeat(200))));
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
}

#[test]
fn a_long_section_folder_is_one_error_naming_the_folder() {
    let f = Fixture::new();
    let folder = format!("content/{LIGATURES}");
    f.write(&format!("{folder}/a.md"), &item(""));
    f.write(&format!("{folder}/b.md"), &item(""));
    f.write(&format!("{folder}/_index.md"), "---\ntitle: S\n---\n");
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(err.contains(&format!("{folder}/")), "{err}");
    assert!(err.contains("the folder name makes a URL part of 279 bytes"), "{err}");
    // A folder with nothing to make a URL from is refused the same way.
    let f = Fixture::new();
    f.write("content/🎉/a.md", &item(""));
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(
        err.contains("content/🎉/") && err.contains("cannot make a URL from the folder name `🎉`"),
        "{err}"
    );
}

#[test]
fn a_long_static_name_is_an_error_naming_it() {
    let f = Fixture::new();
    let long = "b".repeat(201);
    f.write(&format!("static/{long}.pdf"), "x");
    f.write(&format!("static/{long}/a.css"), "x");
    f.write(&format!("static/{long}/b.css"), "x");
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert_eq!(err.matches("error:").count(), 2, "{err}");
    assert!(err.contains(&format!("static/{long}.pdf: the file name")), "{err}");
    assert!(err.contains(&format!("static/{long}/: the folder name")), "{err}");
    assert!(
        err.contains("is 205 bytes long") && err.contains("is 201 bytes long"),
        "{err}"
    );
}

#[test]
fn an_output_path_longer_than_3000_bytes_is_an_error_naming_its_source() {
    let f = Fixture::new();
    let deep = vec!["a".repeat(150); 20].join("/");
    f.write(&format!("content/{deep}/x.md"), &item(""));
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains(&format!("content/{deep}/x.md")), "{err}");
    assert!(err.contains("output paths may be at most 3000 bytes"), "{err}");
    assert!(err.contains("use fewer or shorter nested folders"), "{err}");
}

#[test]
fn a_long_id_is_an_error_that_says_so() {
    let f = Fixture::new();
    let long = "x".repeat(101);
    f.write(
        "data/clusters.yaml",
        &format!("clusters:\n  - {{id: {long}, name: C}}\n"),
    );
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains("data/clusters.yaml:2:10"), "{err}");
    assert!(err.contains("is 101 bytes long; ids may be at most 100"), "{err}");
}
