//! Where things are published: the language's folder names and the two forms of
//! a link (root-relative for pages, absolute for feeds and canonical links).
//!
//! A site path is relative to the output root, has no leading `/`, and ends
//! with `/` for a folder page: `""` (home), `tin-tuc/ky-ket/`, `atom.xml`.

use crate::config::Config;
use crate::text::{self, Lang};

/// Folder names of the pages the generator makes (content folders name themselves).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paths {
    pub units: &'static str,
    pub tags: &'static str,
    pub search: &'static str,
    pub standings: &'static str,
    /// The documents register.
    pub documents: &'static str,
    /// Proposals posted for public comment.
    pub consultations: &'static str,
    /// Pagination: `tin-tuc/trang/2/`.
    pub page: &'static str,
}

impl Paths {
    pub fn for_lang(lang: Lang) -> Paths {
        match lang {
            Lang::Vi => Paths {
                units: "don-vi",
                tags: "the",
                search: "tim-kiem",
                standings: "bang-xep-hang",
                documents: "van-ban",
                consultations: "lay-y-kien",
                page: "trang",
            },
            Lang::En => Paths {
                units: "units",
                tags: "tags",
                search: "search",
                standings: "standings",
                documents: "documents",
                consultations: "consultations",
                page: "page",
            },
        }
    }
}

#[derive(Clone, Debug)]
pub struct Urls {
    pub base_url: String,
    pub root_path: String,
    pub paths: Paths,
}

impl Urls {
    pub fn new(config: &Config) -> Urls {
        Urls {
            base_url: config.base_url.clone(),
            root_path: config.root_path().to_owned(),
            paths: Paths::for_lang(config.language),
        }
    }
    /// Root-relative link: `/portal/tin-tuc/x/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.root_path)
    }
    /// Absolute link: `https://host/portal/tin-tuc/x/`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
    /// A link written on the page at site path `page` (`tin-tuc/x/`), as an
    /// absolute URL: feed readers resolve relative links against the feed's
    /// address, not the page's. `#fn-1` and `anh.jpg` resolve against the
    /// page, `/bang-xep-hang/` against the site; a link with a scheme
    /// (`https:`, `mailto:`) or protocol-relative (`//host/`) stays.
    pub fn absolute<'a>(&self, link: &'a str, page: &str) -> std::borrow::Cow<'a, str> {
        let has_scheme = link.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
        if has_scheme || link.starts_with("//") {
            std::borrow::Cow::Borrowed(link)
        } else if let Some(site_path) = link.strip_prefix('/') {
            std::borrow::Cow::Owned(self.permalink(site_path))
        } else {
            std::borrow::Cow::Owned(format!("{}{link}", self.permalink(page)))
        }
    }
    /// A section's list: `tin-tuc/` (folder `Tin tức`).
    pub fn section(&self, dir: &str) -> String {
        format!("{}/", section_path(dir))
    }
    /// An item of the section folder `dir`: `tin-tuc/ky-ket/`.
    pub fn item(&self, dir: &str, slug: &str) -> String {
        format!("{}/{slug}/", section_path(dir))
    }
    /// A plain page (a Markdown file directly in content/): `gioi-thieu/`.
    pub fn plain_page(&self, slug: &str) -> String {
        format!("{slug}/")
    }
    /// The units index, `don-vi/`.
    pub fn units_index(&self) -> String {
        format!("{}/", self.paths.units)
    }
    pub fn unit(&self, id: &str) -> String {
        format!("{}/{id}/", self.paths.units)
    }
    /// The tag index, `the/`: linked from item pages' tags and tag pages.
    pub fn tags_index(&self) -> String {
        format!("{}/", self.paths.tags)
    }
    pub fn tag(&self, slug: &str) -> String {
        format!("{}/{slug}/", self.paths.tags)
    }
    /// The standings index: `bang-xep-hang/`.
    pub fn standings(&self) -> String {
        format!("{}/", self.paths.standings)
    }
    /// A cluster's page of seasons: `bang-xep-hang/cum-1/`.
    pub fn cluster(&self, id: &str) -> String {
        format!("{}/{id}/", self.paths.standings)
    }
    /// A season's standings: `bang-xep-hang/2023/cum-1/`.
    pub fn season(&self, year: i32, cluster: &str) -> String {
        format!("{}/{year}/{cluster}/", self.paths.standings)
    }
    /// A season's download beside its page: `bang-xep-hang/2023/cum-1/standings.csv`
    /// for `ext` `csv` (also `json`, `xlsx`).
    pub fn season_download(&self, year: i32, cluster: &str, ext: &str) -> String {
        format!("{}standings.{ext}", self.season(year, cluster))
    }
    /// The documents register, `van-ban/`.
    pub fn documents(&self) -> String {
        format!("{}/", self.paths.documents)
    }
    /// The documents of a year, `van-ban/2024/`.
    pub fn documents_year(&self, year: i16) -> String {
        format!("{}/{year}/", self.paths.documents)
    }
    /// The documents of a form, `van-ban/quyet-dinh/` (form slugs are
    /// letters and hyphens, years digits: the two never meet).
    pub fn documents_form(&self, form: &str) -> String {
        format!("{}/{form}/", self.paths.documents)
    }
    /// A document's page, `van-ban/2024/215-qd-ubnd/`.
    pub fn document(&self, year: i16, slug: &str) -> String {
        format!("{}/{year}/{slug}/", self.paths.documents)
    }
    /// The proposals for public comment, `lay-y-kien/`.
    pub fn proposals(&self) -> String {
        format!("{}/", self.paths.consultations)
    }
    /// A proposal's page, `lay-y-kien/2023/co-thi-dua/`.
    pub fn proposal(&self, year: i32, id: &str) -> String {
        format!("{}/{year}/{id}/", self.paths.consultations)
    }
    /// A file of static/ by its path there, percent-encoded where a URL
    /// needs it (`tai-lieu/Quyết định.pdf` → `tai-lieu/Quy%E1%BA%BFt%20…`).
    pub fn static_file(&self, rel: &str) -> String {
        let mut out = String::with_capacity(rel.len());
        for b in rel.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        self.url(&out)
    }
    /// The search page, `tim-kiem/`.
    pub fn search(&self) -> String {
        format!("{}/", self.paths.search)
    }
    /// The search index the search page reads, `tim-kiem/index.json`.
    pub fn search_index(&self) -> String {
        format!("{}/index.json", self.paths.search)
    }
    /// Page `n` (1-based) of a paginated list at `path`.
    pub fn paginated(&self, path: &str, n: usize) -> String {
        if n <= 1 {
            path.to_owned()
        } else {
            format!("{path}{}/{n}/", self.paths.page)
        }
    }
}

