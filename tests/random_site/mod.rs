//! A random site for the differential test (tests/incremental.rs): a model of
//! every kind of input (pages with every front matter key, site.yaml, units,
//! clusters, scoring files, templates, static files, a theme of the site's
//! own), the random edits that change it (`edits.rs`), the files it stands
//! for, and edits of an output folder behind bangvang's back (`behind.rs`).
//!
//! The model, not the disk, is the truth: each step edits the model, renders
//! every file it stands for and writes the difference, so the list of changed
//! paths handed to the serve rebuilder is exact, and a second copy of the site
//! or a clean one elsewhere gets the very same bytes. The edits depend on the
//! seed only (never on a build's result), so which kinds a seed exercises is
//! known without building anything.
#![allow(dead_code)]

pub mod behind;
mod edits;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

pub use edits::{KINDS, OPS};

/// A small deterministic generator (xorshift), so a failure names its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // xorshift never leaves 0, and nearby seeds should not start alike.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// A Markdown file; `None` keys are left out of its front matter.
#[derive(Clone, Default)]
pub struct Page {
    pub title: String,
    pub date: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub units: Vec<String>,
    pub cluster: Option<String>,
    pub year: Option<String>,
    pub author: Option<String>,
    pub image: Option<String>,
    pub draft: Option<bool>,
    pub slug: Option<String>,
    /// A YAML flow map, as written.
    pub extra: Option<String>,
    pub body: Vec<String>,
}

impl Page {
    fn text(&self) -> String {
        let mut s = format!("---\ntitle: \"{}\"\n", self.title);
        let mut key = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                s.push_str(&format!("{k}: {v}\n"));
            }
        };
        key("date", &self.date);
        key("summary", &self.summary.as_ref().map(|v| format!("\"{v}\"")));
        key("cluster", &self.cluster);
        key("year", &self.year);
        key("author", &self.author.as_ref().map(|v| format!("\"{v}\"")));
        key("image", &self.image);
        key("draft", &self.draft.map(|d| d.to_string()));
        key("slug", &self.slug);
        key("extra", &self.extra);
        let list = |xs: &[String]| xs.iter().map(|x| format!("\"{x}\"")).collect::<Vec<_>>().join(", ");
        if !self.tags.is_empty() {
            s.push_str(&format!("tags: [{}]\n", list(&self.tags)));
        }
        if !self.units.is_empty() {
            s.push_str(&format!("units: [{}]\n", list(&self.units)));
        }
        s.push_str("---\n");
        s.push_str(&self.body.join("\n\n"));
        s.push('\n');
        s
    }
}

#[derive(Clone)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub code: Option<String>,
    pub aliases: Vec<String>,
    pub until: Option<String>,
    pub successor: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone)]
pub struct Cluster {
    pub id: String,
    pub name: String,
    pub organiser: Option<String>,
    pub description: Option<String>,
}

/// One scoring file: two members always, a third when `third`.
#[derive(Clone)]
pub struct Season {
    pub status: &'static str,
    /// huyen-tung's score for criterion II (max 10).
    pub score: String,
    pub third: bool,
    pub bonus: Option<String>,
    pub deduction: Option<String>,
    pub note: Option<String>,
}

/// A document of data/documents.yaml.
#[derive(Clone)]
pub struct Doc {
    pub number: String,
    pub form: &'static str,
    pub issued: &'static str,
    pub effective: Option<&'static str>,
    pub summary: String,
    /// Its path under static/.
    pub file: &'static str,
}

/// A proposal for public comment, data/proposals/<year>/<id>.yaml.
#[derive(Clone)]
pub struct Prop {
    pub start: &'static str,
    pub end: &'static str,
    pub units: Vec<String>,
    pub individuals: bool,
    pub outcome: Option<&'static str>,
}

/// The build moment of every build of the random test: the first proposal
/// is open then.
pub const NOW: &str = "2025-01-10T09:00:00+07:00";

