//! The random edits of the model: every kind of input is edited, added and
//! removed, mostly validly, sometimes into a state both sides must refuse.
//! Most steps are the common ones (a body or a title edited).

use super::{BUNDLE, Doc, Model, Page, Prop, Rng, THEME, is_item, item, photo, pool_cluster, pool_unit, season};

/// Every kind of edit with its weight. Labels before the colon name the input.
pub const KINDS: &[(&str, usize)] = &[
    ("body", 30),
    ("title", 14),
    ("fm:date", 3),
    ("fm:summary", 3),
    ("fm:tags", 3),
    ("fm:units", 3),
    ("fm:cluster", 2),
    ("fm:year", 2),
    ("fm:author", 2),
    ("fm:image", 2),
    ("fm:draft", 2),
    ("fm:slug", 2),
    ("fm:extra", 2),
    ("page:add", 4),
    ("page:remove", 3),
    ("page:index", 2),
    ("page:section", 1),
    ("page:broken", 2),
    ("site:title", 1),
    ("site:description", 1),
    ("site:base_url", 1),
    ("site:language", 1),
    ("site:paginate", 1),
    ("site:notice", 1),
    ("site:theme", 1),
    ("site:extra", 1),
    ("site:broken", 1),
    ("units:rename", 1),
    ("units:add", 1),
    ("units:remove", 1),
    ("units:successor", 1),
    ("units:other", 1),
    ("units:broken", 1),
    ("clusters:name", 1),
    ("clusters:add-remove", 1),
    ("clusters:other", 1),
    ("scoring:score", 2),
    ("scoring:add", 1),
    ("scoring:remove", 1),
    ("scoring:other", 1),
    ("scoring:broken", 1),
    ("template", 3),
    ("template:broken", 1),
    ("template:theme", 1),
    ("static", 3),
    ("static:clash", 1),
    ("documents:edit", 2),
    ("documents:add-remove", 1),
    ("documents:file", 2),
    ("documents:broken", 1),
    ("proposals:edit", 2),
    ("proposals:add-remove", 1),
    ("proposals:broken", 1),
    ("holidays", 1),
    ("shortcode", 3),
    ("photo:replace", 2),
    ("photo:remove", 1),
    ("photo:add", 1),
    ("photo:static", 1),
];

/// Labels that `template` and `static` report, by what they did.
pub const OPS: &[&str] = &[
    "template:add",
    "template:edit",
    "template:remove",
    "static:add",
    "static:edit",
    "static:remove",
];

const TAGS: &[&str] = &["Giao ước", "giao uoc", "Sơ kết", "Tổng kết", "Thi đua"];
const SECTIONS: &[&str] = &["tin-tuc", "thong-bao", "tin-tuc/2024"];

/// Site templates (overriding the theme's), each with two versions.
const TEMPLATES: &[(&str, [&str; 2])] = &[
    (
        "templates/page.html",
        [
            "<!doctype html><title>{{ page.title }}</title><main>{{ page.content_html | safe }}</main>\n",
            "{% extends \"base.html\" %}{% block content %}<div class=\"mine\">{{ page.title }}{% if page.author %} – {{ page.author }}{% endif %}</div>{{ page.content_html | safe }}{% endblock content %}\n",
        ],
    ),
    (
        "templates/partials/item_card.html",
        [
            "<article class=\"mine\"><a href=\"{{ item.url }}\">{{ item.title }}</a></article>\n",
            "<article class=\"mine2\">{{ item.title }} {{ item.date_short }}{% for u in item.units %} {{ u.name }}{% endfor %}</article>\n",
        ],
    ),
    (
        "templates/robots.txt",
        [
            "User-agent: *\nDisallow: /nhap/\n",
            "User-agent: *\nAllow: /\n# {{ site.title }}\n",
        ],
    ),
    (
        "templates/shortcodes/nhan.html",
        ["<mark>{{ chu }}</mark>\n", "<em class=\"nhan\">{{ chu }}</em>\n"],
    ),
    (
        "templates/partials/unused.html",
        ["<p>not included anywhere</p>\n", "<p>still not included</p>\n"],
    ),
];

/// Static files (the site's, and its theme's when it has one).
const STATICS: &[&str] = &[
    "static/tai-lieu/huong-dan.txt",
    "static/a.css",
    "static/robots.txt",
    "static/assets/style.css",
    "static/anh/ky-ket-2023.svg",
    "themes/mine/static/assets/extra.css",
];

/// Static files where generated files are (or need a folder).
const CLASHES: &[&str] = &["static/tin-tuc/index.html", "static/the", "static/sitemap.xml"];

