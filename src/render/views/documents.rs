//! What the documents register's templates receive: documents.html (the
//! register, all of it or one year or one form) and document.html.

use serde::Serialize;

/// A document as lists and its page show it: `documents[]` of
/// documents.html, `document` of document.html, a decision's `document`.
#[derive(Serialize)]
pub struct DocumentView<'a> {
    /// "Quyết định số 215/QĐ-UBND".
    pub title: String,
    pub number: &'a str,
    pub form: FormLink,
    pub issuer: &'a str,
    /// `2024-02-01`.
    pub issued: String,
    pub issued_short: String,
    pub issued_long: String,
    pub effective: Option<String>,
    pub effective_short: Option<String>,
    pub summary: &'a str,
    pub year: i16,
    pub url: String,
    pub file: FileView,
}

/// A document's form with its list: `form` of a document, `forms[]`.
#[derive(Serialize)]
pub struct FormLink {
    pub slug: &'static str,
    pub name: &'static str,
    pub url: String,
}

/// A document's file: `file` of a document.
#[derive(Serialize)]
pub struct FileView {
    pub url: String,
    /// "PDF".
    pub kind: String,
    /// "240 KB", in the site's language.
    pub size: String,
    pub bytes: u64,
}

/// An entry of `years` or `forms` of documents.html: a list of the register.
#[derive(Serialize)]
pub struct RegisterLink {
    pub name: String,
    pub url: String,
    pub count: usize,
    /// The page shows this list.
    pub current: bool,
}

/// `register` of documents.html: which list the page is and the others.
#[derive(Serialize)]
pub struct RegisterView {
    /// "Văn bản", "Văn bản năm 2024", "Quyết định".
    pub heading: String,
    pub all_url: String,
    /// The page lists every document.
    pub is_all: bool,
    pub years: Vec<RegisterLink>,
    pub forms: Vec<RegisterLink>,
}
