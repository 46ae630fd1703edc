//! Shortcodes in Markdown: each built-in's output, site shortcodes, what
//! stays text, every error at its line and column, and the articles that
//! show a scoring file built again when it changes (nothing else).

mod common;
use std::path::Path;

use common::{Fixture, copy_dir};

const NOW: &str = "2025-01-10";
const ARTICLE: &str = "tin-tuc/cong-bo-khen-thuong-thi-dua-2023/index.html";

/// The sample site with tests/sites/shortcodes/ over it.
fn site() -> Fixture {
    let f = Fixture::sample();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/shortcodes"),
        f.root(),
    );
    f
}

fn built() -> Fixture {
    let f = site();
    let (ok, _, err) = f.build(&["--now", NOW]);
    assert!(ok, "{err}");
    f
}

/// The article's text between `<div class="prose">` and its footer.
fn prose(html: &str) -> &str {
    let start = html.find("<div class=\"prose\">").expect("prose");
    let end = html[start..].find("<footer").map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[test]
fn the_sample_article_shows_standings_a_unit_a_chart_a_document_and_a_note() {
    let f = built();
    let html = f.read(ARTICLE);
    let p = prose(&html);
    // standings: the top 3 with ranks and exact totals as the standings page
    // writes them, linking the units and the full standings.
    let table = &p[p.find("shortcode-standings").expect("standings")..];
    let table = &table[..table.find("</figure>").expect("end")];
    let rows: Vec<&str> = table.matches("<tr><td>").collect();
    assert_eq!(rows.len(), 3, "{table}");
    for (rank, unit, total) in [
        (1, "huyen-tung", "95,75"),
        (2, "duc-xuan", "93"),
        (3, "xuat-hoa", "91,75"),
    ] {
        let row = format!("<tr><td>{rank}</td><th scope=\"row\"><a href=\"/don-vi/{unit}/\">");
        let at = table.find(&row).unwrap_or_else(|| panic!("row {rank}: {table}"));
        assert!(
            table[at..].contains(&format!("<td class=\"num\">{total}</td>")),
            "{table}"
        );
    }
    assert!(table.contains("href=\"/bang-xep-hang/2023/xa-phuong/\""), "{table}");
    // unit: a card with its latest result.
    assert!(p.contains("<p><a href=\"/bang-xep-hang/2023/xa-phuong/\">Cụm thi đua khối xã, phường 2023</a>: Hạng 1/8, 95,75 điểm</p>"), "{p}");
    // chart: the unit page's SVG and its text alternative.
    assert!(
        p.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"history-chart\""),
        "{p}"
    );
    assert!(
        p.contains("2022: 91,25 điểm, hạng 3/8; 2023: 95,75 điểm, hạng 1/8"),
        "{p}"
    );
    // document: a card linking the document's page, with its file.
    assert!(
        p.contains("<a href=\"/van-ban/2024/215-qd-ubnd/\">Quyết định số 215/QĐ-UBND</a>"),
        "{p}"
    );
    assert!(p.contains("<time datetime=\"2024-02-01\">01/02/2024</time>"), "{p}");
    assert!(p.contains("download>Tải văn bản</a> (PDF, 2 KB)"), "{p}");
    // note: an aside with its Markdown rendered.
    assert!(p.contains("<aside class=\"note\">\n<p>Các đơn vị"), "{p}");
    assert!(p.contains("<strong>lấy ý kiến nhân dân</strong>"), "{p}");
    assert!(
        !p.contains("{{") && !p.contains("{%") && !p.contains("bangvang-shortcode"),
        "{p}"
    );
    // Feeds carry the same content, links absolute.
    let atom = f.read("atom.xml");
    assert!(
        atom.contains("https://thidua.example.vn/van-ban/2024/215-qd-ubnd/"),
        "feed links absolute"
    );
    // A list shows the summary, never a shortcode.
    assert!(!f.read("tin-tuc/index.html").contains("shortcode-"));
}

