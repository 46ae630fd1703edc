//! Photos and attachments in Markdown: the one place figures are made.
//! An image alone in its paragraph becomes a `<figure>` (its title the
//! caption), an image within text a `<picture>`; a link to a document gets
//! its type and size after it. What each reference resolves to is the
//! caller's (`Media`): this pass only finds references, with their byte
//! ranges for errors, and splices the HTML in.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// An image written in Markdown.
pub struct ImageRef<'a> {
    pub dest: &'a str,
    pub title: &'a str,
    /// The alternative text, as plain text.
    pub alt: String,
    /// Alone in its paragraph: shown as a figure.
    pub alone: bool,
    /// Where it is written, in bytes of the Markdown text.
    pub span: Range<usize>,
}

/// What images and links resolve to.
pub trait Media {
    /// The HTML of an image, or `None` to leave it as Markdown renders it.
    fn image(&mut self, r: &ImageRef<'_>) -> Option<String>;
    /// Text shown after a link (`PDF, 240 KB`), if it is a document.
    fn link_note(&mut self, dest: &str, span: Range<usize>) -> Option<String>;
}

/// The events with images and document links resolved through `media`.
pub fn splice<'a>(events: Vec<(Event<'a>, Range<usize>)>, media: &mut dyn Media) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while let Some((e, span)) = events.get(i) {
        match e {
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                let end = matching_end(&events, i, |e| matches!(e, Event::End(TagEnd::Image)));
                let alt: String = events
                    .get(i + 1..end)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        Event::SoftBreak | Event::HardBreak => Some(" "),
                        _ => None,
                    })
                    .collect();
                let opened = matches!(out.last(), Some(Event::Start(Tag::Paragraph)));
                let closes = matches!(events.get(end + 1), Some((Event::End(TagEnd::Paragraph), _)));
                let r = ImageRef {
                    dest: dest_url,
                    title,
                    alt,
                    alone: opened && closes,
                    span: span.clone(),
                };
                match media.image(&r) {
                    Some(html) if r.alone => {
                        out.pop();
                        out.push(Event::Html(CowStr::from(html)));
                        i = end + 2;
                    }
                    Some(html) => {
                        out.push(Event::InlineHtml(CowStr::from(html)));
                        i = end + 1;
                    }
                    None => {
                        out.push(e.clone());
                        i += 1;
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let note = media.link_note(dest_url, span.clone());
                let end = matching_end(&events, i, |e| matches!(e, Event::End(TagEnd::Link)));
                for (e, _) in events.get(i..=end).unwrap_or_default() {
                    out.push(e.clone());
                }
                if let Some(note) = note {
                    out.push(Event::InlineHtml(CowStr::from(format!(
                        " <span class=\"file-info\">({})</span>",
                        crate::images::figure::esc(&note)
                    ))));
                }
                i = end + 1;
            }
            _ => {
                out.push(e.clone());
                i += 1;
            }
        }
    }
    out
}

/// The index of the end event closing the start at `i` (tags of the same
/// kind nest: an image in an image's text).
fn matching_end(events: &[(Event<'_>, Range<usize>)], i: usize, is_end: impl Fn(&Event<'_>) -> bool) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(i) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 && is_end(e) {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// Whether an inline event is a picture this pass made (summaries leave
/// them out: they are shown on lists, without room for photos).
pub fn is_picture(e: &Event<'_>) -> bool {
    matches!(e, Event::InlineHtml(h) if h.starts_with("<a class=\"full-size\""))
}
