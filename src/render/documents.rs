//! The documents producer: the register (documents.html) in full, per year
//! and per form, pre-rendered so it is browsable without a server, and a
//! page per document (document.html) with its file's type and size. Every
//! page is made from the register alone: its key is their fingerprint.

use super::engine::{Fp, Planner};
use super::template::Template;
use super::views::documents::{DocumentView, FileView, FormLink, RegisterLink, RegisterView};
use super::views::tv;
use crate::documents::{self, DOCUMENTS_FILE, Document, Documents, FORMS};
use crate::i18n::word;
use crate::site::Site;
use crate::text::{self, Lang};
use crate::urls::Urls;

/// "Quyết định số 215/QĐ-UBND".
pub fn title(d: &Document, lang: Lang) -> String {
    word(lang, "document_title_n")
        .replace("{form}", d.form.name(lang))
        .replace("{number}", &d.number)
}

pub fn view<'a>(d: &'a Document, urls: &Urls, lang: Lang) -> DocumentView<'a> {
    DocumentView {
        title: title(d, lang),
        number: &d.number,
        form: FormLink {
            slug: d.form.slug,
            name: d.form.name(lang),
            url: urls.url(&urls.documents_form(d.form.slug)),
        },
        issuer: &d.issuer,
        issued: d.issued.to_string(),
        issued_short: text::format_date_short(d.issued, lang),
        issued_long: text::format_date_long(d.issued, lang),
        effective: d.effective.map(|e| e.to_string()),
        effective_short: d.effective.map(|e| text::format_date_short(e, lang)),
        summary: &d.summary,
        year: d.issued.year(),
        url: urls.url(&urls.document(d.issued.year(), &d.slug)),
        file: FileView {
            url: urls.static_file(&d.file),
            kind: d.file_type(),
            size: documents::format_size(d.size, lang),
            bytes: d.size,
        },
    }
}

/// Which list of the register a page is.
enum List {
    All,
    Year(i16),
    Form(&'static documents::Form),
}

pub(super) fn plan(site: &Site, urls: &Urls, p: &mut Planner) {
    let docs: &Documents = &site.documents;
    if !docs.present {
        return;
    }
    let lang = site.config.language;
    let views: Vec<DocumentView> = docs.list.iter().map(|d| view(d, urls, lang)).collect();
    let years = docs.years();
    let forms: Vec<&documents::Form> = FORMS
        .iter()
        .filter(|f| docs.list.iter().any(|d| d.form.slug == f.slug))
        .collect();
    let mut lists = vec![List::All];
    lists.extend(years.iter().map(|y| List::Year(*y)));
    lists.extend(forms.iter().map(|f| List::Form(f)));
    for list in &lists {
        let (path, heading) = match list {
            List::All => (urls.documents(), word(lang, "documents")),
            List::Year(y) => (
                urls.documents_year(*y),
                word(lang, "documents_year_n").replace("{n}", &y.to_string()),
            ),
            List::Form(f) => (urls.documents_form(f.slug), f.name(lang).to_owned()),
        };
        let vars = || {
            let shown: Vec<&DocumentView> = docs
                .list
                .iter()
                .zip(&views)
                .filter(|(d, _)| match list {
                    List::All => true,
                    List::Year(y) => d.issued.year() == *y,
                    List::Form(f) => d.form.slug == f.slug,
                })
                .map(|(_, v)| v)
                .collect();
            let register = RegisterView {
                heading: heading.clone(),
                all_url: urls.url(&urls.documents()),
                is_all: matches!(list, List::All),
                years: years
                    .iter()
                    .map(|y| RegisterLink {
                        name: y.to_string(),
                        url: urls.url(&urls.documents_year(*y)),
                        count: docs.list.iter().filter(|d| d.issued.year() == *y).count(),
                        current: matches!(list, List::Year(x) if x == y),
                    })
                    .collect(),
                forms: forms
                    .iter()
                    .map(|f| RegisterLink {
                        name: f.name(lang).to_owned(),
                        url: urls.url(&urls.documents_form(f.slug)),
                        count: docs.list.iter().filter(|d| d.form.slug == f.slug).count(),
                        current: matches!(list, List::Form(x) if x.slug == f.slug),
                    })
                    .collect(),
            };
            vec![("register", tv(&register).into()), ("documents", tv(&shown).into())]
        };
        p.add_with(
            DOCUMENTS_FILE,
            path,
            Template::Documents,
            heading.clone(),
            || Fp::new().num(docs.key),
            vars,
        );
    }
    for (d, v) in docs.list.iter().zip(&views) {
        p.add_with(
            DOCUMENTS_FILE,
            urls.document(d.issued.year(), &d.slug),
            Template::Document,
            v.title.clone(),
            || Fp::new().num(docs.key),
            || vec![("document", tv(v).into())],
        );
    }
}

/// The search index's entries of the register.
pub(super) fn search_entries(site: &Site, urls: &Urls) -> Vec<(String, String, String, String)> {
    let lang = site.config.language;
    site.documents
        .list
        .iter()
        .map(|d| {
            let words = format!(
                "{} {} {} {} {}",
                d.form.name(lang),
                d.number,
                d.issuer,
                d.summary,
                d.issued.year()
            );
            (
                title(d, lang),
                urls.url(&urls.document(d.issued.year(), &d.slug)),
                text::format_date_short(d.issued, lang),
                text::fold(&words),
            )
        })
        .collect()
}
