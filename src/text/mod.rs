//! Vietnamese text as readers expect it: NFC normalisation, URL slugs, search
//! folding, Vietnamese alphabetical order, number and date formatting, the
//! supported date range and feed date formats, and
//! "did you mean" suggestions.
//!
//! Everything here is pure and deterministic: same input, same output, no
//! panics on any input.

mod collate;
mod controls;
mod dates;
mod fold;
mod format;
mod limits;
mod nearest;
mod normalize;
mod slug;

pub use collate::{SortKey, initial, sort_key, vi_cmp};
pub use controls::{code_point, is_refused};
pub use dates::{
    FIRST_DATE, LAST_DATE, date_supported, epoch_seconds, is_far_year, rfc2822, rfc3339, unsupported_date,
};
pub use fold::fold;
pub use format::{format_date_long, format_date_short, format_hundredths, format_time, weekday_name};
pub use limits::{MAX_NAME, MAX_PATH, abbreviate, too_long_part};
pub use nearest::nearest;
pub use normalize::{nfc, nfc_cow};
pub use slug::slugify;

/// The language a site is written in: it picks words, number and date formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Vietnamese, the default: the portals this tool serves are Vietnamese first.
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Reads a language code as written in `config.yaml`: `vi` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 code, for `<html lang>` and the like.
    pub fn code(&self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_codes_round_trip() {
        for lang in [Lang::Vi, Lang::En] {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::default(), Lang::Vi);
    }

    #[test]
    fn lang_parse_is_strict() {
        for s in ["", "VI", "vi-VN", " en", "fr", "vietnamese"] {
            assert_eq!(Lang::parse(s), None, "{s:?}");
        }
    }
}
