//! URL slugs: "Phường Huyền Tụng" → `phuong-huyen-tung`.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::normalize::nfc_cow;

/// A URL slug made only of `[a-z0-9-]`: tone and vowel marks stripped, đ → d,
/// lowercase, every run of other characters one `-`, no `-` at either end.
/// Other scripts are transliterated (北京 → `bei-jing`); symbols and emoji
/// separate words. May be empty (nothing sluggable): callers must check.
pub fn slugify(s: &str) -> String {
    let mut slug = Slug::default();
    // NFC first so a base letter and its marks arrive as one char either way.
    for c in nfc_cow(s).chars() {
        if c.is_ascii() {
            slug.push(c);
        } else if matches!(c, 'đ' | 'Đ') {
            // đ has no decomposition: its stroke is part of the letter.
            slug.push('d');
        } else if let Some(base) = latin_base(c) {
            slug.push(base);
        } else if is_combining_mark(c) {
            // A mark NFC could not compose (x̃): drop it without splitting the word.
        } else if c.is_alphanumeric() {
            match deunicode::deunicode_char(c) {
                Some(t) => t.chars().for_each(|t| slug.push(t)),
                None => slug.gap(),
            }
        } else {
            // Symbols and emoji: transliterating 🎉 to "tada" would put words in
            // the URL that the title never had.
            slug.gap();
        }
    }
    slug.out
}

/// The ASCII letter under a Latin letter with marks (ệ → e, Ư → U), via its
/// canonical decomposition, which is exactly "strip tone and vowel marks".
fn latin_base(c: char) -> Option<char> {
    let mut first = None;
    decompose_canonical(c, |d| {
        first.get_or_insert(d);
    });
    first.filter(|b| *b != c && b.is_ascii_alphabetic())
}

#[derive(Default)]
struct Slug {
    out: String,
    /// A separator is owed before the next letter or digit.
    pending_gap: bool,
}

impl Slug {
    fn push(&mut self, c: char) {
        if !c.is_ascii_alphanumeric() {
            return self.gap();
        }
        // Owed separators are only paid between words, so none lead or trail.
        if self.pending_gap && !self.out.is_empty() {
            self.out.push('-');
        }
        self.pending_gap = false;
        self.out.push(c.to_ascii_lowercase());
    }

    fn gap(&mut self) {
        self.pending_gap = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_examples() {
        assert_eq!(slugify("Phường Huyền Tụng"), "phuong-huyen-tung");
        assert_eq!(slugify("Sơ kết 6 tháng"), "so-ket-6-thang");
        assert_eq!(slugify("Cờ thi đua của UBND tỉnh"), "co-thi-dua-cua-ubnd-tinh");
        assert_eq!(slugify("ĐỨC XUÂN"), "duc-xuan");
        assert_eq!(slugify("Nông Thượng, Xuất Hóa"), "nong-thuong-xuat-hoa");
        assert_eq!(slugify("Ăn ưu ơn ấm"), "an-uu-on-am");
    }

    #[test]
    fn nfd_input_gives_the_same_slug() {
        assert_eq!(
            slugify("Phu\u{31b}o\u{31b}\u{300}ng Huye\u{302}\u{300}n Tu\u{323}ng"),
            "phuong-huyen-tung"
        );
    }

    #[test]
    fn separators_collapse_and_trim() {
        assert_eq!(slugify("../../x"), "x");
        assert_eq!(slugify(""), "");
        assert_eq!(slugify("---"), "");
        assert_eq!(slugify("  a -- b  "), "a-b");
        assert_eq!(
            slugify("Giao ước thi đua – khen thưởng (2023)"),
            "giao-uoc-thi-dua-khen-thuong-2023"
        );
        assert_eq!(slugify("a\u{0}b/c\\d"), "a-b-c-d");
    }

    #[test]
    fn stray_marks_do_not_split_words() {
        assert_eq!(slugify("x\u{303}y"), "xy");
        assert_eq!(slugify("\u{301}abc"), "abc");
    }

    #[test]
    fn other_scripts_are_transliterated() {
        assert_eq!(slugify("北京"), "bei-jing");
        assert_eq!(slugify("Москва"), "moskva");
        assert_eq!(slugify("Straße"), "strasse");
        assert_eq!(slugify("１２３"), "123");
    }

    #[test]
    fn symbols_separate_instead_of_becoming_words() {
        assert_eq!(slugify("Tin vui 🎉 hôm nay"), "tin-vui-hom-nay");
        assert_eq!(slugify("A © B € C"), "a-b-c");
        assert_eq!(slugify("🎉"), "");
    }

    #[test]
    fn output_alphabet_is_url_safe() {
        let nasty = "Ǆemal ﬁ ǅ ŉ ẞ \u{10ffff} \u{e000} \u{fffd} İ ı ǰ Å Ω ℃ ⅷ ½ ...";
        let s = slugify(nasty);
        assert!(
            s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{s}"
        );
        assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"), "{s}");
    }

    #[test]
    fn slugs_are_idempotent() {
        for s in ["Phường Huyền Tụng", "../../x", "北京 2023", "a--b"] {
            assert_eq!(slugify(&slugify(s)), slugify(s), "{s:?}");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_text_gives_a_clean_slug(s in any::<String>()) {
                let slug = slugify(&s);
                prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
                prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
                prop_assert_eq!(slugify(&slug), slug.clone());
            }
        }
    }
}
