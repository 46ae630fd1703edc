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
        "units:\n  - id: duc-xuan\n    name: Đức Xuân\n    kind: phường\n    code: \"01840\"\n  - id: huyen-tung\n    name: Huyền Tụng\n    kind: phường\n    code: \"01846\"\n",
    ),
    (
        "data/clusters.yaml",
        "clusters:\n  - id: xa-phuong\n    name: Cụm thi đua khối xã, phường\n",
    ),
    ("static/.gitkeep", ""),
];

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

/// Creates content/SECTION/DATE-slug.md; returns its path.
pub fn new_item(root: &Path, section: &str, title: &str, date: Option<&str>) -> Result<PathBuf, Diagnostic> {
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
    let slug = text::slugify(&title);
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
    if !root.join("site.yaml").is_file() {
        return Err(
            Diagnostic::error("site.yaml", None, format!("no site.yaml in {}", root.display()))
                .with_hint("run in a site folder or pass --root DIR"),
        );
    }
    let dir = root.join("content").join(section);
    fs::create_dir_all(&dir)
        .map_err(|e| Diagnostic::error(dir.display().to_string(), None, format!("cannot create: {e}")))?;
    let path = dir.join(format!("{date}-{slug}.md"));
    let quoted = serde_json::to_string(&title).unwrap_or_default();
    let body =
        format!("---\ntitle: {quoted}\ndate: {date}\ntags: []\nunits: []\ndraft: true\n---\nViết nội dung ở đây.\n");
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            Diagnostic::error(path.display().to_string(), None, format!("cannot create: {e}"))
                .with_hint("an item with this date and title may exist already")
        })?;
    f.write_all(body.as_bytes())
        .map_err(|e| Diagnostic::error(path.display().to_string(), None, format!("cannot write: {e}")))?;
    Ok(path)
}
