//! data/documents.yaml: the documents register (văn bản) that Decree
//! 42/2022/NĐ-CP asks a state agency's portal to publish: each document's
//! form, issuing body, number, dates of issue and of effect, summary and the
//! file to download (kept in static/).

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;

use crate::diag::{Diagnostic, Location};
use crate::text::{self, Lang};
use crate::yaml::{self, Ctx, Node};

pub const DOCUMENTS_FILE: &str = "data/documents.yaml";
const KEYS: &[&str] = &["documents"];
const DOCUMENT_KEYS: &[&str] = &["number", "form", "issuer", "issued", "effective", "summary", "file"];

/// A form of document (thể loại văn bản): its slug (what data files write
/// and URLs hold) and its names.
#[derive(Debug, PartialEq, Eq)]
pub struct Form {
    pub slug: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
}

impl Form {
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

const fn form(slug: &'static str, vi: &'static str, en: &'static str) -> Form {
    Form { slug, vi, en }
}

/// The closed list of forms: the legal documents a portal republishes and
/// the administrative forms of Decree 30/2020/NĐ-CP (Appendix III) that an
/// emulation office issues.
pub static FORMS: &[Form] = &[
    form("luat", "Luật", "Law"),
    form("nghi-dinh", "Nghị định", "Decree"),
    form("thong-tu", "Thông tư", "Circular"),
    form("nghi-quyet", "Nghị quyết", "Resolution"),
    form("quyet-dinh", "Quyết định", "Decision"),
    form("chi-thi", "Chỉ thị", "Directive"),
    form("quy-che", "Quy chế", "Regulation"),
    form("quy-dinh", "Quy định", "Rules"),
    form("huong-dan", "Hướng dẫn", "Guidance"),
    form("ke-hoach", "Kế hoạch", "Plan"),
    form("chuong-trinh", "Chương trình", "Programme"),
    form("thong-bao", "Thông báo", "Notice"),
    form("bao-cao", "Báo cáo", "Report"),
    form("to-trinh", "Tờ trình", "Submission"),
    form("bien-ban", "Biên bản", "Minutes"),
    form("cong-van", "Công văn", "Official letter"),
    form("giay-moi", "Giấy mời", "Invitation"),
];

/// The form written `s`: its slug, or its Vietnamese name in any case.
pub fn find_form(s: &str) -> Option<&'static Form> {
    let slug = text::slugify(s);
    FORMS.iter().find(|f| f.slug == slug)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// `215/QĐ-UBND`, as written.
    pub number: String,
    /// `215-qd-ubnd`: the number as a URL part.
    pub slug: String,
    pub form: &'static Form,
    pub issuer: String,
    pub issued: Date,
    pub effective: Option<Date>,
    pub summary: String,
    /// The file's path under static/ (`tai-lieu/215-qd-ubnd.pdf`).
    pub file: String,
    /// Its size in bytes, read when the register loads.
    pub size: u64,
    pub loc: Location,
}

impl Document {
    /// "PDF": the file's type, from its extension.
    pub fn file_type(&self) -> String {
        file_type(&self.file)
    }
}

/// The register, newest first (then by number), and whether it loaded whole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Documents {
    pub list: Vec<Document>,
    /// data/documents.yaml exists (a site without one is not warned about
    /// decisions it does not register).
    pub present: bool,
    /// Every entry loaded: a reference that finds nothing is really missing.
    pub complete: bool,
    /// A hash of the file's text and every file's size: what the register's
    /// pages are made from (see `render::engine::Fp`).
    pub key: u64,
}

/// What a reference to a document by its number finds.
#[derive(Debug, PartialEq, Eq)]
pub enum Found<'a> {
    Document(&'a Document),
    /// Not checked: the register failed to load in part (reported already),
    /// or the site keeps none.
    Unknown,
    Missing,
}

impl Documents {
    /// The document numbered `number` (compared as slugs, so `215/QĐ-UBND`
    /// and `215/QD-UBND` are one), the one issued in `year` when numbers
    /// repeat across years.
    pub fn find(&self, number: &str, year: Option<i16>) -> Found<'_> {
        let slug = text::slugify(number);
        let mut matches = self.list.iter().filter(|d| d.slug == slug);
        let first = matches.next();
        let in_year = year.and_then(|y| self.list.iter().find(|d| d.slug == slug && d.issued.year() == y));
        match in_year.or(first) {
            Some(d) => Found::Document(d),
            None if self.present && self.complete => Found::Missing,
            None => Found::Unknown,
        }
    }

    /// The years that have documents, newest first.
    pub fn years(&self) -> Vec<i16> {
        let mut years: Vec<i16> = self.list.iter().map(|d| d.issued.year()).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
    }
}

