//! The reference in docs/ (and README.md, ARCHITECTURE.md) against the code:
//! every key the code accepts, every template variable it passes and every
//! command-line flag is documented; every link resolves; the examples build
//! and give the outputs the pages show.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use bangvang::render::plan;
use clap::CommandFactory;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// README.md, ARCHITECTURE.md and every page of docs/, relative to the repository.
fn doc_files() -> Vec<String> {
    let mut out = vec!["README.md".to_owned(), "ARCHITECTURE.md".to_owned()];
    let mut pages: Vec<String> = fs::read_dir(repo().join("docs"))
        .expect("docs/ exists")
        .filter_map(|e| e.ok())
        .map(|e| format!("docs/{}", e.file_name().to_string_lossy()))
        .filter(|p| p.ends_with(".md"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 8, "{pages:?}");
    out.extend(pages);
    out
}

/// What a Markdown page holds, as the tests need it.
#[derive(Default)]
struct Page {
    /// Link targets outside code.
    links: Vec<String>,
    /// GitHub's anchors of the headings, and explicit `id="…"`s.
    anchors: BTreeSet<String>,
    /// `(level, heading text, text of the code spans until the next heading of
    /// that level or higher)`.
    sections: Vec<(HeadingLevel, String, Vec<String>)>,
    /// Every code span and code block.
    code: Vec<String>,
    /// `(marker, code block)` for each code block right after an HTML comment
    /// `<!-- marker -->`.
    marked: Vec<(String, String)>,
}

/// GitHub's heading anchor: lowercase, punctuation other than `-` and `_`
/// dropped, spaces to hyphens.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn parse(text: &str) -> Page {
    let mut page = Page::default();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut block: Option<String> = None;
    let mut marker: Option<String> = None;
    for event in Parser::new_ext(text, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    page.anchors.insert(anchor(&text));
                    page.sections.push((level, text, Vec::new()));
                }
                marker = None;
            }
            // A marker names the code block right after it, nothing further on.
            Event::Start(Tag::Paragraph | Tag::List(_) | Tag::Table(_)) => marker = None,
            Event::Start(Tag::Link { dest_url, .. }) => page.links.push(dest_url.to_string()),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => block = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(b) = block.take() {
                    if let Some(m) = marker.take() {
                        page.marked.push((m, b.clone()));
                    }
                    add_code(&mut page, b);
                }
            }
            Event::Code(c) => {
                if let Some((_, h)) = &mut heading {
                    h.push_str(&c);
                }
                add_code(&mut page, c.to_string());
            }
            Event::Text(t) => match (&mut block, &mut heading) {
                (Some(b), _) => b.push_str(&t),
                (None, Some((_, h))) => h.push_str(&t),
                _ => {}
            },
            Event::Html(h) | Event::InlineHtml(h) => {
                let h = h.trim();
                if let Some(m) = h.strip_prefix("<!--").and_then(|m| m.strip_suffix("-->")) {
                    marker = Some(m.trim().to_owned());
                }
                if let Some(rest) = h.split("id=\"").nth(1) {
                    page.anchors
                        .insert(rest.split('"').next().unwrap_or_default().to_owned());
                }
            }
            _ => {}
        }
    }
    page
}

fn add_code(page: &mut Page, code: String) {
    if let Some((_, _, spans)) = page.sections.last_mut() {
        spans.push(code.clone());
    }
    page.code.push(code);
}

