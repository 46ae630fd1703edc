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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}
impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn code(&self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}
pub fn slugify(s: &str) -> String {
    let d = deunicode::deunicode(s).to_lowercase();
    let mut out = String::new();
    for c in d.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c)
        } else if !out.ends_with('-') {
            out.push('-')
        }
    }
    out.trim_matches('-').to_owned()
}
pub fn fold(s: &str) -> String {
    slugify(s).replace('-', " ")
}
pub fn vi_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fold(a).cmp(&fold(b)).then(a.cmp(b))
}
pub fn format_hundredths(v: i64, _lang: Lang) -> String {
    format!("{}", v as f64 / 100.0)
}
pub fn format_date_short(d: jiff::civil::Date, _lang: Lang) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}
pub fn format_date_long(d: jiff::civil::Date, _lang: Lang) -> String {
    format!("ngày {} tháng {} năm {}", d.day(), d.month(), d.year())
}
pub fn weekday_name(d: jiff::civil::Date, _lang: Lang) -> String {
    format!("{:?}", d.weekday())
}
pub fn format_time(t: jiff::civil::Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}
