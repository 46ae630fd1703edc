//! Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r
//! s t u ư v x y, tones a secondary difference, case a tertiary one.

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::normalize::nfc_cow;

/// The collation key of a string: comparing keys is the same as [`vi_cmp`],
/// so a list can be sorted with `sort_by_cached_key(|s| sort_key(s))`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortKey {
    // Field order is the comparison order (derived `Ord` is lexicographic).
    /// One weight per letter, digit run, space run or other character.
    primary: Vec<u32>,
    /// The tone of each primary element; only reached when primaries are
    /// equal, so both vectors then have the same length and compare position by position.
    secondary: Vec<u8>,
    /// 1 for an uppercase element, 0 otherwise.
    tertiary: Vec<u8>,
    /// The NFC text: makes the order total, so sorting is deterministic.
    text: String,
}

/// Compares two strings in Vietnamese alphabetical order.
///
/// Primary: letters in the Vietnamese alphabet (f, j, w, z where Latin puts
/// them), case-insensitive; whitespace before punctuation before digits
/// before letters, then other scripts by code point; a run of digits compares
/// by its value, so "Tổ 9" comes before "Tổ 10". Secondary: tones position by
/// position, none < huyền < hỏi < ngã < sắc < nặng. Tertiary: lowercase before
/// uppercase. Last: the NFC strings themselves, so only canonically
/// equivalent strings compare `Equal`.
pub fn vi_cmp(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    sort_key(a).cmp(&sort_key(b))
}

/// The key that orders `s` as [`vi_cmp`] does.
pub fn sort_key(s: &str) -> SortKey {
    let text = nfc_cow(s).into_owned();
    let mut key = SortKey {
        primary: Vec::new(),
        secondary: Vec::new(),
        tertiary: Vec::new(),
        text: String::new(),
    };
    let mut digits = String::new();
    let mut space = false;
    // Leading and trailing blanks are typing accidents, not part of the name.
    let mut chars = text.trim().nfd().peekable();
    while let Some(c) = chars.next() {
        // A letter's marks follow it in NFD; collect them with it.
        let mut marks = Marks::default();
        while let Some(&m) = chars.peek() {
            if !is_combining_mark(m) {
                break;
            }
            marks.add(m);
            chars.next();
        }
        if c.is_whitespace() {
            key.flush_digits(&mut digits);
            space = true;
            continue;
        }
        if space {
            // One weight per run of blanks, so "a  b" and "a b" differ only at the tie-break.
            key.push(SPACE, 0, false);
            space = false;
        }
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        key.flush_digits(&mut digits);
        if is_combining_mark(c) {
            // A mark with no letter before it: ignorable, left to the tie-break.
            continue;
        }
        let lower = lowercase(c);
        let upper = lower != c;
        let weight = match letter_rank(lower, &marks) {
            Some(rank) => LETTERS + rank,
            None if lower.is_alphanumeric() => OTHERS + u32::from(lower),
            None => PUNCTUATION + u32::from(lower),
        };
        key.push(weight, marks.tone, upper);
    }
    key.flush_digits(&mut digits);
    key.text = text;
    key
}

// Weight ranges, low to high. Code points end at 0x10FFFF, so each range
// that adds one fits below the next.
const SPACE: u32 = 1;
const PUNCTUATION: u32 = 0x10;
const DIGITS: u32 = 0x20_0000;
const LETTERS: u32 = 0x30_0000;
const OTHERS: u32 = 0x40_0000;

impl SortKey {
    fn push(&mut self, primary: u32, tone: u8, upper: bool) {
        self.primary.push(primary);
        self.secondary.push(tone);
        self.tertiary.push(u8::from(upper));
    }

    /// Emits a run of digits as its length then its digits: a longer number
    /// (leading zeros aside) is a larger one, and equal lengths compare digit
    /// by digit. Leading zeros only matter at the tie-break ("01" vs "1").
    fn flush_digits(&mut self, digits: &mut String) {
        if digits.is_empty() {
            return;
        }
        let significant = digits.trim_start_matches('0');
        let len = u32::try_from(significant.len()).unwrap_or(u32::MAX).min(0xFFFF);
        self.push(DIGITS + len, 0, false);
        for d in significant.chars() {
            self.push(DIGITS + d.to_digit(10).unwrap_or(0), 0, false);
        }
        digits.clear();
    }
}

