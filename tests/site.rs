//! Building fixture sites and the sample site, and reading the pages back.

mod common;
use common::{Fixture, snapshot};
use scraper::{Html, Selector};

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).expect("selector")).collect()
}

fn hrefs(doc: &Html) -> Vec<String> {
    select(doc, "a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect()
}

#[test]
fn sample_site_has_a_page_for_every_unit_and_item() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp");
    let out_dir = out.path().join("site");
    let status = assert_cmd::Command::cargo_bin("bangvang")
        .expect("bin")
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&out_dir)
        .output()
        .expect("run");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));

    let units = std::fs::read_to_string(root.join("data/units.yaml")).expect("units");
    let ids: Vec<&str> = units.lines().filter_map(|l| l.trim().strip_prefix("- id: ")).collect();
    assert!(ids.len() >= 8, "{ids:?}");
    for id in &ids {
        assert!(
            out_dir.join(format!("don-vi/{id}/index.html")).is_file(),
            "no page for unit {id}"
        );
    }
    let mut items = 0;
    for entry in std::fs::read_dir(root.join("content/tin-tuc")).expect("content") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if name == "_index.md" {
            continue;
        }
        // A bundle is a folder holding its index.md.
        let file = if path.is_dir() {
            path.join("index.md")
        } else {
            path.clone()
        };
        let text = std::fs::read_to_string(&file).expect("read");
        let stem = name.trim_end_matches(".md");
        let slug = bangvang::text::slugify(&stem[11..]);
        let page = out_dir.join(format!("tin-tuc/{slug}/index.html"));
        if text.contains("draft: true") {
            assert!(!page.exists(), "draft {name} was published");
        } else {
            assert!(page.is_file(), "no page for {name} at {}", page.display());
            items += 1;
        }
    }
    assert!(items >= 5);
    assert!(out_dir.join("tin-tuc/so-ket-6-thang/index.html").is_file());
    let signing = std::fs::read_to_string(out_dir.join("don-vi/huyen-tung/index.html")).expect("unit page");
    assert!(
        signing.contains("/tin-tuc/ky-ket-giao-uoc-thi-dua-2023/"),
        "the unit page lists the items about it"
    );
}

#[test]
fn values_from_data_and_front_matter_are_escaped() {
    let f = Fixture::new();
    f.write(
        "data/units.yaml",
        "units:\n  - {id: huyen-tung, name: \"<script>alert('u')</script>\", kind: phường}\n",
    );
    f.write(
        "content/tin-tuc/2023-02-15-ky-ket.md",
        "---\ntitle: \"<script>alert('t')</script>\"\ndate: 2023-02-15\nunits: [huyen-tung]\ntags: [\"<b>tag</b>\"]\n---\nBody\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    for page in [
        "tin-tuc/ky-ket/index.html",
        "don-vi/huyen-tung/index.html",
        "tin-tuc/index.html",
        "index.html",
        "the/b-tag-b/index.html",
    ] {
        let html = f.read(page);
        assert!(!html.contains("<script>alert"), "{page} has raw script");
        assert!(!html.contains("<b>tag</b>"), "{page} has raw tag markup");
    }
    assert!(f.read("tin-tuc/ky-ket/index.html").contains("&lt;script&gt;alert("));
    assert!(f.read("don-vi/huyen-tung/index.html").contains("&lt;script&gt;alert("));
    assert!(f.read("atom.xml").contains("&lt;script&gt;"));
}

#[test]
fn links_carry_the_base_url_path() {
    let f = Fixture::new();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let doc = Html::parse_document(&f.read("tin-tuc/index.html"));
    let links = hrefs(&doc);
    assert!(links.iter().any(|h| h == "/portal/tin-tuc/ky-ket/"), "{links:?}");
    assert!(
        links
            .iter()
            .filter(|h| h.starts_with('/'))
            .all(|h| h.starts_with("/portal/")),
        "{links:?}"
    );
    let item = Html::parse_document(&f.read("tin-tuc/ky-ket/index.html"));
    assert!(
        hrefs(&item).iter().any(|h| h == "/portal/don-vi/huyen-tung/"),
        "item links to its unit"
    );
    assert!(
        hrefs(&item).iter().any(|h| h == "/portal/the/giao-uoc/"),
        "item links to its tag"
    );
    let canonical = select(&item, "link[rel=canonical]");
    assert_eq!(
        canonical.first().and_then(|l| l.value().attr("href")),
        Some("https://example.vn/portal/tin-tuc/ky-ket/")
    );
    let (ok, _, _) = f.build(&["--base-url", "http://127.0.0.1:1111"]);
    assert!(ok);
    assert!(f.read("tin-tuc/index.html").contains("href=\"/tin-tuc/ky-ket/\""));
}

