//! A page's photos and attachments, resolved when the page loads: images
//! and document links in its Markdown, its front matter `image:`, and for a
//! bundle (`content/<section>/<folder>/index.md`) every other file of its
//! folder, published beside the page (photos stripped of metadata,
//! documents as they are).
//!
//! Relative references resolve against a bundle's folder; root-relative
//! ones (`/anh/x.jpg`) against static/. Anything else (other pages' paths,
//! full URLs, relative links of pages that are not bundles) is left as
//! Markdown renders it.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, locate};
use crate::images::{self, Picture, Published, figure};
use crate::markdown::{ImageRef, Media};

/// Where a page's relative references resolve.
pub struct Bundle {
    /// The bundle's folder on disk.
    pub disk: PathBuf,
    /// As the author sees it: `content/tin-tuc/2023-02-15-ky-ket/`.
    pub shown: String,
    /// The page's site path: `tin-tuc/ky-ket/`.
    pub site: String,
}

/// What a page's references resolved to.
#[derive(Default)]
pub struct Resolved {
    /// Files the page publishes, by output path.
    pub published: BTreeMap<String, Published>,
    /// Keys of every photo and file shown or published (the page's key
    /// covers them).
    pub keys: Vec<u64>,
    pub diags: Vec<Diagnostic>,
}

pub struct PageMedia<'a> {
    pub site_root: &'a Path,
    pub file: &'a str,
    pub text: &'a str,
    /// Where the Markdown body starts in `text`.
    pub body_at: usize,
    pub bundle: Option<&'a Bundle>,
    /// The site's language, for attachment notes.
    pub lang: crate::text::Lang,
    pub out: Resolved,
    pictures: usize,
    /// Bundle files already resolved (or refused) through a reference.
    tried: std::collections::HashSet<String>,
}

impl<'a> PageMedia<'a> {
    pub fn new(
        site_root: &'a Path,
        file: &'a str,
        text: &'a str,
        body_at: usize,
        bundle: Option<&'a Bundle>,
        lang: crate::text::Lang,
    ) -> Self {
        PageMedia {
            site_root,
            file,
            text,
            body_at,
            bundle,
            lang,
            out: Resolved::default(),
            pictures: 0,
            tried: Default::default(),
        }
    }

    fn at(&self, span: &Range<usize>) -> crate::diag::Location {
        locate(self.text, self.body_at + span.start, self.body_at + span.end)
    }

    /// The file a reference names, with how it is shown and the site path
    /// of the folder it is published in; `None` when it is not ours.
    fn target(&self, dest: &str) -> Option<Result<(PathBuf, String, String), String>> {
        if dest.is_empty() || dest.contains("://") || dest.starts_with("//") || dest.starts_with('#') {
            return None;
        }
        let path = dest.split(['?', '#']).next().unwrap_or(dest);
        let (base_disk, base_shown, base_site, rel) = if let Some(rel) = path.strip_prefix('/') {
            (self.site_root.join("static"), "static/".to_owned(), String::new(), rel)
        } else {
            let b = self.bundle?;
            (
                b.disk.clone(),
                b.shown.clone(),
                b.site.clone(),
                path.trim_start_matches("./"),
            )
        };
        if rel.split('/').any(|p| p == ".." || p.is_empty()) {
            return Some(Err(format!(
                "`{dest}` leaves its folder; a photo or document must be in the page's folder or in static/"
            )));
        }
        let rel = crate::text::nfc(rel);
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let site_dir = if dir.is_empty() {
            base_site
        } else {
            format!("{base_site}{dir}/")
        };
        Some(Ok((base_disk.join(&rel), format!("{base_shown}{rel}"), site_dir)))
    }

    /// The picture for a reference, processed; errors are kept.
    pub fn picture(&mut self, dest: &str, at: crate::diag::Location) -> Option<Picture> {
        let (disk, shown, site_dir) = match self.target(dest)? {
            Ok(t) => t,
            Err(message) => {
                self.error(at, message, "move the file beside the page's index.md, or into static/");
                return None;
            }
        };
        if !images::is_image(&shown) && !images::is_unsupported_image(&shown) {
            return None;
        }
        let in_bundle = !dest.starts_with('/');
        if in_bundle {
            self.tried.insert(shown.clone());
        }
        let full = if in_bundle {
            format!("{site_dir}{}", shown.rsplit('/').next().unwrap_or(&shown))
        } else {
            dest.trim_start_matches('/').to_owned()
        };
        // An unsupported format is refused by probing (it names what it is).
        let loaded = images::picture(self.site_root, &disk, &shown, site_dir, full);
        match loaded {
            Ok(pic) => {
                self.out.keys.push(pic.key);
                for p in pic.published(self.site_root) {
                    self.out.published.insert(p.path.clone(), p);
                }
                Some(pic)
            }
            Err(f) => {
                self.error(at, f.message, &f.hint);
                None
            }
        }
    }

