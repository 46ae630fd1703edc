//! The URLs in rendered HTML rewritten: made absolute for feeds (readers
//! resolve relative links against the feed's address, not the page's, so
//! `#fn-1`, `anh.png` or `../khac/` would point nowhere), and given the
//! site's root path on pages (`/bang-xep-hang/` written by an author works
//! under `https://host/portal/`). One reader of attributes for both.

use std::borrow::Cow;

use crate::urls::Urls;

/// Rendered HTML of the page at site path `page` with the URL of every
/// `href`, `src` and each candidate of every `srcset` absolute.
pub fn absolute_links(html: &str, urls: &Urls, page: &str) -> String {
    map_links(html, |url| Some(urls.absolute(url, page).into_owned())).into_owned()
}

/// Rendered Markdown with root-relative links (`/x/`, not the
/// protocol-relative `//host/x`) under the site's root path.
pub fn prefix_links<'a>(html: &'a str, root_path: &str) -> Cow<'a, str> {
    if root_path == "/" {
        return Cow::Borrowed(html);
    }
    map_links(html, |url| match url.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => Some(format!("{root_path}{rest}")),
        _ => None,
    })
}

/// `html` with `f` applied to the URL of every `href` and `src` and to each
/// candidate of every `srcset` (`None` keeps it). Attributes are read as
/// HTML reads them (double-quoted, single-quoted or unquoted: raw HTML in
/// Markdown may use any), inside tags only; comments are left alone.
/// Everything else is copied as it is; borrowed when nothing changed.
fn map_links<'a>(html: &'a str, mut f: impl FnMut(&str) -> Option<String>) -> Cow<'a, str> {
    let b = html.as_bytes();
    let n = b.len();
    let ws = |c: u8| c.is_ascii_whitespace();
    let mut out = String::new();
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
                f(value)
            } else if name.eq_ignore_ascii_case("srcset") {
                srcset(value, &mut f)
            } else {
                None
            };
            if let Some(r) = rewritten {
                if out.is_empty() {
                    out.reserve(n + 256);
                }
                out.push_str(&html[copied..from]);
                out.push_str(&r);
                copied = to;
            }
            j = next;
        }
        pos = j.max(start + 1);
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Each candidate's URL through `f`, its size kept (`a.png 1x, /b.png 2x`);
/// `None` when `f` changed none.
fn srcset(value: &str, f: &mut impl FnMut(&str) -> Option<String>) -> Option<String> {
    let mut changed = false;
    let parts: Vec<String> = value
        .split(',')
        .map(|c| {
            let c = c.trim();
            let (url, size) = c.split_once(' ').unwrap_or((c, ""));
            let url = match f(url) {
                Some(u) => {
                    changed = true;
                    u
                }
                None => url.to_owned(),
            };
            if size.is_empty() { url } else { format!("{url} {size}") }
        })
        .collect();
    changed.then(|| parts.join(", "))
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

    #[test]
    fn root_relative_links_get_the_root_path_however_quoted() {
        let html = r#"<a href="/bang-xep-hang/">x</a><img src="/a.png"><a href="//cdn/x">y</a><a href="https://h/">z</a><p title="/not">"#;
        assert_eq!(
            prefix_links(html, "/portal/"),
            r#"<a href="/portal/bang-xep-hang/">x</a><img src="/portal/a.png"><a href="//cdn/x">y</a><a href="https://h/">z</a><p title="/not">"#
        );
        assert_eq!(prefix_links(html, "/"), html);
        // Raw HTML in Markdown may quote with ' or not at all.
        assert_eq!(
            prefix_links(
                "<a href='/van-ban/'>v</a> <a href=/don-vi/>d</a> <img srcset=\"/a-480w.jpg 480w, /a-960w.jpg 960w\">",
                "/portal/"
            ),
            "<a href='/portal/van-ban/'>v</a> <a href=/portal/don-vi/>d</a> <img srcset=\"/portal/a-480w.jpg 480w, /portal/a-960w.jpg 960w\">"
        );
        // Nothing to change: the text itself, not a copy.
        assert!(matches!(
            prefix_links("<a href=\"x/\">x</a>", "/portal/"),
            Cow::Borrowed(_)
        ));
    }
}
