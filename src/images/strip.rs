//! The published copy of an original: the same compressed image data with
//! every metadata block removed, so no camera, time or GPS position leaves
//! the site. Nothing is decoded or encoded: the pixels are the author's.
//!
//! Removed: JPEG APP1 (EXIF, XMP), APP13 (IPTC/Photoshop), APP2–APP15 but
//! ICC colour profiles and COM comments; PNG eXIf, iTXt, tEXt, zTXt and
//! tIME chunks; WebP EXIF and XMP chunks.

use img_parts::{Bytes, ImageEXIF};

use super::probe::Format;

/// JPEG markers of application segments and comments.
const APP1: u8 = 0xE1;
const APP2: u8 = 0xE2;
const APP15: u8 = 0xEF;
const COM: u8 = 0xFE;

/// `bytes` without metadata, or `None` if they cannot be parsed (probing
/// refused such a file before this is asked).
pub fn strip(format: Format, bytes: &[u8]) -> Option<Vec<u8>> {
    let b = Bytes::copy_from_slice(bytes);
    let out = match format {
        Format::Jpeg => {
            let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(b).ok()?;
            jpeg.segments_mut().retain(|s| {
                let m = s.marker();
                let is_icc = m == APP2 && s.contents().starts_with(b"ICC_PROFILE\0");
                !((APP1..=APP15).contains(&m) && !is_icc || m == COM)
            });
            jpeg.encoder().bytes()
        }
        Format::Png => {
            let mut png = img_parts::png::Png::from_bytes(b).ok()?;
            png.chunks_mut()
                .retain(|c| !matches!(&c.kind(), b"eXIf" | b"iTXt" | b"tEXt" | b"zTXt" | b"tIME"));
            png.encoder().bytes()
        }
        Format::Webp => {
            let mut webp = img_parts::webp::WebP::from_bytes(b).ok()?;
            webp.set_exif(None);
            webp.remove_chunks_by_id(*b"XMP ");
            webp.encoder().bytes()
        }
    };
    Some(out.to_vec())
}

/// A static file as published: a JPEG, PNG or WebP (by extension and
/// content) without its metadata; anything else, or a file that cannot be
/// parsed, as it is.
pub fn published(rel: &str, bytes: Vec<u8>) -> Vec<u8> {
    let Some(format) = super::ext(rel).and_then(Format::of_extension) else {
        return bytes;
    };
    strip(format, &bytes).unwrap_or(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_exif_and_xmp_from_a_jpeg_keeping_the_image() {
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
            .encode(&[200; 8 * 8 * 3], 8, 8, image::ExtendedColorType::Rgb8)
            .unwrap();
        // Insert an APP1 EXIF segment and an APP13 after SOI.
        let mut with = jpeg[..2].to_vec();
        for (marker, body) in [(0xE1u8, &b"Exif\0\0GPS here"[..]), (0xED, &b"Photoshop 3.0\08BIM"[..])] {
            with.extend([0xFF, marker]);
            with.extend(((body.len() + 2) as u16).to_be_bytes());
            with.extend(body);
        }
        with.extend(&jpeg[2..]);
        let out = strip(Format::Jpeg, &with).unwrap();
        assert_eq!(out, jpeg);
        assert!(image::load_from_memory(&out).is_ok());
    }
}
