//! Temporary stub until the full module lands.
pub struct Rendered {
    pub html: String,
    pub summary_html: Option<String>,
    pub toc: Vec<Heading>,
}
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}
pub fn render(markdown: &str) -> Rendered {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
    Rendered { html, summary_html: None, toc: Vec::new() }
}
