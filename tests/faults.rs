//! One fault, one error: each single-fault variant of the sample site (the
//! repository's own site.yaml, content/, data/ and static/) fails with its
//! cause, at its position, and nothing that only follows from it. A unit
//! that does not load is not also "not in data/units.yaml" everywhere it is
//! used; a season that does not load leaves nothing missing elsewhere.

use std::fs;
use std::path::Path;

mod common;
use common::Fixture;

/// One change to the sample site.
enum Edit {
    /// Replace the `nth` occurrence (0-based) of a text in a file.
    Replace(&'static str, &'static str, &'static str, usize),
    /// Replace a file's text with what a function makes of it.
    With(&'static str, fn(&str) -> String),
    /// Replace a file's bytes with what a function makes of them.
    Raw(&'static str, fn(&[u8]) -> Vec<u8>),
    /// Copy a file to another name.
    Copy(&'static str, &'static str),
}

use Edit::*;

/// A fault, the number of errors it must give, and the first (its cause):
/// the file, the text the caret starts at in the changed file (`None`: no
/// position) and a fragment of the message.
struct Fault {
    name: &'static str,
    edits: Vec<Edit>,
    errors: usize,
    file: &'static str,
    at: Option<(&'static str, usize)>,
    message: &'static str,
    /// A warning the fault gives besides the sample's own.
    warning: Option<&'static str>,
}

impl Fault {
    fn warns(self, warning: &'static str) -> Fault {
        Fault {
            warning: Some(warning),
            ..self
        }
    }
}

fn fault(
    name: &'static str,
    edit: Edit,
    errors: usize,
    file: &'static str,
    at: Option<(&'static str, usize)>,
    message: &'static str,
) -> Fault {
    Fault {
        name,
        edits: vec![edit],
        errors,
        file,
        at,
        message,
        warning: None,
    }
}

const UNITS: &str = "data/units.yaml";
const CLUSTERS: &str = "data/clusters.yaml";
const S2023: &str = "data/scoring/2023/xa-phuong.yaml";
const S2022: &str = "data/scoring/2022/xa-phuong.yaml";
const ITEM: &str = "content/tin-tuc/2023-09-12-mo-hinh-dan-van-kheo-huyen-tung.md";
const DOCUMENTS: &str = "data/documents.yaml";
const PROPOSAL: &str = "data/proposals/2023/bang-khen-cum-xa-phuong.yaml";
const HOLIDAYS: &str = "data/holidays.yaml";
const SIGNING: &str = "content/tin-tuc/2023-02-15-ky-ket-giao-uoc-thi-dua-2023/index.md";

fn faults() -> Vec<Fault> {
    vec![
        // data/units.yaml: the file, then one unit.
        fault(
            "units: unclosed bracket",
            Replace(UNITS, "    name: Sông Cầu", "    name: [Sông Cầu", 0),
            1,
            UNITS,
            Some(("[Sông Cầu", 0)),
            "is never closed",
        ),
        fault(
            "units: tab as indentation",
            Replace(UNITS, "    code: \"01837\"", "\tcode: \"01837\"", 0),
            1,
            UNITS,
            Some(("\tcode", 0)),
            "tab",
        ),
        fault(
            "units: unclosed quote",
            Replace(UNITS, "    name: Sông Cầu", "    name: \"Sông Cầu", 0),
            1,
            UNITS,
            Some(("\"Sông Cầu", 0)),
            "quoted scalar",
        ),
        fault(
            "units: bad escape",
            Replace(UNITS, "    name: Sông Cầu", "    name: \"Sông \\q Cầu\"", 0),
            1,
            UNITS,
            Some(("\\q", 0)),
            "unknown escape",
        ),
        fault(
            "units: a second document",
            With(UNITS, |t| format!("{t}---\nunits: []\n")),
            1,
            UNITS,
            Some(("---", 0)),
            "a second YAML document",
        ),
        fault(
            "units: `units` is a map",
            With(UNITS, |_| "units: {a: 1}\n".to_owned()),
            1,
            UNITS,
            Some(("{a", 0)),
            "`units` must be a list",
        ),
        fault(
            "units: `units` misspelt",
            Replace(UNITS, "units:\n", "unist:\n", 0),
            1,
            UNITS,
            Some(("unist", 0)),
            "unknown key `unist`",
        ),
        fault(
            "units: NUL escape in a key",
            Replace(UNITS, "    name: Sông Cầu", "    \"na\\0me\": Sông Cầu", 0),
            1,
            UNITS,
            Some(("\\0", 0)),
            "control character U+0000",
        ),
        fault(
            "units: raw NUL byte",
            With(UNITS, |t| t.replacen("Sông Cầu", "Sông\0Cầu", 1)),
            1,
            UNITS,
            Some(("\0", 0)),
            "NUL",
        ),
        fault(
            "units: escape control character in a name",
            Replace(UNITS, "    name: Sông Cầu", "    name: \"Sông\\x1bCầu\"", 0),
            1,
            UNITS,
            Some(("\\x1b", 0)),
            "control character U+001B",
        ),
        fault(
            "units: raw control character",
            With(UNITS, |t| t.replacen("Sông Cầu", "Sông\u{1b}Cầu", 1)),
            1,
            UNITS,
            Some(("\u{1b}", 0)),
            "control character U+001B",
        ),
        fault(
            "units: unknown kind",
            Replace(
                UNITS,
                "    kind: phường\n    code: \"01837\"",
                "    kind: phố\n    code: \"01837\"",
                0,
            ),
            1,
            UNITS,
            Some(("phố\n", 0)),
            "unknown kind `phố`",
        ),
        fault(
            "units: invalid id",
            Replace(UNITS, "id: song-cau", "id: Song Cau", 0),
            1,
            UNITS,
            Some(("Song Cau", 0)),
            "may only hold lowercase letters",
        ),
        fault(
            "units: a unit without a name",
            Replace(UNITS, "    name: Sông Cầu\n", "", 0),
            1,
            UNITS,
            Some(("id: song-cau", 0)),
            "a unit needs `name`",
        ),
        fault(
            "units: a unit that is not a map",
            Replace(UNITS, "  - id: song-cau\n", "  - song-cau\n  - id: song-cau-x\n", 0),
            1,
            UNITS,
            Some(("song-cau\n", 0)),
            "a unit must be a map",
        ),
        fault(
            "units: a duplicate id",
            Replace(UNITS, "id: duc-xuan\n", "id: song-cau\n", 0),
            1,
            UNITS,
            Some(("song-cau", 1)),
            "duplicate unit id `song-cau`",
        ),
        fault(
            "units: unknown key in a unit",
            Replace(UNITS, "    code: \"01837\"", "    cdoe: \"01837\"", 0),
            1,
            UNITS,
            Some(("cdoe", 0)),
            "did you mean `code`?",
        ),
        fault(
            "units: bad until date",
            Replace(UNITS, "until: 2025-06-30", "until: 2025-06-31", 1),
            1,
            UNITS,
            Some(("2025-06-31", 0)),
            "`until` must be a date",
        ),
        fault(
            "units: unknown successor",
            Replace(UNITS, "successor: bac-kan", "successor: bac-kann", 0),
            1,
            UNITS,
            Some(("bac-kann", 0)),
            "did you mean `bac-kan`?",
        ),
        fault(
            "units: successor loop",
            Replace(
                UNITS,
                "  - id: duc-xuan-2025\n",
                "  - id: duc-xuan-2025\n    successor: nguyen-thi-minh-khai\n",
                0,
            ),
            1,
            UNITS,
            Some(("duc-xuan-2025", 0)),
            "successors go round in a loop: nguyen-thi-minh-khai → duc-xuan-2025 → nguyen-thi-minh-khai",
        ),
        // data/clusters.yaml
        fault(
            "clusters: syntax error",
            Replace(CLUSTERS, "  - id: xa-phuong", "  - id: [xa-phuong", 0),
            1,
            CLUSTERS,
            Some(("[xa-phuong", 0)),
            "is never closed",
        ),
        fault(
            "clusters: `clusters` is text",
            With(CLUSTERS, |_| "clusters: xa-phuong\n".to_owned()),
            1,
            CLUSTERS,
            Some(("xa-phuong", 0)),
            "`clusters` must be a list",
        ),
        fault(
            "clusters: a cluster without a name",
            Replace(CLUSTERS, "    name: Cụm thi đua khối xã, phường\n", "", 0),
            1,
            CLUSTERS,
            Some(("id", 0)),
            "a cluster needs `name`",
        ),
        fault(
            "clusters: invalid id",
            Replace(CLUSTERS, "id: xa-phuong", "id: Xa Phuong", 0),
            1,
            CLUSTERS,
            Some(("Xa Phuong", 0)),
            "may only hold lowercase letters",
        ),
        // A scoring file.
        fault(
            "season: syntax error",
            Replace(S2023, "leader: huyen-tung", "leader: [huyen-tung", 0),
            1,
            S2023,
            Some(("[huyen-tung", 0)),
            "is never closed",
        ),
        fault(
            "season: a second document",
            With(S2022, |t| format!("{t}---\n")),
            1,
            S2022,
            Some(("---", 0)),
            "a second YAML document",
        ),
        fault(
            "season: `scores` is a list",
            With(S2023, |t| {
                format!("{}scores: [a, b]\n", &t[..t.find("scores:").unwrap_or(t.len())])
            }),
            1,
            S2023,
            Some(("[a, b]", 0)),
            "`scores` must be a map",
        ),
        fault(
            "season: `members` is a map",
            With(S2023, |t| {
                let (start, end) = (t.find("members:").unwrap_or(0), t.find("scale:").unwrap_or(0));
                format!("{}members: {{a: 1}}\n{}", &t[..start], &t[end..])
            }),
            1,
            S2023,
            Some(("{a: 1}", 0)),
            "`members` must be a list",
        ),
        fault(
            "season: a unit's scores are a list",
            With(S2023, |t| {
                let (start, end) = (
                    t.find("  song-cau:\n").unwrap_or(0),
                    t.find("  duc-xuan:\n").unwrap_or(0),
                );
                format!("{}  song-cau: [1]\n{}", &t[..start], &t[end..])
            }),
            1,
            S2023,
            Some(("[1]", 0)),
            "the scores of `song-cau` must be a map",
        ),
        fault(
            "season: a stage map is a list",
            Replace(S2023, "    council: { I.1: 5.75,", "    council: [ I.1: 5.75,", 0),
            1,
            S2023,
            Some(("[ I.1: 5.75", 0)),
            "is never closed",
        ),
        fault(
            "season: a member misspelt",
            Replace(
                S2023,
                "members: [nguyen-thi-minh-khai, song-cau,",
                "members: [nguyen-thi-minh-khai, song-cua,",
                0,
            ),
            1,
            S2023,
            Some(("song-cua", 0)),
            "member `song-cua` is not in data/units.yaml",
        ),
        fault(
            "season: a member that is a map",
            Replace(
                S2023,
                "members: [nguyen-thi-minh-khai, song-cau,",
                "members: [nguyen-thi-minh-khai, {song-cau: 1},",
                0,
            ),
            1,
            S2023,
            Some(("{song-cau", 0)),
            "`members` must be text",
        ),
        fault(
            "season: unknown leader",
            Replace(S2023, "leader: huyen-tung", "leader: huyen-tugn", 0),
            1,
            S2023,
            Some(("huyen-tugn", 0)),
            "did you mean `huyen-tung`?",
        ),
        fault(
            "season: leader not a member",
            Replace(S2023, "leader: huyen-tung", "leader: bac-kan", 0),
            1,
            S2023,
            Some(("bac-kan", 0)),
            "is not one of the members",
        ),
        fault(
            "season: a score above its max",
            Replace(
                S2023,
                "self:    { I.1: 6, I.2.1: 4, I.2.2: 3.5",
                "self:    { I.1: 7, I.2.1: 4, I.2.2: 3.5",
                0,
            ),
            1,
            S2023,
            Some(("7, I.2.1", 0)),
            "I.1 allows at most 6 points",
        ),
        fault(
            "season: a decimal comma",
            Replace(S2023, "council: { I.1: 5.75,", "council: { I.1: 5,75,", 0),
            1,
            S2023,
            Some(("75, I.2.1: 3.75, I.2.2: 3.5, I.3: 4", 0)),
            "decimal comma",
        ),
        fault(
            "season: a missing leaf in the final stage",
            Replace(S2023, "council: { I.1: 5.75, ", "council: { ", 0),
            1,
            S2023,
            Some(("council", 1)),
            "has no score for I.1",
        ),
        fault(
            "season: a misspelt leaf code",
            Replace(S2023, "council: { I.1: 5.75, ", "council: { I.9: 5.75, ", 0),
            1,
            S2023,
            Some(("I.9", 0)),
            "`I.9` is not a leaf of the sheet",
        ),
        fault(
            "season: a misspelt stage",
            Replace(S2023, "    council: { I.1: 5.75,", "    councl: { I.1: 5.75,", 0),
            1,
            S2023,
            Some(("councl", 0)),
            "did you mean `council`?",
        ),
        fault(
            "season: scores for a non-member",
            Replace(S2023, "  song-cau:\n", "  bac-kan:\n", 0),
            1,
            S2023,
            Some(("bac-kan", 0)),
            "not a member of this cluster",
        ),
        fault(
            "season: scores for an unknown unit",
            Replace(S2023, "  song-cau:\n", "  song-cua:\n", 0),
            1,
            S2023,
            Some(("song-cua", 0)),
            "which is not in data/units.yaml",
        ),
        fault(
            "season: a bonus without a reason",
            Replace(
                S2023,
                "{ points: 0.5, reason: Tham gia tích cực hội thi cấp thành phố }",
                "{ points: 0.5 }",
                0,
            ),
            1,
            S2023,
            Some(("{ points: 0.5 }", 0)),
            "needs `reason`",
        ),
        fault(
            "season: deductions as a map",
            Replace(
                S2023,
                "deductions: [ { points: 1, reason: Để xảy ra vi phạm trật tự xây dựng chậm xử lý } ]",
                "deductions: { points: 1 }",
                0,
            ),
            1,
            S2023,
            Some(("{ points: 1 }", 0)),
            "`deductions` must be a list",
        ),
        fault(
            "season: unknown cluster",
            Replace(S2023, "cluster: xa-phuong", "cluster: xa-phuog", 0),
            1,
            S2023,
            Some(("xa-phuog", 0)),
            "cluster `xa-phuog` is not in data/clusters.yaml",
        ),
        fault(
            "season: the wrong year",
            Replace(S2023, "year: 2023", "year: 2024", 0),
            1,
            S2023,
            Some(("2024", 0)),
            "in the folder for 2023",
        ),
        fault(
            "season: unknown status",
            Replace(S2023, "status: final", "status: finall", 0),
            1,
            S2023,
            Some(("finall", 0)),
            "unknown status `finall`",
        ),
        fault(
            "season: `stages` is text",
            Replace(S2023, "stages: [self, cluster, council]", "stages: self", 0),
            1,
            S2023,
            Some(("self", 0)),
            "`stages` must be a list",
        ),
        fault(
            "season: a duplicate criterion code",
            Replace(S2023, "{ code: I.3,", "{ code: I.1,", 0),
            1,
            S2023,
            Some(("I.1,", 1)),
            "duplicate",
        ),
        fault(
            "season: a leaf's max changed",
            Replace(
                S2023,
                "{ code: I.1, title: Thu ngân sách nhà nước trên địa bàn đạt và vượt dự toán, max: 6 }",
                "{ code: I.1, title: Thu ngân sách nhà nước trên địa bàn đạt và vượt dự toán, max: 7 }",
                0,
            ),
            1,
            S2023,
            Some(("100", 0)),
            "the sheet's criteria add up to 101",
        ),
        fault(
            "season: unknown tie_break group",
            Replace(
                S2023,
                "tie_break: [group:II, deductions]",
                "tie_break: [group:IX, deductions]",
                0,
            ),
            1,
            S2023,
            Some(("group:IX", 0)),
            "no criterion `IX`",
        ),
        fault(
            "season: an award for the top 0",
            Replace(S2023, "top: 1 }", "top: 0 }", 0),
            1,
            S2023,
            Some(("0 }\n  - { title: Bằng", 0)),
            "`top` must be a whole number",
        ),
        fault(
            "season: a NUL escape in a score key",
            Replace(
                S2023,
                "self:    { I.1: 6, I.2.1: 4, I.2.2: 3.5",
                "self:    { \"I.1\\0\": 6, I.2.1: 4, I.2.2: 3.5",
                0,
            ),
            1,
            S2023,
            Some(("\\0", 0)),
            "control character U+0000",
        ),
        Fault {
            name: "season: in a .yaml and a .yml file",
            edits: vec![Copy(S2023, "data/scoring/2023/xa-phuong.yml")],
            errors: 1,
            file: S2023,
            at: None,
            message: "season 2023 of `xa-phuong` is in 2 files: data/scoring/2023/xa-phuong.yaml, data/scoring/2023/xa-phuong.yml",
            warning: None,
        },
        Fault {
            name: "season: in 2023/ and 02023/",
            edits: vec![Copy(S2023, "data/scoring/02023/xa-phuong.yaml")],
            errors: 1,
            file: "data/scoring/02023/xa-phuong.yaml",
            at: None,
            message: "is in 2 files",
            warning: None,
        },
        fault(
            "season: not in a year folder",
            Copy(S2023, "data/scoring/xa-phuong.yaml"),
            1,
            "data/scoring/xa-phuong.yaml",
            None,
            "must be data/scoring/<year>/<cluster>.yaml",
        ),
        // Front matter.
        fault(
            "front matter: syntax error",
            Replace(SIGNING, "title: Tám xã", "title: [Tám xã", 0),
            1,
            SIGNING,
            Some(("[Tám", 0)),
            "is never closed",
        ),
        fault(
            "front matter: tab as indentation",
            Replace(ITEM, "year: 2023\n", "extra:\n  a: 1\n\tb: 2\nyear: 2023\n", 0),
            1,
            ITEM,
            Some(("\tb", 0)),
            "tab",
        ),
        fault(
            "front matter: unknown unit",
            Replace(ITEM, "units: [huyen-tung]", "units: [huyen-tugn]", 0),
            1,
            ITEM,
            Some(("huyen-tugn", 0)),
            "did you mean `huyen-tung`?",
        ),
        fault(
            "front matter: unknown unit listed twice",
            Replace(ITEM, "units: [huyen-tung]", "units: [huyen-tugn, huyen-tugn]", 0),
            1,
            ITEM,
            Some(("huyen-tugn", 0)),
            "unknown unit `huyen-tugn`",
        )
        .warns("unit `huyen-tugn` is listed twice"),
        fault(
            "front matter: unknown cluster",
            Replace(ITEM, "cluster: xa-phuong", "cluster: xa-phuog", 0),
            1,
            ITEM,
            Some(("xa-phuog", 0)),
            "did you mean `xa-phuong`?",
        ),
        fault(
            "front matter: unknown key",
            Replace(ITEM, "tags:", "tgas:", 0),
            1,
            ITEM,
            Some(("tgas", 0)),
            "did you mean `tags`?",
        ),
        fault(
            "front matter: `units` is text",
            Replace(ITEM, "units: [huyen-tung]", "units: huyen-tung", 0),
            1,
            ITEM,
            Some(("huyen-tung", 0)),
            "`units` must be a list",
        ),
        fault(
            "front matter: an item without a date",
            Replace(ITEM, "date: 2023-09-12\n", "", 0),
            1,
            ITEM,
            Some(("title", 0)),
            "needs a `date`",
        ),
        fault(
            "front matter: a bad date",
            Replace(ITEM, "date: 2023-09-12", "date: 2023-09-31", 0),
            1,
            ITEM,
            Some(("2023-09-31", 0)),
            "`date` must be a date",
        ),
        fault(
            "front matter: an escaped control character",
            Replace(ITEM, "title: \"Huyền Tụng:", "title: \"Huyền\\eTụng:", 0),
            1,
            ITEM,
            Some(("\\e", 0)),
            "control character U+001B",
        ),
        fault(
            "front matter: never closed",
            With(ITEM, |t| {
                t.replacen("---\n", "", 2).replacen("title:", "---\ntitle:", 1)
            }),
            1,
            ITEM,
            Some(("---", 0)),
            "never closed",
        ),
        fault(
            "section index: syntax error",
            Replace("content/tin-tuc/_index.md", "title: Tin tức", "title: [Tin tức", 0),
            1,
            "content/tin-tuc/_index.md",
            Some(("[Tin", 0)),
            "is never closed",
        ),
        fault(
            "body: a raw control character",
            With(ITEM, |t| format!("{t}\nA\u{7}B\n")),
            1,
            ITEM,
            Some(("\u{7}", 0)),
            "control character U+0007",
        ),
        fault(
            "season: a stage that is a number",
            With(S2023, |t| {
                let start = t.find("    council: { I.1: 5.75,").unwrap_or(0);
                let end = start + t[start..].find('\n').unwrap_or(0);
                format!("{}    council: 5{}", &t[..start], &t[end..])
            }),
            1,
            S2023,
            Some(("5\n    bonus", 0)),
            "stage `council` must be a map",
        ),
        fault(
            "season: `criteria` is text",
            With(S2023, |t| {
                let (start, end) = (t.find("criteria:").unwrap_or(0), t.find("tiers:").unwrap_or(0));
                format!("{}criteria: none\n{}", &t[..start], &t[end..])
            }),
            1,
            S2023,
            Some(("none", 0)),
            "`criteria` must be a list",
        ),
        fault(
            "season: deputy is the leader",
            Replace(S2023, "deputy: duc-xuan", "deputy: huyen-tung", 0),
            1,
            S2023,
            Some(("huyen-tung", 1)),
            "is both leader and deputy",
        ),
        fault(
            "season: three decimals",
            Replace(
                S2023,
                "{ points: 0.5, reason: Tham gia",
                "{ points: 0.125, reason: Tham gia",
                0,
            ),
            1,
            S2023,
            Some(("0.125", 0)),
            "decimal",
        ),
        fault(
            "season: a tier's min as text",
            Replace(S2023, "min: 90 }", "min: 9o }", 0),
            1,
            S2023,
            Some(("9o", 0)),
            "min",
        ),
        fault(
            "season: not UTF-8",
            Raw(S2023, |b| [b, &b"\xff\n"[..]].concat()),
            1,
            S2023,
            None,
            "not UTF-8",
        ),
        fault(
            "units: not UTF-8",
            Raw(UNITS, |b| [b, &b"\xff\n"[..]].concat()),
            1,
            UNITS,
            None,
            "not UTF-8",
        ),
        fault(
            "clusters: a raw NUL byte",
            Raw(CLUSTERS, |b| [b, &b"\0\n"[..]].concat()),
            1,
            CLUSTERS,
            Some(("\0", 0)),
            "NUL",
        ),
        fault(
            "front matter: `extra` is a number",
            Replace(ITEM, "year: 2023\n", "year: 2023\nextra: 5\n", 0),
            1,
            ITEM,
            Some(("5\n", 0)),
            "`extra` must be a map",
        ),
        fault(
            "front matter: `year` out of range",
            Replace(ITEM, "year: 2023", "year: 20233", 0),
            1,
            ITEM,
            Some(("20233", 0)),
            "`year` must be a whole number",
        ),
        fault(
            "front matter: `draft: maybe`",
            Replace(ITEM, "year: 2023\n", "year: 2023\ndraft: maybe\n", 0),
            1,
            ITEM,
            Some(("maybe", 0)),
            "`draft` must be true or false",
        ),
        fault(
            "front matter: `cluster` is a list",
            Replace(ITEM, "cluster: xa-phuong", "cluster: [xa-phuong]", 0),
            1,
            ITEM,
            Some(("[xa-phuong]", 0)),
            "`cluster` must be text",
        ),
        fault(
            "front matter: a bad slug",
            Replace(ITEM, "year: 2023\n", "year: 2023\nslug: Mô hình\n", 0),
            1,
            ITEM,
            Some(("Mô hình", 0)),
            "write `slug: mo-hinh`",
        ),
        fault(
            "front matter: a tag without letters",
            Replace(ITEM, "tags: [", "tags: [\"!!\", ", 0),
            1,
            ITEM,
            Some(("\"!!\"", 0)),
            "no letters or digits",
        ),
        fault(
            "front matter: missing",
            With(ITEM, |t| t.replacen("---\n", "", 1)),
            1,
            ITEM,
            Some(("title", 0)),
            "does not start with front matter",
        ),
        fault(
            "front matter: two items with one URL",
            Copy(ITEM, "content/tin-tuc/2023-09-13-mo-hinh-dan-van-kheo-huyen-tung.md"),
            1,
            "content/tin-tuc/2023-09-13-mo-hinh-dan-van-kheo-huyen-tung.md",
            None,
            "/tin-tuc/mo-hinh-dan-van-kheo-huyen-tung/",
        ),
        fault(
            "site.yaml: not UTF-8",
            Raw("site.yaml", |b| [b, &b"\xff\n"[..]].concat()),
            1,
            "site.yaml",
            None,
            "not UTF-8",
        ),
        fault(
            "site.yaml: an unknown theme",
            Replace("site.yaml", "theme: default", "theme: nosuch", 0),
            1,
            "site.yaml",
            None,
            "nosuch",
        ),
        fault(
            "season: planned but scored",
            Replace(S2023, "status: final", "status: planned", 0),
            1,
            S2023,
            Some(("nguyen-thi-minh-khai:\n", 0)),
            "`scores` are given while status is planned",
        ),
        fault(
            "season: an empty file",
            With(S2023, |_| "# nothing yet\n".to_owned()),
            1,
            S2023,
            Some(("#", 0)),
            "is empty",
        ),
        fault(
            "season: a list at the top",
            With(S2023, |_| "- cluster: xa-phuong\n".to_owned()),
            1,
            S2023,
            Some(("-", 0)),
            "a scoring file must be a map",
        ),
        fault(
            "season: a leaf's max as text",
            Replace(
                S2023,
                "title: Thu ngân sách nhà nước trên địa bàn đạt và vượt dự toán, max: 6 }",
                "title: Thu ngân sách nhà nước trên địa bàn đạt và vượt dự toán, max: six }",
                0,
            ),
            1,
            S2023,
            Some(("six", 0)),
            "six",
        ),
        fault(
            "season: a group's max that is not its sum",
            Replace(S2023, "        max: 8\n", "        max: 9\n", 0),
            1,
            S2023,
            Some(("9\n", 0)),
            "8",
        ),
        fault(
            "season: bonus as a number",
            Replace(
                S2023,
                "bonus: [ { points: 0.5, reason: Tham gia tích cực hội thi cấp thành phố } ]",
                "bonus: 5",
                0,
            ),
            1,
            S2023,
            Some(("5\n    deductions", 0)),
            "`bonus` must be a list",
        ),
        fault(
            "season: a bad decision date",
            Replace(S2023, "date: 2024-02-01 }", "date: 2024-02-30 }", 0),
            1,
            S2023,
            Some(("2024-02-30", 0)),
            "`date` must be a date",
        ),
        fault(
            "units: a list at the top",
            With(UNITS, |t| t.replacen("units:\n", "", 1)),
            1,
            UNITS,
            Some(("-", 0)),
            "must be a map",
        ),
        fault(
            "units: a key given twice",
            Replace(
                UNITS,
                "    name: Sông Cầu\n",
                "    name: Sông Cầu\n    name: Sông Cầu\n",
                0,
            ),
            1,
            UNITS,
            Some(("name: Sông Cầu", 1)),
            "duplicate key `name`",
        ),
        fault(
            "units: aliases as text",
            Replace(UNITS, "aliases: [Minh Khai]", "aliases: Minh Khai", 0),
            1,
            UNITS,
            Some(("Minh Khai\n", 1)),
            "`aliases` must be a list",
        ),
        fault(
            "units: an alias to nothing",
            Replace(UNITS, "aliases: [Minh Khai]", "aliases: *khai", 0),
            1,
            UNITS,
            Some(("*khai", 0)),
            "anchor",
        ),
        fault(
            "front matter: no title",
            Replace(
                ITEM,
                "title: \"Huyền Tụng: mô hình “Dân vận khéo” trong chỉnh trang ngõ xóm\"\n",
                "",
                0,
            ),
            1,
            ITEM,
            Some(("date", 0)),
            "front matter needs `title`",
        ),
        fault(
            "front matter: a list",
            With(ITEM, |t| {
                format!("---\n- a\n{}", &t[t[4..].find("---").map_or(0, |i| i + 4)..])
            }),
            1,
            ITEM,
            Some(("- a", 0)),
            "front matter must be a map",
        ),
        fault(
            "home: syntax error",
            Replace("content/_index.md", "title: Thi đua", "title: [Thi đua", 0),
            1,
            "content/_index.md",
            Some(("[Thi", 0)),
            "is never closed",
        ),
        fault(
            "site.yaml: no title",
            Replace("site.yaml", "title: Thi đua – Khen thưởng thành phố Bắc Kạn\n", "", 0),
            1,
            "site.yaml",
            Some(("description", 0)),
            "site.yaml needs `title`",
        ),
        fault(
            "site.yaml: a bad base_url",
            Replace(
                "site.yaml",
                "base_url: https://thidua.example.vn/",
                "base_url: thidua.example.vn",
                0,
            ),
            1,
            "site.yaml",
            Some(("thidua.example.vn", 0)),
            "must start with https://",
        ),
        // site.yaml
        fault(
            "site.yaml: syntax error",
            Replace("site.yaml", "title: Thi đua", "title: [Thi đua", 0),
            1,
            "site.yaml",
            Some(("[Thi", 0)),
            "is never closed",
        ),
        fault(
            "site.yaml: tab as indentation",
            Replace("site.yaml", "extra: {}", "extra:\n  a: 1\n\tb: 2", 0),
            1,
            "site.yaml",
            Some(("\tb", 0)),
            "tab",
        ),
        fault(
            "site.yaml: paginate 0",
            Replace("site.yaml", "paginate: 10", "paginate: 0", 0),
            1,
            "site.yaml",
            Some(("0", 0)),
            "`paginate` must be a whole number",
        ),
        fault(
            "site.yaml: unknown language",
            Replace("site.yaml", "language: vi", "language: fr", 0),
            1,
            "site.yaml",
            Some(("fr", 0)),
            "unknown language `fr`",
        ),
        fault(
            "site.yaml: unknown key",
            Replace("site.yaml", "paginate:", "pagniate:", 0),
            1,
            "site.yaml",
            Some(("pagniate", 0)),
            "did you mean `paginate`?",
        ),
        fault(
            "site.yaml: an escaped control character",
            With("site.yaml", |t| {
                t.replacen("notice: Điểm số", "notice: \"\\u0085\"\nx: Điểm số", 1)
                    .replacen("x: Điểm", "# Điểm", 1)
            }),
            1,
            "site.yaml",
            Some(("\\u0085", 0)),
            "control character U+0085",
        ),
        fault(
            "site.yaml: a second document",
            With("site.yaml", |t| format!("{t}---\ntitle: x\n")),
            1,
            "site.yaml",
            Some(("---", 0)),
            "a second YAML document",
        ),
        // The documents register: a broken file leaves the decisions that
        // name its documents unchecked (no warning that they are missing).
        fault(
            "documents: unclosed bracket",
            Replace(
                DOCUMENTS,
                "    issuer: UBND tỉnh Bắc Kạn",
                "    issuer: [UBND tỉnh Bắc Kạn",
                0,
            ),
            1,
            DOCUMENTS,
            Some(("[UBND", 0)),
            "is never closed",
        ),
        fault(
            "documents: the decision's entry broken",
            Replace(DOCUMENTS, "form: quyet-dinh", "form: quyet-dinhh", 0),
            1,
            DOCUMENTS,
            Some(("quyet-dinhh", 0)),
            "unknown document form",
        ),
        fault(
            "documents: a file that is not in static/",
            Replace(DOCUMENTS, "tai-lieu/215-qd-ubnd-2024.pdf", "tai-lieu/215.pdf", 0),
            1,
            DOCUMENTS,
            Some(("tai-lieu/215.pdf", 0)),
            "does not exist",
        ),
        fault(
            "documents: in effect before it was issued",
            Replace(DOCUMENTS, "    effective: 2024-02-01", "    effective: 2024-01-01", 0),
            1,
            DOCUMENTS,
            Some(("2024-01-01", 0)),
            "before it is issued",
        ),
        // Public comment and the holidays its periods are counted in.
        fault(
            "proposals: an unknown unit",
            Replace(PROPOSAL, "id: xuat-hoa", "id: xuat-hao", 0),
            1,
            PROPOSAL,
            Some(("xuat-hao", 0)),
            "unknown unit `xuat-hao`",
        ),
        fault(
            "proposals: the period ends before it starts",
            Replace(PROPOSAL, "end: 2024-01-19", "end: 2023-01-19", 0),
            1,
            PROPOSAL,
            Some(("2023-01-19", 0)),
            "ends (2023-01-19) before it starts",
        ),
        fault(
            "holidays: unclosed bracket",
            Replace(HOLIDAYS, "  - { date: 2024-01-01", "  - [ date: 2024-01-01", 0),
            1,
            HOLIDAYS,
            Some(("[ date", 0)),
            "never closed",
        ),
    ]
}

/// One error as printed: `file:line:col` (or the file) and the message.
#[derive(Debug)]
struct Printed {
    position: String,
    message: String,
}

/// Reads the errors and warnings out of a build's stderr, in printed order.
fn printed(stderr: &str, severity: &str) -> Vec<Printed> {
    let prefix = format!("{severity}: ");
    let lines: Vec<&str> = stderr.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix(&prefix) else {
            continue;
        };
        // With a snippet: the position is on the next line, `┌─ file:3:7`.
        if let Some(pos) = lines
            .get(i + 1)
            .and_then(|l| l.split_once("┌─ "))
            .map(|(_, p)| p.trim())
        {
            out.push(Printed {
                position: pos.to_owned(),
                message: rest.to_owned(),
            });
        } else if let Some((pos, message)) = rest.split_once(": ") {
            out.push(Printed {
                position: pos.to_owned(),
                message: message.to_owned(),
            });
        }
    }
    out
}

/// Builds the fixture: (success, stderr).
fn build(site: &Fixture) -> (bool, String) {
    let (ok, _, stderr) = site.build(&[]);
    (ok, stderr)
}

/// `file:line:col` of the `nth` occurrence of `needle` in `text`.
fn position(file: &str, text: &str, needle: &str, nth: usize) -> String {
    let (at, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in {file}"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{file}:{line}:{col}")
}

fn apply(root: &Path, edit: &Edit) {
    let read = |f: &str| fs::read_to_string(root.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    match edit {
        Replace(file, from, to, nth) => {
            let text = read(file);
            let (at, _) = text
                .match_indices(from)
                .nth(*nth)
                .unwrap_or_else(|| panic!("`{from}` #{nth} not in {file}"));
            let changed = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
            fs::write(root.join(file), changed).expect("write");
        }
        With(file, f) => {
            let changed = f(&read(file));
            fs::write(root.join(file), changed).expect("write");
        }
        Raw(file, f) => {
            let changed = f(&fs::read(root.join(file)).expect("read"));
            fs::write(root.join(file), changed).expect("write");
        }
        Copy(from, to) => {
            let target = root.join(to);
            fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            fs::copy(root.join(from), target).expect("copy");
        }
    }
}

/// What is wrong with one fault's build, if anything.
fn check(f: &Fault, baseline_warnings: &[String]) -> Option<String> {
    let site = Fixture::sample();
    for e in &f.edits {
        apply(site.root(), e);
    }
    let (ok, stderr) = build(&site);
    if ok {
        return Some(format!("{}: the build succeeded\n{stderr}", f.name));
    }
    let errors = printed(&stderr, "error");
    let summary = format!(
        "build failed: {} error{}",
        f.errors,
        if f.errors == 1 { "" } else { "s" }
    );
    if errors.len() != f.errors || !stderr.contains(&summary) {
        return Some(format!(
            "{}: {} errors, expected {}\n{stderr}",
            f.name,
            errors.len(),
            f.errors
        ));
    }
    let first = &errors[0];
    let want = match f.at {
        Some((needle, nth)) => {
            let text = fs::read(site.root().join(f.file)).expect("the file");
            position(f.file, &String::from_utf8_lossy(&text), needle, nth)
        }
        None => f.file.to_owned(),
    };
    if first.position != want || !first.message.contains(f.message) && !stderr.contains(f.message) {
        return Some(format!(
            "{}: the first error is `{}: {}`, expected `{want}` with `{}`\n{stderr}",
            f.name, first.position, first.message, f.message
        ));
    }
    // Warnings the sample has anyway are fine; a new one follows from the fault.
    let new: Vec<String> = printed(&stderr, "warning")
        .into_iter()
        .map(|w| w.message)
        .filter(|m| !baseline_warnings.contains(m))
        .collect();
    let expected = |m: &String| f.warning.is_some_and(|w| m.contains(w));
    if new.iter().any(|m| !expected(m)) || f.warning.is_some() && new.is_empty() {
        return Some(format!("{}: new warnings {new:?}\n{stderr}", f.name));
    }
    None
}

#[test]
fn each_single_fault_is_one_error_at_its_cause() {
    let site = Fixture::sample();
    let (ok, stderr) = build(&site);
    assert!(ok, "the sample site builds: {stderr}");
    let baseline: Vec<String> = printed(&stderr, "warning").into_iter().map(|w| w.message).collect();
    let faults = faults();
    // Two workers: each build is a process of its own.
    let (a, b) = faults.split_at(faults.len() / 2);
    let problems: Vec<String> = std::thread::scope(|s| {
        let h = s.spawn(|| a.iter().filter_map(|f| check(f, &baseline)).collect::<Vec<_>>());
        let mut out: Vec<String> = b.iter().filter_map(|f| check(f, &baseline)).collect();
        out.extend(h.join().expect("worker"));
        out
    });
    assert!(
        problems.is_empty(),
        "{} of {} faults:\n\n{}",
        problems.len(),
        faults.len(),
        problems.join("\n----\n")
    );
}

#[test]
fn a_warning_about_a_flow_list_underlines_its_opening_not_the_whole_list() {
    let site = Fixture::sample();
    let (ok, stderr) = build(&site);
    assert!(ok, "{stderr}");
    // The sample's bonus of huyen-tung is a 200-character flow list on one line.
    let block: Vec<&str> = stderr
        .split("\n\n")
        .find(|b| b.contains("warning: bonus 6 cut to the cap 5"))
        .unwrap_or_else(|| panic!("no bonus warning in {stderr}"))
        .lines()
        .collect();
    let carets: Vec<&&str> = block.iter().filter(|l| l.contains('^')).collect();
    assert_eq!(carets.len(), 1, "{block:#?}");
    assert_eq!(carets[0].matches('^').count(), 1, "{block:#?}");
    let source = block.iter().find(|l| l.contains("bonus: [")).expect("the source line");
    // The caret is under the `[`.
    assert_eq!(
        carets[0].find('^').map(|i| carets[0][..i].chars().count()),
        source.find('[').map(|i| source[..i].chars().count()),
        "{block:#?}"
    );
}
