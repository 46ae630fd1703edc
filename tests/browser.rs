//! Live reload in a real browser: headless Chromium, driven over the W3C
//! WebDriver protocol (chromedriver), opens a page of `bangvang serve` and the
//! test edits the site on disk the way an author does. tests/serve.rs checks
//! the events on the wire; only a browser proves the injected script acts on
//! them: the page reloads by itself, a broken file shows the overlay over the
//! last good page, and the fix clears it. A second test proves the theme's
//! public-comment script recomputes a consultation's status in the browser.
//!
//! Needs /usr/bin/chromium and /usr/bin/chromedriver (Debian: `apt-get install
//! chromium chromium-driver`; .ci/run installs them). Without them the test
//! says SKIPPED on stderr and passes, unless the CI variable is set: then it
//! fails, so CI cannot lose the test silently.
//!
//! The WebDriver client is a few lines of HTTP/1.1 over a TcpStream to
//! 127.0.0.1. Every wait is a bounded poll; the server, chromedriver and the
//! browser session are ended by Drop guards, on failure too.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use common::{Fixture, collect, free_port};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

const ITEM: &str = "content/tin-tuc/2023-02-15-ky-ket.md";
const ITEM_URL: &str = "/tin-tuc/ky-ket/";
/// The id the injected script gives the error overlay (src/serve/reload.rs).
const OVERLAY_ID: &str = "__bangvang-overlay";

/// A rebuild plus a reload takes well under a second here; the bound leaves
/// room for a loaded CI machine. The measured time is printed.
const CHANGE_TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(100);
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// One WebDriver command (creating a session starts the browser).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// The item's front matter with `title`, otherwise as the fixture wrote it.
fn item(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2023-02-15\nunits: [huyen-tung]\ntags: [Giao ước]\n---\n{body}\n")
}

#[test]
fn an_open_page_reloads_after_a_save_and_shows_then_clears_the_error_overlay() {
    if !browser_available() {
        return;
    }
    assert!(
        bangvang::serve::reload::SCRIPT.contains(OVERLAY_ID),
        "the overlay's id changed in src/serve/reload.rs; update OVERLAY_ID"
    );

    let f = Fixture::new();
    let server = Proc::serve(&f);
    let profile = tempfile::tempdir().expect("temp dir for the browser profile");
    let driver = Proc::chromedriver();
    let ctx = || format!("{}{}", server.logs(), driver.logs());
    let session = Session::start(driver.port, profile.path()).unwrap_or_else(|e| panic!("{e}\n{}", ctx()));

    let url = format!("http://127.0.0.1:{}{ITEM_URL}", server.port);
    session.navigate(&url).unwrap_or_else(|e| panic!("{e}\n{}", ctx()));
    let (page, _) = session.wait_for("the item page", &ctx, |p| p.h1 == "Ký kết giao ước");
    assert!(page.title.starts_with("Ký kết giao ước – "), "{page:?}");
    assert_eq!(page.overlay, None, "{page:?}");

    // 1. A save reloads the page by itself. The marker lives in the page's
    // window: it is gone only if the browser loaded the page again, and the
    // test never navigates again.
    session.set_marker().unwrap_or_else(|e| panic!("{e}\n{}", ctx()));
    f.write(ITEM, &item("Ký kết giao ước (đã sửa)", "Nội dung đã sửa."));
    let (page, reloaded) = session.wait_for("the page to reload with the new title", &ctx, |p| {
        p.h1 == "Ký kết giao ước (đã sửa)" && !p.marker
    });
    assert!(page.title.starts_with("Ký kết giao ước (đã sửa) – "), "{page:?}");
    assert_eq!(page.overlay, None, "{page:?}");

    // 2. A broken file shows the overlay, with the file and the line, over the
    // last good page, which stays loaded (the marker survives).
    session.set_marker().unwrap_or_else(|e| panic!("{e}\n{}", ctx()));
    f.write(ITEM, "---\ntitle: [unclosed\ndate: 2023-02-15\n---\nBản lỗi.\n");
    let (page, overlaid) = session.wait_for("the error overlay", &ctx, |p| p.overlay.is_some());
    let overlay = page.overlay.as_deref().unwrap_or_default();
    // The position is the cause: the `[` that is never closed.
    assert!(overlay.contains(&format!("{ITEM}:2:8")), "file:line:col in {overlay:?}");
    assert!(overlay.contains("YAML syntax error"), "{overlay:?}");
    assert_eq!(
        page.h1, "Ký kết giao ước (đã sửa)",
        "the last good page underneath: {page:?}"
    );
    assert!(page.marker, "the overlay must not reload the page: {page:?}");

    // 3. The fix clears the overlay and reloads the page.
    f.write(ITEM, &item("Ký kết giao ước (lần ba)", "Đã sửa xong."));
    let (page, fixed) = session.wait_for("the overlay to clear and the page to reload", &ctx, |p| {
        p.overlay.is_none() && p.h1 == "Ký kết giao ước (lần ba)" && !p.marker
    });
    assert!(page.title.starts_with("Ký kết giao ước (lần ba) – "), "{page:?}");

    // The issue asks for "within a second"; the assertions allow more (a
    // loaded CI machine), so the real times go to the log.
    loud(&format!(
        "browser test: after a save the page reloaded in {} ms, the error overlay appeared in {} ms, \
         the fix cleared it in {} ms (bound {} s)",
        reloaded.as_millis(),
        overlaid.as_millis(),
        fixed.as_millis(),
        CHANGE_TIMEOUT.as_secs()
    ));
}