#[test]
fn code_spans_code_blocks_and_escapes_stay_text_and_site_shortcodes_render() {
    let f = built();
    let html = f.read("tin-tuc/ma-ngan/index.html");
    let p = prose(&html);
    assert!(p.contains("<code>{{ unit(id=\"khong-co\") }}</code>"), "{p}");
    assert!(p.contains("{{ unit(id=“khong-co”) }} có dấu gạch chéo"), "escaped: {p}");
    assert!(p.contains("{{ chu thuong }} không có ngoặc"), "{p}");
    assert!(
        p.contains("<pre><code>{{ standings(cluster=\"khong-co\", year=1) }}\n{% note() %}\n</code></pre>"),
        "{p}"
    );
    assert!(
        p.contains("<pre><code>{{ unit(id=\"thut-le\") }}\n</code></pre>"),
        "{p}"
    );
    // Site shortcodes: arguments as variables (escaped), the body as HTML,
    // inline ones inside a paragraph, nested ones inside a body.
    assert!(
        p.contains("<p>Một chữ <mark>được tô</mark>\n giữa câu.</p>")
            || p.contains("<p>Một chữ <mark>được tô</mark> giữa câu.</p>"),
        "{p}"
    );
    assert!(p.contains("<div class=\"khung\"><p class=\"khung-title\">Khung &lt;riêng&gt; (2)</p><p>Nội dung <em>Markdown</em> trong khung, với <mark>lồng</mark>"), "{p}");
    // figure: Markdown image syntax, for the image pipeline; alt from the caption.
    assert!(p.contains("src=\"anh.jpg\""), "{p}");
    assert!(
        p.contains("alt=\"Hội nghị &quot;tổng kết&quot;\"") || p.contains("alt=\"Hội nghị “tổng kết”\""),
        "{p}"
    );
}

/// `stderr` has an error whose message holds `message`, at `file:pos`.
fn has_error(stderr: &str, file: &str, pos: &str, message: &str) {
    let found = stderr
        .split("\nerror")
        .any(|block| block.contains(message) && block.contains(&format!("{file}:{pos}")));
    assert!(found, "no error `{message}` at {file}:{pos} in:\n{stderr}");
}

#[test]
fn malformed_shortcodes_and_wrong_arguments_are_errors_at_their_line_and_column() {
    let f = site();
    let file = "content/tin-tuc/2023-03-02-loi.md";
    f.write(
        file,
        "---\ntitle: Lỗi\ndate: 2023-03-02\n---\n\
{{ unit(ma=\"huyen-tung\") }}\n\
{{ standings(cluster=\"xa-phuong\") }}\n\
{{ standings(cluster=\"xa-phuong\", year=\"2023\") }}\n\
{{ unit(id=huyen-tung) }}\n\
Chữ {{ chart(unit=\"huyen-tung\") }} giữa câu.\n\
{% end %}\n\
{{ unit(id=\"huyen-tung\" }}\n\
{{ note() }}\n\
{{ unit(id=\"a\") \n\
{% note() %}\n",
    );
    let (ok, _, err) = f.build(&["--now", NOW]);
    assert!(!ok);
    has_error(&err, file, "5:9", "unknown argument `ma` of `unit`");
    has_error(&err, file, "5:1", "`unit` needs the argument `id`");
    has_error(&err, file, "6:1", "`standings` needs the argument `year`");
    has_error(
        &err,
        file,
        "7:35",
        "argument `year` of `standings` is a whole number, not a string",
    );
    has_error(&err, file, "8:12", "`huyen-tung` is not a value");
    has_error(
        &err,
        file,
        "9:5",
        "`chart` shows a block, so it goes on a line of its own",
    );
    has_error(&err, file, "10:1", "`{% end %}` closes no shortcode");
    has_error(&err, file, "11:25", "expected `,` or `)` after an argument");
    has_error(&err, file, "12:1", "`note` has a body");
    has_error(&err, file, "13:16", "expected `}}` to close the shortcode `unit`");
    has_error(&err, file, "14:1", "the body of `note` is never closed");
}

#[test]
fn unknown_shortcodes_and_ids_are_errors_at_their_line_and_column() {
    let f = site();
    let file = "content/tin-tuc/2023-03-03-khong-co.md";
    f.write(
        file,
        "---\ntitle: Không có\ndate: 2023-03-03\n---\n\
{{ bang(x=1) }}\n\
{{ standings(cluster=\"khong-co\", year=2023) }}\n\
{{ standings(cluster=\"xa-phuong\", year=2019) }}\n\
{{ unit(id=\"khong-co\") }}\n\
{{ document(number=\"999/QĐ-UBND\") }}\n\
{{ chart(unit=\"huyen-tun\") }}\n",
    );
    let (ok, _, err) = f.build(&["--now", NOW]);
    assert!(!ok);
    has_error(&err, file, "5:1", "unknown shortcode `bang`");
    has_error(&err, file, "6:14", "unknown cluster `khong-co`");
    has_error(&err, file, "7:35", "cluster `xa-phuong` has no season 2019");
    has_error(&err, file, "8:9", "unknown unit `khong-co`");
    has_error(&err, file, "9:13", "no document numbered `999/QĐ-UBND`");
    has_error(&err, file, "10:10", "unknown unit `huyen-tun`");
    assert!(err.contains("did you mean `huyen-tung`?"), "{err}");
}