/// A file's type as readers know it: its extension in capitals ("PDF",
/// "DOCX"); "" without one.
pub fn file_type(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_uppercase(),
        _ => String::new(),
    }
}

/// A size as "240 KB" (1 KB = 1024 bytes, as office PCs show it), with one
/// decimal from 1 MB on, in the site's language ("1,5 MB").
pub fn format_size(bytes: u64, lang: Lang) -> String {
    const KB: u64 = 1024;
    if bytes < KB {
        return format!("{bytes} B");
    }
    if bytes < KB * KB {
        return format!("{} KB", bytes.div_ceil(KB));
    }
    let (unit, div) = if bytes < KB * KB * KB {
        ("MB", KB * KB)
    } else {
        ("GB", KB * KB * KB)
    };
    // Tenths, rounded half up, exactly.
    let tenths = (u128::from(bytes) * 10 + u128::from(div) / 2) / u128::from(div);
    let tenths = i64::try_from(tenths).unwrap_or(i64::MAX / 10);
    format!("{} {unit}", text::format_hundredths(tenths * 10, lang))
}

/// Reads the register; `static_dir` is the site's static/ folder, where
/// every document's file must be.
pub fn parse(text_in: &str, static_dir: &Path) -> (Documents, Vec<Diagnostic>) {
    let mut ctx = Ctx::new(DOCUMENTS_FILE);
    let mut out = Documents {
        present: true,
        complete: true,
        ..Documents::default()
    };
    let mut key = xxhash_rust::xxh3::Xxh3::new();
    key.update(text_in.as_bytes());
    let root = match yaml::parse(text_in, DOCUMENTS_FILE, 0, 0) {
        Ok(r) => r,
        Err(d) => {
            out.complete = false;
            return (out, vec![d]);
        }
    };
    let before = ctx.diags.len();
    let items = match ctx.map(&root, DOCUMENTS_FILE, KEYS) {
        Some(m) => {
            let items = m
                .get("documents")
                .and_then(|n| ctx.list(n, "documents"))
                .unwrap_or_default();
            m.finish(&mut ctx, DOCUMENTS_FILE);
            items
        }
        None => &[],
    };
    if ctx.diags.len() > before {
        out.complete = false;
    }
    // (year, slug) → line of the first, for duplicates.
    let mut seen: HashMap<(i16, String), usize> = HashMap::new();
    for item in items {
        let Some((doc, number_at)) = decode(&mut ctx, item, static_dir) else {
            out.complete = false;
            continue;
        };
        if let Some(line) = seen.get(&(doc.issued.year(), doc.slug.clone())) {
            ctx.error(
                number_at,
                format!(
                    "duplicate document number `{}` in {}",
                    doc.number,
                    doc.issued.year()
                ),
                Some(format!(
                    "the first is on line {line}; a number is given once a year (numbers start again each year, so the same number in another year is fine)"
                )),
            );
            out.complete = false;
            continue;
        }
        seen.insert((doc.issued.year(), doc.slug.clone()), number_at.line);
        key.update(&doc.size.to_le_bytes());
        out.list.push(doc);
    }
    out.list
        .sort_by(|a, b| b.issued.cmp(&a.issued).then_with(|| text::vi_cmp(&a.number, &b.number)));
    out.key = key.digest();
    (out, ctx.diags)
}

