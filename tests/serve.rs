//! `bangvang serve` as an author uses it: the real binary on a free loopback
//! port, a fixture site in a temporary folder, and a tiny hand-written HTTP
//! client (raw requests, so `..` reaches the server unnormalised). Every wait
//! is a bounded poll; the server is always stopped by a Drop guard.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Fixture, collect, free_port};

const ITEM: &str = "content/tin-tuc/2023-02-15-ky-ket.md";
const ITEM_URL: &str = "/tin-tuc/ky-ket/";
/// Rebuilds take a few hundred milliseconds; this leaves room for a loaded CI machine.
const CHANGE_TIMEOUT: Duration = Duration::from_secs(20);

/// A running `bangvang serve`; stopped (SIGTERM, then SIGKILL) when dropped.
struct Server {
    child: Child,
    port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn spawn(root: &Path, port: u16, extra: &[&str], path_env: Option<&Path>) -> Server {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("bangvang"));
        cmd.arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", &port.to_string()])
            .args(extra);
        if let Some(p) = path_env {
            cmd.env("PATH", p);
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start bangvang serve");
        let stdout = collect(child.stdout.take().expect("stdout"));
        let stderr = collect(child.stderr.take().expect("stderr"));
        Server {
            child,
            port,
            stdout,
            stderr,
        }
    }

    /// Starts a server and waits until it answers HTTP.
    fn start(f: &Fixture, extra: &[&str]) -> Server {
        Self::start_with(f, extra, None)
    }

    fn start_with(f: &Fixture, extra: &[&str], path_env: Option<&Path>) -> Server {
        let mut s = Server::spawn(f.root(), free_port(), extra, path_env);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if get(s.port, "/__bangvang/reload.js").is_ok() {
                return s;
            }
            if let Ok(Some(status)) = s.child.try_wait() {
                panic!("serve exited with {status} before answering\n{}\n{}", s.out(), s.err());
            }
            assert!(
                Instant::now() < deadline,
                "serve did not answer within 30 s\n{}\n{}",
                s.out(),
                s.err()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn out(&self) -> String {
        self.stdout.lock().expect("log lock").clone()
    }

    fn err(&self) -> String {
        self.stderr.lock().expect("log lock").clone()
    }

    /// Waits until stdout contains `needle` (the pipe readers lag the process
    /// a little) and returns all of stdout.
    fn wait_out(&self, needle: &str) -> String {
        wait_log(&self.stdout, needle, || self.err())
    }

    fn wait_err(&self, needle: &str) -> String {
        wait_log(&self.stderr, needle, || self.out())
    }

    /// The temporary output folder, as announced on stdout.
    fn output_dir(&self) -> PathBuf {
        let out = self.wait_out(", removed on exit");
        let start = out
            .find("output in ")
            .map(|i| i + "output in ".len())
            .expect("output folder announced");
        let end = out[start..].find(", removed on exit").expect("announcement format") + start;
        PathBuf::from(&out[start..end])
    }

    fn get(&self, path: &str) -> Response {
        get(self.port, path).unwrap_or_else(|e| panic!("GET {path}: {e}\n{}\n{}", self.out(), self.err()))
    }

    /// Polls `path` until its body contains `needle`.
    fn wait_for_page(&self, path: &str, needle: &str) -> Response {
        let deadline = Instant::now() + CHANGE_TIMEOUT;
        loop {
            let r = self.get(path);
            if r.text().contains(needle) {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never contained {needle:?}; last body:\n{}\nstdout:\n{}\nstderr:\n{}",
                r.text(),
                self.out(),
                self.err()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        common::wait_exit(&mut self.child, limit)
    }

    #[cfg(unix)]
    fn signal(&self, sig: &str) {
        common::signal(sig, &self.child.id().to_string());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        common::stop(&mut self.child);
    }
}

fn wait_log(log: &Mutex<String>, needle: &str, other: impl Fn() -> String) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = log.lock().expect("log lock").clone();
        if text.contains(needle) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "never logged {needle:?}; got:\n{text}\nother stream:\n{}",
            other()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let s = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    s.set_write_timeout(Some(Duration::from_secs(5)))?;
    Ok(s)
}

/// One GET with `Connection: close`; the path is sent exactly as given.
fn get(port: u16, path: &str) -> std::io::Result<Response> {
    let mut s = connect(port)?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "malformed response");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(bad)?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(bad)?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    assert!(
        !headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")),
        "files are sent whole"
    );
    Ok(Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    })
}

/// A Server-Sent Events listener. HTTP/1.0 keeps the stream unchunked.
struct Events {
    stream: TcpStream,
    buf: String,
    headers_done: bool,
}

#[derive(Debug)]
struct Event {
    name: String,
    data: String,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = connect(port).expect("connect for events");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        write!(
            stream,
            "GET /__bangvang/events HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .expect("send");
        Events {
            stream,
            buf: String::new(),
            headers_done: false,
        }
    }

