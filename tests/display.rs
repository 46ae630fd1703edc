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
