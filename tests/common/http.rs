//! For the tests of docs/hosting.md (tests/nginx.rs, tests/apache.rs,
//! tests/iis.rs): the configurations as the page gives them, a server
//! process stopped on drop, and a bare HTTP/1.1 client (one GET per
//! connection, the answer as sent, body not decoded).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Child;
use std::time::{Duration, Instant};

pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// `GET path` on 127.0.0.1:`port` for host thidua.example.vn, with
/// `Accept-Encoding: encoding` unless it is empty.
pub fn get(port: u16, path: &str, encoding: &str) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let enc = if encoding.is_empty() {
        String::new()
    } else {
        format!("Accept-Encoding: {encoding}\r\n")
    };
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: thidua.example.vn\r\nConnection: close\r\n{enc}\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("headers end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Answer {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// A server process, stopped when dropped.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Server {
    /// Waits until the server listens on `port` (panics after 20 s, or when
    /// the process ended first).
    pub fn wait_listening(&mut self, port: u16, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = self.0.try_wait() {
                panic!("{what} ended before it listened on {port}: {status}");
            }
            assert!(Instant::now() < deadline, "{what} did not listen on {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Lets a server's workers, which may run as another user, read the tree.
pub fn readable_by_all(dir: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        let mode = if entry.file_type().is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
}

/// The code block of docs/hosting.md between `<!-- name: begin -->` and
/// `<!-- name: end -->`, fenced as `lang`: the tests run what the page says.
pub fn documented(name: &str, lang: &str) -> String {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/hosting.md")).expect("hosting.md");
    let start = doc
        .find(&format!("<!-- {name}: begin -->"))
        .unwrap_or_else(|| panic!("{name}: begin marker"));
    let end = doc
        .find(&format!("<!-- {name}: end -->"))
        .unwrap_or_else(|| panic!("{name}: end marker"));
    let code = doc[start..end]
        .split(&format!("```{lang}\n"))
        .nth(1)
        .unwrap_or_else(|| panic!("{name}: a {lang} code block"));
    code.split("```").next().expect("closed").to_owned()
}

/// The sample site with precompressed copies, built into `<tmp>/www/portal`
/// for `https://thidua.example.vn/portal/`, readable by a server's workers
/// (which may run as another user): what the server tests serve.
/// Returns the site, the temporary folder (kept alive) and the output.
pub fn sample_under_portal() -> (super::Fixture, tempfile::TempDir, std::path::PathBuf) {
    let f = super::Fixture::sample();
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).expect("site.yaml");
    f.write(
        "site.yaml",
        &format!("{}compress: {{gzip: true, brotli: true, min_size: 1024}}\n", yaml),
    );
    let tmp = tempfile::tempdir().expect("temp");
    let out = tmp.path().join("www").join("portal");
    let (ok, _, err) = f.build(&[
        "--output",
        out.to_str().expect("utf-8 path"),
        "--base-url",
        "https://thidua.example.vn/portal/",
    ]);
    assert!(ok, "{err}");
    readable_by_all(tmp.path());
    (f, tmp, out)
}
