//! The HTML of a photo in a page: a `<picture>` with WebP and fallback
//! `srcset`s, the intrinsic size (no layout shift), lazy loading but for the
//! first photo of the page, and the Markdown title as caption. The photo
//! links its full-size copy (stripped of metadata).

use super::Picture;

/// How wide a figure is shown: the article column of the default theme
/// (about 46rem), the whole screen on phones.
pub const SIZES: &str = "(max-width: 48rem) 100vw, 46rem";

/// `<picture>…</picture>` (inside a link to the full size).
pub fn picture(pic: &Picture, alt: &str, first: bool) -> String {
    let (w, h) = pic.default_size();
    let fallback = pic.format.fallback_ext();
    let lazy = if first { "" } else { " loading=\"lazy\"" };
    format!(
        "<a class=\"full-size\" href=\"/{full}\"><picture><source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{SIZES}\"><img src=\"/{src}\" srcset=\"{set}\" sizes=\"{SIZES}\" width=\"{w}\" height=\"{h}\" alt=\"{alt}\"{lazy} decoding=\"async\"></picture></a>",
        full = esc(&pic.full),
        webp = esc(&pic.srcset("webp")),
        src = esc(&pic.copy(w, fallback)),
        set = esc(&pic.srcset(fallback)),
        alt = esc(alt),
    )
}

/// A figure: the picture and, when there is a caption, its `<figcaption>`
/// (`caption_html` is already HTML: the Markdown title, escaped).
pub fn figure(pic: &Picture, alt: &str, caption: &str, first: bool) -> String {
    let mut out = String::from("<figure class=\"photo\">");
    out.push_str(&picture(pic, alt, first));
    if !caption.trim().is_empty() {
        out.push_str("<figcaption>");
        out.push_str(&esc(caption));
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>\n");
    out
}

/// Escapes text for an attribute or element content.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