/// The marks on one letter that Vietnamese orders by.
#[derive(Default)]
struct Marks {
    breve: bool,
    circumflex: bool,
    horn: bool,
    /// 0 none, 1 huyền, 2 hỏi, 3 ngã, 4 sắc, 5 nặng; the first tone wins if
    /// (malformed) text carries two.
    tone: u8,
}

impl Marks {
    fn add(&mut self, m: char) {
        let tone = match m {
            '\u{306}' => return self.breve = true,
            '\u{302}' => return self.circumflex = true,
            '\u{31b}' => return self.horn = true,
            '\u{300}' => 1, // huyền
            '\u{309}' => 2, // hỏi
            '\u{303}' => 3, // ngã
            '\u{301}' => 4, // sắc
            '\u{323}' => 5, // nặng
            // Marks foreign to Vietnamese (ü, ç) only matter at the tie-break.
            _ => return,
        };
        if self.tone == 0 {
            self.tone = tone;
        }
    }
}

/// The Vietnamese alphabet, with the Latin letters it lacks where Latin puts them.
const ALPHABET: [&str; 33] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q",
    "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
];

/// The heading a name is listed under in an A–Z index: its first letter as a
/// letter of the Vietnamese alphabet, uppercase, without its tone but with
/// the marks that make it a letter of its own ("Ấp Bắc" → "Â", "Ủy" → "U",
/// "Ước" → "Ư", "Đức" → "Đ"). A letter of another script is its uppercase
/// without marks; a name that starts with anything else (a digit, a sign)
/// is under "#". Names sorted by [`vi_cmp`] come grouped by this heading,
/// "#" first.
pub fn initial(name: &str) -> String {
    let text = nfc_cow(name);
    let mut chars = text.trim().nfd().skip_while(|c| is_combining_mark(*c)).peekable();
    let Some(c) = chars.next() else {
        return "#".to_owned();
    };
    let mut marks = Marks::default();
    while let Some(m) = chars.next_if(|m| is_combining_mark(*m)) {
        marks.add(m);
    }
    let lower = lowercase(c);
    let letter = match letter_rank(lower, &marks) {
        Some(rank) => ALPHABET
            .get(rank as usize)
            .and_then(|l| l.chars().next())
            .unwrap_or(lower),
        None if lower.is_alphabetic() => lower,
        None => return "#".to_owned(),
    };
    letter.to_uppercase().collect()
}

/// Position in a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z.
fn letter_rank(lower: char, marks: &Marks) -> Option<u32> {
    let letter = match (lower, marks) {
        ('a', Marks { breve: true, .. }) => "ă",
        ('a', Marks { circumflex: true, .. }) => "â",
        ('e', Marks { circumflex: true, .. }) => "ê",
        ('o', Marks { circumflex: true, .. }) => "ô",
        ('o', Marks { horn: true, .. }) => "ơ",
        ('u', Marks { horn: true, .. }) => "ư",
        ('đ', _) => "đ",
        // A plain letter is listed before its variants, so the first match is it.
        (c, _) if c.is_ascii_lowercase() => return ALPHABET.iter().position(|l| l.starts_with(c)).map(rank),
        _ => return None,
    };
    ALPHABET.iter().position(|l| *l == letter).map(rank)
}