fn decode(ctx: &mut Ctx, n: &Node, static_dir: &Path) -> Option<(Document, Location)> {
    let m = ctx.map(n, "a document", DOCUMENT_KEYS)?;
    let number_node = m.require(ctx, "number", "a document");
    let number = number_node.and_then(|v| ctx.nonempty(v, "number"));
    let slug = match (&number, number_node) {
        (Some(num), Some(v)) => {
            let s = text::slugify(num);
            if s.is_empty() || s.len() > 100 {
                ctx.error(
                    v.loc,
                    format!(
                        "document number `{}` has no letters or digits to make its page's address from, or too many",
                        text::abbreviate(num)
                    ),
                    Some("write the number as it is printed on the document, like 215/QĐ-UBND".to_owned()),
                );
                None
            } else {
                Some(s)
            }
        }
        _ => None,
    };
    let form = m.require(ctx, "form", "a document").and_then(|v| {
        let written = ctx.nonempty(v, "form")?;
        let found = find_form(&written);
        if found.is_none() {
            let slugs: Vec<&str> = FORMS.iter().map(|f| f.slug).collect();
            let hint = match text::nearest(&text::slugify(&written), &slugs) {
                Some(near) => format!("did you mean `{near}`? The forms are: {}", slugs.join(", ")),
                None => format!("the forms are: {}", slugs.join(", ")),
            };
            ctx.error(v.loc, format!("unknown document form `{written}`"), Some(hint));
        }
        found
    });
    let issuer = m
        .require(ctx, "issuer", "a document")
        .and_then(|v| ctx.nonempty(v, "issuer"));
    let issued = m
        .require(ctx, "issued", "a document")
        .and_then(|v| ctx.date(v, "issued"));
    let effective_node = m.get("effective");
    let effective = effective_node.and_then(|v| ctx.date(v, "effective"));
    let summary = m
        .require(ctx, "summary", "a document")
        .and_then(|v| ctx.nonempty(v, "summary"));
    let file = m
        .require(ctx, "file", "a document")
        .and_then(|v| Some((ctx.nonempty(v, "file")?, v.loc)))
        .and_then(|(f, at)| static_file(ctx, &f, at, static_dir));
    m.finish(ctx, "a document");
    if let (Some(issued), Some(effective), Some(v)) = (issued, effective, effective_node)
        && effective < issued
    {
        ctx.error(
            v.loc,
            format!("the document takes effect ({effective}) before it is issued ({issued})"),
            Some("a document takes effect on or after its date of issue: check both dates".to_owned()),
        );
        return None;
    }
    let ((file, size), number_at) = (file?, number_node?.loc);
    Some((
        Document {
            number: number?,
            slug: slug?,
            form: form?,
            issuer: issuer?,
            issued: issued?,
            effective,
            summary: summary?,
            file,
            size,
            loc: n.loc,
        },
        number_at,
    ))
}