/// A shortcode naming a unit that is not there is reported beside an error
/// of another file; one naming a unit whose entry is broken is not (that
/// entry's error is the one fault).
#[test]
fn shortcode_errors_come_with_the_other_errors_and_never_repeat_a_fault() {
    let f = site();
    let file = "content/tin-tuc/2023-03-05-hai-loi.md";
    f.write(
        file,
        "---\ntitle: Hai lỗi\ndate: 2023-03-05\n---\n{{ unit(id=\"khong-co\") }}\n\n{{ chart(unit=\"huyen-tung\") }}\n",
    );
    f.write("content/tin-tuc/2023-03-06-hong.md", "---\ntitle: [\n---\nChữ.\n");
    let units = f.root().join("data/units.yaml");
    let text = std::fs::read_to_string(&units).expect("units");
    let broken = text.replacen("  - id: huyen-tung\n", "  - id: huyen-tung\n    khong_co: 1\n", 1);
    assert_ne!(text, broken, "the entry is broken");
    std::fs::write(&units, broken).expect("write");
    let (ok, _, err) = f.build(&["--now", NOW]);
    assert!(!ok);
    has_error(&err, file, "5:9", "unknown unit `khong-co`");
    assert!(
        err.contains("content/tin-tuc/2023-03-06-hong.md:2:"),
        "the other file's error too: {err}"
    );
    assert!(
        !err.contains("unknown unit `huyen-tung`"),
        "a broken entry is its own error only: {err}"
    );
}

/// The year's totals in the article follow the scoring file: a build after
/// editing it renders the article again (and the files that show the
/// season), equal to a clean build; a site without the article renders
/// exactly the article's outputs fewer.
#[test]
fn editing_the_scoring_file_builds_the_article_again_and_nothing_more() {
    let rendered = |report: &str| -> usize {
        let at = report.find(" rendered").expect("rendered count");
        let digits = report[..at].rsplit(|c: char| !c.is_ascii_digit()).next().unwrap_or("");
        digits.parse().expect("a number")
    };
    let with = built();
    let without = built();
    without.remove("content/tin-tuc/2024-02-05-cong-bo-khen-thuong-thi-dua-2023.md");
    let (ok, _, err) = without.build(&["--now", NOW]);
    assert!(ok, "{err}");
    let mut counts = Vec::new();
    for f in [&with, &without] {
        let file = f.root().join("data/scoring/2023/xa-phuong.yaml");
        let text = std::fs::read_to_string(&file).expect("read");
        let edited = text.replacen(
            "points: 0.5, reason: Nộp báo cáo sơ kết 6 tháng muộn",
            "points: 0.25, reason: Nộp báo cáo sơ kết 6 tháng muộn",
            1,
        );
        assert_ne!(text, edited);
        std::fs::write(&file, edited).expect("write");
        let (ok, out, err) = f.build(&["--now", NOW]);
        assert!(ok, "{err}");
        counts.push(rendered(&format!("{out}{err}")));
    }
    // The article, and the two feeds that carry it.
    assert_eq!(counts[0], counts[1] + 3, "{counts:?}");
    let clean = site();
    let file = clean.root().join("data/scoring/2023/xa-phuong.yaml");
    std::fs::copy(with.root().join("data/scoring/2023/xa-phuong.yaml"), &file).expect("copy");
    let (ok, _, err) = clean.build(&["--now", NOW]);
    assert!(ok, "{err}");
    common::assert_same_tree(&with.out(), &clean.out(), "after editing the scoring file");
}

/// A document's file is in static/, not in the build's context: a new
/// size is on the article's card after the next build, as on a clean one.
#[test]
fn a_new_size_of_a_documents_file_is_on_the_article_after_the_next_build() {
    let f = built();
    assert!(prose(&f.read(ARTICLE)).contains("(PDF, 2 KB)"));
    f.write_bytes("static/tai-lieu/215-qd-ubnd-2024.pdf", &vec![b'%'; 5 * 1024]);
    let (ok, _, err) = f.build(&["--now", NOW]);
    assert!(ok, "{err}");
    assert!(
        prose(&f.read(ARTICLE)).contains("(PDF, 5 KB)"),
        "the card follows the file"
    );
    let clean = site();
    clean.write_bytes("static/tai-lieu/215-qd-ubnd-2024.pdf", &vec![b'%'; 5 * 1024]);
    let (ok, _, err) = clean.build(&["--now", NOW]);
    assert!(ok, "{err}");
    common::assert_same_tree(&f.out(), &clean.out(), "after a document's file changed");
}