impl Model {
    /// Applies one random edit; returns its kind and what it did.
    pub fn edit(&mut self, rng: &mut Rng, step: usize) -> (&'static str, String) {
        if self.needs_repair() && rng.one_in(2) {
            self.repair();
            return ("repair", String::new());
        }
        let total: usize = KINDS.iter().map(|k| k.1).sum();
        let mut roll = rng.below(total);
        let kind = KINDS
            .iter()
            .find(|(_, w)| {
                let hit = roll < *w;
                roll = roll.saturating_sub(*w);
                hit
            })
            .map_or("body", |k| k.0);
        let what = match kind.split(':').next() {
            Some("body") | Some("title") => self.edit_text(rng, kind, step),
            Some("fm") => self.edit_front_matter(rng, kind, step),
            Some("page") => self.edit_pages(rng, kind, step),
            Some("site") => self.edit_site(rng, kind, step),
            Some("units") => self.edit_units(rng, kind, step),
            Some("clusters") => self.edit_clusters(rng, kind, step),
            Some("scoring") => self.edit_scoring(rng, kind, step),
            Some("documents") => self.edit_documents(rng, kind, step),
            Some("proposals") | Some("holidays") => self.edit_proposals(rng, kind, step),
            Some("shortcode") => self.edit_shortcode(rng, step),
            Some("photo") => self.edit_photos(rng, kind, step),
            _ => return self.edit_files(rng, kind, step),
        };
        (kind, what)
    }

    /// Photos: replaced by other bytes, deleted (an error while a page
    /// shows it, until a repair brings it back), added to the bundle (shown
    /// or only published beside it), and a photo of static/ shown by a page.
    fn edit_photos(&mut self, rng: &mut Rng, kind: &str, step: usize) -> String {
        let r = rng.below(1000);
        let photos: Vec<String> = self
            .raw
            .keys()
            .filter(|f| f.ends_with(".jpg") && (f.starts_with(BUNDLE) || f.starts_with("static/")))
            .cloned()
            .collect();
        let seed = step as u32 + 1;
        match kind {
            "photo:replace" | "photo:remove" if photos.is_empty() => {
                self.raw.insert(format!("{BUNDLE}anh.jpg"), photo(seed));
                "anh.jpg back".into()
            }
            "photo:replace" => {
                let f = photos[r % photos.len()].clone();
                self.raw.insert(f.clone(), photo(seed));
                f
            }
            "photo:remove" => {
                let f = photos[r % photos.len()].clone();
                self.raw.remove(&f);
                f
            }
            "photo:add" => {
                let name = format!("them-{step}.jpg");
                self.raw.insert(format!("{BUNDLE}{name}"), photo(seed));
                if r.is_multiple_of(2)
                    && let Some(p) = self.pages.get_mut(&format!("{BUNDLE}index.md"))
                {
                    p.body.push(format!("![Thêm {step}]({name})"));
                }
                name
            }
            _ => {
                self.raw.insert("static/anh/p.jpg".into(), photo(seed));
                let Some(rel) = self.some_page(rng, false) else {
                    return "no page".into();
                };
                let p = self.page_mut(&rel);
                if !p.body.iter().any(|b| b.contains("/anh/p.jpg")) {
                    p.body.push("![Ảnh](/anh/p.jpg \"Ảnh tĩnh\")".into());
                }
                rel
            }
        }
    }

    fn some_page(&self, rng: &mut Rng, only_listed: bool) -> Option<String> {
        let rels: Vec<&String> = self
            .pages
            .keys()
            .filter(|r| !only_listed || !r.ends_with("_index.md"))
            .collect();
        (!rels.is_empty()).then(|| rels[rng.below(rels.len())].clone())
    }

    /// The page at `rel`, its broken version dropped: an author rewrote it.
    fn page_mut(&mut self, rel: &str) -> &mut Page {
        self.broken.remove(rel);
        self.pages.get_mut(rel).expect("a page of the model")
    }

    fn edit_text(&mut self, rng: &mut Rng, kind: &str, step: usize) -> String {
        let Some(rel) = self.some_page(rng, false) else {
            return "no page".into();
        };
        let how = rng.below(5);
        let p = self.page_mut(&rel);
        if kind == "title" {
            let base = p.title.split(" (").next().unwrap_or("Tin").to_owned();
            p.title = format!("{base} ({step})");
            return rel;
        }
        match how {
            // The last paragraph: nothing another page shows.
            0 | 1 => {
                let last = p.body.len().saturating_sub(1);
                match p.body.get_mut(last) {
                    Some(para) => *para = format!("More text, edit {step}."),
                    None => p.body.push(format!("Edit {step}.")),
                }
            }
            // The first paragraph: the summary lists show, unless set.
            2 => match p.body.first_mut() {
                Some(para) => *para = format!("Mở đầu mới {step}."),
                None => p.body.push(format!("Mở đầu {step}.")),
            },
            3 => p
                .body
                .push(format!("## Mục {step}\n\nĐoạn [bảng](/bang-xep-hang/) {step}.")),
            _ => p.body.push(format!("Chú thích[^{step}].\n\n[^{step}]: Nguồn {step}.")),
        }
        format!("{rel} ({how})")
    }

