//! `bangvang init` and `bangvang new`: files an author starts from.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::text;

const INIT_FILES: &[(&str, &str)] = &[
    (
        "site.yaml",
        "title: Thi đua – Khen thưởng\ndescription: Tin tức và kết quả thi đua của các xã, phường\nbase_url: https://example.vn/\nlanguage: vi\ntheme: default\npaginate: 10\nnotice: Điểm số trên trang này là dữ liệu minh họa.\nextra: {}\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: Trang chủ\n---\nChào mừng đến với trang thông tin thi đua – khen thưởng.\n",
    ),
    ("content/tin-tuc/_index.md", "---\ntitle: Tin tức\n---\n"),
    (
        "content/tin-tuc/2023-02-15-ky-ket-giao-uoc.md",
        "---\ntitle: Các xã, phường ký kết giao ước thi đua\ndate: 2023-02-15\ntags: [giao ước thi đua]\nunits: [huyen-tung, duc-xuan]\ncluster: xa-phuong\nyear: 2023\n---\nBài viết mẫu: thay bằng tin của đơn vị bạn.\n\n## Nội dung chính\n\n- Thông qua kế hoạch phát động thi đua\n- Thông qua biểu chấm điểm các tiêu chí\n",
    ),
    (
        "content/gioi-thieu.md",
        "---\ntitle: Giới thiệu\n---\nTrang này đăng tin tức và kết quả thi đua.\n",
    ),
    (
        "data/units.yaml",
        "units:\n  - id: song-cau\n    name: Sông Cầu\n    kind: phường\n    code: \"01837\"\n  - id: duc-xuan\n    name: Đức Xuân\n    kind: phường\n    code: \"01840\"\n  - id: huyen-tung\n    name: Huyền Tụng\n    kind: phường\n    code: \"01846\"\n  - id: duong-quang\n    name: Dương Quang\n    kind: xã\n    code: \"01849\"\n",
    ),
    (
        "data/clusters.yaml",
        "clusters:\n  - id: xa-phuong\n    name: Cụm thi đua khối xã, phường\n",
    ),
    ("data/scoring/2023/xa-phuong.yaml", SAMPLE_SEASON),
    ("static/.gitkeep", ""),
    // public/ is the build's output; .bangvang/ will hold build state.
    (".gitignore", "/public/\n/.bangvang/\n"),
];

/// One scored year of the cluster, so a new site shows standings at once.
const SAMPLE_SEASON: &str = "\
# Kết quả thi đua mẫu (minh họa): thay bằng biểu chấm điểm và điểm của cụm.
# Cách viết và cách tính: docs/data.md và docs/scoring.md của bangvang.
cluster: xa-phuong
year: 2023
status: final
leader: huyen-tung
deputy: duc-xuan
members: [song-cau, duc-xuan, huyen-tung, duong-quang]
scale: 100
bonus_cap: 5
stages: [self, council]
criteria:
  - code: I
    title: Phát triển kinh tế
    items:
      - { code: I.1, title: Thu ngân sách đạt và vượt dự toán, max: 20 }
      - { code: I.2, title: \"Sản xuất, kinh doanh\", max: 20 }
  - code: II
    title: Văn hóa – xã hội
    items:
      - { code: II.1, title: \"Giáo dục, y tế\", max: 20 }
      - { code: II.2, title: An sinh xã hội, max: 20 }
  - code: III
    title: Cải cách hành chính
    items:
      - { code: III.1, title: Giải quyết thủ tục hành chính đúng hạn, max: 20 }
tiers:
  - { label: Hoàn thành xuất sắc nhiệm vụ, min: 90 }
  - { label: Hoàn thành tốt nhiệm vụ, min: 80 }
  - { label: Hoàn thành nhiệm vụ, min: 0 }
tie_break: [group:II, deductions]
awards:
  - { title: Cờ thi đua của UBND tỉnh, top: 1 }
  - { title: Bằng khen của Chủ tịch UBND tỉnh, top: 2, min: 90 }
scores:
  song-cau:
    self:    { I.1: 18, I.2: 17, II.1: 18, II.2: 17, III.1: 18 }
    council: { I.1: 17.5, I.2: 16, II.1: 17, II.2: 17, III.1: 17.5 }
  duc-xuan:
    self:    { I.1: 19, I.2: 18, II.1: 19, II.2: 18, III.1: 19 }
    council: { I.1: 18.5, I.2: 17.5, II.1: 18.5, II.2: 18, III.1: 18.75 }
    bonus: [ { points: 1.5, reason: Mô hình dân vận khéo cấp tỉnh } ]
  huyen-tung:
    self:    { I.1: 19.5, I.2: 18.5, II.1: 19, II.2: 19, III.1: 19 }
    council: { I.1: 19, I.2: 18, II.1: 19, II.2: 18.5, III.1: 19 }
    deductions: [ { points: 0.5, reason: Nộp báo cáo muộn } ]
  duong-quang:
    self:    { I.1: 17, I.2: 16, II.1: 17, II.2: 16.5, III.1: 17 }
    council: { I.1: 16, I.2: 15.5, II.1: 16.5, II.2: 16, III.1: 16 }
";

pub fn init(dir: &Path) -> Result<(), Diagnostic> {
    let shown = dir.display().to_string();
    if dir.exists() && fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(Diagnostic::error(shown, None, "the folder is not empty")
            .with_hint("choose a new or empty folder; nothing was written"));
    }
    for (rel, body) in INIT_FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::error(parent.display().to_string(), None, format!("cannot create: {e}")))?;
        }
        fs::write(&path, body)
            .map_err(|e| Diagnostic::error(path.display().to_string(), None, format!("cannot write: {e}")))?;
    }
    Ok(())
}

