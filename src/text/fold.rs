//! Search folding: "huyen tung" must find "Huyền Tụng".

use unicode_normalization::UnicodeNormalization;

/// `s` folded for matching without marks: lowercase, marks removed, đ → d,
/// whitespace runs → one space, trimmed. NFC and NFD input fold alike.
///
/// The steps and their order mirror `fold()` in the default theme's
/// `search.js` (NFD, drop U+0300–U+036F, đ/Đ → d, lowercase, collapse
/// whitespace): the index is folded here and the query in the browser, and a
/// query only matches if both sides fold identically.
pub fn fold(s: &str) -> String {
    let unmarked: String = s
        .nfd()
        .filter(|c| !is_diacritic(*c))
        .map(|c| if matches!(c, 'đ' | 'Đ') { 'd' } else { c })
        .collect();
    // Whole-string lowercasing so context rules (Greek final sigma) match the browser's.
    let lower = unmarked.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for word in lower.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The Combining Diacritical Marks block: every Vietnamese tone and vowel mark
/// is in it, and it is exactly what the browser side strips.
fn is_diacritic(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// JavaScript's `\s`: Unicode White_Space plus the BOM (which office files
/// leave at the start of text), so both sides split words at the same places.
fn is_space(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_case_and_d_fold_away() {
        assert_eq!(fold("Huyền Tụng"), "huyen tung");
        assert_eq!(fold("huyen tung"), "huyen tung");
        assert_eq!(fold("ĐỨC XUÂN"), "duc xuan");
        assert_eq!(fold("Nông Thượng"), "nong thuong");
        assert_eq!(fold("Ơn ưu ăn"), "on uu an");
    }

    #[test]
    fn nfd_input_folds_like_nfc() {
        assert_eq!(fold("Huye\u{302}\u{300}n Tu\u{323}ng"), fold("Huyền Tụng"));
        assert_eq!(fold("Du\u{31b}o\u{31b}\u{300}ng"), "duong"); // horns typed as marks
    }

    #[test]
    fn whitespace_collapses_and_trims() {
        assert_eq!(fold("  Sông\t\tCầu \r\n phường  "), "song cau phuong");
        assert_eq!(fold("\u{feff}Xuất\u{a0}Hóa"), "xuat hoa");
        assert_eq!(fold(" \n\t "), "");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn punctuation_and_digits_are_kept() {
        assert_eq!(fold("Sơ kết 6 tháng, năm 2023!"), "so ket 6 thang, nam 2023!");
        assert_eq!(fold("97,5 điểm"), "97,5 diem");
    }

    #[test]
    fn other_scripts_pass_through_lowercased() {
        assert_eq!(fold("ΣΟΦΊΑ"), "σοφια"); // final sigma is contextual
        assert_eq!(fold("北京"), "北京");
    }

    #[test]
    fn folding_is_idempotent() {
        for s in ["Phường Huyền Tụng", "  A  b ", "ĐĂNG KÝ", "İstanbul"] {
            assert_eq!(fold(&fold(s)), fold(s), "{s:?}");
        }
    }
}
