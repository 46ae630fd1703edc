//! The search producer: search.html and the index it reads
//! (`tim-kiem/index.json`: items, then units, plain pages, documents and
//! proposals for public comment).

use super::engine::{Body, Fp, GENERATED, Planner, Vars};
use super::index::Index;
use super::template::Template;
use super::views::SearchEntry;
use crate::content::{Page, Role};
use crate::i18n::word;
use crate::site::Site;
use crate::text;
use crate::urls::Urls;

pub(super) fn plan(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    let plain: Vec<&Page> = site.pages.values().filter(|pg| pg.role == Role::Plain).collect();
    let title = word(site.config.language, "search");
    p.add(GENERATED, urls.search(), Template::Search, title, Vars::new());
    let fp = || {
        Fp::new()
            .shown(idx.shown_all(&idx.items))
            .shown(idx.shown_all(&plain))
            .num(site.documents.key)
            .nums(site.proposals.iter().map(|pr| pr.key))
    };
    p.add_body_with(GENERATED, urls.search_index(), String::new(), fp, || {
        // A JSON array, written as serde_json writes one: `[a,b,…]`. Items'
        // entries are serialised once, in the item cache.
        let mut out = Vec::with_capacity(idx.items.len() * 256);
        let mut push = |entry: &[u8]| {
            out.push(if out.is_empty() { b'[' } else { b',' });
            out.extend_from_slice(entry);
        };
        for page in &idx.items {
            if let Some(it) = idx.cache.get(page) {
                push(&it.search_entry);
            }
        }
        let mut push_entry = |entry: SearchEntry| push(&serde_json::to_vec(&entry).unwrap_or_default());
        for u in &site.units.list {
            let mut words = vec![u.full_name()];
            words.extend(u.aliases.iter().cloned());
            words.extend(u.code.iter().cloned());
            let title = idx.labels.full(u);
            let url = urls.url(&urls.unit(&u.id));
            push_entry(SearchEntry {
                title: &title,
                url: Some(&url),
                date_short: None,
                kind: "unit",
                text: text::fold(&words.join(" ")),
            });
        }
        for page in &plain {
            let url = idx.path(page).map(|path| urls.url(path));
            push_entry(SearchEntry {
                title: &page.meta.title,
                url: url.as_deref(),
                date_short: None,
                kind: "page",
                text: text::fold(&page.meta.title),
            });
        }
        let registers = [
            ("document", super::documents::search_entries(site, urls)),
            ("proposal", super::proposals::search_entries(site, urls)),
        ];
        for (kind, entries) in &registers {
            for (title, url, date, text) in entries {
                push_entry(SearchEntry {
                    title,
                    url: Some(url),
                    date_short: Some(date),
                    kind,
                    text: text.clone(),
                });
            }
        }
        if out.is_empty() {
            out.push(b'[');
        }
        out.push(b']');
        Ok(Body::Bytes(out))
    });
}
