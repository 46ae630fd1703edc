//! The values templates see, built from the site model. Everything displayed is
//! preformatted here (dates, numbers in the site's language) so templates stay
//! free of logic and themes cannot get Vietnamese formatting wrong.

use serde_json::Value;

use super::labels::UnitLabels;
use super::views::{ClusterLink, ItemUnit, ItemView, PageView, SiteView, TagLink, TocEntry, UnitRef};
use crate::content::Page;
use crate::i18n;
use crate::site::Site;
use crate::text::{self, Lang};
use crate::urls::Urls;

pub fn site_view<'a>(site: &'a Site, urls: &'a Urls) -> SiteView<'a> {
    let c = &site.config;
    SiteView {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        root_path: &urls.root_path,
        language: c.language.code(),
        notice: c.notice.as_deref(),
        extra: &c.extra,
        generator: concat!("bangvang ", env!("CARGO_PKG_VERSION")),
    }
}

/// `t`: the UI words, a map by key (the keys are in `i18n`).
pub fn words_json(lang: Lang) -> Value {
    Value::Object(
        i18n::words(lang)
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::from(*v)))
            .collect(),
    )
}

/// A news item or page as lists and feeds show it; `path` is its site path.
pub fn item_view(site: &Site, urls: &Urls, labels: &UnitLabels, page: &Page, path: &str) -> ItemView {
    let lang = site.config.language;
    let m = &page.meta;
    let date = page.date();
    let tags = m
        .tags
        .iter()
        .map(|(t, _)| TagLink {
            name: t.clone(),
            url: urls.url(&urls.tag(&text::slugify(t))),
        })
        .collect();
    let units = m
        .units
        .iter()
        .filter_map(|(id, _)| site.units.get(id))
        .map(|u| ItemUnit {
            id: u.id.clone(),
            name: labels.full(u),
            url: urls.url(&urls.unit(&u.id)),
        })
        .collect();
    let cluster = m
        .cluster
        .as_ref()
        .and_then(|(id, _)| site.clusters.iter().find(|c| &c.id == id))
        .map(|c| {
            let has_page = site.results.iter().any(|r| r.season.cluster == c.id);
            ClusterLink {
                id: c.id.clone(),
                name: c.name.clone(),
                url: has_page.then(|| urls.url(&urls.cluster(&c.id))),
            }
        });
    let rfc3339 = date.map(|d| d.rfc3339());
    ItemView {
        title: m.title.clone(),
        url: urls.url(path),
        permalink: urls.permalink(path),
        date: date.map(|d| d.date.to_string()),
        datetime: rfc3339.clone(),
        date_short: date.map(|d| text::format_date_short(d.date, lang)),
        date_long: date.map(|d| text::format_date_long(d.date, lang)),
        weekday: date.map(|d| text::weekday_name(d.date, lang)),
        time: date.and_then(|d| d.time).map(text::format_time),
        summary_html: prefix_links(&page.summary_html, &urls.root_path).into_owned(),
        description: description(&page.summary_html),
        tags,
        units,
        author: m.author.clone(),
        image: match &page.thumbnail {
            Some(t) => Some(urls.url(&t.full)),
            None => m.image.as_ref().map(|i| link(urls, i)),
        },
        image_permalink: match &page.thumbnail {
            Some(t) => t
                .sizes
                .last()
                .map(|(w, _)| urls.permalink(&t.copy(*w, t.format.fallback_ext()))),
            None => m.image.as_ref().map(|i| urls.absolute(i, path).into_owned()),
        },
        thumbnail: page.thumbnail.as_ref().map(|t| thumbnail(urls, t)),
        cluster,
        year: m.year.map(|(y, _)| y),
        extra: m.extra.clone(),
        updated_rfc3339: rfc3339,
        pub_rfc2822: date.map(|d| d.rfc2822()),
    }
}

/// The card sizes of a photo.
fn thumbnail(urls: &Urls, t: &crate::images::Picture) -> super::views::Thumbnail {
    let (width, height) = t.default_size();
    let ext = t.format.fallback_ext();
    let set = |ext: &str| {
        t.sizes
            .iter()
            .map(|(w, _)| format!("{} {w}w", urls.url(&t.copy(*w, ext))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    super::views::Thumbnail {
        src: urls.url(&t.copy(width, ext)),
        srcset: set(ext),
        webp_srcset: set("webp"),
        width,
        height,
    }
}

/// A link to the unit `id`, if there is one.
pub fn unit_ref(site: &Site, urls: &Urls, labels: &UnitLabels, id: &str) -> Option<UnitRef> {
    site.units.get(id).map(|u| UnitRef {
        id: u.id.clone(),
        full_name: u.full_name(),
        label: labels.full(u),
        url: urls.url(&urls.unit(&u.id)),
    })
}

/// Links in front matter: absolute URLs stay, site paths get the root path.
fn link(urls: &Urls, target: &str) -> String {
    if target.contains("://") || target.starts_with("//") {
        target.to_owned()
    } else {
        urls.url(target.trim_start_matches('/'))
    }
}

/// A page's item value with its full content.
pub fn page_view<'a>(item: &'a ItemView, page: &'a Page, urls: &Urls) -> PageView<'a> {
    PageView {
        item,
        content_html: prefix_links(&page.content_html, &urls.root_path),
        toc: page
            .toc
            .iter()
            .map(|h| TocEntry {
                level: h.level,
                id: &h.id,
                title: &h.title,
            })
            .collect(),
    }
}

pub use super::links::prefix_links;

/// Longest meta description we write: what search engines show, about.
const DESCRIPTION_CHARS: usize = 160;

/// A page's meta description: its summary as one line of plain text, cut at
/// a word boundary with "…" when longer than [`DESCRIPTION_CHARS`].
fn description(summary_html: &str) -> String {
    let text = strip_tags(summary_html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.chars().count() <= DESCRIPTION_CHARS {
        return text;
    }
    let mut cut: String = text.chars().take(DESCRIPTION_CHARS - 1).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// Plain text of an HTML fragment, for the search index.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_one_line_of_text_cut_at_a_word() {
        assert_eq!(
            description("<p>Các xã,\n<em>phường</em> ký kết &amp; thi đua.</p>"),
            "Các xã, phường ký kết & thi đua."
        );
        let long = format!("<p>{}</p>", "giao ước thi đua, ".repeat(20));
        let d = description(&long);
        assert!(d.chars().count() <= DESCRIPTION_CHARS, "{d}");
        let kept = d.strip_suffix('…').expect("marked as cut");
        let text = "giao ước thi đua, ".repeat(20);
        assert!(text.starts_with(kept), "{d}");
        assert!(
            text[kept.len()..].starts_with([' ', ',']),
            "cut after a whole word: {d}"
        );
        assert!(!kept.ends_with(','), "{d}");
        assert_eq!(description(""), "");
    }
}
