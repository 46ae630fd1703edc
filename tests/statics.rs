//! Static files at paths the site generates are never dropped silently:
//! static/robots.txt replaces the generated robots.txt, any other clash is an
//! error naming the static file and what makes that path, in `build` and in
//! watch mode alike.

mod common;
use bangvang::build::{self, BuildOptions};
use bangvang::incremental::{Incremental, one_lines};
use common::{Fixture, assert_same_tree, snapshot};

#[test]
fn a_static_robots_txt_replaces_the_generated_one() {
    let f = Fixture::new();
    f.write("static/robots.txt", "User-agent: *\nDisallow: /nhap/\n");
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(f.read("robots.txt"), "User-agent: *\nDisallow: /nhap/\n");
}

#[test]
fn static_files_at_generated_paths_are_errors_naming_both() {
    let f = Fixture::new();
    f.write("content/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\nx\n");
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let before = snapshot(&f.out());
    for rel in [
        "static/404.html",
        "static/sitemap.xml",
        "static/atom.xml",
        "static/tin-tuc/ky-ket/index.html",
        "static/tim-kiem/index.json",
        "static/gioi-thieu",
        "static/robots.txt/x.txt",
    ] {
        f.write(rel, "static");
    }
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert_eq!(err.matches("error:").count(), 7, "{err}");
    for want in [
        "static/404.html is at /404.html, a file bangvang makes from the template `404.html`",
        "copy the theme's template 404.html into templates/ and edit it",
        "static/sitemap.xml is at /sitemap.xml, a file bangvang makes from the template `sitemap.xml`",
        "static/atom.xml is at /atom.xml",
        "static/tin-tuc/ky-ket/index.html is at /tin-tuc/ky-ket/index.html, a file bangvang makes from content/tin-tuc/2023-02-15-ky-ket.md (template `item.html`)",
        "give the page another file name or `slug`",
        "static/tim-kiem/index.json is at /tim-kiem/index.json",
        "static/gioi-thieu is a file where bangvang needs a folder for /gioi-thieu/index.html, made from content/gioi-thieu.md",
        "static/robots.txt/x.txt would be inside /robots.txt, which is a file bangvang makes from the template `robots.txt`",
    ] {
        assert!(err.contains(want), "{want}\n{err}");
    }
    assert_eq!(snapshot(&f.out()), before, "the previous output is left as it was");
}

/// A copy of the default theme as themes/<name>/ of the fixture.
fn copy_default_theme(f: &Fixture, name: &str) {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    common::copy_dir(&src, &f.root().join(format!("themes/{name}")));
}

#[test]
fn theme_static_files_clash_too_and_the_site_layers_over_the_theme() {
    let f = Fixture::new();
    copy_default_theme(&f, "rieng");
    f.write("site.yaml", &format!("{}theme: rieng\n", common::SITE_YAML));
    f.write("themes/rieng/static/assets/extra.txt", "theme");
    f.write("static/assets/extra.txt", "site");
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert_eq!(f.read("assets/extra.txt"), "site", "the site's static file is used");

    f.write("themes/rieng/static/404.html", "theme 404");
    f.remove("static/assets/extra.txt");
    std::fs::remove_dir(f.root().join("static/assets")).unwrap();
    f.write("static/assets", "a file where the theme has a folder");
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(
        err.contains(
            "themes/rieng/static/404.html is at /404.html, a file bangvang makes from the template `404.html`"
        ),
        "{err}"
    );
    assert!(
        // Of the files under the folder, the smallest path is named.
        err.contains("static/assets is a file where themes/rieng/static/assets/consultation.js needs a folder"),
        "{err}"
    );
}

#[test]
fn watch_mode_applies_the_same_rules() {
    let f = Fixture::new();
    let mut opts = BuildOptions::new(f.root());
    opts.output = f.root().join("out");
    let mut inc = Incremental::new(opts.clone());
    assert!(inc.rebuild(&[]).ok(), "first build");
    let fresh = |context: &str| {
        let out = f.root().join("fresh");
        let _ = std::fs::remove_dir_all(&out);
        assert!(
            build::build(&BuildOptions {
                output: out.clone(),
                ..opts.clone()
            })
            .ok()
        );
        assert_same_tree(&opts.output, &out, context);
    };

    let path = f.root().join("static/404.html");
    f.write("static/404.html", "mine");
    let r = inc.rebuild(std::slice::from_ref(&path));
    let lines = one_lines(&r.diags);
    assert!(!r.ok());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("static/404.html is at /404.html"), "{lines:?}");
    f.remove("static/404.html");
    let r = inc.rebuild(&[path]);
    assert!(r.ok(), "{:?}", one_lines(&r.diags));
    fresh("after removing static/404.html");

    let path = f.root().join("static/robots.txt");
    f.write("static/robots.txt", "User-agent: *\n");
    assert!(inc.rebuild(std::slice::from_ref(&path)).ok());
    assert_eq!(
        std::fs::read_to_string(opts.output.join("robots.txt")).unwrap(),
        "User-agent: *\n"
    );
    fresh("with static/robots.txt");
    f.remove("static/robots.txt");
    assert!(inc.rebuild(&[path]).ok());
    assert!(
        std::fs::read_to_string(opts.output.join("robots.txt"))
            .unwrap()
            .contains("Sitemap:")
    );
    fresh("after removing static/robots.txt");
}

/// FAILS before the fix in src/render/statics.rs: of the generated files
/// under a static file's name, the one the error names was the first in a
/// HashSet's order, which differs from one build to the next (found by the
/// random test: serve and a clean build named different tag pages).
#[test]
fn a_folder_clash_names_the_same_generated_file_every_time() {
    let f = Fixture::new();
    let tags = ["Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám"];
    for (i, tag) in tags.iter().enumerate() {
        f.write(
            &format!("content/tin-tuc/2023-03-0{}-tin-{i}.md", i + 1),
            &format!("---\ntitle: Tin {i}\ndate: 2023-03-0{}\ntags: [{tag}]\n---\nx\n", i + 1),
        );
    }
    f.write("static/the", "a file where the tag pages need a folder");
    let messages: Vec<Vec<String>> = (0..8)
        .map(|_| {
            let r = build::build(&BuildOptions::new(f.root()));
            assert!(!r.ok());
            one_lines(&r.diags)
        })
        .collect();
    assert_eq!(messages[0].len(), 1, "{messages:?}");
    assert!(
        messages.iter().all(|m| *m == messages[0]),
        "one site, one error: {messages:#?}"
    );
}
