//! The news producer: the home page, each section's list, each item's page
//! and the plain pages.

use super::context::page_view;
use super::engine::{Fp, GENERATED, ItemJob, Planner, Vars};
use super::index::{Index, rel_of};
use super::paginate::{chunks, paginator};
use super::template::Template;
use super::views::{HomeView, ItemPageView, ItemView, SectionLink, SectionView, tv};
use crate::content::{Page, Role};
use crate::site::Site;
use crate::urls::Urls;

/// How many of the newest items the home page shows.
const HOME_ITEMS: usize = 10;

/// The home page. Content pages are planned first, so a clash with a
/// generated page names the content file.
pub(super) fn home_page(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    let home = site.pages.values().find(|pg| pg.role == Role::Home);
    let latest: Vec<&Page> = idx.items.iter().take(HOME_ITEMS).copied().collect();
    let title = home.map_or(site.config.title.as_str(), |h| h.meta.title.as_str());
    let content_html = home.map_or("", |h| h.content_html.as_str());
    let owner = home.map_or(GENERATED, |h| h.file.as_str());
    let fp = || {
        let fp = Fp::new()
            .page(home)
            .shown(idx.shown_all(&latest))
            .seasons(&site.results);
        // Open consultations, with their days left at the build moment.
        if site.proposals.is_empty() {
            fp
        } else {
            super::proposals::moment_fp(site, fp)
        }
    };
    p.add_with(owner, String::new(), Template::Index, String::new(), fp, || {
        let consultations = super::proposals::home(site, urls, &idx.labels);
        let built = (!consultations.is_empty()).then(|| super::proposals::built(site));
        vec![
            ("home", tv(&HomeView { title, content_html }).into()),
            ("latest", idx.items(&latest)),
            (
                "standings",
                super::results::home_standings(site, urls, &idx.labels).into(),
            ),
            ("consultations", tera::Value::from(consultations).into()),
            ("built", tv(&built).into()),
        ]
    });
}

/// Each section's list, paginated, and the page of each of its items.
pub(super) fn sections(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    let per_page = site.config.paginate.max(1);
    for s in idx.sections.values() {
        let title = s.index.map_or_else(|| s.dir.clone(), |pg| pg.meta.title.clone());
        let owner = s
            .index
            .map_or_else(|| format!("content/{}/", s.dir), |pg| pg.file.clone());
        let chunks = chunks(&s.items, per_page);
        let total = chunks.len();
        // One value for all of the section's pages (its text may be long).
        let section = std::cell::OnceCell::new();
        for (i, chunk) in chunks.iter().enumerate() {
            let n = i + 1;
            let fp = || Fp::new().page(s.index).shown(idx.shown_all(chunk)).num(total as u64);
            p.add_with(
                &owner,
                urls.paginated(&s.path, n),
                Template::Section,
                title.clone(),
                fp,
                || {
                    let section = section.get_or_init(|| {
                        tv(&SectionView {
                            title: &title,
                            content_html: s.index.map_or("", |pg| pg.content_html.as_str()),
                            url: urls.url(&s.path),
                        })
                    });
                    vec![
                        ("section", section.clone().into()),
                        ("items", idx.items(chunk)),
                        ("paginator", paginator(urls, &s.path, n, total).into()),
                    ]
                },
            );
        }
        for (i, page) in s.items.iter().enumerate() {
            // Most of a rebuild's jobs: spare even the lookup of its path.
            if !p.wants_next() {
                p.skip();
                continue;
            }
            let Some(path) = idx.path(page) else {
                continue;
            };
            let newer = i.checked_sub(1).and_then(|j| s.items.get(j)).copied();
            let older = s.items.get(i + 1).copied();
            // Neighbours show their cards, the section its title and link.
            let fp = || {
                let mut fp = Fp::new().page(Some(page));
                for pg in [older, newer] {
                    fp = match pg {
                        Some(pg) => fp.shown(std::iter::once((pg, idx.shown(pg)))),
                        None => fp.num(0),
                    };
                }
                fp.str(&title)
            };
            p.add_item(&page.file, path.to_owned(), page.meta.title.clone(), fp, || {
                let item = |pg: Option<&Page>| pg.and_then(|pg| idx.item_shared(pg));
                ItemJob {
                    rel: rel_of(page).to_owned(),
                    section_title: title.clone(),
                    section_path: s.path.clone(),
                    item: item(Some(page)),
                    older: item(older),
                    newer: item(newer),
                }
            });
        }
    }
}

/// Each plain page (a Markdown file directly in content/).
pub(super) fn plain_pages(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    for page in site.pages.values().filter(|pg| pg.role == Role::Plain) {
        let Some(path) = idx.path(page) else {
            continue;
        };
        let fp = || Fp::new().page(Some(page));
        p.add_with(
            &page.file,
            path.to_owned(),
            Template::Page,
            page.meta.title.clone(),
            fp,
            || page_vars(urls, page, idx.item(page)),
        );
    }
}

/// The variables of a plain page.
fn page_vars(urls: &Urls, page: &Page, item: Option<&ItemView>) -> Vars {
    vec![("page", tv(&item.map(|it| page_view(it, page, urls))).into())]
}

/// The variables of an item page: its section, its content and its neighbours.
pub(super) fn item_vars(
    urls: &Urls,
    (section_title, section_path): (&str, &str),
    page: &Page,
    item: Option<&ItemView>,
    older: Option<&ItemView>,
    newer: Option<&ItemView>,
) -> Vars {
    let view = item.map(|it| ItemPageView {
        page: page_view(it, page, urls),
        prev: older,
        next: newer,
    });
    let section = SectionLink {
        title: section_title,
        url: urls.url(section_path),
    };
    vec![
        ("section", tv(&section).into()),
        ("page", tv(&view).into()),
        ("tags_url", tera::Value::from(urls.url(&urls.tags_index())).into()),
    ]
}
