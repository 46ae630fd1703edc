//! What a build remembers for the next one: a hash of every input, the
//! context the fingerprints were made under, and for every output file its
//! fingerprint, hash, size and modification time. It is only a cache: a
//! state that is missing, unreadable, truncated, of another format or made
//! by another binary is ignored (a full build, with a one-line notice), and
//! an output file whose size or time differs from what the state records is
//! treated as unknown (compared and rewritten), so editing or deleting
//! output files behind bangvang's back is undone by the next build.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Location};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

/// File name of the state in the cache folder.
pub const FILE: &str = "state";
const MAGIC: &[u8; 8] = b"bvstate\n";
/// Bumped whenever the layout below changes.
const FORMAT: u32 = 2;

/// What the output folder held after a build, and what it was made from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// Hash of the binary that wrote it: another build of bangvang may
    /// render the same inputs differently.
    pub exe: u64,
    /// Hash of the build options (drafts, base URL, output folder).
    pub options: u64,
    /// Hash of every input file, path and bytes ([`inputs_hash`]).
    pub inputs: u64,
    /// Hash of what fingerprints leave out (config, data shape, theme):
    /// fingerprints of two builds compare only when these are equal.
    pub context: u64,
    /// The warnings that build reported, to be repeated when nothing
    /// changed, with the texts of the files they point into.
    pub warnings: Vec<Diagnostic>,
    pub texts: BTreeMap<String, String>,
    /// Every file the build left in the output folder.
    pub files: BTreeMap<String, OnDisk>,
}

/// One output file as the build left it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OnDisk {
    /// Its fingerprint (`None` for static files and files made without one).
    pub fp: Option<u64>,
    /// xxh3 of its bytes.
    pub hash: u64,
    pub stamp: Stamp,
    /// Stamped within [`RACY`] of its last write: an edit right after could
    /// keep its size and time (file times move in clock ticks), so the next
    /// build compares its bytes instead of trusting the stamp (as git does).
    pub racy: bool,
}

/// How close to its stamping a file's time makes it [`OnDisk::racy`]:
/// several ticks of the coarsest clock file systems stamp with.
const RACY: std::time::Duration = std::time::Duration::from_millis(100);

/// Size and modification time: what tells a file changed without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub secs: i64,
    pub nanos: u32,
}

impl Stamp {
    /// A time as (seconds, nanoseconds) from the Unix epoch; before it, the
    /// seconds are negative.
    fn time_of(t: std::time::SystemTime) -> Option<(i64, u32)> {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => Some((i64::try_from(d.as_secs()).ok()?, d.subsec_nanos())),
            Err(e) => Some((
                -i64::try_from(e.duration().as_secs()).ok()?,
                e.duration().subsec_nanos(),
            )),
        }
    }

    /// The stamp of a regular file (links are not followed: the output
    /// holds none, so one is a change).
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let (secs, nanos) = Stamp::time_of(meta.modified().ok()?)?;
        Some(Stamp {
            size: meta.len(),
            secs,
            nanos,
        })
    }
}

/// Why a state was not used.
#[derive(Debug, PartialEq, Eq)]
pub enum Unusable {
    /// None saved yet.
    Missing,
    /// Present but not usable; the reason, for the notice.
    Bad(String),
}

/// Reads the state saved in `dir`.
pub fn load(dir: &Path) -> Result<State, Unusable> {
    let path = dir.join(FILE);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Unusable::Missing),
        Err(e) => return Err(Unusable::Bad(format!("cannot read it: {e}"))),
    };
    decode(&bytes).map_err(|why| Unusable::Bad(why.to_owned()))
}

/// Saves `state` in `dir` (made if missing), replacing the old one whole:
/// written beside it and renamed, so a killed build leaves the old state or
/// the new one, never half of one.
pub fn save(dir: &Path, state: &State) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!("{FILE}.tmp"));
    fs::write(&tmp, encode(state))?;
    fs::rename(&tmp, dir.join(FILE))
}

