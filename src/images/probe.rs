//! What an image file is, from its first bytes and header only: format,
//! declared size and EXIF orientation. Nothing is decoded here, so an image
//! bomb (a small file declaring 50,000 × 50,000 pixels) is refused before a
//! single pixel is allocated.

use std::io::Cursor;

use image::{ImageDecoder, ImageReader};

/// Largest side we decode, in pixels.
pub const MAX_SIDE: u32 = 20_000;
/// Most pixels we decode (a 12-megapixel phone photo is well within).
pub const MAX_PIXELS: u64 = 40_000_000;

/// The formats a figure can be made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    /// The extension of the fallback copies (WebP sources fall back to JPEG).
    pub fn fallback_ext(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg | Format::Webp => "jpg",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Webp => "WebP",
        }
    }

    fn image_format(self) -> image::ImageFormat {
        match self {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
            Format::Webp => image::ImageFormat::WebP,
        }
    }

    /// The format an extension promises, if it is one we make figures of.
    pub fn of_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::Webp),
            _ => None,
        }
    }
}

/// What the header says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Info {
    pub format: Format,
    /// As stored, before orientation.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation 1–8 (1 when there is none).
    pub orientation: u8,
}

impl Info {
    /// The size as shown, orientation applied (5–8 swap the sides).
    pub fn shown(&self) -> (u32, u32) {
        if (5..=8).contains(&self.orientation) {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// Why an image cannot be used; the message is said after the file's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Unsupported(String),
    /// The bytes are another format than the extension says.
    Mismatch {
        ext: String,
        actual: String,
    },
    Truncated,
    Corrupt(String),
    TooLarge {
        width: u32,
        height: u32,
    },
}

impl Problem {
    pub fn message(&self) -> String {
        match self {
            Problem::Unsupported(what) => format!("is {what}, which bangvang cannot make figures of"),
            Problem::Mismatch { ext, actual } => {
                format!("has the extension .{ext} but its content is {actual}")
            }
            Problem::Truncated => "is cut short (truncated): the end of the image is missing".into(),
            Problem::Corrupt(why) => format!("is not a readable image ({why})"),
            Problem::TooLarge { width, height } => format!(
                "declares {width} × {height} pixels; at most {MAX_SIDE} pixels a side and {} megapixels are allowed",
                MAX_PIXELS / 1_000_000
            ),
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            Problem::Unsupported(_) => "save the image as JPEG, PNG or WebP",
            Problem::Mismatch { .. } => "rename the file to the extension of its content, or save it again",
            Problem::Truncated | Problem::Corrupt(_) => "copy the image again from the camera or phone",
            Problem::TooLarge { .. } => "scale the image down (a photo of 4000 × 3000 pixels is plenty)",
        }
    }
}

/// The format the bytes are, by their signature.
fn sniff(bytes: &[u8]) -> Result<Format, Problem> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(Format::Png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Ok(Format::Webp)
    } else if bytes.starts_with(b"GIF8") {
        Err(Problem::Unsupported("a GIF".into()))
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        Err(Problem::Unsupported("HEIC/AVIF (an ISO media file)".into()))
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Err(Problem::Unsupported("a TIFF".into()))
    } else if bytes.starts_with(b"BM") {
        Err(Problem::Unsupported("a BMP".into()))
    } else if bytes.starts_with(b"<svg") || bytes.starts_with(b"<?xml") {
        Err(Problem::Unsupported("an SVG".into()))
    } else {
        Err(Problem::Corrupt(
            "its first bytes are not those of any image format".into(),
        ))
    }
}

/// Whether the file ends as its format requires (a copy cut short by a
/// failed transfer is the common case).
fn is_complete(format: Format, bytes: &[u8]) -> bool {
    match format {
        // The end-of-image marker, allowing for trailing padding.
        Format::Jpeg => bytes.windows(2).rev().take(4096).any(|w| w == [0xFF, 0xD9]),
        Format::Png => bytes.windows(4).rev().take(64).any(|w| w == b"IEND"),
        Format::Webp => {
            let declared = bytes
                .get(4..8)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
            declared.is_some_and(|n| bytes.len() >= n + 8)
        }
    }
}

/// Probes `bytes`, a file whose name ends with `.ext`.
pub fn probe(bytes: &[u8], ext: &str) -> Result<Info, Problem> {
    let format = sniff(bytes)?;
    match Format::of_extension(ext) {
        Some(f) if f == format => {}
        Some(_) => {
            return Err(Problem::Mismatch {
                ext: ext.to_owned(),
                actual: format.name().to_owned(),
            });
        }
        None => return Err(Problem::Unsupported(format!("a .{ext} file"))),
    }
    let reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let mut decoder = reader.into_decoder().map_err(|e| read_problem(&e, format, bytes))?;
    let (width, height) = decoder.dimensions();
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Problem::TooLarge { width, height });
    }
    if width == 0 || height == 0 {
        return Err(Problem::Corrupt("it declares no pixels".into()));
    }
    if !is_complete(format, bytes) {
        return Err(Problem::Truncated);
    }
    let orientation = decoder.orientation().map_or(1, |o| o.to_exif());
    Ok(Info {
        format,
        width,
        height,
        orientation,
    })
}

/// A decoder error as a problem: running out of bytes is truncation.
pub fn read_problem(e: &image::ImageError, format: Format, bytes: &[u8]) -> Problem {
    let text = e.to_string();
    let lower = text.to_ascii_lowercase();
    if lower.contains("eof")
        || lower.contains("end of file")
        || lower.contains("unexpected end")
        || !is_complete(format, bytes)
    {
        Problem::Truncated
    } else {
        Problem::Corrupt(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        image::DynamicImage::new_rgb8(w, h)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn reads_format_and_size() {
        let info = probe(&png(3, 2), "png").unwrap();
        assert_eq!(
            (info.format, info.width, info.height, info.orientation),
            (Format::Png, 3, 2, 1)
        );
    }

    #[test]
    fn refuses_a_bomb_from_its_header() {
        // A PNG header declaring 50,000 × 50,000 pixels and no pixel data.
        let mut b = png(1, 1);
        b[16..20].copy_from_slice(&50_000u32.to_be_bytes());
        b[20..24].copy_from_slice(&50_000u32.to_be_bytes());
        // Fix the IHDR checksum so the decoder reads the header.
        let crc = crc32(&b[12..29]);
        b[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(
            probe(&b, "png"),
            Err(Problem::TooLarge {
                width: 50_000,
                height: 50_000
            })
        );
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }

    #[test]
    fn names_each_problem() {
        let p = png(4, 4);
        assert!(matches!(probe(&p, "jpg"), Err(Problem::Mismatch { .. })));
        assert_eq!(probe(&p[..p.len() - 12], "png"), Err(Problem::Truncated));
        assert!(matches!(probe(b"GIF89a....", "gif"), Err(Problem::Unsupported(_))));
        assert!(matches!(probe(b"hello", "jpg"), Err(Problem::Corrupt(_))));
    }
}
