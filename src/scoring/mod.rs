//! Scoring: a cluster's emulation year (data/scoring/<year>/<cluster>.yaml)
//! decoded and validated, its standings computed exactly and published as
//! data. Pure: no files, no templates.
//!
//! Points are exact hundredths ([`Points`]) from the text of the YAML scalar to
//! the JSON number: no value ever passes through binary floating point before
//! it is compared, so ranks and ties are exact.

mod points;
mod sheet;

pub use points::{Points, PointsError, read as read_points};
pub use sheet::{Criterion, Sheet};
