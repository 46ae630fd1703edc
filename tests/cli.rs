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
    // An existing section gets no new _index.md and no note.
    let out = bangvang()
        .args(["new", "tin-tuc", "Tin thứ hai", "--date", "2023-07-21", "--root"])
        .arg(&site)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && !stdout.contains("section"), "{stdout}");
    bangvang()
        .args(["new", "../x", "T", "--root"])
        .arg(&site)
        .assert()
        .failure()
        .code(1);
}

#[test]
fn new_into_a_missing_section_says_so_and_creates_its_index() {
    let dir = tempfile::tempdir().expect("temp");
    let site = dir.path().join("site");
    bangvang().arg("init").arg(&site).assert().success();
    let new = |title: &str| {
        let out = bangvang()
            .args(["new", "thong-bao", title, "--date", "2024-03-01", "--root"])
            .arg(&site)
            .output()
            .expect("run");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let stdout = new("Lịch họp cụm thi đua");
    let index = site.join("content/thong-bao/_index.md");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].contains("the section is new") && lines[0].contains(&index.display().to_string()),
        "{stdout}"
    );
    assert!(lines[1].contains("2024-03-01-lich-hop-cum-thi-dua.md"), "{stdout}");
    let text = std::fs::read_to_string(&index).expect("_index.md created");
    assert_eq!(text, "---\ntitle: \"Thong bao\"\n---\n");

    // The section now exists: a second item says nothing about it.
    let stdout = new("Lịch họp tháng 4");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");

    bangvang()
        .args(["build", "--drafts", "--root"])
        .arg(&site)
        .assert()
        .success();
    let page = std::fs::read_to_string(site.join("public/thong-bao/index.html")).expect("section page");
    assert!(page.contains("<title>Thong bao"), "{page}");
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

#[test]
fn new_refuses_dates_the_site_cannot_publish_and_shortens_long_file_names() {
    let dir = tempfile::tempdir().expect("temp");
    let site = dir.path().join("site");
    bangvang().arg("init").arg(&site).assert().success();
    let out = bangvang()
        .args(["new", "tin-tuc", "Tin cũ", "--date", "1899-12-31", "--root"])
        .arg(&site)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("1900-01-01 to 9999-12-31"), "{stderr}");

    let title = "Kết quả chấm điểm thi đua của các xã, phường ".repeat(8);
    bangvang()
        .args(["new", "tin-tuc", title.trim(), "--date", "2024-03-01", "--root"])
        .arg(&site)
        .assert()
        .success();
    let out = bangvang()
        .args(["build", "--drafts", "--root"])
        .arg(&site)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
