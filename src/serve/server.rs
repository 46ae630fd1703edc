//! The HTTP side of `serve`: files of the output folder (and nothing else),
//! the reload script and the event stream.
//!
//! Paths are resolved by hand rather than with a generic static-file service
//! because the rules are ours: strict percent-decoding, `..` refused in any
//! spelling, symlinks followed only while they stay inside the output folder,
//! the site's own 404 page, and the reload script in HTML responses.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::reload::{self, Hub};

#[derive(Clone)]
pub struct AppState {
    /// Canonical, so containment is a prefix check on canonical paths.
    out: Arc<PathBuf>,
    hub: Arc<Hub>,
}

impl AppState {
    pub fn new(out: PathBuf, hub: Arc<Hub>) -> Self {
        AppState {
            out: Arc::new(out),
            hub,
        }
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(reload::EVENTS_PATH, get(events))
        .route(reload::SCRIPT_PATH, get(script))
        .fallback(files)
        .with_state(state)
}

async fn events(State(st): State<AppState>) -> impl IntoResponse {
    let mut res = reload::sse(st.hub.subscribe()).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn script() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        reload::SCRIPT.as_bytes().to_vec(),
    )
}

/// What a request path names inside the output folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    File(PathBuf),
    /// A folder asked for without its trailing slash: relative links in the
    /// page only work from `/x/`.
    Redirect(String),
    NotFound,
    /// Malformed or trying to leave the output folder.
    BadRequest,
}

/// Maps a raw (still percent-encoded) request path to a file inside `out`,
/// which must be canonical.
pub fn resolve(out: &Path, raw: &str) -> Target {
    let Some(segments) = split_path(raw) else {
        return Target::BadRequest;
    };
    // Our own bookkeeping files are not part of the site.
    if segments
        .iter()
        .any(|s| s == crate::output::LEGACY_MANIFEST || s.ends_with(crate::output::TMP_SUFFIX))
    {
        return Target::NotFound;
    }
    let joined: PathBuf = segments.iter().fold(out.to_path_buf(), |p, s| p.join(s));
    let Some(real) = inside(out, &joined) else {
        return Target::NotFound;
    };
    let file = if real.is_dir() {
        if !raw.ends_with('/') {
            let mut loc = String::new();
            for s in &segments {
                loc.push('/');
                loc.push_str(&encode_segment(s));
            }
            loc.push('/');
            return Target::Redirect(loc);
        }
        match inside(out, &real.join("index.html")) {
            Some(f) => f,
            None => return Target::NotFound,
        }
    } else {
        if raw.ends_with('/') && !segments.is_empty() {
            return Target::NotFound;
        }
        real
    };
    if file.is_file() {
        Target::File(file)
    } else {
        Target::NotFound
    }
}

/// The canonical form of `p` when it exists and, with every symlink followed,
/// is still inside `out`.
fn inside(out: &Path, p: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(p).ok().filter(|real| real.starts_with(out))
}

/// Percent-decodes the whole path first (so `%2f` and `%2e` cannot smuggle
/// separators or dots past the checks), then splits it. Refuses bad escapes,
/// non-UTF-8, NUL, backslashes and `.`/`..` segments; drops empty segments.
pub fn split_path(raw: &str) -> Option<Vec<String>> {
    if !raw.starts_with('/') {
        return None;
    }
    let bytes = percent_decode(raw.as_bytes())?;
    let text = String::from_utf8(bytes).ok()?;
    if text.contains(['\0', '\\']) {
        return None;
    }
    let mut out = Vec::new();
    for seg in text.split('/').filter(|s| !s.is_empty()) {
        // Exactly one plain component: rejects `.`, `..`, and on Windows drive
        // prefixes like `C:`.
        let mut comps = Path::new(seg).components();
        if !matches!((comps.next(), comps.next()), (Some(Component::Normal(_)), None)) || seg == "." || seg == ".." {
            return None;
        }
        out.push(seg.to_owned());
    }
    Some(out)
}

fn percent_decode(s: &[u8]) -> Option<Vec<u8>> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%' {
            let hi = hex(*s.get(i + 1)?)?;
            let lo = hex(*s.get(i + 2)?)?;
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    Some(out)
}

fn encode_segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Content types by extension; text types say UTF-8 so Vietnamese shows
/// right even in files without a charset declaration.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

fn is_html(ctype: &str) -> bool {
    ctype.starts_with("text/html")
}

/// Every response of the dev server is uncacheable: a stale stylesheet after
/// an edit is the classic live-preview confusion.
fn respond(status: StatusCode, ctype: &'static str, body: Vec<u8>) -> Response {
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    res
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    respond(status, "text/plain; charset=utf-8", text.as_bytes().to_vec())
}

/// Shown when the site has no 404.html yet (the first build failed): it still
/// carries the script, so the error overlay appears and the fix reloads it.
const FALLBACK_404: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>404</title></head>\
<body><h1>404</h1><p>Not found (or the site has not been built yet).</p></body></html>";