#[test]
fn links_in_the_docs_point_at_files_and_headings_that_exist() {
    let mut checked = 0;
    for file in doc_files() {
        let page = parse(&read(&file));
        let dir = Path::new(&file).parent().unwrap_or(Path::new(""));
        for link in &page.links {
            if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("mailto:") {
                continue;
            }
            let (path, frag) = link.split_once('#').unwrap_or((link, ""));
            let target: PathBuf = if path.is_empty() {
                PathBuf::from(&file)
            } else {
                dir.join(path)
            };
            assert!(repo().join(&target).exists(), "{file}: link `{link}`: no such file");
            if !frag.is_empty() {
                let anchors = parse(&read(&target.to_string_lossy())).anchors;
                assert!(
                    anchors.contains(frag),
                    "{file}: link `{link}`: no heading `#{frag}` in {} (it has {anchors:?})",
                    target.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} links checked");
}

#[test]
fn docs_point_only_inside_the_repository() {
    for file in doc_files() {
        let text = read(&file);
        assert!(!text.contains("../shared"), "{file} points outside a clone");
    }
    let readme = parse(&read("README.md"));
    assert!(
        readme.links.iter().any(|l| l == "docs/README.md"),
        "README links the reference"
    );
}

/// The strings of `const NAME: &[&str] = &[…];` in a source file.
fn const_list(src: &str, name: &str) -> Vec<String> {
    let text = read(src);
    let start = text
        .find(&format!("const {name}: &[&str] = &["))
        .unwrap_or_else(|| panic!("{src} has no const {name}"));
    let body = &text[start..];
    let body = &body[..body.find("];").expect("list ends")];
    let items: Vec<String> = body.split('"').skip(1).step_by(2).map(str::to_owned).collect();
    assert!(!items.is_empty(), "{src}: {name} is empty");
    items
}

#[test]
fn every_key_the_code_accepts_is_documented() {
    let lists: Vec<(&str, Vec<String>)> = vec![
        ("docs/site.md", const_list("src/config.rs", "KEYS")),
        (
            "docs/content.md",
            bangvang::content::frontmatter::KEYS
                .iter()
                .map(|k| k.to_string())
                .collect(),
        ),
        ("docs/data.md", const_list("src/units.rs", "UNIT_KEYS")),
        ("docs/data.md", const_list("src/units.rs", "CLUSTER_KEYS")),
        (
            "docs/data.md",
            bangvang::units::KINDS.iter().map(|k| k.to_string()).collect(),
        ),
        ("docs/data.md", const_list("src/scoring/season.rs", "KEYS")),
        ("docs/data.md", const_list("src/scoring/season.rs", "TIER_KEYS")),
        ("docs/data.md", const_list("src/scoring/season.rs", "AWARD_KEYS")),
        ("docs/data.md", const_list("src/scoring/season.rs", "DECISION_KEYS")),
        ("docs/data.md", const_list("src/scoring/season.rs", "ITEM_KEYS")),
        ("docs/data.md", const_list("src/scoring/season.rs", "UNIT_KEYS")),
        ("docs/data.md", const_list("src/scoring/season.rs", "STATUSES")),
        ("docs/data.md", const_list("src/scoring/sheet.rs", "CRITERION_KEYS")),
        ("docs/data.md", const_list("src/documents.rs", "KEYS")),
        ("docs/data.md", const_list("src/documents.rs", "DOCUMENT_KEYS")),
        (
            "docs/data.md",
            bangvang::documents::FORMS.iter().map(|f| f.slug.to_string()).collect(),
        ),
        ("docs/data.md", const_list("src/holidays.rs", "KEYS")),
        ("docs/data.md", const_list("src/holidays.rs", "HOLIDAY_KEYS")),
        ("docs/data.md", const_list("src/proposals.rs", "KEYS")),
        ("docs/data.md", const_list("src/proposals.rs", "UNIT_KEYS")),
        ("docs/data.md", const_list("src/proposals.rs", "INDIVIDUAL_KEYS")),
        ("docs/data.md", const_list("src/proposals.rs", "PERIOD_KEYS")),
        ("docs/data.md", const_list("src/proposals.rs", "OUTCOME_KEYS")),
    ];
    for (doc, keys) in lists {
        let code: BTreeSet<String> = parse(&read(doc)).code.into_iter().collect();
        for key in keys {
            assert!(code.contains(&key), "{doc} does not document `{key}`");
        }
    }
    let scoring = parse(&read("docs/scoring.md")).code.join("\n");
    for word in const_list("src/scoring/season.rs", "TIE_BREAK_WORDS") {
        assert!(
            scoring.contains(&word),
            "docs/scoring.md does not document tie_break `{word}`"
        );
    }
}

/// Every object key under `v` (not inside `extra`, whose keys are the author's).
fn keys(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                out.insert(k.clone());
                if k != "extra" {
                    keys(x, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| keys(x, out)),
        _ => {}
    }
}

#[test]
fn every_template_and_template_variable_is_documented() {
    // The sample site has every kind of page.
    let (site, diags, _) = bangvang::site::load(repo(), &Default::default());
    let site = site.unwrap_or_else(|| panic!("the sample site loads: {diags:?}"));
    let urls = bangvang::urls::Urls::new(&site.config);
    let mut cache = bangvang::render::items::Items::default();
    let idx = plan::index(&site, &urls, &mut cache);
    let nav = plan::nav(&site, &urls);
    let Ok(Some(planned)) = plan::plan(&site, &urls, &idx, &nav, None, plan::Planning::Full, &BTreeMap::new()) else {
        panic!("the sample site plans")
    };
    let jobs = planned.jobs;
    let mut vars: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut nested = BTreeSet::new();
    for job in &jobs {
        if let Some((name, v)) = bangvang::render::vars_of(&site, &urls, &job.body) {
            let names = vars.entry(name.file()).or_default();
            for (k, value) in v.iter() {
                names.insert(k);
                keys(&serde_json::to_value(value.value()).expect("plain values"), &mut nested);
            }
        }
    }

    let doc = parse(&read("docs/templates.md"));
    let words: BTreeSet<String> = doc
        .code
        .iter()
        .flat_map(|c| c.split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_')))
        .map(str::to_owned)
        .collect();
    let mut templates: Vec<String> = fs::read_dir(repo().join("themes/default/templates"))
        .expect("theme")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "base.html")
        .collect();
    templates.sort();
    assert!(templates.len() >= 17, "{templates:?}");
    for t in &templates {
        assert!(doc.code.contains(t), "docs/templates.md does not list `{t}`");
        // The template's own section lists its variables.
        let section = doc
            .sections
            .iter()
            .find(|(level, text, _)| *level == HeadingLevel::H3 && text.split([' ', ',']).any(|w| w == t.as_str()))
            .unwrap_or_else(|| panic!("docs/templates.md has no section for {t}"));
        for v in vars.get(t.as_str()).into_iter().flatten() {
            assert!(
                section.2.iter().any(|c| c == v),
                "docs/templates.md, section {t}: variable `{v}` is not documented"
            );
        }
    }
    assert!(vars.len() >= 15, "{:?}", vars.keys());
    for k in &nested {
        assert!(words.contains(k), "docs/templates.md does not document the key `{k}`");
    }
}

#[test]
fn every_command_and_flag_is_in_the_readme_and_the_commands_page() {
    let cli = bangvang::cli::Cli::command();
    for doc in ["README.md", "docs/commands.md"] {
        let text = read(doc);
        for sub in cli.get_subcommands() {
            let name = sub.get_name();
            assert!(
                text.contains(&format!("bangvang {name}")),
                "{doc}: no `bangvang {name}`"
            );
            for arg in sub.get_arguments() {
                let shown = match arg.get_long() {
                    Some(long) => format!("--{long}"),
                    None => arg.get_id().as_str().to_uppercase(),
                };
                if shown == "--help" {
                    continue;
                }
                assert!(
                    text.contains(&shown),
                    "{doc}: `bangvang {name}` has `{shown}`, not documented"
                );
            }
        }
    }
}

fn bangvang() -> Command {
    Command::cargo_bin("bangvang").expect("binary")
}

/// The examples of some pages, written into one site (later pages' files
/// replace earlier ones), built; each `example output` must equal the file.
fn build_examples(pages: &[&str]) {
    let dir = tempfile::tempdir().expect("temp");
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut outputs = Vec::new();
    for p in pages {
        for (marker, code) in parse(&read(p)).marked {
            if let Some(path) = marker.strip_prefix("example output:") {
                outputs.push((p, path.trim().to_owned(), code));
            } else if let Some(path) = marker.strip_prefix("example:") {
                files.insert(path.trim().to_owned(), code);
            }
        }
    }
    assert!(files.contains_key("site.yaml"), "{pages:?} give no site.yaml");
    for (path, text) in &files {
        let full = dir.path().join(path);
        fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        fs::write(full, text).expect("write");
    }
    let out = bangvang()
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the examples of {pages:?} build: {stderr}");
    for (page, path, want) in outputs {
        let got = fs::read_to_string(dir.path().join("public").join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let parse_json =
            |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(
            parse_json(&got),
            parse_json(&want),
            "{page}: the example output {path} differs from what bangvang makes"
        );
    }
}

#[test]
fn the_reference_examples_make_one_site_that_builds() {
    build_examples(&["docs/site.md", "docs/data.md", "docs/content.md"]);
}

#[test]
fn the_worked_scoring_example_gives_the_standings_shown() {
    let page = parse(&read("docs/scoring.md"));
    assert!(page.marked.iter().any(|(m, _)| m.starts_with("example output:")));
    build_examples(&["docs/site.md", "docs/scoring.md"]);
}

/// Every built-in shortcode and each of its arguments is in docs/shortcodes.md.
#[test]
fn every_built_in_shortcode_and_argument_is_documented() {
    let src = read("src/shortcodes/builtins.rs");
    let table = &src[src.find("pub const BUILTINS").expect("the table")..];
    let doc = read("docs/shortcodes.md");
    let quoted = |s: &str| s.split('"').nth(1).map(str::to_owned);
    let mut names = Vec::new();
    for line in table.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("name: ") {
            names.extend(quoted(rest));
        }
        for p in line.split("p(\"").skip(1) {
            let arg = p.split('"').next().unwrap_or_default();
            assert!(
                doc.contains(&format!("`{arg}` (")),
                "docs/shortcodes.md does not document the argument `{arg}`"
            );
        }
    }
    assert!(names.len() >= 6, "{names:?}");
    for n in names {
        assert!(
            doc.contains(&format!("| `{n}` |")),
            "docs/shortcodes.md has no row for `{n}`"
        );
    }
}
