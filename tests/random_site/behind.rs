//! Edits of an output folder behind bangvang's back, between two builds: the
//! next build must put back exactly what a clean build makes, and leave alone
//! every file it did not make.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::Rng;
// Today's manifest is inside the output folder; it is bangvang's record, not
// an output file, so it is not edited here.
use crate::common::MANIFEST;

pub const KINDS: &[&str] = &[
    "behind:delete",
    "behind:edit",
    "behind:same-size",
    "behind:file-to-folder",
    "behind:folder-to-file",
    "behind:extra",
];

/// Files someone else put into the output folder, with their bytes: a build
/// must never touch them.
pub type Extras = BTreeMap<String, Vec<u8>>;

/// Whether a step edits the output behind bangvang's back, and how. A
/// generator of its own, so the site's edits do not depend on it.
pub fn pick(rng: &mut Rng) -> Option<&'static str> {
    if rng.one_in(3) {
        Some(KINDS[rng.below(KINDS.len())]).filter(|k| !KNOWN_BUGS.contains(k))
    } else {
        None
    }
}

/// Kinds left out until bangvang handles them (each has an ignored test).
pub const KNOWN_BUGS: &[&str] = &["behind:folder-to-file"];
// ("behind:folder-to-file" is refused on purpose: a file where the output
// needs a folder is not bangvang's to delete; tests/build_again.rs checks
// that refusal. The random test, which expects every step to match a clean
// build, leaves it out.)

/// Does `kind` to the output folder `out`; returns what it did.
pub fn apply(kind: &str, out: &Path, rng: &mut Rng, extras: &mut Extras, step: usize) -> String {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for e in walkdir::WalkDir::new(out)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e
            .path()
            .strip_prefix(out)
            .expect("under out")
            .to_string_lossy()
            .replace('\\', "/");
        if e.file_type().is_dir() {
            // A folder holding someone else's file is not bangvang's to replace.
            if !extras.keys().any(|x| x.starts_with(&format!("{rel}/"))) {
                dirs.push(rel);
            }
        } else if rel != MANIFEST && !extras.contains_key(&rel) {
            files.push(rel);
        }
    }
    let pick = |rng: &mut Rng, xs: &[String]| (!xs.is_empty()).then(|| xs[rng.below(xs.len())].clone());
    let target = if kind == "behind:folder-to-file" {
        pick(rng, &dirs)
    } else {
        pick(rng, &files)
    };
    if kind == "behind:extra" {
        let rel = if rng.one_in(2) && out.join("tin-tuc").is_dir() {
            format!("tin-tuc/ghi-chu-{step}.note")
        } else {
            format!("ghi-chu-{step}.note")
        };
        let bytes = format!("someone else's file {step}\n").into_bytes();
        fs::write(out.join(&rel), &bytes).expect("write an extra file");
        extras.insert(rel.clone(), bytes);
        return rel;
    }
    let Some(rel) = target else {
        return "nothing to edit".into();
    };
    let path = out.join(&rel);
    match kind {
        "behind:delete" => fs::remove_file(&path).expect("delete"),
        "behind:edit" => {
            let mut bytes = fs::read(&path).expect("read");
            bytes.extend_from_slice(b"<!-- edited by hand -->");
            fs::write(&path, bytes).expect("edit");
        }
        "behind:same-size" => {
            // Same length, different bytes: a size check alone cannot see it.
            let mut bytes = fs::read(&path).expect("read");
            match bytes.first_mut() {
                Some(b) => *b ^= 0x20,
                None => bytes.push(b'x'),
            }
            fs::write(&path, bytes).expect("edit");
        }
        "behind:file-to-folder" => {
            fs::remove_file(&path).expect("delete");
            fs::create_dir(&path).expect("a folder in its place");
        }
        _ => {
            fs::remove_dir_all(&path).expect("delete a folder");
            fs::write(&path, "a file in place of a folder\n").expect("a file in its place");
        }
    }
    rel
}
