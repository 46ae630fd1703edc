//! Table tests of the contract's rules and errors, each built from inline YAML,
//! and property tests over generated seasons.

use super::*;
use crate::diag::{Diagnostic, Severity};
use crate::refs::Refs;
use crate::yaml::{Ctx, parse};

const FILE: &str = "data/scoring/2023/xa-phuong.yaml";
/// Official order; `e` and `f` are units but not members of the base season.
const UNITS: &[&str] = &["a", "b", "c", "d", "e", "f"];
const CLUSTERS: &[&str] = &["xa-phuong", "khoi-co-quan"];

/// A valid final season: four members, sheet of 20 points, two stages.
const BASE: &str = "\
cluster: xa-phuong
year: 2023
status: final
leader: a
deputy: b
members: [a, b, c, d]
scale: 20
bonus_cap: 2
stages: [self, council]
criteria:
  - code: I
    title: Kinh tế
    items:
      - { code: I.1, title: Thu ngân sách, max: 5 }
      - { code: I.2, title: Sản xuất, max: 5 }
  - code: II
    title: Xã hội
    items:
      - { code: II.1, title: Y tế, max: 10 }
tiers:
  - { label: Xuất sắc, min: 18 }
  - { label: Tốt, min: 15 }
  - { label: Hoàn thành, min: 0 }
tie_break: [group:II, deductions]
awards:
  - { title: Cờ thi đua, top: 1 }
  - { title: Bằng khen, top: 3, min: 16, decision: { number: 215/QĐ-UBND, date: 2024-02-01 } }
scores:
  a:
    self:    { I.1: 5, I.2: 5, II.1: 10 }
    council: { I.1: 4.5, I.2: 5, II.1: 9 }
    bonus: [ { points: 1.5, reason: Mô hình dân vận khéo }, { points: 1, reason: Cụm trưởng } ]
  b:
    self:    { I.1: 5, I.2: 4, II.1: 9 }
    council: { I.1: 4, I.2: 4, II.1: 9.5 }
    deductions: [ { points: 0.5, reason: Nộp báo cáo muộn } ]
  c:
    self:    { I.1: 4, I.2: 4, II.1: 8 }
    council: { I.1: 4, I.2: 3.75, II.1: 8.25 }
    note: Giữ nguyên kết quả.
  d:
    self:    { I.1: 5, I.2: 5, II.1: 7.5 }
";

fn load_with(yaml: &str, year: Option<i32>, cluster: Option<&str>) -> (Option<Season>, Vec<Diagnostic>) {
    let root = parse(yaml, FILE, 0, 0).unwrap_or_else(|d| panic!("{}", d.one_line()));
    let mut ctx = Ctx::new(FILE);
    let s = Season::load(
        &root,
        &mut ctx,
        year,
        cluster,
        &Refs::complete(UNITS),
        &Refs::complete(CLUSTERS),
    );
    // As site loading does: warnings that need the standings come after them.
    if let Some(season) = &s {
        let standings = compute(season, None, UNITS);
        ctx.diags.extend(super::shared_awards(FILE, season, &standings));
    }
    (s, ctx.diags)
}

fn load(yaml: &str) -> (Option<Season>, Vec<Diagnostic>) {
    load_with(yaml, Some(2023), Some("xa-phuong"))
}

fn valid(yaml: &str) -> Season {
    let (s, d) = load(yaml);
    let errors: Vec<String> = d.iter().filter(|d| d.is_error()).map(Diagnostic::one_line).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    s.unwrap_or_else(|| panic!("no season"))
}

/// `BASE` with one text replaced; the replaced text must occur exactly once.
fn base_with(from: &str, to: &str) -> String {
    assert_eq!(BASE.matches(from).count(), 1, "`{from}` must occur once in BASE");
    BASE.replacen(from, to, 1)
}

