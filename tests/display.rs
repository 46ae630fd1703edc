//! What readers see of units and seasons: the A–Z index of units, units that
//! share a name, and what a site publishes (downloads, the tag index, 404).

mod common;

use scraper::{ElementRef, Html, Selector};

use common::Fixture;

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let sel = Selector::parse(css).expect("valid selector");
    doc.select(&sel).collect()
}

fn text(e: &ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn built(f: &Fixture) {
    let (ok, out, err) = f.build(&[]);
    assert!(ok, "{out}\n{err}");
}

#[test]
fn the_units_index_is_headed_by_letters_of_the_vietnamese_alphabet() {
    let f = Fixture::new();
    f.write(
        "data/units.yaml",
        "units:
  - {id: huyen-tung, name: Huyền Tụng, kind: phường}
  - {id: an-thi, name: Ân Thi, kind: xã}
  - {id: ap-bac, name: Ấp Bắc, kind: xã}
  - {id: an-binh, name: An Bình, kind: xã}
  - {id: uy-ban, name: Ủy Ban, kind: xã}
  - {id: uoc-le, name: Ước Lễ, kind: xã}
  - {id: duc-xuan, name: Đức Xuân, kind: phường}
  - {id: duong-quang, name: Dương Quang, kind: xã}
",
    );
    built(&f);
    let doc = Html::parse_document(&f.read("don-vi/index.html"));
    let groups: Vec<(String, Vec<String>)> = select(&doc, ".az-group")
        .iter()
        .map(|g| {
            let heading = select_in(g, ".az-letter").iter().map(text).collect::<String>();
            let names = select_in(g, "li > a").iter().map(text).collect();
            (heading, names)
        })
        .collect();
    let want: Vec<(String, Vec<String>)> = [
        ("A", vec!["An Bình"]),
        ("Â", vec!["Ân Thi", "Ấp Bắc"]),
        ("D", vec!["Dương Quang"]),
        ("Đ", vec!["Đức Xuân"]),
        ("H", vec!["Huyền Tụng"]),
        ("U", vec!["Ủy Ban"]),
        ("Ư", vec!["Ước Lễ"]),
    ]
    .into_iter()
    .map(|(h, n)| (h.to_owned(), n.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(groups, want);
}

fn select_in<'a>(e: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let sel = Selector::parse(css).expect("valid selector");
    e.select(&sel).collect()
}

/// The old ward and the 2025 ward of the same name that succeeded it.
const NAMESAKES: &str = "units:
  - {id: huyen-tung, name: Huyền Tụng, kind: phường, until: 2025-06-30, successor: duc-xuan-2025}
  - {id: duc-xuan, name: Đức Xuân, kind: phường, code: \"01840\", until: 2025-06-30, successor: duc-xuan-2025}
  - {id: duc-xuan-2025, name: Đức Xuân, kind: phường}
";
const OLD: &str = "Phường Đức Xuân (đến 30/06/2025)";
const NEW: &str = "Phường Đức Xuân (từ 01/07/2025)";

fn season_2025(status: &str, scores: &str) -> String {
    format!(
        "cluster: xa-phuong
year: 2025
status: {status}
leader: duc-xuan
members: [duc-xuan, duc-xuan-2025, huyen-tung]
stages: [council]
criteria:
  - {{ code: I, title: Kinh tế, max: 10 }}
{scores}"
    )
}

fn namesakes() -> Fixture {
    let f = Fixture::new();
    f.write("data/units.yaml", NAMESAKES);
    f.write(
        "content/tin-tuc/2025-07-01-hop-nhat.md",
        "---\ntitle: Hợp nhất\ndate: 2025-07-01\nunits: [duc-xuan, duc-xuan-2025]\n---\nNội dung.\n",
    );
    f.write(
        "data/scoring/2025/xa-phuong.yaml",
        &season_2025(
            "final",
            "scores:\n  duc-xuan: { council: { I: 9 } }\n  duc-xuan-2025: { council: { I: 8 } }\n  huyen-tung: { council: { I: 7 } }\n",
        ),
    );
    f
}

fn texts(html: &str, css: &str) -> Vec<String> {
    select(&Html::parse_document(html), css).iter().map(text).collect()
}

#[test]
fn units_that_share_a_name_are_told_apart_wherever_both_are_listed() {
    let f = namesakes();
    built(&f);
    let units = f.read("don-vi/index.html");
    assert_eq!(
        texts(&units, ".units-official tbody th"),
        ["Phường Huyền Tụng", OLD, NEW]
    );
    assert_eq!(
        texts(&units, ".az-group li > a"),
        ["Đức Xuân (đến 30/06/2025)", "Đức Xuân (từ 01/07/2025)", "Huyền Tụng"]
    );
    // The label says the date once, not again in the note beside it.
    assert!(
        !texts(&units, ".az-group li")
            .iter()
            .any(|t| t.contains("đến 30/06/2025, đến")),
        "{units}"
    );
    // The successor column links the new ward by its label.
    assert!(
        texts(&units, ".units-official td a").iter().all(|t| t == NEW),
        "{units}"
    );

    let item = f.read("tin-tuc/hop-nhat/index.html");
    assert_eq!(texts(&item, ".related a.chip-unit"), [OLD, NEW]);

    let old = f.read("don-vi/duc-xuan/index.html");
    assert!(old.contains(&format!("<title>{OLD}")), "{old}");
    let new = f.read("don-vi/duc-xuan-2025/index.html");
    let preds = texts(&new, ".inline-list a");
    assert!(
        preds.contains(&OLD.to_owned()) && preds.contains(&"Phường Huyền Tụng".to_owned()),
        "{preds:?}"
    );

    let standings = f.read("bang-xep-hang/2025/xa-phuong/index.html");
    let rows = texts(&standings, "table.standings-table tbody th a");
    assert!(
        rows.contains(&OLD.to_owned()) && rows.contains(&NEW.to_owned()),
        "{rows:?}\n{standings}"
    );

    let index: serde_json::Value = serde_json::from_str(&f.read("tim-kiem/index.json")).expect("json");
    let unit_titles: Vec<&str> = index
        .as_array()
        .expect("array")
        .iter()
        .filter(|e| e["kind"] == "unit")
        .filter_map(|e| e["title"].as_str())
        .collect();
    assert_eq!(unit_titles, ["Phường Huyền Tụng", OLD, NEW]);

    // Data keeps the official name; the id beside it tells them apart.
    let json: serde_json::Value =
        serde_json::from_str(&f.read("bang-xep-hang/2025/xa-phuong/standings.json")).expect("json");
    assert_eq!(json["rows"][0]["name"], "Phường Đức Xuân");
    assert_eq!(json["rows"][0]["unit"], "duc-xuan");
}

#[test]
fn namesakes_are_told_apart_in_english_too() {
    let f = namesakes();
    f.write("site.yaml", &common::SITE_YAML.replace("language: vi", "language: en"));
    built(&f);
    let units = f.read("units/index.html");
    assert_eq!(
        texts(&units, ".units-official tbody th"),
        [
            "Phường Huyền Tụng",
            "Phường Đức Xuân (until 30 Jun 2025)",
            "Phường Đức Xuân (from 1 Jul 2025)"
        ]
    );
}

#[test]
fn a_planned_season_publishes_no_downloads_and_links_none() {
    let f = namesakes();
    f.write("data/scoring/2025/xa-phuong.yaml", &season_2025("planned", ""));
    built(&f);
    let dir = f.out().join("bang-xep-hang/2025/xa-phuong");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("season folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["index.html"]);
    let page = f.read("bang-xep-hang/2025/xa-phuong/index.html");
    let doc = Html::parse_document(&page);
    let links: Vec<&str> = select(&doc, "a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(!links.iter().any(|l| l.contains("standings.")), "{links:?}");
    // The members are listed, told apart.
    assert!(texts(&page, "#members a").contains(&OLD.to_owned()), "{page}");

    // A scored year publishes all three and links them.
    f.write(
        "data/scoring/2025/xa-phuong.yaml",
        &season_2025(
            "final",
            "scores:\n  duc-xuan: { council: { I: 9 } }\n  duc-xuan-2025: { council: { I: 8 } }\n  huyen-tung: { council: { I: 7 } }\n",
        ),
    );
    built(&f);
    for name in ["standings.json", "standings.csv", "standings.xlsx"] {
        assert!(dir.join(name).is_file(), "{name}");
        assert!(
            f.read("bang-xep-hang/2025/xa-phuong/index.html")
                .contains(&format!("/portal/bang-xep-hang/2025/xa-phuong/{name}")),
            "{name}"
        );
    }
}

#[test]
fn the_tag_index_is_linked_from_item_and_tag_pages() {
    let f = Fixture::new();
    built(&f);
    let item = Html::parse_document(&f.read("tin-tuc/ky-ket/index.html"));
    let links: Vec<&str> = select(&item, ".article-footer a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(links.contains(&"/portal/the/"), "{links:?}");
    let tag = Html::parse_document(&f.read("the/giao-uoc/index.html"));
    let crumbs: Vec<&str> = select(&tag, ".breadcrumb a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(crumbs.contains(&"/portal/the/"), "{crumbs:?}");
    assert!(f.read("the/index.html").contains("/portal/the/giao-uoc/"));
}

#[test]
fn the_404_page_claims_no_url_of_its_own() {
    let f = Fixture::new();
    built(&f);
    let page = Html::parse_document(&f.read("404.html"));
    assert!(select(&page, "link[rel=canonical]").is_empty());
    assert!(select(&page, "meta[property=\"og:url\"]").is_empty());
    let robots: Vec<&str> = select(&page, "meta[name=robots]")
        .iter()
        .filter_map(|m| m.value().attr("content"))
        .collect();
    assert_eq!(robots, ["noindex"]);
    // Pages at their own URL keep theirs.
    let home = Html::parse_document(&f.read("index.html"));
    let canonical: Vec<&str> = select(&home, "link[rel=canonical]")
        .iter()
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert_eq!(canonical, ["https://example.vn/portal/"]);
    assert!(select(&home, "meta[name=robots]").is_empty());
}
