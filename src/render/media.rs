//! The files pages publish beside them (`Page::published`): their photos'
//! sizes and formats, and a bundle's originals (stripped) and documents.
//! Each is a job whose fingerprint is what its bytes are made from (the
//! photo's cache key and the copy's name, a document's hash), so an
//! unchanged photo is never read again, let alone processed. A photo in
//! static/ shown by several pages is one job, owned by the first page.

use std::collections::BTreeMap;

use super::engine::{Body, Fp, Planner};
use crate::diag::Diagnostic;
use crate::images::Published;
use crate::site::Site;

pub(super) fn plan(site: &Site, p: &mut Planner) {
    let mut files: BTreeMap<&str, (&str, &Published)> = BTreeMap::new();
    for page in site.pages.values() {
        for f in &page.published {
            files.entry(f.path.as_str()).or_insert((page.file.as_str(), f));
        }
    }
    for (path, (owner, f)) in files {
        p.add_body_with(owner, path.to_owned(), String::new(), Fp::new().num(f.fp), || {
            f.bytes().map(Body::Bytes).map_err(|e| {
                Diagnostic::error(owner, None, format!("cannot publish /{path}: {e}"))
                    .with_hint("the file changed or went while the site was built; build again")
            })
        });
    }
}