    /// A paragraph of a page becomes a shortcode, or a shortcode paragraph
    /// goes (the data they show changes with the other edits).
    fn edit_shortcode(&mut self, rng: &mut Rng, step: usize) -> String {
        let Some(rel) = self.some_page(rng, false) else {
            return "no page".into();
        };
        let (r, at) = (rng.below(super::SHORTCODES.len() + 1), rng.below(3));
        let p = self.page_mut(&rel);
        let existing = p.body.iter().position(|para| super::is_shortcode(para));
        let Some(code) = super::SHORTCODES.get(r) else {
            return match existing {
                Some(i) => {
                    p.body.remove(i);
                    format!("{rel}: removed")
                }
                None => format!("{rel}: none to remove"),
            };
        };
        let para = code.replace("{step}", &step.to_string());
        match at {
            0 => p.body.insert(0, para),
            _ => p.body.push(para),
        }
        format!("{rel}: {code}")
    }

    fn edit_front_matter(&mut self, rng: &mut Rng, kind: &str, step: usize) -> String {
        let Some(rel) = self.some_page(rng, true) else {
            return "no page".into();
        };
        let units: Vec<String> = self.units.iter().map(|u| u.id.clone()).collect();
        let clusters: Vec<String> = self.clusters.iter().map(|c| c.id.clone()).collect();
        let item = is_item(&rel);
        let clear = rng.one_in(4);
        let r = (rng.below(1000), rng.below(1000), rng.below(1000));
        let p = self.page_mut(&rel);
        let opt = |v: String| (!clear).then_some(v);
        match kind {
            "fm:date" => {
                let day = 1 + r.0 % 28;
                p.date = match r.1 % 5 {
                    // An item without a date is an error, a plain page's date optional.
                    _ if clear && !(item && r.2.is_multiple_of(2)) => None,
                    0 => Some(format!("2023-03-{day:02}")),
                    1 => Some(format!("2023-02-{day:02}T08:30:00+07:00")),
                    2 => Some(format!("2023-04-{day:02} 23:59")),
                    3 => Some(format!("2022-12-{day:02}T20:00:00Z")),
                    // Equal instants: ordered by path.
                    _ => Some("2023-03-01".into()),
                };
            }
            "fm:summary" => {
                p.summary = opt(match r.0 % 3 {
                    0 => format!("Tóm tắt *ngắn* {step}."),
                    1 => format!("{} {step}", "Một đoạn tóm tắt rất dài. ".repeat(9)),
                    _ => "Tóm tắt.".into(),
                })
            }
            "fm:tags" => {
                p.tags = if clear {
                    vec![]
                } else {
                    let n = 1 + r.0 % 3;
                    (0..n).map(|i| TAGS[(r.1 + i * 3) % TAGS.len()].to_owned()).collect()
                }
            }
            "fm:units" => {
                p.units = if clear || units.is_empty() {
                    vec![]
                } else {
                    let mut us = vec![units[r.0 % units.len()].clone()];
                    if r.1.is_multiple_of(2) {
                        // Possibly the same unit twice: a warning, shown once.
                        us.push(units[r.2 % units.len()].clone());
                    }
                    us
                }
            }
            "fm:cluster" => p.cluster = opt(clusters.get(r.0 % clusters.len().max(1)).cloned().unwrap_or_default()),
            "fm:year" => p.year = opt((2021 + r.0 % 5).to_string()),
            "fm:author" => p.author = opt(["Văn phòng thi đua", "Ban biên tập"][r.0 % 2].into()),
            "fm:image" => {
                p.image =
                    opt(["/anh/ky-ket-2023.svg", "https://example.org/a.png", "anh/tuong-doi.png"][r.0 % 3].into())
            }
            "fm:draft" => p.draft = (!clear).then_some(r.0.is_multiple_of(2)),
            "fm:slug" => {
                // Plain pages may take generated names ("the", "tim-kiem"): both refuse.
                let pool: &[&str] = if item {
                    &["ban-tin", "trang", "so-ket-quy", "tin-1"]
                } else {
                    &["lien-he", "gioi-thieu-2", "the", "tim-kiem"]
                };
                p.slug = opt(pool[r.0 % pool.len()].into());
            }
            _ => {
                p.extra = opt(match r.0 % 3 {
                    0 => "{featured: true}".into(),
                    1 => format!("{{featured: false, note: \"ghi chú {step}\"}}"),
                    _ => "{nested: {list: [1, 2.5, \"ba\"], none: ~}}".into(),
                })
            }
        }
        format!("{rel}{}", if clear { " (cleared)" } else { "" })
    }

