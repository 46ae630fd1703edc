//! A build after a build into the same output folder, which was edited behind
//! bangvang's back in between: the next build puts back exactly what a clean
//! build makes and leaves alone every file it did not make. (The random
//! sequences of tests/incremental.rs do the same at random, between edits of
//! the site.)

mod common;
use std::fs;

use common::{Fixture, assert_same_tree};

/// `f` built into its output folder, and a clean build of the same site.
fn built() -> (Fixture, Fixture) {
    let (f, clean) = (Fixture::new(), Fixture::new());
    for x in [&f, &clean] {
        let (ok, _, err) = x.build(&[]);
        assert!(ok, "{err}");
    }
    (f, clean)
}

#[test]
fn output_files_deleted_or_edited_by_hand_are_put_back() {
    let (f, clean) = built();
    let out = f.out();
    fs::remove_file(out.join("tin-tuc/ky-ket/index.html")).expect("delete a page");
    fs::write(out.join("rss.xml"), "edited by hand").expect("edit a feed");
    // Same size, other bytes: a check of sizes alone cannot see it.
    let mut sitemap = fs::read(out.join("sitemap.xml")).expect("read");
    sitemap[0] ^= 0x20;
    fs::write(out.join("sitemap.xml"), sitemap).expect("edit the sitemap");
    fs::remove_file(out.join("the/index.html")).expect("delete a page");
    fs::create_dir(out.join("the/index.html")).expect("a folder in place of a file");
    fs::write(out.join("ghi-chu.note"), "someone else's").expect("an extra file");
    fs::write(out.join("tin-tuc/ghi-chu.note"), "someone else's").expect("an extra file");
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    for extra in ["ghi-chu.note", "tin-tuc/ghi-chu.note"] {
        assert_eq!(
            fs::read_to_string(out.join(extra)).expect("still there"),
            "someone else's"
        );
        fs::remove_file(out.join(extra)).expect("remove");
    }
    assert_same_tree(&out, &clean.out(), "after edits behind bangvang's back");
}

/// A file in place of an output folder is in no manifest: bangvang did not
/// write it and does not delete it. The build is refused with an error
/// naming it, the output is left as it was, and once the file is moved away
/// the next build puts the folder back.
#[test]
fn a_file_in_place_of_an_output_folder_is_named_and_left_alone() {
    let (f, clean) = built();
    let tags = f.out().join("the");
    fs::remove_dir_all(&tags).expect("remove a folder");
    fs::write(&tags, "a file in place of a folder\n").expect("write");
    let before = common::snapshot(&f.out());
    let (ok, _, err) = f.build(&[]);
    assert!(!ok, "refused");
    assert!(
        err.contains("public/the") && err.contains("need the folder the/") && err.contains("move or remove it"),
        "{err}"
    );
    assert_eq!(common::snapshot(&f.out()), before, "nothing changed");
    fs::remove_file(&tags).expect("move it away");
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert_same_tree(&f.out(), &clean.out(), "after the file was moved away");
}
