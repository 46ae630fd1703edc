//! Decoding, orientation, resizing and encoding of one photo: every width
//! and format a figure offers, made from one decoded image (so a worker
//! holds one decoded photo at a time).

use std::io::Cursor;

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageReader};

use super::probe::{self, Format, Info, Problem};

/// The widths a figure offers, when the photo is wider.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// Lossy WebP quality (libwebp's scale, 0–100).
pub const WEBP_QUALITY: f32 = 80.0;
/// Quality of the JPEG fallback copies.
pub const JPEG_QUALITY: u8 = 82;
/// Quality of a full-size JPEG re-encoded to apply its orientation.
pub const FULL_QUALITY: u8 = 90;
/// Bumped whenever an encoder or a setting above changes what is made, so
/// cached copies made before are not used.
pub const VERSION: &str = "images-1 webp0.3 q80 jpeg82 full90 lanczos3";

/// The sizes made of a photo shown at `width` × `height`: each of
/// [`WIDTHS`] narrower than it, and its own width when under the largest
/// (never upscaled).
pub fn sizes(width: u32, height: u32) -> Vec<(u32, u32)> {
    let mut ws: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < width).collect();
    if width <= WIDTHS[WIDTHS.len() - 1] {
        ws.push(width);
    }
    ws.into_iter()
        .map(|w| {
            let h = (u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width);
            (w, u32::try_from(h).unwrap_or(u32::MAX).max(1))
        })
        .collect()
}

/// One made file: its name in the cache (`480.webp`, `full.jpg`) and bytes.
pub struct Made {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Decodes the photo (header already checked by `probe`), applies its
/// orientation and makes every size in WebP and the fallback format, and a
/// full-size copy when the orientation had to be applied.
pub fn process(bytes: &[u8], info: &Info) -> Result<Vec<Made>, Problem> {
    let img = decode(bytes, info)?;
    let has_alpha = info.format != Format::Jpeg && img.color().has_alpha();
    let (mut pixels, pixel_type, channels) = if has_alpha {
        (img.to_rgba8().into_raw(), PixelType::U8x4, 4)
    } else {
        (img.to_rgb8().into_raw(), PixelType::U8x3, 3)
    };
    let (w, h) = (img.width(), img.height());
    drop(img);
    let mut out = Vec::new();
    if info.orientation != 1 {
        out.push(Made {
            name: format!("full.{}", info.format.fallback_ext()),
            bytes: encode_fallback(info.format, &pixels, w, h, channels)?,
        });
    }
    let src = Image::from_slice_u8(w, h, &mut pixels, pixel_type).map_err(|e| Problem::Corrupt(e.to_string()))?;
    let mut resizer = Resizer::new();
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    for (tw, th) in sizes(w, h) {
        let buf = if tw == w {
            src.buffer().to_vec()
        } else {
            let mut dst = Image::new(tw, th, pixel_type);
            resizer
                .resize(&src, &mut dst, &options)
                .map_err(|e| Problem::Corrupt(e.to_string()))?;
            dst.into_vec()
        };
        let webp = if channels == 4 {
            webp::Encoder::from_rgba(&buf, tw, th).encode(WEBP_QUALITY)
        } else {
            webp::Encoder::from_rgb(&buf, tw, th).encode(WEBP_QUALITY)
        };
        out.push(Made {
            name: format!("{tw}.webp"),
            bytes: webp.to_vec(),
        });
        out.push(Made {
            name: format!("{tw}.{}", info.format.fallback_ext()),
            bytes: encode_fallback(info.format, &buf, tw, th, channels)?,
        });
    }
    Ok(out)
}

/// The decoded photo with its orientation applied, within the limits.
pub fn decode(bytes: &[u8], info: &Info) -> Result<DynamicImage, Problem> {
    let format = match info.format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::Webp => image::ImageFormat::WebP,
    };
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(probe::MAX_SIDE);
    limits.max_image_height = Some(probe::MAX_SIDE);
    limits.max_alloc = Some(probe::MAX_PIXELS * 8);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let problem = |e: image::ImageError| probe::read_problem(&e, info.format, bytes);
    let mut decoder = reader.into_decoder().map_err(problem)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(problem)?;
    img.apply_orientation(orientation);
    Ok(img)
}

fn encode_fallback(format: Format, buf: &[u8], w: u32, h: u32, channels: u8) -> Result<Vec<u8>, Problem> {
    let mut out = Vec::new();
    let color = if channels == 4 {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    let result = match format {
        Format::Png => {
            use image::ImageEncoder;
            image::codecs::png::PngEncoder::new(&mut out).write_image(buf, w, h, color)
        }
        Format::Jpeg | Format::Webp if channels == 4 => {
            // JPEG has no alpha: flatten on white.
            let rgb: Vec<u8> = buf
                .chunks_exact(4)
                .flat_map(|p| {
                    let a = u16::from(p[3]);
                    let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
                    [mix(p[0]), mix(p[1]), mix(p[2])]
                })
                .collect();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).encode(
                &rgb,
                w,
                h,
                image::ExtendedColorType::Rgb8,
            )
        }
        Format::Jpeg | Format::Webp => {
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).encode(buf, w, h, color)
        }
    };
    result.map_err(|e| Problem::Corrupt(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_never_upscale() {
        assert_eq!(sizes(4000, 3000), vec![(480, 360), (960, 720), (1600, 1200)]);
        assert_eq!(sizes(1000, 500), vec![(480, 240), (960, 480), (1000, 500)]);
        assert_eq!(sizes(300, 200), vec![(300, 200)]);
    }
}
