//! Dates: bangvang supports 1900-01-01 to 9999-12-31 (the calendar date as
//! written). Outside that, a date is an error at its value; inside it, feeds,
//! the sitemap and the pages show it right at both ends.

mod common;
use common::Fixture;

const ITEM: &str = "content/tin-tuc/2023-03-01-a.md";

fn item_dated(date: &str) -> String {
    format!("---\ntitle: A\ndate: {date}\n---\nx\n")
}

#[test]
fn front_matter_dates_outside_the_range_are_errors_at_the_value() {
    for date in ["1899-12-31", "0001-01-01T00:00:00Z", "10000-01-01", "-0001-01-01"] {
        let f = Fixture::new();
        f.write(ITEM, &item_dated(date));
        let (ok, _, err) = f.build(&[]);
        assert!(!ok, "{date}");
        assert!(err.contains(&format!("{ITEM}:3:7")), "{date}: {err}");
        assert!(
            err.contains(&format!(
                "`date` {date} is outside the dates bangvang supports (1900-01-01 to 9999-12-31)"
            )),
            "{date}: {err}"
        );
        assert!(!f.out().exists(), "nothing is written");
    }
}

#[test]
fn data_dates_outside_the_range_are_errors_at_the_value() {
    let f = Fixture::new();
    f.write(
        "data/units.yaml",
        "units:\n  - {id: huyen-tung, name: Huyền Tụng, kind: phường, until: 1899-12-31}\n",
    );
    f.write(
        "data/scoring/2023/xa-phuong.yaml",
        "cluster: xa-phuong\nyear: 2023\nstatus: planned\nleader: huyen-tung\nmembers: [huyen-tung]\nstages: [council]\ncriteria:\n  - { code: I, title: Kinh tế, max: 10 }\nawards:\n  - { title: Cờ, top: 1, decision: { number: 1/QĐ, date: 10000-02-01 } }\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains("data/units.yaml:2:61"), "{err}");
    assert!(
        err.contains("`until` 1899-12-31 is outside the dates bangvang supports (1900-01-01 to 9999-12-31)"),
        "{err}"
    );
    assert!(err.contains("data/scoring/2023/xa-phuong.yaml:10:58"), "{err}");
    assert!(err.contains("`date` 10000-02-01 is outside the dates"), "{err}");
}

#[test]
fn the_first_and_last_supported_dates_publish_correctly() {
    let f = Fixture::new();
    f.remove("content/tin-tuc/2023-02-15-ky-ket.md");
    // The first date in Vietnam time is still 1899 in UTC; the last one with
    // a western offset is already 10000 in UTC.
    f.write("content/tin-tuc/dau.md", &item_dated("1900-01-01T00:00:00+07:00"));
    f.write("content/tin-tuc/cuoi.md", &item_dated("9999-12-31T23:59:59-05:00"));
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");

    let atom = f.read("atom.xml");
    assert!(atom.contains("<updated>9999-12-31T23:59:59-05:00</updated>"), "{atom}");
    assert!(
        atom.contains("<published>1900-01-01T00:00:00+07:00</published>"),
        "{atom}"
    );
    assert!(!atom.contains("1970"), "{atom}");
    let rss = f.read("rss.xml");
    assert!(
        rss.contains("<pubDate>Mon, 1 Jan 1900 00:00:00 +0700</pubDate>"),
        "{rss}"
    );
    assert!(
        rss.contains("<pubDate>Fri, 31 Dec 9999 23:59:59 -0500</pubDate>"),
        "{rss}"
    );
    // Newest first: the 9999 item leads the feed and the list.
    assert!(
        rss.find("cuoi/").unwrap_or(usize::MAX) < rss.find("dau/").unwrap_or(0),
        "{rss}"
    );
    let list = f.read("tin-tuc/index.html");
    assert!(list.find("cuoi/").unwrap_or(usize::MAX) < list.find("dau/").unwrap_or(0));

    let sitemap = f.read("sitemap.xml");
    assert!(sitemap.contains("<lastmod>1900-01-01</lastmod>"), "{sitemap}");
    assert!(sitemap.contains("<lastmod>9999-12-31</lastmod>"), "{sitemap}");
    let first = f.read("tin-tuc/dau/index.html");
    assert!(first.contains("Thứ Hai, ngày 1 tháng 1 năm 1900"), "{first}");
    assert!(first.contains("1900-01-01T00:00:00+07:00"), "{first}");
    let last = f.read("tin-tuc/cuoi/index.html");
    assert!(last.contains("ngày 31 tháng 12 năm 9999"), "{last}");
}
