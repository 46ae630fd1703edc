//! `bangvang check`: a site with known broken links reports each one at the
//! place it was written, and nothing else; `--external` fetches links from a
//! local server, never the internet.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use assert_cmd::Command;
use common::Fixture;

fn check(f: &Fixture, extra: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("bangvang")
        .expect("binary")
        .arg("check")
        .arg("--root")
        .arg(f.root())
        .args(extra)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `file:line:col` of every error printed, sorted.
fn errors(stderr: &str) -> Vec<String> {
    let mut out: Vec<String> = stderr
        .lines()
        .zip(stderr.lines().skip(1))
        .filter(|(l, _)| l.starts_with("error"))
        .map(|(l, at)| format!("{} @ {}", l, at.trim_start_matches([' ', '┌', '─']).trim()))
        .collect();
    out.sort();
    out
}

const ITEM: &str = "---\ntitle: Ký kết giao ước\ndate: 2023-02-15\n---\n\
Mở đầu, [trang chủ](/).\n\n## Nội dung\n\n\
Xem [trang không có](../khong-co/) và [mục sai](#khong-co-muc), [mục đúng](#noi-dung).\n\n\
<img src=\"../../assets/favicon.svg\" srcset=\"../../assets/favicon.svg 1x, ../../anh/thieu.png 2x\" alt=\"\">\n\n\
[thiếu](/khac/) [ngoài](../../../khac/) [thư](mailto:a@example.vn) [về đầu](#top)\n";

fn broken_site() -> Fixture {
    let f = Fixture::new();
    f.write("content/tin-tuc/2023-02-15-ky-ket.md", ITEM);
    let theme_404 = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/templates/404.html"
    ))
    .expect("404.html");
    f.write(
        "templates/404.html",
        &theme_404.replace(
            "{% endblock content %}",
            "<p><a href=\"{{ site.root_path }}lien-he/\">Liên hệ</a></p>\n{% endblock content %}",
        ),
    );
    f.write(
        "static/assets/extra.css",
        "body {\n  background: url(\"nen.png\");\n  x: url(favicon.svg);\n}\n",
    );
    f
}

#[test]
fn every_broken_link_at_its_source_and_nothing_else() {
    let f = broken_site();
    let (code, stdout, stderr) = check(&f, &[]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let errs = errors(&stderr);
    let at: Vec<&str> = errs.iter().map(|e| e.rsplit(" @ ").next().unwrap_or("")).collect();
    assert_eq!(
        at,
        [
            "content/tin-tuc/2023-02-15-ky-ket.md:9:49",
            "content/tin-tuc/2023-02-15-ky-ket.md:13:25",
            "content/tin-tuc/2023-02-15-ky-ket.md:11:74",
            "content/tin-tuc/2023-02-15-ky-ket.md:9:22",
            "content/tin-tuc/2023-02-15-ky-ket.md:13:9",
            "templates/404.html:21:33",
            "static/assets/extra.css:2:20",
        ],
        "{stderr}"
    );
    for (needle, why) in [
        ("`../khong-co/`", "the site has no file tin-tuc/khong-co/index.html"),
        ("`#khong-co-muc`", "has no element with id `khong-co-muc`"),
        ("`../../anh/thieu.png`", "the site has no file anh/thieu.png"),
        ("`nen.png`", "the site has no file assets/nen.png"),
        ("`/portal/lien-he/`", "the site has no file lien-he/index.html"),
        ("`/portal/khac/`", "the site has no file khac/index.html"),
        (
            "`../../../khac/`",
            "is outside the site, which is published under `/portal/`",
        ),
    ] {
        assert!(
            errs.iter().any(|e| e.contains(needle) && e.contains(why)),
            "{needle}: {why}\n{stderr}"
        );
    }
    assert!(stdout.contains(": 7 broken"), "{stdout}");
    // Nothing was written.
    assert!(!f.out().exists());
}

#[test]
fn the_sample_site_and_a_fixed_site_pass() {
    let (code, stdout, stderr) = check(&Fixture::sample(), &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains(": 0 broken"), "{stdout}");
}

/// A tiny HTTP/1.1 server: `/ok` answers 200, anything else 404; HEAD is
/// refused on `/no-head` (405) and GET answers 200 there. Returns its base
/// URL and a log of the request lines it got.
fn server() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let seen = seen.clone();
            std::thread::spawn(move || {
                let mut r = BufReader::new(s.try_clone().expect("clone"));
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    loop {
                        let mut h = String::new();
                        if r.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                            break;
                        }
                    }
                    let mut parts = line.split_whitespace();
                    let method = parts.next().unwrap_or("").to_owned();
                    let path = parts.next().unwrap_or("").to_owned();
                    seen.lock().expect("log").push(format!("{method} {path}"));
                    let status = match (method.as_str(), path.as_str()) {
                        (_, "/ok") => "200 OK",
                        ("HEAD", "/no-head") => "405 Method Not Allowed",
                        ("GET", "/no-head") => "200 OK",
                        _ => "404 Not Found",
                    };
                    let _ = write!(s, "HTTP/1.1 {status}\r\ncontent-length: 0\r\n\r\n");
                }
            });
        }
    });
    (base, log)
}

