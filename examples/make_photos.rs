//! Makes the sample site's photos: drawn, never downloaded. Run from the
//! repository root with `cargo run --example make_photos`; the files are
//! committed, so this is only needed to change them.
//!
//! The covenant-signing item's photos carry what a phone writes (EXIF with
//! a made-up GPS position, XMP, IPTC), and one is stored sideways with EXIF
//! orientation 6, so the published site shows that bangvang applies the
//! orientation and strips the metadata.

#[path = "../tests/common/photos.rs"]
mod photos;

use std::path::Path;

fn main() -> std::io::Result<()> {
    let bundle = Path::new("content/tin-tuc/2023-02-15-ky-ket-giao-uoc-thi-dua-2023");
    let write = |path: &Path, bytes: Vec<u8>| -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        println!("{} ({} KB)", path.display(), bytes.len().div_ceil(1024));
        std::fs::write(path, bytes)
    };
    // The signing, landscape, with GPS.
    let signing = photos::jpeg(&photos::scene(1800, 1200, 1), 70);
    write(&bundle.join("ky-ket.jpg"), photos::with_metadata(&signing, 1))?;
    // The cluster leader holding the covenant, taken upright: stored sideways.
    write(&bundle.join("cum-truong.jpg"), photos::sideways(900, 1200, 2, 70))?;
    // A photo in static/, for the 2023 review item's card.
    let review = photos::jpeg(&photos::scene(1200, 800, 4), 70);
    write(
        Path::new("static/anh/tong-ket-2023.jpg"),
        photos::with_metadata(&review, 1),
    )?;
    Ok(())
}