/// Items "Tin 1" to "Tin 4", dated 2023-03-01 to -04, with `more` front matter lines.
fn four_items(f: &Fixture, more: &str) {
    for d in 1..=4 {
        f.write(
            &format!("content/tin-tuc/2023-03-0{d}-tin-{d}.md"),
            &format!("---\ntitle: Tin {d}\ndate: 2023-03-0{d}\n{more}---\n"),
        );
    }
}

#[test]
fn pagination_and_drafts() {
    let f = Fixture::new();
    four_items(&f, "");
    f.write(
        "content/tin-tuc/2023-05-01-nhap.md",
        "---\ntitle: Nháp\ndate: 2023-05-01\ndraft: true\n---\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert!(f.read("tin-tuc/index.html").contains("Tin 4"), "newest first");
    assert!(f.read("tin-tuc/trang/3/index.html").contains("Ký kết giao ước"));
    assert!(!f.out().join("tin-tuc/nhap/index.html").exists());
    let (ok, _, _) = f.build(&["--drafts"]);
    assert!(ok);
    assert!(f.out().join("tin-tuc/nhap/index.html").exists());
    let (ok, _, _) = f.build(&[]);
    assert!(ok);
    assert!(
        !f.out().join("tin-tuc/nhap/index.html").exists(),
        "a page that is gone is removed"
    );
}

#[test]
fn tag_and_unit_pages_are_paginated_like_sections() {
    let f = Fixture::new();
    four_items(&f, "units: [huyen-tung]\ntags: [Giao ước]\n");
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    // Five items, two per page: three pages each, newest first.
    for base in ["the/giao-uoc", "don-vi/huyen-tung"] {
        let first = f.read(&format!("{base}/index.html"));
        assert!(first.contains("Tin 4") && !first.contains("Tin 2"), "{base}: {first}");
        assert!(
            first.contains(&format!("rel=\"next\" href=\"/portal/{base}/trang/2/\"")),
            "{base}: {first}"
        );
        let last = f.read(&format!("{base}/trang/3/index.html"));
        assert!(
            last.contains("Ký kết giao ước") && !last.contains("Tin 1"),
            "{base}: {last}"
        );
        assert!(!f.out().join(format!("{base}/trang/4/index.html")).exists());
        assert!(f.read("sitemap.xml").contains(&format!("/portal/{base}/trang/2/")));
    }
    assert!(
        f.read("the/giao-uoc/trang/2/index.html").contains(": 5"),
        "the tag's count is the whole list's"
    );
    // A unit's facts are on its first page only.
    assert!(f.read("don-vi/huyen-tung/index.html").contains("class=\"facts\""));
    assert!(
        !f.read("don-vi/huyen-tung/trang/2/index.html")
            .contains("class=\"facts\"")
    );
}

#[test]
fn items_are_described_by_their_summary_and_other_pages_by_the_site() {
    let f = Fixture::new();
    f.write(
        "site.yaml",
        &format!("{}description: Cổng tin thi đua\n", common::SITE_YAML),
    );
    f.write(
        "content/tin-tuc/2023-03-01-a.md",
        "---\ntitle: A\ndate: 2023-03-01\nsummary: \"Tóm tắt \\\"có\\\" <b>đậm</b> & dấu\"\n---\nThân bài.\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let description = |file: &str| {
        let doc = Html::parse_document(&f.read(file));
        select(&doc, "meta[name=description]")
            .first()
            .and_then(|m| m.value().attr("content"))
            .map(str::to_owned)
    };
    assert_eq!(
        description("tin-tuc/a/index.html").as_deref(),
        Some("Tóm tắt “có” đậm & dấu"),
        "smart quotes, tags dropped"
    );
    let raw = f.read("tin-tuc/a/index.html");
    assert!(
        !raw.contains("<b>đậm"),
        "the summary's markup is text in the attribute, not markup"
    );
    assert_eq!(description("tin-tuc/ky-ket/index.html").as_deref(), Some("Nội dung."));
    assert_eq!(description("index.html").as_deref(), Some("Cổng tin thi đua"));
}

#[test]
fn same_input_gives_byte_identical_output_and_unchanged_files_are_not_rewritten() {
    let f = Fixture::new();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let first = snapshot(&f.out());
    let other = f.root().join("second");
    let (ok, _, _) = f.build(&["--output", other.to_str().expect("utf8")]);
    assert!(ok);
    assert_eq!(snapshot(&other), first);
    let (ok, stdout, _) = f.build(&[]);
    assert!(ok);
    assert!(stdout.contains(" 0 written"), "{stdout}");
}

#[test]
fn bom_crlf_and_nfd_input_just_work() {
    let f = Fixture::new();
    let nfd = "Huye\u{0302}\u{0300}n Tu\u{0323}ng";
    f.write(
        "content/tin-tuc/2023-03-01-a.md",
        &format!("\u{FEFF}---\r\ntitle: {nfd}\r\ndate: 2023-03-01\r\ntags: [{nfd}]\r\n---\r\nBody\r\n"),
    );
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let html = f.read("tin-tuc/a/index.html");
    assert!(html.contains("Huyền Tụng"), "title is NFC");
    assert!(f.out().join("the/huyen-tung/index.html").is_file());
    let index = f.read("tim-kiem/index.json");
    assert!(index.contains("huyen tung"), "search text is folded: {index}");
}

#[test]
fn feeds_and_sitemap_are_well_formed_enough() {
    let f = Fixture::new();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let atom = f.read("atom.xml");
    assert!(
        atom.contains("<feed") && atom.contains("https://example.vn/portal/tin-tuc/ky-ket/"),
        "{atom}"
    );
    assert!(f.read("rss.xml").contains("<rss"));
    let sitemap = f.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.vn/portal/don-vi/huyen-tung/</loc>"),
        "{sitemap}"
    );
    assert!(f.read("robots.txt").contains("https://example.vn/portal/sitemap.xml"));
    assert!(f.out().join("404.html").is_file());
}