    /// The next event (keep-alive comments skipped), or None at the deadline
    /// or when the server closed the stream.
    fn next(&mut self, deadline: Instant) -> Option<Event> {
        loop {
            if !self.headers_done
                && let Some(i) = self.buf.find("\r\n\r\n")
            {
                assert!(
                    self.buf.starts_with("HTTP/1.0 200") || self.buf.starts_with("HTTP/1.1 200"),
                    "{}",
                    self.buf
                );
                assert!(self.buf[..i].contains("text/event-stream"), "{}", self.buf);
                self.buf.drain(..i + 4);
                self.headers_done = true;
            }
            if self.headers_done
                && let Some(i) = self.buf.find("\n\n")
            {
                let block: String = self.buf.drain(..i + 2).collect();
                let mut ev = Event {
                    name: "message".into(),
                    data: String::new(),
                };
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event: ") {
                        ev.name = v.to_owned();
                    } else if let Some(v) = line.strip_prefix("data: ") {
                        ev.data.push_str(v);
                    }
                }
                if block
                    .lines()
                    .any(|l| l.starts_with("event: ") || l.starts_with("data: "))
                {
                    return Some(ev);
                }
                continue;
            }
            if Instant::now() >= deadline {
                return None;
            }
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => return None,
                Ok(n) => self.buf.push_str(&String::from_utf8_lossy(&chunk[..n])),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut | std::io::ErrorKind::Interrupted
                    ) => {}
                Err(_) => return None,
            }
        }
    }

    /// Skips events until one named `name` arrives.
    fn wait_for(&mut self, name: &str, timeout: Duration) -> Event {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        while let Some(ev) = self.next(deadline) {
            if ev.name == name {
                return ev;
            }
            seen.push(ev);
        }
        panic!("no `{name}` event within {timeout:?}; got {seen:?}");
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

#[test]
fn serves_the_site_with_the_reload_script_injected() {
    let f = Fixture::new();
    f.write("static/files/bang-diem.csv", "Đơn vị,Điểm\nHuyền Tụng,95\n");
    f.write_bytes("static/files/bang-diem.xlsx", b"PK\x03\x04 not really a spreadsheet");
    let s = Server::start(&f, &[]);

    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(home.header("cache-control"), Some("no-store"));
    let html = home.text();
    let script = html
        .find("<script src=\"/__bangvang/reload.js\"")
        .expect("reload script injected");
    let body_end = html.rfind("</body>").expect("page has </body>");
    assert!(script < body_end, "the script goes before </body>");

    let item = s.get(ITEM_URL);
    assert_eq!(item.status, 200);
    assert!(item.text().contains("Ký kết giao ước") && item.text().contains("/__bangvang/reload.js"));

    let folder = s.get("/tin-tuc/ky-ket");
    assert_eq!((folder.status, folder.header("location")), (301, Some(ITEM_URL)));

    let missing = s.get("/khong-co-trang-nay/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("not-found"),
        "the site's own 404.html: {}",
        missing.text()
    );
    assert!(missing.text().contains("/__bangvang/reload.js"));

    let csv = s.get("/files/bang-diem.csv");
    assert_eq!(
        (csv.status, csv.header("content-type")),
        (200, Some("text/csv; charset=utf-8"))
    );
    assert_eq!(
        csv.text(),
        "Đơn vị,Điểm\nHuyền Tụng,95\n",
        "non-HTML files are served untouched"
    );
    let xlsx = s.get("/files/bang-diem.xlsx");
    assert_eq!(
        xlsx.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    let js = s.get("/__bangvang/reload.js");
    assert_eq!(js.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert!(js.text().contains("EventSource"));

    // base_url points at the dev server.
    let feed = s.get("/atom.xml").text();
    assert!(feed.contains(&format!("http://127.0.0.1:{}/", s.port)), "{feed}");
    assert!(!feed.contains("example.vn"), "{feed}");

    // The script lives only in responses: not in the files written, and serve
    // never writes into ROOT/public.
    let on_disk = std::fs::read_to_string(s.output_dir().join("index.html")).expect("output index.html");
    assert!(!on_disk.contains("__bangvang"));
    assert!(!f.out().exists(), "serve must not write ROOT/public");
    s.wait_out("initial build; rebuilt everything");
}

#[test]
fn refuses_paths_that_leave_the_output_folder() {
    let f = Fixture::new();
    let secret_dir = tempfile::tempdir().expect("temp");
    let secret = secret_dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-7f3a\n").expect("write secret");
    let s = Server::start(&f, &[]);
    let out = s.output_dir();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, out.join("leak.txt")).expect("symlink");
        std::os::unix::fs::symlink(secret_dir.path(), out.join("up")).expect("symlink");
    }
    let via_root = format!("/{}", secret.display());
    let attempts = [
        "/tin-tuc/../../etc/passwd",
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%5c..%5c..%5cetc%5cpasswd",
        "/..\\..\\etc\\passwd",
        "/index.html%00.txt",
        "/tin-tuc/%2e%2e/%2e%2e/",
        "/leak.txt",
        "/up/secret.txt",
        "/up/",
        "/.bangvang-manifest",
        via_root.as_str(),
    ];
    for path in attempts {
        let r = s.get(path);
        assert!(matches!(r.status, 400 | 404), "{path}: status {}", r.status);
        let body = r.text();
        assert!(
            !body.contains("TOP-SECRET") && !body.contains("root:x:"),
            "{path} leaked: {body}"
        );
    }
    // The server is still fine afterwards.
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn an_edit_reloads_open_pages_and_changes_the_served_page() {
    let f = Fixture::new();
    let s = Server::start(&f, &[]);
    let mut events = Events::open(s.port);
    let hello = events.wait_for("hello", Duration::from_secs(10));
    assert!(hello.data.contains("\"generation\":1"), "{hello:?}");

    f.write(
        ITEM,
        "---\ntitle: Ký kết giao ước\ndate: 2023-02-15\nunits: [huyen-tung]\n---\nNội dung đã sửa lần một.\n",
    );
    let reload = events.wait_for("reload", CHANGE_TIMEOUT);
    assert!(reload.data.contains("\"generation\":2"), "{reload:?}");
    s.wait_for_page(ITEM_URL, "Nội dung đã sửa lần một.");

    // An editor that saves through a temporary file and a rename.
    let tmp = f.root().join("content/tin-tuc/.ky-ket.md.swp");
    std::fs::write(
        &tmp,
        "---\ntitle: Ký kết giao ước\ndate: 2023-02-15\n---\nLần hai, lưu bằng đổi tên.\n",
    )
    .expect("tmp");
    std::fs::rename(&tmp, f.root().join(ITEM)).expect("rename");
    events.wait_for("reload", CHANGE_TIMEOUT);
    s.wait_for_page(ITEM_URL, "Lần hai, lưu bằng đổi tên.");

    // A new file shows up as a new page.
    f.write(
        "content/tin-tuc/2023-03-01-bai-moi.md",
        "---\ntitle: Bài mới\ndate: 2023-03-01\n---\nMới.\n",
    );
    s.wait_for_page("/tin-tuc/bai-moi/", "Bài mới");
    // One log line per rebuild: what changed, what was redone, how long.
    let log = s.wait_out("changed content/tin-tuc/2023-03-01-bai-moi.md");
    assert!(
        log.contains(&format!("changed {ITEM}; re-rendered ")) && log.contains(" files (the site's structure changed)"),
        "{log}"
    );
    assert!(
        log.lines().all(|l| !l.contains("changed ") || l.ends_with(" ms")),
        "{log}"
    );
}

#[test]
fn broken_front_matter_shows_the_error_and_keeps_the_last_good_site() {
    let f = Fixture::new();
    let s = Server::start(&f, &[]);
    let mut events = Events::open(s.port);
    events.wait_for("hello", Duration::from_secs(10));

    f.write(
        ITEM,
        "---\ntitle: Ký kết giao ước\ndate: 2023-02-15\ntgas: [x]\n---\nBản lỗi.\n",
    );
    let err = events.wait_for("build-error", CHANGE_TIMEOUT);
    assert!(err.data.contains(&format!("{ITEM}:4:1")), "{err:?}");
    assert!(err.data.contains("unknown key `tgas`"), "{err:?}");
    // The same text as the terminal.
    s.wait_err(&format!("{ITEM}:4:1"));

    // The last good site is still served, script included.
    let page = s.get(ITEM_URL);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Nội dung.") && !page.text().contains("Bản lỗi."));
    assert!(page.text().contains("/__bangvang/reload.js"));

    // A page opened now gets the error at once.
    let mut late = Events::open(s.port);
    let first = late
        .next(Instant::now() + Duration::from_secs(10))
        .expect("an event on connect");
    assert_eq!(first.name, "build-error", "{first:?}");
    assert!(first.data.contains(&format!("{ITEM}:4:1")), "{first:?}");

    f.write(
        ITEM,
        "---\ntitle: Ký kết giao ước\ndate: 2023-02-15\ntags: [x]\n---\nĐã sửa xong.\n",
    );
    events.wait_for("reload", CHANGE_TIMEOUT);
    late.wait_for("reload", CHANGE_TIMEOUT);
    s.wait_for_page(ITEM_URL, "Đã sửa xong.");
    s.wait_out("build failed with 1 error");
}

#[test]
fn a_site_broken_at_start_is_served_with_its_errors() {
    let f = Fixture::new();
    f.write("data/units.yaml", "units:\n  - {id: huyen-tung, name: [x\n");
    let s = Server::start(&f, &[]);
    let home = s.get("/");
    assert_eq!(home.status, 404);
    assert!(
        home.text().contains("/__bangvang/reload.js"),
        "the overlay needs the script: {}",
        home.text()
    );
    let mut events = Events::open(s.port);
    let first = events
        .next(Instant::now() + Duration::from_secs(10))
        .expect("an event on connect");
    assert_eq!(first.name, "build-error");
    assert!(first.data.contains("data/units.yaml:"), "{first:?}");

    f.write("data/units.yaml", common::UNITS_YAML);
    events.wait_for("reload", CHANGE_TIMEOUT);
    s.wait_for_page("/", "Thử nghiệm");
}

/// A template that never ends stops at the render limit like any build error:
/// the server answers while it runs and after, and fixing it rebuilds.
#[test]
fn a_runaway_template_is_an_error_and_serve_stays_responsive() {
    const RUNAWAY: &str = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n";
    let f = Fixture::new();
    f.write("templates/item.html", RUNAWAY);
    let s = Server::start(&f, &[]);
    let mut events = Events::open(s.port);
    let first = events
        .next(Instant::now() + Duration::from_secs(10))
        .expect("an event on connect");
    assert_eq!(first.name, "build-error", "{first:?}");
    assert!(first.data.contains("templates/item.html:1:"), "{first:?}");
    assert!(first.data.contains("render limit reached"), "{first:?}");
    assert!(
        first.data.contains("while rendering tin-tuc/ky-ket/index.html"),
        "{first:?}"
    );
    s.wait_err("templates/item.html:1:");

    f.remove("templates/item.html");
    events.wait_for("reload", CHANGE_TIMEOUT);
    s.wait_for_page(ITEM_URL, "Nội dung.");

    // Broken again while serving: pages keep being answered during the
    // rebuild, which stops with the error, and the last good page stays.
    f.write("templates/item.html", RUNAWAY);
    for _ in 0..10 {
        let t = Instant::now();
        assert_eq!(s.get(ITEM_URL).status, 200);
        assert!(t.elapsed() < Duration::from_secs(2), "a request took {:?}", t.elapsed());
        std::thread::sleep(Duration::from_millis(100));
    }
    let err = events.wait_for("build-error", CHANGE_TIMEOUT);
    assert!(err.data.contains("templates/item.html:1:"), "{err:?}");
    assert!(s.get(ITEM_URL).text().contains("Nội dung."));

    f.write("templates/item.html", "<p>{{ page.title }} đã sửa</p>\n");
    events.wait_for("reload", CHANGE_TIMEOUT);
    s.wait_for_page(ITEM_URL, "Ký kết giao ước đã sửa");
}

#[test]
fn a_second_server_on_the_same_port_fails_with_a_clear_message() {
    let f = Fixture::new();
    let first = Server::start(&f, &[]);
    let mut second = Server::spawn(f.root(), first.port, &[], None);
    let status = second
        .wait_exit(Duration::from_secs(20))
        .expect("the second server exits by itself");
    assert_eq!(status.code(), Some(1));
    let err = second.wait_err("in use");
    assert_eq!(
        err.trim(),
        format!("error: port {} is in use; pass --port N", first.port)
    );
    assert_eq!(first.get("/").status, 200, "the first server is unaffected");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_and_removes_the_temporary_output() {
    let f = Fixture::new();
    let mut s = Server::start(&f, &[]);
    let out = s.output_dir();
    assert!(out.join("index.html").is_file());
    // An open page must not keep the server from stopping.
    let mut events = Events::open(s.port);
    events.wait_for("hello", Duration::from_secs(10));
    s.signal("-INT");
    let status = s.wait_exit(Duration::from_secs(15)).expect("stops after Ctrl-C");
    assert!(status.success(), "{status}");
    assert!(!out.exists(), "{} should be removed", out.display());
    s.wait_out("stopped; removed");
}

#[cfg(unix)]
#[test]
fn a_browser_that_cannot_be_opened_is_only_a_warning() {
    let f = Fixture::new();
    // No xdg-open/open on an empty PATH: opening must fail, serving must not.
    let empty = tempfile::tempdir().expect("temp");
    let s = Server::start_with(&f, &["--open"], Some(empty.path()));
    assert_eq!(s.get("/").status, 200);
    s.wait_err("warning: could not open a browser");
}
