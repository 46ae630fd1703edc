//! The links and ids of an output file, read by a small tolerant scanner
//! (the files are our own output, so no full HTML parser is needed): HTML
//! `href`, `src`, `srcset`, `poster` and CSS `url()` in `<style>` and
//! `style=""`; XML feeds and sitemaps: `href` attributes and the text of
//! `<link>`, `<loc>` and permalink `<guid>`, and the links of the HTML an
//! entry holds escaped (`<content>`, `<summary>`, `<description>`), which
//! the feed makes absolute on its own (not its CSS: feed readers drop an
//! entry's styles); CSS files: `url()`.

use std::collections::HashSet;

/// One link found in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The value as written in the file (entities not decoded): what a
    /// template or CSS file holds literally.
    pub raw: String,
    /// The URL, entities decoded.
    pub url: String,
    /// Byte offset of `raw` in the file.
    pub offset: usize,
}

/// What a file holds: its links, and for HTML the ids a `#fragment` may name.
#[derive(Debug, Default)]
pub struct Scanned {
    pub links: Vec<Found>,
    pub ids: HashSet<String>,
    /// The indices in `links` of those inside a feed entry's HTML (their
    /// `raw` is the decoded HTML's, their offset the element's text).
    pub in_entry: HashSet<usize>,
}

/// The kind of file, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Html,
    Xml,
    Css,
    Other,
}

pub fn kind_of(path: &str) -> Kind {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => Kind::Html,
        "xml" => Kind::Xml,
        "css" => Kind::Css,
        _ => Kind::Other,
    }
}

pub fn scan(kind: Kind, text: &str) -> Scanned {
    let mut out = Scanned::default();
    match kind {
        Kind::Html => html(text, &mut out),
        Kind::Xml => xml(text, &mut out),
        Kind::Css => css(text, 0, &mut out.links),
        Kind::Other => {}
    }
    out
}

/// An attribute of a tag: name (lowercase), raw value, offset of the value.
struct Attr<'a> {
    name: String,
    value: &'a str,
    offset: usize,
}

/// A tag starting at `start` (just after `<`): its name, attributes and the
/// offset after its `>`.
fn tag(text: &str, start: usize) -> (String, Vec<Attr<'_>>, usize) {
    let b = text.as_bytes();
    let mut i = start;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = text[start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (name, attrs, i);
        }
        if b[i] == b'>' {
            return (name, attrs, i + 1);
        }
        let n0 = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let aname = text[n0..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let v0 = i + 1;
                let v1 = text[v0..].bytes().position(|c| c == q).map_or(b.len(), |p| v0 + p);
                attrs.push(Attr {
                    name: aname,
                    value: &text[v0..v1],
                    offset: v0,
                });
                i = (v1 + 1).min(b.len());
            } else {
                let v0 = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                attrs.push(Attr {
                    name: aname,
                    value: &text[v0..i],
                    offset: v0,
                });
            }
        } else if n0 == i {
            // A stray character: step over it.
            i += 1;
        }
    }
}

fn push(links: &mut Vec<Found>, raw: &str, offset: usize) {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return;
    }
    let lead = raw.len() - raw.trim_start().len();
    links.push(Found {
        raw: trimmed.to_owned(),
        url: decode_entities(trimmed),
        offset: offset + lead,
    });
}

fn html(text: &str, out: &mut Scanned) {
    html_with(text, out, true);
}

