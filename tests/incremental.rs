//! After any sequence of edits, creations and deletions, the incremental
//! rebuilder's output equals a fresh `build` of the same files, byte for byte
//! (and both refuse the same broken states).

mod common;
use std::path::PathBuf;

use bangvang::build::{self, BuildOptions};
use bangvang::incremental::Incremental;
use common::{Fixture, assert_same_tree};

/// A small deterministic generator (xorshift), so a failure names its seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SCORING: &str = "cluster: xa-phuong
year: 2023
status: final
leader: huyen-tung
members: [huyen-tung, duong-quang]
stages: [council]
criteria:
  - { code: I, title: Kinh tế, max: 10 }
  - { code: II, title: Văn hóa, max: 10 }
tiers:
  - { label: Tốt, min: 15 }
awards:
  - { title: Cờ thi đua, top: 1 }
scores:
  huyen-tung: { council: { I: 9, II: SCORE } }
  duong-quang: { council: { I: 8.5, II: 9 } }
";

/// An item dated `day` days after 2023-01-31 (so 1..=28 is in February).
fn item(title: &str, day: usize, units: &str, tags: &str, body: &str, draft: bool) -> String {
    let (month, day) = if day > 28 { (3, day - 28) } else { (2, day) };
    format!(
        "---\ntitle: \"{title}\"\ndate: 2023-{month:02}-{day:02}\nunits: [{units}]\ntags: [{tags}]\ndraft: {draft}\n---\n{body}\n\nMore text.\n"
    )
}

