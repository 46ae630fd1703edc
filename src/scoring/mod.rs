//! Scoring: a cluster's emulation year (`data/scoring/<year>/<cluster>.yaml`)
//! decoded and validated ([`Season::load`]), its standings computed exactly
//! ([`compute`]) and published as data ([`standings_json`]). Pure: no files,
//! no templates.
//!
//! Points are exact hundredths ([`Points`]) from the text of the YAML scalar to
//! the JSON number: no value ever passes through binary floating point before
//! it is compared, so ranks and ties are exact.
//!
//! Where the contract is silent, this module decides:
//! - Leader and deputy must be members, and not the same unit (errors).
//! - `tie_break: group:CODE` accepts any criterion code of the sheet; a leaf's
//!   "subtotal" is its score. The `bonus` key compares the bonus after the cap.
//! - A tier that can never be given (its min is not below an earlier tier's),
//!   a tie_break key listed twice, a bonus cut to the cap and an award that a
//!   tie hands to more than `top` units are warnings, not errors.
//! - `9.500` is accepted (trailing zeros change nothing); `9.125` is not.
//!   Negative points are refused everywhere (deductions are written positive).
//! - A unit "has scores" when it has at least one stage map; `council: ~` and
//!   an empty unit entry mean no map yet, `council: {}` means a map with every
//!   leaf missing. Provisional: units without a stage map are `missing`.
//! - `scores: {}` is allowed while planned; any entry is an error.
//! - A stage may not be named `bonus`, `deductions` or `note`.
//! - Bonus and deduction items need a `reason`.
//! - standings.json's `scale` is the sheet's whole when the file gives none.
//! - `groups` holds every top-level criterion, a top-level leaf included, so
//!   the groups always add up to `points`.

mod compute;
mod json;
mod points;
mod season;
mod sheet;
mod warnings;

#[cfg(test)]
mod tests;

pub use compute::{Row, Standings, compute};
pub use json::standings_json;
pub use points::{Points, PointsError, read as read_points};
pub use season::{Award, Decision, Item, Season, StageScores, Status, TieBreak, Tier, UnitScores};
pub use sheet::{Criterion, Sheet};
pub use warnings::shared_awards;