#[test]
fn site_templates_override_single_templates_and_a_site_theme_replaces_the_default() {
    let f = Fixture::new();
    f.write(
        "templates/page.html",
        "<!doctype html><title>{{ page.title }}</title><p class=\"mine\">{{ page.content_html | safe }}</p>\n",
    );
    f.write("content/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nVề trang.\n");
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert!(
        f.read("gioi-thieu/index.html").contains("<p class=\"mine\">"),
        "the site's template wins"
    );
    assert!(
        f.read("tin-tuc/ky-ket/index.html").contains("<nav"),
        "other pages keep the default theme"
    );

    // A theme of the site's own, named in site.yaml, replaces the built-in one.
    let g = Fixture::new();
    g.write("site.yaml", &format!("{}theme: plain\n", common::SITE_YAML));
    for n in bangvang::render::theme::REQUIRED {
        g.write(&format!("themes/plain/templates/{n}"), &format!("plain {n}\n"));
    }
    g.write("themes/plain/static/plain.css", "body{}\n");
    let (ok, _, err) = g.build(&[]);
    assert!(ok, "{err}");
    assert_eq!(g.read("tin-tuc/ky-ket/index.html"), "plain item.html\n");
    assert!(g.out().join("plain.css").is_file());
    assert!(
        !g.out().join("assets/style.css").exists(),
        "nothing of the default theme"
    );

    // A theme missing a template is refused, naming it.
    g.remove("themes/plain/templates/tag.html");
    let (ok, _, err) = g.build(&[]);
    assert!(!ok);
    assert!(err.contains("no template `tag.html`"), "{err}");
}