#[test]
fn external_links_from_a_local_server_with_skip_list_and_cache() {
    let (base, log) = server();
    let f = Fixture::new();
    f.write(
        "site.yaml",
        &format!("{}check:\n  skip: [\"{base}/skipped\"]\n", common::SITE_YAML),
    );
    f.write(
        "content/tin-tuc/2023-02-15-ky-ket.md",
        &format!(
            "---\ntitle: Ký kết\ndate: 2023-02-15\n---\n[a]({base}/ok) [b]({base}/no-head)\n\n[c]({base}/mat)\n\n[d]({base}/skipped/x)\n"
        ),
    );
    let (code, stdout, stderr) = check(&f, &[]);
    assert_eq!(code, 0, "without --external nothing is fetched: {stderr}");
    assert!(log.lock().expect("log").is_empty());

    let (code, stdout2, stderr) = check(&f, &["--external"]);
    assert_eq!(code, 1, "{stdout}{stdout2}\n{stderr}");
    let errs = errors(&stderr);
    assert_eq!(errs.len(), 1, "{stderr}");
    assert!(errs[0].contains("/mat`: the server answered HTTP 404"), "{stderr}");
    assert!(
        errs[0].ends_with("content/tin-tuc/2023-02-15-ky-ket.md:7:5"),
        "{stderr}"
    );
    let first: Vec<String> = log.lock().expect("log").clone();
    assert!(!first.iter().any(|l| l.contains("skipped")), "{first:?}");
    assert!(first.contains(&"GET /no-head".to_owned()), "{first:?}");
    assert!(stdout2.contains("(3 external)"), "{stdout2}");

    // Good answers are remembered: a second run asks only about the broken one.
    log.lock().expect("log").clear();
    let (code, _, _) = check(&f, &["--external"]);
    assert_eq!(code, 1);
    let again: Vec<String> = log.lock().expect("log").clone();
    assert!(again.iter().all(|l| l.ends_with("/mat")), "{again:?}");
    assert!(!again.is_empty());
}

#[test]
fn external_requests_to_one_host_are_at_most_two_at_once() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let now = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let served = Arc::new(AtomicUsize::new(0));
    let (n, m, s2) = (now.clone(), most.clone(), served.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let (now, most, served) = (n.clone(), m.clone(), s2.clone());
            std::thread::spawn(move || {
                let mut r = BufReader::new(s.try_clone().expect("clone"));
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    loop {
                        let mut h = String::new();
                        if r.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                            break;
                        }
                    }
                    let in_flight = now.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(in_flight, Ordering::SeqCst);
                    // Long enough that more lanes, if there were, would overlap.
                    std::thread::sleep(std::time::Duration::from_millis(40));
                    served.fetch_add(1, Ordering::SeqCst);
                    now.fetch_sub(1, Ordering::SeqCst);
                    let _ = write!(s, "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");
                }
            });
        }
    });
    let f = Fixture::new();
    let links: String = (0..12).map(|i| format!("[l{i}]({base}/p{i}) ")).collect();
    f.write(
        "content/tin-tuc/2023-02-15-ky-ket.md",
        &format!("---\ntitle: Ký kết\ndate: 2023-02-15\n---\n{links}\n"),
    );
    let (code, stdout, stderr) = check(&f, &["--external"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("(12 external)"), "{stdout}");
    assert!(served.load(Ordering::SeqCst) >= 12);
    let most = most.load(Ordering::SeqCst);
    assert!(
        (1..=2).contains(&most),
        "at most two requests at once to one host: {most}"
    );
}
