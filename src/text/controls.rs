//! Characters that are not text: control characters (C0 except tab and line
//! feed, DEL, C1) and the noncharacters U+FFFE and U+FFFF. None of them may
//! appear in XML (feeds, sitemaps) or belong in a page, so every way they can
//! arrive (raw bytes, YAML escapes) is refused at the place they are written.

/// Whether `c` is refused in author text.
pub fn is_refused(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// How to name a refused character in a message: `U+001B`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_refused_text_is_not() {
        for c in [
            '\0', '\x07', '\x1b', '\r', '\x7f', '\u{80}', '\u{85}', '\u{9f}', '\u{FFFE}', '\u{FFFF}',
        ] {
            assert!(is_refused(c), "{}", code_point(c));
        }
        for c in ['\t', '\n', ' ', 'a', 'ề', '\u{A0}', '\u{2028}', '\u{FFFD}'] {
            assert!(!is_refused(c), "{}", code_point(c));
        }
        assert_eq!(code_point('\x1b'), "U+001B");
    }
}
