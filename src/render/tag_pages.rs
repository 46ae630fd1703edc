//! The tags producer: the tag index (tags.html, by name) and each tag's
//! list (tag.html, paginated).

use super::engine::{Fp, GENERATED, Planner};
use super::index::Index;
use super::paginate::{chunks, paginator};
use super::template::Template;
use super::views::{TagView, tv};
use crate::content::Page;
use crate::text;
use crate::urls::Urls;

pub(super) fn plan(urls: &Urls, idx: &Index, per_page: usize, p: &mut Planner) {
    if idx.tags.is_empty() {
        return;
    }
    let mut list: Vec<(&String, &(String, Vec<&Page>))> = idx.tags.iter().collect();
    list.sort_by(|a, b| text::vi_cmp(&a.1.0, &b.1.0));
    let fp = || {
        list.iter().fold(Fp::new(), |fp, (slug, (name, items))| {
            fp.str(slug).str(name).num(items.len() as u64)
        })
    };
    p.add_with(GENERATED, urls.tags_index(), Template::Tags, String::new(), fp, || {
        let tags: Vec<TagView> = list
            .iter()
            .map(|(slug, (name, items))| TagView {
                name,
                url: urls.url(&urls.tag(slug)),
                count: items.len(),
            })
            .collect();
        vec![("tags", tv(&tags).into())]
    });
    for (slug, (name, items)) in &idx.tags {
        let path = urls.tag(slug);
        let chunks = chunks(items, per_page);
        let total = chunks.len();
        for (i, chunk) in chunks.iter().enumerate() {
            let n = i + 1;
            let fp = || {
                Fp::new()
                    .str(name)
                    .shown(idx.shown_all(chunk))
                    .num(items.len() as u64)
                    .num(total as u64)
            };
            p.add_with(
                GENERATED,
                urls.paginated(&path, n),
                Template::Tag,
                name.clone(),
                fp,
                || {
                    let tag = TagView {
                        name,
                        url: urls.url(&path),
                        count: items.len(),
                    };
                    vec![
                        ("tag", tv(&tag).into()),
                        ("tags_url", tera::Value::from(urls.url(&urls.tags_index())).into()),
                        ("items", idx.items(chunk)),
                        ("paginator", paginator(urls, &path, n, total).into()),
                    ]
                },
            );
        }
    }
}