    fn edit_pages(&mut self, rng: &mut Rng, kind: &str, step: usize) -> String {
        match kind {
            "page:add" => {
                let day = 1 + rng.below(28);
                let (rel, page) = if rng.one_in(5) {
                    let mut p = item(&format!("Trang {step}"), "2023-01-01", &[], &[], "Một trang.");
                    p.date = None;
                    (format!("content/trang-{step}.md"), p)
                } else {
                    let sec = *rng.pick(SECTIONS);
                    let units: Vec<&str> = self.units.iter().take(2).map(|u| u.id.as_str()).collect();
                    let tags = [*rng.pick(TAGS)];
                    (
                        format!("content/{sec}/2023-03-{day:02}-tin-{step}.md"),
                        item(
                            &format!("Tin {step}"),
                            &format!("2023-03-{day:02}"),
                            &units,
                            &tags,
                            "Mới.",
                        ),
                    )
                };
                self.pages.insert(rel.clone(), page);
                rel
            }
            "page:remove" => {
                let Some(rel) = self.some_page(rng, true) else {
                    return "no page".into();
                };
                if self.pages.keys().filter(|r| is_item(r)).count() < 3 && is_item(&rel) {
                    return "kept: too few items".into();
                }
                self.pages.remove(&rel);
                self.broken.remove(&rel);
                rel
            }
            "page:index" => {
                let rel = *rng.pick(&[
                    "content/_index.md",
                    "content/tin-tuc/_index.md",
                    "content/thong-bao/_index.md",
                ]);
                let section_has_items = self
                    .pages
                    .keys()
                    .any(|r| r.starts_with(rel.trim_end_matches("_index.md")) && is_item(r));
                if self.pages.contains_key(rel) && rng.one_in(3) && (rel == "content/_index.md" || section_has_items) {
                    self.pages.remove(rel);
                    self.broken.remove(rel);
                    return format!("{rel} removed");
                }
                let title = *rng.pick(&["Tin tức", "Tin tức và sự kiện", "Thông báo", "Trang chủ"]);
                self.broken.remove(rel);
                self.pages.insert(
                    rel.into(),
                    Page {
                        title: title.into(),
                        body: vec!["Mở đầu.".into(), format!("Giới thiệu {step}.")],
                        ..Page::default()
                    },
                );
                format!("{rel}: {title}")
            }
            "page:section" => {
                // A whole section folder appears or goes.
                let prefix = "content/thong-bao/";
                if self.pages.keys().any(|r| r.starts_with(prefix)) {
                    self.pages.retain(|r, _| !r.starts_with(prefix));
                    self.broken.retain(|r, _| !r.starts_with(prefix));
                    "thong-bao/ removed".into()
                } else {
                    self.pages.insert(
                        format!("{prefix}2023-05-01-a.md"),
                        item("Thông báo", "2023-05-01", &["duong-quang"], &["Sơ kết"], "A."),
                    );
                    "thong-bao/ added".into()
                }
            }
            _ => {
                let Some(rel) = self.some_page(rng, false) else {
                    return "no page".into();
                };
                let text = String::from_utf8(self.files().remove(&rel).unwrap_or_default()).unwrap_or_default();
                let broken = match rng.below(8) {
                    0 => "---\ntitle: [broken\n---\n".to_owned(),
                    1 => text.replacen("---\n", "---\ntitel: Sai\n", 1),
                    2 => text.replacen("---\n", "---\nyear: 3000\n", 1),
                    3 => text.replacen("---\n", "---\nslug: Sơ kết\n", 1),
                    4 => text.replacen("---\n", "---\nunits: [khong-co]\n", 1),
                    5 => text.replacen("---\n", "---\ndate: 2023-13-01\n", 1),
                    6 => text.replacen("---\n", "---\ncluster: khong-co\n", 1),
                    _ => "no front matter at all\n".to_owned(),
                };
                // A key written twice is an error of its own, also fine.
                self.broken.insert(rel.clone(), broken);
                rel
            }
        }
    }

