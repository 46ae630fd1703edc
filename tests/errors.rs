//! A broken site is refused with every problem named by file, line and column,
//! and the previous output is left exactly as it was.

mod common;
use common::{Fixture, snapshot};

#[test]
fn bad_front_matter_key_names_file_line_and_nearest_key() {
    let f = Fixture::new();
    f.write(
        "content/tin-tuc/2023-03-01-a.md",
        "---\ntitle: A\ndate: 2023-03-01\ntgas: [x]\n---\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains("content/tin-tuc/2023-03-01-a.md:4:1"), "{err}");
    assert!(err.contains("unknown key `tgas`"), "{err}");
    assert!(err.contains("did you mean `tags`?"), "{err}");
}

#[test]
fn yaml_syntax_error_has_position() {
    let f = Fixture::new();
    f.write("data/units.yaml", "units:\n  - {id: a, name: [x\n  - id: b\n");
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains("YAML syntax error"), "{err}");
    assert!(err.contains("data/units.yaml:"), "{err}");
}

#[test]
fn unknown_unit_points_at_the_value() {
    let f = Fixture::new();
    f.write(
        "content/tin-tuc/2023-03-01-a.md",
        "---\ntitle: A\ndate: 2023-03-01\nunits: [huyen-tung, huyen-tugn]\n---\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains("content/tin-tuc/2023-03-01-a.md:4:21"), "{err}");
    assert!(err.contains("unknown unit `huyen-tugn`"), "{err}");
    assert!(err.contains("did you mean `huyen-tung`?"), "{err}");
}

#[test]
fn non_utf8_file_is_named() {
    let f = Fixture::new();
    f.write_bytes("content/tin-tuc/2023-03-01-a.md", b"---\ntitle: Hu\xe1\xbb\n---\n");
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(
        err.contains("content/tin-tuc/2023-03-01-a.md") && err.contains("not UTF-8"),
        "{err}"
    );
}

#[test]
fn unterminated_front_matter_is_reported() {
    let f = Fixture::new();
    f.write(
        "content/tin-tuc/2023-03-01-a.md",
        "---\ntitle: A\ndate: 2023-03-01\nBody without a closing line\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains("content/tin-tuc/2023-03-01-a.md:1:1"), "{err}");
    assert!(err.contains("never closed"), "{err}");
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let f = Fixture::new();
    f.write("content/a.md", "---\ntitel: A\n---\n");
    f.write("content/b.md", "---\ntitle: B\nunits: [nowhere]\n---\n");
    f.write("data/clusters.yaml", "clusters:\n  - {id: X Y, name: c}\n");
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    for needle in [
        "content/a.md:2:1",
        "content/b.md:3:9",
        "data/clusters.yaml:2:10",
        "4 errors",
    ] {
        assert!(err.contains(needle), "missing {needle} in {err}");
    }
}

#[test]
fn failed_build_keeps_the_previous_output_byte_for_byte() {
    let f = Fixture::new();
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let before = snapshot(&f.out());
    assert!(!before.is_empty());
    f.write("content/tin-tuc/2023-02-15-ky-ket.md", "---\ntitle: [broken\n---\n");
    f.write(
        "content/tin-tuc/2023-04-01-new.md",
        "---\ntitle: New\ndate: 2023-04-01\n---\n",
    );
    let (ok, _, _) = f.build(&[]);
    assert!(!ok);
    assert_eq!(snapshot(&f.out()), before);
}

#[test]
fn slug_escaping_the_output_is_refused() {
    let f = Fixture::new();
    f.write(
        "content/tin-tuc/2023-03-01-a.md",
        "---\ntitle: A\ndate: 2023-03-01\nslug: ../../x\n---\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains("content/tin-tuc/2023-03-01-a.md:4:7"), "{err}");
    assert!(!f.root().join("x").exists() && !f.root().parent().expect("parent").join("x").exists());
}

#[test]
fn two_items_with_one_url_name_both_files() {
    let f = Fixture::new();
    f.write(
        "content/tin-tuc/2023-03-01-ky-ket.md",
        "---\ntitle: Again\ndate: 2023-03-01\n---\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(
        err.contains("content/tin-tuc/2023-02-15-ky-ket.md") && err.contains("content/tin-tuc/2023-03-01-ky-ket.md"),
        "{err}"
    );
    assert!(err.contains("/tin-tuc/ky-ket/"), "{err}");
}

#[test]
fn template_syntax_error_names_the_template_file_and_line() {
    let f = Fixture::new();
    f.write("templates/page.html", "<p>\n{{ page.title \n</p>\n");
    f.write("templates/tag.html", "{% if %}\n");
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains("templates/page.html:3:"), "{err}");
    assert!(err.contains("templates/tag.html:1:"), "{err}");
}

#[test]
fn hostile_inputs_fail_cleanly() {
    let f = Fixture::new();
    let mut bomb = String::from("units:\n  - id: a\n    name: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        bomb.push_str(&format!(
            "    n{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    f.write("data/units.yaml", &bomb);
    f.write("data/clusters.yaml", &"[".repeat(200_000));
    f.write_bytes("content/nul.md", b"---\ntitle: a\0b\n---\n");
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains("data/units.yaml") && err.contains("more than"), "{err}");
    assert!(err.contains("data/clusters.yaml") && err.contains("nested"), "{err}");
    assert!(err.contains("content/nul.md") && err.contains("NUL"), "{err}");
}

#[test]
fn output_folder_not_made_by_bangvang_is_left_alone() {
    let f = Fixture::new();
    f.write("public/mine.txt", "keep me");
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    assert!(err.contains("not made by bangvang"), "{err}");
    assert_eq!(
        std::fs::read_to_string(f.out().join("mine.txt")).expect("kept"),
        "keep me"
    );
}

#[test]
fn control_characters_are_refused_where_they_are_written() {
    // (file, text, position of the escape, the escape)
    let cases = [
        (
            "site.yaml",
            format!("{}notice: \"a\\eb\"\n", common::SITE_YAML),
            "site.yaml:5:11",
        ),
        (
            "content/tin-tuc/2023-03-01-a.md",
            "---\ntitle: \"A\\x1bB\"\ndate: 2023-03-01\n---\n".to_owned(),
            "content/tin-tuc/2023-03-01-a.md:2:10",
        ),
        (
            "content/tin-tuc/2023-03-02-b.md",
            "---\ntitle: B\ndate: 2023-03-02\ntags: [\"t\\u0085\"]\n---\n".to_owned(),
            "content/tin-tuc/2023-03-02-b.md:4:10",
        ),
        (
            "data/units.yaml",
            common::UNITS_YAML.replace("Dương Quang", "\"Dương\\0Quang\""),
            "data/units.yaml:3:35",
        ),
        (
            "data/clusters.yaml",
            "clusters:\n  - {id: xa-phuong, \"name\\x07\": x}\n".to_owned(),
            "data/clusters.yaml:2:26",
        ),
    ];
    for (file, text, at) in &cases {
        let f = Fixture::new();
        f.write(file, text);
        let (ok, _, err) = f.build(&[]);
        assert!(!ok, "{file}");
        assert!(
            err.contains(at) && err.contains("text may not contain the control character"),
            "{at} in {err}"
        );
        assert!(err.contains("1 error;"), "only the cause: {err}");
    }
}

#[test]
fn feeds_cannot_receive_control_characters() {
    let f = Fixture::new();
    // A character reference in Markdown is not an error: it becomes U+FFFD, as `&#0;` does in CommonMark.
    f.write(
        "content/tin-tuc/2023-03-01-a.md",
        "---\ntitle: A\ndate: 2023-03-01\nsummary: \"S &#27;\"\n---\nBody &#x1b; &#x85; [l](/x&#7;)\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    for feed in ["atom.xml", "rss.xml", "sitemap.xml", "tin-tuc/a/index.html"] {
        let text = f.read(feed);
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}')
            .collect();
        assert!(bad.is_empty(), "{feed} carries {bad:?}");
    }
    assert!(f.read("atom.xml").contains("Body \u{FFFD}"), "the body is in the feed");
}

#[test]
fn a_unit_listed_twice_warns_and_is_shown_once() {
    let f = Fixture::new();
    f.write(
        "content/tin-tuc/2023-02-15-ky-ket.md",
        "---\ntitle: Ký kết\ndate: 2023-02-15\nunits: [huyen-tung, duong-quang, huyen-tung]\ntags: [Giao ước, giao uoc]\n---\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert!(
        err.contains("content/tin-tuc/2023-02-15-ky-ket.md:4:34") && err.contains("unit `huyen-tung` is listed twice"),
        "{err}"
    );
    assert!(err.contains("tag `giao uoc` is listed twice"), "{err}");
    let item = f.read("tin-tuc/ky-ket/index.html");
    assert_eq!(item.matches("/portal/don-vi/huyen-tung/\"").count(), 1, "{item}");
    assert_eq!(item.matches("/portal/the/giao-uoc/\"").count(), 1, "{item}");
    let unit = f.read("don-vi/huyen-tung/index.html");
    assert_eq!(unit.matches("/portal/tin-tuc/ky-ket/\"").count(), 1, "{unit}");
}