fn encode(s: &State) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + s.files.len() * 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    for n in [s.exe, s.options, s.inputs, s.context] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    let str = |out: &mut Vec<u8>, t: &str| {
        out.extend_from_slice(&(t.len() as u64).to_le_bytes());
        out.extend_from_slice(t.as_bytes());
    };
    out.extend_from_slice(&(s.warnings.len() as u64).to_le_bytes());
    for w in &s.warnings {
        str(&mut out, &w.file);
        out.push(u8::from(w.loc.is_some()));
        let l = w.loc.unwrap_or_default();
        for n in [l.line, l.col, l.start, l.end] {
            out.extend_from_slice(&(n as u64).to_le_bytes());
        }
        str(&mut out, &w.message);
        out.push(u8::from(w.hint.is_some()));
        str(&mut out, w.hint.as_deref().unwrap_or(""));
    }
    out.extend_from_slice(&(s.texts.len() as u64).to_le_bytes());
    for (file, text) in &s.texts {
        str(&mut out, file);
        str(&mut out, text);
    }
    out.extend_from_slice(&(s.files.len() as u64).to_le_bytes());
    for (rel, f) in &s.files {
        out.extend_from_slice(&(rel.len() as u32).to_le_bytes());
        out.extend_from_slice(rel.as_bytes());
        out.push(u8::from(f.fp.is_some()));
        out.extend_from_slice(&f.fp.unwrap_or(0).to_le_bytes());
        out.extend_from_slice(&f.hash.to_le_bytes());
        out.extend_from_slice(&f.stamp.size.to_le_bytes());
        out.extend_from_slice(&f.stamp.secs.to_le_bytes());
        out.extend_from_slice(&f.stamp.nanos.to_le_bytes());
        out.push(u8::from(f.racy));
    }
    let sum = xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Reads what [`encode`] wrote; any other bytes are refused, never trusted.
fn decode(bytes: &[u8]) -> Result<State, &'static str> {
    let body_len = bytes.len().checked_sub(8).ok_or("it is truncated")?;
    let (body, sum) = bytes.split_at(body_len);
    if !body.starts_with(MAGIC) {
        return Err("it is not a bangvang state file");
    }
    let mut r = Reader(&body[MAGIC.len()..]);
    if r.u32()? != FORMAT {
        return Err("it was written by another version of bangvang");
    }
    if u64::from_le_bytes(sum.try_into().map_err(|_| "it is truncated")?) != xxh3_64(body) {
        return Err("it is damaged or truncated");
    }
    let mut s = State {
        exe: r.u64()?,
        options: r.u64()?,
        inputs: r.u64()?,
        context: r.u64()?,
        warnings: Vec::new(),
        texts: BTreeMap::new(),
        files: BTreeMap::new(),
    };
    for _ in 0..r.u64()? {
        let file = r.str()?;
        let has_loc = r.u8()? == 1;
        let mut n = [0usize; 4];
        for v in &mut n {
            *v = usize::try_from(r.u64()?).map_err(|_| "it is damaged")?;
        }
        let message = r.str()?;
        let has_hint = r.u8()? == 1;
        let hint = r.str()?;
        let loc = has_loc.then_some(Location {
            line: n[0],
            col: n[1],
            start: n[2],
            end: n[3],
        });
        let d = Diagnostic::warning(file, loc, message);
        s.warnings.push(if has_hint { d.with_hint(hint) } else { d });
    }
    for _ in 0..r.u64()? {
        let file = r.str()?;
        let text = r.str()?;
        s.texts.insert(file, text);
    }
    let n = r.u64()?;
    for _ in 0..n {
        let len = r.u32()? as usize;
        let rel = std::str::from_utf8(r.take(len)?)
            .map_err(|_| "it is damaged")?
            .to_owned();
        let has_fp = r.u8()? == 1;
        let fp = r.u64()?;
        let f = OnDisk {
            fp: has_fp.then_some(fp),
            hash: r.u64()?,
            stamp: Stamp {
                size: r.u64()?,
                secs: r.u64()? as i64,
                nanos: r.u32()?,
            },
            racy: r.u8()? == 1,
        };
        s.files.insert(rel, f);
    }
    if !r.0.is_empty() {
        return Err("it is damaged");
    }
    Ok(s)
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], &'static str> {
        if self.0.len() < n {
            return Err("it is truncated");
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn str(&mut self) -> Result<String, &'static str> {
        let len = usize::try_from(self.u64()?).map_err(|_| "it is damaged")?;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| "it is damaged")
    }
    fn u8(&mut self) -> Result<u8, &'static str> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, &'static str> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().map_err(|_| "it is truncated")?,
        ))
    }
    fn u64(&mut self) -> Result<u64, &'static str> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().map_err(|_| "it is truncated")?,
        ))
    }
}