/// HTML links, with the `url()`s of its CSS when `styles`.
fn html_with(text: &str, out: &mut Scanned, styles: bool) {
    let mut i = 0;
    while let Some(p) = text[i..].find('<') {
        let at = i + p;
        let rest = &text[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(text.len(), |e| at + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = rest.find('>').map_or(text.len(), |e| at + e + 1);
            continue;
        }
        let (name, attrs, end) = tag(text, at + 1);
        for a in &attrs {
            match a.name.as_str() {
                "href" | "src" | "poster" => push(&mut out.links, a.value, a.offset),
                "srcset" => srcset(a.value, a.offset, &mut out.links),
                "style" if styles => css(a.value, a.offset, &mut out.links),
                "id" => {
                    out.ids.insert(decode_entities(a.value));
                }
                "name" if name == "a" => {
                    out.ids.insert(decode_entities(a.value));
                }
                _ => {}
            }
        }
        i = end;
        // Raw text elements: their content is not markup.
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            let close = format!("</{name}");
            let body_end = find_ci(&text[i..], &close).map_or(text.len(), |e| i + e);
            if name == "style" && styles {
                css(&text[i..body_end], i, &mut out.links);
            }
            i = body_end;
        }
    }
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// `a.jpg 1x, b.jpg 2x`: each candidate's URL.
fn srcset(value: &str, offset: usize, links: &mut Vec<Found>) {
    let mut start = 0;
    for part in value.split(',') {
        let lead = part.len() - part.trim_start().len();
        let url = part.trim_start().split_ascii_whitespace().next().unwrap_or("");
        push(links, url, offset + start + lead);
        start += part.len() + 1;
    }
}

/// Every `url(...)` of a CSS text, except `data:` URLs.
fn css(text: &str, offset: usize, links: &mut Vec<Found>) {
    let mut i = 0;
    while let Some(p) = find_ci(&text[i..], "url(") {
        let v0 = i + p + 4;
        let rest = &text[v0..];
        let Some(close) = rest.find(')') else { return };
        let inner = &rest[..close];
        let lead = inner.len() - inner.trim_start().len();
        let t = inner.trim();
        let (value, skip) = match t.as_bytes().first() {
            Some(b'"' | b'\'') if t.len() >= 2 => (&t[1..t.len() - 1], 1),
            _ => (t, 0),
        };
        push(links, value, offset + v0 + lead + skip);
        i = v0 + close + 1;
    }
}

fn xml(text: &str, out: &mut Scanned) {
    let mut i = 0;
    while let Some(p) = text[i..].find('<') {
        let at = i + p;
        let rest = &text[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(text.len(), |e| at + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = rest.find('>').map_or(text.len(), |e| at + e + 1);
            continue;
        }
        let (name, attrs, end) = tag(text, at + 1);
        for a in &attrs {
            if a.name == "href" || a.name == "src" {
                push(&mut out.links, a.value, a.offset);
            }
        }
        let permalink = !attrs
            .iter()
            .any(|a| a.name == "ispermalink" && a.value.trim() == "false");
        let self_closing = text[..end].ends_with("/>");
        if !self_closing && matches!(name.as_str(), "content" | "content:encoded" | "summary" | "description") {
            let body_end = find_ci(&text[end..], &format!("</{name}")).map_or(text.len(), |e| end + e);
            let inner = &text[end..body_end];
            let html_text = match inner.trim().strip_prefix("<![CDATA[") {
                Some(c) => c.strip_suffix("]]>").unwrap_or(c).to_owned(),
                None => decode_entities(inner),
            };
            // Not CSS url()s: feed readers drop an entry's styles.
            let mut entry = Scanned::default();
            html_with(&html_text, &mut entry, false);
            for l in entry.links {
                out.in_entry.insert(out.links.len());
                out.links.push(Found { offset: end, ..l });
            }
            i = body_end;
        } else if !self_closing && (matches!(name.as_str(), "link" | "loc") || (name == "guid" && permalink)) {
            let body_end = text[end..].find('<').map_or(text.len(), |e| end + e);
            push(&mut out.links, &text[end..body_end], end);
            i = body_end;
        } else {
            i = end;
        }
    }
}

/// Decodes the character references of HTML and XML attribute values and text.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let n = if let Some(h) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                        u32::from_str_radix(h, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    n.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(s: &Scanned) -> Vec<&str> {
        s.links.iter().map(|l| l.url.as_str()).collect()
    }

    #[test]
    fn html_links_ids_and_raw_text() {
        let t = r#"<!-- <a href="no"> --><a href="&#x2F;x&amp;y" id=top>a</a><img srcset="a.jpg 1x, b.jpg 2x" src='c.png'>
<script>var s = "<a href='no'>";</script><style>p{background:url("d.png")}</style><p style="x: url(e.svg)" name="n"><a name="m"></a>"#;
        let s = scan(Kind::Html, t);
        assert_eq!(urls(&s), ["/x&y", "a.jpg", "b.jpg", "c.png", "d.png", "e.svg"]);
        for l in &s.links {
            assert_eq!(&t[l.offset..l.offset + l.raw.len()], l.raw);
        }
        let mut ids: Vec<_> = s.ids.iter().map(String::as_str).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["m", "top"]);
    }

    #[test]
    fn feeds_and_sitemaps() {
        let t = "<feed><link rel=\"self\" href=\"https://h/atom.xml\"/><entry><link href=\"https://h/a/\"/>\
                 <content type=\"html\">&lt;a href=\"#fn-1\"&gt;</content></entry></feed>\
                 <rss><channel><link>https://h/</link><guid isPermaLink=\"false\">x</guid><guid>https://h/b/</guid></channel></rss>\
                 <urlset><url><loc>https://h/c/</loc></url></urlset>";
        let s = scan(Kind::Xml, t);
        assert_eq!(
            urls(&s),
            [
                "https://h/atom.xml",
                "https://h/a/",
                "#fn-1",
                "https://h/",
                "https://h/b/",
                "https://h/c/"
            ]
        );
        assert_eq!(s.in_entry, HashSet::from([2]));
        let rss = "<item><description><![CDATA[<img src='https://h/x.png'>]]></description>\
                   <description>&lt;a href=&quot;https://h/&amp;amp;y&quot;&gt;</description>\
                   <content:encoded>&lt;a href=&quot;https://h/z&quot;&gt;</content:encoded></item>";
        assert_eq!(
            urls(&scan(Kind::Xml, rss)),
            ["https://h/x.png", "https://h/&y", "https://h/z"]
        );
    }

    #[test]
    fn css_urls() {
        let t = "a{b:url( 'x.png' )}\n@font-face{src:URL(f.woff2)}";
        let s = scan(Kind::Css, t);
        assert_eq!(urls(&s), ["x.png", "f.woff2"]);
        assert_eq!(s.links[0].offset, 10);
    }

    #[test]
    fn entities() {
        assert_eq!(decode_entities("a&amp;b&#39;&#x2F;&nope;&"), "a&b'/&nope;&");
    }
}
