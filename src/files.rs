//! Listing the site's folders. A file is known by its name in NFC (its
//! identity, slug and what errors show) but read at its real path: macOS and
//! zip archives store Vietnamese names decomposed (NFD), and Linux keeps the
//! bytes as given. Two names in one folder that differ only in normalisation
//! would be one page, one output file: that is an error naming both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics, display_path};
use crate::text;

/// What a listed NFC name stands for on disk.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    File(PathBuf),
    /// It, or a folder it is in, exists in more than one form.
    Twins(Diagnostic),
}

/// Regular files under `dir` (shown as `shown`), links not followed, whose
/// NFC path relative to `dir` passes `keep`: by NFC path, sorted.
pub fn list(dir: &Path, shown: &str, keep: impl Fn(&str) -> bool, diags: &mut Diagnostics) -> BTreeMap<String, Found> {
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        return out;
    }
    // NFC path → (real path, whether a folder), for every entry.
    let mut entries: BTreeMap<String, Vec<(PathBuf, bool)>> = BTreeMap::new();
    for entry in WalkDir::new(dir).min_depth(1).sort_by_file_name().follow_links(false) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e
                    .path()
                    .map_or_else(|| shown.to_owned(), |p| join(shown, &display_path(dir, p)));
                diags.push(Diagnostic::error(at, None, format!("cannot read: {e}")));
                continue;
            }
        };
        let kind = entry.file_type();
        let rel = text::nfc(&display_path(dir, entry.path()));
        if kind.is_dir() || (kind.is_file() && keep(&rel)) {
            entries.entry(rel).or_default().push((entry.into_path(), kind.is_dir()));
        }
    }
    // A name in two forms within one folder; the same name under two such
    // folders follows from that and is not reported again.
    let twins: BTreeMap<&str, Diagnostic> = entries
        .iter()
        .filter(|(_, found)| found.len() > 1)
        .filter_map(|(rel, found)| {
            let mut by_parent: BTreeMap<Option<&Path>, Vec<&(PathBuf, bool)>> = BTreeMap::new();
            for f in found {
                by_parent.entry(f.0.parent()).or_default().push(f);
            }
            let siblings = by_parent.into_values().find(|s| s.len() > 1)?;
            Some((rel.as_str(), twin_error(shown, rel, &siblings)))
        })
        .collect();
    for (rel, found) in &entries {
        let Some((path, _)) = found.iter().find(|(_, is_dir)| !is_dir) else {
            continue;
        };
        let twin = ancestors_and_self(rel).find_map(|r| twins.get(r));
        let value = match twin {
            Some(d) => Found::Twins(d.clone()),
            None => Found::File(path.clone()),
        };
        out.insert(rel.clone(), value);
    }
    out
}

/// The file `list` would give for the NFC path `rel` under `dir`, without
/// listing the whole tree (watch mode reloads one file); `None` when it
/// lists nothing there.
pub fn find(dir: &Path, shown: &str, rel: &str, keep: impl Fn(&str) -> bool) -> Option<Found> {
    if !keep(rel) {
        return None;
    }
    let mut path = dir.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let matches = entries_named(&path, part);
        let wanted: Vec<(PathBuf, bool)> = matches.into_iter().filter(|(_, is_dir)| *is_dir || last).collect();
        match wanted.as_slice() {
            [] => return None,
            [(p, is_dir)] => {
                if last && *is_dir {
                    return None;
                }
                path = p.clone();
            }
            many => {
                let here = parts[..=i].join("/");
                let siblings: Vec<&(PathBuf, bool)> = many.iter().collect();
                return Some(Found::Twins(twin_error(shown, &here, &siblings)));
            }
        }
    }
    Some(Found::File(path))
}

/// Entries of `dir` (folders, or regular files; no links) whose name is
/// `name` in NFC. Only a name with non-ASCII letters can be spelt in more
/// than one form, so others are looked up directly.
fn entries_named(dir: &Path, name: &str) -> Vec<(PathBuf, bool)> {
    let kind = |p: &Path| {
        std::fs::symlink_metadata(p)
            .ok()
            .map(|m| m.file_type())
            .filter(|t| t.is_dir() || t.is_file())
            .map(|t| t.is_dir())
    };
    if name.is_ascii() {
        let p = dir.join(name);
        return kind(&p).map(|d| vec![(p, d)]).unwrap_or_default();
    }
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, bool)> = read
        .filter_map(Result::ok)
        .filter(|e| text::nfc(&e.file_name().to_string_lossy()) == name)
        .filter_map(|e| {
            let p = e.path();
            kind(&p).map(|d| (p, d))
        })
        .collect();
    out.sort();
    out
}