/// The folders a build reads beside the site's top-level files.
const SOURCE_DIRS: [&str; 5] = ["content", "data", "static", "templates", "themes"];

/// A hash of every file a build may read: the site's top-level files and
/// everything under its source folders, by path and bytes. It covers more
/// than a build reads (hidden files, any top-level file), which only ever
/// costs a needless build, never a missed change. Links are skipped: the
/// loaders skip them too.
pub fn inputs_hash(root: &Path) -> u64 {
    files_hash(root, &SOURCE_DIRS, &[])
}

/// A hash, by path and bytes, of the site's top-level files and every file
/// under its folders `dirs` but those under `skip` (both relative to
/// `root`), read in parallel.
pub fn files_hash(root: &Path, dirs: &[&str], skip: &[&str]) -> u64 {
    let skip: Vec<std::path::PathBuf> = skip.iter().map(|s| root.join(s)).collect();
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    if let Ok(entries) = fs::read_dir(root) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_file()) {
                files.push(e.path());
            }
        }
    }
    for dir in dirs {
        let walk = walkdir::WalkDir::new(root.join(dir)).follow_links(false).into_iter();
        for e in walk.filter_entry(|e| !skip.iter().any(|s| e.path() == s)).flatten() {
            if e.file_type().is_file() {
                files.push(e.into_path());
            }
        }
    }
    files.sort_unstable();
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|p| fs::read(p).map_or(0, |b| xxh3_64(&b)))
        .collect();
    let mut h = Xxh3::new();
    for (path, hash) in files.iter().zip(hashes) {
        h.update(path.as_os_str().as_encoded_bytes());
        h.update(&[0]);
        h.update(&hash.to_le_bytes());
    }
    h.digest()
}

/// Tells builds of bangvang apart: its version, and the running binary's
/// path, size and time (a rebuilt binary of one version may render
/// differently; reading the binary itself would cost more than a build
/// that has nothing to do).
pub fn exe_hash() -> u64 {
    let mut h = Xxh3::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Ok(exe) = std::env::current_exe() {
        h.update(exe.as_os_str().as_encoded_bytes());
        if let Some(s) = Stamp::of(&exe) {
            h.update(&s.size.to_le_bytes());
            h.update(&s.secs.to_le_bytes());
            h.update(&s.nanos.to_le_bytes());
        }
    }
    h.digest()
}

/// The files of `state` that are still in `out_dir` as it left them, by
/// their stamps; the rest are changed, gone or replaced (unknown).
pub fn intact<'s>(out_dir: &Path, state: &'s State) -> Vec<(&'s String, &'s OnDisk)> {
    let files: Vec<(&String, &OnDisk)> = state.files.iter().collect();
    files
        .into_par_iter()
        .filter(|(rel, f)| {
            let path = out_dir.join(rel);
            Stamp::of(&path) == Some(f.stamp) && (!f.racy || fs::read(&path).is_ok_and(|b| xxh3_64(&b) == f.hash))
        })
        .collect()
}