fn edit(f: &Fixture, rng: &mut Rng, items: &mut Vec<String>, step: usize) -> Vec<PathBuf> {
    let unit_sets = ["huyen-tung", "duong-quang", "huyen-tung, duong-quang", ""];
    let tag_sets = ["Giao ước", "Sơ kết", "Giao ước, Tổng kết", ""];
    let path = |rel: &str| f.root().join(rel);
    let pick = |rng: &mut Rng, items: &Vec<String>| items.get(rng.below(items.len().max(1))).cloned();
    match rng.below(16) {
        // Body-only edits: the fast path.
        0..=3 => {
            let Some(rel) = pick(rng, items) else { return vec![] };
            let old = std::fs::read_to_string(path(&rel)).unwrap_or_default();
            let new = old.replace("More text.", &format!("More text, edit {step}."));
            let new = if new == old {
                format!("{old}\nEdit {step}.\n")
            } else {
                new
            };
            f.write(&rel, &new);
            vec![path(&rel)]
        }
        4 => {
            let Some(rel) = pick(rng, items) else { return vec![] };
            let (u, t) = (unit_sets[rng.below(4)], tag_sets[rng.below(4)]);
            f.write(
                &rel,
                &item(&format!("Tiêu đề {step}"), 1 + rng.below(56), u, t, "Body.", false),
            );
            vec![path(&rel)]
        }
        5 => {
            let rel = format!("content/tin-tuc/2023-03-{:02}-tin-{step}.md", 1 + rng.below(28));
            let (u, t) = (unit_sets[rng.below(4)], tag_sets[rng.below(4)]);
            f.write(
                &rel,
                &item(&format!("Tin {step}"), 1 + rng.below(56), u, t, "New.", false),
            );
            items.push(rel.clone());
            vec![path(&rel)]
        }
        6 => {
            if items.len() < 2 {
                return vec![];
            }
            let rel = items.remove(rng.below(items.len()));
            f.remove(&rel);
            vec![path(&rel)]
        }
        7 => {
            let Some(rel) = pick(rng, items) else { return vec![] };
            f.write(
                &rel,
                &item(
                    &format!("Nháp {step}"),
                    3,
                    "huyen-tung",
                    "",
                    "Draft.",
                    rng.below(2) == 0,
                ),
            );
            vec![path(&rel)]
        }
        8 => {
            let Some(rel) = pick(rng, items) else { return vec![] };
            f.write(&rel, "---\ntitle: [broken\n---\n");
            vec![path(&rel)]
        }
        9 => {
            let name = ["Huyền Tụng", "Huyền Tụng mới"][rng.below(2)];
            f.write("data/units.yaml", &common::UNITS_YAML.replace("Huyền Tụng", name));
            vec![path("data/units.yaml")]
        }
        10 => {
            let score = ["9.5", "7", "11", "8.25"][rng.below(4)]; // 11 is above the max: an error
            let year = 2022 + rng.below(3);
            let rel = format!("data/scoring/{year}/xa-phuong.yaml");
            f.write(
                &rel,
                &SCORING.replace("2023", &year.to_string()).replace("SCORE", score),
            );
            vec![path(&rel)]
        }
        11 => {
            // Templates: a page template, and a partial many pages include.
            let (rel, text) = [
                (
                    "templates/page.html",
                    "<!doctype html><title>{{ page.title }}</title><main>{{ page.content_html | safe }}</main>\n",
                ),
                (
                    "templates/partials/item_card.html",
                    "<article class=\"mine\"><a href=\"{{ item.url }}\">{{ item.title }}</a></article>\n",
                ),
            ][rng.below(2)];
            if f.root().join(rel).exists() {
                f.remove(rel);
            } else {
                f.write(rel, text);
            }
            vec![path(rel)]
        }
        12 => {
            // Static files: new, changed, gone, and one a rendered page shadows.
            let rel = ["static/tai-lieu/huong-dan.txt", "static/robots.txt", "static/a.css"][rng.below(3)];
            if f.root().join(rel).exists() && rng.below(2) == 0 {
                f.remove(rel);
            } else {
                f.write(rel, &format!("static {step}\n"));
            }
            vec![path(rel)]
        }
        13 => {
            // The home page's text, shown only on the home page.
            let rel = "content/_index.md";
            f.write(
                rel,
                &format!("---\ntitle: Trang chủ\n---\nMở đầu.\n\nLời chào {}.\n", rng.below(3)),
            );
            vec![path(rel)]
        }
        14 => {
            // A section's title (in the navigation and on its items) or text.
            let rel = "content/tin-tuc/_index.md";
            let title = ["Tin tức", "Tin tức và sự kiện"][rng.below(2)];
            f.write(
                rel,
                &format!("---\ntitle: {title}\n---\nMở đầu.\n\nGiới thiệu {}.\n", rng.below(3)),
            );
            vec![path(rel)]
        }
        _ => {
            // A whole section folder appears or goes.
            let dir = "content/thong-bao";
            if f.root().join(dir).exists() {
                std::fs::remove_dir_all(f.root().join(dir)).expect("remove dir");
            } else {
                f.write(
                    &format!("{dir}/2023-05-01-a.md"),
                    &item("Thông báo", 1, "duong-quang", "Sơ kết", "A.", false),
                );
            }
            vec![path(dir)]
        }
    }
}

/// An incremental session on `f` writing to `out/`, after its first build.
fn session(f: &Fixture) -> (Incremental, BuildOptions) {
    let mut opts = BuildOptions::new(f.root());
    opts.output = f.root().join("out");
    let mut inc = Incremental::new(opts.clone());
    assert!(inc.rebuild(&[]).ok(), "first build");
    (inc, opts)
}

/// The session's output equals a fresh build of the same files.
fn assert_matches_fresh_build(f: &Fixture, opts: &BuildOptions, context: &str) {
    let fresh = f.root().join("fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    assert!(
        build::build(&BuildOptions {
            output: fresh.clone(),
            ..opts.clone()
        })
        .ok(),
        "{context}"
    );
    assert_same_tree(&opts.output, &fresh, context);
}

