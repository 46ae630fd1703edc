//! Which files the site has: runs every producer, in a fixed order, into one
//! [`Planner`]. Planning is cheap and done in full on every build; the
//! planner finds two sources that would write the same path, and static
//! files that cannot be written beside the generated ones.
//!
//! This is the one module that knows every producer; it also gathers what
//! the rest of the crate plans with, so callers need only `render::plan`.

use std::collections::BTreeMap;

use super::engine::Planner;
pub use super::engine::{Body, Dirty, Fingerprints, Job, Plan, Planning};
pub use super::index::{Index, index, nav};
use super::theme::Bytes;
use crate::diag::Diagnostic;
use crate::site::Site;
use crate::urls::Urls;

/// The jobs of the site `planning` asks for. With `previous` fingerprints,
/// jobs whose fingerprint is unchanged are not built (their body is
/// [`Body::Kept`]). `None` when a plan of the dirty jobs does not line up
/// with the plan they were recorded from (the site's structure changed
/// after all): then plan in full.
pub fn plan(
    site: &Site,
    urls: &Urls,
    idx: &Index,
    nav: &[(String, String)],
    previous: Option<&Fingerprints>,
    planning: Planning,
    statics: &BTreeMap<String, Bytes>,
) -> Result<Option<Plan>, Vec<Diagnostic>> {
    let mut p = Planner::new(nav, previous, planning, statics);
    // Content first, so a clash with a generated page names the content file.
    super::news::home_page(site, urls, idx, &mut p);
    super::news::sections(site, urls, idx, &mut p);
    super::news::plain_pages(site, urls, idx, &mut p);
    super::media::plan(site, &mut p);
    super::unit_pages::plan(site, urls, idx, &mut p);
    super::results::plan(site, urls, &idx.labels, &mut p);
    super::documents::plan(site, urls, &mut p);
    super::proposals::plan(site, urls, &idx.labels, &mut p);
    super::tag_pages::plan(urls, idx, site.config.paginate.max(1), &mut p);
    super::search::plan(site, urls, idx, &mut p);
    // Last: the sitemap lists every page planned before it.
    super::feeds::plan(site, urls, idx, &mut p);
    p.finish(&site.root, statics)
}
