//! Results published from data/scoring: pages, standings.json, CSV and XLSX,
//! read back from a built fixture site.

mod common;
use common::Fixture;
use std::io::Read;

const UNITS: &str = "units:
  - {id: a, name: An, kind: phường}
  - {id: b, name: Bình, kind: phường}
  - {id: c, name: Cường, kind: xã}
  - {id: d, name: Đông, kind: xã}
";

fn season(year: i32, scores: &str) -> String {
    format!(
        "cluster: xa-phuong
year: {year}
status: final
leader: a
members: [a, b, c, d]
scale: 20
bonus_cap: 1
stages: [self, council]
criteria:
  - code: I
    title: Kinh tế
    items:
      - {{ code: I.1, title: Thu ngân sách, max: 5 }}
      - {{ code: I.2, title: Sản xuất, max: 5 }}
  - {{ code: II, title: Văn hóa, max: 10 }}
tiers:
  - {{ label: Xuất sắc, min: 18 }}
  - {{ label: Hoàn thành, min: 0 }}
tie_break: [group:II, deductions]
awards:
  - {{ title: Cờ thi đua, top: 1 }}
  - {{ title: Bằng khen, top: 3, min: 15, decision: {{ number: 215/QĐ-UBND, date: 2024-02-01 }} }}
scores:
{scores}"
    )
}

/// 2023: a and b tie on 17.5 and group II decides for b; c's bonus is cut to 1.
const SCORES_2023: &str = "  a:
    council: { I.1: 5, I.2: 4.5, II: 8 }
  b:
    self: { I.1: 5, I.2: 5, II: 10 }
    council: { I.1: 4, I.2: 4.5, II: 9 }
  c:
    council: { I.1: 4.25, I.2: 4.25, II: 8 }
    bonus: [ { points: 0.75, reason: Mô hình hay }, { points: 0.75, reason: Vượt chỉ tiêu } ]
  d:
    council: { I.1: 5, I.2: 5, II: 9.9 }
    deductions: [ { points: 2.4, reason: Nộp báo cáo muộn } ]
";
const SCORES_2022: &str = "  a: { council: { I.1: 5, I.2: 5, II: 9 } }
  b: { council: { I.1: 1, I.2: 1, II: 1 } }
  c: { council: { I.1: 2, I.2: 2, II: 2 } }
  d: { council: { I.1: 3, I.2: 3, II: 3 } }
";

fn fixture() -> Fixture {
    let f = Fixture::new();
    f.write("data/units.yaml", UNITS);
    f.write(
        "content/tin-tuc/2023-02-15-ky-ket.md",
        "---\ntitle: Ký kết\ndate: 2023-02-15\nunits: [a]\ncluster: xa-phuong\n---\n",
    );
    f.write("data/scoring/2023/xa-phuong.yaml", &season(2023, SCORES_2023));
    f.write("data/scoring/2022/xa-phuong.yaml", &season(2022, SCORES_2022));
    f
}