    fn error(&mut self, at: crate::diag::Location, message: impl Into<String>, hint: &str) {
        self.out
            .diags
            .push(Diagnostic::error(self.file, Some(at), message).with_hint(hint));
    }

    /// Publishes every other file of the bundle: photos processed and
    /// stripped, documents as they are.
    pub fn publish_bundle(&mut self) {
        let Some(b) = self.bundle else { return };
        let Ok(entries) = std::fs::read_dir(&b.disk) else {
            return;
        };
        let mut names: Vec<(String, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| Some((crate::text::nfc(e.file_name().to_str()?), e.path())))
            .filter(|(n, _)| !n.starts_with('.') && !n.ends_with(".md"))
            .collect();
        names.sort();
        for (name, path) in names {
            let out_path = format!("{}{name}", b.site);
            let shown = format!("{}{name}", b.shown);
            if images::is_image(&name) {
                // One shown by the page was loaded (or refused at its line).
                let referenced = self.tried.contains(&shown);
                let full = out_path.clone();
                match images::picture(self.site_root, &path, &shown, b.site.clone(), full) {
                    Ok(pic) => {
                        if !referenced {
                            self.out.keys.push(pic.key);
                            for p in pic.published(self.site_root) {
                                self.out.published.insert(p.path.clone(), p);
                            }
                        }
                        let p = images::original(self.site_root, &pic, &path);
                        self.out.published.insert(p.path.clone(), p);
                    }
                    Err(_) if referenced => {}
                    // A photo nobody shows is still published: it must be usable.
                    Err(f) => self
                        .out
                        .diags
                        .push(Diagnostic::error(shown, None, f.message).with_hint(f.hint)),
                }
            } else {
                let Ok(bytes) = std::fs::read(&path) else { continue };
                let fp = xxhash_rust::xxh3::xxh3_64(&bytes);
                self.out.keys.push(fp);
                self.out.published.insert(
                    out_path.clone(),
                    Published {
                        path: out_path,
                        fp,
                        from: images::From::File(path),
                    },
                );
            }
        }
    }
}

impl Media for PageMedia<'_> {
    fn image(&mut self, r: &ImageRef<'_>) -> Option<String> {
        let at = self.at(&r.span);
        let pic = self.picture(r.dest, at)?;
        if r.alt.trim().is_empty() {
            self.out.diags.push(
                Diagnostic::warning(
                    self.file,
                    Some(at),
                    format!("the image `{}` has no alternative text", r.dest),
                )
                .with_hint("write what the photo shows between the brackets: ![Lễ ký kết giao ước](anh.jpg)"),
            );
        }
        let first = self.pictures == 0;
        self.pictures += 1;
        Some(if r.alone {
            figure::figure(&pic, &r.alt, r.title, first)
        } else {
            figure::picture(&pic, &r.alt, first)
        })
    }

    fn link_note(&mut self, dest: &str, span: Range<usize>) -> Option<String> {
        let kind = images::document_kind(dest)?;
        let (disk, shown, _) = match self.target(dest)? {
            Ok(t) => t,
            Err(message) => {
                let at = self.at(&span);
                self.error(at, message, "move the file beside the page's index.md, or into static/");
                return None;
            }
        };
        match std::fs::metadata(&disk) {
            Ok(m) => {
                self.out.keys.push(m.len());
                Some(format!("{kind}, {}", crate::documents::format_size(m.len(), self.lang)))
            }
            // static/ is checked by `bangvang check` with every other link.
            Err(_) if dest.starts_with('/') => None,
            Err(_) => {
                let at = self.at(&span);
                self.error(
                    at,
                    format!("the linked document {shown} does not exist"),
                    "check the file name, or put the file beside the page (a bundle) or in static/",
                );
                None
            }
        }
    }
}
