//! Points and the results' words in the site language.

use crate::i18n::word;
use crate::scoring::{Points, Status, TieBreak};
use crate::text::{self, Lang};

/// Points as the site writes them: "95,75" in Vietnamese, "95.75" in English.
pub fn pts(lang: Lang, p: Points) -> String {
    text::format_hundredths(p.hundredths(), lang)
}

pub fn status_label(lang: Lang, s: Status) -> String {
    word(lang, s.as_str())
}

/// A scoring stage's name; a stage the site language has no word for keeps its own.
pub fn stage_label(lang: Lang, name: &str) -> String {
    match name {
        "self" => word(lang, "self_assessment"),
        "cluster" => word(lang, "cross_scoring"),
        "council" => word(lang, "council_appraisal"),
        other => other.to_owned(),
    }
}

/// A tie-break key as a sentence.
pub fn tie_break(lang: Lang, t: &TieBreak) -> String {
    match t {
        TieBreak::Group { code, .. } => format!("{} {code}", word(lang, "tie_group")),
        TieBreak::Deductions => word(lang, "tie_deductions"),
        TieBreak::Bonus => word(lang, "tie_bonus"),
    }
}
