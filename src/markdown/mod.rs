//! Markdown to HTML for pages, items and descriptions, with pulldown-cmark.
//!
//! On top of pulldown-cmark's HTML this module gives every heading an id
//! (Vietnamese-aware, unique in the page) and a table of contents, renders
//! footnotes as one numbered list at the end with prefixed ids and links back,
//! and extracts the first paragraph as a summary. Raw HTML passes through:
//! authors are trusted.
//!
//! Every pass here is a loop over a flat event list, never recursion, so
//! deeply nested input cannot overflow the stack; pulldown-cmark's own parser
//! and HTML writer are iterative as well.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::text;

pub mod media;
pub use media::{ImageRef, Media};

/// A rendered Markdown document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// The first top-level paragraph on its own (footnote marks removed, as
    /// their notes are not on the pages that show summaries); `None` if the
    /// document has no paragraph with content.
    pub summary_html: Option<String>,
    /// Every heading in document order, except those inside footnotes.
    pub toc: Vec<Heading>,
}

/// A heading, for the table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The `id` of the heading element: `{#explicit}` or a slug of its text.
    pub id: String,
    /// The heading as plain text.
    pub title: String,
}

/// The id a heading gets when its text makes an empty slug ("mục": section).
const EMPTY_HEADING_ID: &str = "muc";

/// The parser options of every page (`check` re-parses pages with them to find
/// where each link is written).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The events of a Markdown text. A character reference such as `&#27;` can
/// spell a character that is not text (a control character), which no page
/// or feed may carry: it becomes U+FFFD, as CommonMark already does for
/// `&#0;`. Raw ones never get here (`source` refuses them).
fn parse(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    Parser::new_ext(markdown, options()).map(scrub_event)
}

fn scrub_event(e: Event<'_>) -> Event<'_> {
    match e {
        Event::Text(t) => Event::Text(scrub(t)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: scrub(dest_url),
            title: scrub(title),
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: scrub(dest_url),
            title: scrub(title),
            id,
        }),
        other => other,
    }
}

fn scrub(s: CowStr<'_>) -> CowStr<'_> {
    if !s.chars().any(text::is_refused) {
        return s;
    }
    let clean: String = s
        .chars()
        .map(|c| if text::is_refused(c) { '\u{FFFD}' } else { c })
        .collect();
    CowStr::from(clean)
}

/// Renders a Markdown document: tables, footnotes, strikethrough, smart
/// punctuation and `{#id .class}` heading attributes are on.
pub fn render(markdown: &str) -> Rendered {
    render_events(first_definitions_only(parse(markdown)))
}

/// Renders a page's body with its images and document links resolved
/// through `media` (see [`media`]).
pub fn render_with(markdown: &str, media: &mut dyn Media) -> Rendered {
    let events: Vec<_> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .map(|(e, span)| (scrub_event(e), span))
        .collect();
    render_events(first_definitions_only(media::splice(events, media).into_iter()))
}

fn render_events(mut events: Vec<Event<'_>>) -> Rendered {
    let notes = Footnotes::number(&events);
    // Heading ids must not take an id a footnote uses.
    let mut used = notes.ids();
    let toc = set_heading_ids(&mut events, &mut used);
    let summary_html = summary(&events);
    let html = with_footnotes(events, &notes);
    Rendered {
        html,
        summary_html,
        toc,
    }
}

/// Renders a short text such as a unit's description. A text that is a single
/// paragraph comes back without its `<p>`, so a template can put it inside
/// its own element; anything longer renders exactly as [`render`] does.
pub fn render_inline(markdown: &str) -> String {
    let events: Vec<Event<'_>> = parse(markdown).collect();
    if let [Event::Start(Tag::Paragraph), inner @ .., Event::End(TagEnd::Paragraph)] = events.as_slice() {
        // The outer pair must enclose everything: not "<p>a</p><p>b</p>".
        if !inner
            .iter()
            .any(|e| matches!(e, Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)))
        {
            let mut out = String::new();
            html::push_html(&mut out, inner.iter().cloned());
            return out;
        }
    }
    render(markdown).html
}

