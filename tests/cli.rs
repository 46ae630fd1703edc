//! The commands as an author uses them.

use assert_cmd::Command;

fn bangvang() -> Command {
    Command::cargo_bin("bangvang").expect("binary")
}

#[test]
fn init_makes_a_site_with_one_scored_season_that_builds_cleanly() {
    let dir = tempfile::tempdir().expect("temp");
    let site = dir.path().join("site");
    bangvang().arg("init").arg(&site).assert().success();
    let out = bangvang().args(["build", "--root"]).arg(&site).output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.trim().is_empty(), "no errors or warnings: {stderr}");
    assert!(site.join("public/tin-tuc/ky-ket-giao-uoc/index.html").is_file());
    assert!(site.join("public/don-vi/huyen-tung/index.html").is_file());

    // A standings page with ranks, and its data.
    let page = std::fs::read_to_string(site.join("public/bang-xep-hang/2023/xa-phuong/index.html")).expect("page");
    let html = scraper::Html::parse_document(&page);
    let sel = scraper::Selector::parse("tr[class^=rank-] .rank-number").expect("selector");
    let ranks: Vec<String> = html.select(&sel).map(|e| e.text().collect::<String>()).collect();
    assert_eq!(ranks, ["1", "2", "3", "4"], "{page}");
    let json = std::fs::read_to_string(site.join("public/bang-xep-hang/2023/xa-phuong/standings.json")).expect("json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid");
    assert_eq!(v["status"], "final");
    let order: Vec<&str> = v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["unit"].as_str())
        .collect();
    assert_eq!(order, ["huyen-tung", "duc-xuan", "song-cau", "duong-quang"]);
    assert!(site.join("public/bang-xep-hang/2023/xa-phuong/standings.csv").is_file());

    let ignore = std::fs::read_to_string(site.join(".gitignore")).expect(".gitignore");
    let lines: Vec<&str> = ignore.lines().collect();
    assert_eq!(lines, ["/public/", "/.bangvang/"]);

    bangvang().arg("init").arg(&site).assert().failure().code(1);
}

#[test]
fn new_creates_an_item_with_a_vietnamese_slug() {
    let dir = tempfile::tempdir().expect("temp");
    let site = dir.path().join("site");
    bangvang().arg("init").arg(&site).assert().success();
    bangvang()
        .args([
            "new",
            "tin-tuc",
            "Sơ kết thi đua 6 tháng",
            "--date",
            "2023-07-20",
            "--root",
        ])
        .arg(&site)
        .assert()
        .success();
    let path = site.join("content/tin-tuc/2023-07-20-so-ket-thi-dua-6-thang.md");
    let text = std::fs::read_to_string(&path).expect("created");
    assert!(text.contains("title: \"Sơ kết thi đua 6 tháng\""), "{text}");
    bangvang()
        .args(["build", "--drafts", "--root"])
        .arg(&site)
        .assert()
        .success();
    assert!(site.join("public/tin-tuc/so-ket-thi-dua-6-thang/index.html").is_file());
    bangvang()
        .args(["new", "../x", "T", "--root"])
        .arg(&site)
        .assert()
        .failure()
        .code(1);
}

#[test]
fn missing_site_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp");
    let out = bangvang()
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no site.yaml") && err.contains("bangvang init"), "{err}");
}