#[test]
fn standings_json_has_the_contract_shape_and_exact_numbers() {
    let f = fixture();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert!(
        err.contains("warning") && err.contains("cut to the cap"),
        "bonus cut is a warning: {err}"
    );
    let text = f.read("bang-xep-hang/2023/xa-phuong/standings.json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(v["cluster"], "xa-phuong");
    assert_eq!(v["year"], 2023);
    assert_eq!(v["status"], "final");
    assert_eq!(v["scale"], 20);
    let rows = v["rows"].as_array().expect("rows");
    let order: Vec<(&str, u64)> = rows
        .iter()
        .map(|r| (r["unit"].as_str().unwrap_or(""), r["rank"].as_u64().unwrap_or(0)))
        .collect();
    // All four total 17.5 (c: 16.5 + a bonus of 1.5 cut to 1; d: 19.9 − 2.4). group:II decides
    // d (9.9) and b (9); a and c both have 8 and no deductions, so they share rank 3.
    assert_eq!(order, vec![("d", 1), ("b", 2), ("a", 3), ("c", 3)], "{text}");
    let d = &rows[0];
    assert_eq!(d["points"], serde_json::json!(19.9));
    assert_eq!(d["deductions"], serde_json::json!(2.4));
    assert_eq!(d["total"], serde_json::json!(17.5));
    assert_eq!(d["name"], "Xã Đông");
    assert_eq!(d["groups"], serde_json::json!({ "I": 10, "II": 9.9 }));
    assert_eq!(d["stage"], "council");
    assert_eq!(d["tier"], "Hoàn thành", "17.5 is below 18, so the next tier");
    assert_eq!(d["award"], "Cờ thi đua");
    assert_eq!(rows[1]["award"], "Bằng khen");
    assert_eq!(rows[3]["bonus"], serde_json::json!(1), "bonus is cut to bonus_cap");
    // 2022 ranks: a 1, d 2, c 3, b 4.
    assert_eq!(d["change"], serde_json::json!(1));
    assert_eq!(rows[1]["change"], serde_json::json!(2));
    assert_eq!(rows[2]["change"], serde_json::json!(-2));
    assert!(
        !text.contains("99999") && !text.contains("00001"),
        "no float noise: {text}"
    );
}

#[test]
fn csv_and_xlsx_downloads_read_back() {
    let f = fixture();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let csv = std::fs::read(f.out().join("bang-xep-hang/2023/xa-phuong/standings.csv")).expect("csv");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte-order mark for Excel");
    let csv = String::from_utf8(csv).expect("utf-8");
    let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').lines().collect();
    assert!(
        lines[0].starts_with("Hạng,"),
        "header in the site's language: {}",
        lines[0]
    );
    assert!(lines[1].starts_with("1,d,Xã Đông,19.9,0,2.4,17.5,"), "{}", lines[1]);
    assert_eq!(lines.len(), 5);

    let bytes = std::fs::read(f.out().join("bang-xep-hang/2023/xa-phuong/standings.xlsx")).expect("xlsx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .read_to_string(&mut s)
            .expect("text");
        s
    };
    let strings = part("xl/sharedStrings.xml");
    let sheet1 = part("xl/worksheets/sheet1.xml");
    let sheet2 = part("xl/worksheets/sheet2.xml");
    assert!(
        strings.contains("Xã Đông") && strings.contains("Thu ngân sách"),
        "{strings}"
    );
    assert!(
        sheet1.contains("<v>19.9</v>") && sheet1.contains("<v>17.5</v>"),
        "real numbers: {sheet1}"
    );
    assert!(
        sheet2.contains("<v>20</v>") || sheet2.contains("<v>10</v>"),
        "the criteria sheet has the max points: {sheet2}"
    );
}

#[test]
fn pages_show_standings_units_results_and_the_notice() {
    let f = fixture();
    f.write(
        "site.yaml",
        &format!("{}notice: Dữ liệu minh họa.\n", common::SITE_YAML),
    );
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let page = f.read("bang-xep-hang/2023/xa-phuong/index.html");
    assert!(
        page.contains("Dữ liệu minh họa."),
        "the notice is on every results page"
    );
    assert!(page.contains("/portal/don-vi/d/") && page.contains("standings.xlsx"));
    assert!(page.contains("Thu ngân sách"), "the scoring sheet is shown");
    let unit = f.read("don-vi/a/index.html");
    assert!(
        unit.contains("<svg") && unit.contains("/portal/bang-xep-hang/2023/xa-phuong/"),
        "unit page has results and a chart"
    );
    assert!(
        f.read("bang-xep-hang/index.html")
            .contains("/portal/bang-xep-hang/2022/xa-phuong/")
    );
    assert!(f.read("bang-xep-hang/xa-phuong/index.html").contains("2023"));
    assert!(
        f.read("index.html").contains("/portal/bang-xep-hang/2023/xa-phuong/"),
        "home shows current standings"
    );
    assert!(
        f.read("tin-tuc/ky-ket/index.html")
            .contains("/portal/bang-xep-hang/xa-phuong/"),
        "an item links its cluster"
    );
}

#[test]
fn language_sets_number_format_in_pages_but_not_in_data() {
    let f = fixture();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert!(
        f.read("bang-xep-hang/2023/xa-phuong/index.html").contains("17,5"),
        "vi: decimal comma"
    );
    f.write(
        "site.yaml",
        "title: Test\nbase_url: https://example.vn/\nlanguage: en\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let page = f.read("standings/2023/xa-phuong/index.html");
    assert!(page.contains("17.5") && !page.contains("17,5"), "en: decimal point");
    assert!(
        f.read("standings/2023/xa-phuong/standings.csv").contains("Rank,"),
        "en header"
    );
}

#[test]
fn scoring_errors_name_file_line_and_column() {
    let f = fixture();
    let bad = SCORES_2023
        .replace("I.1: 5, I.2: 4.5, II: 8", "I.1: 5.5, I.2: 4.555, II: \"8\"")
        .replace("  d:\n", "  zz:\n");
    f.write("data/scoring/2023/xa-phuong.yaml", &season(2023, &bad));
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    let file = "data/scoring/2023/xa-phuong.yaml";
    assert!(
        err.contains(&format!("{file}:25:21")) && err.contains("5.5"),
        "score above max: {err}"
    );
    assert!(
        err.contains(&format!("{file}:25:31")) && err.contains("two decimal"),
        "{err}"
    );
    assert!(err.contains("remove the quotes"), "{err}");
    assert!(err.contains("zz"), "scores for a non-member: {err}");
    assert!(!f.out().join("bang-xep-hang").exists());
}

/// Attribute `name` of the first element `tag` in `xml`.
fn attr<'a>(xml: &'a str, tag: &str, name: &str) -> Option<&'a str> {
    let at = xml.find(&format!("<{tag} "))?;
    let el = &xml[at..at + xml[at..].find('>')?];
    let key = format!(" {name}=\"");
    let v = el.find(&key)? + key.len();
    Some(&el[v..v + el[v..].find('"')?])
}