/// Gives every heading an id (keeping explicit ones) and returns the table of contents.
fn set_heading_ids(events: &mut [Event<'_>], used: &mut HashSet<String>) -> Vec<Heading> {
    // Explicit ids are reserved first, so an earlier automatic id cannot take one.
    for e in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            used.insert(id.to_string());
        }
    }
    let mut ids = UniqueIds {
        used,
        next_suffix: HashMap::new(),
    };
    let mut toc = Vec::new();
    let mut open: Option<usize> = None;
    let mut title = String::new();
    let mut in_note = 0usize;
    for i in 0..events.len() {
        match events.get(i) {
            Some(Event::Start(Tag::FootnoteDefinition(_))) => in_note += 1,
            Some(Event::End(TagEnd::FootnoteDefinition)) => in_note = in_note.saturating_sub(1),
            Some(Event::Start(Tag::Heading { .. })) => {
                open = Some(i);
                title.clear();
            }
            Some(Event::Text(t) | Event::Code(t)) if open.is_some() => title.push_str(t),
            // Setext headings can span lines.
            Some(Event::SoftBreak | Event::HardBreak) if open.is_some() => title.push(' '),
            Some(Event::End(TagEnd::Heading(_))) => {
                let Some(Event::Start(Tag::Heading { level, id, .. })) = open.take().and_then(|o| events.get_mut(o))
                else {
                    continue;
                };
                let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                let heading_id = match id {
                    Some(explicit) => explicit.to_string(),
                    None => ids.claim(text::slugify(&title)),
                };
                *id = Some(CowStr::from(heading_id.clone()));
                if in_note == 0 {
                    toc.push(Heading {
                        level: level_number(*level),
                        id: heading_id,
                        title,
                    });
                }
            }
            _ => {}
        }
    }
    toc
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

struct UniqueIds<'a> {
    used: &'a mut HashSet<String>,
    /// Where to resume counting for a base, so n equal headings cost O(n), not O(n²).
    next_suffix: HashMap<String, usize>,
}

impl UniqueIds<'_> {
    /// `base`, or `base-1`, `base-2` … if taken.
    fn claim(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            EMPTY_HEADING_ID.to_owned()
        } else {
            base
        };
        let mut id = base.clone();
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        while self.used.contains(&id) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        self.used.insert(id.clone());
        id
    }
}

/// The first top-level paragraph with something in it, rendered on its own.
fn summary(events: &[Event<'_>]) -> Option<String> {
    let mut depth = 0usize;
    let mut start = None;
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                start = Some(i);
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                let Some(s) = start.filter(|_| depth == 0) else {
                    continue;
                };
                start = None;
                // Footnote marks would point at notes that are not on the
                // pages showing the summary.
                let kept: Vec<Event<'_>> = events
                    .get(s..=i)
                    .unwrap_or_default()
                    .iter()
                    .filter(|e| !matches!(e, Event::FootnoteReference(_)) && !media::is_picture(e))
                    .cloned()
                    .collect();
                // Only the paragraph's own Start and End left: nothing to show.
                if kept.len() > 2 {
                    let mut out = String::new();
                    // Links resolve as in the page: the parser already applied
                    // reference definitions from the whole document.
                    html::push_html(&mut out, kept.into_iter());
                    return Some(out);
                }
            }
            _ => {}
        }
    }
    None
}

/// The events without repeated footnote definitions: only the first
/// definition of a label counts, as with link reference definitions
/// (pulldown-cmark emits them all). Dropping them before anything else is
/// numbered keeps references inside them from counting. Also unwraps a
/// definition nested in another (0.13 does not produce one, but nothing
/// rules it out) so its text joins the outer note.
fn first_definitions_only<'a>(parser: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut seen = HashSet::new();
    let mut depth = 0usize;
    let mut dropping = false;
    parser
        .filter(|e| match e {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                depth += 1;
                if depth > 1 {
                    return false;
                }
                dropping = !seen.insert(label_key(label));
                !dropping
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1);
                if depth > 0 {
                    return false;
                }
                !std::mem::take(&mut dropping)
            }
            _ => !dropping,
        })
        .collect()
}

