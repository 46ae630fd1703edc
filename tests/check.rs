//! `bangvang check`: a site with known broken links reports each one at the
//! place it was written, and nothing else; `--external` fetches links from a
//! local server, never the internet.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

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
    // Nothing was written: no output, no build state.
    assert!(!f.out().exists());
    assert!(!f.root().join(".bangvang").exists());
}

#[test]
fn the_sample_site_and_a_fixed_site_pass() {
    let (code, stdout, stderr) = check(&Fixture::sample(), &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains(": 0 broken"), "{stdout}");
}

/// A local HTTP/1.1 server: every request (method, path) is logged and
/// answered with the status line `answer` returns (which may block; it may
/// carry header lines after `\r\n`). Returns its base URL and the log.
fn serve(answer: impl Fn(&str, &str) -> &'static str + Send + Sync + 'static) -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let log: Log = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let (seen, answer) = (seen.clone(), answer.clone());
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
                    let status = answer(&method, &path);
                    let _ = write!(s, "HTTP/1.1 {status}\r\ncontent-length: 0\r\n\r\n");
                }
            });
        }
    });
    (base, log)
}

type Log = Arc<Mutex<Vec<String>>>;

/// `/ok` answers 200, anything else 404; HEAD is refused on `/no-head`
/// (405) and GET answers 200 there.
fn server() -> (String, Log) {
    serve(|method, path| match (method, path) {
        (_, "/ok") => "200 OK",
        ("HEAD", "/no-head") => "405 Method Not Allowed",
        ("GET", "/no-head") => "200 OK",
        _ => "404 Not Found",
    })
}