/// A heading with a shortcode: the table of contents shows its text only.
#[test]
fn a_shortcode_in_a_heading_is_left_out_of_the_table_of_contents() {
    let f = site();
    f.write(
        "content/tin-tuc/2023-03-04-muc-luc.md",
        "---\ntitle: Mục lục\ndate: 2023-03-04\n---\n## Kết quả {{ nhan(chu=\"mới\") }}\n\nChữ.\n",
    );
    let (ok, _, err) = f.build(&["--now", NOW]);
    assert!(ok, "{err}");
    let html = f.read("tin-tuc/muc-luc/index.html");
    assert!(html.contains("<h2 id=\"ket-qua"), "{html}");
    assert!(html.contains("Kết quả <mark>mới</mark>"), "{html}");
    assert!(!html.contains('\u{E000}'), "no placeholder is left: {html}");
}

/// `serve`'s rebuild session: a scoring edit renders the article that shows
/// the season (and not the other articles), an edit of a site shortcode's
/// template renders the pages using it; both equal a clean build.
#[test]
fn in_serve_a_scoring_edit_renders_the_article_again_and_a_shortcode_template_edit_its_users() {
    use bangvang::build::{self, BuildOptions};
    use bangvang::incremental::Incremental;
    let f = site();
    let mut opts = BuildOptions::new(f.root());
    opts.output = f.root().join("out");
    opts.load.now = Some("2025-01-10T00:00:00Z".parse().expect("a moment"));
    let mut inc = Incremental::new(opts.clone());
    assert!(inc.rebuild(&[]).ok(), "first build");
    let same_as_clean = |context: &str| {
        let fresh = f.root().join("fresh");
        let _ = std::fs::remove_dir_all(&fresh);
        let report = build::build(&BuildOptions {
            output: fresh.clone(),
            ..opts.clone()
        });
        assert!(report.ok(), "{context}");
        common::assert_same_tree(&opts.output, &fresh, context);
    };

    let scoring = "data/scoring/2023/xa-phuong.yaml";
    let text = std::fs::read_to_string(f.root().join(scoring)).expect("read");
    f.write(
        scoring,
        &text.replacen(
            "points: 0.5, reason: Nộp báo cáo sơ kết 6 tháng muộn",
            "points: 0.25, reason: Nộp báo cáo sơ kết 6 tháng muộn",
            1,
        ),
    );
    let r = inc.rebuild(&[f.root().join(scoring)]);
    assert!(r.ok(), "{:?}", r.diags);
    let rendered = r.rendered.clone().expect("a partial render");
    assert!(rendered.iter().any(|p| p == ARTICLE), "{rendered:?}");
    assert!(
        rendered.iter().any(|p| p == "bang-xep-hang/2023/xa-phuong/index.html"),
        "{rendered:?}"
    );
    for other in [
        "tin-tuc/ky-ket-giao-uoc-thi-dua-2023/index.html",
        "tin-tuc/ma-ngan/index.html",
    ] {
        assert!(
            !rendered.iter().any(|p| p == other),
            "{other} shows no season: {rendered:?}"
        );
    }
    same_as_clean("after a scoring edit");

    let template = "templates/shortcodes/nhan.html";
    f.write(template, "<mark class=\"moi\">{{ chu }}</mark>\n");
    let r = inc.rebuild(&[f.root().join(template)]);
    assert!(r.ok(), "{:?}", r.diags);
    let page = std::fs::read_to_string(f.root().join("out/tin-tuc/ma-ngan/index.html")).expect("page");
    assert!(page.contains("<mark class=\"moi\">được tô</mark>"), "{page}");
    same_as_clean("after a shortcode template edit");

    // A site shortcode whose template fails is an error at the shortcode.
    f.write(template, "<mark>{{ chu }} {{ khong_co }}</mark>\n");
    let r = inc.rebuild(&[f.root().join(template)]);
    assert!(!r.ok());
    let lines = bangvang::incremental::one_lines(&r.diags);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("content/tin-tuc/2023-03-01-ma-ngan.md:15:9")
                && l.contains("the shortcode `nhan` failed to render")
                && l.contains("templates/shortcodes/nhan.html:1:")),
        "{lines:?}"
    );
}