/// 1-based line and column (in characters) of the `nth` occurrence of `needle`.
fn pos(yaml: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (at, _) = yaml
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in the YAML"));
    let before = &yaml[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// Asserts that `yaml` fails with exactly one error: `message`, at the `nth`
/// occurrence of `at`, with a hint containing `hint`.
fn assert_error(yaml: &str, message: &str, at: (&str, usize), hint: &str) {
    let (s, diags) = load(yaml);
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    let shown: Vec<String> = errors.iter().map(|d| d.one_line()).collect();
    assert!(s.is_none(), "a file with errors gives no season");
    assert_eq!(errors.len(), 1, "{shown:#?}");
    let d = errors[0];
    assert_eq!(d.message, message, "{shown:#?}");
    let loc = d.loc.map(|l| (l.line, l.col));
    assert_eq!(loc, Some(pos(yaml, at.0, at.1)), "position of: {}", d.one_line());
    let h = d.hint.clone().unwrap_or_default();
    assert!(h.contains(hint), "hint `{h}` lacks `{hint}`");
}

fn warnings(diags: &[Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(Diagnostic::one_line)
        .collect()
}

fn p(s: &str) -> Points {
    Points::parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
}

// ---------------------------------------------------------------- decoding

#[test]
fn base_season_decodes_every_key() {
    let (s, diags) = load(BASE);
    let s = s.unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(
        (s.cluster.as_str(), s.year, s.status),
        ("xa-phuong", 2023, Status::Final)
    );
    assert_eq!((s.leader.as_str(), s.deputy.as_deref()), ("a", Some("b")));
    assert_eq!(s.members, ["a", "b", "c", "d"]);
    assert_eq!((s.scale, s.bonus_cap), (Some(p("20")), Some(p("2"))));
    assert_eq!(s.stages, ["self", "council"]);
    assert_eq!(s.sheet.entries().len(), 5);
    assert_eq!(
        s.tiers.iter().map(|t| (t.label.as_str(), t.min)).collect::<Vec<_>>(),
        [("Xuất sắc", p("18")), ("Tốt", p("15")), ("Hoàn thành", p("0"))]
    );
    assert_eq!(
        s.tie_break,
        [
            TieBreak::Group {
                code: "II".into(),
                entry: 3
            },
            TieBreak::Deductions
        ]
    );
    let bk = &s.awards[1];
    assert_eq!((bk.title.as_str(), bk.top, bk.min), ("Bằng khen", 3, Some(p("16"))));
    let dec = bk.decision.as_ref().map(|d| (d.number.as_str(), d.date.to_string()));
    assert_eq!(dec, Some(("215/QĐ-UBND", "2024-02-01".to_owned())));
    let a = s.scores_of("a").unwrap();
    assert_eq!(a.final_stage(), Some(1));
    assert_eq!(a.bonus.len(), 2);
    assert_eq!(
        s.scores_of("c").and_then(|c| c.note.as_deref()),
        Some("Giữ nguyên kết quả.")
    );
    assert_eq!(s.scores_of("d").and_then(UnitScores::final_stage), Some(0));
    // a's bonus 2.5 is above the cap 2: a warning at its bonus list, the build goes on.
    assert_eq!(warnings(&diags).len(), 1, "{diags:#?}");
    let w = &diags[0];
    assert_eq!(w.message, "bonus 2.5 cut to the cap 2");
    assert_eq!(w.loc.map(|l| (l.line, l.col)), Some(pos(BASE, "[ { points: 1.5", 0)));
}

/// (replace, with, message, at (needle, nth) in the new text, hint fragment)
type ErrorCase<'a> = (&'a str, &'a str, &'a str, (&'a str, usize), &'a str);

#[test]
fn each_error_is_reported_at_the_offending_value() {
    let cases: &[ErrorCase] = &[
        (
            "council: { I.1: 4.5,",
            "council: { I.1: 5.5,",
            "I.1 allows at most 5 points; 5.5 given",
            ("5.5", 0),
            "from 0 to its criterion's max",
        ),
        (
            "council: { I.1: 4.5,",
            "council: { I.1: -1,",
            "I.1 cannot be below 0; -1 given",
            ("-1", 0),
            "positive",
        ),
        (
            "council: { I.1: 4.5,",
            "council: { I.1: 4.125,",
            "I.1: 4.125: at most two decimal places",
            ("4.125", 0),
            "two decimal places",
        ),
        (
            "    council: { I.1: 4, I.2: 3.75, II.1: 8.25 }",
            "    council:\n      I.1: 4,5\n      I.2: 3.75\n      II.1: 8.25",
            "I.1: `4,5` is text, not a number",
            ("4,5", 0),
            "write 4.5",
        ),
        (
            "council: { I.1: 4.5,",
            "council: { I.1: 4,5,",
            "`I.1: 4,5` reads as two entries: a decimal comma splits a number inside { }",
            ("5, I.2: 5, II.1: 9 }", 0),
            "write 4.5",
        ),
        (
            "council: { I.1: 4.5,",
            "council: { I.1: '4.5',",
            "I.1: `4.5` is text, not a number",
            ("'4.5'", 0),
            "remove the quotes",
        ),
        (
            "I.2: 3.75, II.1: 8.25",
            "I.2: 3.75, II.1: 8.25, I.3: 1",
            "`I.3` is not a leaf of the sheet",
            ("I.3", 0),
            "did you mean",
        ),
        (
            "I.2: 3.75, II.1: 8.25",
            "I.2: 3.75, II.1: 8.25, I: 1",
            "`I` is not a leaf of the sheet",
            ("I: 1", 0),
            "`I` is a group; score its items: I.1, I.2",
        ),
        (
            "    title: Kinh tế\n",
            "    title: Kinh tế\n    max: 9\n",
            "group `I` gives max 9, but its items add up to 10",
            ("9\n", 0),
            "make max 10",
        ),
        (
            "scale: 20",
            "scale: 25",
            "scale is 25, but the sheet's criteria add up to 20",
            ("25", 0),
            "write scale: 20",
        ),
        (
            "members: [a, b, c, d]",
            "members: [a, b, c, d, zz]",
            "member `zz` is not in data/units.yaml",
            ("zz", 0),
            "",
        ),
        (
            "members: [a, b, c, d]",
            "members: [a, b, c, d, b]",
            "duplicate member `b`",
            ("b]", 0),
            "once",
        ),
        (
            "leader: a",
            "leader: zz",
            "leader `zz` is not in data/units.yaml",
            ("zz", 0),
            "",
        ),
        (
            "leader: a",
            "leader: e",
            "leader `e` is not one of the members",
            ("e\n", 0),
            "add `e` to members",
        ),
        (
            "deputy: b",
            "deputy: f",
            "deputy `f` is not one of the members",
            ("f\n", 0),
            "add `f` to members",
        ),
        (
            "deputy: b",
            "deputy: a",
            "`a` is both leader and deputy",
            ("a\nmembers", 0),
            "another member",
        ),
        (
            "  d:\n",
            "  e:\n    self: { I.1: 1 }\n  d:\n",
            "scores for `e`, which is not a member of this cluster",
            ("e:\n    self: { I.1: 1 }", 0),
            "add `e` to members, or remove its scores",
        ),
        (
            "  d:\n",
            "  zz:\n    self: { I.1: 1 }\n  d:\n",
            "scores for `zz`, which is not in data/units.yaml",
            ("zz:", 0),
            "",
        ),
        (
            "    self:    { I.1: 5, I.2: 5, II.1: 7.5 }",
            "    self:    { I.1: 5, II.1: 7.5 }",
            "`d`: its final stage `self` has no score for I.2",
            ("self", 4),
            "status is final, so every leaf needs a score",
        ),
        (
            "    note: Giữ nguyên kết quả.",
            "    cluter: { I.1: 4 }",
            "`cluter` is not a stage in `stages`",
            ("cluter", 0),
            "the stages are self, council",
        ),
        (
            "stages: [self, council]",
            "stages: [self, council, self]",
            "duplicate stage `self`",
            ("self]", 0),
            "already",
        ),
        (
            "stages: [self, council]",
            "stages: [self, bonus, council]",
            "a stage cannot be named `bonus`",
            ("bonus,", 0),
            "",
        ),
        (
            "      - { code: II.1, title: Y tế, max: 10 }",
            "      - { code: II.1, title: Y tế, max: 10 }\n      - { code: I.2, title: Thêm, max: 0 }",
            "duplicate criterion code `I.2`",
            ("I.2, title: Thêm", 0),
            "line 15",
        ),
        (
            "tie_break: [group:II, deductions]",
            "tie_break: [group:IX, deductions]",
            "tie_break `group:IX`: the sheet has no criterion `IX`",
            ("group:IX", 0),
            "",
        ),
        (
            "tie_break: [group:II, deductions]",
            "tie_break: [group:II, deduction]",
            "unknown tie_break key `deduction`",
            ("deduction]", 0),
            "did you mean `deductions`?",
        ),
        (
            "status: final",
            "status: planned",
            "`scores` are given while status is planned",
            ("a:\n    self", 0),
            "remove the scores",
        ),
        (
            "status: final",
            "status: done",
            "unknown status `done`",
            ("done", 0),
            "planned, provisional or final",
        ),
        (
            "year: 2023",
            "year: 2022",
            "this file is in the folder for 2023 but says year: 2022",
            ("2022", 0),
            "data/scoring/2022/",
        ),
        (
            "cluster: xa-phuong",
            "cluster: khoi-co-quan",
            "this file is named for cluster `xa-phuong` but says cluster: khoi-co-quan",
            ("khoi-co-quan", 0),
            "",
        ),
        (
            "cluster: xa-phuong",
            "cluster: xa-phuog",
            "cluster `xa-phuog` is not in data/clusters.yaml",
            ("xa-phuog", 0),
            "",
        ),
        (
            "bonus_cap: 2",
            "bonus_capp: 2",
            "unknown key `bonus_capp` in a scoring file",
            ("bonus_capp", 0),
            "did you mean `bonus_cap`?",
        ),
        (
            "members: [a, b, c, d]",
            "members: [a, b, c, d, e]",
            "member `e` has no scores, and status is final",
            ("e]", 0),
            "set status: provisional",
        ),
        (
            "    self:    { I.1: 5, I.2: 5, II.1: 7.5 }\n",
            "    note: chưa chấm\n",
            "`d` has no stage scores, and status is final",
            ("d:", 0),
            "self, council",
        ),
        (
            "{ points: 0.5, reason: Nộp báo cáo muộn }",
            "{ points: 0.5 }",
            "a deduction needs `reason`",
            ("{ points: 0.5 }", 0),
            "",
        ),
        (
            "{ title: Cờ thi đua, top: 1 }",
            "{ title: Cờ thi đua, top: 0 }",
            "`top` must be a whole number from 1 to 100000, found a number",
            ("0 }\n  - { title: Bằng", 0),
            "",
        ),
        (
            "{ label: Tốt, min: 15 }",
            "{ label: Tốt, min: 15.555 }",
            "a tier's `min`: 15.555: at most two decimal places",
            ("15.555", 0),
            "",
        ),
        (
            "bonus_cap: 2",
            "bonus_cap: -2",
            "`bonus_cap` cannot be below 0; -2 given",
            ("-2", 0),
            "",
        ),
    ];
    for (from, to, message, at, hint) in cases {
        let yaml = base_with(from, to);
        assert_error(&yaml, message, *at, hint);
    }
}

#[test]
fn all_errors_of_a_file_are_reported_in_one_pass() {
    let yaml = BASE
        .replace("members: [a, b, c, d]", "members: [a, b, c, d, zz]")
        .replace("council: { I.1: 4.5,", "council: { I.1: 7,")
        .replace("I.2: 3.75, II.1: 8.25", "I.2: 3.75, II.1: 8,25")
        .replace("scale: 20", "scale: 21")
        .replace("    note: Giữ nguyên kết quả.", "    counsil: {}");
    let (s, diags) = load(&yaml);
    assert!(s.is_none());
    let mut lines: Vec<usize> = diags
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.loc.map(|l| l.line))
        .collect();
    lines.sort();
    let want = [
        pos(&yaml, "scale: 21", 0).0,
        pos(&yaml, "members:", 0).0,
        pos(&yaml, "I.1: 7", 0).0,
        pos(&yaml, "8,25", 0).0,
        pos(&yaml, "counsil", 0).0,
    ];
    let mut want = want.to_vec();
    want.sort();
    assert_eq!(lines, want, "{diags:#?}");
}

#[test]
fn a_wrong_members_list_does_not_cascade() {
    // Without a usable members list, the leader and the scores are not also called non-members.
    for (to, message) in [
        ("members: []", "`members` is empty"),
        ("members: x", "`members` must be a list, found text"),
    ] {
        let (s, d) = load(&base_with("members: [a, b, c, d]", to));
        let errors: Vec<&str> = d.iter().filter(|d| d.is_error()).map(|d| d.message.as_str()).collect();
        assert_eq!((s.is_none(), errors), (true, vec![message]));
    }
}

#[test]
fn planned_without_scores_and_null_keys() {
    let planned = BASE
        .split("scores:\n")
        .next()
        .unwrap_or_default()
        .replace("status: final", "status: planned");
    let s = valid(&planned);
    assert_eq!(s.status, Status::Planned);
    assert!(s.scores.is_empty());
    let st = compute(&s, None, UNITS);
    assert_eq!(st, Standings::default());
    let json = standings_json(&s, &st, str::to_owned);
    assert_eq!(
        json.to_string(),
        r#"{"cluster":"xa-phuong","year":2023,"status":"planned","scale":20,"rows":[]}"#
    );
    // `scores: {}` is no scores; optional keys may be left out.
    let minimal = planned
        .replace("deputy: b\n", "")
        .replace("scale: 20\n", "")
        .replace("bonus_cap: 2\n", "")
        + "scores: {}\n";
    let s = valid(&minimal);
    assert_eq!((s.deputy.as_ref(), s.scale, s.bonus_cap), (None, None, None));
}

#[test]
fn warnings_do_not_stop_the_build() {
    // Tiers in ascending order: the later ones are never reached.
    let yaml = base_with(
        "  - { label: Xuất sắc, min: 18 }\n  - { label: Tốt, min: 15 }\n  - { label: Hoàn thành, min: 0 }\n",
        "  - { label: Hoàn thành, min: 0 }\n  - { label: Tốt, min: 15 }\n",
    )
    .replace(
        "tie_break: [group:II, deductions]",
        "tie_break: [deductions, deductions]",
    );
    let (s, diags) = load(&yaml);
    assert!(s.is_some(), "{diags:#?}");
    let w = warnings(&diags);
    assert!(
        w.iter().any(|m| m.contains("tier `Tốt` (min 15) is never given")),
        "{w:#?}"
    );
    assert!(
        w.iter().any(|m| m.contains("tie_break `deductions` is listed twice")),
        "{w:#?}"
    );
}

#[test]
fn an_award_shared_by_tied_units_warns() {
    // a and b tied for first with no tie_break: both get the flag (top 1).
    let yaml = mini(
        "final",
        "[]",
        "[ { title: Cờ, top: 1 } ]",
        &[("a", "5, 5, 5", ""), ("b", "5, 5, 5", ""), ("c", "1, 1, 1", "")],
    );
    let (s, diags) = load(&yaml);
    let s = s.unwrap_or_else(|| panic!("{diags:#?}"));
    let w = warnings(&diags);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].contains("award `Cờ` (top 1) goes to 2 units: a, b are tied at rank 1"),
        "{w:#?}"
    );
    assert_eq!(
        diags[0].loc.map(|l| (l.line, l.col)),
        Some(pos(&yaml, "{ title: Cờ", 0))
    );
    let st = compute(&s, None, UNITS);
    assert_eq!(awards(&s, &st), [("a", Some("Cờ")), ("b", Some("Cờ")), ("c", None)]);
}

