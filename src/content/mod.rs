//! content/: Markdown news items, sections (folders) and plain pages.
//!
//! Each file is loaded on its own ([`load_file`]), so a watch-mode rebuild can
//! reload just the file that changed; cross-file checks (unknown units, URL
//! clashes) happen later, in `site`.

pub mod frontmatter;
pub mod media;

use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::markdown::{self, Heading};
use crate::text;
use crate::yaml::Ctx;
pub use frontmatter::{FrontMatter, PageDate};

/// What a Markdown file is, by where it sits in content/.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// content/_index.md: the home page's own text.
    Home,
    /// content/<dir>/_index.md: a section's title and text.
    SectionIndex { dir: String },
    /// content/<dir>/<file>.md: an item of the section `dir`.
    Item { dir: String },
    /// content/<file>.md: a page at /<slug>/.
    Plain,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// Path as the author sees it: `content/tin-tuc/2023-02-15-ky-ket.md`.
    pub file: String,
    /// A hash of `file`, which caches and the graph look pages up by: no
    /// path hashed or compared per page on every rebuild. Distinct for
    /// distinct files as 64-bit hashes are (the fingerprints rely on it).
    pub id: u64,
    pub role: Role,
    pub meta: FrontMatter,
    pub slug: String,
    pub summary_html: String,
    pub content_html: String,
    pub toc: Vec<Heading>,
    /// A hash of the file's path and text and of the bytes of every photo
    /// and file it shows or publishes: the page is a function of these (and
    /// the site's load options), so an output made from pages whose keys
    /// are unchanged is unchanged too (see `render::engine::Fp`).
    pub key: u64,
    /// The shortcodes of its body: `content_html` holds their placeholders
    /// until `render::shortcodes::expand` fills them in.
    pub shortcodes: Option<Arc<crate::shortcodes::Shortcodes>>,
    /// A hash of the data its shortcodes showed at the last expansion (the
    /// seasons' keys): part of every fingerprint that holds the page whole.
    pub deps: u64,
    /// Files published beside the page: its photos' sizes and, for a
    /// bundle, the folder's other files (`content::media`).
    pub published: Vec<crate::images::Published>,
    /// The front matter `image:` when it is a photo of the site.
    pub thumbnail: Option<crate::images::Picture>,
    /// Warnings about the page's own text (an image without alternative
    /// text), reported with the site's cross-file checks.
    pub warnings: Vec<Diagnostic>,
}

impl Page {
    /// A hash of what decides where the page is listed and what files it
    /// makes: its role and folder, slug, date, tags as written, units,
    /// draft flag and published files. While it holds, an edit changes
    /// what the page's readers show, not which pages read it
    /// (`render::graph`).
    pub fn shape_key(&self) -> u64 {
        let m = &self.meta;
        let tags: Vec<&str> = m.tags.iter().map(|(t, _)| t.as_str()).collect();
        let units: Vec<&str> = m.units.iter().map(|(u, _)| u.as_str()).collect();
        let published: Vec<&str> = self.published.iter().map(|f| f.path.as_str()).collect();
        let text = format!(
            "{:?}\u{0}{}\u{0}{:?}\u{0}{:?}\u{0}{:?}\u{0}{:?}\u{0}{:?}",
            self.role,
            self.slug,
            m.date.as_ref().map(|(d, _)| d),
            tags,
            units,
            published,
            m.draft,
        );
        xxhash_rust::xxh3::xxh3_64(text.as_bytes())
    }

    pub fn date(&self) -> Option<&PageDate> {
        self.meta.date.as_ref().map(|(d, _)| d)
    }
}

/// Classifies a path relative to content/ (with `/` separators).
pub fn role_of(rel: &str) -> Role {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    match (dir, name) {
        ("", "_index.md") => Role::Home,
        // A bundle: content/<section>/<folder>/index.md is an item of <section>.
        (dir, "index.md") if dir.contains('/') => Role::Item {
            dir: dir.rsplit_once('/').map_or(dir, |(d, _)| d).to_owned(),
        },
        (dir, "_index.md") => Role::SectionIndex { dir: dir.to_owned() },
        ("", _) => Role::Plain,
        (dir, _) => Role::Item { dir: dir.to_owned() },
    }
}

/// Loads one Markdown file from `path`. `rel` is its NFC path relative to
/// content/ with `/` separators, which the page is known by (the path on
/// disk may be written in another normalisation form).
/// Returns the source text (for error snippets) even when the page has errors.
/// `root` is the site's folder (photos in static/, the image cache); `lang`
/// the site's language, which attachment notes are written in.
pub fn load_file(
    root: &Path,
    path: &Path,
    rel: &str,
    lang: crate::text::Lang,
) -> (Option<Arc<str>>, Result<Page, Vec<Diagnostic>>) {
    let file = format!("content/{rel}");
    let text = match crate::source::read_text(path, &file) {
        Ok(t) => t,
        Err(d) => return (None, Err(vec![d])),
    };
    let page = parse_page_in(Some((root, path, lang)), &file, rel, &text);
    (Some(text), page)
}

