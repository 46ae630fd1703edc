//! Photos and attachments: bundles, figures, metadata removed from every
//! published image (originals too), orientation applied, the cache, and
//! each bad photo an error at the line that shows it with nothing published.

mod common;

use std::path::Path;

use common::Fixture;
use common::photos;

const BUNDLE: &str = "content/tin-tuc/2023-05-01-anh";
const ITEM: &str = "tin-tuc/anh/index.html";

/// A fixture with a bundle whose page shows `body`.
fn bundle(body: &str) -> Fixture {
    let f = Fixture::new();
    f.write(
        &format!("{BUNDLE}/index.md"),
        &format!("---\ntitle: Ảnh\ndate: 2023-05-01\nimage: anh.jpg\n---\nMở đầu.\n\n{body}\n"),
    );
    f.write_bytes(
        &format!("{BUNDLE}/anh.jpg"),
        &photos::with_metadata(&photos::jpeg(&photos::scene(1200, 800, 1), 70), 1),
    );
    f
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            out.push(e.path().to_path_buf());
        }
    }
    out.sort();
    out
}

/// No EXIF, XMP or IPTC block in `bytes`, by reading it as EXIF and by the
/// blocks' signatures.
fn assert_no_metadata(name: &str, bytes: &[u8]) {
    assert!(
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(bytes))
            .is_err(),
        "{name} carries EXIF"
    );
    for sig in [&b"Exif\0\0"[..], b"http://ns.adobe.com/xap", b"8BIM"] {
        assert!(
            !bytes.windows(sig.len()).any(|w| w == sig),
            "{name} carries {}",
            String::from_utf8_lossy(sig)
        );
    }
}

#[test]
fn a_bundle_photo_becomes_a_responsive_figure_and_every_copy_is_stripped() {
    let f = bundle("![Lễ ký kết](anh.jpg \"Chú thích <1>\")\n\n![](anh.jpg)\n\n[Kế hoạch](ke-hoach.pdf)");
    f.write_bytes(&format!("{BUNDLE}/ke-hoach.pdf"), &vec![b'%'; 240 * 1024]);
    f.write_bytes(&format!("{BUNDLE}/doc.jpg"), &photos::sideways(300, 400, 3, 80));
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    // The empty alternative text is a warning at its line.
    assert!(err.contains("has no alternative text"), "{err}");
    assert!(err.contains(&format!("{BUNDLE}/index.md:10:1")), "{err}");
    let html = f.read(ITEM);
    let root = "/portal/tin-tuc/anh/";
    assert!(html.contains(&format!(
        "<figure class=\"photo\"><a class=\"full-size\" href=\"{root}anh.jpg\"><picture><source type=\"image/webp\" srcset=\"{root}anh-480w.webp 480w, {root}anh-960w.webp 960w, {root}anh-1200w.webp 1200w\""
    )), "{html}");
    assert!(
        html.contains("width=\"960\" height=\"640\" alt=\"Lễ ký kết\" decoding=\"async\""),
        "{html}"
    );
    assert!(html.contains("<figcaption>Chú thích &lt;1&gt;</figcaption>"), "{html}");
    // Lazy for all but the first photo; no caption without a title.
    assert!(html.contains("alt=\"\" loading=\"lazy\""), "{html}");
    assert_eq!(html.matches("<figcaption>").count(), 1);
    // The document: copied as it is, its type and size after the link.
    assert!(
        html.contains("<span class=\"file-info\">(PDF, 240 KB)</span>"),
        "{html}"
    );
    assert_eq!(
        std::fs::read(f.out().join("tin-tuc/anh/ke-hoach.pdf")).unwrap().len(),
        240 * 1024
    );
    // The card and link previews.
    let list = f.read("tin-tuc/index.html");
    assert!(
        list.contains(&format!("<img class=\"card-image\" src=\"{root}anh-960w.jpg\"")),
        "{list}"
    );
    assert!(
        html.contains("<meta property=\"og:image\" content=\"https://example.vn/portal/tin-tuc/anh/anh-1200w.jpg\">")
    );
    assert!(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));

    let mut images = 0;
    for p in walk(&f.out()) {
        let name = p.display().to_string();
        let Some(ext) = p.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        if !["jpg", "png", "webp"].contains(&ext) {
            continue;
        }
        images += 1;
        let bytes = std::fs::read(&p).unwrap();
        assert_no_metadata(&name, &bytes);
        assert!(image::load_from_memory(&bytes).is_ok(), "{name} does not decode");
    }
    // anh: 3 sizes × 2 formats + the original; doc: 1 size × 2 + the original.
    assert_eq!(images, 10);
    // The sideways photo (orientation 6) comes out upright, original included.
    for rel in [
        "tin-tuc/anh/doc.jpg",
        "tin-tuc/anh/doc-300w.jpg",
        "tin-tuc/anh/doc-300w.webp",
    ] {
        let img = image::open(f.out().join(rel)).unwrap();
        assert_eq!((img.width(), img.height()), (300, 400), "{rel}");
    }
    // The original without orientation is the author's pixels, byte for byte
    // but for the metadata.
    let original = std::fs::read(f.out().join("tin-tuc/anh/anh.jpg")).unwrap();
    assert_eq!(original, photos::jpeg(&photos::scene(1200, 800, 1), 70));
}

