//! What templates receive, as typed values: the contract a theme is written
//! against (docs/templates.md describes it for authors). Field order is the
//! order templates see the keys in.

pub mod results;