fn run(seed: u64, steps: usize) {
    let f = Fixture::new();
    for year in [2022, 2023, 2024] {
        f.write(
            &format!("data/scoring/{year}/xa-phuong.yaml"),
            &SCORING.replace("2023", &year.to_string()).replace("SCORE", "9"),
        );
    }
    f.write(
        "content/gioi-thieu.md",
        "---\ntitle: Giới thiệu\n---\nVề trang.\n\nMore text.\n",
    );
    let mut items = vec![
        "content/tin-tuc/2023-02-15-ky-ket.md".to_owned(),
        "content/gioi-thieu.md".to_owned(),
    ];
    for d in 1..=4 {
        let rel = format!("content/tin-tuc/2023-03-0{d}-tin-{d}.md");
        f.write(
            &rel,
            &item(&format!("Tin {d}"), 28 + d, "huyen-tung", "Sơ kết", "Body.", false),
        );
        items.push(rel);
    }
    let inc_out = f.root().join("inc-out");
    let fresh_out = f.root().join("fresh-out");
    let mut opts = BuildOptions::new(f.root());
    opts.output = inc_out.clone();
    let mut inc = Incremental::new(opts.clone());
    assert!(inc.rebuild(&[]).ok(), "seed {seed}: initial build");
    let mut rng = Rng(seed);
    for step in 0..steps {
        let changed = edit(&f, &mut rng, &mut items, step);
        let a = inc.rebuild(&changed);
        let _ = std::fs::remove_dir_all(&fresh_out);
        let b = build::build(&BuildOptions {
            output: fresh_out.clone(),
            ..opts.clone()
        });
        let lines = |d: &bangvang::diag::Diagnostics| bangvang::incremental::one_lines(d);
        assert_eq!(
            a.ok(),
            b.ok(),
            "seed {seed} step {step}: {:?} vs {:?}",
            lines(&a.diags),
            lines(&b.diags)
        );
        assert_eq!(lines(&a.diags), lines(&b.diags), "seed {seed} step {step}");
        if b.ok() {
            assert_same_tree(&inc_out, &fresh_out, &format!("seed {seed} step {step} ({})", a.work));
        }
    }
}

/// `BANGVANG_SEEDS=N cargo test --release --test incremental` runs N more
/// seeds than the fixed ones, for a longer hunt.
#[test]
fn random_edit_sequences_match_fresh_builds() {
    let more: u64 = std::env::var("BANGVANG_SEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    for seed in [1, 7, 42, 2026, 5, 99].into_iter().chain(1000..1000 + more) {
        run(seed, 40);
    }
}

#[test]
fn a_title_edit_re_renders_only_the_pages_that_show_the_item() {
    let f = Fixture::new();
    // Five items in tin-tuc, two a page: "Tin 3" is in the middle of page 2.
    for d in 1..=4 {
        f.write(
            &format!("content/tin-tuc/2023-03-0{d}-tin-{d}.md"),
            &item(&format!("Tin {d}"), 28 + d, "duong-quang", "Sơ kết", "Body.", false),
        );
    }
    let (mut inc, opts) = session(&f);
    let rel = "content/tin-tuc/2023-03-03-tin-3.md";
    f.write(rel, &item("Tin ba", 31, "duong-quang", "Sơ kết", "Body.", false));
    let r = inc.rebuild(&[f.root().join(rel)]);
    assert!(r.ok());
    let mut rendered = r.rendered.clone().expect("a partial render");
    rendered.sort();
    let expected = [
        // Newest first: 4, 3 | 2, 1 | ky-ket. Tin 3 is on the first page of
        // each list, next to Tin 4 and Tin 2.
        "atom.xml",
        "don-vi/duong-quang/index.html",
        "index.html",
        "rss.xml",
        "the/so-ket/index.html",
        "tim-kiem/index.json",
        "tin-tuc/index.html",
        "tin-tuc/tin-2/index.html",
        "tin-tuc/tin-3/index.html",
        "tin-tuc/tin-4/index.html",
    ];
    assert_eq!(rendered, expected, "{}", r.work);
    assert_matches_fresh_build(&f, &opts, "after a title edit");
}