#[test]
fn root_and_sections_of_the_wrong_kind() {
    let (s, d) = load("- a\n");
    assert!(s.is_none());
    assert_eq!(d.len(), 1);
    assert!(d[0].message.starts_with("a scoring file must be a map"), "{d:#?}");
    let (s, d) = load("{}\n");
    assert!(s.is_none());
    let missing: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    for key in ["cluster", "year", "status", "stages", "criteria", "members", "leader"] {
        assert!(
            missing.contains(&format!("a scoring file needs `{key}`").as_str()),
            "{missing:#?}"
        );
    }
    let yaml = base_with("  c:\n    self:", "  c: 7\n  x:\n    self:");
    let (_, d) = load(&yaml);
    assert!(
        d.iter()
            .any(|d| d.message == "the scores of `c` must be a map of stages, found a number"),
        "{d:#?}"
    );
}

/// Errors only, one line each.
fn errors(diags: &[Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(Diagnostic::one_line)
        .collect()
}

#[test]
fn references_into_data_that_failed_are_not_checked() {
    let root = parse(BASE, FILE, 0, 0).unwrap_or_else(|d| panic!("{}", d.one_line()));
    // units.yaml and clusters.yaml did not load: nothing is "not in" them.
    let failed = crate::refs::Failures::all();
    let mut ctx = Ctx::new(FILE);
    Season::load(
        &root,
        &mut ctx,
        Some(2023),
        Some("xa-phuong"),
        &Refs::new(&[], &failed),
        &Refs::new(&[], &failed),
    );
    assert_eq!(errors(&ctx.diags), Vec::<String>::new());
    // One unit broken: references to it are not checked, to the others they are.
    let mut broken = crate::refs::Failures::default();
    broken.broken.insert("a".into());
    let ids = ["b", "c", "d"];
    let mut ctx = Ctx::new(FILE);
    Season::load(
        &root,
        &mut ctx,
        Some(2023),
        Some("xa-phuong"),
        &Refs::new(&ids, &broken),
        &Refs::complete(CLUSTERS),
    );
    assert_eq!(errors(&ctx.diags), Vec::<String>::new());
}

#[test]
fn a_failed_entry_is_its_only_error() {
    // Each fault: (replace, with, the one error).
    let cases = [
        // A misspelt member: b's scores and role are not "not a member".
        (
            "members: [a, b, c, d]",
            "members: [a, bb, c, d]",
            "member `bb` is not in data/units.yaml",
        ),
        (
            "members: [a, b, c, d]",
            "members: [a, {b: 1}, c, d]",
            "`members` must be text",
        ),
        // Scores under a misspelt id: b is not also "without scores".
        (
            "  b:\n    self:",
            "  bb:\n    self:",
            "scores for `bb`, which is not in data/units.yaml",
        ),
        (
            "  b:\n    self:",
            "  e:\n    self:",
            "scores for `e`, which is not a member",
        ),
        // A misspelt code or stage: the final stage's missing leaf is not reported too.
        (
            "council: { I.1: 4.5,",
            "council: { I.9: 4.5,",
            "`I.9` is not a leaf of the sheet",
        ),
        (
            "    council: { I.1: 4.5,",
            "    councl: { I.1: 4.5,",
            "`councl` is not a stage in `stages`",
        ),
        (
            "    council: { I.1: 4.5, I.2: 5, II.1: 9 }",
            "    council: [ 1 ]",
            "stage `council` must be a map",
        ),
    ];
    for (from, to, message) in cases {
        let (_, diags) = load(&base_with(from, to));
        let e = errors(&diags);
        assert!(e.len() == 1 && e[0].contains(message), "{to}: {e:#?}");
    }
    // `scores` of the wrong kind: no member is "without scores" either.
    let yaml = format!("{}scores: [a]\n", &BASE[..BASE.find("scores:").unwrap_or(0)]);
    let e = errors(&load(&yaml).1);
    assert!(e.len() == 1 && e[0].contains("`scores` must be a map"), "{e:#?}");
}

// ---------------------------------------------------------------- computing

/// A season over a 30-point sheet (I.1, I.2 in group I; II.1 in group II) whose
/// members are the units given; each unit given as (id, "I.1, I.2, II.1" with `-`
/// for a missing leaf, extra YAML inside its map such as bonus or deductions).
/// A final season with no tie-break keys and no awards.
fn plain(units: &[(&str, &str, &str)]) -> String {
    mini("final", "[]", "[]", units)
}

fn mini(status: &str, tie_break: &str, awards: &str, units: &[(&str, &str, &str)]) -> String {
    // Listed in reverse, so file order is never official order.
    let members: Vec<&str> = units.iter().rev().map(|u| u.0).collect();
    mini_members(status, tie_break, awards, &members.join(", "), units)
}

fn mini_members(status: &str, tie_break: &str, awards: &str, members: &str, units: &[(&str, &str, &str)]) -> String {
    let mut s = format!(
        "cluster: xa-phuong\nyear: 2023\nstatus: {status}\nleader: a\nmembers: [{members}]\nbonus_cap: 5\n\
         stages: [self, council]\ncriteria:\n  - code: I\n    title: t\n    items:\n      - {{ code: I.1, title: t, max: 10 }}\n\
         \x20     - {{ code: I.2, title: t, max: 10 }}\n  - code: II\n    title: t\n    items:\n      - {{ code: II.1, title: t, max: 10 }}\n\
         tiers:\n  - {{ label: A, min: 25 }}\n  - {{ label: B, min: 10 }}\ntie_break: {tie_break}\nawards: {awards}\nscores:\n"
    );
    for (id, pts, extra) in units {
        let v: Vec<&str> = pts.split(", ").collect();
        let leaves: Vec<String> = ["I.1", "I.2", "II.1"]
            .iter()
            .zip(&v)
            .filter(|(_, x)| **x != "-")
            .map(|(c, x)| format!("{c}: {x}"))
            .collect();
        s.push_str(&format!("  {id}:\n    council: {{ {} }}\n", leaves.join(", ")));
        if !extra.is_empty() {
            s.push_str(&format!("    {extra}\n"));
        }
    }
    s
}

fn ranks(st: &Standings) -> Vec<(&str, u32)> {
    st.rows.iter().map(|r| (r.unit.as_str(), r.rank)).collect()
}

fn awards<'a>(s: &'a Season, st: &'a Standings) -> Vec<(&'a str, Option<&'a str>)> {
    st.rows
        .iter()
        .map(|r| {
            (
                r.unit.as_str(),
                r.award.and_then(|i| s.awards.get(i)).map(|a| a.title.as_str()),
            )
        })
        .collect()
}