#[derive(Clone)]
pub struct SiteYaml {
    pub title: String,
    pub description: Option<String>,
    pub base_url: String,
    pub language: Option<String>,
    pub paginate: Option<u32>,
    pub notice: Option<String>,
    pub theme: Option<String>,
    pub extra: Option<String>,
}

/// Every source file of the site, by path relative to its root.
pub type Files = BTreeMap<String, Vec<u8>>;

pub const THEME: &str = "themes/mine/";

pub struct Model {
    pub site: SiteYaml,
    pub units: Vec<Unit>,
    pub clusters: Vec<Cluster>,
    pub seasons: BTreeMap<(String, u32), Season>,
    /// Markdown files by path ("content/tin-tuc/x.md").
    pub pages: BTreeMap<String, Page>,
    /// Templates and static files of the site (and edits of its own theme),
    /// as written.
    pub raw: Files,
    /// Whether themes/mine/ (a copy of the default theme) exists.
    pub theme_mine: bool,
    /// Files whose text is replaced by a broken version until a repair.
    pub broken: BTreeMap<String, String>,
    /// Static files at a path a generated file needs: refused until a repair.
    pub clashes: BTreeSet<String>,
    /// data/documents.yaml, when there is one.
    pub documents: Option<Vec<Doc>>,
    /// Proposals by (year, id).
    pub proposals: BTreeMap<(u32, String), Prop>,
    /// Whether data/holidays.yaml exists (one holiday inside the proposals' periods).
    pub holidays: bool,
    default_theme: Files,
}

/// The unit pool: (id, name, kind, code). The first two are the members of
/// every season.
pub const UNIT_POOL: [(&str, &str, &str, Option<&str>); 5] = [
    ("huyen-tung", "Huyền Tụng", "phường", Some("\"01846\"")),
    ("duong-quang", "Dương Quang", "xã", None),
    ("duc-xuan", "Đức Xuân", "phường", Some("01840")),
    ("song-cau", "Sông Cầu", "phường", None),
    ("bac-kan", "Bắc Kạn", "thị trấn", None),
];

pub fn pool_unit(id: &str) -> Unit {
    let (id, name, kind, code) = UNIT_POOL
        .iter()
        .find(|u| u.0 == id)
        .copied()
        .unwrap_or((id, "Không tên", "xã", None));
    Unit {
        id: id.into(),
        name: name.into(),
        kind: kind.into(),
        code: code.map(String::from),
        aliases: vec![],
        until: None,
        successor: None,
        description: None,
    }
}

/// Shortcode paragraphs the edits write: every built-in, a site shortcode,
/// and a malformed one.
pub const SHORTCODES: &[&str] = &[
    "{{ standings(cluster=\"xa-phuong\", year=2023, top=2) }}",
    "{{ unit(id=\"huyen-tung\") }}",
    "{{ chart(unit=\"duong-quang\") }}",
    "{{ document(number=\"1/QĐ-UBND\") }}",
    "{% note() %}\nGhi chú *{step}*.\n\n{{ unit(id=\"huyen-tung\") }}\n{% end %}",
    "Chữ {{ nhan(chu=\"tô {step}\") }} giữa câu.",
    "{{ unit(id=\"huyen-tung\" }}",
];

pub fn is_shortcode(para: &str) -> bool {
    para.contains("{{") || para.contains("{%")
}

pub fn pool_cluster(id: &str) -> Cluster {
    Cluster {
        id: id.into(),
        name: if id == "xa-phuong" {
            "Cụm thi đua khối xã, phường".into()
        } else {
            "Cụm thị trấn".into()
        },
        organiser: None,
        description: None,
    }
}

