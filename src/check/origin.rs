//! Where a link of the output was written: the Markdown file, line and
//! column when a page's text holds it, else the template (at the line that
//! holds it literally, when one does), else the output file.
//!
//! Markdown positions come from a side table made here, not from rendering:
//! each page's body is parsed again with the renderer's own options
//! (`markdown::options`) and pulldown-cmark's offsets, so the renderer is
//! not changed and the positions are those of the text the page was made
//! from.

use std::collections::HashMap;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::diag::{Location, Sources, locate};
use crate::site::Site;

use super::extract::{Kind, scan};
use super::resolve::percent_decode;

/// A link written in a Markdown file.
pub struct MdLink {
    pub file: String,
    pub loc: Location,
    /// The page's HTML (body and summary), to tell on which outputs it shows.
    pub page: usize,
}

/// Every Markdown link of the site by its destination (percent-decoded).
pub struct MdLinks {
    pub by_dest: HashMap<String, Vec<MdLink>>,
    /// Each page's `(content_html, summary_html)`.
    pub pages: Vec<(String, String)>,
}

impl MdLinks {
    pub fn of(site: &Site, sources: &Sources) -> MdLinks {
        let root_path = site.config.root_path();
        let mut by_dest: HashMap<String, Vec<MdLink>> = HashMap::new();
        let mut pages = Vec::new();
        for page in site.pages.values() {
            let Some(text) = sources.get(&page.file) else { continue };
            let Ok((_, _, _, body)) = crate::content::frontmatter::split(text, &page.file) else {
                continue;
            };
            let body_at = body.as_ptr() as usize - text.as_ptr() as usize;
            let n = pages.len();
            // As pages show them: root-relative links get the root path.
            let shown = |html: &str| crate::render::context::prefix_links(html, root_path).into_owned();
            pages.push((shown(&page.content_html), shown(&page.summary_html)));
            // An HTML block comes line by line; it is scanned whole, so a
            // `<style>` block's url()s are read as CSS.
            let mut in_block = false;
            for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
                let dest = match &event {
                    Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
                    Event::End(TagEnd::HtmlBlock) => {
                        in_block = false;
                        continue;
                    }
                    Event::Html(_) if in_block => continue,
                    // Raw HTML in the text: its links at their places.
                    Event::Start(Tag::HtmlBlock) | Event::Html(_) | Event::InlineHtml(_) => {
                        in_block |= matches!(event, Event::Start(Tag::HtmlBlock));
                        let at = body_at + range.start;
                        for l in scan(Kind::Html, &body[range.clone()]).links {
                            let loc = locate(text, at + l.offset, at + l.offset + l.raw.len());
                            by_dest.entry(percent_decode(&l.url)).or_default().push(MdLink {
                                file: page.file.clone(),
                                loc,
                                page: n,
                            });
                        }
                        continue;
                    }
                    _ => continue,
                };
                let span = &body[range.clone()];
                // Point at the destination when it is written inside the
                // link (not for reference links, whose target is elsewhere).
                let (start, len) = match span.rfind(dest.as_ref()).filter(|_| !dest.is_empty()) {
                    Some(p) => (range.start + p, dest.len()),
                    None => (range.start, span.len()),
                };
                let loc = locate(text, body_at + start, body_at + start + len);
                by_dest.entry(percent_decode(dest)).or_default().push(MdLink {
                    file: page.file.clone(),
                    loc,
                    page: n,
                });
            }
        }
        MdLinks { by_dest, pages }
    }

    /// The Markdown link behind `url` in an output whose text is `shown`:
    /// one with that destination whose page's HTML is part of it.
    pub fn find(&self, url: &str, shown: &str) -> Option<&MdLink> {
        let links = self.by_dest.get(&percent_decode(url))?;
        links.iter().find(|l| {
            let (content, summary) = &self.pages[l.page];
            (!content.is_empty() && shown.contains(content.as_str()))
                || (!summary.is_empty() && shown.contains(summary.as_str()))
        })
    }
}

/// The first place a template text holds `raw` literally, among `templates`
/// (shown names, in the order to try).
pub fn in_templates(raw: &str, templates: &[String], sources: &Sources) -> Option<(String, Location)> {
    for shown in templates {
        let Some(text) = sources.get(shown) else { continue };
        if let Some(p) = text.find(raw) {
            return Some((shown.clone(), locate(text, p, p + raw.len())));
        }
    }
    None
}
