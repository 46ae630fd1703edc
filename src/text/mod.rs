//! Vietnamese text rules: normalisation, slugs, sorting, dates, numbers, search folding.
//! (Temporary stub until the full module lands.)
use unicode_normalization::UnicodeNormalization;
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates.iter().copied().find(|c| {
        c.len().abs_diff(word.len()) <= 1
            && c.chars().filter(|ch| word.contains(*ch)).count() + 1 >= c.len()
    })
}