/// `a/b/c`, `a/b`, `a`.
fn ancestors_and_self(rel: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(rel), |r| r.rsplit_once('/').map(|(parent, _)| parent))
}

fn join(shown: &str, rel: &str) -> String {
    if rel.is_empty() || shown.is_empty() {
        format!("{shown}{rel}")
    } else {
        format!("{shown}/{rel}")
    }
}

/// One error for the entries of one folder whose names differ only in
/// normalisation, the same whichever way they were found.
fn twin_error(shown: &str, rel: &str, siblings: &[&(PathBuf, bool)]) -> Diagnostic {
    let mut names: Vec<String> = siblings
        .iter()
        .map(|(p, _)| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    names.sort();
    let what = if siblings.iter().all(|(_, d)| *d) {
        "folders"
    } else if siblings.iter().all(|(_, d)| !*d) {
        "files"
    } else {
        "entries"
    };
    let forms: Vec<String> = names.iter().map(|n| format!("`{n}` ({})", form_of(n))).collect();
    let file = if siblings.iter().all(|(_, d)| *d) {
        format!("{}/", join(shown, rel))
    } else {
        join(shown, rel)
    };
    Diagnostic::error(
        file,
        None,
        format!(
            "{} {what} have the same name in different Unicode forms: {}",
            names.len(),
            forms.join(" and ")
        ),
    )
    .with_hint(
        "keep one: rename or delete the others (macOS and zip archives write names decomposed; \
         bangvang reads every name as its composed NFC form)",
    )
}

/// How a name is written, so two names that look the same can be told apart.
fn form_of(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let form = if text::nfc(name) == name {
        "composed, NFC"
    } else if name.nfd().eq(name.chars()) {
        "decomposed, NFD"
    } else {
        "partly composed"
    };
    format!("{form}, {} bytes", name.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NFC: &str = "S\u{1a1}-k\u{1ebf}t.md";
    const NFD: &str = "So\u{31b}-ke\u{302}\u{301}t.md";

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for f in files {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, f).unwrap();
        }
        d
    }

    #[test]
    fn nfd_names_are_listed_by_their_nfc_name_and_read_at_their_own() {
        let d = tree(&[&format!("Tin tu\u{309}c/{NFD}")]);
        let listed = list(d.path(), "content", |_| true, &mut Diagnostics::new());
        let rel = format!("Tin t\u{1ee7}c/{NFC}");
        let Some(Found::File(p)) = listed.get(&rel) else {
            panic!("{listed:?}")
        };
        assert!(p.is_file());
        assert_eq!(find(d.path(), "content", &rel, |_| true), Some(Found::File(p.clone())));
    }

    #[test]
    fn twins_are_one_error_naming_both_however_found() {
        let d = tree(&[NFC, NFD, "a.md"]);
        let listed = list(d.path(), "content", |_| true, &mut Diagnostics::new());
        let Some(Found::Twins(e)) = listed.get(NFC) else {
            panic!("{listed:?}")
        };
        assert_eq!(e.file, format!("content/{NFC}"));
        assert!(e.message.starts_with("2 files have the same name"), "{}", e.message);
        assert!(e.message.contains("(composed, NFC, 12 bytes)") && e.message.contains("(decomposed, NFD, 15 bytes)"));
        assert_eq!(find(d.path(), "content", NFC, |_| true), Some(Found::Twins(e.clone())));
        assert!(matches!(listed.get("a.md"), Some(Found::File(_))));
    }

    #[test]
    fn twin_folders_are_one_error_for_everything_inside() {
        let d = tree(&["Tin t\u{1ee7}c/a.md", "Tin tu\u{309}c/a.md", "Tin tu\u{309}c/b.md"]);
        let listed = list(d.path(), "content", |_| true, &mut Diagnostics::new());
        let errors: Vec<&Diagnostic> = listed
            .values()
            .map(|f| match f {
                Found::Twins(e) => e,
                Found::File(p) => panic!("{p:?}"),
            })
            .collect();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0], errors[1]);
        assert_eq!(errors[0].file, "content/Tin t\u{1ee7}c/");
        assert!(errors[0].message.starts_with("2 folders"));
        let found = find(d.path(), "content", "Tin t\u{1ee7}c/b.md", |_| true);
        assert_eq!(found, Some(Found::Twins(errors[0].clone())));
    }
}
