//! The sample site served by a real nginx under a subpath, with the
//! configuration docs/hosting.md gives (read from that page): status codes,
//! the 404 page, content types and charsets, precompressed files and cache
//! headers. nginx comes from apt (.ci/run installs it); without it the test
//! says so loudly and passes, except in CI (env CI set), where it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::http::{Server, documented, get};

fn nginx() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

fn start(nginx: &Path, dir: &Path, port: u16, www: &Path) -> Server {
    let server = documented("nginx", "nginx")
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace("/var/www/thidua", &www.display().to_string());
    let t = dir.display();
    let conf = format!(
        "daemon off;\nmaster_process off;\npid {t}/nginx.pid;\nerror_log {t}/error.log warn;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n\
           client_body_temp_path {t}/body;\n  proxy_temp_path {t}/proxy;\n  fastcgi_temp_path {t}/fastcgi;\n\
           uwsgi_temp_path {t}/uwsgi;\n  scgi_temp_path {t}/scgi;\n{server}\n}}\n"
    );
    let path = dir.join("nginx.conf");
    std::fs::write(&path, conf).expect("conf");
    let check = Command::new(nginx)
        .arg("-t")
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(&path)
        .output()
        .expect("nginx -t");
    assert!(
        check.status.success(),
        "nginx -t: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    let child = Command::new(nginx)
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nginx");
    let mut server = Server(child);
    server.wait_listening(port, "nginx");
    server
}

#[test]
fn the_sample_site_under_nginx_at_a_subpath() {
    let Some(nginx) = nginx() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "nginx is not installed, and CI must run this test: .ci/run installs it with apt"
        );
        eprintln!("\n\n*** SKIPPING tests/nginx.rs: nginx is not installed (apt-get install -y nginx) ***\n\n");
        return;
    };
    let (_f, tmp, out) = common::http::sample_under_portal();
    let www = tmp.path().join("www");
    let port = common::free_port();
    let conf_dir = tmp.path().join("nginx");
    std::fs::create_dir_all(&conf_dir).expect("mkdir");
    let _server = start(&nginx, &conf_dir, port, &www);

    let page = |path: &str| get(port, path, "");
    let home = page("/portal/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert_eq!(home.header("Cache-Control"), Some("no-cache"));
    assert_eq!(home.header("Content-Encoding"), None);
    assert_eq!(home.body, std::fs::read(out.join("index.html")).expect("index"));
    assert_eq!(page("/portal/tin-tuc/").status, 200);
    let redirect = page("/portal/tin-tuc");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("Location"), Some("/portal/tin-tuc/"));

    let missing = page("/portal/khong-co/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body, std::fs::read(out.join("404.html")).expect("404"));
    assert_eq!(page("/khac/").status, 404);

    for (path, ty) in [
        ("/portal/atom.xml", "text/xml; charset=utf-8"),
        ("/portal/rss.xml", "text/xml; charset=utf-8"),
        ("/portal/sitemap.xml", "text/xml; charset=utf-8"),
        ("/portal/robots.txt", "text/plain; charset=utf-8"),
        ("/portal/tim-kiem/index.json", "application/json; charset=utf-8"),
        ("/portal/assets/favicon.svg", "image/svg+xml; charset=utf-8"),
        (
            "/portal/bang-xep-hang/2023/xa-phuong/standings.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ] {
        let a = page(path);
        assert_eq!(a.status, 200, "{path}");
        assert_eq!(a.header("Content-Type"), Some(ty), "{path}");
    }

    // Precompressed copies, for pages (through the index) and files.
    for (path, file) in [("/portal/", "index.html"), ("/portal/atom.xml", "atom.xml")] {
        let a = get(port, path, "gzip");
        assert_eq!(a.status, 200, "{path}");
        assert_eq!(a.header("Content-Encoding"), Some("gzip"), "{path}");
        assert_eq!(a.header("Vary"), Some("Accept-Encoding"), "{path}");
        assert_eq!(
            a.body,
            std::fs::read(out.join(format!("{file}.gz"))).expect("gz"),
            "{path}"
        );
    }

    // The hashed stylesheet may be kept for a year.
    let css = std::fs::read_dir(out.join("assets"))
        .expect("assets")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .expect("hashed stylesheet");
    let a = get(port, &format!("/portal/assets/{css}"), "gzip");
    assert_eq!(a.status, 200);
    assert_eq!(a.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert_eq!(a.header("Cache-Control"), Some("public, max-age=31536000, immutable"));
    assert_eq!(a.header("Content-Encoding"), Some("gzip"));
}
