//! The units producer: the units index (units.html, in official and in
//! alphabetical order) and each unit's page (unit.html, paginated over the
//! items that name it; its results and chart on the first page).

use super::context::unit_ref;
use super::engine::{Fp, GENERATED, Planner};
use super::index::Index;
use super::paginate::{chunks, paginator};
use super::template::Template;
use super::views::{UnitEntry, UnitPageView, tv};
use crate::i18n::word;
use crate::site::Site;
use crate::text;
use crate::units::Unit;
use crate::urls::Urls;

pub(super) fn plan(site: &Site, urls: &Urls, idx: &Index, p: &mut Planner) {
    if site.units.list.is_empty() {
        return;
    }
    let lang = site.config.language;
    let labels = &idx.labels;
    let count = |u: &Unit| idx.by_unit.get(u.id.as_str()).map_or(0, Vec::len);
    let units: Vec<UnitEntry> = site
        .units
        .list
        .iter()
        .map(|u| UnitEntry {
            id: &u.id,
            name: &u.name,
            full_name: u.full_name(),
            kind: &u.kind,
            code: u.code.as_deref(),
            label: labels.full(u),
            short_label: labels.short(u),
            initial: text::initial(&u.name),
            url: urls.url(&urls.unit(&u.id)),
            until_short: u.until.map(|d| text::format_date_short(d, lang)),
            successor: u.successor.as_deref().and_then(|id| unit_ref(site, urls, labels, id)),
            item_count: count(u),
        })
        .collect();
    let mut alpha: Vec<(usize, &Unit)> = site.units.list.iter().enumerate().collect();
    alpha.sort_by(|(_, a), (_, b)| text::vi_cmp(&a.name, &b.name).then_with(|| text::vi_cmp(&a.kind, &b.kind)));
    let units_alpha: Vec<&UnitEntry> = alpha.iter().filter_map(|(i, _)| units.get(*i)).collect();
    let counts = || site.units.list.iter().fold(Fp::new(), |fp, u| fp.num(count(u) as u64));
    p.add_with(
        GENERATED,
        urls.units_index(),
        Template::Units,
        word(lang, "units"),
        counts,
        || vec![("units", tv(&units).into()), ("units_alpha", tv(&units_alpha).into())],
    );

    let per_page = site.config.paginate.max(1);
    for (u, base) in site.units.list.iter().zip(&units) {
        let items = idx.by_unit.get(u.id.as_str()).map_or(&[][..], |v| v.as_slice());
        let path = urls.unit(&u.id);
        let chunks = chunks(items, per_page);
        let total = chunks.len();
        // One value for all of the unit's pages.
        let unit = std::cell::OnceCell::new();
        for (i, chunk) in chunks.iter().enumerate() {
            let n = i + 1;
            // Results and chart are given to the first page only.
            let vars = || {
                let unit = unit.get_or_init(|| {
                    tv(&UnitPageView {
                        unit: base,
                        description_html: u
                            .description
                            .as_deref()
                            .map_or_else(String::new, |d| crate::markdown::render(d).html),
                        aliases: &u.aliases,
                        predecessors: site
                            .units
                            .predecessors(&u.id)
                            .filter_map(|pr| unit_ref(site, urls, labels, &pr.id))
                            .collect(),
                    })
                });
                let (results, chart_svg, chart_text) = if n == 1 {
                    super::results::unit_results(site, urls, &u.id)
                } else {
                    (tera::Value::from(()), String::new(), String::new())
                };
                vec![
                    ("unit", unit.clone().into()),
                    ("items", idx.items(chunk)),
                    ("paginator", paginator(urls, &path, n, total).into()),
                    ("results", results.into()),
                    ("chart_svg", tera::Value::from(chart_svg).into()),
                    ("chart_text", tera::Value::from(chart_text).into()),
                ]
            };
            let fp = || {
                let fp = Fp::new()
                    .shown(idx.shown_all(chunk))
                    .num(items.len() as u64)
                    .num(total as u64);
                if n == 1 { fp.seasons(&site.results) } else { fp }
            };
            p.add_with(
                crate::units::UNITS_FILE,
                urls.paginated(&path, n),
                Template::Unit,
                labels.full(u),
                fp,
                vars,
            );
        }
    }
}
