//! Photo processing, measured: 100 drawn 12-megapixel JPEGs (4000 × 3000,
//! with noise so they compress like phone photos), processed as a build
//! does (every size and format, in parallel, into the cache), then again
//! with the cache warm; compared with what Zola does for one size (the
//! image crate's Lanczos3 `resize_exact`) and with AVIF encoding (ravif).
//!
//! Last, the peak memory of whole builds of a site with every photo in a
//! bundle of its own: cold (every photo processed) and warm (every copy
//! only published), which must not grow with the number of photos.
//!
//! `cargo run --release` in scripts/bench_images/ (`PHOTOS=20` for fewer).
//! Wall time and the process's CPU time (user + system) are printed: on a
//! loaded machine, CPU time per photo is the figure to quote.

#[path = "../../../tests/common/photos.rs"]
mod photos;

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

/// CPU seconds used by this process so far (Linux: /proc/self/stat).
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 (1-based), 12 and 13 after ')'.
    (ticks(11) + ticks(12)) / 100.0
}

struct Lap {
    wall: Instant,
    cpu: f64,
}

impl Lap {
    fn start() -> Lap {
        Lap { wall: Instant::now(), cpu: cpu() }
    }
    fn report(&self, what: &str, n: usize) {
        let wall = self.wall.elapsed().as_secs_f64();
        let cpu = cpu() - self.cpu;
        println!(
            "{what}: {wall:.2} s wall, {cpu:.2} s CPU; per photo {:.3} s wall, {:.3} s CPU",
            wall / n as f64,
            cpu / n as f64
        );
    }
}

/// A field of /proc/self/status, in MiB (`VmHWM` is the peak RSS).
fn status_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Builds `root` in a child process (this program again, with
/// `--build-only`), so that the peak RSS it prints is the build's alone.
fn build_memory(root: &Path, what: &str, n: usize) {
    let t = Lap::start();
    let exe = std::env::current_exe().expect("this program");
    let out = std::process::Command::new(exe)
        .arg("--build-only")
        .arg(root)
        .output()
        .expect("run the build");
    let wall = t.wall.elapsed().as_secs_f64();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    println!(
        "{what}: {wall:.2} s wall, per photo {:.3} s; {}",
        wall / n as f64,
        String::from_utf8_lossy(&out.stdout).trim()
    );
}

/// The child of [`build_memory`].
fn build_only(root: &Path) {
    let r = bangvang::build::build(&bangvang::build::BuildOptions::new(root));
    if !r.ok() {
        eprintln!("the build failed: {:?}", r.diags);
        std::process::exit(1);
    }
    println!("peak RSS {:.0} MiB", status_mib("VmHWM"));
}

/// A site with each photo in a bundle of its own, under `root`.
fn site_of(root: &Path, photos: &[PathBuf]) {
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("dir");
        std::fs::write(p, text).expect("write");
    };
    write("site.yaml", "title: Ảnh\nbase_url: https://example.vn/\nlanguage: vi\n");
    write("data/units.yaml", "units:\n  - {id: huyen-tung, name: Huyền Tụng, kind: phường}\n");
    write("data/clusters.yaml", "clusters:\n  - {id: xa-phuong, name: \"Cụm xã, phường\"}\n");
    write("content/tin-tuc/_index.md", "---\ntitle: Tin tức\n---\n");
    for (i, p) in photos.iter().enumerate() {
        let dir = format!("content/tin-tuc/2023-02-15-anh-{i:03}");
        write(
            &format!("{dir}/index.md"),
            &format!("---\ntitle: Ảnh {i}\ndate: 2023-02-15\nimage: anh.jpg\n---\n![Ảnh {i}](anh.jpg \"Chú thích\")\n"),
        );
        std::fs::copy(p, root.join(dir).join("anh.jpg")).expect("copy");
    }
}

fn photo(i: u32) -> Vec<u8> {
    let mut img = photos::scene(4000, 3000, i);
    let mut x = 0x9E37_79B9u32 ^ i;
    for p in img.pixels_mut() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let n = (x % 25) as i16 - 12;
        for c in p.0.iter_mut() {
            *c = (*c as i16 + n).clamp(0, 255) as u8;
        }
    }
    photos::with_metadata(&photos::jpeg(&img, 88), 1)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, root] = args.as_slice()
        && flag == "--build-only"
    {
        return build_only(Path::new(root));
    }
    let n: usize = std::env::var("PHOTOS").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path();
    let t = Lap::start();
    let files: Vec<PathBuf> = (0..n as u32)
        .into_par_iter()
        .map(|i| {
            let p = site.join(format!("anh-{i:03}.jpg"));
            std::fs::write(&p, photo(i)).expect("write");
            p
        })
        .collect();
    let bytes: u64 = files.iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len())).sum();
    println!(
        "{n} photos of 4000 × 3000, {:.1} MB on average, on {} threads",
        bytes as f64 / n as f64 / 1e6,
        rayon::current_num_threads()
    );
    t.report("drawing them (not counted)", n);

    let process = |p: &Path| {
        let name = p.file_name().and_then(|f| f.to_str()).unwrap_or("x.jpg");
        bangvang::images::picture(site, p, name, String::new(), name.to_owned()).expect("processed")
    };
    let t = Lap::start();
    files.par_iter().for_each(|p| {
        process(p);
    });
    t.report("bangvang cold (3 sizes × WebP + JPEG, into the cache)", n);
    let t = Lap::start();
    files.par_iter().for_each(|p| {
        process(p);
    });
    t.report("bangvang warm (hash + header only)", n);

    // Zola: image's decode, resize_exact (Lanczos3), JPEG encode, per size.
    let t = Lap::start();
    files.par_iter().for_each(|p| {
        let img = image::open(p).expect("decode");
        for w in [480u32, 960, 1600] {
            let h = w * 3 / 4;
            let small = img.resize_exact(w, h, image::imageops::FilterType::Lanczos3);
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82)
                .encode_image(&small.to_rgb8())
                .expect("encode");
        }
    });
    t.report("image resize_exact Lanczos3 (Zola's way; 3 sizes, JPEG only)", n);

    // AVIF: one 1600-pixel size of a few photos, at ravif's default speed.
    let few = n.min(10);
    let sized: Vec<image::RgbaImage> = files[..few]
        .iter()
        .map(|p| {
            image::open(p)
                .expect("decode")
                .resize_exact(1600, 1200, image::imageops::FilterType::Triangle)
                .to_rgba8()
        })
        .collect();
    for speed in [10u8, 6] {
        let t = Lap::start();
        sized.par_iter().for_each(|img| {
            let px: Vec<ravif::RGBA8> = img
                .pixels()
                .map(|p| ravif::RGBA8::new(p.0[0], p.0[1], p.0[2], p.0[3]))
                .collect();
            let img = ravif::Img::new(px.as_slice(), 1600, 1200);
            ravif::Encoder::new()
                .with_quality(70.0)
                .with_speed(speed)
                .with_num_threads(Some(1))
                .encode_rgba(img)
                .expect("avif");
        });
        t.report(&format!("AVIF encode of the 1600 size only (ravif speed {speed})"), few);
    }

    // Whole builds: every photo in a bundle, cold then warm.
    drop(sized);
    let built = tempfile::tempdir().expect("temp dir");
    site_of(built.path(), &files);
    build_memory(built.path(), &format!("build of {n} bundles, cold (every photo processed)"), n);
    std::fs::remove_dir_all(built.path().join("public")).expect("remove the output");
    let _ = std::fs::remove_file(built.path().join(".bangvang/state"));
    build_memory(built.path(), &format!("build of {n} bundles, photos cached, no output"), n);
}