    fn edit_site(&mut self, rng: &mut Rng, kind: &str, step: usize) -> String {
        self.broken.remove("site.yaml");
        let clear = rng.one_in(3);
        let r = rng.below(1000);
        let s = &mut self.site;
        match kind {
            "site:title" => s.title = ["Thử nghiệm", "Cổng thi đua", "Trang \\\"trích\\\""][r % 3].into(),
            "site:description" => s.description = (!clear).then(|| format!("Mô tả {step}")),
            "site:base_url" => {
                s.base_url = [
                    "https://example.vn/portal/",
                    "https://example.vn",
                    "http://localhost:8080/a/b/",
                ][r % 3]
                    .into()
            }
            "site:language" => s.language = (!clear).then(|| ["vi", "en"][r % 2].into()),
            "site:paginate" => s.paginate = (!clear).then_some([1, 2, 3, 20][r % 4]),
            "site:notice" => s.notice = (!clear).then(|| ["Số liệu minh họa.", "\"\"", "\"  \""][r % 3].into()),
            "site:theme" => {
                if self.theme_mine && r.is_multiple_of(4) {
                    // The theme folder goes (an error while site.yaml names it).
                    self.theme_mine = false;
                    self.raw.retain(|rel, _| !rel.starts_with(THEME));
                    return "themes/mine/ removed".into();
                }
                let theme = ["default", "mine", "mine"][r % 3];
                if theme == "mine" {
                    self.theme_mine = true;
                }
                s.theme = (!clear).then(|| theme.into());
            }
            "site:extra" => {
                s.extra =
                    (!clear).then(|| ["{hotline: \"0209 3870 000\"}", "{a: {b: [1, true, ~]}}", "{}"][r % 3].into())
            }
            _ => {
                let text = self.site_text();
                let broken = match r % 6 {
                    0 => text
                        .replace("paginate: 2\n", "")
                        .replace("title:", "paginate: 0\ntitle:"),
                    1 => format!("{text}language: fr\n"),
                    2 => text.replace("base_url: ", "base_url: ftp:"),
                    3 => format!("{text}titel: Sai\n"),
                    4 => format!("{text}theme: khong-co\n"),
                    _ => "title: [\n".into(),
                };
                self.broken.insert("site.yaml".into(), broken);
                return format!("broken ({})", r % 6);
            }
        }
        if clear { "cleared".into() } else { format!("{r}") }
    }

    fn edit_units(&mut self, rng: &mut Rng, kind: &str, step: usize) -> String {
        self.broken.remove("data/units.yaml");
        let r = (rng.below(1000), rng.below(1000));
        let n = self.units.len();
        if n == 0 && kind != "units:add" {
            self.units.push(pool_unit("huyen-tung"));
            return "huyen-tung back".into();
        }
        match kind {
            "units:rename" => {
                let u = &mut self.units[r.0 % n];
                let base = super::UNIT_POOL.iter().find(|p| p.0 == u.id).map_or("Mới", |p| p.1);
                // "Đức Xuân" for any unit: namesakes get labels that tell them apart.
                u.name = [base.to_owned(), format!("{base} mới"), "Đức Xuân".into()][r.1 % 3].clone();
                format!("{} → {}", u.id, u.name)
            }
            "units:add" => {
                let absent: Vec<&str> = super::UNIT_POOL
                    .iter()
                    .map(|p| p.0)
                    .filter(|id| !self.units.iter().any(|u| u.id == *id))
                    .collect();
                if absent.is_empty() {
                    return "all present".into();
                }
                let id = absent[r.0 % absent.len()];
                let at = r.1 % (n + 1);
                self.units.insert(at, pool_unit(id));
                format!("{id} at {at}")
            }
            "units:remove" => {
                // Mostly a unit no season needs; then pages naming it are errors.
                let i = if r.1.is_multiple_of(5) {
                    r.0 % n
                } else {
                    2 + r.0 % n.saturating_sub(2).max(1)
                };
                if i >= n {
                    return "none to remove".into();
                }
                let gone = self.units.remove(i);
                if r.1.is_multiple_of(2) {
                    for u in &mut self.units {
                        if u.successor.as_deref() == Some(gone.id.as_str()) {
                            u.successor = None;
                        }
                    }
                }
                gone.id
            }
            "units:successor" => {
                let (i, j) = (r.0 % n, r.1 % n);
                let target = self.units[j].id.clone();
                let u = &mut self.units[i];
                if i == j || r.1.is_multiple_of(4) {
                    u.successor = None;
                    u.until = None;
                    return format!("{} none", u.id);
                }
                // Possibly a loop (a → b → a): an error naming the chain.
                u.successor = Some(target.clone());
                u.until = Some("2025-06-30".into());
                format!("{} → {target}", u.id)
            }
            "units:other" => {
                let u = &mut self.units[r.0 % n];
                match r.1 % 6 {
                    0 => u.kind = ["phường", "xã", "thị trấn", "Phường"][r.0 % 4].into(),
                    1 => u.code = u.code.is_none().then(|| "\"01999\"".into()),
                    2 => {
                        u.aliases = if u.aliases.is_empty() {
                            vec![format!("Tên cũ {step}")]
                        } else {
                            vec![]
                        }
                    }
                    3 => u.until = u.until.is_none().then(|| "2024-12-31".into()),
                    4 => u.description = Some(format!("|\n      Mô tả *đơn vị* {step}.")),
                    _ => {
                        // The official order.
                        let j = r.0 % n;
                        self.units.swap(0, j);
                        return format!("order: swapped 0 and {j}");
                    }
                }
                format!("{} ({})", self.units[r.0 % n].id, r.1 % 6)
            }
            _ => {
                let text = self.units_text();
                let broken = match r.0 % 4 {
                    0 => text.replacen("id: duong-quang", "id: Dương Quang", 1),
                    1 => format!("{text}  - {{id: huyen-tung, name: Trùng, kind: xã}}\n"),
                    2 => text.replacen("kind: xã", "kind: quận", 1),
                    _ => "units:\n  - {id: a, name: [\n".into(),
                };
                self.broken.insert("data/units.yaml".into(), broken);
                format!("broken ({})", r.0 % 4)
            }
        }
    }