#[test]
fn the_sample_sites_published_images_carry_no_metadata_and_are_upright() {
    let f = Fixture::sample();
    let (ok, _, err) = f.build(&["--now", "2025-06-01"]);
    assert!(ok, "{err}");
    let mut n = 0;
    for p in walk(&f.out()) {
        if let Some(ext) = p.extension().and_then(|e| e.to_str())
            && ["jpg", "jpeg", "png", "webp"].contains(&ext)
        {
            n += 1;
            let bytes = std::fs::read(&p).unwrap();
            assert_no_metadata(&p.display().to_string(), &bytes);
        }
    }
    assert!(n >= 10, "{n} images");
    // The sources do carry GPS: the stripping is what removed it.
    let source = std::fs::read(
        f.root()
            .join("content/tin-tuc/2023-02-15-ky-ket-giao-uoc-thi-dua-2023/cum-truong.jpg"),
    )
    .unwrap();
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&source))
        .unwrap();
    assert!(exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).is_some());
    let upright = image::open(f.out().join("tin-tuc/ky-ket-giao-uoc-thi-dua-2023/cum-truong.jpg")).unwrap();
    assert!(upright.height() > upright.width(), "orientation 6 comes out portrait");
    let html = f.read("tin-tuc/ky-ket-giao-uoc-thi-dua-2023/index.html");
    assert!(
        html.contains("<figcaption>Lãnh đạo 8 xã, phường ký giao ước thi đua năm 2023"),
        "{html}"
    );
}

#[test]
fn each_bad_photo_is_an_error_at_its_line_and_nothing_is_published() {
    let f = bundle(
        "![a](mat.jpg)\n\n![b](cut.jpg)\n\n![c](rac.jpg)\n\n![d](that-ra-png.jpg)\n\n![e](bom.png)\n\n![f](dong.gif)\n\n![g](../ngoai.jpg)",
    );
    let good = photos::jpeg(&photos::scene(64, 48, 2), 70);
    f.write_bytes(&format!("{BUNDLE}/cut.jpg"), &good[..good.len() / 2]);
    f.write_bytes(
        &format!("{BUNDLE}/rac.jpg"),
        b"\xFF\xD8\xFFgarbage that is no jpeg\xFF\xD9",
    );
    let mut png = Vec::new();
    image::DynamicImage::new_rgb8(8, 8)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    f.write_bytes(&format!("{BUNDLE}/that-ra-png.jpg"), &png);
    f.write_bytes(&format!("{BUNDLE}/bom.png"), &bomb());
    f.write_bytes(&format!("{BUNDLE}/dong.gif"), b"GIF89a\x01\0\x01\0\0\0\0;");
    let (ok, _, err) = f.build(&[]);
    assert!(!ok);
    let file = format!("{BUNDLE}/index.md");
    for (line, what) in [
        (8, "there is no image"),
        (10, "truncated"),
        (12, "is not a readable image"),
        (14, "its content is PNG"),
        (16, "declares 50000 × 50000 pixels"),
        (18, "is a GIF"),
        (20, "leaves its folder"),
    ] {
        assert!(err.contains(&format!("{file}:{line}:1")), "line {line}: {err}");
        assert!(err.contains(what), "{what}: {err}");
    }
    // Each once, at its line only.
    assert_eq!(err.matches("cut short").count(), 1, "{err}");
    assert!(!f.out().exists(), "nothing is published");
}