/// The public-comment script (themes/default/static/assets/consultation.js)
/// recomputes a consultation's status from the reader's day: built at a
/// moment when it had not opened yet, the page shows it open, with the days
/// left counted from today in Vietnam.
#[test]
fn the_consultation_script_updates_the_status_from_todays_date() {
    if !browser_available() {
        return;
    }
    let f = Fixture::new();
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(7)))
        .date();
    let day = |n: i64| {
        today
            .checked_add(jiff::Span::new().days(n))
            .expect("a date")
            .to_string()
    };
    f.write(
        "data/proposals/2030/de-nghi.yaml",
        &format!(
            "title: Lấy ý kiến\naward: Bằng khen\ncouncil: Hội đồng\nunits:\n  - {{ id: huyen-tung, reason: Tốt }}\nperiod: {{ start: {}, end: {} }}\ncontact: Gửi về UBND.\n",
            day(-2),
            day(5)
        ),
    );
    let server = Proc::serve_with(&f, &["--now", "2020-01-01"]);
    let path = "/lay-y-kien/2030/de-nghi/";
    let built = http(server.port, "GET", path, None).expect("the page");
    let html = String::from_utf8_lossy(&built.body).into_owned();
    assert!(
        html.contains("Sắp lấy ý kiến") && html.contains("01/01/2020"),
        "as built: {html}"
    );
    let profile = tempfile::tempdir().expect("temp dir for the browser profile");
    let driver = Proc::chromedriver();
    let ctx = || format!("{}{}", server.logs(), driver.logs());
    let session = Session::start(driver.port, profile.path()).unwrap_or_else(|e| panic!("{e}\n{}", ctx()));
    session
        .navigate(&format!("http://127.0.0.1:{}{path}", server.port))
        .unwrap_or_else(|e| panic!("{e}\n{}", ctx()));
    let read = "const b = document.querySelector('[data-status]');\
                const d = document.querySelector('[data-detail]');\
                const t = document.querySelector('[data-built] small');\
                return b && d && t ? [b.textContent, b.className, d.textContent, t.textContent] : null;";
    let deadline = Instant::now() + CHANGE_TIMEOUT;
    let shown = loop {
        let v = session.execute(read).unwrap_or(Value::Null);
        let texts: Vec<String> = v
            .as_array()
            .map(|a| a.iter().map(|x| x.as_str().unwrap_or_default().to_owned()).collect())
            .unwrap_or_default();
        if texts.first().is_some_and(|s| s == "Đang lấy ý kiến") || Instant::now() > deadline {
            break texts;
        }
        std::thread::sleep(POLL);
    };
    // Days left count today; a test that runs across midnight sees one fewer.
    assert!(
        shown.len() == 4
            && shown[0] == "Đang lấy ý kiến"
            && shown[1] == "status-badge status-open"
            && (shown[2] == "còn 6 ngày" || shown[2] == "còn 5 ngày")
            && shown[3] == "Tình trạng được tính theo ngày trên máy của bạn.",
        "{shown:?}\n{}",
        ctx()
    );
}

