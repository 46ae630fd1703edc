//! What pages, items and lists give templates: one struct per kind of
//! value, serialised as is. Field names are the keys a template reads, in
//! the order they reach JSON. Values are preformatted (dates, numbers in the site language);
//! `Option` is `null` in templates. The builders are in `context`.

use std::borrow::Cow;

use serde::Serialize;

/// Converts a view for templates (serialising plain data cannot fail).
/// Through JSON, so that map keys are shared (`tvalue`): a site's
/// thousands of item values have the same twenty-odd keys.
pub fn tv<T: Serialize + ?Sized>(v: &T) -> tera::Value {
    serde_json::to_value(v).map_or_else(|_| tera::Value::from(()), |v| crate::render::tvalue::tv(&v))
}

/// `site` in every template: site.yaml's values.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// Always ends with `/`.
    pub base_url: &'a str,
    /// The path part of `base_url`, the prefix of every link.
    pub root_path: &'a str,
    pub language: &'static str,
    pub notice: Option<&'a str>,
    pub extra: &'a serde_json::Value,
    /// "bangvang" and its version.
    pub generator: &'static str,
}

/// An entry of `nav` in every template.
#[derive(Serialize)]
pub struct NavEntry<'a> {
    pub title: &'a str,
    pub url: String,
    /// True on the entry the page belongs to.
    pub active: bool,
}

/// The item value: a news item or plain page as lists, feeds and its own
/// page show it (`items`, `latest`, `page`, `prev`, `next`).
#[derive(Clone, Serialize)]
pub struct ItemView {
    pub title: String,
    /// Root-relative.
    pub url: String,
    /// Absolute.
    pub permalink: String,
    /// `2023-02-15`.
    pub date: Option<String>,
    /// RFC 3339 in the author's offset.
    pub datetime: Option<String>,
    pub date_short: Option<String>,
    pub date_long: Option<String>,
    pub weekday: Option<&'static str>,
    /// Null when the author gave no time.
    pub time: Option<String>,
    pub summary_html: String,
    /// The summary as plain text, at most 160 characters.
    pub description: String,
    pub tags: Vec<TagLink>,
    pub units: Vec<ItemUnit>,
    pub author: Option<String>,
    /// A ready link (to the full-size copy, for a photo of the site).
    pub image: Option<String>,
    /// `image` as an absolute URL (`og:image`); for a photo of the site its
    /// largest size.
    pub image_permalink: Option<String>,
    /// The responsive sizes of `image` when it is a photo of the site.
    pub thumbnail: Option<Thumbnail>,
    pub cluster: Option<ClusterLink>,
    pub year: Option<i32>,
    /// The front matter's `extra`.
    pub extra: serde_json::Value,
    pub updated_rfc3339: Option<String>,
    pub pub_rfc2822: Option<String>,
}

/// An item's photo in cards: `thumbnail` of the item value.
#[derive(Clone, Serialize)]
pub struct Thumbnail {
    /// The fallback (JPEG or PNG) copy of at most 960 pixels.
    pub src: String,
    /// Every fallback copy, for `srcset`.
    pub srcset: String,
    /// Every WebP copy, for a `<source type="image/webp">`.
    pub webp_srcset: String,
    pub width: u32,
    pub height: u32,
}

/// An item's tag: `tags` of the item value.
#[derive(Clone, Serialize)]
pub struct TagLink {
    pub name: String,
    pub url: String,
}

/// An item's unit: `units` of the item value.
#[derive(Clone, Serialize)]
pub struct ItemUnit {
    pub id: String,
    /// The unit's label (its full name, told apart from namesakes).
    pub name: String,
    pub url: String,
}

/// An item's cluster: `cluster` of the item value.
#[derive(Clone, Serialize)]
pub struct ClusterLink {
    pub id: String,
    pub name: String,
    /// Null when the cluster has no results page.
    pub url: Option<String>,
}

/// The item value with the page's full content, where a page shows one item
/// in full: `page` of page.html, `items` of the feeds.
#[derive(Serialize)]
pub struct PageView<'a> {
    #[serde(flatten)]
    pub item: &'a ItemView,
    pub content_html: Cow<'a, str>,
    pub toc: Vec<TocEntry<'a>>,
}

/// A heading of `toc`.
#[derive(Serialize)]
pub struct TocEntry<'a> {
    /// 1 to 6.
    pub level: u8,
    pub id: &'a str,
    pub title: &'a str,
}

/// `page` of item.html: the page in full and its neighbours in its section.
#[derive(Serialize)]
pub struct ItemPageView<'a> {
    #[serde(flatten)]
    pub page: PageView<'a>,
    /// The next older item.
    pub prev: Option<&'a ItemView>,
    /// The next newer item.
    pub next: Option<&'a ItemView>,
}

/// `home` of index.html.
#[derive(Serialize)]
pub struct HomeView<'a> {
    pub title: &'a str,
    pub content_html: &'a str,
}

/// `section` of section.html.
#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub content_html: &'a str,
    pub url: String,
}

/// `section` of item.html.
#[derive(Serialize)]
pub struct SectionLink<'a> {
    pub title: &'a str,
    pub url: String,
}

/// `paginator` of every paginated list.
#[derive(Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// The first and last pages and two on each side of the current one.
    pub pages: Vec<PageLink>,
}

/// An entry of `paginator.pages`.
#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Numbers were skipped before this one.
    pub gap_before: bool,
}

/// A tag with its count: `tags` of tags.html, `tag` of tag.html.
#[derive(Serialize)]
pub struct TagView<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

/// A unit reference: `successor`, `predecessors`, and the units of the
/// results pages.
#[derive(Serialize)]
pub struct UnitRef {
    pub id: String,
    pub full_name: String,
    /// The full name, told apart from namesakes.
    pub label: String,
    pub url: String,
}

/// A unit as units.html lists it (`units`, `units_alpha`), and the base of
/// unit.html's `unit`.
#[derive(Serialize)]
pub struct UnitEntry<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub full_name: String,
    pub kind: &'a str,
    pub code: Option<&'a str>,
    pub label: String,
    /// The name without its kind, told apart from namesakes.
    pub short_label: String,
    /// The A–Z heading the unit is listed under.
    pub initial: String,
    pub url: String,
    pub until_short: Option<String>,
    pub successor: Option<UnitRef>,
    pub item_count: usize,
}

/// `unit` of unit.html.
#[derive(Serialize)]
pub struct UnitPageView<'a> {
    #[serde(flatten)]
    pub unit: &'a UnitEntry<'a>,
    pub description_html: String,
    pub aliases: &'a [String],
    pub predecessors: Vec<UnitRef>,
}

/// An entry of the search index (`tim-kiem/index.json`) that search.html reads.
#[derive(Serialize)]
pub struct SearchEntry<'a> {
    pub title: &'a str,
    pub url: Option<&'a str>,
    pub date_short: Option<&'a str>,
    /// `item`, `unit`, `page`, `document` or `proposal`.
    pub kind: &'static str,
    /// Title and what else is searched, folded (marks removed).
    pub text: String,
}

/// An entry of `urls` in sitemap.xml.
#[derive(Serialize)]
pub struct SitemapUrl<'a> {
    pub loc: String,
    pub lastmod: Option<&'a str>,
}