/// Footnote numbering. pulldown-cmark's own footnote HTML has problems for a
/// site: ids are the raw labels (`id="1"`, `id="a b"`) and clash with heading
/// ids; labels match case-insensitively but the href keeps the reference's
/// case (`[^Note]` links to `#Note`, the note has `id="note"`); there are no
/// links back; and notes render wherever they are written, numbered in order
/// of first appearance of reference *or* definition. So references and
/// definitions are rewritten here, GitHub style.
struct Footnotes {
    /// Label key → note number, 1-based: referenced notes in order of first
    /// reference, then notes nobody references (still shown: losing text an
    /// author wrote would be worse).
    numbers: HashMap<String, usize>,
    /// References per note, indexed by number - 1.
    refs: Vec<usize>,
}

impl Footnotes {
    fn number(events: &[Event<'_>]) -> Footnotes {
        let defined: HashSet<String> = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::FootnoteDefinition(label)) => Some(label_key(label)),
                _ => None,
            })
            .collect();
        let mut notes = Footnotes {
            numbers: HashMap::new(),
            refs: Vec::new(),
        };
        for e in events {
            if let Event::FootnoteReference(label) = e {
                let key = label_key(label);
                if defined.contains(&key) {
                    let n = notes.number_of(key);
                    if let Some(count) = notes.refs.get_mut(n - 1) {
                        *count += 1;
                    }
                }
            }
        }
        for e in events {
            if let Event::Start(Tag::FootnoteDefinition(label)) = e {
                notes.number_of(label_key(label));
            }
        }
        notes
    }

    fn number_of(&mut self, key: String) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(key).or_insert_with(|| {
            self.refs.push(0);
            next
        })
    }

    /// Every id the footnotes will use.
    fn ids(&self) -> HashSet<String> {
        let mut ids = HashSet::new();
        for (i, &count) in self.refs.iter().enumerate() {
            let n = i + 1;
            ids.insert(format!("fn-{n}"));
            for k in 1..=count {
                ids.insert(ref_id(n, k));
            }
        }
        ids
    }
}

/// pulldown-cmark matches labels case-insensitively (Unicode case folding);
/// upper- then lowercasing approximates folding closely enough (ß ~ SS).
fn label_key(label: &str) -> String {
    label.to_uppercase().to_lowercase()
}

/// The id of the k-th (1-based) reference to note n.
fn ref_id(n: usize, k: usize) -> String {
    if k == 1 {
        format!("fnref-{n}")
    } else {
        format!("fnref-{n}-{k}")
    }
}