#[test]
fn xlsx_fits_names_prints_on_a4_landscape_and_shows_whole_numbers_plainly() {
    let f = fixture();
    f.write(
        "data/units.yaml",
        &std::fs::read_to_string(f.root().join("data/units.yaml"))
            .expect("units")
            .replace("name: Đông", "name: Đông Thịnh Vượng Phát Triển Bền Vững"),
    );
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let bytes = std::fs::read(f.out().join("bang-xep-hang/2023/xa-phuong/standings.xlsx")).expect("xlsx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .read_to_string(&mut s)
            .expect("text");
        s
    };
    let sheet = part("xl/worksheets/sheet1.xml");
    let workbook = part("xl/workbook.xml");
    let styles = part("xl/styles.xml");
    let strings = part("xl/sharedStrings.xml");

    // Column C holds the names: wide enough for the longest one.
    let longest = "Xã Đông Thịnh Vượng Phát Triển Bền Vững".chars().count() as f64;
    let cols: Vec<(u32, f64)> = sheet
        .split("<col ")
        .skip(1)
        .map(|c| {
            let min = attr(&format!("<col {c}"), "col", "min")
                .and_then(|v| v.parse().ok())
                .expect("min");
            let width = attr(&format!("<col {c}"), "col", "width")
                .and_then(|v| v.parse().ok())
                .expect("width");
            (min, width)
        })
        .collect();
    let name_width = cols
        .iter()
        .find(|(min, _)| *min == 3)
        .map(|(_, w)| *w)
        .expect("column C");
    assert!(
        name_width >= longest && name_width <= longest + 4.0,
        "{name_width} for {longest}: {cols:?}"
    );
    let rank_width = cols
        .iter()
        .find(|(min, _)| *min == 1)
        .map(|(_, w)| *w)
        .expect("column A");
    assert!(rank_width < 12.0, "a short column stays narrow: {rank_width}");

    // A4 landscape, one page wide, the header row on every page.
    assert_eq!(attr(&sheet, "pageSetup", "paperSize"), Some("9"), "{sheet}");
    assert_eq!(attr(&sheet, "pageSetup", "orientation"), Some("landscape"));
    assert_eq!(attr(&sheet, "pageSetup", "fitToHeight"), Some("0"));
    assert_eq!(attr(&sheet, "pageSetUpPr", "fitToPage"), Some("1"));
    assert!(
        workbook.contains("_xlnm.Print_Titles") && workbook.contains("$1:$1"),
        "the header row repeats: {workbook}"
    );

    // Numbers in the General format (id 0): "97", not "97.".
    assert!(!styles.contains("0.##"), "{styles}");
    let xfs = styles.split("<cellXfs").nth(1).expect("cellXfs");
    let fmts: Vec<String> = xfs
        .split("<xf ")
        .skip(1)
        .map(|x| attr(&format!("<xf {x}"), "xf", "numFmtId").unwrap_or("0").to_owned())
        .collect();
    assert!(fmts.iter().all(|f| *f == "0"), "{fmts:?}");
    assert!(sheet.contains("<v>17.5</v>"), "still real numbers");

    // Stage names in the site language, in the CSV too.
    assert!(
        strings.contains("Hội đồng thẩm định") && !strings.contains(">council<"),
        "{strings}"
    );
    let csv = std::fs::read_to_string(f.out().join("bang-xep-hang/2023/xa-phuong/standings.csv")).expect("csv");
    assert!(
        csv.contains(",Hội đồng thẩm định,") && !csv.contains(",council,"),
        "{csv}"
    );
}