/// The state of `out_dir` after a build: each file with its fingerprint
/// and hash (from `hashes`), and its stamp: the one given (a file the
/// build did not write, found intact when it began: no second stat), else
/// read now. A file without a hash or a stamp is left out: the next build
/// compares it.
pub fn record<'a>(
    out_dir: &Path,
    files: impl Iterator<Item = (&'a str, Option<u64>, Option<Stamp>)>,
    hashes: &std::collections::HashMap<String, u64>,
) -> BTreeMap<String, OnDisk> {
    let files: Vec<(&str, Option<u64>, Option<Stamp>)> = files.collect();
    let now = std::time::SystemTime::now();
    let racy_after = now.checked_sub(RACY).and_then(Stamp::time_of).unwrap_or((i64::MAX, 0));
    files
        .into_par_iter()
        .filter_map(|(rel, fp, known)| {
            let hash = *hashes.get(rel)?;
            let stamp = known.or_else(|| Stamp::of(&out_dir.join(rel)))?;
            let racy = (stamp.secs, stamp.nanos) >= racy_after;
            Some((rel.to_owned(), OnDisk { fp, hash, stamp, racy }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> State {
        let mut files = BTreeMap::new();
        files.insert(
            "tin-tuc/index.html".to_owned(),
            OnDisk {
                fp: Some(7),
                hash: 9,
                stamp: Stamp {
                    size: 12,
                    secs: 1_700_000_000,
                    nanos: 5,
                },
                racy: true,
            },
        );
        files.insert(
            "style.css".to_owned(),
            OnDisk {
                fp: None,
                hash: 3,
                stamp: Stamp {
                    size: 1,
                    secs: -4,
                    nanos: 0,
                },
                racy: false,
            },
        );
        State {
            exe: 1,
            options: 2,
            inputs: 3,
            context: 4,
            warnings: vec![
                Diagnostic::warning(
                    "data/scoring/2023/x.yaml",
                    Some(Location {
                        line: 2,
                        col: 3,
                        start: 4,
                        end: 5,
                    }),
                    "bonus cut",
                )
                .with_hint("the cap"),
                Diagnostic::warning("site.yaml", None, "ờ"),
            ],
            texts: [("data/scoring/2023/x.yaml".to_owned(), "a: 1\nbc: 2\n".to_owned())].into(),
            files,
        }
    }

    #[test]
    fn a_saved_state_reads_back_as_it_was() {
        let s = sample();
        assert_eq!(decode(&encode(&s)), Ok(s));
    }

    #[test]
    fn truncated_damaged_or_foreign_states_are_refused() {
        let bytes = encode(&sample());
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_err(), "truncated to {n} bytes");
        }
        for i in [0, 9, 20, bytes.len() / 2, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[i] ^= 0x40;
            assert!(decode(&bad).is_err(), "byte {i} flipped");
        }
        let mut other = bytes.clone();
        other[MAGIC.len()] = 99;
        assert_eq!(decode(&other), Err("it was written by another version of bangvang"));
    }

    #[test]
    fn missing_and_bad_state_files_say_which() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), Err(Unusable::Missing));
        fs::write(dir.path().join(FILE), b"not a state").unwrap();
        assert!(matches!(load(dir.path()), Err(Unusable::Bad(_))));
        save(dir.path(), &sample()).unwrap();
        assert_eq!(load(dir.path()), Ok(sample()));
    }

    #[test]
    fn files_changed_behind_the_state_are_not_intact() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        for name in ["a.html", "b.html", "c.html"] {
            fs::write(out.join(name), name).unwrap();
        }
        let hashes = ["a.html", "b.html", "c.html"]
            .iter()
            .map(|n| ((*n).to_owned(), xxh3_64(n.as_bytes())))
            .collect();
        let names: Vec<String> = ["a.html", "b.html", "c.html"].iter().map(|s| (*s).to_owned()).collect();
        let state = State {
            files: record(out, names.iter().map(|n| (n.as_str(), Some(1), None)), &hashes),
            ..State::default()
        };
        assert_eq!(state.files.len(), 3);
        fs::write(out.join("a.html"), "a longer text").unwrap();
        fs::remove_file(out.join("b.html")).unwrap();
        let left: Vec<&str> = intact(out, &state).iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(left, ["c.html"]);
    }

    #[test]
    fn a_file_just_written_and_edited_keeping_its_size_and_time_is_not_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.html");
        fs::write(&path, "abc").unwrap();
        let hashes = [("a.html".to_owned(), xxh3_64(b"abc"))].into();
        let state = State {
            files: record(dir.path(), [("a.html", Some(1), None)].into_iter(), &hashes),
            ..State::default()
        };
        assert!(state.files["a.html"].racy, "stamped right after its write");
        assert_eq!(intact(dir.path(), &state).len(), 1, "unchanged");
        let time = fs::metadata(&path).unwrap().modified().unwrap();
        fs::write(&path, "xyz").unwrap();
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(time)
            .unwrap();
        assert_eq!(
            Stamp::of(&path),
            Some(state.files["a.html"].stamp),
            "size and time as recorded"
        );
        assert!(intact(dir.path(), &state).is_empty(), "its bytes tell");
    }
}