fn site_linking(site_yaml: &str, links: &str) -> Fixture {
    let f = Fixture::new();
    f.write("site.yaml", &format!("{}{site_yaml}", common::SITE_YAML));
    f.write(
        "content/tin-tuc/2023-02-15-ky-ket.md",
        &format!("---\ntitle: Ký kết\ndate: 2023-02-15\n---\n{links}\n"),
    );
    f
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

/// Six local servers (six hosts: the per-host limit counts host and port),
/// three links to each. A request is held until eight run at once, or no
/// new one came for a second: so the limits, if they were higher, would be
/// exceeded. At most 8 run at once in all, at most 2 per host.
#[test]
fn external_requests_are_at_most_eight_at_once_and_two_per_host() {
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::time::{Duration, Instant};
    let now = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let last = Arc::new(Mutex::new(Instant::now()));
    let mut hosts = Vec::new();
    let mut links = String::new();
    for h in 0..6 {
        let (now, most, last) = (now.clone(), most.clone(), last.clone());
        let host_now = Arc::new(AtomicUsize::new(0));
        let host_most = Arc::new(AtomicUsize::new(0));
        let (hn, hm) = (host_now.clone(), host_most.clone());
        let (base, log) = serve(move |_, _| {
            *last.lock().expect("last") = Instant::now();
            most.fetch_max(now.fetch_add(1, SeqCst) + 1, SeqCst);
            hm.fetch_max(hn.fetch_add(1, SeqCst) + 1, SeqCst);
            while now.load(SeqCst) < 8 && last.lock().expect("last").elapsed() < Duration::from_secs(1) {
                std::thread::sleep(Duration::from_millis(5));
            }
            hn.fetch_sub(1, SeqCst);
            now.fetch_sub(1, SeqCst);
            "200 OK"
        });
        for i in 0..3 {
            links.push_str(&format!("[h{h}p{i}]({base}/p{i}) "));
        }
        hosts.push((base, host_most, log));
    }
    let f = site_linking("", &links);
    let (code, stdout, stderr) = check(&f, &["--external"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("(18 external)"), "{stdout}");
    assert_eq!(most.load(SeqCst), 8, "eight requests at once, never more");
    for (base, host_most, log) in &hosts {
        assert_eq!(log.lock().expect("log").len(), 3, "{base}: one HEAD per link");
        let m = host_most.load(SeqCst);
        assert!((1..=2).contains(&m), "{base}: at most two at once, saw {m}");
    }
}

/// A server that takes connections and never answers, four links to it:
/// each is broken after `check.timeout` with that reason (the server would
/// hang up after a minute, a different error), asked once (no `GET` after a
/// `HEAD` that timed out) and given up by the client; once the host has let
/// one time out, its other links are not asked (two lanes: at most two
/// requests in all).
#[test]
fn a_server_that_never_answers_is_a_timeout() {
    use std::io::Read;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::time::Duration;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    let base = format!("http://{addr}");
    let log: Log = Arc::new(Mutex::new(Vec::new()));
    let accepted = Arc::new(AtomicUsize::new(0));
    let (seen, count) = (log.clone(), accepted.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            count.fetch_add(1, SeqCst);
            let seen = seen.clone();
            std::thread::spawn(move || {
                let _ = s.set_read_timeout(Some(Duration::from_secs(60)));
                let mut got = Vec::new();
                let mut buf = [0u8; 1024];
                // Read until the client hangs up; never write.
                let hung_up = loop {
                    match s.read(&mut buf) {
                        Ok(0) => break true,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                        Err(_) => break false,
                    }
                };
                let line = String::from_utf8_lossy(&got).lines().next().unwrap_or("").to_owned();
                seen.lock().expect("log").push(format!("{line} (hung up: {hung_up})"));
            });
        }
    });
    let links: String = ["cham", "a", "b", "c"]
        .iter()
        .map(|p| format!("[{p}]({base}/{p})\n\n"))
        .collect();
    let f = site_linking("check:\n  timeout: 1\n", &links);
    let (code, stdout, stderr) = check(&f, &["--external"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let errs = errors(&stderr);
    assert_eq!(errs.len(), 4, "{stderr}");
    for (i, p) in ["cham", "a", "b", "c"].iter().enumerate() {
        let at = format!("content/tin-tuc/2023-02-15-ky-ket.md:{}:", 5 + 2 * i);
        assert!(
            errs.iter().any(|e| e.contains(&format!("/{p}`: ")) && e.contains(&at)),
            "{p} at {at}: {stderr}"
        );
    }
    let timed_out = errs.iter().filter(|e| e.contains("`: no answer within 1 s")).count();
    let not_asked = errs
        .iter()
        .filter(|e| {
            e.contains(&format!(
                "`: not asked: {addr} gave no answer within 1 s to another link"
            ))
        })
        .count();
    assert!((1..=2).contains(&timed_out) && timed_out + not_asked == 4, "{stderr}");
    assert!(stdout.contains(": 4 broken"), "{stdout}");
    // Each server thread notes the hang-up once its socket is closed.
    for _ in 0..500 {
        if log.lock().expect("log").len() >= accepted.load(SeqCst) {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let seen = log.lock().expect("log").clone();
    assert_eq!(seen.len(), timed_out, "one request per link that timed out: {seen:?}");
    for l in &seen {
        assert!(
            l.starts_with("HEAD /") && l.ends_with(" HTTP/1.1 (hung up: true)"),
            "{seen:?}"
        );
    }
}

#[test]
fn a_wrong_timeout_is_an_error_at_its_key() {
    let f = site_linking("check:\n  timeout: 0\n  skip: []\n", "");
    let (code, _, stderr) = check(&f, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("site.yaml:6:12"), "{stderr}");
    assert!(stderr.contains("a whole number from 1 to 300"), "{stderr}");
}

/// The cache of good answers lives in the site's cache folder: a second
/// run makes no request at all.
#[test]
fn a_second_run_asks_nothing_when_every_link_answered_well() {
    let (base, log) = server();
    let f = site_linking("", &format!("[a]({base}/ok) [b]({base}/no-head)"));
    let (code, stdout, stderr) = check(&f, &["--external"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(log.lock().expect("log").len(), 3, "HEAD /ok, HEAD and GET /no-head");
    let cache = std::fs::read_to_string(f.root().join(".bangvang/external-links")).expect("the cache file");
    assert!(
        cache.contains(&format!("{base}/ok")) && cache.contains(&format!("{base}/no-head")),
        "{cache}"
    );
    log.lock().expect("log").clear();
    let (code, stdout, stderr) = check(&f, &["--external"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("(2 external)"), "{stdout}");
    assert!(log.lock().expect("log").is_empty(), "{:?}", log.lock().expect("log"));
    // Without the cache, both are asked again.
    std::fs::remove_file(f.root().join(".bangvang/external-links")).expect("rm");
    assert_eq!(check(&f, &["--external"]).0, 0);
    assert_eq!(log.lock().expect("log").len(), 3);
}

/// Raw HTML in Markdown, however it is written: a `<style>` block (its
/// url()s), a `style` attribute, single quotes, no quotes. Each broken link
/// at its line and column in the Markdown file.
#[test]
fn links_in_raw_html_blocks_at_their_markdown_position() {
    let f = site_linking(
        "",
        "Một.\n\n<style>\n.x { background: url(thieu.png); }\n</style>\n\n\
         <p style=\"background: url('khong.png')\">x</p>\n\n\
         <a href='../sai/'>s</a> <img src=anh.png alt=\"\">\n",
    );
    let (code, stdout, stderr) = check(&f, &[]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let at: Vec<String> = errors(&stderr)
        .iter()
        .map(|e| e.rsplit(" @ ").next().unwrap_or("").to_owned())
        .collect();
    let md = "content/tin-tuc/2023-02-15-ky-ket.md";
    assert_eq!(
        at,
        [
            format!("{md}:13:10"),
            format!("{md}:13:34"),
            format!("{md}:11:28"),
            format!("{md}:8:22"),
        ],
        "{stderr}"
    );
    assert!(stdout.contains(": 4 broken"), "{stdout}");
}

/// Links inside feed entries are checked too (the feed makes its own
/// absolute copies), and reported only when the feed breaks what the page
/// does not: here a site's atom.xml adds two broken links to every entry,
/// and the item's own broken link is reported once, at its Markdown line.
#[test]
fn links_inside_feed_entries_broken_only_in_the_feed() {
    let f = site_linking("", "[mất](../khong-co/)");
    let atom = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/templates/atom.xml"
    ))
    .expect("atom.xml");
    let content = "<content type=\"html\">{{ item.content_html }}</content>";
    assert!(atom.contains(content));
    f.write(
        "templates/atom.xml",
        &atom.replace(
            content,
            "<content type=\"html\">{{ item.content_html }}&lt;a href=\"{{ site.base_url }}sai/\"&gt;x&lt;/a&gt; \
             &lt;a href=\"{{ item.permalink }}#khong-co-muc\"&gt;y&lt;/a&gt;</content>",
        ),
    );
    let (code, stdout, stderr) = check(&f, &[]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let errs = errors(&stderr);
    assert_eq!(errs.len(), 3, "{stderr}");
    let feed_only = "(in a feed entry only: no page has this broken link)";
    assert!(
        errs.iter().any(|e| e.contains(
            "templates/atom.xml: broken link `https://example.vn/portal/sai/`: the site has no file sai/index.html"
        ) && e.contains(feed_only)),
        "{stderr}"
    );
    assert!(
        errs.iter().any(|e| e.contains("`https://example.vn/portal/tin-tuc/ky-ket/#khong-co-muc`: tin-tuc/ky-ket/index.html has no element with id `khong-co-muc`")
            && e.contains(feed_only)),
        "{stderr}"
    );
    assert!(
        errs.iter()
            .any(|e| e.contains("`../khong-co/`") && e.ends_with("content/tin-tuc/2023-02-15-ky-ket.md:5:7")),
        "the item's own link once, at its line: {stderr}"
    );
}

/// Redirects are followed: a link that ends at a good page is good, one
/// that ends at a missing page is broken with the final status.
#[test]
fn external_redirects_are_followed() {
    let (base, log) = serve(|_, path| match path {
        "/ok" => "200 OK",
        "/cu" => "301 Moved Permanently\r\nlocation: /ok",
        "/cu-mat" => "302 Found\r\nlocation: /mat",
        _ => "404 Not Found",
    });
    let f = site_linking("", &format!("[a]({base}/cu)\n\n[b]({base}/cu-mat)"));
    let (code, stdout, stderr) = check(&f, &["--external"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let errs = errors(&stderr);
    assert_eq!(errs.len(), 1, "{stderr}");
    assert!(
        errs[0].contains("/cu-mat`: the server answered HTTP 404") && errs[0].ends_with("ky-ket.md:7:5"),
        "{stderr}"
    );
    let seen = log.lock().expect("log").clone();
    assert!(
        seen.contains(&"HEAD /ok".to_owned()) && seen.contains(&"HEAD /mat".to_owned()),
        "{seen:?}"
    );
}