fn standings(yaml: &str) -> (Season, Standings) {
    let s = valid(yaml);
    let st = compute(&s, None, UNITS);
    (s, st)
}

#[test]
fn base_standings_follow_every_rule() {
    let (s, st) = standings(BASE);
    // a: 18.5 + 2 (2.5 cut to the cap) = 20.5; b: 17.5 − 0.5 = 17; c: 16; d: 17.5 (its final stage is self).
    let got: Vec<(u32, &str, String, String, String, String)> = st
        .rows
        .iter()
        .map(|r| {
            (
                r.rank,
                r.unit.as_str(),
                r.points.to_string(),
                r.bonus.to_string(),
                r.deductions.to_string(),
                r.total.to_string(),
            )
        })
        .collect();
    let want = [
        (1, "a", "18.5", "2", "0", "20.5"),
        (2, "d", "17.5", "0", "0", "17.5"),
        (3, "b", "17.5", "0", "0.5", "17"),
        (4, "c", "16", "0", "0", "16"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|w| (w.0, w.1, w.2.into(), w.3.into(), w.4.into(), w.5.into()))
        .collect();
    assert_eq!(got, want);
    let a = &st.rows[0];
    assert_eq!(a.bonus_raw, p("2.5"));
    assert_eq!(a.stage, "council");
    assert_eq!(
        a.stages,
        [("self".to_owned(), p("20")), ("council".to_owned(), p("18.5"))]
    );
    assert_eq!(a.groups, [("I".to_owned(), p("9.5")), ("II".to_owned(), p("9"))]);
    assert_eq!(
        a.breakdown,
        [Some(p("9.5")), Some(p("4.5")), Some(p("5")), Some(p("9")), Some(p("9"))]
    );
    assert_eq!(a.bonus_items.len(), 2);
    assert_eq!(st.rows[1].stage, "self");
    assert_eq!(st.rows[1].stages, [("self".to_owned(), p("17.5"))]);
    assert_eq!(st.rows[3].note.as_deref(), Some("Giữ nguyên kết quả."));
    assert_eq!(st.rows[2].deduction_items[0].reason, "Nộp báo cáo muộn");
    let tiers: Vec<Option<&str>> = st.rows.iter().map(|r| r.tier.as_deref()).collect();
    assert_eq!(tiers, [Some("Xuất sắc"), Some("Tốt"), Some("Tốt"), Some("Tốt")]);
    // Flag to rank 1; the certificate (top 3, min 16) to ranks 2 and 3; c (rank 4) nothing.
    assert_eq!(
        awards(&s, &st),
        [
            ("a", Some("Cờ thi đua")),
            ("d", Some("Bằng khen")),
            ("b", Some("Bằng khen")),
            ("c", None)
        ]
    );
    assert!(st.missing.is_empty());
    assert!(st.rows.iter().all(|r| r.change.is_none()));
}

#[test]
fn zero_point_one_plus_zero_point_two_ties_with_zero_point_three() {
    let yaml = plain(&[
        ("a", "0.1, 0.2, 0", ""),
        ("b", "0, 0, 0.3", ""),
        ("c", "0.15, 0.15, 0", ""),
    ]);
    let (_, st) = standings(&yaml);
    assert_eq!(ranks(&st), [("a", 1), ("b", 1), ("c", 1)]);
    assert!(st.rows.iter().all(|r| r.total == p("0.3")));
}

#[test]
fn competition_ranking_one_two_two_four_in_official_order() {
    // Members are listed f..a; ties are shown in official order (b before c).
    let yaml = plain(&[
        ("d", "3, 3, 3", ""),
        ("c", "5, 5, 5", ""),
        ("b", "5, 5, 5", ""),
        ("a", "10, 10, 10", ""),
        ("f", "1, 1, 1", ""),
        ("e", "5, 5, 4.99", ""),
    ]);
    let (_, st) = standings(&yaml);
    assert_eq!(ranks(&st), [("a", 1), ("b", 2), ("c", 2), ("e", 4), ("d", 5), ("f", 6)]);
}

#[test]
fn tie_break_keys_apply_in_order() {
    // All total 15 after bonus and deductions.
    // All total 15 after bonus (cap 5) and deductions.
    let units = [
        ("a", "5, 5, 5", ""),                                         // II 5, no deductions, no bonus
        ("b", "4, 5, 7", "deductions: [ { points: 1, reason: r } ]"), // II 7, deductions 1
        ("c", "3, 3, 7", "bonus: [ { points: 2, reason: r } ]"),      // II 7, bonus 2
        (
            "d",
            "2, 4, 7",
            "bonus: [ { points: 3, reason: r } ]\n    deductions: [ { points: 1, reason: r } ]",
        ), // II 7, both
    ];
    let run = |tb: &str| {
        let (_, st) = standings(&mini("final", tb, "[]", &units));
        assert!(st.rows.iter().all(|r| r.total == p("15")), "{tb}");
        ranks(&st)
            .into_iter()
            .map(|(u, r)| (u.to_owned(), r))
            .collect::<Vec<_>>()
    };
    let r = |v: &[(&str, u32)]| v.iter().map(|(u, r)| (u.to_string(), *r)).collect::<Vec<_>>();
    assert_eq!(run("[]"), r(&[("a", 1), ("b", 1), ("c", 1), ("d", 1)]));
    assert_eq!(run("[group:II]"), r(&[("b", 1), ("c", 1), ("d", 1), ("a", 4)]));
    assert_eq!(
        run("[group:II, deductions]"),
        r(&[("c", 1), ("b", 2), ("d", 2), ("a", 4)])
    );
    assert_eq!(
        run("[group:II, deductions, bonus]"),
        r(&[("c", 1), ("d", 2), ("b", 3), ("a", 4)])
    );
    assert_eq!(
        run("[deductions, group:II]"),
        r(&[("c", 1), ("a", 2), ("b", 3), ("d", 3)])
    );
    assert_eq!(run("[bonus]"), r(&[("d", 1), ("c", 2), ("a", 3), ("b", 3)]));
    // A subtotal of a deeper criterion, and of a leaf, works too.
    assert_eq!(run("[group:I.1]"), r(&[("a", 1), ("b", 2), ("c", 3), ("d", 4)]));
}

#[test]
fn awards_follow_top_min_and_one_award_per_unit() {
    let units = [
        ("a", "10, 10, 10", ""),
        ("b", "9, 9, 9", ""),
        ("c", "9, 9, 9", ""),
        ("d", "8, 8, 8", ""),
        ("e", "7, 7, 7", ""),
        ("f", "1, 1, 1", ""),
    ];
    let run = |aw: &str| {
        let (s, st) = standings(&mini("final", "[]", aw, &units));
        awards(&s, &st)
            .into_iter()
            .map(|(u, a)| format!("{u}:{}", a.unwrap_or("-")))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // The flag to rank 1 only; the certificate to ranks ≤ 3 that have none yet.
    assert_eq!(
        run("[ { title: F, top: 1 }, { title: C, top: 3 } ]"),
        "a:F b:C c:C d:- e:- f:-"
    );
    // Ranks are 1, 2, 2, 4: top 3 reaches both units sharing rank 2 and no fourth.
    assert_eq!(run("[ { title: C, top: 3 } ]"), "a:C b:C c:C d:- e:- f:-");
    assert_eq!(run("[ { title: C, top: 4 } ]"), "a:C b:C c:C d:C e:- f:-");
    // min: a rank inside top but a total below min gets nothing.
    assert_eq!(run("[ { title: C, top: 5, min: 27 } ]"), "a:C b:C c:C d:- e:- f:-");
    // One award per unit: a unit that got the first is skipped by the second.
    assert_eq!(
        run("[ { title: X, top: 2 }, { title: Y, top: 4 } ]"),
        "a:X b:X c:X d:Y e:- f:-"
    );
    // A later award with a lower min does not go to a unit that already has one.
    assert_eq!(
        run("[ { title: X, top: 6, min: 27 }, { title: Y, top: 6, min: 20 } ]"),
        "a:X b:X c:X d:Y e:Y f:-"
    );
}

#[test]
fn tiers_take_the_first_min_reached_or_none() {
    let (_, st) = standings(&plain(&[
        ("a", "10, 10, 5", ""),
        ("b", "10, 10, 4.99", ""),
        ("c", "5, 4.99, 0", ""),
    ]));
    let t: Vec<Option<&str>> = st.rows.iter().map(|r| r.tier.as_deref()).collect();
    assert_eq!(t, [Some("A"), Some("B"), None]);
}

#[test]
fn provisional_ranks_only_scored_members_and_counts_missing_leaves_as_zero() {
    let mut yaml = mini_members(
        "provisional",
        "[]",
        "[ { title: F, top: 1 } ]",
        "f, e, d, c, b, a",
        &[
            ("c", "5, -, 5", ""), // I.2 missing: counts 0
            ("a", "5, 5, 5", ""),
        ],
    );
    // b has an entry but no stage yet, e an empty entry: both still missing. d has
    // an empty council map: ranked with 0. f has nothing.
    yaml.push_str("  b:\n    bonus: [ { points: 1, reason: r } ]\n  d:\n    council: {}\n  e:\n");
    let (s, st) = standings(&yaml);
    assert_eq!(ranks(&st), [("a", 1), ("c", 2), ("d", 3)]);
    assert_eq!(st.rows[1].points, p("10"));
    assert_eq!(st.rows[1].breakdown[2], None);
    assert_eq!(st.rows[1].breakdown[0], Some(p("5")));
    assert_eq!(st.rows[2].total, p("0"));
    assert_eq!(st.missing, ["b", "e", "f"]);
    assert_eq!(awards(&s, &st)[0], ("a", Some("F")));
}

#[test]
fn final_stage_is_the_last_stage_the_unit_has() {
    let mut yaml = mini_members(
        "final",
        "[]",
        "[]",
        "b, a",
        &[("a", "1, 1, 1", "self: { I.1: 10, I.2: 10, II.1: 10 }")],
    );
    // b has only self: that is its final stage, complete as status final needs.
    yaml.push_str("  b:\n    self: { I.1: 2, I.2: 2, II.1: 2 }\n");
    let (_, st) = standings(&yaml);
    let rows: Vec<(&str, &str, String)> = st
        .rows
        .iter()
        .map(|r| (r.unit.as_str(), r.stage.as_str(), r.total.to_string()))
        .collect();
    assert_eq!(rows, [("b", "self", "6".to_owned()), ("a", "council", "3".to_owned())]);
    assert_eq!(
        st.rows[1].stages,
        [("self".to_owned(), p("30")), ("council".to_owned(), p("3"))]
    );
}

#[test]
fn change_is_last_years_rank_minus_this_years() {
    let last = plain(&[
        ("a", "1, 1, 1", ""),
        ("b", "2, 2, 2", ""),
        ("c", "3, 3, 3", ""),
        ("d", "3, 3, 3", ""),
    ]);
    let (_, prev) = standings(&last);
    assert_eq!(ranks(&prev), [("c", 1), ("d", 1), ("b", 3), ("a", 4)]);
    let this = plain(&[
        ("a", "9, 9, 9", ""),
        ("b", "2, 2, 2", ""),
        ("c", "1, 1, 1", ""),
        ("e", "5, 5, 5", ""),
    ]);
    let s = valid(&this);
    let st = compute(&s, Some(&prev), UNITS);
    let got: Vec<(&str, Option<i64>, Option<u32>)> = st
        .rows
        .iter()
        .map(|r| (r.unit.as_str(), r.change, r.previous_rank))
        .collect();
    assert_eq!(
        got,
        [
            ("a", Some(3), Some(4)),
            ("e", None, None),
            ("b", Some(0), Some(3)),
            ("c", Some(-3), Some(1))
        ]
    );
}

#[test]
fn standings_json_has_the_contracts_shape_and_order() {
    let (s, st) = standings(BASE);
    let json = standings_json(&s, &st, |id| format!("Phường {}", id.to_uppercase()));
    let text = serde_json::to_string(&json).unwrap_or_default();
    let first = r#"{"cluster":"xa-phuong","year":2023,"status":"final","scale":20,"rows":[{"rank":1,"unit":"a","name":"Phường A","points":18.5,"bonus":2,"deductions":0,"total":20.5,"groups":{"I":9.5,"II":9},"stage":"council","tier":"Xuất sắc","award":"Cờ thi đua","change":null},"#;
    assert!(text.starts_with(first), "{text}");
    let last = r#"{"rank":4,"unit":"c","name":"Phường C","points":16,"bonus":0,"deductions":0,"total":16,"groups":{"I":7.75,"II":8.25},"stage":"council","tier":"Tốt","award":null,"change":null}]}"#;
    assert!(text.ends_with(last), "{text}");
    // Without `scale` the sheet's whole is published.
    let s2 = valid(&base_with("scale: 20\n", ""));
    let json = standings_json(&s2, &compute(&s2, Some(&st), UNITS), str::to_owned);
    assert_eq!(json["scale"], serde_json::json!(20));
    assert_eq!(json["rows"][0]["change"], serde_json::json!(0));
}

#[test]
fn json_numbers_never_show_binary_noise() {
    // 96.49 as a sum of parts that are inexact in binary.
    let yaml = plain(&[(
        "a",
        "9.99, 9.99, 9.99",
        "bonus: [ { points: 0.1, reason: r }, { points: 0.2, reason: r } ]",
    )]);
    let (s, st) = standings(&yaml);
    let json = standings_json(&s, &st, str::to_owned);
    let row = &json["rows"][0];
    assert_eq!(row["points"].to_string(), "29.97");
    assert_eq!(row["bonus"].to_string(), "0.3");
    assert_eq!(row["total"].to_string(), "30.27");
}

#[test]
fn the_sample_sites_scoring_files_load() {
    let units = [
        "nguyen-thi-minh-khai",
        "song-cau",
        "duc-xuan",
        "phung-chi-kien",
        "huyen-tung",
        "duong-quang",
        "nong-thuong",
        "xuat-hoa",
    ];
    let files = [
        (2022, include_str!("../../data/scoring/2022/xa-phuong.yaml")),
        (2023, include_str!("../../data/scoring/2023/xa-phuong.yaml")),
        (2024, include_str!("../../data/scoring/2024/xa-phuong.yaml")),
    ];
    let mut previous: Option<Standings> = None;
    for (year, text) in files {
        let root = parse(text, FILE, 0, 0).unwrap_or_else(|d| panic!("{}", d.one_line()));
        let mut ctx = Ctx::new(FILE);
        let s = Season::load(
            &root,
            &mut ctx,
            Some(year),
            Some("xa-phuong"),
            &Refs::complete(&units),
            &Refs::complete(&["xa-phuong"]),
        );
        let errors: Vec<String> = ctx
            .diags
            .iter()
            .filter(|d| d.is_error())
            .map(Diagnostic::one_line)
            .collect();
        assert!(errors.is_empty(), "{year}: {errors:#?}");
        let s = s.unwrap_or_else(|| panic!("{year}"));
        let st = compute(&s, previous.as_ref(), &units);
        if s.status == Status::Final {
            assert_eq!(st.rows.len(), 8, "{year}");
            for r in &st.rows {
                assert_eq!(r.total, r.points + r.bonus - r.deductions);
                assert_eq!(r.groups.iter().map(|(_, g)| *g).sum::<Points>(), r.points);
            }
        }
        if year == 2023 {
            // huyền tụng's bonus 6 is cut to 5.
            let w = warnings(&ctx.diags);
            assert!(w.iter().any(|m| m.contains("bonus 6 cut to the cap 5")), "{w:#?}");
            assert!(st.rows.iter().all(|r| r.change.is_some()));
            // nong-thuong has no council map: its final stage is cluster.
            assert_eq!(st.row("nong-thuong").map(|r| r.stage.as_str()), Some("cluster"));
        }
        previous = Some(st);
    }
}

// ---------------------------------------------------------------- properties

mod props {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    const N_UNITS: usize = 6;
    const MAX_LEAVES: usize = 9;
    const IDS: [&str; N_UNITS] = ["u0", "u1", "u2", "u3", "u4", "u5"];

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Tb {
        G0,
        G1,
        Ded,
        Bonus,
    }

    /// A season as plain values; all points in hundredths.
    #[derive(Clone, Debug)]
    struct Gen {
        /// Each group's leaf maxima.
        groups: Vec<Vec<i64>>,
        /// Member unit indices, in the order the file lists them.
        members: Vec<usize>,
        is_final: bool,
        cap: Option<i64>,
        tie_break: Vec<Tb>,
        /// (top, min as a percent of the sheet)
        awards: Vec<(u32, Option<i64>)>,
        /// Per unit: which stages it has, raw score choices, bonus and deduction items.
        shape: Vec<u8>,
        raw: Vec<(u8, u16)>,
        bonus: Vec<Vec<i64>>,
        deductions: Vec<Vec<i64>>,
        /// The order the scores map lists units in.
        score_order: Vec<usize>,
    }

    fn gen_strategy() -> impl Strategy<Value = Gen> {
        let item = prop::sample::select(vec![0i64, 50, 100, 150, 25]);
        (
            prop::collection::vec(
                prop::collection::vec(prop::sample::select(vec![100i64, 250, 500, 1000, 75]), 1..=3),
                1..=3,
            ),
            prop::sample::subsequence((0..N_UNITS).collect::<Vec<_>>(), 1..=N_UNITS).prop_shuffle(),
            any::<bool>(),
            prop::option::of(prop::sample::select(vec![0i64, 100, 200])),
            prop::sample::subsequence(vec![Tb::G0, Tb::G1, Tb::Ded, Tb::Bonus], 0..=4).prop_shuffle(),
            prop::collection::vec(
                (1u32..=4, prop::option::of(prop::sample::select(vec![0i64, 50, 80]))),
                0..=3,
            ),
            prop::collection::vec(any::<u8>(), N_UNITS),
            prop::collection::vec((any::<u8>(), any::<u16>()), N_UNITS * 2 * MAX_LEAVES),
            prop::collection::vec(prop::collection::vec(item.clone(), 0..=2), N_UNITS),
            prop::collection::vec(prop::collection::vec(item, 0..=2), N_UNITS),
            Just((0..N_UNITS).collect::<Vec<_>>()).prop_shuffle(),
        )
            .prop_map(
                |(groups, members, is_final, cap, tie_break, awards, shape, raw, bonus, deductions, score_order)| Gen {
                    groups,
                    members,
                    is_final,
                    cap,
                    tie_break,
                    awards,
                    shape,
                    raw,
                    bonus,
                    deductions,
                    score_order,
                },
            )
    }

    /// What the generator means, computed independently of the implementation.
    struct Expect {
        /// Per member that is ranked: (unit index, key values).
        units: BTreeMap<usize, Truth>,
        missing: Vec<usize>,
    }

    #[derive(Clone, Debug)]
    struct Truth {
        points: i64,
        bonus: i64,
        deductions: i64,
        total: i64,
        groups: Vec<i64>,
    }

    fn hundredths(h: i64) -> String {
        format!("{}.{:02}", h / 100, h % 100)
    }

    impl Gen {
        fn leaves(&self) -> Vec<(usize, i64)> {
            self.groups
                .iter()
                .enumerate()
                .flat_map(|(g, ls)| ls.iter().map(move |m| (g, *m)))
                .collect()
        }
        fn total_max(&self) -> i64 {
            self.groups.iter().flatten().sum()
        }
        /// (has self, has council) for unit `u`; `None`: no entry; `Some((false, false))`: an entry without stages.
        fn stages_of(&self, u: usize) -> Option<(bool, bool)> {
            let s = self.shape[u];
            if self.is_final {
                return Some(match s % 3 {
                    0 => (true, false),
                    1 => (false, true),
                    _ => (true, true),
                });
            }
            match s % 5 {
                0 => Some((true, false)),
                1 => Some((false, true)),
                2 => Some((true, true)),
                3 => Some((false, false)),
                _ => None,
            }
        }
        /// A leaf's score, or `None` when not given (provisional only).
        fn score(&self, u: usize, stage: usize, leaf: usize, max: i64) -> Option<i64> {
            let (flag, r) = self.raw[(u * 2 + stage) * MAX_LEAVES + leaf];
            if !self.is_final && flag % 5 == 0 {
                return None;
            }
            // Few distinct values, so ties are frequent.
            Some(match flag % 4 {
                0 => 0,
                1 => max,
                2 => max / 2 / 25 * 25,
                _ => i64::from(r) % (max / 25 + 1) * 25,
            })
        }
        fn tie_break(&self) -> Vec<Tb> {
            self.tie_break
                .iter()
                .copied()
                .filter(|t| *t != Tb::G1 || self.groups.len() > 1)
                .collect()
        }

        fn yaml(&self, member_order: &[usize], score_order: &[usize]) -> String {
            let mut y = String::from("cluster: xa-phuong\nyear: 2023\n");
            y.push_str(&format!(
                "status: {}\n",
                if self.is_final { "final" } else { "provisional" }
            ));
            let members: Vec<&str> = member_order.iter().map(|&u| IDS[u]).collect();
            y.push_str(&format!("leader: {}\nmembers: [{}]\n", members[0], members.join(", ")));
            y.push_str(&format!("scale: {}\n", hundredths(self.total_max())));
            if let Some(c) = self.cap {
                y.push_str(&format!("bonus_cap: {}\n", hundredths(c)));
            }
            y.push_str("stages: [self, council]\ncriteria:\n");
            let mut leaf = 0;
            for (g, ls) in self.groups.iter().enumerate() {
                y.push_str(&format!("  - code: G{g}\n    title: Nhóm {g}\n    items:\n"));
                for m in ls {
                    y.push_str(&format!(
                        "      - {{ code: G{g}.{leaf}, title: Tiêu chí {leaf}, max: {} }}\n",
                        hundredths(*m)
                    ));
                    leaf += 1;
                }
            }
            let t = self.total_max();
            y.push_str(&format!(
                "tiers:\n  - {{ label: A, min: {} }}\n  - {{ label: B, min: {} }}\n  - {{ label: C, min: 0 }}\n",
                hundredths(t * 8 / 10),
                hundredths(t / 2)
            ));
            let tb: Vec<&str> = self
                .tie_break()
                .iter()
                .map(|t| match t {
                    Tb::G0 => "group:G0",
                    Tb::G1 => "group:G1",
                    Tb::Ded => "deductions",
                    Tb::Bonus => "bonus",
                })
                .collect();
            y.push_str(&format!("tie_break: [{}]\nawards:\n", tb.join(", ")));
            for (i, (top, min)) in self.awards.iter().enumerate() {
                let min = min
                    .map(|pct| format!(", min: {}", hundredths(t * pct / 100)))
                    .unwrap_or_default();
                y.push_str(&format!("  - {{ title: Giải {i}, top: {top}{min} }}\n"));
            }
            y.push_str("scores:\n");
            let leaves = self.leaves();
            for &u in score_order {
                if !self.members.contains(&u) {
                    continue;
                }
                let Some((has_self, has_council)) = self.stages_of(u) else {
                    continue;
                };
                y.push_str(&format!("  {}:\n", IDS[u]));
                for (stage, name, has) in [(0, "self", has_self), (1, "council", has_council)] {
                    if !has {
                        continue;
                    }
                    let codes: Vec<String> = leaves
                        .iter()
                        .enumerate()
                        .filter_map(|(l, (g, m))| {
                            self.score(u, stage, l, *m)
                                .map(|s| format!("G{g}.{l}: {}", hundredths(s)))
                        })
                        .collect();
                    y.push_str(&format!("    {name}: {{ {} }}\n", codes.join(", ")));
                }
                for (key, items) in [("bonus", &self.bonus[u]), ("deductions", &self.deductions[u])] {
                    if !items.is_empty() {
                        let it: Vec<String> = items
                            .iter()
                            .map(|p| format!("{{ points: {}, reason: lý do }}", hundredths(*p)))
                            .collect();
                        y.push_str(&format!("    {key}: [{}]\n", it.join(", ")));
                    }
                }
                if !has_self && !has_council {
                    y.push_str("    note: chưa chấm\n");
                }
            }
            y
        }

        fn expect(&self) -> Expect {
            let leaves = self.leaves();
            let mut units = BTreeMap::new();
            let mut missing = Vec::new();
            let mut members = self.members.clone();
            members.sort();
            for u in members {
                let stage = match self.stages_of(u) {
                    Some((_, true)) => 1,
                    Some((true, false)) => 0,
                    _ => {
                        missing.push(u);
                        continue;
                    }
                };
                let mut groups = vec![0; self.groups.len()];
                for (l, (g, m)) in leaves.iter().enumerate() {
                    groups[*g] += self.score(u, stage, l, *m).unwrap_or(0);
                }
                let points: i64 = groups.iter().sum();
                let raw: i64 = self.bonus[u].iter().sum();
                let bonus = self.cap.map_or(raw, |c| raw.min(c));
                let deductions: i64 = self.deductions[u].iter().sum();
                units.insert(
                    u,
                    Truth {
                        points,
                        bonus,
                        deductions,
                        total: points + bonus - deductions,
                        groups,
                    },
                );
            }
            Expect { units, missing }
        }
    }

    /// `a` strictly ahead of `b` by the contract's rule 4.
    fn ahead(g: &Gen, a: &Truth, b: &Truth) -> bool {
        let mut ka = vec![a.total];
        let mut kb = vec![b.total];
        for t in g.tie_break() {
            let (x, y) = match t {
                Tb::G0 => (a.groups[0], b.groups[0]),
                Tb::G1 => (a.groups[1], b.groups[1]),
                Tb::Ded => (-a.deductions, -b.deductions),
                Tb::Bonus => (a.bonus, b.bonus),
            };
            ka.push(x);
            kb.push(y);
        }
        ka > kb
    }

    fn run(g: &Gen, member_order: &[usize], score_order: &[usize]) -> (Season, Standings, Vec<Diagnostic>) {
        let yaml = g.yaml(member_order, score_order);
        let root = parse(&yaml, FILE, 0, 0).unwrap_or_else(|d| panic!("{}\n{yaml}", d.one_line()));
        let mut ctx = Ctx::new(FILE);
        let s = Season::load(
            &root,
            &mut ctx,
            Some(2023),
            Some("xa-phuong"),
            &Refs::complete(&IDS),
            &Refs::complete(CLUSTERS),
        );
        let errors: Vec<String> = ctx
            .diags
            .iter()
            .filter(|d| d.is_error())
            .map(Diagnostic::one_line)
            .collect();
        assert!(errors.is_empty(), "{errors:#?}\n{yaml}");
        let s = s.unwrap_or_else(|| panic!("no season\n{yaml}"));
        let st = compute(&s, None, &IDS);
        let mut diags = ctx.diags;
        diags.extend(super::super::shared_awards(FILE, &s, &st));
        (s, st, diags)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn input_order_never_changes_the_result(g in gen_strategy(), rev in any::<bool>()) {
            let (s1, st1, _) = run(&g, &g.members, &g.score_order);
            let mut members = g.members.clone();
            let mut order = g.score_order.clone();
            if rev { members.reverse(); } else { members.sort(); }
            order.reverse();
            let (s2, st2, _) = run(&g, &members, &order);
            prop_assert_eq!(&st1, &st2);
            prop_assert_eq!(standings_json(&s1, &st1, str::to_owned), standings_json(&s2, &st2, str::to_owned));
        }

        #[test]
        fn standings_match_the_rules(g in gen_strategy()) {
            let (s, st, diags) = run(&g, &g.members, &g.score_order);
            let exp = g.expect();
            let index = |id: &str| IDS.iter().position(|x| *x == id).unwrap_or(usize::MAX);

            // Ranked and missing units are exactly the members, missing in official order.
            let ranked: Vec<usize> = st.rows.iter().map(|r| index(&r.unit)).collect();
            let mut sorted = ranked.clone();
            sorted.sort();
            prop_assert_eq!(sorted, exp.units.keys().copied().collect::<Vec<_>>());
            prop_assert_eq!(st.missing.iter().map(|m| index(m)).collect::<Vec<_>>(), exp.missing.clone());

            for r in &st.rows {
                let t = &exp.units[&index(&r.unit)];
                prop_assert_eq!(r.total, r.points + r.bonus - r.deductions);
                prop_assert_eq!((r.points.hundredths(), r.bonus.hundredths(), r.deductions.hundredths(), r.total.hundredths()),
                    (t.points, t.bonus, t.deductions, t.total));
                prop_assert_eq!(r.groups.iter().map(|(_, g)| g.hundredths()).collect::<Vec<_>>(), t.groups.clone());
                // Competition rank: 1 + the number of units strictly ahead.
                let better = exp.units.values().filter(|o| ahead(&g, o, t)).count();
                prop_assert_eq!(r.rank as usize, better + 1, "{}", r.unit);
                // Tier: the first whose min the total reaches.
                let want_tier = s.tiers.iter().find(|x| x.min <= r.total).map(|x| x.label.clone());
                prop_assert_eq!(&r.tier, &want_tier);
                if let Some(a) = r.award.and_then(|i| s.awards.get(i)) {
                    prop_assert!(r.rank <= a.top);
                    prop_assert!(a.min.is_none_or(|m| r.total >= m));
                }
            }
            // Rank order, equal ranks in official order.
            for w in st.rows.windows(2) {
                prop_assert!(w[0].rank < w[1].rank || (w[0].rank == w[1].rank && index(&w[0].unit) < index(&w[1].unit)));
            }
            // Each award: only rank positions within top, and any unit eligible
            // and still without an award when its turn came got it.
            for (i, a) in s.awards.iter().enumerate() {
                let mut positions: Vec<u32> = st.rows.iter().filter(|r| r.award == Some(i)).map(|r| r.rank).collect();
                positions.dedup();
                prop_assert!(positions.len() <= a.top as usize);
                for r in &st.rows {
                    let eligible = r.rank <= a.top && a.min.is_none_or(|m| r.total >= m);
                    if eligible {
                        prop_assert!(r.award.is_some_and(|j| j <= i), "{} missed award {}", r.unit, i);
                    }
                }
            }
            // A tie that hands an award to more than `top` units is warned about.
            let shared = s.awards.iter().enumerate().any(|(i, a)| st.rows.iter().filter(|r| r.award == Some(i)).count() > a.top as usize);
            prop_assert_eq!(shared, diags.iter().any(|d| d.message.contains("are tied at rank")));
        }
    }
}
