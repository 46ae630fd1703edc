//! Reading author files: the one place that turns bytes into the text the rest of
//! the program sees. Byte-order marks go, CRLF becomes LF, text becomes NFC, and
//! anything that is not text (invalid UTF-8, NUL bytes, huge files) is refused
//! with a diagnostic instead of being half-read.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Location, locate};
use crate::text;

/// Larger author files are refused: no site needs them, and reading one must not
/// exhaust memory.
pub const MAX_TEXT_FILE: u64 = 16 * 1024 * 1024;

/// Reads `path` (shown to the author as `display`) as site text.
pub fn read_text(path: &Path, display: &str) -> Result<Arc<str>, Diagnostic> {
    let file =
        fs::File::open(path).map_err(|e| Diagnostic::error(display, None, format!("cannot read the file: {e}")))?;
    let mut bytes = Vec::new();
    // Reading one byte past the limit tells a too-large file without trusting metadata.
    file.take(MAX_TEXT_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::error(display, None, format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > MAX_TEXT_FILE {
        return Err(Diagnostic::error(
            display,
            None,
            format!("the file is larger than {} MiB", MAX_TEXT_FILE / 1024 / 1024),
        )
        .with_hint("split it into smaller files; site sources are text"));
    }
    decode(&bytes, display)
}

/// A hash of a source file's path and normalised text: what a page or a
/// season made from it is a function of (watch mode compares these).
pub fn key(display: &str, text: &str) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(display.as_bytes());
    h.update(&[0]);
    h.update(text.as_bytes());
    h.digest()
}

/// Turns bytes into normalised text (see the module comment).
pub fn decode(bytes: &[u8], display: &str) -> Result<Arc<str>, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let s = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let valid = e.valid_up_to();
            // The prefix is valid UTF-8, so it can be used to say where the bad byte is.
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            let l = locate(prefix, valid, valid);
            return Err(Diagnostic::error(
                display,
                None,
                format!(
                    "the file is not UTF-8 text (invalid byte at line {}, column {})",
                    l.line, l.col
                ),
            )
            .with_hint("save the file as UTF-8 (in Notepad or Word: Save As → Encoding: UTF-8)"));
        }
    };
    if let Some(pos) = s.find('\0') {
        let l = locate(s, pos, pos);
        return Err(Diagnostic::error(
            display,
            Some(Location { end: pos, ..l }),
            "the file contains a NUL byte; it looks like a binary file, not text",
        )
        .with_hint("put binary files such as images and documents in static/"));
    }
    // CR is a line end here, turned into LF below.
    if let Some((pos, c)) = s.char_indices().find(|&(_, c)| c != '\r' && text::is_refused(c)) {
        let what = text::code_point(c);
        return Err(Diagnostic::error(
            display,
            Some(locate(s, pos, pos + c.len_utf8())),
            format!("the file contains the control character {what}, which is not text"),
        )
        .with_hint(
            "remove it (it often comes with text pasted from another program): pages and feeds cannot carry it",
        ));
    }
    let lf = if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_owned()
    };
    Ok(Arc::from(text::nfc(&lf)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf_and_normalises() {
        let nfd = "Huye\u{0302}\u{0300}n";
        let bytes = format!("\u{FEFF}a\r\nb\r\n{nfd}");
        let t = decode(bytes.as_bytes(), "x").unwrap();
        assert_eq!(&*t, "a\nb\nHuyền");
    }

    #[test]
    fn refuses_invalid_utf8_with_position() {
        let e = decode(b"ok\nab\xff", "x.md").unwrap_err();
        assert!(e.message.contains("line 2, column 3"), "{}", e.message);
    }

    #[test]
    fn refuses_control_characters_with_position() {
        for (bytes, col) in [
            (&b"ab\x1bc"[..], 3),
            (b"a\x7f", 2),
            ("x\u{85}".as_bytes(), 2),
            (b"\x0c", 1),
        ] {
            let e = decode(bytes, "x.md").unwrap_err();
            assert!(e.message.contains("control character"), "{}", e.message);
            assert_eq!(e.loc.map(|l| (l.line, l.col)), Some((1, col)), "{bytes:?}");
        }
        assert!(decode(b"a\tb\r\nc", "x.md").is_ok());
    }

    #[test]
    fn refuses_nul() {
        let e = decode(b"a\0b", "x.md").unwrap_err();
        assert!(e.message.contains("NUL"));
        assert_eq!(e.loc.map(|l| l.col), Some(2));
    }
}
