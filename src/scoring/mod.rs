//! Scoring: a cluster's emulation year (data/scoring/<year>/<cluster>.yaml)
//! decoded and validated ([`Season::load`]), its standings computed exactly
//! ([`compute`]) and published as data ([`standings_json`]). Pure: no files,
//! no templates.
//!
//! Points are exact hundredths ([`Points`]) from the text of the YAML scalar to
//! the JSON number: no value ever passes through binary floating point before
//! it is compared, so ranks and ties are exact.

mod compute;
mod json;
mod points;
mod season;
mod sheet;

#[cfg(test)]
mod tests;

pub use compute::{Row, Standings, compute};
pub use json::standings_json;
pub use points::{Points, PointsError, read as read_points};
pub use season::{Award, Decision, Item, Season, StageScores, Status, TieBreak, Tier, UnitScores};
pub use sheet::{Criterion, Sheet};
