//! Links in a feed entry's HTML made absolute: feed readers resolve
//! relative links against the feed's address, not the page's, so `#fn-1`,
//! `anh.png` or `../khac/` would point nowhere.

use crate::urls::Urls;

/// Rendered HTML of the page at site path `page` with the URL of every
/// `href`, `src` and each candidate of every `srcset` absolute. Attributes
/// are read as HTML reads them (double-quoted, single-quoted or unquoted:
/// raw HTML in Markdown may use any), inside tags only; comments are left
/// alone. Everything else is copied as it is.
pub fn absolute_links(html: &str, urls: &Urls, page: &str) -> String {
    let b = html.as_bytes();
    let n = b.len();
    let ws = |c: u8| c.is_ascii_whitespace();
    let mut out = String::with_capacity(n + 256);
    let mut copied = 0;
    let mut pos = 0;
    while let Some(lt) = html[pos..].find('<') {
        let start = pos + lt;
        if html[start..].starts_with("<!--") {
            pos = html[start..].find("-->").map_or(n, |e| start + e + 3);
            continue;
        }
        let mut j = start + 1;
        if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
            pos = j;
            continue;
        }
        while j < n && !ws(b[j]) && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        // Attributes, up to the tag's `>`. Every index stops at an ASCII
        // byte or the end, so slices fall on character boundaries.
        loop {
            while j < n && (ws(b[j]) || b[j] == b'/') {
                j += 1;
            }
            if j >= n || b[j] == b'>' {
                break;
            }
            let name_start = j;
            while j < n && !ws(b[j]) && !matches!(b[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            // An attribute name is at least one character (a stray `=` is one).
            if j == name_start {
                j += 1;
            }
            let name = &html[name_start..j];
            while j < n && ws(b[j]) {
                j += 1;
            }
            if b.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            while j < n && ws(b[j]) {
                j += 1;
            }
            let (from, to, next) = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[j + 1..].find(q as char).map_or(n, |e| j + 1 + e);
                    (j + 1, end, (end + 1).min(n))
                }
                _ => {
                    let s = j;
                    while j < n && !ws(b[j]) && b[j] != b'>' {
                        j += 1;
                    }
                    (s, j, j)
                }
            };
            let value = &html[from..to];
            let rewritten = if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src") {
                Some(urls.absolute(value, page).into_owned())
            } else if name.eq_ignore_ascii_case("srcset") {
                Some(srcset(value, urls, page))
            } else {
                None
            };
            if let Some(r) = rewritten {
                out.push_str(&html[copied..from]);
                out.push_str(&r);
                copied = to;
            }
            j = next;
        }
        pos = j.max(start + 1);
    }
    out.push_str(&html[copied..]);
    out
}

/// Each candidate's URL absolute, its size kept: `a.png 1x, /b.png 2x`.
fn srcset(value: &str, urls: &Urls, page: &str) -> String {
    let parts: Vec<String> = value
        .split(',')
        .map(|c| {
            let c = c.trim();
            let (url, size) = c.split_once(' ').unwrap_or((c, ""));
            let url = urls.absolute(url, page);
            if size.is_empty() {
                url.into_owned()
            } else {
                format!("{url} {size}")
            }
        })
        .collect();
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls() -> Urls {
        Urls {
            base_url: "https://host/portal/".into(),
            root_path: "/portal/".into(),
            paths: crate::urls::Paths::for_lang(crate::text::Lang::Vi),
        }
    }

    #[test]
    fn every_way_of_quoting_and_only_inside_tags() {
        let u = urls();
        let page = "tin-tuc/x/";
        let html = "<p>a=\"b\" <a href=\"#fn-1\">1</a> <a href='../y/'>y</a> <a class=k href=z/>z</a>\
                    <img alt=\"é > ê\" SRC = 'anh.png' srcset=\"a.png 1x, /portal/b.png 2x\"> \
                    <a href=\"mailto:a@b.vn\">m</a><!-- <a href=\"c\"> --> 1 < 2 <br/></p>";
        assert_eq!(
            absolute_links(html, &u, page),
            "<p>a=\"b\" <a href=\"https://host/portal/tin-tuc/x/#fn-1\">1</a> \
             <a href='https://host/portal/tin-tuc/x/../y/'>y</a> \
             <a class=k href=https://host/portal/tin-tuc/x/z/>z</a>\
             <img alt=\"é > ê\" SRC = 'https://host/portal/tin-tuc/x/anh.png' \
             srcset=\"https://host/portal/tin-tuc/x/a.png 1x, https://host/portal/portal/b.png 2x\"> \
             <a href=\"mailto:a@b.vn\">m</a><!-- <a href=\"c\"> --> 1 < 2 <br/></p>"
        );
        // Unclosed tags and quotes end the text without a panic.
        for cut in ["<a href='x", "<a href=", "<a", "<", "<a href=\"x\" title"] {
            let _ = absolute_links(cut, &u, page);
        }
    }
}