    fn edit_clusters(&mut self, rng: &mut Rng, kind: &str, step: usize) -> String {
        let r = rng.below(1000);
        match kind {
            "clusters:name" => {
                let c = &mut self.clusters[0];
                c.name = ["Cụm thi đua khối xã, phường", "Cụm xã, phường", "Cụm số 1"][r % 3].into();
                c.name.clone()
            }
            "clusters:add-remove" => {
                if let Some(i) = self.clusters.iter().position(|c| c.id == "thi-tran") {
                    // Seasons or items naming it are errors until it is back.
                    self.clusters.remove(i);
                    "thi-tran removed".into()
                } else {
                    self.clusters.push(pool_cluster("thi-tran"));
                    "thi-tran added".into()
                }
            }
            _ => {
                let i = r % self.clusters.len();
                let c = &mut self.clusters[i];
                if r.is_multiple_of(2) {
                    c.organiser = c.organiser.is_none().then(|| "UBND thành phố".into());
                } else {
                    c.description = c.description.is_none().then(|| format!("|\n      Mô tả *cụm* {step}."));
                }
                c.id.clone()
            }
        }
    }

    fn edit_scoring(&mut self, rng: &mut Rng, kind: &str, step: usize) -> String {
        let r = (rng.below(1000), rng.below(1000));
        let keys: Vec<(String, u32)> = self.seasons.keys().cloned().collect();
        let cluster = if r.1.is_multiple_of(4) { "thi-tran" } else { "xa-phuong" };
        let year = 2022 + (r.0 % 3) as u32;
        match kind {
            "scoring:add" => {
                let key = (cluster.to_owned(), year);
                if self.seasons.contains_key(&key) {
                    return "exists".into();
                }
                self.seasons.insert(key, season("final", "8"));
                format!("{year}/{cluster}")
            }
            "scoring:remove" | "scoring:score" | "scoring:other" | "scoring:broken" if keys.is_empty() => {
                "no season".into()
            }
            "scoring:remove" => {
                let key = &keys[r.0 % keys.len()];
                self.seasons.remove(key);
                self.broken.remove(&format!("data/scoring/{}/{}.yaml", key.1, key.0));
                format!("{}/{}", key.1, key.0)
            }
            _ => {
                let key = &keys[r.0 % keys.len()];
                let rel = format!("data/scoring/{}/{}.yaml", key.1, key.0);
                if kind == "scoring:broken" {
                    let text = String::from_utf8(self.files().remove(&rel).unwrap_or_default()).unwrap_or_default();
                    let broken = match r.1 % 4 {
                        // Above the max, a third decimal, a wrong year, a syntax error.
                        0 => text.replacen("II: 9 }", "II: 11 }", 1).replacen("I: 9,", "I: 11,", 1),
                        1 => text.replacen("I: 9,", "I: 9.125,", 1),
                        2 => text.replacen("year: ", "year: 1", 1),
                        _ => format!("{text}criteria: [\n"),
                    };
                    self.broken.insert(rel.clone(), broken);
                    return rel;
                }
                self.broken.remove(&rel);
                let s = self.seasons.get_mut(key).expect("a season of the model");
                if kind == "scoring:score" {
                    // 8.5 ties duong-quang (17.5 each): a shared rank.
                    s.score = ["9.5", "7", "8.25", "10", "0", "8.5"][r.1 % 6].into();
                    return format!("{rel}: {}", s.score);
                }
                match r.1 % 5 {
                    0 => s.status = ["final", "provisional", "planned"][r.0 % 3],
                    1 => s.third = !s.third,
                    2 => s.bonus = s.bonus.is_none().then(|| ["1.5", "0.25"][r.0 % 2].into()),
                    3 => s.deduction = s.deduction.is_none().then(|| "0.5".into()),
                    _ => s.note = s.note.is_none().then(|| format!("Ghi chú *{step}*.")),
                }
                format!("{rel} ({})", r.1 % 5)
            }
        }
    }