/// The output file for a site path: folders get `index.html`.
pub fn output_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    }
}

/// Whether an output file is a page at a URL of its own (`x/index.html` at
/// `/x/`): what the sitemap lists and what has a canonical URL. 404.html is
/// shown at every missing URL, feeds and robots.txt are not pages.
pub fn has_own_url(file: &str) -> bool {
    file == "index.html" || file.ends_with("/index.html")
}

/// The site path of a section folder, without the final `/`: each folder
/// name slugified (`Tin tức/Năm 2023` → `tin-tuc/nam-2023`).
pub fn section_path(dir: &str) -> String {
    dir.split('/').map(text::slugify).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_folders_are_slugified_part_by_part() {
        assert_eq!(section_path("Tin tức/Năm 2023"), "tin-tuc/nam-2023");
    }

    #[test]
    fn links_in_feeds_resolve_against_their_page_and_the_site() {
        let urls = Urls {
            base_url: "https://host/portal/".into(),
            root_path: "/portal/".into(),
            paths: Paths::for_lang(crate::text::Lang::Vi),
        };
        let page = "tin-tuc/x/";
        assert_eq!(urls.absolute("#fn-1", page), "https://host/portal/tin-tuc/x/#fn-1");
        assert_eq!(urls.absolute("anh.jpg", page), "https://host/portal/tin-tuc/x/anh.jpg");
        assert_eq!(
            urls.absolute("/bang-xep-hang/", page),
            "https://host/portal/bang-xep-hang/"
        );
        for kept in ["https://other/x", "mailto:a@b.vn", "tel:+84", "//cdn/x.js"] {
            assert_eq!(urls.absolute(kept, page), kept);
        }
        // A colon after a slash is a path, not a scheme.
        assert_eq!(urls.absolute("a/b:c", page), "https://host/portal/tin-tuc/x/a/b:c");
    }

    #[test]
    fn only_folder_pages_have_their_own_url() {
        assert!(has_own_url("index.html"));
        assert!(has_own_url("tin-tuc/x/index.html"));
        assert!(!has_own_url("404.html"));
        assert!(!has_own_url("atom.xml"));
    }
}
