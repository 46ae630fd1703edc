//! Fixture sites for integration tests: written into temporary folders, built
//! with the real binary, and read back.
#![allow(dead_code)]

pub mod http;
pub mod photos;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub const SITE_YAML: &str = "title: Thử nghiệm\nbase_url: https://example.vn/portal/\nlanguage: vi\npaginate: 2\n";
pub const UNITS_YAML: &str = "units:\n  - {id: huyen-tung, name: Huyền Tụng, kind: phường, code: \"01846\"}\n  - {id: duong-quang, name: Dương Quang, kind: xã}\n";
pub const CLUSTERS_YAML: &str = "clusters:\n  - {id: xa-phuong, name: \"Cụm thi đua khối xã, phường\"}\n";

impl Fixture {
    /// A small valid site: config, two units, a cluster, a section with one item.
    pub fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        f.write("site.yaml", SITE_YAML);
        f.write("data/units.yaml", UNITS_YAML);
        f.write("data/clusters.yaml", CLUSTERS_YAML);
        f.write("content/tin-tuc/_index.md", "---\ntitle: Tin tức\n---\n");
        f.write(
            "content/tin-tuc/2023-02-15-ky-ket.md",
            "---\ntitle: Ký kết giao ước\ndate: 2023-02-15\nunits: [huyen-tung]\ntags: [Giao ước]\n---\nNội dung.\n",
        );
        f
    }

    /// A copy of the repository's sample site (site.yaml, content/, data/,
    /// static/).
    pub fn sample() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        fs::copy(repo.join("site.yaml"), f.root().join("site.yaml")).expect("site.yaml");
        for sub in ["content", "data", "static"] {
            copy_dir(&repo.join(sub), &f.root().join(sub));
        }
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.dir.path().join(rel);
        fs::create_dir_all(p.parent().expect("has parent")).expect("mkdir");
        fs::write(p, bytes).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.dir.path().join(rel)).expect("remove");
    }

    /// Runs `bangvang build --root <fixture>` plus extra args; returns (success, stdout, stderr).
    pub fn build(&self, extra: &[&str]) -> (bool, String, String) {
        let out = Command::cargo_bin("bangvang")
            .expect("binary")
            .arg("build")
            .arg("--root")
            .arg(self.root())
            .args(extra)
            // One moment for every build of a test (a `--now` in `extra`
            // wins): the public-comment pages print the minute they were
            // built at, so builds a minute apart would differ.
            .env("SOURCE_DATE_EPOCH", "1736470800")
            .output()
            .expect("run");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

/// Copies the tree at `from` to `to`, folders included.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("under from"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir` with its bytes, sorted: for byte-for-byte comparisons.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("under dir").display().to_string();
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect();
    out.sort();
    out
}

/// Asserts two output folders hold the same files with the same bytes, naming
/// the files that differ (a byte dump of whole sites helps nobody).
pub fn assert_same_tree(a: &Path, b: &Path, context: &str) {
    assert_same_files(snapshot(a), snapshot(b), context);
}

/// The manifest of what a build wrote, inside the output folder today: it is
/// compared only when both folders have one, so a manifest kept elsewhere
/// (the site's `.bangvang/`) makes no difference.
pub const MANIFEST: &str = ".bangvang-manifest";

/// [`assert_same_tree`] on two snapshots.
pub fn assert_same_files(mut a: Vec<(String, Vec<u8>)>, mut b: Vec<(String, Vec<u8>)>, context: &str) {
    let has = |s: &[(String, Vec<u8>)]| s.iter().any(|(n, _)| n == MANIFEST);
    if has(&a) && has(&b) {
        a.retain(|(n, _)| n != MANIFEST);
        b.retain(|(n, _)| n != MANIFEST);
    }
    if a == b {
        return;
    }
    let names = |s: &[(String, Vec<u8>)]| {
        s.iter()
            .map(|(n, _)| n.clone())
            .collect::<std::collections::BTreeSet<_>>()
    };
    let (na, nb) = (names(&a), names(&b));
    let only_a: Vec<_> = na.difference(&nb).collect();
    let only_b: Vec<_> = nb.difference(&na).collect();
    let differ: Vec<_> = a
        .iter()
        .filter(|(n, bytes)| b.iter().any(|(m, other)| m == n && other != bytes))
        .map(|(n, _)| n)
        .collect();
    if let Some((n, bytes)) = a
        .iter()
        .find(|(n, bytes)| b.iter().any(|(m, other)| m == n && other != bytes))
    {
        let other = b
            .iter()
            .find(|(m, _)| m == n)
            .map(|(_, o)| o.clone())
            .unwrap_or_default();
        eprintln!(
            "first differing file {n}:\n--- first\n{}\n--- second\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&other)
        );
    }
    panic!(
        "{context}: outputs differ; only in first: {only_a:?}; only in second: {only_b:?}; different bytes: {differ:?}"
    );
}

/// A free loopback port: bind port 0, read it, let it go.
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    l.local_addr().expect("local addr").port()
}

/// Collects a child's output lines in the background, for waiting on log lines.
pub fn collect(pipe: impl std::io::Read + Send + 'static) -> std::sync::Arc<std::sync::Mutex<String>> {
    use std::io::BufRead;
    let text = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = std::sync::Arc::clone(&text);
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
            let mut s = sink.lock().expect("log lock");
            s.push_str(&line);
            s.push('\n');
        }
    });
    text
}

/// Waits for `child` to end on its own, for at most `limit`.
pub fn wait_exit(child: &mut std::process::Child, limit: std::time::Duration) -> Option<std::process::ExitStatus> {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    None
}

/// Sends `sig` (`-TERM`, `-INT`, …) to `target`, a pid or `-pgid`.
#[cfg(unix)]
pub fn signal(sig: &str, target: &str) {
    let _ = std::process::Command::new("kill")
        .args([sig, "--", target])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
}

/// Stops a child the tests started: a polite SIGTERM first (so a server
/// removes its temporary output), SIGKILL after five seconds.
pub fn stop(child: &mut std::process::Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    #[cfg(unix)]
    {
        signal("-TERM", &child.id().to_string());
        if wait_exit(child, std::time::Duration::from_secs(5)).is_some() {
            return;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}