    /// The documents register: entries, their files (whose sizes the pages
    /// show) and broken versions.
    fn edit_documents(&mut self, rng: &mut Rng, kind: &str, step: usize) -> String {
        let r = (rng.below(1000), rng.below(1000));
        match kind {
            "documents:file" => {
                // The file of the first document: a new size, or gone (an error until a repair).
                let file = self
                    .documents
                    .as_ref()
                    .and_then(|d| d.first())
                    .map_or("tai-lieu/qd.pdf", |d| d.file);
                let rel = format!("static/{file}");
                if r.0.is_multiple_of(4) {
                    self.raw.remove(&rel);
                    return format!("{rel} removed");
                }
                self.raw.insert(rel.clone(), vec![b'x'; 100 + r.1 * 37]);
                format!("{rel}: {} bytes", 100 + r.1 * 37)
            }
            "documents:add-remove" => {
                let docs = self.documents.get_or_insert_with(Vec::new);
                if r.0.is_multiple_of(5) {
                    self.documents = None;
                    return "documents.yaml removed".into();
                }
                if let Some(i) = docs.iter().position(|d| d.number == "2/KH-UBND") {
                    docs.remove(i);
                    "2/KH-UBND removed".into()
                } else {
                    docs.push(Doc {
                        number: "2/KH-UBND".into(),
                        form: "ke-hoach",
                        issued: "2023-03-01",
                        effective: Some("2023-03-15"),
                        summary: format!("Kế hoạch thi đua {step}"),
                        file: "tai-lieu/huong-dan.txt",
                    });
                    "2/KH-UBND added".into()
                }
            }
            "documents:broken" => {
                let text = String::from_utf8(self.files().remove("data/documents.yaml").unwrap_or_default())
                    .unwrap_or_default();
                if text.is_empty() {
                    return "no documents.yaml".into();
                }
                let broken = match r.1 % 3 {
                    // An unknown form, a date of effect before the issue, a number twice.
                    0 => text.replacen("form: quyet-dinh", "form: quyet-dinhh", 1),
                    1 => format!("{text}    effective: 2000-01-01\n"),
                    _ => {
                        text.replacen("number: 2/KH-UBND", "number: 1/QĐ-UBND", 1).replacen(
                            "issued: 2023-03-01",
                            "issued: 2024-03-01",
                            1,
                        ) + "  - { number: 1/QĐ-UBND, form: thong-bao, issuer: x, issued: 2024-06-01, summary: y, file: tai-lieu/qd.pdf }\n"
                    }
                };
                self.broken.insert("data/documents.yaml".into(), broken);
                format!("broken ({})", r.1 % 3)
            }
            _ => {
                let docs = self.documents.get_or_insert_with(Vec::new);
                if docs.is_empty() {
                    docs.push(Doc {
                        number: "1/QĐ-UBND".into(),
                        form: "quyet-dinh",
                        issued: "2024-01-05",
                        effective: None,
                        summary: "Về việc tặng Cờ thi đua".into(),
                        file: "tai-lieu/qd.pdf",
                    });
                    return "1/QĐ-UBND back".into();
                }
                self.broken.remove("data/documents.yaml");
                let i = r.0 % docs.len();
                let d = &mut docs[i];
                match r.1 % 5 {
                    0 => d.summary = format!("Trích yếu {step}"),
                    1 => d.form = ["quyet-dinh", "thong-bao", "Kế hoạch"][r.0 % 3],
                    // Another year: another page.
                    2 => {
                        d.issued = if d.issued == "2024-01-05" {
                            "2023-12-20"
                        } else {
                            "2024-01-05"
                        }
                    }
                    3 => d.effective = d.effective.is_none().then_some("2024-02-01"),
                    _ => {
                        d.file = if d.file == "tai-lieu/qd.pdf" {
                            "tai-lieu/huong-dan.txt"
                        } else {
                            "tai-lieu/qd.pdf"
                        }
                    }
                }
                format!("{} ({})", d.number, r.1 % 5)
            }
        }
    }