/// A document's file: a path inside static/ (a leading `/` is allowed)
/// that names a file there; its path and size.
fn static_file(ctx: &mut Ctx, written: &str, at: Location, static_dir: &Path) -> Option<(String, u64)> {
    let rel = written.trim_start_matches('/');
    let parts: Vec<&str> = rel.split('/').collect();
    if written.contains('\\')
        || written.contains("://")
        || parts.iter().any(|p| p.is_empty() || *p == "." || *p == "..")
    {
        ctx.error(
            at,
            format!("`{written}` is not a path inside static/"),
            Some("put the file in static/ and write its path from there, like tai-lieu/215-qd-ubnd.pdf".to_owned()),
        );
        return None;
    }
    if parts.iter().any(|p| p.starts_with('.')) {
        ctx.error(
            at,
            format!("static/{rel} is hidden: files and folders whose name starts with `.` are not published"),
            Some("rename the file".to_owned()),
        );
        return None;
    }
    // Found as the static files are listed: by NFC name, whatever the disk holds.
    match crate::files::find(static_dir, "static", rel, |_| true) {
        Some(crate::files::Found::File(path)) => match std::fs::metadata(&path) {
            Ok(meta) => Some((rel.to_owned(), meta.len())),
            Err(e) => {
                ctx.error(at, format!("cannot read static/{rel}: {e}"), None);
                None
            }
        },
        // Two names for one file: the static files' listing reports it.
        Some(crate::files::Found::Twins(_)) => None,
        None if parts
            .iter()
            .fold(static_dir.to_path_buf(), |p, part| p.join(part))
            .is_dir() =>
        {
            ctx.error(
                at,
                format!("static/{rel} is a folder, not a file"),
                Some("name the document's file itself".to_owned()),
            );
            None
        }
        None => {
            ctx.error(
                at,
                format!("the document's file static/{rel} does not exist"),
                Some("copy the file into static/ at that path, or correct the path".to_owned()),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, vec![b'x'; 2048]).unwrap();
        }
        dir
    }

    fn doc(number: &str, form: &str, issued: &str, extra: &str) -> String {
        format!(
            "  - {{ number: {number}, form: {form}, issuer: UBND tỉnh, issued: {issued}, summary: Về việc x, file: a.pdf{extra} }}\n"
        )
    }

    fn messages(text: &str, files: &[&str]) -> Vec<String> {
        let dir = site_with(files);
        parse(text, dir.path()).1.iter().map(Diagnostic::one_line).collect()
    }

    #[test]
    fn reads_documents_newest_first_with_their_files() {
        let dir = site_with(&["a.pdf"]);
        let text = format!(
            "documents:\n{}{}",
            doc("12/KH-UBND", "ke-hoach", "2023-01-05", ""),
            doc("215/QĐ-UBND", "Quyết định", "2024-02-01", ", effective: 2024-02-01")
        );
        let (d, diags) = parse(&text, dir.path());
        assert!(diags.is_empty(), "{diags:?}");
        assert!(d.complete && d.present);
        assert_eq!(d.list[0].slug, "215-qd-ubnd");
        assert_eq!(d.list[0].form.slug, "quyet-dinh");
        assert_eq!(d.list[0].size, 2048);
        assert_eq!(d.list[0].file_type(), "PDF");
        assert_eq!(d.years(), [2024, 2023]);
        assert!(matches!(d.find("215/QD-UBND", Some(2024)), Found::Document(_)));
        assert_eq!(d.find("9/QĐ-UBND", None), Found::Missing);
    }

    #[test]
    fn each_fault_of_a_document_is_an_error_at_its_value() {
        let m = messages(
            &format!("documents:\n{}", doc("1/QĐ", "quyet-dinhh", "2024-01-01", "")),
            &["a.pdf"],
        );
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].contains("documents.yaml:2:")
                && m[0].contains("unknown document form `quyet-dinhh`")
                && m[0].contains("did you mean `quyet-dinh`"),
            "{m:?}"
        );

        let m = messages(
            &format!("documents:\n{}", doc("1/QĐ", "thong-bao", "2024-01-01", "")),
            &[],
        );
        assert!(m.len() == 1 && m[0].contains("static/a.pdf does not exist"), "{m:?}");

        let m = messages(
            &format!(
                "documents:\n{}",
                doc("1/QĐ", "thong-bao", "2024-03-01", ", effective: 2024-02-01")
            ),
            &["a.pdf"],
        );
        assert!(
            m.len() == 1 && m[0].contains("takes effect (2024-02-01) before it is issued (2024-03-01)"),
            "{m:?}"
        );

        let m = messages(
            &format!(
                "documents:\n{}{}{}",
                doc("1/QĐ", "thong-bao", "2024-03-01", ""),
                doc("1/QĐ", "thong-bao", "2024-05-01", ""),
                doc("1/QĐ", "thong-bao", "2025-05-01", "")
            ),
            &["a.pdf"],
        );
        assert!(
            m.len() == 1
                && m[0].contains("documents.yaml:3:")
                && m[0].contains("duplicate document number `1/QĐ` in 2024")
                && m[0].contains("line 2"),
            "{m:?}"
        );

        let m = messages(
            "documents:\n  - { number: 1, form: thong-bao, issuer: x, issued: 2024-01-01, summary: y, file: ../site.yaml }\n",
            &[],
        );
        assert!(m.len() == 1 && m[0].contains("not a path inside static/"), "{m:?}");

        let m = messages(
            "documents:\n  - { number: 1, form: thong-bao, issuer: x, summary: y, file: a.pdf, date: 2024-01-01 }\n",
            &["a.pdf"],
        );
        assert!(m.iter().any(|x| x.contains("a document needs `issued`")), "{m:?}");
        assert!(m.iter().any(|x| x.contains("unknown key `date`")), "{m:?}");
    }

    #[test]
    fn a_file_stored_under_its_decomposed_name_is_found() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "tai-lieu/kế hoạch.pdf".nfd().collect();
        let dir = site_with(&[nfd.as_str()]);
        let (d, diags) = parse(
            "documents:\n  - { number: 1, form: ke-hoach, issuer: x, issued: 2024-01-01, summary: y, file: tai-lieu/kế hoạch.pdf }\n",
            dir.path(),
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            (d.list[0].file.as_str(), d.list[0].size),
            ("tai-lieu/kế hoạch.pdf", 2048)
        );
    }

    #[test]
    fn a_register_that_failed_finds_nothing_missing() {
        let dir = site_with(&[]);
        let (d, diags) = parse("documents: [\n", dir.path());
        assert_eq!(diags.len(), 1);
        assert_eq!(d.find("1/QĐ", None), Found::Unknown);
        assert_eq!(Documents::default().find("1/QĐ", None), Found::Unknown, "no register");
    }

    #[test]
    fn sizes_read_as_office_pcs_show_them() {
        assert_eq!(format_size(900, Lang::Vi), "900 B");
        assert_eq!(format_size(240 * 1024, Lang::Vi), "240 KB");
        assert_eq!(format_size(240 * 1024 + 1, Lang::Vi), "241 KB");
        assert_eq!(format_size(3 * 1024 * 1024 / 2, Lang::Vi), "1,5 MB");
        assert_eq!(format_size(3 * 1024 * 1024 / 2, Lang::En), "1.5 MB");
        assert_eq!(format_size(2 * 1024 * 1024, Lang::En), "2 MB");
        assert_eq!(file_type("tai-lieu/ke-hoach.docx"), "DOCX");
        assert_eq!(file_type("tai-lieu/.hidden"), "");
    }
}