fn rank(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Single-char lowercase; letters whose lowercase is several chars (İ) keep
/// their own code point rather than being split.
fn lowercase(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| vi_cmp(a, b));
        v
    }

    #[test]
    fn d_comes_before_d_with_stroke() {
        assert_eq!(vi_cmp("Dương Quang", "Đức Xuân"), Ordering::Less);
        assert_eq!(vi_cmp("Đa", "Dz"), Ordering::Greater); // đ after every d-word
        assert_eq!(vi_cmp("đ", "e"), Ordering::Less);
    }

    #[test]
    fn o_variants_are_distinct_letters() {
        assert_eq!(sorted(&["Ơn", "Ông", "Ong"]), ["Ong", "Ông", "Ơn"]);
        assert_eq!(sorted(&["ư", "v", "u", "uz"]), ["u", "uz", "ư", "v"]);
        assert_eq!(sorted(&["â", "b", "ă", "az"]), ["az", "ă", "â", "b"]);
    }

    #[test]
    fn tones_are_only_a_secondary_difference() {
        // ệ sorts after ề, but "Huyện" still precedes "Huyền Tụng": letters first.
        assert_eq!(
            sorted(&["Huyền Tụng", "Huyện", "Huyền"]),
            ["Huyền", "Huyện", "Huyền Tụng"]
        );
        assert_eq!(sorted(&["ạ", "á", "ã", "ả", "à", "a"]), ["a", "à", "ả", "ã", "á", "ạ"]);
        // Position by position: the first differing tone decides.
        assert_eq!(vi_cmp("Hoà", "Hòa"), Ordering::Less);
    }

    #[test]
    fn case_is_tertiary() {
        assert_eq!(sorted(&["Ba", "ba", "bà", "BA"]), ["ba", "Ba", "BA", "bà"]);
        assert_eq!(vi_cmp("ĐỨC", "đức"), Ordering::Greater);
        assert_eq!(vi_cmp("Đức", "đuc"), Ordering::Greater); // tone before case
    }

    #[test]
    fn the_units_of_bac_kan_in_alphabetical_order() {
        let official = [
            "Nguyễn Thị Minh Khai",
            "Sông Cầu",
            "Đức Xuân",
            "Phùng Chí Kiên",
            "Huyền Tụng",
            "Dương Quang",
            "Nông Thượng",
            "Xuất Hóa",
        ];
        let expected = [
            "Dương Quang",
            "Đức Xuân",
            "Huyền Tụng",
            "Nguyễn Thị Minh Khai",
            "Nông Thượng",
            "Phùng Chí Kiên",
            "Sông Cầu",
            "Xuất Hóa",
        ];
        assert_eq!(sorted(&official), expected);
        // Code-point order gets it wrong, which is why this module exists.
        let mut naive = official.to_vec();
        naive.sort();
        assert_ne!(naive, expected);
    }

    #[test]
    fn initials_are_letters_of_the_alphabet_without_tones() {
        let cases = [
            ("Ân Thi", "Â"),
            ("Ấp Bắc", "Â"),
            ("ấp", "Â"),
            ("An Bình", "A"),
            ("Ất", "Â"),
            ("Ắt", "Ă"),
            ("Ủy ban", "U"),
            ("Ước Lễ", "Ư"),
            ("Ứng Hòa", "Ư"),
            ("Đức Xuân", "Đ"),
            ("đồng", "Đ"),
            ("Dương Quang", "D"),
            ("Ở", "Ơ"),
            ("Ồ", "Ô"),
            ("Ệ", "Ê"),
            ("Ý Yên", "Y"),
            ("Huyền Tụng", "H"),
            ("  xuất Hóa", "X"),
            ("Zeta", "Z"),
            ("Über", "U"),
            ("Москва", "М"),
            ("9 Tổ", "#"),
            ("\"Ba\"", "#"),
            ("", "#"),
            ("\u{301}Ấp", "Â"),
        ];
        for (name, want) in cases {
            assert_eq!(initial(name), want, "{name:?}");
        }
        // NFD input (macOS, zip archives) gives the same heading.
        assert_eq!(initial("A\u{302}\u{301}p Ba\u{306}\u{301}c"), "Â");
        assert_eq!(initial("U\u{31b}\u{301}o\u{31b}c"), "Ư");
    }

    #[test]
    fn names_in_order_come_grouped_by_initial() {
        let names = sorted(&[
            "Ước",
            "Ủy",
            "Uông",
            "Ân Thi",
            "An",
            "Ấp Bắc",
            "Ăn",
            "Đức",
            "Dương",
            "9 Tổ",
            "Ba",
            "Ơn",
            "Ông",
            "Ong",
        ]);
        let mut initials: Vec<String> = names.iter().map(|n| initial(n)).collect();
        initials.dedup();
        assert_eq!(initials, ["#", "A", "Ă", "Â", "B", "D", "Đ", "O", "Ô", "Ơ", "U", "Ư"]);
    }

    #[test]
    fn latin_letters_outside_the_alphabet_sit_where_latin_puts_them() {
        assert_eq!(sorted(&["g", "f", "ê", "e"]), ["e", "ê", "f", "g"]);
        assert_eq!(sorted(&["k", "j", "i"]), ["i", "j", "k"]);
        assert_eq!(sorted(&["z", "y", "x", "w", "v"]), ["v", "w", "x", "y", "z"]);
    }

    #[test]
    fn digits_before_letters_and_numbers_by_value() {
        assert_eq!(
            sorted(&["Tổ 10", "Tổ 9", "Tổ a", "Tổ 09"]),
            ["Tổ 09", "Tổ 9", "Tổ 10", "Tổ a"]
        );
        assert_eq!(vi_cmp("2023", "a"), Ordering::Less);
        assert_eq!(vi_cmp("0", "00"), Ordering::Less); // equal value; tie-break decides
    }

    #[test]
    fn word_boundaries_sort_first() {
        // Word by word, as in a dictionary: "Ba Bể" before "Bac".
        assert_eq!(sorted(&["Bac", "Ba Bể", "Ba"]), ["Ba", "Ba Bể", "Bac"]);
        assert_eq!(vi_cmp("Sông  Cầu", "Sông Cầu"), Ordering::Less); // same letters; tie-break
        assert_eq!(sort_key("Sông  Cầu").primary, sort_key(" Sông Cầu ").primary);
    }

    #[test]
    fn canonically_equivalent_strings_are_equal() {
        let nfd = "Huye\u{302}\u{300}n Tu\u{323}ng";
        assert_eq!(vi_cmp(nfd, "Huyền Tụng"), Ordering::Equal);
        assert_eq!(sort_key(nfd), sort_key("Huyền Tụng"));
        // Legacy order of marks on the same letter.
        assert_eq!(vi_cmp("o\u{323}\u{302}", "o\u{302}\u{323}"), Ordering::Equal);
    }

    #[test]
    fn other_scripts_and_symbols_do_not_panic_and_order_totally() {
        let mut v = sorted(&[
            "北京",
            "Москва",
            "z",
            "!",
            "",
            "\u{301}",
            "ß",
            "İ",
            "\u{10ffff}",
            "9",
            " ",
        ]);
        let again = sorted(&v.iter().rev().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(v, again);
        assert_eq!(v.first().map(String::as_str), Some(""));
        v.dedup();
        assert_eq!(v.len(), 11);
    }

    #[test]
    fn huge_digit_runs_do_not_overflow() {
        let long = "9".repeat(70_000);
        assert_eq!(vi_cmp(&long, "a"), Ordering::Less);
        assert_eq!(vi_cmp("1", &long), Ordering::Less);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        // Strings built from the characters that make collation interesting.
        fn text() -> impl Strategy<Value = String> {
            proptest::string::string_regex(
                "[aăâdđeêoôơuưAĂÂDĐOÔƠUƯàảãáạằẳẵắặềểễếệồổỗốộờởỡớợừửữứựgz09 \u{300}\u{301}\u{302}\u{323}-]{0,8}",
            )
            .expect("valid regex")
        }

        proptest! {
            #[test]
            fn antisymmetric_and_consistent_with_keys(a in text(), b in text()) {
                let ab = vi_cmp(&a, &b);
                prop_assert_eq!(ab, vi_cmp(&b, &a).reverse());
                prop_assert_eq!(ab, sort_key(&a).cmp(&sort_key(&b)));
                prop_assert_eq!(ab == Ordering::Equal, nfc_cow(&a) == nfc_cow(&b));
            }

            #[test]
            fn transitive(a in text(), b in text(), c in text()) {
                if vi_cmp(&a, &b) != Ordering::Greater && vi_cmp(&b, &c) != Ordering::Greater {
                    prop_assert_ne!(vi_cmp(&a, &c), Ordering::Greater);
                }
            }

            #[test]
            fn sorted_names_come_grouped_by_initial(names in proptest::collection::vec(text(), 0..12)) {
                let mut names = names;
                names.sort_by(|a, b| vi_cmp(a, b));
                let mut seen: Vec<String> = Vec::new();
                for n in &names {
                    let i = initial(n);
                    if seen.last() != Some(&i) {
                        prop_assert!(!seen.contains(&i), "{} again after {:?} in {:?}", i, seen, names);
                        seen.push(i);
                    }
                }
            }

            #[test]
            fn levels_align(a in text()) {
                // Secondary and tertiary compare position by position only if
                // every primary element has one of each.
                let key = sort_key(&a);
                prop_assert_eq!(key.primary.len(), key.secondary.len());
                prop_assert_eq!(key.primary.len(), key.tertiary.len());
            }
        }
    }
}