/// A PNG declaring 50,000 × 50,000 pixels with no pixel data.
fn bomb() -> Vec<u8> {
    let mut b = Vec::new();
    image::DynamicImage::new_rgb8(1, 1)
        .write_to(&mut std::io::Cursor::new(&mut b), image::ImageFormat::Png)
        .unwrap();
    b[16..20].copy_from_slice(&50_000u32.to_be_bytes());
    b[20..24].copy_from_slice(&50_000u32.to_be_bytes());
    let crc = {
        let mut c = 0xFFFF_FFFFu32;
        for &x in &b[12..29] {
            c ^= u32::from(x);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    };
    b[29..33].copy_from_slice(&crc.to_be_bytes());
    b
}

#[test]
fn a_build_with_no_new_photo_does_no_image_work() {
    let f = bundle("![Ảnh](anh.jpg)");
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let cache = f.root().join(".bangvang/images");
    let made: Vec<_> = walk(&cache);
    assert_eq!(made.len(), 6, "{made:?}");
    let stamps = |files: &[std::path::PathBuf]| -> Vec<_> {
        files
            .iter()
            .map(|p| std::fs::metadata(p).unwrap().modified().unwrap())
            .collect()
    };
    let before = stamps(&made);
    // A text edit: the page is built again, its photo is not processed again.
    f.write(
        &format!("{BUNDLE}/index.md"),
        "---\ntitle: Ảnh khác\ndate: 2023-05-01\n---\n![Ảnh](anh.jpg)\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert_eq!(walk(&cache), made);
    assert_eq!(stamps(&made), before);
    // Another photo is: a new folder beside the first.
    f.write_bytes(
        &format!("{BUNDLE}/anh.jpg"),
        &photos::jpeg(&photos::scene(700, 500, 5), 70),
    );
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert_eq!(walk(&cache).len(), 10);
    let html = f.read(ITEM);
    assert!(html.contains("width=\"700\" height=\"500\""), "{html}");
}

#[test]
fn photos_in_static_keep_working_as_figures_and_are_stripped() {
    let f = Fixture::new();
    f.write_bytes(
        "static/anh/a.jpg",
        &photos::with_metadata(&photos::jpeg(&photos::scene(600, 400, 1), 70), 1),
    );
    f.write(
        "content/tin-tuc/2023-02-15-ky-ket.md",
        "---\ntitle: Ký kết\ndate: 2023-02-15\nimage: /anh/a.jpg\n---\n![Ảnh](/anh/a.jpg \"Tĩnh\")\n",
    );
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let html = f.read("tin-tuc/ky-ket/index.html");
    assert!(
        html.contains("srcset=\"/portal/anh/a-480w.webp 480w, /portal/anh/a-600w.webp 600w\""),
        "{html}"
    );
    for rel in ["anh/a.jpg", "anh/a-480w.jpg", "anh/a-600w.webp"] {
        assert_no_metadata(rel, &std::fs::read(f.out().join(rel)).unwrap());
    }
}

/// A document's note is in the site's language, also in a build after a
/// build that keeps its state.
#[test]
fn attachment_notes_are_in_the_site_language() {
    let f = bundle("![Ảnh](anh.jpg)\n\n[Kế hoạch](ke-hoach.pdf)");
    f.write_bytes(&format!("{BUNDLE}/ke-hoach.pdf"), &vec![b'%'; 3 * 1024 * 1024 / 2]);
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    assert!(f.read(ITEM).contains("<span class=\"file-info\">(PDF, 1,5 MB)</span>"));
    f.write("site.yaml", &common::SITE_YAML.replace("language: vi", "language: en"));
    let (ok, _, err) = f.build(&[]);
    assert!(ok, "{err}");
    let html = f.read(ITEM);
    assert!(
        html.contains("<span class=\"file-info\">(PDF, 1.5 MB)</span>"),
        "{html}"
    );
}