#[test]
fn a_body_edit_re_renders_only_its_page() {
    let f = Fixture::new();
    let mut opts = BuildOptions::new(f.root());
    opts.output = f.root().join("out");
    let mut inc = Incremental::new(opts);
    assert!(inc.rebuild(&[]).ok());
    let rel = "content/tin-tuc/2023-02-15-ky-ket.md";
    let text = std::fs::read_to_string(f.root().join(rel)).expect("read");
    f.write(rel, &text.replace("Nội dung.", "Nội dung.\n\nĐoạn thêm."));
    let r = inc.rebuild(&[f.root().join(rel)]);
    assert!(r.ok());
    assert!(
        r.work.starts_with("re-rendered 3 files"),
        "its page and the two feeds: {}",
        r.work
    );
    assert_eq!(r.stats.map(|s| s.written), Some(3));
}

#[test]
fn a_score_edit_re_renders_only_the_pages_that_show_that_season() {
    let f = Fixture::new();
    let season = |year: i32, score: &str| SCORING.replace("2023", &year.to_string()).replace("SCORE", score);
    for year in [2022, 2023, 2024] {
        f.write(&format!("data/scoring/{year}/xa-phuong.yaml"), &season(year, "9"));
    }
    let (mut inc, opts) = session(&f);
    let item = std::fs::read(f.root().join("out/tin-tuc/ky-ket/index.html")).expect("item page");
    let rel = "data/scoring/2023/xa-phuong.yaml";
    f.write(rel, &season(2023, "7.5"));
    let r = inc.rebuild(&[f.root().join(rel)]);
    assert!(r.ok());
    let mut rendered = r.rendered.clone().expect("a partial render");
    rendered.sort();
    let season_files = |year: i32| {
        ["index.html", "standings.csv", "standings.json", "standings.xlsx"]
            .map(|f| format!("bang-xep-hang/{year}/xa-phuong/{f}"))
    };
    let mut expected: Vec<String> = [
        // 2023 itself, and 2022 and 2024, which link to it and show the
        // change from it…
        season_files(2023).to_vec(),
        season_files(2024).to_vec(),
        vec!["bang-xep-hang/2022/xa-phuong/index.html".to_owned()],
        // …the index, the cluster, the home page and the units' first pages.
        [
            "bang-xep-hang/index.html",
            "bang-xep-hang/xa-phuong/index.html",
            "index.html",
        ]
        .map(String::from)
        .to_vec(),
        ["don-vi/duong-quang/index.html", "don-vi/huyen-tung/index.html"]
            .map(String::from)
            .to_vec(),
    ]
    .concat();
    expected.sort();
    assert_eq!(rendered, expected, "{}", r.work);
    let json = std::fs::read_to_string(f.root().join("out/bang-xep-hang/2023/xa-phuong/standings.json")).expect("json");
    assert!(json.contains("16.5"), "the new total is published: {json}");
    assert_eq!(
        std::fs::read(f.root().join("out/tin-tuc/ky-ket/index.html")).expect("item"),
        item
    );
    assert_matches_fresh_build(&f, &opts, "after a score edit");
}

#[test]
fn static_files_are_copied_and_removed_without_rendering() {
    let f = Fixture::new();
    let (mut inc, opts) = session(&f);
    let fresh = f.root().join("fresh");
    let check = |context: &str| {
        let _ = std::fs::remove_dir_all(&fresh);
        assert!(
            build::build(&BuildOptions {
                output: fresh.clone(),
                ..opts.clone()
            })
            .ok()
        );
        assert_same_tree(&f.root().join("out"), &fresh, context);
    };
    for (step, (rel, body)) in [
        ("static/tai-lieu/a.txt", Some("one")),
        ("static/tai-lieu/a.txt", Some("two")),
        ("static/robots.txt", Some("replaces the rendered robots.txt")),
        ("static/tai-lieu/a.txt", None),
        ("static/robots.txt", None),
    ]
    .into_iter()
    .enumerate()
    {
        match body {
            Some(b) => f.write(rel, b),
            None => f.remove(rel),
        }
        let r = inc.rebuild(&[f.root().join(rel)]);
        assert!(r.ok(), "step {step}");
        // A static robots.txt coming or going changes what is rendered.
        if rel != "static/robots.txt" {
            assert!(r.work.starts_with("copied static files"), "step {step}: {}", r.work);
        }
        check(&format!("step {step}"));
    }
    assert!(!f.root().join("out/tai-lieu").exists(), "an emptied folder goes too");
}

