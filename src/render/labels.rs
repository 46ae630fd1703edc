//! How a unit is named where it is listed. Usually its full name; when another
//! unit has the same full name (an old ward and the 2025 ward of the same
//! name that succeeded it), each is told apart by when it existed:
//! "Phường Đức Xuân (đến 30/06/2025)", "Phường Đức Xuân (từ 01/07/2025)".
//! Built once per render and used by every list, so all of them agree.

use std::collections::HashMap;

use crate::i18n::word;
use crate::text::{self, Lang};
use crate::units::{Unit, Units};

#[derive(Debug, Default)]
pub struct UnitLabels {
    /// Id → what tells the unit apart ("đến 30/06/2025"), for units that need it.
    notes: HashMap<String, String>,
}

impl UnitLabels {
    pub fn new(units: &Units, lang: Lang) -> UnitLabels {
        let mut by_name: HashMap<String, Vec<&Unit>> = HashMap::new();
        for u in &units.list {
            by_name.entry(u.full_name()).or_default().push(u);
        }
        let mut notes = HashMap::new();
        for same in by_name.values().filter(|g| g.len() > 1) {
            let when: Vec<Option<String>> = same.iter().map(|u| when(u, same, lang)).collect();
            for (i, u) in same.iter().enumerate() {
                // Dates tell most apart; where they do not (none, or equal),
                // the code or the id does.
                let clash = when.iter().enumerate().any(|(j, w)| j != i && *w == when[i]);
                let note = if clash {
                    let code = u
                        .code
                        .as_deref()
                        .map_or_else(|| u.id.clone(), |c| word(lang, "unit_code").replace("{code}", c));
                    Some(
                        when[i]
                            .as_ref()
                            .map_or_else(|| code.clone(), |w| format!("{w}, {code}")),
                    )
                } else {
                    when[i].clone()
                };
                if let Some(note) = note {
                    notes.insert(u.id.clone(), note);
                }
            }
        }
        UnitLabels { notes }
    }

    /// The full name as lists show it: "Phường Đức Xuân (đến 30/06/2025)".
    pub fn full(&self, u: &Unit) -> String {
        self.with_note(u, u.full_name())
    }

    /// The name without its kind, told apart the same way: "Đức Xuân (đến 30/06/2025)".
    pub fn short(&self, u: &Unit) -> String {
        self.with_note(u, u.name.clone())
    }

    fn with_note(&self, u: &Unit, name: String) -> String {
        match self.notes.get(&u.id) {
            Some(note) => format!("{name} ({note})"),
            None => name,
        }
    }
}

/// When `u` existed, as far as the data says: until its `until`, or from the
/// day after a unit of the same name that it succeeded ended.
fn when(u: &Unit, same: &[&Unit], lang: Lang) -> Option<String> {
    if let Some(d) = u.until {
        return Some(word(lang, "unit_until").replace("{date}", &text::format_date_short(d, lang)));
    }
    let ended = same
        .iter()
        .filter(|p| p.successor.as_deref() == Some(u.id.as_str()))
        .filter_map(|p| p.until)
        .max()?;
    let from = ended.tomorrow().ok()?;
    Some(word(lang, "unit_from").replace("{date}", &text::format_date_short(from, lang)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(yaml: &str) -> Units {
        let (units, diags) = crate::units::parse_units(yaml);
        assert!(diags.is_empty(), "{diags:?}");
        units
    }

    fn labels(yaml: &str, lang: Lang) -> Vec<String> {
        let units = units(yaml);
        let l = UnitLabels::new(&units, lang);
        units.list.iter().map(|u| l.full(u)).collect()
    }

    const OLD_AND_NEW: &str = "units:
  - {id: duc-xuan, name: Đức Xuân, kind: phường, code: \"01840\", until: 2025-06-30, successor: duc-xuan-2025}
  - {id: duc-xuan-2025, name: Đức Xuân, kind: phường}
  - {id: huyen-tung, name: Huyền Tụng, kind: phường, until: 2025-06-30, successor: duc-xuan-2025}
";

    #[test]
    fn an_old_unit_and_its_namesake_successor_are_told_apart_by_date() {
        assert_eq!(
            labels(OLD_AND_NEW, Lang::Vi),
            [
                "Phường Đức Xuân (đến 30/06/2025)",
                "Phường Đức Xuân (từ 01/07/2025)",
                "Phường Huyền Tụng"
            ]
        );
        assert_eq!(
            labels(OLD_AND_NEW, Lang::En),
            [
                "Phường Đức Xuân (until 30 Jun 2025)",
                "Phường Đức Xuân (from 1 Jul 2025)",
                "Phường Huyền Tụng"
            ]
        );
        let u = units(OLD_AND_NEW);
        assert_eq!(
            UnitLabels::new(&u, Lang::Vi).short(&u.list[0]),
            "Đức Xuân (đến 30/06/2025)"
        );
    }

    #[test]
    fn without_dates_the_code_or_the_id_tells_them_apart() {
        let yaml = "units:
  - {id: tan-lap, name: Tân Lập, kind: xã, code: \"00001\"}
  - {id: tan-lap-2, name: Tân Lập, kind: xã}
  - {id: tan-lap-3, name: Tân Lập, kind: xã, until: 2020-01-01}
  - {id: tan-lap-4, name: Tân Lập, kind: xã, until: 2020-01-01}
  - {id: tan-lap-5, name: Tân Lập, kind: phường}
";
        assert_eq!(
            labels(yaml, Lang::Vi),
            [
                "Xã Tân Lập (mã 00001)",
                "Xã Tân Lập (tan-lap-2)",
                "Xã Tân Lập (đến 01/01/2020, tan-lap-3)",
                "Xã Tân Lập (đến 01/01/2020, tan-lap-4)",
                // Its full name is its own.
                "Phường Tân Lập",
            ]
        );
    }

    #[test]
    fn one_unit_without_a_date_beside_dated_namesakes_keeps_its_plain_name() {
        let yaml = "units:
  - {id: a, name: An, kind: xã, until: 2010-12-31}
  - {id: b, name: An, kind: xã}
";
        assert_eq!(labels(yaml, Lang::Vi), ["Xã An (đến 31/12/2010)", "Xã An"]);
    }
}
