//! Content-hashed names for stylesheets and scripts: every `.css` and `.js`
//! static file under `assets/` (the theme's, or the site's file replacing
//! it) is published as `style.<hash>.css`, so a server may let browsers
//! keep it for a year; templates link it through `assets`, a map from the
//! file's path in static/ to its published address
//! (`{{ assets["assets/style.css"] }}`). The hash is of the bytes only, so
//! the names are the same in every build of the same files.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics};

use super::theme::Bytes;

/// Whether a static file at `rel` gets a hashed name.
pub fn is_hashed(rel: &str) -> bool {
    rel.starts_with("assets/") && (rel.ends_with(".css") || rel.ends_with(".js"))
}

/// `assets/style.css` with the hash of `bytes`: `assets/style.1a2b3c4d5e.css`.
pub fn hashed_name(rel: &str, bytes: &[u8]) -> String {
    let h = xxhash_rust::xxh3::xxh3_64(bytes) >> 24;
    match rel.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{h:010x}.{ext}"),
        None => format!("{rel}.{h:010x}"),
    }
}

/// Renames the hashed files of `statics`; returns the map from each one's
/// path to its published path. A file that cannot be read keeps its name
/// and is an error.
pub fn rename(statics: &mut BTreeMap<String, Bytes>, diags: &mut Diagnostics) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let hashed: Vec<String> = statics.keys().filter(|k| is_hashed(k)).cloned().collect();
    for rel in hashed {
        let Some(b) = statics.get(&rel) else { continue };
        let bytes = match b {
            Bytes::Embedded(b) => std::borrow::Cow::Borrowed(*b),
            Bytes::File(p) => match std::fs::read(p) {
                Ok(v) => std::borrow::Cow::Owned(v),
                Err(e) => {
                    diags.push(Diagnostic::error(
                        p.display().to_string(),
                        None,
                        format!("cannot read it: {e}"),
                    ));
                    continue;
                }
            },
        };
        let name = hashed_name(&rel, &bytes);
        if let Some(b) = statics.remove(&rel) {
            statics.insert(name.clone(), b);
        }
        names.insert(rel, name);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_css_and_js_under_assets_by_their_bytes() {
        assert!(is_hashed("assets/style.css") && is_hashed("assets/js/search.js"));
        assert!(!is_hashed("assets/favicon.svg") && !is_hashed("style.css") && !is_hashed("tai-lieu/x.js.pdf"));
        let a = hashed_name("assets/style.css", b"body{}");
        assert_eq!(a, hashed_name("assets/style.css", b"body{}"));
        assert_ne!(a, hashed_name("assets/style.css", b"body{ }"));
        assert!(a.starts_with("assets/style.") && a.ends_with(".css") && a.len() == "assets/style..css".len() + 10);
        let mut statics = BTreeMap::from([
            ("assets/style.css".to_owned(), Bytes::Embedded(b"x")),
            ("assets/favicon.svg".to_owned(), Bytes::Embedded(b"y")),
        ]);
        let names = rename(&mut statics, &mut Diagnostics::new());
        let css = &names["assets/style.css"];
        assert!(statics.contains_key(css) && statics.contains_key("assets/favicon.svg"));
        assert!(!statics.contains_key("assets/style.css"));
    }
}