    /// Proposals for public comment, and the holidays their periods count.
    fn edit_proposals(&mut self, rng: &mut Rng, kind: &str, step: usize) -> String {
        let r = (rng.below(1000), rng.below(1000));
        let keys: Vec<(u32, String)> = self.proposals.keys().cloned().collect();
        match kind {
            "holidays" => {
                self.holidays = !self.holidays;
                format!("holidays {}", self.holidays)
            }
            "proposals:add-remove" => {
                let key = (2024, "dan-van".to_owned());
                if self.proposals.remove(&key).is_some() {
                    self.broken.remove("data/proposals/2024/dan-van.yaml");
                    return "2024/dan-van removed".into();
                }
                self.proposals.insert(
                    key,
                    Prop {
                        start: "2024-01-08",
                        end: "2024-01-19",
                        units: vec!["duong-quang".into()],
                        individuals: true,
                        outcome: Some("1/QĐ-UBND"),
                    },
                );
                "2024/dan-van added".into()
            }
            _ if keys.is_empty() => "no proposal".into(),
            "proposals:broken" => {
                let (year, id) = &keys[r.0 % keys.len()];
                let rel = format!("data/proposals/{year}/{id}.yaml");
                let text = String::from_utf8(self.files().remove(&rel).unwrap_or_default()).unwrap_or_default();
                let broken = match r.1 % 3 {
                    // An unknown unit, an end before the start, a syntax error.
                    0 => text.replacen("- { id: ", "- { id: khong-co-", 1),
                    1 => text.replacen("end: 20", "end: 19", 1),
                    _ => format!("{text}units: [\n"),
                };
                self.broken.insert(rel.clone(), broken);
                rel
            }
            _ => {
                let key = &keys[r.0 % keys.len()];
                let rel = format!("data/proposals/{}/{}.yaml", key.0, key.1);
                self.broken.remove(&rel);
                let p = self.proposals.get_mut(key).expect("a proposal of the model");
                match r.1 % 5 {
                    // Open at NOW, closed, not yet open, and too short (a warning).
                    0 => {
                        (p.start, p.end) = [
                            ("2025-01-06", "2025-01-17"),
                            ("2024-01-08", "2024-01-19"),
                            ("2025-02-03", "2025-02-14"),
                            ("2025-01-09", "2025-01-10"),
                        ][r.0 % 4]
                    }
                    1 => {
                        if p.units.len() > 1 {
                            p.units.pop();
                        } else {
                            p.units.push("duc-xuan".into());
                        }
                    }
                    2 => p.individuals = !p.individuals,
                    // A decision the register has, one it has not (a warning), none.
                    3 => p.outcome = [Some("1/QĐ-UBND"), Some("9/QĐ-UBND"), None][r.0 % 3],
                    _ => {
                        p.start = if p.start == "2025-01-06" {
                            "2025-01-02"
                        } else {
                            "2025-01-06"
                        }
                    }
                }
                format!("{rel} ({}) {step}", r.1 % 5)
            }
        }
    }

    /// Templates and static files: labels say whether a file came, changed or went.
    fn edit_files(&mut self, rng: &mut Rng, kind: &'static str, step: usize) -> (&'static str, String) {
        let r = (rng.below(1000), rng.below(1000));
        match kind {
            "template" => {
                let (rel, versions) = TEMPLATES[r.0 % TEMPLATES.len()];
                self.broken.remove(rel);
                let label = match self.raw.get(rel) {
                    None => "template:add",
                    Some(_) if r.1.is_multiple_of(2) => {
                        self.raw.remove(rel);
                        return ("template:remove", rel.into());
                    }
                    Some(_) => "template:edit",
                };
                let now = self.raw.get(rel).cloned();
                let v = versions
                    .iter()
                    .find(|v| now.as_deref() != Some(v.as_bytes()))
                    .unwrap_or(&versions[0]);
                self.raw.insert(rel.into(), v.as_bytes().to_vec());
                (label, rel.into())
            }
            "template:broken" => {
                let (rel, text) = [
                    ("templates/page.html", "{{ page.title \n"),
                    ("templates/partials/item_card.html", "{% if item.title %}never closed\n"),
                    // Parses, fails at render: an undefined value.
                    ("templates/page.html", "{{ page.no_such_value.x }}\n"),
                    (
                        "templates/base.html",
                        "{% block content %}{% endblock content %}{{ nope }}\n",
                    ),
                ][r.0 % 4];
                self.broken.insert(rel.into(), text.into());
                (kind, rel.into())
            }
            "template:theme" => {
                // The site's own theme: edited whether or not site.yaml uses it.
                if !self.theme_mine {
                    self.theme_mine = true;
                    return (kind, "themes/mine/ added".into());
                }
                let rel = [
                    "themes/mine/templates/partials/item_card.html",
                    "themes/mine/templates/base.html",
                ][r.0 % 2];
                if self.raw.remove(rel).is_none() {
                    let base = self.default_theme[rel.trim_start_matches(THEME)].clone();
                    let text = String::from_utf8(base).unwrap_or_default();
                    let text = if rel.ends_with("base.html") {
                        text.replace("</body>", &format!("<footer class=\"mine\">{step}</footer>\n</body>"))
                    } else {
                        format!("<!-- theme card {step} -->\n{text}")
                    };
                    self.raw.insert(rel.into(), text.into_bytes());
                    return (kind, format!("{rel} edited"));
                }
                (kind, format!("{rel} restored"))
            }
            "static" => {
                let rel = STATICS[r.0 % STATICS.len()];
                if rel.starts_with(THEME) && !self.theme_mine {
                    self.theme_mine = true;
                }
                let label = match self.raw.get(rel) {
                    None => "static:add",
                    Some(_) if r.1.is_multiple_of(3) => {
                        self.raw.remove(rel);
                        return ("static:remove", rel.into());
                    }
                    Some(_) => "static:edit",
                };
                self.raw.insert(rel.into(), format!("static {step}\n").into_bytes());
                (label, rel.into())
            }
            _ => {
                let rel = CLASHES[r.0 % CLASHES.len()];
                self.raw.insert(rel.into(), format!("clash {step}\n").into_bytes());
                self.clashes.insert(rel.into());
                (kind, rel.into())
            }
        }
    }
}
