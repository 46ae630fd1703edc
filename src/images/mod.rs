//! Photos and attachments of pages: what an image reference in Markdown or
//! front matter resolves to, the files a page publishes beside it, and the
//! figure HTML. `probe` reads headers, `process` makes the sizes, `strip`
//! removes metadata from originals, `cache` keeps processed photos on disk.
//!
//! Resolution happens when a page loads, so a bad photo is an error at the
//! line that shows it, and the page's key covers its photos' bytes: the
//! engine rebuilds a page when a photo it shows changes.

pub mod cache;
pub mod figure;
pub mod probe;
pub mod process;
pub mod strip;

use std::path::{Path, PathBuf};

pub use probe::{Format, Info, Problem};

/// An image a page shows, resolved and processed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    /// Site path of the folder its copies are published in (`tin-tuc/ky-ket/`).
    pub dir: String,
    /// The file name without extension; copies are `<stem>-<width>w.<ext>`.
    pub stem: String,
    pub format: Format,
    /// As shown (orientation applied).
    pub width: u32,
    pub height: u32,
    pub sizes: Vec<(u32, u32)>,
    /// The cache key (bytes and processing version).
    pub key: u64,
    /// Site path of the full-size copy (stripped of metadata).
    pub full: String,
}

impl Picture {
    /// Site path of one copy.
    pub fn copy(&self, width: u32, ext: &str) -> String {
        format!("{}{}-{width}w.{ext}", self.dir, self.stem)
    }

    /// `srcset` of the copies in `ext`, root-relative.
    pub fn srcset(&self, ext: &str) -> String {
        self.sizes
            .iter()
            .map(|(w, _)| format!("/{} {w}w", self.copy(*w, ext)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The size a browser without `srcset` gets: the largest up to 960 px.
    pub fn default_size(&self) -> (u32, u32) {
        let fits = self.sizes.iter().rev().find(|(w, _)| *w <= 960);
        fits.or(self.sizes.first())
            .copied()
            .unwrap_or((self.width, self.height))
    }

    /// Every copy this picture publishes, with where its bytes are.
    pub fn published(&self, root: &Path) -> Vec<Published> {
        let folder = cache::folder(root, self.key);
        let mut out = Vec::new();
        for (w, _) in &self.sizes {
            for ext in ["webp", self.format.fallback_ext()] {
                let name = format!("{w}.{ext}");
                out.push(Published {
                    path: self.copy(*w, ext),
                    fp: fp(self.key, &name),
                    from: From::File(folder.join(name)),
                });
            }
        }
        out
    }
}

fn fp(key: u64, name: &str) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&key.to_le_bytes());
    h.update(name.as_bytes());
    h.digest()
}

/// A file a page publishes beside its HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    /// Output path (a site path).
    pub path: String,
    /// What its bytes are made from.
    pub fp: u64,
    pub from: From,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum From {
    /// Written as it is (a processed copy, a document).
    File(PathBuf),
    /// An original published without its metadata.
    Stripped(PathBuf, Format),
}

impl Published {
    pub fn bytes(&self) -> std::io::Result<Vec<u8>> {
        match &self.from {
            From::File(p) => std::fs::read(p),
            From::Stripped(p, format) => {
                let b = std::fs::read(p)?;
                strip::strip(*format, &b)
                    .ok_or_else(|| std::io::Error::other("the image cannot be read to remove its metadata"))
            }
        }
    }
}

/// Whether a file name is an image we make figures of.
pub fn is_image(name: &str) -> bool {
    ext(name).and_then(Format::of_extension).is_some()
}

/// Whether a file name is an image format browsers or cameras use that
/// figures cannot be made of (an error where a page shows it). SVG is not
/// one: it is shown as it is.
pub fn is_unsupported_image(name: &str) -> bool {
    ext(name).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "gif" | "heic" | "heif" | "avif" | "tif" | "tiff" | "bmp"
        )
    })
}

/// The extension of a file name, without the dot.
pub fn ext(name: &str) -> Option<&str> {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.rsplit_once('.').map(|(_, e)| e).filter(|e| !e.is_empty())
}

/// A document type shown after links to it ("PDF, 240 KB").
pub fn document_kind(name: &str) -> Option<&'static str> {
    match ext(name)?.to_ascii_lowercase().as_str() {
        "pdf" => Some("PDF"),
        "docx" => Some("DOCX"),
        "doc" => Some("DOC"),
        "xlsx" => Some("XLSX"),
        "xls" => Some("XLS"),
        "odt" => Some("ODT"),
        "ods" => Some("ODS"),
        _ => None,
    }
}

/// Why a reference cannot be shown: the message says what and how to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub hint: String,
}

/// Loads the photo at `path` (shown as `shown`), probing it and processing
/// it unless the cache holds it. `dir` is the site folder its copies go in,
/// `full` the site path of its full-size copy.
pub fn picture(root: &Path, path: &Path, shown: &str, dir: String, full: String) -> Result<Picture, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure {
        message: if e.kind() == std::io::ErrorKind::NotFound {
            format!("there is no image {shown}")
        } else {
            format!("cannot read {shown}: {e}")
        },
        hint: "check the file name (letters, accents and case count) and where the file is".into(),
    })?;
    let name = shown.rsplit('/').next().unwrap_or(shown);
    let problem = |p: Problem| Failure {
        message: format!("{shown} {}", p.message()),
        hint: p.hint().to_owned(),
    };
    let info = probe::probe(&bytes, ext(name).unwrap_or("")).map_err(problem)?;
    let key = cache::key(&bytes);
    if !cache::has(root, key) {
        let made = process::process(&bytes, &info).map_err(problem)?;
        cache::store(root, key, &made).map_err(|e| Failure {
            message: format!("cannot write the processed copies of {shown} into the cache folder: {e}"),
            hint: format!("check that {} can be written", crate::cache::DIR),
        })?;
    }
    let (width, height) = info.shown();
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s).to_owned();
    Ok(Picture {
        dir,
        stem,
        format: info.format,
        width,
        height,
        sizes: process::sizes(width, height),
        key,
        full,
    })
}

/// The published original of a bundle's photo: the processed full-size
/// copy when its orientation had to be applied, else the original without
/// its metadata.
pub fn original(root: &Path, pic: &Picture, source: &Path) -> Published {
    let full = cache::folder(root, pic.key).join(format!("full.{}", pic.format.fallback_ext()));
    let from = if full.is_file() {
        From::File(full)
    } else {
        From::Stripped(source.to_path_buf(), pic.format)
    };
    Published {
        path: pic.full.clone(),
        fp: fp(pic.key, "original"),
        from,
    }
}