/// The sample site (at the tests' `--now`) served and open in a browser
/// session. Fields drop in order: the session before its driver.
struct Browser {
    session: Session,
    driver: Proc,
    server: Proc,
    _profile: tempfile::TempDir,
    _site: Fixture,
}

impl Browser {
    fn on_sample() -> Browser {
        let site = Fixture::sample();
        let server = Proc::serve_with(&site, &["--now", "2025-01-10"]);
        let profile = tempfile::tempdir().expect("temp dir for the browser profile");
        let driver = Proc::chromedriver();
        let session = Session::start(driver.port, profile.path())
            .unwrap_or_else(|e| panic!("{e}\n{}{}", server.logs(), driver.logs()));
        Browser {
            session,
            driver,
            server,
            _profile: profile,
            _site: site,
        }
    }

    fn logs(&self) -> String {
        format!("{}{}", self.server.logs(), self.driver.logs())
    }
}

/// True when the browser and its driver are installed. Without them the test
/// is skipped loudly, or fails when the CI variable is set.
/// The main page kinds of the sample site, for axe-core.
const AXE_PAGES: [&str; 15] = [
    "/",
    "/tin-tuc/",
    "/tin-tuc/ky-ket-giao-uoc-thi-dua-2023/",
    // An article with shortcodes: standings, cards, a chart, a note.
    "/tin-tuc/cong-bo-khen-thuong-thi-dua-2023/",
    "/bang-xep-hang/",
    "/bang-xep-hang/2023/xa-phuong/",
    "/don-vi/",
    "/don-vi/huyen-tung/",
    "/the/",
    "/tim-kiem/",
    "/van-ban/",
    "/van-ban/2024/215-qd-ubnd/",
    "/lay-y-kien/",
    "/gioi-thieu/",
    "/khong-co-trang-nay/",
];

/// axe-core (npm) finds no accessibility violation on any main page kind of
/// the sample site. Its script comes from BANGVANG_AXE_JS (.ci/run installs
/// it); without it the test says SKIPPED, unless CI is set.
#[test]
fn the_main_page_kinds_have_no_accessibility_violations() {
    if !browser_available() {
        return;
    }
    let Some(axe) = std::env::var_os("BANGVANG_AXE_JS").map(std::path::PathBuf::from) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but BANGVANG_AXE_JS is not: .ci/run installs axe-core and sets it"
        );
        loud("SKIPPED axe test: set BANGVANG_AXE_JS to axe.min.js (npm install axe-core)");
        return;
    };
    let axe = std::fs::read_to_string(&axe).unwrap_or_else(|e| panic!("{}: {e}", axe.display()));
    let b = Browser::on_sample();
    let (server, session, ctx) = (&b.server, &b.session, || b.logs());
    let mut found = Vec::new();
    for path in AXE_PAGES {
        session
            .navigate(&format!("http://127.0.0.1:{}{path}", server.port))
            .unwrap_or_else(|e| panic!("{path}: {e}\n{}", ctx()));
        session
            .execute(&axe)
            .unwrap_or_else(|e| panic!("{path}: loading axe: {e}"));
        let run = "const done = arguments[arguments.length - 1];\
                   axe.run().then(r => done(r.violations.map(v =>\
                     v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))),\
                     e => done(['axe failed: ' + e]));";
        let v = session
            .cmd("POST", "/execute/async", Some(&json!({ "script": run, "args": [] })))
            .unwrap_or_else(|e| panic!("{path}: running axe: {e}"));
        for violation in v.as_array().into_iter().flatten() {
            found.push(format!("{path}: {}", violation.as_str().unwrap_or_default()));
        }
    }
    assert!(found.is_empty(), "axe violations:\n{}", found.join("\n"));
}

