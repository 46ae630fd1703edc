//! The documents register and public comment, built with the real binary:
//! the pages, their links from the standings, what the build moment makes
//! of a consultation's status, and the warnings at the files' lines.

mod common;
use common::Fixture;

const DOCUMENTS: &str = "documents:
  - number: 215/QĐ-UBND
    form: quyet-dinh
    issuer: UBND tỉnh Bắc Kạn
    issued: 2024-02-01
    effective: 2024-02-05
    summary: Về việc tặng Bằng khen <năm 2023>
    file: tai-lieu/215.pdf
  - number: 12/KH-UBND
    form: Kế hoạch
    issuer: UBND thành phố
    issued: 2023-01-10
    summary: Kế hoạch thi đua năm 2023
    file: /tai-lieu/ke hoạch.docx
";

const PROPOSAL: &str = "title: Lấy ý kiến về danh sách đề nghị khen thưởng
award: Bằng khen của Chủ tịch UBND tỉnh
council: Hội đồng Thi đua – Khen thưởng thành phố
units:
  - { id: huyen-tung, reason: Dẫn đầu cụm }
individuals:
  - { name: Nguyễn Văn A, position: Chủ tịch UBND phường }
period: { start: 2025-01-06, end: 2025-01-17 }
contact: Gửi về **Phòng Nội vụ**.
outcome: { decision: 215/QĐ-UBND }
";

const SEASON: &str = "cluster: xa-phuong
year: 2023
status: final
leader: huyen-tung
members: [huyen-tung, duong-quang]
stages: [council]
criteria:
  - { code: I, title: Kinh tế, max: 10 }
awards:
  - { title: Cờ thi đua, top: 1, decision: { number: 215/QĐ-UBND, date: 2024-02-01 } }
  - { title: Bằng khen, top: 2, decision: { number: 99/QĐ-UBND, date: 2024-02-01 } }
scores:
  huyen-tung: { council: { I: 9 } }
  duong-quang: { council: { I: 8 } }
";

fn site() -> Fixture {
    let f = Fixture::new();
    f.write("data/documents.yaml", DOCUMENTS);
    f.write_bytes("static/tai-lieu/215.pdf", &vec![b'%'; 240 * 1024]);
    f.write_bytes("static/tai-lieu/ke hoạch.docx", b"docx");
    f.write("data/proposals/2024/bang-khen.yaml", PROPOSAL);
    f.write("data/scoring/2023/xa-phuong.yaml", SEASON);
    f
}

fn build_at(f: &Fixture, now: &str) -> String {
    let (ok, _, stderr) = f.build(&["--now", now]);
    assert!(ok, "{stderr}");
    stderr
}