/// What `new` wrote.
#[derive(Debug)]
pub struct Created {
    pub item: PathBuf,
    /// The section's `_index.md` and its title, when the section did not exist.
    pub section_index: Option<(PathBuf, String)>,
}

/// Creates content/SECTION/DATE-slug.md, and the section's `_index.md` when the
/// section is new (a section without one is titled by its bare folder name).
pub fn new_item(root: &Path, section: &str, title: &str, date: Option<&str>) -> Result<Created, Diagnostic> {
    let title = text::nfc(title.trim());
    let section = section.trim_matches('/');
    if section.is_empty() || !section.split('/').all(crate::units::is_valid_id) {
        return Err(Diagnostic::error(
            section,
            None,
            "a section is a folder name of lowercase letters, digits and hyphens",
        )
        .with_hint("for example: bangvang new tin-tuc \"Tiêu đề\""));
    }
    let slug = short_slug(&text::slugify(&title));
    if slug.is_empty() {
        return Err(Diagnostic::error(
            "title",
            None,
            "the title has no letters or digits to make a file name from",
        ));
    }
    let date = match date {
        Some(d) => d
            .parse::<jiff::civil::Date>()
            .map_err(|_| Diagnostic::error("--date", None, format!("`{d}` is not a date YYYY-MM-DD")))?,
        None => jiff::Zoned::now().date(),
    };
    if !text::date_supported(date) {
        let (message, hint) = text::unsupported_date("--date", &date.to_string());
        return Err(Diagnostic::error("--date", None, message).with_hint(hint));
    }
    if !root.join("site.yaml").is_file() {
        return Err(
            Diagnostic::error("site.yaml", None, format!("no site.yaml in {}", root.display()))
                .with_hint("run in a site folder or pass --root DIR"),
        );
    }
    let dir = root.join("content").join(section);
    let new_section = !dir.exists();
    fs::create_dir_all(&dir)
        .map_err(|e| Diagnostic::error(dir.display().to_string(), None, format!("cannot create: {e}")))?;
    let section_index = if new_section {
        let name = section_title(section);
        let path = dir.join("_index.md");
        create(&path, &format!("---\ntitle: {}\n---\n", yaml_text(&name)))?;
        Some((path, name))
    } else {
        None
    };
    let path = dir.join(format!("{date}-{slug}.md"));
    let body = format!(
        "---\ntitle: {}\ndate: {date}\ntags: []\nunits: []\ndraft: true\n---\nViết nội dung ở đây.\n",
        yaml_text(&title)
    );
    create(&path, &body).map_err(|d| d.with_hint("an item with this date and title may exist already"))?;
    Ok(Created {
        item: path,
        section_index,
    })
}

/// A slug short enough for a file name beside its date (`2023-02-15-`) and the
/// `.md`, cut at a hyphen so no word is split: a long title still makes a
/// file the build accepts (the title itself stays whole in the front matter).
fn short_slug(slug: &str) -> String {
    const MAX: usize = 80;
    if slug.len() <= MAX {
        return slug.to_owned();
    }
    let cut = slug[..=MAX].rfind('-').unwrap_or(MAX);
    slug[..cut].trim_end_matches('-').to_owned()
}

/// A new section's title from its folder name: `thong-bao` → `Thong bao`.
/// Folder names carry no tone marks, so the author is told to edit it.
pub fn section_title(section: &str) -> String {
    let last = section.rsplit('/').next().unwrap_or(section).replace('-', " ");
    let mut chars = last.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A YAML scalar that reads back as exactly `s` (a JSON string is one).
fn yaml_text(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Writes a new file, never replacing one.
fn create(path: &Path, body: &str) -> Result<(), Diagnostic> {
    let shown = || path.display().to_string();
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Diagnostic::error(shown(), None, format!("cannot create: {e}")))?;
    f.write_all(body.as_bytes())
        .map_err(|e| Diagnostic::error(shown(), None, format!("cannot write: {e}")))
}

#[cfg(test)]
mod tests {
    use super::{section_title, short_slug};

    #[test]
    fn long_titles_make_file_names_cut_at_a_word() {
        let slug = short_slug(&"ket-qua-thi-dua ".repeat(20).trim().replace(' ', "-"));
        assert!(slug.len() <= 80, "{slug}");
        assert!(slug.ends_with("dua"), "{slug}");
        assert_eq!(short_slug("ngan-gon"), "ngan-gon");
    }

    #[test]
    fn section_titles_from_folder_names() {
        assert_eq!(section_title("thong-bao"), "Thong bao");
        assert_eq!(section_title("tin-tuc/nam-2024"), "Nam 2024");
        assert_eq!(section_title("2024"), "2024");
    }
}