/// At 390 px, a phone's width, the standings table shows every row's rank,
/// unit and total on screen, and the page itself never scrolls sideways
/// (the other numbers scroll inside the table); the breakdown by criteria
/// keeps its criteria column in view.
#[test]
fn on_a_phone_the_standings_show_rank_unit_and_total_without_sideways_scrolling() {
    if !browser_available() {
        return;
    }
    let b = Browser::on_sample();
    let (server, session, ctx) = (&b.server, &b.session, || b.logs());
    session
        .cmd("POST", "/window/rect", Some(&json!({"width": 390, "height": 844})))
        .unwrap_or_else(|e| panic!("{e}"));
    session
        .navigate(&format!(
            "http://127.0.0.1:{}/bang-xep-hang/2023/xa-phuong/",
            server.port
        ))
        .unwrap_or_else(|e| panic!("{e}\n{}", ctx()));
    let check = "const vw = document.documentElement.clientWidth;\
        const bad = [];\
        const rows = [...document.querySelectorAll('.standings-table tbody tr')];\
        for (const r of rows) for (const sel of ['.rank-col', 'th[scope=row]', '.total-cell']) {\
          const c = r.querySelector(sel);\
          if (!c) { bad.push(sel + ' missing'); continue; }\
          const b = c.getBoundingClientRect();\
          if (b.left < -0.5 || b.right > vw + 0.5 || b.width < 1) bad.push(sel + ': ' + b.left + '..' + b.right);\
        }\
        const crit = document.querySelector('.breakdown-table tbody .sticky-col');\
        const cb = crit ? crit.getBoundingClientRect() : null;\
        return {vw, page: document.documentElement.scrollWidth, rows: rows.length, bad,\
          criteria: cb ? [cb.left, cb.right] : null};";
    let v = session.execute(check).unwrap_or_else(|e| panic!("{e}"));
    let vw = v["vw"].as_f64().unwrap_or(0.0);
    assert!(vw > 300.0 && vw <= 390.0, "the viewport is a phone's: {v}");
    assert!(
        v["page"].as_f64().unwrap_or(f64::MAX) <= vw,
        "the page scrolls sideways: {v}"
    );
    assert!(
        v["rows"].as_u64().unwrap_or(0) >= 5,
        "the sample's 2023 standings have rows: {v}"
    );
    assert_eq!(v["bad"], json!([]), "cells out of view at {vw} px: {v}");
    let criteria = v["criteria"].as_array().expect("the breakdown's criteria column");
    assert!(
        criteria[0].as_f64().unwrap_or(-1.0) >= 0.0 && criteria[1].as_f64().unwrap_or(f64::MAX) <= vw,
        "the criteria column is in view: {v}"
    );
    // No page kind scrolls sideways on a phone (wide tables scroll inside
    // their frame; a hidden label inside one once widened the whole page).
    for path in AXE_PAGES {
        session
            .navigate(&format!("http://127.0.0.1:{}{path}", server.port))
            .unwrap_or_else(|e| panic!("{path}: {e}\n{}", ctx()));
        let v = session
            .execute("return [document.documentElement.clientWidth, document.documentElement.scrollWidth];")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(v[1].as_f64() <= v[0].as_f64(), "{path} scrolls sideways at 390 px: {v}");
    }
}