/// Whether `rel` (relative to content/) is a bundle's page.
pub fn is_bundle(rel: &str) -> bool {
    rel.ends_with("/index.md") && rel.matches('/').count() >= 2
}

/// Parses a page from its text (split from I/O for tests and for watch
/// mode); its photos are not resolved (images render as Markdown does).
pub fn parse_page(file: &str, rel: &str, text: &str) -> Result<Page, Vec<Diagnostic>> {
    parse_page_in(None, file, rel, text)
}

/// Parses a page; with the site root and the file's path on disk, its
/// photos and attachments are resolved (`media`).
fn parse_page_in(
    site: Option<(&Path, &Path, crate::text::Lang)>,
    file: &str,
    rel: &str,
    text: &str,
) -> Result<Page, Vec<Diagnostic>> {
    let role = role_of(rel);
    let (yaml_text, line, byte, body) = frontmatter::split(text, file).map_err(|d| vec![d])?;
    let node = frontmatter::parse(file, yaml_text, line, byte).map_err(|d| vec![d])?;
    let mut ctx = Ctx::new(file);
    let meta = frontmatter::decode(&node, &mut ctx);
    let slug = meta.as_ref().and_then(|m| page_slug(&mut ctx, rel, m));
    if let Role::Item { dir } | Role::SectionIndex { dir } = &role
        && let Some(d) = folder_problem(dir)
    {
        ctx.diags.push(d);
    }
    // A date that is written but wrong is reported where it is, not also missing.
    if let (Some(m), Role::Item { .. }) = (&meta, &role)
        && m.date.is_none()
        && node.get("date").is_none_or(|d| d.is_null())
    {
        ctx.error(
            m.loc,
            "an item in a section needs a `date`",
            Some("add a line like `date: 2023-02-15`".to_owned()),
        );
    }
    let body_start = text.len() - body.len();
    let prepared = match crate::shortcodes::parse::prepare(file, text, body_start) {
        Ok(p) => p,
        Err(d) => {
            ctx.diags.extend(d);
            None
        }
    };
    let (Some(meta), Some(slug), false) = (meta, slug, ctx.diags.iter().any(Diagnostic::is_error)) else {
        return Err(ctx.diags);
    };
    let markdown = prepared.as_ref().map_or(body, |p| p.markdown.as_str());
    let mut key = crate::source::key(file, text);
    let (rendered, published, thumbnail) = match site {
        None => (markdown::render(markdown), Vec::new(), None),
        Some((root, path, lang)) => {
            let bundle = match &role {
                Role::Item { dir } if is_bundle(rel) => Some(media::Bundle {
                    disk: path.parent().map(Path::to_path_buf).unwrap_or_default(),
                    shown: file.strip_suffix("index.md").unwrap_or(file).to_owned(),
                    site: format!("{}/{slug}/", crate::urls::section_path(dir)),
                }),
                _ => None,
            };
            // Positions are in the file as the Markdown renderer reads it:
            // with shortcodes, the front matter and the prepared body (a
            // `figure` there is the image it stands for, on its line).
            let shown: std::borrow::Cow<str> = match &prepared {
                Some(p) => format!("{}{}", &text[..body_start], p.markdown).into(),
                None => text.into(),
            };
            let mut m = media::PageMedia::new(root, file, &shown, body_start, bundle.as_ref(), lang);
            let rendered = markdown::render_with(markdown, &mut m);
            let thumbnail = meta.image.as_deref().and_then(|i| {
                let at = meta.image_at.unwrap_or(meta.loc);
                m.picture(i, at)
            });
            m.publish_bundle();
            let out = m.out;
            let failed = out.diags.iter().any(Diagnostic::is_error);
            ctx.diags.extend(out.diags);
            if failed {
                return Err(ctx.diags);
            }
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(&key.to_le_bytes());
            // Attachment notes are in the site's language.
            h.update(&[lang as u8]);
            for k in &out.keys {
                h.update(&k.to_le_bytes());
            }
            key = h.digest();
            (rendered, out.published.into_values().collect(), thumbnail)
        }
    };
    let summary_html = match &meta.summary {
        Some(s) => markdown::render(s).html,
        // A summary shows no shortcode (lists show it beside other items).
        None => rendered
            .summary_html
            .map(|h| {
                if prepared.is_some() {
                    crate::shortcodes::strip(&h)
                } else {
                    h
                }
            })
            .unwrap_or_default(),
    };
    let mut toc = rendered.toc;
    if prepared.is_some() {
        // A heading's text in the table of contents shows no shortcode.
        for h in &mut toc {
            h.title = crate::shortcodes::strip(&h.title).trim().to_owned();
        }
    }
    let shortcodes = prepared.filter(|p| !p.calls.is_empty()).map(|p| {
        Arc::new(crate::shortcodes::Shortcodes {
            calls: p.calls,
            html: rendered.html.clone(),
        })
    });
    Ok(Page {
        file: file.to_owned(),
        id: xxhash_rust::xxh3::xxh3_64(file.as_bytes()),
        role,
        meta,
        slug,
        summary_html,
        content_html: rendered.html,
        toc,
        key,
        shortcodes,
        deps: 0,
        published,
        thumbnail,
        warnings: ctx.diags,
    })
}