async fn files(State(st): State<AppState>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut res = plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    // The generation is read before the file: a page may then be newer than
    // its number (one extra reload), never older (a missed reload).
    let generation = st.hub.state().generation;
    let out = Arc::clone(&st.out);
    let raw = uri.path().to_owned();
    // File-system work off the async thread.
    let found = tokio::task::spawn_blocking(move || lookup(&out, &raw)).await;
    let (status, ctype, body) = match found {
        Ok(Found::File(status, ctype, body)) => (status, ctype, body),
        Ok(Found::Redirect(mut loc)) => {
            if let Some(q) = uri.query() {
                loc.push('?');
                loc.push_str(q);
            }
            let mut res = plain(StatusCode::MOVED_PERMANENTLY, "moved\n");
            match HeaderValue::from_str(&loc) {
                Ok(v) => {
                    res.headers_mut().insert(header::LOCATION, v);
                    return res;
                }
                Err(_) => return plain(StatusCode::BAD_REQUEST, "bad request\n"),
            }
        }
        Ok(Found::BadRequest) => return plain(StatusCode::BAD_REQUEST, "bad request path\n"),
        Ok(Found::Missing) => (
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            FALLBACK_404.as_bytes().to_vec(),
        ),
        Err(_) => return plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n"),
    };
    let body = if is_html(ctype) {
        reload::inject(&body, generation)
    } else {
        body
    };
    respond(status, ctype, body)
}

enum Found {
    File(StatusCode, &'static str, Vec<u8>),
    Redirect(String),
    BadRequest,
    Missing,
}

fn lookup(out: &Path, raw: &str) -> Found {
    let read = |p: &Path| std::fs::read(p).ok();
    match resolve(out, raw) {
        Target::File(p) => match read(&p) {
            Some(bytes) => Found::File(StatusCode::OK, content_type(&p), bytes),
            // Removed between the check and the read (a rebuild): a 404 is honest.
            None => not_found(out),
        },
        Target::Redirect(loc) => Found::Redirect(loc),
        Target::BadRequest => Found::BadRequest,
        Target::NotFound => not_found(out),
    }
}

/// The site's own 404.html, with status 404.
fn not_found(out: &Path) -> Found {
    match resolve(out, "/404.html") {
        Target::File(p) => match std::fs::read(&p) {
            Ok(bytes) => Found::File(StatusCode::NOT_FOUND, "text/html; charset=utf-8", bytes),
            Err(_) => Found::Missing,
        },
        _ => Found::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let out = fs::canonicalize(dir.path()).unwrap().join("out");
        fs::create_dir_all(out.join("tin-tuc/ky-ket")).unwrap();
        fs::write(out.join("index.html"), "<body>home</body>").unwrap();
        fs::write(out.join("tin-tuc/ky-ket/index.html"), "item").unwrap();
        fs::write(out.join("style.css"), "x").unwrap();
        fs::write(out.join(crate::output::LEGACY_MANIFEST), "index.html\n").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        (dir, out)
    }

    #[test]
    fn decodes_and_refuses_traversal_in_every_spelling() {
        assert_eq!(split_path("/"), Some(vec![]));
        assert_eq!(split_path("/tin-tuc//a/"), Some(vec!["tin-tuc".into(), "a".into()]));
        assert_eq!(split_path("/t%E1%BB%9Bi"), Some(vec!["tới".into()]));
        for bad in [
            "/../etc/passwd",
            "/tin-tuc/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc",
            "/a/%2e%2e",
            "/..%5c..%5cetc",
            "/a\\..\\b",
            "/a%00.html",
            "/./index.html",
            "/%zz",
            "/%e1",
            "/%",
            "relative",
        ] {
            assert_eq!(split_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn resolves_files_folders_and_missing_paths() {
        let (_d, out) = site();
        assert_eq!(resolve(&out, "/"), Target::File(out.join("index.html")));
        assert_eq!(
            resolve(&out, "/tin-tuc/ky-ket/"),
            Target::File(out.join("tin-tuc/ky-ket/index.html"))
        );
        assert_eq!(
            resolve(&out, "/tin-tuc/ky-ket"),
            Target::Redirect("/tin-tuc/ky-ket/".into())
        );
        assert_eq!(resolve(&out, "/style.css"), Target::File(out.join("style.css")));
        assert_eq!(resolve(&out, "/style.css/"), Target::NotFound);
        assert_eq!(resolve(&out, "/tin-tuc/"), Target::NotFound);
        assert_eq!(resolve(&out, "/nope"), Target::NotFound);
        assert_eq!(resolve(&out, "/.bangvang-manifest"), Target::NotFound);
        assert_eq!(resolve(&out, "/../secret.txt"), Target::BadRequest);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_may_not_leave_the_output() {
        let (d, out) = site();
        std::os::unix::fs::symlink(d.path().join("secret.txt"), out.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(d.path(), out.join("up")).unwrap();
        std::os::unix::fs::symlink(out.join("style.css"), out.join("alias.css")).unwrap();
        assert_eq!(resolve(&out, "/leak.txt"), Target::NotFound);
        assert_eq!(resolve(&out, "/up/secret.txt"), Target::NotFound);
        assert_eq!(resolve(&out, "/up"), Target::NotFound);
        assert_eq!(resolve(&out, "/alias.css"), Target::File(out.join("style.css")));
    }

    #[test]
    fn content_types() {
        let ct = |p: &str| content_type(Path::new(p));
        assert_eq!(ct("a.HTML"), "text/html; charset=utf-8");
        assert_eq!(ct("a.csv"), "text/csv; charset=utf-8");
        assert_eq!(
            ct("a.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(ct("a.svg"), "image/svg+xml");
        assert_eq!(ct("a.jpg"), "image/jpeg");
        assert_eq!(ct("a.webp"), "image/webp");
        assert_eq!(ct("a.pdf"), "application/pdf");
        assert_eq!(ct("a.json"), "application/json");
        assert_eq!(ct("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(ct("a.txt"), "text/plain; charset=utf-8");
        assert_eq!(ct("noext"), "application/octet-stream");
    }

    #[test]
    fn redirects_re_encode_segments() {
        let (_d, out) = site();
        fs::create_dir(out.join("a b")).unwrap();
        assert_eq!(resolve(&out, "/a%20b"), Target::Redirect("/a%20b/".into()));
    }
}