/// Photos fit the screen on a desktop and on a phone: on the item with
/// figures, the lists with card thumbnails and a unit's page, every image
/// loads, lies within the viewport, keeps its proportions (a card's
/// thumbnail is cropped to its frame by `object-fit: cover`), and the page
/// never scrolls sideways; on a phone the browser takes a small size from
/// the srcset, never the 1600-pixel one.
#[test]
fn photos_fit_at_1280_and_390_pixels_wide() {
    if !browser_available() {
        return;
    }
    let b = Browser::on_sample();
    let (server, session, ctx) = (&b.server, &b.session, || b.logs());
    let pages = [
        "/tin-tuc/ky-ket-giao-uoc-thi-dua-2023/",
        "/",
        "/tin-tuc/",
        "/don-vi/huyen-tung/",
    ];
    // The phone first: a browser may reuse a larger copy it already holds.
    for width in [390, 1280] {
        session
            .cmd("POST", "/window/rect", Some(&json!({"width": width, "height": 900})))
            .unwrap_or_else(|e| panic!("{e}"));
        for path in pages {
            session
                .navigate(&format!("http://127.0.0.1:{}{path}", server.port))
                .unwrap_or_else(|e| panic!("{path}: {e}\n{}", ctx()));
            // Lazy images load when near the screen: load them all now.
            let loaded = "const imgs = [...document.querySelectorAll('main img')];\
                for (const i of imgs) i.loading = 'eager';\
                return [imgs.length, imgs.every(i => i.complete && i.naturalWidth > 0)];";
            let mut v = json!([0, false]);
            for _ in 0..100 {
                v = session.execute(loaded).unwrap_or_else(|e| panic!("{e}"));
                if v[1] == json!(true) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            assert!(v[0].as_u64().unwrap_or(0) >= 1, "{path} shows a photo: {v}");
            assert_eq!(v[1], json!(true), "every photo of {path} loads at {width} px: {v}");
            let check = "const vw = document.documentElement.clientWidth; const bad = [];\
                for (const i of document.querySelectorAll('main img')) {\
                  const r = i.getBoundingClientRect();\
                  const shown = r.width / r.height, natural = i.naturalWidth / i.naturalHeight;\
                  if (r.left < -0.5 || r.right > vw + 0.5 || r.width < 1) bad.push(i.currentSrc + ' at ' + r.left + '..' + r.right);\
                  const cropped = getComputedStyle(i).objectFit === 'cover';\
                  if (!cropped && Math.abs(shown / natural - 1) > 0.02) bad.push(i.currentSrc + ' distorted ' + shown + ' vs ' + natural);\
                }\
                return {vw, page: document.documentElement.scrollWidth, bad,\
                  srcs: [...document.querySelectorAll('main img')].map(i => i.currentSrc)};";
            let v = session.execute(check).unwrap_or_else(|e| panic!("{e}"));
            let vw = v["vw"].as_f64().unwrap_or(0.0);
            assert!(vw > 300.0 && vw <= f64::from(width), "the viewport is {width} px: {v}");
            assert!(
                v["page"].as_f64().unwrap_or(f64::MAX) <= vw,
                "{path} scrolls sideways at {width} px: {v}"
            );
            assert_eq!(v["bad"], json!([]), "{path} at {width} px: {v}");
            if width == 390 {
                let big = v["srcs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .any(|s| s.contains("-1600w."));
                assert!(!big, "a phone takes a small copy on {path}: {v}");
            }
        }
    }
}

/// A unit's page prints as a profile: A4 portrait, its first page holds the
/// unit, its chart and its whole results table (in landscape the chart was
/// pushed to a second page, leaving the first half empty, and the results
/// table was cut between pages). Printed by Chromium (WebDriver's print
/// command), read back with pdftotext (Debian's poppler-utils).
#[test]
fn a_unit_page_prints_its_profile_and_whole_results_on_the_first_page() {
    if !browser_available() {
        return;
    }
    if Command::new("pdftotext").arg("-v").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but pdftotext is missing: .ci/run installs poppler-utils"
        );
        loud("SKIPPED print test: install poppler-utils (apt) for pdftotext");
        return;
    }
    let b = Browser::on_sample();
    let (server, session, ctx) = (&b.server, &b.session, || b.logs());
    session
        .navigate(&format!("http://127.0.0.1:{}/don-vi/huyen-tung/", server.port))
        .unwrap_or_else(|e| panic!("{e}\n{}", ctx()));
    // A4 paper, as an office prints on; the orientation comes from the
    // stylesheet's @page rules.
    let pdf = session
        .cmd(
            "POST",
            "/print",
            Some(&json!({"page": {"width": 21.0, "height": 29.7}})),
        )
        .unwrap_or_else(|e| panic!("print: {e}"));
    let pdf = base64_decode(pdf.as_str().expect("the PDF, in base64"));
    let pdfs = tempfile::tempdir().expect("temp dir for the PDF");
    let file = pdfs.path().join("unit.pdf");
    std::fs::write(&file, pdf).expect("write the PDF");
    let page = |n: u32| {
        let out = Command::new("pdftotext")
            .args(["-f", &n.to_string(), "-l", &n.to_string(), "-layout"])
            .arg(&file)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let info = Command::new("pdfinfo").arg(&file).output().expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(info.contains("595.92 x 841.92"), "A4 portrait: {info}");
    let first = page(1);
    for shown in [
        "Phường Huyền Tụng",
        "Kết quả qua các năm",
        "Tổng điểm và thứ hạng qua các năm",
        "Kết quả thi đua: Phường Huyền Tụng",
        "91,25",
        "95,75",
    ] {
        assert!(first.contains(shown), "page 1 shows {shown:?}:\n{first}");
    }
    // Every year's row of the results table is on that page: 2022 to 2024.
    for year in ["2022", "2023", "2024"] {
        let rows = first.lines().filter(|l| l.trim_start().starts_with(year)).count();
        assert!(rows >= 1, "the {year} row is on page 1:\n{first}");
    }
}

/// Standard base64, as WebDriver sends a printed PDF.
fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn browser_available() -> bool {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).is_file())
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but the browser test cannot run, missing {}: CI must install Debian's chromium and \
         chromium-driver (.ci/run does)",
        missing.join(" and ")
    );
    loud(&format!(
        "SKIPPED browser test: install chromium and chromium-driver (apt) to run it (missing {})",
        missing.join(", ")
    ));
    false
}

