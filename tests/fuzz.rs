//! Fuzzing the loaders: arbitrary bytes and mutated copies of the sample
//! site's files (bytes flipped, deleted, duplicated, YAML punctuation and
//! escapes inserted) go through `source::decode` and every loader: site.yaml,
//! front matter and pages, units, clusters, scoring files (directly, and now
//! and then through a whole `site::load` of a site holding the mutant).
//!
//! Each case must finish (no panic, no hang) and every error about a file
//! whose text is known must carry a position that agrees with that text: a
//! line and column that are where its byte span starts, inside the text.
//!
//! Deterministic: `BANGVANG_FUZZ_CASES` (default 1500) cases from
//! `BANGVANG_FUZZ_SEED` (default 1). Long runs:
//! `BANGVANG_FUZZ_CASES=200000 cargo test --release --test fuzz`.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use bangvang::diag::{Diagnostic, Sources, locate};
use bangvang::refs::{Failures, Refs};
use bangvang::scoring::Season;
use bangvang::yaml::Ctx;
use bangvang::{config, content, site, source, units};

/// A small, fast, seedable generator (splitmix64): no dependency, and a case
/// is reproduced from its seed alone.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Pieces of YAML (and Markdown) syntax worth inserting.
const TOKENS: &[&str] = &[
    ":",
    ": ",
    "-",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\"",
    "'",
    "\t",
    "\n",
    "\n  ",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "|",
    ">",
    "%YAML 1.2\n",
    "@",
    "`",
    "? ",
    "---\n",
    "...\n",
    "\\",
    "\\x",
    "\\u00",
    "\\e",
    "\\0",
    "\\N",
    "~",
    "null",
    "9,5",
    "1.005",
    "-1",
    "1e9",
    "\u{85}",
    "\u{FEFF}",
    "\r",
    "\u{1b}",
    "&#27;",
    "Huye\u{302}\u{300}n",
    "<<: *a\n",
    "*",
    "&",
    "!",
    "%",
];

fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let end = (at + 1 + rng.below(16)).min(len);
                data.drain(at.min(end)..end);
            }
            2 if len > 0 => {
                let from = rng.below(len);
                let to = (from + 1 + rng.below(64)).min(len);
                let piece = data[from..to].to_vec();
                data.splice(at..at, piece);
            }
            3 if len > 0 => {
                let i = rng.below(len);
                data[i] = rng.below(256) as u8;
            }
            4 => {
                // Truncate: a file cut off anywhere.
                data.truncate(at);
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(at..at, t.iter().copied());
            }
        }
    }
}

/// Which loader a file goes to, by its path.
#[derive(Clone, Copy, Debug)]
enum Loader {
    Config,
    Page,
    Units,
    Clusters,
    Season,
    Documents,
    Holidays,
    Proposal,
}

fn loader_of(rel: &str) -> Loader {
    match rel {
        "site.yaml" => Loader::Config,
        "data/units.yaml" => Loader::Units,
        "data/clusters.yaml" => Loader::Clusters,
        r if r.starts_with("data/scoring/") => Loader::Season,
        "data/documents.yaml" => Loader::Documents,
        "data/holidays.yaml" => Loader::Holidays,
        r if r.starts_with("data/proposals/") => Loader::Proposal,
        _ => Loader::Page,
    }
}

/// The sample site's files, as (path relative to the site, bytes).
fn seeds() -> Vec<(String, Vec<u8>)> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["content", "data"] {
        for e in walkdir::WalkDir::new(repo.join(dir)).sort_by_file_name() {
            let e = e.expect("walk");
            if e.file_type().is_file() {
                let rel = e
                    .path()
                    .strip_prefix(repo)
                    .expect("in repo")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(e.path()).expect("read")));
            }
        }
    }
    out.push((
        "site.yaml".to_owned(),
        std::fs::read(repo.join("site.yaml")).expect("site.yaml"),
    ));
    out
}

/// The diagnostics one loader gives for one text.
fn load(loader: Loader, rel: &str, text: &Arc<str>) -> Vec<Diagnostic> {
    match loader {
        Loader::Config => config::parse(text).err().unwrap_or_default(),
        Loader::Page => {
            let in_content = rel.strip_prefix("content/").unwrap_or(rel);
            content::parse_page(rel, in_content, text).err().unwrap_or_default()
        }
        Loader::Units => units::parse_units(text).1,
        Loader::Clusters => units::parse_clusters(text).1,
        Loader::Documents => {
            let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
            bangvang::documents::parse(text, &repo.join("static")).1
        }
        Loader::Holidays => bangvang::holidays::parse(text).1,
        Loader::Proposal => match bangvang::yaml::parse(text, rel, 0, 0) {
            Ok(node) => {
                let ids = ["duc-xuan", "xuat-hoa", "huyen-tung"];
                let failures = Failures::default();
                let (holidays, _) = bangvang::holidays::parse("holidays:\n  - { date: 2024-01-01, name: x }\n");
                bangvang::proposals::load(rel, text, &node, &Refs::new(&ids, &failures), &holidays).1
            }
            Err(d) => vec![d],
        },
        Loader::Season => {
            let mut ctx = Ctx::new(rel);
            match bangvang::yaml::parse(text, rel, 0, 0) {
                Ok(node) => {
                    let ids = [
                        "nguyen-thi-minh-khai",
                        "song-cau",
                        "duc-xuan",
                        "phung-chi-kien",
                        "huyen-tung",
                    ];
                    let some_failed = Failures {
                        partial: false,
                        broken: ["duong-quang".to_owned()].into(),
                    };
                    let units = Refs::new(&ids, &some_failed);
                    let clusters = Refs::complete(&["xa-phuong"]);
                    Season::load(&node, &mut ctx, Some(2023), Some("xa-phuong"), &units, &clusters);
                    ctx.diags
                }
                Err(d) => vec![d],
            }
        }
    }
}