pub fn item(title: &str, date: &str, units: &[&str], tags: &[&str], body: &str) -> Page {
    Page {
        title: title.into(),
        date: Some(date.into()),
        units: units.iter().map(|s| s.to_string()).collect(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
        body: vec![body.into(), "More text.".into()],
        ..Page::default()
    }
}

pub fn season(status: &'static str, score: &str) -> Season {
    Season {
        status,
        score: score.into(),
        third: false,
        bonus: None,
        deduction: None,
        note: None,
    }
}

/// Whether the file at `rel` is a news item (inside a section).
/// The bundle of the model: an item that is a folder with its photos.
pub const BUNDLE: &str = "content/tin-tuc/2023-06-01-anh/";

/// A small drawn JPEG (two sizes: 480 and its own 520 px), varied by `seed`.
pub fn photo(seed: u32) -> Vec<u8> {
    crate::common::photos::jpeg(&crate::common::photos::scene(520, 390, seed), 60)
}

/// The photos a page refers to (front matter `image:` and Markdown images),
/// as site paths: relative ones in a bundle, root-relative ones in static/.
pub fn photo_refs(rel: &str, p: &Page) -> Vec<String> {
    let bundle = rel.ends_with("/index.md") && rel.matches('/').count() >= 3;
    let dir = rel.trim_end_matches("index.md");
    let mut refs: Vec<&str> = p.image.iter().map(String::as_str).collect();
    for para in &p.body {
        let mut rest = para.as_str();
        while let Some(i) = rest.find("](") {
            let tail = &rest[i + 2..];
            let end = tail.find([' ', ')']).unwrap_or(tail.len());
            refs.push(&tail[..end]);
            rest = &tail[end..];
        }
    }
    refs.into_iter()
        .filter(|r| r.ends_with(".jpg") || r.ends_with(".png"))
        .filter_map(|r| match r.strip_prefix('/') {
            Some(s) => Some(format!("static/{s}")),
            None if bundle && !r.contains("://") => Some(format!("{dir}{r}")),
            None => None,
        })
        .collect()
}

pub fn is_item(rel: &str) -> bool {
    rel.matches('/').count() >= 2 && !rel.ends_with("/_index.md")
}

impl Model {
    /// A small valid site: three units, a cluster with two seasons, two
    /// sections' worth of items, a plain page, the home page's text.
    pub fn new() -> Model {
        let mut pages = BTreeMap::new();
        pages.insert(
            "content/_index.md".into(),
            Page {
                title: "Trang chủ".into(),
                body: vec!["Mở đầu.".into()],
                ..Page::default()
            },
        );
        pages.insert(
            "content/tin-tuc/_index.md".into(),
            Page {
                title: "Tin tức".into(),
                ..Page::default()
            },
        );
        pages.insert(
            "content/tin-tuc/2023-02-15-ky-ket.md".into(),
            item(
                "Ký kết giao ước",
                "2023-02-15",
                &["huyen-tung"],
                &["Giao ước"],
                "Nội dung.",
            ),
        );
        for d in 1..=4 {
            pages.insert(
                format!("content/tin-tuc/2023-03-0{d}-tin-{d}.md"),
                item(
                    &format!("Tin {d}"),
                    &format!("2023-03-0{d}"),
                    &["huyen-tung"],
                    &["Sơ kết"],
                    "Body.",
                ),
            );
        }
        pages.insert(
            "content/thong-bao/2023-05-01-a.md".into(),
            item("Thông báo", "2023-05-01", &["duong-quang"], &["Sơ kết"], "A."),
        );
        // Articles that show a season and a unit's history from the start.
        for (rel, code) in [
            ("content/tin-tuc/2023-03-02-tin-2.md", 0),
            ("content/thong-bao/2023-05-01-a.md", 2),
        ] {
            if let Some(p) = pages.get_mut(rel) {
                p.body.push(SHORTCODES[code].into());
            }
        }
        // A bundle: its photo beside it, shown as a figure and as the card's.
        let mut bundle = item(
            "Ảnh hội nghị",
            "2023-06-01",
            &["duong-quang"],
            &["Thi đua"],
            "Hội nghị.",
        );
        bundle.image = Some("anh.jpg".into());
        bundle.body.push("![Hội nghị](anh.jpg \"Chú thích\")".into());
        pages.insert(format!("{BUNDLE}index.md"), bundle);
        let mut about = item("Giới thiệu", "2023-01-01", &[], &[], "Về trang.");
        about.date = None;
        pages.insert("content/gioi-thieu.md".into(), about);
        let mut seasons = BTreeMap::new();
        // Few seasons: their downloads (XLSX) are most of a debug build's time.
        for year in [2022, 2023] {
            seasons.insert(("xa-phuong".to_owned(), year), season("final", "9"));
        }
        Model {
            site: SiteYaml {
                title: "Thử nghiệm".into(),
                description: None,
                base_url: "https://example.vn/portal/".into(),
                language: Some("vi".into()),
                paginate: Some(2),
                notice: None,
                theme: None,
                extra: None,
            },
            units: ["huyen-tung", "duong-quang", "duc-xuan"].map(pool_unit).to_vec(),
            clusters: vec![pool_cluster("xa-phuong")],
            seasons,
            pages,
            raw: Files::from([
                ("static/tai-lieu/qd.pdf".to_owned(), b"%PDF-1.4 qd\n".to_vec()),
                (format!("{BUNDLE}anh.jpg"), photo(0)),
            ]),
            theme_mine: false,
            broken: BTreeMap::new(),
            clashes: BTreeSet::new(),
            documents: Some(vec![Doc {
                number: "1/QĐ-UBND".into(),
                form: "quyet-dinh",
                issued: "2024-01-05",
                effective: None,
                summary: "Về việc tặng Cờ thi đua".into(),
                file: "tai-lieu/qd.pdf",
            }]),
            proposals: BTreeMap::from([(
                (2023, "co-thi-dua".to_owned()),
                Prop {
                    start: "2025-01-06",
                    end: "2025-01-17",
                    units: vec!["huyen-tung".into()],
                    individuals: false,
                    outcome: None,
                },
            )]),
            holidays: false,
            default_theme: default_theme(),
        }
    }

    /// Every file the model stands for, with its bytes.
    pub fn files(&self) -> Files {
        let mut f = Files::new();
        let mut put = |rel: &str, text: String| {
            f.insert(rel.to_owned(), text.into_bytes());
        };
        put("site.yaml", self.site_text());
        put("data/units.yaml", self.units_text());
        put("data/clusters.yaml", self.clusters_text());
        for ((cluster, year), s) in &self.seasons {
            put(
                &format!("data/scoring/{year}/{cluster}.yaml"),
                season_text(cluster, *year, s),
            );
        }
        for (rel, page) in &self.pages {
            put(rel, page.text());
        }
        if let Some(docs) = &self.documents {
            put("data/documents.yaml", documents_text(docs));
        }
        for ((year, id), p) in &self.proposals {
            put(&format!("data/proposals/{year}/{id}.yaml"), proposal_text(p));
        }
        if self.holidays {
            put(
                "data/holidays.yaml",
                "holidays:\n  - { date: 2025-01-08, name: Nghỉ }\n  - { from: 2024-01-08, to: 2024-01-09, name: Nghỉ }\nworkdays:\n  - { date: 2025-01-11, name: Làm bù }\n".into(),
            );
        }
        if self.theme_mine {
            for (rel, bytes) in &self.default_theme {
                f.insert(format!("{THEME}{rel}"), bytes.clone());
            }
        }
        for (rel, bytes) in &self.raw {
            f.insert(rel.clone(), bytes.clone());
        }
        for (rel, text) in &self.broken {
            f.insert(rel.clone(), text.clone().into_bytes());
        }
        f
    }

    fn site_text(&self) -> String {
        let s = &self.site;
        let mut t = format!("title: \"{}\"\nbase_url: {}\n", s.title, s.base_url);
        let opt = |t: &mut String, k: &str, v: Option<String>| {
            if let Some(v) = v {
                t.push_str(&format!("{k}: {v}\n"));
            }
        };
        opt(&mut t, "description", s.description.clone());
        opt(&mut t, "language", s.language.clone());
        opt(&mut t, "paginate", s.paginate.map(|p| p.to_string()));
        opt(&mut t, "notice", s.notice.clone());
        opt(&mut t, "theme", s.theme.clone());
        opt(&mut t, "extra", s.extra.clone());
        t
    }

    fn units_text(&self) -> String {
        if self.units.is_empty() {
            return "units: []\n".into();
        }
        let mut t = String::from("units:\n");
        for u in &self.units {
            t.push_str(&format!(
                "  - id: {}\n    name: \"{}\"\n    kind: {}\n",
                u.id, u.name, u.kind
            ));
            for (k, v) in [
                ("code", &u.code),
                ("until", &u.until),
                ("successor", &u.successor),
                ("description", &u.description),
            ] {
                if let Some(v) = v {
                    t.push_str(&format!("    {k}: {v}\n"));
                }
            }
            if !u.aliases.is_empty() {
                t.push_str(&format!("    aliases: [{}]\n", u.aliases.join(", ")));
            }
        }
        t
    }

    fn clusters_text(&self) -> String {
        let mut t = String::from("clusters:\n");
        for c in &self.clusters {
            t.push_str(&format!("  - id: {}\n    name: \"{}\"\n", c.id, c.name));
            for (k, v) in [("organiser", &c.organiser), ("description", &c.description)] {
                if let Some(v) = v {
                    t.push_str(&format!("    {k}: {v}\n"));
                }
            }
        }
        t
    }

    /// Whether the model knows its site to be invalid (something a repair
    /// puts right); other invalid states arise too, and both sides must
    /// refuse them alike.
    pub fn needs_repair(&self) -> bool {
        !self.broken.is_empty()
            || !self.clashes.is_empty()
            || !self.missing_units().is_empty()
            || !self.missing_clusters().is_empty()
            || self.units.iter().any(|u| self.in_loop(&u.id))
            || (self.site.theme.as_deref() == Some("mine") && !self.theme_mine)
            || self.pages.iter().any(|(rel, p)| is_item(rel) && p.date.is_none())
            || !self.missing_files().is_empty()
            || self
                .pages
                .values()
                .any(|p| p.body.iter().any(|b| !self.shortcode_ok(b)))
            || !self.missing_photos().is_empty()
    }

    /// Whether a paragraph that is a shortcode shows data the model has
    /// (else both sides refuse the site).
    pub fn shortcode_ok(&self, para: &str) -> bool {
        let unit = |id: &str| self.units.iter().any(|u| u.id == id);
        if para.contains("standings(") {
            self.clusters.iter().any(|c| c.id == "xa-phuong")
                && self.seasons.contains_key(&("xa-phuong".to_owned(), 2023))
        } else if para.contains("unit(id=") {
            !para.contains("\" }}") && unit("huyen-tung")
        } else if para.contains("chart(") {
            unit("duong-quang")
        } else if para.contains("document(") {
            self.documents.iter().flatten().any(|d| d.number == "1/QĐ-UBND")
        } else if para.contains("nhan(") {
            self.raw.contains_key("templates/shortcodes/nhan.html")
        } else {
            true
        }
    }

    /// Photos pages show that are not there: (page, photo).
    pub fn missing_photos(&self) -> BTreeSet<(String, String)> {
        self.pages
            .iter()
            .flat_map(|(rel, p)| photo_refs(rel, p).into_iter().map(move |f| (rel.clone(), f)))
            .filter(|(_, f)| !self.raw.contains_key(f))
            .collect()
    }

    /// Documents' files that static/ lacks.
    pub fn missing_files(&self) -> BTreeSet<String> {
        self.documents
            .iter()
            .flatten()
            .map(|d| format!("static/{}", d.file))
            .filter(|f| !self.raw.contains_key(f))
            .collect()
    }

    /// Unit ids something refers to that units.yaml lacks.
    pub fn missing_units(&self) -> BTreeSet<String> {
        let have: BTreeSet<&str> = self.units.iter().map(|u| u.id.as_str()).collect();
        let mut wanted: BTreeSet<String> = self.pages.values().flat_map(|p| p.units.iter().cloned()).collect();
        wanted.extend(self.units.iter().filter_map(|u| u.successor.clone()));
        for p in self.proposals.values() {
            wanted.extend(p.units.iter().cloned());
        }
        for s in self.seasons.values() {
            wanted.extend(["huyen-tung", "duong-quang"].map(String::from));
            if s.third {
                wanted.insert("duc-xuan".into());
            }
        }
        wanted.retain(|id| !have.contains(id.as_str()));
        wanted
    }

    pub fn missing_clusters(&self) -> BTreeSet<String> {
        let have: BTreeSet<&str> = self.clusters.iter().map(|c| c.id.as_str()).collect();
        let mut wanted: BTreeSet<String> = self.pages.values().filter_map(|p| p.cluster.clone()).collect();
        wanted.extend(self.seasons.keys().map(|(c, _)| c.clone()));
        wanted.retain(|id| !have.contains(id.as_str()));
        wanted
    }

    /// Whether following successors from `id` comes back to it.
    pub fn in_loop(&self, id: &str) -> bool {
        let mut at = id.to_owned();
        for _ in 0..=self.units.len() {
            match self.units.iter().find(|u| u.id == at).and_then(|u| u.successor.clone()) {
                Some(next) if next == id => return true,
                Some(next) => at = next,
                None => return false,
            }
        }
        false
    }

    /// Puts right everything `needs_repair` knows about, as an author would.
    pub fn repair(&mut self) {
        self.broken.clear();
        let bad: Vec<(String, usize)> = self
            .pages
            .iter()
            .flat_map(|(rel, p)| {
                p.body
                    .iter()
                    .enumerate()
                    .rev()
                    .filter(|(_, b)| !self.shortcode_ok(b))
                    .map(move |(i, _)| (rel.clone(), i))
            })
            .collect();
        for (rel, i) in bad {
            if let Some(p) = self.pages.get_mut(&rel) {
                p.body.remove(i);
            }
        }
        // A photo that went comes back (another photo of the same name).
        for (_, f) in self.missing_photos() {
            self.raw.insert(f, photo(7));
        }
        for f in self.missing_files() {
            self.raw.insert(f, b"restored\n".to_vec());
        }
        for rel in std::mem::take(&mut self.clashes) {
            self.raw.remove(&rel);
        }
        for id in self.missing_units() {
            self.units.push(pool_unit(&id));
        }
        for id in self.missing_clusters() {
            self.clusters.push(pool_cluster(&id));
        }
        let looping: Vec<usize> = (0..self.units.len())
            .filter(|&i| self.in_loop(&self.units[i].id))
            .collect();
        if let Some(&i) = looping.first() {
            self.units[i].successor = None;
        }
        if self.site.theme.as_deref() == Some("mine") && !self.theme_mine {
            self.theme_mine = true;
        }
        for (rel, p) in self.pages.iter_mut() {
            if is_item(rel) && p.date.is_none() {
                p.date = Some("2023-04-01".into());
            }
        }
    }
}

fn documents_text(docs: &[Doc]) -> String {
    let mut t = String::from("documents:\n");
    for d in docs {
        t.push_str(&format!(
            "  - number: {}\n    form: {}\n    issuer: UBND tỉnh\n    issued: {}\n    summary: \"{}\"\n    file: {}\n",
            d.number, d.form, d.issued, d.summary, d.file
        ));
        if let Some(e) = d.effective {
            t.push_str(&format!("    effective: {e}\n"));
        }
    }
    t
}

fn proposal_text(p: &Prop) -> String {
    let mut t =
        String::from("title: Lấy ý kiến nhân dân\naward: Bằng khen\ncouncil: Hội đồng Thi đua – Khen thưởng\nunits:\n");
    for u in &p.units {
        t.push_str(&format!("  - {{ id: {u}, reason: Thành tích xuất sắc }}\n"));
    }
    if p.individuals {
        t.push_str("individuals:\n  - { name: Nguyễn Văn A, position: Chủ tịch }\n");
    }
    t.push_str(&format!(
        "period: {{ start: {}, end: {} }}\ncontact: Gửi về *UBND*.\n",
        p.start, p.end
    ));
    if let Some(o) = p.outcome {
        t.push_str(&format!("outcome: {{ decision: {o} }}\n"));
    }
    t
}

fn season_text(cluster: &str, year: u32, s: &Season) -> String {
    let members = if s.third {
        "huyen-tung, duong-quang, duc-xuan"
    } else {
        "huyen-tung, duong-quang"
    };
    let mut t = format!(
        "cluster: {cluster}\nyear: {year}\nstatus: {}\nleader: huyen-tung\nmembers: [{members}]\nstages: [self, council]\ncriteria:\n  - {{ code: I, title: Kinh tế, max: 10 }}\n  - {{ code: II, title: Văn hóa, max: 10 }}\ntiers:\n  - {{ label: Tốt, min: 15 }}\n  - {{ label: Khá, min: 10 }}\ntie_break: [group:II]\nawards:\n  - {{ title: Cờ thi đua, top: 1, decision: {{ number: 1/QĐ-UBND, date: 2024-01-05 }} }}\n",
        s.status
    );
    if s.status == "planned" {
        return t;
    }
    t.push_str(&format!(
        "scores:\n  huyen-tung:\n    council: {{ I: 9, II: {} }}\n",
        s.score
    ));
    if let Some(b) = &s.bonus {
        t.push_str(&format!("    bonus: [ {{ points: {b}, reason: Mô hình hay }} ]\n"));
    }
    if let Some(d) = &s.deduction {
        t.push_str(&format!("    deductions: [ {{ points: {d}, reason: Nộp muộn }} ]\n"));
    }
    if let Some(n) = &s.note {
        t.push_str(&format!("    note: {n}\n"));
    }
    if s.status == "provisional" {
        // A member not yet scored.
        t.push_str("  duong-quang:\n");
    } else {
        t.push_str("  duong-quang: { self: { I: 9, II: 9 }, council: { I: 8.5, II: 9 } }\n");
    }
    if s.third {
        t.push_str("  duc-xuan: { self: { I: 7, II: 8 } }\n");
    }
    t
}

/// The repository's default theme, as files of a theme folder.
fn default_theme() -> Files {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&root).expect("under the theme");
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, fs::read(e.path()).expect("read a theme file"))
        })
        .collect()
}

/// Writes every file of `files` under `root`.
pub fn write_all(root: &Path, files: &Files) {
    apply(root, &Files::new(), files);
}

/// Turns the files under `root` from `old` into `new`: writes what changed,
/// removes what went and the folders that leaves empty. Returns every path
/// touched (files, and folders removed), as a watcher would report them.
pub fn apply(root: &Path, old: &Files, new: &Files) -> Vec<PathBuf> {
    let mut changed = Vec::new();
    for (rel, bytes) in new {
        if old.get(rel) != Some(bytes) {
            let p = root.join(rel);
            fs::create_dir_all(p.parent().expect("has a parent")).expect("mkdir");
            fs::write(&p, bytes).expect("write");
            changed.push(p);
        }
    }
    for rel in old.keys().filter(|rel| !new.contains_key(*rel)) {
        let p = root.join(rel);
        fs::remove_file(&p).expect("remove");
        changed.push(p.clone());
        let mut dir = p.parent();
        while let Some(d) = dir {
            if d == root || fs::remove_dir(d).is_err() {
                break;
            }
            changed.push(d.to_path_buf());
            dir = d.parent();
        }
    }
    changed
}