/// A line on the real stderr: the test harness captures `eprintln!` of
/// passing tests, and a skip or a timing must show in a plain `cargo test`.
fn loud(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// A child process with its output collected (for failure messages), ended
/// when dropped. It leads its own process group so that ending chromedriver
/// also ends any browser it started.
struct Proc {
    name: &'static str,
    child: Child,
    port: u16,
    /// Sent SIGTERM first and given a few seconds (serve removes its
    /// temporary output then); otherwise killed at once.
    graceful: bool,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Proc {
    fn spawn(name: &'static str, mut cmd: Command, port: u16, graceful: bool) -> Proc {
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("start {name}: {e}"));
        let stdout = collect(child.stdout.take().expect("stdout"));
        let stderr = collect(child.stderr.take().expect("stderr"));
        Proc {
            name,
            child,
            port,
            graceful,
            stdout,
            stderr,
        }
    }

    /// `bangvang serve` on the fixture, once it answers HTTP.
    fn serve(f: &Fixture) -> Proc {
        Proc::serve_with(f, &[])
    }

    /// `bangvang serve` with more flags.
    fn serve_with(f: &Fixture, extra: &[&str]) -> Proc {
        let port = free_port();
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("bangvang"));
        cmd.arg("serve")
            .arg("--root")
            .arg(f.root())
            .args(["--port", &port.to_string()])
            .args(extra);
        let mut p = Proc::spawn("bangvang serve", cmd, port, true);
        p.wait_ready(|| matches!(http(port, "GET", "/__bangvang/reload.js", None), Ok(r) if r.status == 200));
        p
    }

    /// chromedriver, once its /status says it is ready for a session.
    fn chromedriver() -> Proc {
        let port = free_port();
        let mut cmd = Command::new(CHROMEDRIVER);
        cmd.arg(format!("--port={port}"));
        let mut p = Proc::spawn("chromedriver", cmd, port, false);
        p.wait_ready(|| webdriver(port, "GET", "/status", None).is_ok_and(|v| v["ready"].as_bool() == Some(true)));
        p
    }

    fn wait_ready(&mut self, ready: impl Fn() -> bool) {
        let deadline = Instant::now() + START_TIMEOUT;
        while !ready() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "{} exited with {status} before it was ready\n{}",
                    self.name,
                    self.logs()
                );
            }
            assert!(
                Instant::now() < deadline,
                "{} was not ready within {START_TIMEOUT:?}\n{}",
                self.name,
                self.logs()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn logs(&self) -> String {
        let out = self.stdout.lock().expect("log lock").clone();
        let err = self.stderr.lock().expect("log lock").clone();
        format!("--- {} stdout:\n{out}--- {} stderr:\n{err}", self.name, self.name)
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if !self.graceful {
            // The whole group: the leader is not reaped yet, so the group's
            // id cannot belong to anything else.
            #[cfg(unix)]
            if let Ok(None) = self.child.try_wait() {
                common::signal("-KILL", &format!("-{}", self.child.id()));
            }
        }
        common::stop(&mut self.child);
    }
}

