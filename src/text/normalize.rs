//! Unicode normalisation: text typed on other systems arrives in NFD or with
//! legacy combining input, and "Huyền" must equal "Huyền" wherever it is compared,
//! hashed or used as a key.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// `s` in Unicode Normalisation Form C (composed).
pub fn nfc(s: &str) -> String {
    nfc_cow(s).into_owned()
}

/// `s` in NFC, borrowed when it already is: nearly all input is, so the common
/// case costs one scan and no allocation.
pub fn nfc_cow(s: &str) -> Cow<'_, str> {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        // `Maybe` needs the full algorithm to decide, which is what composing does anyway.
        IsNormalized::Maybe | IsNormalized::No => Cow::Owned(s.nfc().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_input_composes() {
        // "Huyền Tụng" decomposed: e + circumflex + grave, u + dot below.
        let nfd = "Huye\u{302}\u{300}n Tu\u{323}ng";
        assert_eq!(nfc(nfd), "Huyền Tụng");
        assert!(matches!(nfc_cow(nfd), Cow::Owned(_)));
    }

    #[test]
    fn legacy_mark_order_composes_the_same() {
        // Old input methods type the tone before the vowel mark; canonical
        // reordering makes both orders the same letter.
        let a = "o\u{302}\u{323}"; // circumflex, then dot below
        let b = "o\u{323}\u{302}"; // dot below, then circumflex
        assert_eq!(nfc(a), "ộ");
        assert_eq!(nfc(b), "ộ");
    }

    #[test]
    fn already_nfc_is_borrowed() {
        for s in ["", "ascii only", "Phường Huyền Tụng", "Xuất Hóa 97,5"] {
            assert!(matches!(nfc_cow(s), Cow::Borrowed(_)), "{s:?}");
            assert_eq!(nfc(s), s);
        }
    }

    #[test]
    fn stray_marks_survive() {
        // A combining mark with nothing to attach to is kept, not dropped.
        assert_eq!(nfc("\u{301}a"), "\u{301}a");
        assert_eq!(nfc("x\u{303}"), "x\u{303}");
    }
}