/// The slug: the front matter's, checked, or the file name's without a leading date.
fn page_slug(ctx: &mut Ctx, rel: &str, meta: &FrontMatter) -> Option<String> {
    if let Some((s, loc)) = &meta.slug {
        let url_safe = crate::units::is_url_word(s);
        if url_safe && s.len() > text::MAX_NAME {
            ctx.error(
                *loc,
                format!(
                    "slug `{}` is {} bytes long; a part of a URL may be at most {} bytes",
                    text::abbreviate(s),
                    s.len(),
                    text::MAX_NAME
                ),
                Some("write a shorter `slug:` (file systems allow 255 bytes per name)".into()),
            );
            return None;
        }
        if url_safe {
            return Some(s.clone());
        }
        let suggestion = text::slugify(s);
        ctx.error(
            *loc,
            format!("slug `{s}` may only hold lowercase letters a–z, digits and hyphens"),
            Some(if suggestion.is_empty() {
                "a slug becomes part of the URL".into()
            } else {
                format!("write `slug: {suggestion}`")
            }),
        );
        return None;
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    // A bundle is named by its folder.
    let (name, stem) = if is_bundle(rel) {
        let folder = rel.rsplit('/').nth(1).unwrap_or(stem);
        (folder, folder)
    } else {
        (name, stem)
    };
    let slug = text::slugify(strip_date_prefix(stem));
    if slug.is_empty() {
        ctx.error(
            meta.loc,
            format!("cannot make a URL from the file name `{name}`"),
            Some("rename the file or add `slug: …` to the front matter".into()),
        );
        return None;
    }
    if slug.len() > text::MAX_NAME {
        ctx.diags.push(
            Diagnostic::error(
                format!("content/{rel}"),
                None,
                format!(
                    "the file name makes a URL part of {} bytes (`{}`); at most {} bytes are allowed",
                    slug.len(),
                    text::abbreviate(&slug),
                    text::MAX_NAME
                ),
            )
            .with_hint("rename the file to something shorter, or give it a shorter `slug:` in its front matter"),
        );
        return None;
    }
    Some(slug)
}

/// A section folder whose name cannot be a URL part: empty once made a slug,
/// or too long. Reported at the folder, so every file in it gives the same
/// error (shown once).
fn folder_problem(dir: &str) -> Option<Diagnostic> {
    let mut at = String::from("content");
    for name in dir.split('/') {
        at = format!("{at}/{name}");
        let slug = text::slugify(name);
        let (message, hint) = if slug.is_empty() {
            (
                format!("cannot make a URL from the folder name `{name}`"),
                "rename the folder with some letters or digits",
            )
        } else if slug.len() > text::MAX_NAME {
            (
                format!(
                    "the folder name makes a URL part of {} bytes (`{}`); at most {} bytes are allowed",
                    slug.len(),
                    text::abbreviate(&slug),
                    text::MAX_NAME
                ),
                "rename the folder to something shorter",
            )
        } else {
            continue;
        };
        return Some(Diagnostic::error(format!("{at}/"), None, message).with_hint(hint));
    }
    None
}

/// `2023-02-15-ky-ket` → `ky-ket`.
fn strip_date_prefix(stem: &str) -> &str {
    let b = stem.as_bytes();
    let is_date = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && b[10] == b'-';
    if is_date { &stem[11..] } else { stem }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_by_position() {
        assert_eq!(role_of("_index.md"), Role::Home);
        assert_eq!(
            role_of("tin-tuc/_index.md"),
            Role::SectionIndex { dir: "tin-tuc".into() }
        );
        assert_eq!(role_of("tin-tuc/a.md"), Role::Item { dir: "tin-tuc".into() });
        assert_eq!(role_of("gioi-thieu.md"), Role::Plain);
    }

    #[test]
    fn slugs_from_vietnamese_file_names() {
        let p = parse_page(
            "content/tin-tuc/2023-06-10-Sơ-kết.md",
            "tin-tuc/2023-06-10-Sơ-kết.md",
            "---\ntitle: A\ndate: 2023-06-10\n---\nx\n",
        )
        .unwrap();
        assert_eq!(p.slug, "so-ket");
    }

    #[test]
    fn unsafe_slug_is_an_error_with_a_suggestion() {
        let e = parse_page("content/a.md", "a.md", "---\ntitle: A\nslug: ../../x\n---\n").unwrap_err();
        assert!(e[0].one_line().contains("content/a.md:3:7"), "{:?}", e);
        assert_eq!(e[0].hint.as_deref(), Some("write `slug: x`"));
    }

    #[test]
    fn items_need_dates_but_pages_do_not() {
        assert!(parse_page("content/a.md", "a.md", "---\ntitle: A\n---\n").is_ok());
        let e = parse_page("content/n/a.md", "n/a.md", "---\ntitle: A\n---\n").unwrap_err();
        assert!(e[0].message.contains("needs a `date`"));
    }
}
