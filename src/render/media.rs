//! The files pages publish beside them (`Page::published`): their photos'
//! sizes and formats, and a bundle's originals (stripped) and documents.
//! Each is a job whose fingerprint is what its bytes are made from (the
//! photo's cache key and the copy's name, a document's hash), so an
//! unchanged photo is never read again, let alone processed. A photo in
//! static/ shown by several pages is one job, owned by the first page.

use std::collections::BTreeMap;

use super::engine::{Body, Fp, Planner};
use crate::content::Page;
use crate::images::Published;
use crate::site::Site;

pub(super) fn plan(site: &Site, p: &mut Planner) {
    let mut files: BTreeMap<&str, (&Page, &Published)> = BTreeMap::new();
    for page in site.pages.values() {
        for f in &page.published {
            files.entry(f.path.as_str()).or_insert((page, f));
        }
    }
    for (path, (page, f)) in files {
        let owner = page.file.as_str();
        // The page's key covers the bytes its files are made from: re-planned
        // when it changes, the job compares the photo's own key.
        let fp = || Fp::new().reads(page).num(f.fp);
        p.add_body_with(owner, path.to_owned(), String::new(), fp, || {
            Ok(Body::Published {
                owner: owner.to_owned(),
                file: f.clone(),
            })
        });
    }
}