#[test]
fn the_register_is_published_per_year_and_form_with_each_file() {
    let f = site();
    build_at(&f, "2025-01-10");
    let all = f.read("van-ban/index.html");
    assert!(
        all.contains(r#"href="/portal/van-ban/2024/215-qd-ubnd/">215/QĐ-UBND</a>"#),
        "{all}"
    );
    assert!(
        all.contains("Về việc tặng Bằng khen &lt;năm 2023&gt;"),
        "escaped: {all}"
    );
    assert!(all.contains("(PDF, 240 KB)") && all.contains("(DOCX, 4 B)"), "{all}");
    assert!(
        all.contains(r#"href="/portal/tai-lieu/ke%20ho%E1%BA%A1ch.docx""#),
        "{all}"
    );
    let year = f.read("van-ban/2023/index.html");
    assert!(
        year.contains("12/KH-UBND") && !year.contains("215/QĐ-UBND</a>"),
        "{year}"
    );
    let form = f.read("van-ban/ke-hoach/index.html");
    assert!(
        form.contains("12/KH-UBND") && !form.contains("215/QĐ-UBND</a>"),
        "{form}"
    );
    let doc = f.read("van-ban/2024/215-qd-ubnd/index.html");
    for shown in [
        "Quyết định số 215/QĐ-UBND",
        "UBND tỉnh Bắc Kạn",
        "ngày 1 tháng 2 năm 2024",
        "05/02/2024",
        r#"href="/portal/tai-lieu/215.pdf""#,
    ] {
        assert!(doc.contains(shown), "{shown}: {doc}");
    }
    let index = f.read("tim-kiem/index.json");
    assert!(
        index.contains(r#""kind":"document""#) && index.contains(r#""kind":"proposal""#),
        "{index}"
    );
    let sitemap = f.read("sitemap.xml");
    for page in [
        "van-ban/2024/215-qd-ubnd/",
        "van-ban/ke-hoach/",
        "lay-y-kien/2024/bang-khen/",
    ] {
        assert!(
            sitemap.contains(&format!("https://example.vn/portal/{page}<")),
            "{page}: {sitemap}"
        );
    }
    for feed in ["atom.xml", "rss.xml"] {
        let text = f.read(feed);
        assert!(
            text.contains("Quyết định số 215/QĐ-UBND") && text.contains("Lấy ý kiến về danh sách"),
            "{feed}"
        );
    }
}

#[test]
fn an_award_decision_links_its_document_and_a_missing_one_is_a_warning_at_its_line() {
    let f = site();
    let stderr = build_at(&f, "2025-01-10");
    let page = f.read("bang-xep-hang/2023/xa-phuong/index.html");
    assert!(
        page.contains(r#"<a href="/portal/van-ban/2024/215-qd-ubnd/">Quyết định số 215/QĐ-UBND ngày 01/02/2024</a>"#),
        "{page}"
    );
    assert!(
        page.contains("Quyết định số 99/QĐ-UBND ngày 01/02/2024</span>"),
        "{page}"
    );
    assert!(
        stderr.contains("warning: decision `99/QĐ-UBND` is not in data/documents.yaml")
            && stderr.contains("data/scoring/2023/xa-phuong.yaml:11:"),
        "{stderr}"
    );
    assert!(!stderr.contains("215/QĐ-UBND` is not"), "{stderr}");
    // A proposal's outcome is checked the same way.
    f.write(
        "data/proposals/2024/bang-khen.yaml",
        &PROPOSAL.replace("decision: 215/QĐ-UBND", "decision: 7/QĐ-UBND"),
    );
    let stderr = build_at(&f, "2025-01-10");
    assert!(
        stderr.contains("decision `7/QĐ-UBND` is not in data/documents.yaml")
            && stderr.contains("data/proposals/2024/bang-khen.yaml:10:22"),
        "{stderr}"
    );
    // Without a register, decisions are not checked.
    f.remove("data/documents.yaml");
    let stderr = build_at(&f, "2025-01-10");
    assert!(!stderr.contains("is not in data/documents.yaml"), "{stderr}");
}

#[test]
fn the_build_moment_decides_open_closed_and_days_left() {
    let f = site();
    build_at(&f, "2025-01-10T09:30:00+07:00");
    let home = f.read("index.html");
    assert!(
        home.contains("home-consultations") && home.contains("còn 8 ngày"),
        "{home}"
    );
    assert!(home.contains("Tình trạng tính đến 09:30 ngày 10/01/2025"), "{home}");
    let page = f.read("lay-y-kien/2024/bang-khen/index.html");
    assert!(
        page.contains(r#"data-start="2025-01-06" data-end="2025-01-17""#),
        "{page}"
    );
    // The script, under its hashed name (`consultation.<hash>.js`).
    assert!(
        page.contains(r#"<script src="/portal/assets/consultation."#) && page.contains(r#".js" defer></script>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="/portal/van-ban/2024/215-qd-ubnd/">Quyết định số 215/QĐ-UBND</a>"#),
        "{page}"
    );
    assert!(
        page.contains("<strong>Phòng Nội vụ</strong>") && page.contains("Nguyễn Văn A"),
        "{page}"
    );

    build_at(&f, "2025-01-17");
    assert!(f.read("index.html").contains("hôm nay là ngày cuối"));
    build_at(&f, "2025-01-18");
    let home = f.read("index.html");
    assert!(
        !home.contains("home-consultations"),
        "a closed consultation leaves the home page"
    );
    let page = f.read("lay-y-kien/2024/bang-khen/index.html");
    assert!(
        page.contains("Đã kết thúc") && page.contains("kết thúc ngày 17/01/2025"),
        "{page}"
    );
    build_at(&f, "2025-01-01");
    let home = f.read("index.html");
    assert!(
        home.contains("Sắp lấy ý kiến") && home.contains("bắt đầu từ ngày 06/01/2025"),
        "{home}"
    );
}

#[test]
fn a_new_moment_is_not_served_from_the_saved_state_and_the_same_moment_gives_the_same_bytes() {
    let f = site();
    build_at(&f, "2025-01-10");
    let first = common::snapshot(&f.out());
    // Nothing changed but the moment: the pages that show it are rendered
    // again (the home page, the list, the proposal's page), only they.
    let (ok, stdout, stderr) = f.build(&["--now", "2025-01-12"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("(3 rendered"), "{stdout}");
    assert!(f.read("index.html").contains("còn 6 ngày"));
    let clean = Fixture::new();
    common::copy_dir(f.root(), clean.root());
    let _ = std::fs::remove_dir_all(clean.root().join(".bangvang"));
    let _ = std::fs::remove_dir_all(clean.root().join("public"));
    build_at(&clean, "2025-01-12");
    common::assert_same_tree(&f.out(), &clean.out(), "a build after a build at another moment");
    // Back to the first moment: byte for byte the first output.
    build_at(&f, "2025-01-10");
    common::assert_same_files(common::snapshot(&f.out()), first, "the same moment again");
}

#[test]
fn source_date_epoch_is_the_moment_without_now_and_a_bad_one_is_refused() {
    let f = site();
    let run = |epoch: &str| {
        assert_cmd::Command::cargo_bin("bangvang")
            .expect("binary")
            .args(["build", "--root"])
            .arg(f.root())
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .expect("run")
    };
    // 2025-01-15T00:00:00Z is 07:00 in Vietnam.
    let out = run("1736899200");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let home = f.read("index.html");
    assert!(
        home.contains("còn 3 ngày") && home.contains("07:00 ngày 15/01/2025"),
        "{home}"
    );
    let out = run("tomorrow");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SOURCE_DATE_EPOCH is `tomorrow`"));
    // --now wins over it.
    let (ok, _, stderr) = f.build(&["--now", "not a date"]);
    assert!(!ok && stderr.contains("is not a moment"), "{stderr}");
}

#[test]
fn a_short_period_is_a_warning_and_register_faults_are_errors_at_their_lines() {
    let f = site();
    f.write(
        "data/holidays.yaml",
        "holidays:\n  - { date: 2025-01-08, name: Nghỉ }\n",
    );
    let stderr = build_at(&f, "2025-01-10");
    assert!(
        stderr.contains("warning: the comment period from 2025-01-06 to 2025-01-17 has 9 working days")
            && stderr.contains("data/proposals/2024/bang-khen.yaml:8:9"),
        "{stderr}"
    );
    // Every fault of the register at once, each at its value; the output stays.
    let before = common::snapshot(&f.out());
    f.write(
        "data/documents.yaml",
        &DOCUMENTS
            .replace("form: Kế hoạch", "form: kehoach")
            .replace("effective: 2024-02-05", "effective: 2024-01-05")
            .replace("tai-lieu/215.pdf", "tai-lieu/216.pdf"),
    );
    f.write(
        "data/proposals/2024/bang-khen.yaml",
        &PROPOSAL
            .replace("id: huyen-tung", "id: huyen-tun")
            .replace("end: 2025-01-17", "end: 2025-01-01"),
    );
    let (ok, _, stderr) = f.build(&["--now", "2025-01-10"]);
    assert!(!ok);
    for (at, what) in [
        (
            "data/documents.yaml:6:16",
            "takes effect (2024-01-05) before it is issued (2024-02-01)",
        ),
        (
            "data/documents.yaml:8:11",
            "the document's file static/tai-lieu/216.pdf does not exist",
        ),
        ("data/documents.yaml:10:11", "unknown document form `kehoach`"),
        ("data/proposals/2024/bang-khen.yaml:5:11", "unknown unit `huyen-tun`"),
        (
            "data/proposals/2024/bang-khen.yaml:8:35",
            "the comment period ends (2025-01-01) before it starts (2025-01-06)",
        ),
    ] {
        assert!(stderr.contains(at) && stderr.contains(what), "{at} {what}:\n{stderr}");
    }
    common::assert_same_files(common::snapshot(&f.out()), before, "a failed build");
}

#[test]
fn without_proposals_the_moment_changes_nothing() {
    let f = site();
    f.remove("data/proposals/2024/bang-khen.yaml");
    std::fs::remove_dir_all(f.root().join("data/proposals")).expect("rm");
    build_at(&f, "2025-01-10");
    let before = common::snapshot(&f.out());
    let (ok, stdout, stderr) = f.build(&["--now", "2026-06-01"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("(0 rendered"), "the fast path: {stdout}");
    common::assert_same_files(common::snapshot(&f.out()), before, "another moment, no proposals");
}

#[test]
fn one_proposal_in_two_files_is_an_error() {
    let f = site();
    f.write("data/proposals/2024/bang-khen.yml", PROPOSAL);
    let (ok, _, stderr) = f.build(&["--now", "2025-01-10"]);
    assert!(!ok);
    assert!(
        stderr.contains("proposal 2024/bang-khen is also in data/proposals/2024/bang-khen.yaml"),
        "{stderr}"
    );
}
