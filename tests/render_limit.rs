//! Templates that never end, or that grow a value without bound, fail the
//! build quickly with one error at the template's line and column that names
//! the page, and leave the previous output as it was.

mod common;

use std::time::{Duration, Instant};

use common::{Fixture, snapshot};

/// A runaway page stops after one to two seconds; room for a loaded machine.
/// Without the limit the build would never end: it is killed here.
const LIMIT: Duration = Duration::from_secs(60);

/// Builds with a deadline; returns (success, stderr, time taken).
fn build(f: &Fixture) -> (bool, String, Duration) {
    let t = Instant::now();
    let out = assert_cmd::Command::cargo_bin("bangvang")
        .expect("binary")
        .arg("build")
        .arg("--root")
        .arg(f.root())
        .timeout(LIMIT)
        .output()
        .expect("run");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        t.elapsed(),
    )
}

fn errors(err: &str) -> usize {
    err.lines().filter(|l| l.starts_with("error:")).count()
}

#[test]
fn a_loop_that_never_ends_names_the_template_and_the_page() {
    let f = Fixture::new();
    assert!(build(&f).0);
    let before = snapshot(&f.out());
    f.write(
        "templates/tags.html",
        "<ul>\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% if i == j %}<li>{{ i }}</li>{% endif %}{% endfor %}{% endfor %}\n</ul>\n",
    );
    let (ok, err, took) = build(&f);
    assert!(!ok, "{err}");
    assert!(took < LIMIT, "{err}");
    assert!(err.contains("templates/tags.html:2:"), "{err}");
    assert!(err.contains("render limit reached: more than 50000000 steps"), "{err}");
    assert!(err.contains("while rendering the/index.html"), "{err}");
    assert!(err.contains("look for a loop that never ends"), "{err}");
    assert_eq!(errors(&err), 1, "{err}");
    assert!(snapshot(&f.out()) == before, "a failed build changed the output");
}

#[test]
fn a_string_that_doubles_is_stopped_where_it_grows() {
    let f = Fixture::new();
    f.write(
        "templates/item.html",
        "{% set s = page.title %}\n{% for i in range(end=100) %}{% set_global s = s ~ s %}{% endfor %}{{ s }}\n",
    );
    let (ok, err, _) = build(&f);
    assert!(!ok, "{err}");
    // The caret is on `s ~ s`, line 2, column 48.
    assert!(err.contains("templates/item.html:2:48"), "{err}");
    assert!(err.contains("would be over 67108864 bytes"), "{err}");
    assert!(err.contains("while rendering tin-tuc/ky-ket/index.html"), "{err}");
    assert!(err.contains("no page, string or list may be over 64 MiB"), "{err}");
}

/// Every way a template can multiply work or memory in few steps.
#[test]
fn values_that_grow_or_are_walked_without_bound_are_refused() {
    // 2 MiB, in 20 steps.
    let big = "{% set s = \"ab\" %}{% for i in range(end=20) %}{% set_global s = s ~ s %}{% endfor %}";
    // A list shared 2^60 times over, in 60 steps.
    let shared = "{% set l = [1] %}{% for i in range(end=60) %}{% set_global l = [l, l] %}{% endfor %}";
    let cases = [
        (format!("{big}{{{{ s | replace(from=\"a\", to=s) }}}}"), "bytes"),
        (format!("{big}{{{{ range(end=1000) | join(sep=s) }}}}"), "bytes"),
        (format!("{big}{{{{ s | replace(from=\"a\", to=\"\\n\") | indent(width=100) }}}}"), "bytes"),
        (format!("{big}{{% set_global s = s ~ s ~ s ~ s ~ s %}}{{{{ s | split(pat=\"\") | length }}}}"), "bytes"),
        ("{% set l = [1] %}{% for i in range(end=100) %}{% set_global l = [...l, ...l] %}{% endfor %}".to_owned(), "bytes"),
        (format!("{big}{{% for i in range(end=100000) %}}{{{{ s | safe }}}}{{% endfor %}}"), "bytes"),
        (format!("{big}{{% for i in range(end=100000) %}}{{% set x %}}{{{{ s }}}}{{% endset %}}{{% endfor %}}"), "steps"),
        (format!("{big}{{% for i in range(end=100000) %}}{{{{ s | upper | length }}}}{{% endfor %}}"), "steps"),
        (format!("{shared}{{{{ l }}}}"), "steps"),
        (format!("{shared}{{{{ l == l }}}}"), "steps"),
        (format!("{shared}{{{{ l | length }}}}"), "steps"),
        ("{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% include \"partials/x.html\" %}{% endfor %}{% endfor %}".to_owned(), "steps"),
    ];
    let f = Fixture::new();
    f.write("templates/partials/x.html", "x");
    for (template, limit) in cases {
        f.write("templates/tags.html", &format!("\n{template}\n"));
        let (ok, err, took) = build(&f);
        assert!(!ok, "{template}\n{err}");
        assert!(took < LIMIT, "{template}\n{err}");
        let want = match limit {
            "bytes" => "would be over 67108864 bytes",
            _ => "more than 50000000 steps",
        };
        assert!(err.contains(want), "{template}\n{err}");
        assert!(err.contains("templates/tags.html:2:"), "{template}\n{err}");
        assert_eq!(errors(&err), 1, "{template}\n{err}");
    }
}

#[test]
fn a_runaway_shared_by_every_page_stops_at_its_first_page() {
    let f = Fixture::new();
    for i in 0..30 {
        f.write(
            &format!("content/tin-tuc/2023-03-{:02}-tin-{i}.md", i % 28 + 1),
            &format!("---\ntitle: Tin {i}\ndate: 2023-03-{:02}\n---\nNội dung.\n", i % 28 + 1),
        );
    }
    let base = include_str!("../themes/default/templates/base.html");
    f.write(
        "templates/base.html",
        &format!(
            "{{% for i in range(end=100000) %}}{{% for j in range(end=100000) %}}{{% endfor %}}{{% endfor %}}\n{base}"
        ),
    );
    let (ok, first, _) = build(&f);
    assert!(!ok, "{first}");
    // One page's limit, not one per page (40 pages × a second or more):
    // the later pages are skipped, so only one is reported.
    assert_eq!(errors(&first), 1, "{first}");
    assert!(first.contains("templates/base.html:1:"), "{first}");
    // The page named is the same every time, whatever the threads did.
    let (_, second, _) = build(&f);
    assert_eq!(first, second);
}
