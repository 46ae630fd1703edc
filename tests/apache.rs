//! The sample site served by a real Apache under a subpath, with the
//! `.htaccess` docs/hosting.md gives (read from that page) in the site's
//! folder: status codes, the 404 page, content types and charsets,
//! precompressed copies (br and gzip) and cache headers. Apache runs in the
//! foreground on a loopback port with its own small configuration: the
//! modules Debian turns on by default (with Debian's mime.conf and
//! deflate.conf, which the `.htaccess` must get along with) plus
//! mod_rewrite and mod_headers, and `AllowOverride All`. apache2 comes from
//! apt (.ci/run installs it); without it the test says so loudly and
//! passes, except in CI (env CI set), where it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::http::{Server, documented, get, readable_by_all};

const MODULES: &str = "/usr/lib/apache2/modules";
const DEBIAN_CONF: &str = "/etc/apache2/mods-available";

fn apache() -> Option<PathBuf> {
    let bin = PathBuf::from("/usr/sbin/apache2");
    (bin.is_file() && Path::new(MODULES).join("mod_rewrite.so").is_file()).then_some(bin)
}

fn start(apache: &Path, dir: &Path, port: u16, www: &Path) -> Server {
    let (t, w) = (dir.display(), www.display());
    let mut conf = format!(
        "ServerRoot {t}\nServerName thidua.example.vn\nListen 127.0.0.1:{port}\n\
         PidFile {t}/apache2.pid\nDefaultRuntimeDir {t}\nMutex file:{t} default\n\
         ErrorLog {t}/error.log\nLogLevel warn\n\
         # Started as root, Apache serves as Debian's www-data (as root it would refuse).\n\
         User www-data\nGroup www-data\n"
    );
    // Debian's default modules, and the two the .htaccess needs.
    for m in [
        "mpm_event",
        "authz_core",
        "dir",
        "mime",
        "filter",
        "deflate",
        "setenvif",
        "env",
        "negotiation",
        "rewrite",
        "headers",
    ] {
        conf.push_str(&format!("LoadModule {m}_module {MODULES}/mod_{m}.so\n"));
    }
    for c in ["dir", "mime", "deflate", "setenvif", "negotiation"] {
        conf.push_str(&format!("Include {DEBIAN_CONF}/{c}.conf\n"));
    }
    conf.push_str(&format!(
        "DocumentRoot {w}\n\
         <Directory />\n  AllowOverride None\n  Require all denied\n</Directory>\n\
         <Directory {w}>\n  Options FollowSymLinks\n  AllowOverride All\n  Require all granted\n</Directory>\n"
    ));
    let path = dir.join("apache2.conf");
    std::fs::write(&path, conf).expect("conf");
    let check = Command::new(apache)
        .arg("-t")
        .arg("-f")
        .arg(&path)
        .output()
        .expect("apache2 -t");
    assert!(
        check.status.success(),
        "apache2 -t: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    // -X: one process in the foreground, no daemon.
    let child = Command::new(apache)
        .arg("-X")
        .arg("-f")
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start apache2");
    let mut server = Server(child);
    server.wait_listening(port, "apache2");
    server
}

#[test]
fn the_sample_site_under_apache_at_a_subpath_with_the_documented_htaccess() {
    let Some(apache) = apache() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "apache2 is not installed, and CI must run this test: .ci/run installs it with apt"
        );
        eprintln!(
            "\n\n*** SKIPPING tests/apache.rs: apache2 is not installed (apt-get install -y --no-install-recommends apache2) ***\n\n"
        );
        return;
    };
    let (_f, tmp, out) = common::http::sample_under_portal();
    let www = tmp.path().join("www");
    std::fs::write(out.join(".htaccess"), documented("apache", "apache")).expect(".htaccess");
    // The .htaccess too.
    readable_by_all(tmp.path());
    let port = common::free_port();
    let conf_dir = tmp.path().join("apache");
    std::fs::create_dir_all(&conf_dir).expect("mkdir");
    let _server = start(&apache, &conf_dir, port, &www);
    let file = |rel: &str| std::fs::read(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));

    let page = |path: &str| get(port, path, "");
    let home = page("/portal/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert_eq!(home.header("Cache-Control"), Some("no-cache"));
    assert_eq!(home.header("Content-Encoding"), None);
    assert_eq!(home.body, file("index.html"));
    assert_eq!(page("/portal/tin-tuc/").status, 200);
    let redirect = page("/portal/tin-tuc");
    assert_eq!(redirect.status, 301);
    assert_eq!(
        redirect.header("Location"),
        Some("http://thidua.example.vn/portal/tin-tuc/")
    );

    let missing = page("/portal/khong-co/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert_eq!(missing.body, file("404.html"));
    assert_eq!(page("/khac/").status, 404);

    for (path, ty) in [
        ("/portal/atom.xml", "text/xml; charset=utf-8"),
        ("/portal/rss.xml", "text/xml; charset=utf-8"),
        ("/portal/sitemap.xml", "text/xml; charset=utf-8"),
        ("/portal/robots.txt", "text/plain; charset=utf-8"),
        ("/portal/tim-kiem/index.json", "application/json; charset=utf-8"),
        ("/portal/assets/favicon.svg", "image/svg+xml; charset=utf-8"),
        (
            "/portal/bang-xep-hang/2023/xa-phuong/standings.csv",
            "text/csv; charset=utf-8",
        ),
        (
            "/portal/bang-xep-hang/2023/xa-phuong/standings.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ] {
        let a = page(path);
        assert_eq!(a.status, 200, "{path}");
        assert_eq!(a.header("Content-Type"), Some(ty), "{path}");
        assert_eq!(a.header("Content-Encoding"), None, "{path}");
        assert_eq!(a.body, file(path.trim_start_matches("/portal/")), "{path}");
    }

    // Precompressed copies, for pages (through the index) and files: Brotli
    // when the browser takes it, else gzip; the type is the file's, with no
    // language (Debian's mime.conf reads `.br` as Breton).
    for (path, rel, ty) in [
        ("/portal/", "index.html", "text/html; charset=utf-8"),
        ("/portal/tin-tuc/", "tin-tuc/index.html", "text/html; charset=utf-8"),
        ("/portal/atom.xml", "atom.xml", "text/xml; charset=utf-8"),
        (
            "/portal/tim-kiem/index.json",
            "tim-kiem/index.json",
            "application/json; charset=utf-8",
        ),
    ] {
        for (accept, enc) in [("gzip", "gzip"), ("gzip, deflate, br", "br")] {
            let a = get(port, path, accept);
            assert_eq!(a.status, 200, "{path} {accept}");
            assert_eq!(a.header("Content-Encoding"), Some(enc), "{path} {accept}");
            assert_eq!(a.header("Content-Type"), Some(ty), "{path} {accept}");
            assert_eq!(a.header("Content-Language"), None, "{path} {accept}");
            assert!(
                a.header("Vary").is_some_and(|v| v.contains("Accept-Encoding")),
                "{path} {accept}: {:?}",
                a.header("Vary")
            );
            assert_eq!(a.body, file(&format!("{rel}.{}", &enc[..2])), "{path} {accept}");
        }
    }
    // The 404 page too goes as its copy.
    let missing = get(port, "/portal/khong-co/", "gzip");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert_eq!(missing.header("Content-Encoding"), Some("gzip"));
    assert_eq!(missing.body, file("404.html.gz"));

    // The hashed stylesheet may be kept for a year; pages may not.
    let css = std::fs::read_dir(out.join("assets"))
        .expect("assets")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .expect("hashed stylesheet");
    for (accept, enc) in [("", None), ("gzip", Some("gzip")), ("br", Some("br"))] {
        let a = get(port, &format!("/portal/assets/{css}"), accept);
        assert_eq!(a.status, 200, "{accept}");
        assert_eq!(a.header("Content-Encoding"), enc, "{accept}");
        assert_eq!(a.header("Content-Type"), Some("text/css; charset=utf-8"), "{accept}");
        assert_eq!(
            a.header("Cache-Control"),
            Some("public, max-age=31536000, immutable"),
            "{accept}"
        );
    }
}
