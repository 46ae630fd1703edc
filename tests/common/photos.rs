//! Drawn photos for the sample site, the tests and the benchmark: no
//! downloaded image anywhere. A scene of shapes (sky, a hall, a banner, a
//! table, people) encoded as JPEG, with the metadata a phone writes: EXIF
//! with an orientation and a GPS position, XMP and IPTC (Photoshop 8BIM)
//! blocks, so stripping them can be shown and tested.
#![allow(dead_code)]

use image::{Rgb, RgbImage};

/// A made-up position (the centre of Bắc Kạn, rounded): never a real one.
pub const GPS: ([u32; 3], [u32; 3]) = ([22, 8, 0], [105, 50, 0]);

/// Draws the scene at `width` × `height`; `seed` varies colours and places.
pub fn scene(width: u32, height: u32, seed: u32) -> RgbImage {
    let mut img = RgbImage::new(width, height);
    let (w, h) = (width as i64, height as i64);
    let s = i64::from(seed % 7);
    for (x, y, p) in img.enumerate_pixels_mut() {
        let (x, y) = (i64::from(x), i64::from(y));
        // Wall with a soft gradient, floor below.
        let mut c = if y < h * 3 / 5 {
            let t = (y * 60 / h) as u8;
            Rgb([235 - t, 225 - t, (200 + s * 5) as u8 - t])
        } else {
            Rgb([150 + (x * 30 / w) as u8, 110, 80])
        };
        // The red banner with a yellow stripe.
        if y > h / 10 && y < h / 4 && x > w / 8 && x < w * 7 / 8 {
            c = if y > h / 10 + h / 40 && y < h / 10 + h / 20 {
                Rgb([250, 210, 60])
            } else {
                Rgb([190, 30, 40])
            };
        }
        // The table.
        if y > h / 2 && y < h * 3 / 5 + h / 30 && x > w / 10 && x < w * 9 / 10 {
            c = Rgb([90 + (s * 10) as u8, 50, 30]);
        }
        // People behind it: heads and shoulders.
        for i in 0..6i64 {
            let cx = w / 7 * (i + 1) + (s - 3) * w / 200;
            let cy = h * 2 / 5;
            let r = h / 16;
            let (dx, dy) = (x - cx, y - cy);
            if dx * dx + dy * dy < r * r {
                c = Rgb([225, 185, 150]);
            }
            if y > cy + r && y < h / 2 && dx.abs() < r * 3 / 2 {
                c = if i % 2 == 0 {
                    Rgb([30, 50, 110])
                } else {
                    Rgb([240, 240, 240])
                };
            }
        }
        *p = c;
    }
    img
}

/// JPEG bytes of `img` at `quality`.
pub fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgb8)
        .expect("encode");
    out
}

/// `jpeg` with a phone's metadata after its SOI: EXIF (orientation 1–8 and
/// GPS), XMP and IPTC.
pub fn with_metadata(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    segment(&mut out, 0xE1, &exif(orientation));
    let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description exif:GPSLatitude=\"22,8N\"/></rdf:RDF></x:xmpmeta>";
    segment(&mut out, 0xE1, xmp);
    // Photoshop IRB with an IPTC block (record 2, dataset 116: copyright).
    let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    let data = b"\x1c\x02\x74\0\x0dUBND Bac Kan.";
    iptc.extend((data.len() as u32).to_be_bytes());
    iptc.extend(data);
    iptc.push(0);
    segment(&mut out, 0xED, &iptc);
    out.extend(&jpeg[2..]);
    out
}

fn segment(out: &mut Vec<u8>, marker: u8, body: &[u8]) {
    out.extend([0xFF, marker]);
    out.extend(((body.len() + 2) as u16).to_be_bytes());
    out.extend(body);
}

/// An EXIF block (big-endian TIFF): IFD0 with Orientation, Make and a GPS
/// IFD pointer; the GPS IFD with latitude and longitude.
fn exif(orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    // IFD0 at 8: 3 entries (2 + 3*12 + 4 = 42 bytes), then "Phone\0" at 50, GPS IFD at 56.
    let make_at = 8 + 2 + 3 * 12 + 4;
    let gps_at = make_at + 6;
    t.extend(3u16.to_be_bytes());
    entry(&mut t, 0x010F, 2, 6, make_at as u32); // Make
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation) << 16); // Orientation
    entry(&mut t, 0x8825, 4, 1, gps_at as u32); // GPSInfo
    t.extend(0u32.to_be_bytes());
    t.extend(b"Phone\0");
    // GPS IFD: 4 entries, then two rationals ×3.
    let lat_at = gps_at + 2 + 4 * 12 + 4;
    let lon_at = lat_at + 24;
    t.extend(4u16.to_be_bytes());
    entry(&mut t, 1, 2, 2, u32::from_be_bytes(*b"N\0\0\0"));
    entry(&mut t, 2, 5, 3, lat_at as u32);
    entry(&mut t, 3, 2, 2, u32::from_be_bytes(*b"E\0\0\0"));
    entry(&mut t, 4, 5, 3, lon_at as u32);
    t.extend(0u32.to_be_bytes());
    for v in GPS.0.iter().chain(GPS.1.iter()) {
        t.extend(v.to_be_bytes());
        t.extend(1u32.to_be_bytes());
    }
    let mut out = b"Exif\0\0".to_vec();
    out.extend(t);
    out
}

fn entry(t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
    t.extend(tag.to_be_bytes());
    t.extend(kind.to_be_bytes());
    t.extend(count.to_be_bytes());
    t.extend(value.to_be_bytes());
}

/// A portrait scene stored sideways with orientation 6 (rotate 90° clockwise
/// to show), as phones save photos taken upright: shown `width` × `height`.
pub fn sideways(width: u32, height: u32, seed: u32, quality: u8) -> Vec<u8> {
    let upright = scene(width, height, seed);
    let stored = image::imageops::rotate270(&upright);
    with_metadata(&jpeg(&stored, quality), 6)
}
