//! Static files beside the files the site generates. A static file never
//! disappears silently: `robots.txt` replaces the generated one (a custom
//! robots.txt is a common wish), and any other static file at a generated
//! path, or where a generated file needs a folder (or inside one), is an
//! error naming both. The site's static/ over the theme's at one path is
//! layering, not a clash: the site's file is used.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::theme::Bytes;
use crate::diag::{Diagnostic, display_path};

/// Generated files a static file of the same path replaces.
pub const REPLACEABLE: &[&str] = &["robots.txt"];

#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    /// The static file is at the other's path.
    Same,
    /// The static file is where the other (under it) needs a folder.
    FolderNeeded,
    /// The static file is inside the other, a file.
    InsideFile,
}

/// A static file and the file it clashes with.
#[derive(Debug, PartialEq, Eq)]
pub struct Clash<'a> {
    pub static_file: &'a str,
    pub other: &'a str,
    /// Whether `other` is a static file too.
    pub other_static: bool,
    pub kind: Kind,
}

/// Every static file that cannot be written beside `generated` (and the
/// other static files), in static path order.
pub fn clashes<'a>(statics: &'a BTreeMap<String, Bytes>, generated: impl Iterator<Item = &'a str>) -> Vec<Clash<'a>> {
    let generated: HashSet<&str> = generated.collect();
    // Each folder names the smallest file under it: `generated` is iterated
    // in a HashSet's order, which differs from one build to the next.
    let folders = |files: &mut dyn Iterator<Item = &'a str>| {
        let mut out: HashMap<&'a str, &'a str> = HashMap::new();
        for f in files {
            for (i, _) in f.match_indices('/') {
                let first = out.entry(&f[..i]).or_insert(f);
                *first = (*first).min(f);
            }
        }
        out
    };
    let generated_folders = folders(&mut generated.iter().copied());
    let static_folders = folders(&mut statics.keys().map(String::as_str));
    let mut out = Vec::new();
    for s in statics.keys().map(String::as_str) {
        let clash = |other, other_static, kind| Clash {
            static_file: s,
            other,
            other_static,
            kind,
        };
        let inside = s
            .match_indices('/')
            .map(|(i, _)| &s[..i])
            .find(|p| generated.contains(p));
        if generated.contains(s) {
            out.push(clash(s, false, Kind::Same));
        } else if let Some(g) = generated_folders.get(s) {
            out.push(clash(g, false, Kind::FolderNeeded));
        } else if let Some(g) = inside {
            out.push(clash(g, false, Kind::InsideFile));
        } else if let Some(o) = static_folders.get(s) {
            out.push(clash(o, true, Kind::FolderNeeded));
        }
    }
    out
}

/// Where a static file comes from, as the author sees it.
pub fn shown(root: &Path, name: &str, bytes: &Bytes) -> String {
    match bytes {
        Bytes::File(p) => crate::text::nfc(&display_path(root, p)),
        Bytes::Embedded(_) => format!("(built-in theme) static/{name}"),
    }
}

/// The error for a clash. `maker` says what makes a generated file ("the
/// template `404.html`", "content/a.md (template `page.html`)") and, for a
/// file a theme template makes on its own, the template to override.
pub fn error(
    root: &Path,
    statics: &BTreeMap<String, Bytes>,
    c: &Clash,
    maker: impl Fn(&str) -> (String, Option<String>),
) -> Diagnostic {
    let show = |name: &str| {
        statics
            .get(name)
            .map_or_else(|| name.to_owned(), |b| shown(root, name, b))
    };
    let me = show(c.static_file);
    let (made_by, template) = maker(c.other);
    let (message, hint) = match (&c.kind, c.other_static) {
        (Kind::Same, _) => (
            format!("{me} is at /{}, a file bangvang makes from {made_by}", c.other),
            match template {
                Some(t) => format!(
                    "remove the static file; to change that file, copy the theme's template {t} into templates/ and edit it"
                ),
                None => "remove or rename the static file, or give the page another file name or `slug`".to_owned(),
            },
        ),
        (Kind::FolderNeeded, false) => (
            format!(
                "{me} is a file where bangvang needs a folder for /{}, made from {made_by}",
                c.other
            ),
            "rename the static file (an extension such as .html or .pdf keeps it apart), or move the page".to_owned(),
        ),
        (Kind::InsideFile, _) => (
            format!(
                "{me} would be inside /{}, which is a file bangvang makes from {made_by}",
                c.other
            ),
            "move the static file to another folder".to_owned(),
        ),
        (Kind::FolderNeeded, true) => (
            format!("{me} is a file where {} needs a folder", show(c.other)),
            "rename one of the two".to_owned(),
        ),
    };
    Diagnostic::error(me, None, message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statics(names: &[&str]) -> BTreeMap<String, Bytes> {
        names.iter().map(|n| ((*n).to_owned(), Bytes::Embedded(b""))).collect()
    }

    #[test]
    fn every_kind_of_clash_and_none_for_neighbours() {
        let s = statics(&[
            "404.html",
            "a",
            "a.css",
            "b/index.html/x",
            "c",
            "c/d.css",
            "tin-tuc/anh.png",
        ]);
        let generated = ["404.html", "a/index.html", "b/index.html", "tin-tuc/index.html"];
        let got: Vec<(&str, &str, bool, Kind)> = clashes(&s, generated.into_iter())
            .into_iter()
            .map(|c| (c.static_file, c.other, c.other_static, c.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("404.html", "404.html", false, Kind::Same),
                ("a", "a/index.html", false, Kind::FolderNeeded),
                ("b/index.html/x", "b/index.html", false, Kind::InsideFile),
                ("c", "c/d.css", true, Kind::FolderNeeded),
            ]
        );
    }
}