struct Reply {
    status: u16,
    body: Vec<u8>,
}

/// One HTTP/1.1 request to 127.0.0.1 with `Connection: close`.
fn http(port: u16, method: &str, path: &str, body: Option<&str>) -> std::io::Result<Reply> {
    let mut s = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2))?;
    s.set_read_timeout(Some(COMMAND_TIMEOUT))?;
    s.set_write_timeout(Some(Duration::from_secs(5)))?;
    let body = body.unwrap_or("");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    // chromedriver keeps the connection open despite `Connection: close`:
    // the body ends by its length (or its last chunk), not at EOF.
    let bad = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{method} {path}: {why}"));
    let mut raw = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut read_more = |raw: &mut Vec<u8>| -> std::io::Result<bool> {
        // A signal to the test process (a child ending) interrupts a read:
        // not an error of the driver, so read again (seen once in CI).
        let n = loop {
            match s.read(&mut chunk) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                r => break r?,
            }
        };
        raw.extend_from_slice(&chunk[..n]);
        Ok(n > 0)
    };
    let split = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if !read_more(&mut raw)? {
            return Err(bad("no end of headers"));
        }
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| bad("no status"))?;
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|n| n.trim().parse::<usize>().map_err(|_| bad("bad content-length")))
        .transpose()?;
    let chunked = head
        .lines()
        .any(|l| l.starts_with("transfer-encoding:") && l.contains("chunked"));
    let start = split + 4;
    let body = loop {
        let got = &raw[start..];
        if let Some(n) = length
            && got.len() >= n
        {
            break got[..n].to_vec();
        }
        if chunked && let Some(b) = dechunk(got) {
            break b;
        }
        if !read_more(&mut raw)? {
            if length.is_some() || chunked {
                return Err(bad("connection closed before the end of the body"));
            }
            break raw[start..].to_vec();
        }
    };
    Ok(Reply { status, body })
}

fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = raw.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&raw[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

/// One WebDriver command; its `value`, or the W3C error as text.
fn webdriver(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let body = body.map(Value::to_string);
    let reply = http(port, method, path, body.as_deref()).map_err(|e| format!("{method} {path}: {e}"))?;
    let mut v: Value = serde_json::from_slice(&reply.body).map_err(|e| {
        format!(
            "{method} {path}: HTTP {}, not JSON ({e}): {}",
            reply.status,
            String::from_utf8_lossy(&reply.body)
        )
    })?;
    let value = v["value"].take();
    if reply.status == 200 {
        Ok(value)
    } else {
        Err(format!(
            "{method} {path}: HTTP {}: {}: {}",
            reply.status, value["error"], value["message"]
        ))
    }
}

/// What the test reads from the open page.
#[derive(Debug)]
struct Page {
    /// document.title.
    title: String,
    /// The article's heading.
    h1: String,
    /// `window.__bangvang_marker` is set: this is still the window the test marked.
    marker: bool,
    /// The overlay's rendered text (innerText), when it is in the page.
    overlay: Option<String>,
}

/// A browser session; deleted (which quits the browser) when dropped.
struct Session {
    port: u16,
    id: String,
}

impl Session {
    fn start(port: u16, profile: &Path) -> Result<Session, String> {
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "timeouts": {"pageLoad": 20_000, "script": 20_000},
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
        }}});
        let v = webdriver(port, "POST", "/session", Some(&caps))?;
        let id = v["sessionId"]
            .as_str()
            .ok_or_else(|| format!("new session: no sessionId in {v}"))?;
        Ok(Session {
            port,
            id: id.to_owned(),
        })
    }

    fn cmd(&self, method: &str, what: &str, body: Option<&Value>) -> Result<Value, String> {
        webdriver(self.port, method, &format!("/session/{}{what}", self.id), body)
    }

    fn navigate(&self, url: &str) -> Result<(), String> {
        self.cmd("POST", "/url", Some(&json!({ "url": url }))).map(drop)
    }

    fn execute(&self, script: &str) -> Result<Value, String> {
        self.cmd("POST", "/execute/sync", Some(&json!({ "script": script, "args": [] })))
    }

    fn set_marker(&self) -> Result<(), String> {
        self.execute("window.__bangvang_marker = 1;").map(drop)
    }

    /// Everything in one script, so all fields come from the same document:
    /// separate commands can straddle a reload (a title from the old page,
    /// a heading from the new one).
    fn page(&self) -> Result<Page, String> {
        let v = self.execute(&format!(
            "const h = document.querySelector('article h1');\
             const o = document.getElementById('{OVERLAY_ID}');\
             return {{title: document.title, h1: h ? h.textContent.trim() : '',\
               marker: window.__bangvang_marker === 1, overlay: o ? o.innerText : null}};"
        ))?;
        let text = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
        Ok(Page {
            title: text("title"),
            h1: text("h1"),
            marker: v["marker"].as_bool() == Some(true),
            overlay: v["overlay"].as_str().map(str::to_owned),
        })
    }

    /// Polls the page until `done`; returns it with the time waited. A
    /// script may fail while the page reloads (cut off by the navigation):
    /// that counts as "not yet", and the last error is reported if the
    /// deadline passes.
    fn wait_for(&self, what: &str, ctx: &dyn Fn() -> String, done: impl Fn(&Page) -> bool) -> (Page, Duration) {
        let start = Instant::now();
        let deadline = start + CHANGE_TIMEOUT;
        loop {
            let last = match self.page() {
                Ok(p) if done(&p) => return (p, start.elapsed()),
                Ok(p) => format!("{p:?}"),
                Err(e) => e,
            };
            assert!(
                Instant::now() < deadline,
                "timed out after {CHANGE_TIMEOUT:?} waiting for {what}; last seen: {last}\n{}",
                ctx()
            );
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.cmd("DELETE", "", None);
    }
}