/// What is wrong with a diagnostic about `file`, whose text is `text`.
fn bad_position(d: &Diagnostic, file: &str, text: &str) -> Option<String> {
    if d.file != file {
        return None;
    }
    let Some(l) = d.loc else {
        return d.is_error().then(|| format!("no position: {}", d.one_line()));
    };
    if l.start > l.end || l.end > text.len() || !text.is_char_boundary(l.start) || !text.is_char_boundary(l.end) {
        return Some(format!(
            "span {}..{} outside the text ({}): {}",
            l.start,
            l.end,
            text.len(),
            d.one_line()
        ));
    }
    let at = locate(text, l.start, l.end);
    if (at.line, at.col) != (l.line, l.col) {
        return Some(format!(
            "says {}:{} but its span starts at {}:{}: {}",
            l.line,
            l.col,
            at.line,
            at.col,
            d.one_line()
        ));
    }
    None
}

/// Runs one case; `Err` describes a failed property.
fn run_case(rel: &str, bytes: &[u8]) -> Result<(), String> {
    let text = match source::decode(bytes, rel) {
        Ok(t) => t,
        // Not text: refused with a position (NUL, controls) or the place in the message.
        Err(d) if d.loc.is_some() || d.message.contains("line ") => return Ok(()),
        Err(d) => return Err(format!("refused without a position: {}", d.one_line())),
    };
    let diags = load(loader_of(rel), rel, &text);
    let mut sources = Sources::default();
    sources.insert(rel, text.clone());
    for d in &diags {
        if let Some(why) = bad_position(d, rel, &text) {
            return Err(why);
        }
        // Rendering the snippet must not fail either.
        let shown = bangvang::diag::render(d, &sources);
        if d.loc.is_some() && !shown.contains(&d.position()) {
            return Err(format!("rendered without its position: {shown}"));
        }
    }
    Ok(())
}

/// A whole site with one mutated file, loaded as a build would.
fn run_site(seeds: &[(String, Vec<u8>)], rel: &str, bytes: &[u8]) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    for (r, b) in seeds {
        let p = dir.path().join(r);
        std::fs::create_dir_all(p.parent().expect("parent")).map_err(|e| e.to_string())?;
        std::fs::write(&p, if r == rel { bytes } else { b }).map_err(|e| e.to_string())?;
    }
    let (_, diags, sources) = site::load(dir.path(), &site::LoadOptions::default());
    for d in diags.iter() {
        if let Some(text) = sources.get(&d.file)
            && let Some(why) = bad_position(d, &d.file, text)
        {
            return Err(why);
        }
    }
    Ok(())
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn loaders_survive_arbitrary_and_mutated_input_with_positions() {
    let cases = env("BANGVANG_FUZZ_CASES", 1500);
    let seed = env("BANGVANG_FUZZ_SEED", 1);
    let seeds = Arc::new(seeds());
    let (tx, rx) = mpsc::channel::<(u64, Result<(), String>, String)>();
    let worker_seeds = Arc::clone(&seeds);
    // The cases run on a worker so that a hang is reported, not waited for.
    std::thread::spawn(move || {
        for case in 0..cases {
            let mut rng = Rng(seed.wrapping_mul(1_000_003).wrapping_add(case));
            let (rel, mut bytes) = match rng.below(20) {
                // Arbitrary bytes, to any loader.
                0 => {
                    let (rel, _) = &worker_seeds[rng.below(worker_seeds.len())];
                    let n = rng.below(300);
                    (rel.clone(), (0..n).map(|_| rng.below(256) as u8).collect::<Vec<u8>>())
                }
                _ => worker_seeds[rng.below(worker_seeds.len())].clone(),
            };
            mutate(&mut rng, &mut bytes);
            let whole_site = rng.below(50) == 0;
            let result = std::panic::catch_unwind(|| {
                if whole_site {
                    run_site(&worker_seeds, &rel, &bytes)
                } else {
                    run_case(&rel, &bytes)
                }
            })
            .unwrap_or_else(|_| Err("panicked".to_owned()));
            let input = format!("{rel}: {:?}", String::from_utf8_lossy(&bytes));
            if tx.send((case, result, input)).is_err() {
                return;
            }
        }
    });
    let mut failures = Vec::new();
    for expected in 0..cases {
        // Loose: a debug build under load takes milliseconds per case.
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok((case, Ok(()), _)) => assert_eq!(case, expected),
            Ok((case, Err(why), input)) => {
                failures.push(format!("case {case} (seed {seed}): {why}\n  input {input}"));
                if failures.len() >= 10 {
                    break;
                }
            }
            Err(_) => panic!("case {expected} (seed {seed}) did not finish in 20 s"),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("fuzz: {cases} cases from seed {seed}, all fine");
}