#[test]
fn a_template_edit_re_renders_only_the_pages_that_use_it() {
    let f = Fixture::new();
    let (mut inc, opts) = session(&f);
    let unit_page = std::fs::read(f.root().join("out/don-vi/duong-quang/index.html")).expect("unit page");
    let rel = "templates/partials/item_card.html";
    f.write(rel, "<article class=\"mine\">{{ item.title }}</article>\n");
    let r = inc.rebuild(&[f.root().join(rel)]);
    assert!(r.ok());
    assert!(r.work.contains("pages of the changed templates"), "{}", r.work);
    let list = std::fs::read_to_string(f.root().join("out/tin-tuc/index.html")).expect("list");
    assert!(list.contains("class=\"mine\""), "a page including the partial changed");
    let robots = std::fs::read_to_string(f.root().join("out/robots.txt")).expect("robots");
    assert!(robots.contains("Sitemap"), "pages not using it are as they were");
    assert_eq!(
        std::fs::read(f.root().join("out/don-vi/duong-quang/index.html")).expect("unit"),
        unit_page
    );
    assert_matches_fresh_build(&f, &opts, "after a partial edit");
}

#[test]
fn a_folder_moved_over_another_reloads_the_files_it_holds() {
    let f = Fixture::new();
    f.write("content/moi/_index.md", "---\ntitle: Tin tức\n---\n");
    f.write(
        "content/moi/2023-02-15-ky-ket.md",
        &item(
            "Một bài khác cùng tên tệp",
            15,
            "duong-quang",
            "Tổng kết",
            "Khác.",
            false,
        ),
    );
    let (mut inc, opts) = session(&f);
    let root = f.root();
    std::fs::rename(root.join("content/tin-tuc"), root.join("aside")).expect("move away");
    std::fs::rename(root.join("content/moi"), root.join("content/tin-tuc")).expect("move in");
    let r = inc.rebuild(&[root.join("content/tin-tuc"), root.join("content/moi")]);
    assert!(r.ok());
    assert_matches_fresh_build(&f, &opts, "after swapping folders");
}

#[test]
fn files_a_full_listing_skips_are_skipped_when_they_change_alone() {
    let f = Fixture::new();
    let (mut inc, opts) = session(&f);
    let hidden = "content/tin-tuc/.nhap.md";
    f.write(hidden, &item("Ẩn", 3, "", "", "Ẩn.", false));
    assert!(inc.rebuild(&[f.root().join(hidden)]).ok());
    assert_matches_fresh_build(&f, &opts, "after a hidden file");
    #[cfg(unix)]
    {
        f.write("elsewhere/x.md", &item("Liên kết", 4, "", "", "Ngoài.", false));
        let link = f.root().join("content/tin-tuc/2023-02-04-x.md");
        std::os::unix::fs::symlink(f.root().join("elsewhere/x.md"), &link).expect("symlink");
        assert!(inc.rebuild(&[link]).ok());
        assert_matches_fresh_build(&f, &opts, "after a link to a file outside content/");
    }
}

#[test]
fn a_template_folder_that_goes_re_renders_what_its_templates_made() {
    let f = Fixture::new();
    f.write(
        "templates/partials/item_card.html",
        "<article class=\"mine\">{{ item.title }}</article>\n",
    );
    let (mut inc, opts) = session(&f);
    std::fs::remove_dir_all(f.root().join("templates/partials")).expect("remove folder");
    assert!(inc.rebuild(&[f.root().join("templates/partials")]).ok());
    assert_matches_fresh_build(&f, &opts, "after removing a template folder");
}