/// Renders the document with its footnote references rewritten and its
/// footnote definitions moved to a numbered list at the end.
fn with_footnotes<'a>(events: Vec<Event<'a>>, notes: &Footnotes) -> String {
    let mut body: Vec<Event<'a>> = Vec::with_capacity(events.len());
    // Note bodies by number, and the note being collected.
    let mut bodies: Vec<Option<Vec<Event<'a>>>> = vec![None; notes.refs.len()];
    let mut current: Option<(usize, Vec<Event<'a>>)> = None;
    let mut seen_refs = vec![0usize; notes.refs.len()];
    for e in events {
        let e = match e {
            // Definitions neither nest nor repeat here (first_definitions_only),
            // and every defined label has a number.
            Event::Start(Tag::FootnoteDefinition(label)) => {
                current = notes.numbers.get(&label_key(&label)).map(|&n| (n, Vec::new()));
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((n, events)) = current.take()
                    && let Some(slot) = bodies.get_mut(n - 1)
                {
                    *slot = Some(events);
                }
                continue;
            }
            Event::FootnoteReference(label) => match notes.numbers.get(&label_key(&label)) {
                Some(&n) => {
                    let k = seen_refs.get_mut(n - 1).map_or(1, |k| {
                        *k += 1;
                        *k
                    });
                    let html = format!(
                        "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{}\" role=\"doc-noteref\">{n}</a></sup>",
                        ref_id(n, k)
                    );
                    Event::InlineHtml(CowStr::from(html))
                }
                // Cannot happen with pulldown-cmark's own label matching, but a
                // link to a note that is not there would be worse than the text.
                None => Event::Text(CowStr::from(format!("[^{label}]"))),
            },
            e => e,
        };
        match &mut current {
            Some((_, note)) => note.push(e),
            None => body.push(e),
        }
    }

    if bodies.iter().any(Option::is_some) {
        body.push(Event::Html(CowStr::Borrowed(
            "<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n",
        )));
        for (i, note) in bodies.into_iter().enumerate() {
            let n = i + 1;
            let mut note = note.unwrap_or_default();
            let backrefs: String = (1..=notes.refs.get(i).copied().unwrap_or(0))
                .map(|k| {
                    let mark = if k == 1 {
                        String::new()
                    } else {
                        format!("<sup>{k}</sup>")
                    };
                    // U+FE0E: show ↩ as text, not as an emoji on phones.
                    format!(
                        " <a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\">↩\u{fe0e}{mark}</a>",
                        ref_id(n, k)
                    )
                })
                .collect();
            if !backrefs.is_empty() {
                // Inside the note's last paragraph if it ends with one, as readers expect.
                if matches!(note.last(), Some(Event::End(TagEnd::Paragraph))) {
                    let at = note.len() - 1;
                    note.insert(at, Event::InlineHtml(CowStr::from(backrefs)));
                } else {
                    note.push(Event::Html(CowStr::from(format!("<p>{}</p>\n", backrefs.trim_start()))));
                }
            }
            body.push(Event::Html(CowStr::from(format!("<li id=\"fn-{n}\">\n"))));
            body.extend(note);
            body.push(Event::Html(CowStr::Borrowed("</li>\n")));
        }
        body.push(Event::Html(CowStr::Borrowed("</ol>\n</section>\n")));
    }
    let mut out = String::with_capacity(body.len() * 8);
    html::push_html(&mut out, body.into_iter());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn select(html: &str, css: &str) -> Vec<String> {
        let doc = Html::parse_fragment(html);
        let sel = Selector::parse(css).unwrap();
        doc.select(&sel).map(|e| e.html()).collect()
    }

    fn attrs(html: &str, css: &str, attr: &str) -> Vec<String> {
        let doc = Html::parse_fragment(html);
        let sel = Selector::parse(css).unwrap();
        doc.select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_owned))
            .collect()
    }

    #[test]
    fn character_references_to_controls_become_replacement_characters() {
        let md = "A &#27; B &#x85; [l](/x&#x1b;y \"t&#7;\") ![i&#8;](/p&#x7f;q)\n\n`&#27;`\n";
        for html in [render(md).html, render_inline(md)] {
            assert!(!html.chars().any(text::is_refused), "{html:?}");
            assert!(html.contains("A \u{FFFD} B \u{FFFD}"), "{html}");
            // In code the reference is text as written.
            assert!(html.contains("<code>&amp;#27;</code>"), "{html}");
        }
    }

    /// Every in-page link has exactly one target, and ids are unique.
    fn assert_links_consistent(html: &str) {
        let ids = attrs(html, "[id]", "id");
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "duplicate ids in {html}");
        for href in attrs(html, "a[href^='#']", "href") {
            assert!(ids.contains(&href[1..].to_owned()), "dangling {href} in {html}");
        }
    }

    #[test]
    fn tables_strikethrough_and_smart_punctuation() {
        let r = render("| Đơn vị | Điểm |\n|---|--:|\n| Huyền Tụng | 97,5 |\n\n~~cũ~~ \"mới\" -- 'x' ...");
        assert_eq!(select(&r.html, "table td").len(), 2);
        assert!(
            r.html.contains("<td style=\"text-align: right\">97,5</td>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<del>cũ</del>"));
        assert!(r.html.contains("“mới”"));
        assert!(
            r.html.contains("–") && r.html.contains("‘x’") && r.html.contains("…"),
            "{}",
            r.html
        );
    }

    #[test]
    fn vietnamese_heading_ids_and_toc() {
        let r = render("# Tin tức\n\n## Kết quả chấm điểm\n\ntext\n\n### `2023` *năm* nay\n");
        assert!(
            r.html.contains("<h2 id=\"ket-qua-cham-diem\">Kết quả chấm điểm</h2>"),
            "{}",
            r.html
        );
        let toc: Vec<_> = r
            .toc
            .iter()
            .map(|h| (h.level, h.id.as_str(), h.title.as_str()))
            .collect();
        assert_eq!(
            toc,
            [
                (1, "tin-tuc", "Tin tức"),
                (2, "ket-qua-cham-diem", "Kết quả chấm điểm"),
                (3, "2023-nam-nay", "2023 năm nay")
            ]
        );
    }

    #[test]
    fn duplicate_and_empty_headings_get_unique_ids() {
        let r = render("## Kết quả\n\n## Kết quả\n\n## KẾT QUẢ\n\n## ?\n\n## !\n\n##\n");
        let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["ket-qua", "ket-qua-1", "ket-qua-2", "muc", "muc-1", "muc-2"]);
        assert_links_consistent(&r.html);
    }

    #[test]
    fn explicit_ids_win_and_are_never_reused() {
        let r = render("## Một {#ket-qua}\n\n## Kết quả\n\n## Hai {#rieng .lon}\n");
        let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["ket-qua", "ket-qua-1", "rieng"]);
        assert!(r.html.contains("<h2 id=\"rieng\" class=\"lon\">Hai</h2>"), "{}", r.html);
        // An explicit id later in the page still wins over an earlier automatic one.
        let r = render("## Kết quả\n\n## Khác {#ket-qua}\n");
        let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["ket-qua-1", "ket-qua"]);
    }

    #[test]
    fn setext_heading_over_two_lines() {
        let r = render("Kết quả\nchấm điểm\n---------\n");
        assert_eq!(r.toc[0].title, "Kết quả chấm điểm");
        assert_eq!(r.toc[0].id, "ket-qua-cham-diem");
    }

    #[test]
    fn footnotes_are_prefixed_numbered_and_linked_both_ways() {
        let md = "Điểm thưởng[^1] và điểm trừ[^tru].\n\n[^1]: Tối đa 5 điểm.\n\n[^tru]: Có lý do.\n";
        let r = render(md);
        assert_eq!(attrs(&r.html, "sup.footnote-ref a", "href"), ["#fn-1", "#fn-2"]);
        assert_eq!(attrs(&r.html, "sup.footnote-ref a", "id"), ["fnref-1", "fnref-2"]);
        assert_eq!(attrs(&r.html, "section.footnotes li", "id"), ["fn-1", "fn-2"]);
        assert_eq!(attrs(&r.html, "a.footnote-backref", "href"), ["#fnref-1", "#fnref-2"]);
        // The back link sits inside the note's paragraph.
        assert_eq!(select(&r.html, "li#fn-1 > p > a.footnote-backref").len(), 1);
        assert!(r.html.contains("Tối đa 5 điểm."));
        assert_links_consistent(&r.html);
    }

    #[test]
    fn footnotes_number_by_first_reference_not_by_definition() {
        let md = "[^b]: Bê.\n\n[^a]: A.\n\nx[^a] y[^b] z[^a]\n";
        let r = render(md);
        assert_eq!(
            attrs(&r.html, "sup.footnote-ref a", "href"),
            ["#fn-1", "#fn-2", "#fn-1"]
        );
        assert_eq!(
            attrs(&r.html, "sup.footnote-ref a", "id"),
            ["fnref-1", "fnref-2", "fnref-1-2"]
        );
        // Notes are listed in number order wherever they were written.
        let items = select(&r.html, "section.footnotes li");
        assert!(items[0].contains("A.") && items[1].contains("Bê."), "{items:?}");
        assert_eq!(
            attrs(&r.html, "li#fn-1 a.footnote-backref", "href"),
            ["#fnref-1", "#fnref-1-2"]
        );
        assert!(r.html.find("<p>x").unwrap() < r.html.find("<section").unwrap());
        assert_links_consistent(&r.html);
    }

    #[test]
    fn footnote_labels_match_regardless_of_case_and_spaces() {
        // pulldown-cmark alone links [^Note] to #Note while the note is id="note".
        let r = render("a[^Note] b[^a b] c[^ß]\n\n[^note]: n\n\n[^a b]: ab\n\n[^SS]: ss\n");
        assert_eq!(
            attrs(&r.html, "sup.footnote-ref a", "href"),
            ["#fn-1", "#fn-2", "#fn-3"]
        );
        assert_links_consistent(&r.html);
    }

    #[test]
    fn unreferenced_duplicate_and_missing_footnotes() {
        let r = render("x[^a] y[^nothere]\n\n[^a]: first\n\n[^A]: second\n\n[^lone]: alone\n");
        // A missing note stays as the text the author wrote.
        assert!(r.html.contains("[^nothere]"), "{}", r.html);
        let items = select(&r.html, "section.footnotes li");
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(items[0].contains("first") && !r.html.contains("second"));
        assert!(items[1].contains("alone") && !items[1].contains("backref"));
        assert_links_consistent(&r.html);
    }

    #[test]
    fn references_inside_a_dropped_duplicate_do_not_count() {
        // Found by the property test: the reference to c lives only in the
        // second (ignored) definition of a, so c must get no back link.
        let r = render("-\n\n[^c]: [^a]: [^a]: [^c]");
        assert!(attrs(&r.html, "a.footnote-backref", "href").is_empty(), "{}", r.html);
        assert_links_consistent(&r.html);
        let r = render("x[^a]\n\n[^a]: one\n\n[^a]: two[^b]\n\n[^b]: bee\n");
        assert_eq!(attrs(&r.html, "a.footnote-backref", "href"), ["#fnref-1"]);
        assert_links_consistent(&r.html);
    }

    #[test]
    fn footnote_ids_never_clash_with_heading_ids() {
        let r = render("# Fn 1\n\n# Fnref 1\n\ntext[^x]\n\n[^x]: note\n");
        let ids: Vec<_> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["fn-1-1", "fnref-1-1"]);
        assert_links_consistent(&r.html);
    }

    #[test]
    fn footnote_inside_a_quote_moves_out_and_keeps_the_quote_whole() {
        let r = render("x[^a]\n\n> [^a]: trong trích dẫn\n> > more\n\nafter\n");
        assert_eq!(select(&r.html, "section.footnotes li#fn-1").len(), 1);
        assert!(
            r.html.find("<p>after</p>").unwrap() < r.html.find("<section").unwrap(),
            "{}",
            r.html
        );
        assert_links_consistent(&r.html);
    }

    #[test]
    fn footnote_ending_in_a_list_gets_its_own_back_link_paragraph() {
        let r = render("x[^a]\n\n[^a]: intro\n\n    - one\n    - two\n");
        assert_eq!(
            select(&r.html, "li#fn-1 > p > a.footnote-backref").len(),
            1,
            "{}",
            r.html
        );
        assert_links_consistent(&r.html);
    }

    #[test]
    fn headings_in_footnotes_get_ids_but_stay_out_of_the_toc() {
        let r = render("# Chính\n\nx[^a]\n\n[^a]: ## Phụ\n");
        assert_eq!(r.toc.len(), 1);
        assert!(r.html.contains("<h2 id=\"phu\">Phụ</h2>"), "{}", r.html);
    }

    #[test]
    fn raw_html_passes_through() {
        let r = render("<div class=\"callout\">\n<b>Lưu ý</b>\n</div>\n\nA <span class=\"x\">span</span>.\n");
        assert!(
            r.html.contains("<div class=\"callout\">\n<b>Lưu ý</b>\n</div>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<span class=\"x\">span</span>"));
    }

    #[test]
    fn summary_is_the_first_paragraph() {
        let md = "# Tiêu đề\n\n> trích dẫn\n\nĐoạn đầu với [liên kết][1] và chú thích[^a].\n\nĐoạn hai.\n\n[1]: https://example.vn/\n[^a]: note\n";
        let r = render(md);
        assert_eq!(
            r.summary_html.as_deref(),
            Some("<p>Đoạn đầu với <a href=\"https://example.vn/\">liên kết</a> và chú thích.</p>\n")
        );
    }

    #[test]
    fn no_paragraph_no_summary() {
        assert_eq!(render("# Chỉ tiêu đề\n\n- mục\n").summary_html, None);
        assert_eq!(render("").summary_html, None);
        assert_eq!(render("[^a]: only a note\n").summary_html, None);
        // A paragraph of nothing but footnote marks is skipped for the next one.
        assert_eq!(
            render("[^a]\n\nThứ hai.\n\n[^a]: n\n").summary_html.as_deref(),
            Some("<p>Thứ hai.</p>\n")
        );
    }

    #[test]
    fn inline_rendering() {
        assert_eq!(render_inline("Phường *Huyền Tụng*"), "Phường <em>Huyền Tụng</em>");
        assert_eq!(render_inline("\"a\" -- b"), "“a” – b");
        assert_eq!(render_inline(""), "");
        // More than one paragraph keeps its structure.
        assert_eq!(render_inline("a\n\nb"), "<p>a</p>\n<p>b</p>\n");
        assert_eq!(render_inline("# h"), "<h1 id=\"h\">h</h1>\n");
    }

    #[test]
    fn pathological_input_does_not_panic_or_recurse() {
        let n = 10_000;
        let inputs = [
            ">".repeat(n) + " deep",
            "- ".repeat(n) + "deep",
            "1. ".repeat(n) + "deep",
            (0..2_000)
                .map(|i| format!("{}- x", "  ".repeat(i)))
                .collect::<Vec<_>>()
                .join("\n"),
            "[".repeat(n) + &"]".repeat(n),
            "*".repeat(n) + "a" + &"*".repeat(n),
            "[a](".repeat(n),
            "```rust\nunterminated fence\n# not a heading".to_owned(),
            "x[^a]\n\n[^a]: ".to_owned() + &"> ".repeat(n) + "[^a]",
            "# {#}\n\n# {\n\n#\u{0}\n\n|a|\n|-|\n|".to_owned(),
            "[^a]: [^b]: [^c]: x\n\n[^a][^b][^c]".to_owned(),
        ];
        // A small stack proves the passes are iterative, even in debug builds.
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                for md in &inputs {
                    let r = render(md);
                    assert!(!r.html.is_empty());
                    let _ = render_inline(md);
                }
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn output_is_deterministic() {
        let md = "# A\n\n# A\n\nx[^b][^a]\n\n[^a]: 1\n\n[^b]: 2\n";
        assert_eq!(render(md), render(md));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        // Markdown punctuation is where parsers break, so weight the alphabet towards it.
        fn markdown() -> impl Strategy<Value = String> {
            proptest::string::string_regex(
                "([-#>*_`~|\\[\\]()^:!<{}.\"' \n\t0-9aăđ]|\\[\\^[a-c]\\]|\\[\\^[a-c]\\]: |```|\n\n){0,60}",
            )
            .expect("valid regex")
        }

        proptest! {
            #[test]
            fn never_panics_and_links_stay_consistent(md in markdown()) {
                let r = render(&md);
                let _ = render_inline(&md);
                // Explicit ids are the author's to repeat; automatic ones never repeat.
                if !md.contains("{#") {
                    let ids: HashSet<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
                    prop_assert_eq!(ids.len(), r.toc.len(), "duplicate heading ids for {:?}", md);
                }
                for href in attrs(&r.html, "a[href^='#fn']", "href") {
                    prop_assert!(r.html.contains(&format!("id=\"{}\"", &href[1..])), "dangling {} for {:?}", href, md);
                }
            }

            #[test]
            fn any_text_renders(md in any::<String>()) {
                let _ = render(&md);
                let _ = render_inline(&md);
            }
        }
    }
}
