//! What templates receive, as typed values: the contract a theme is written
//! against (docs/templates.md describes it for authors). Field order is the
//! order templates see the keys in. `pages` holds what every page, item and
//! list gets; `results` what the results pages get.

pub mod documents;
mod pages;
pub mod proposals;
pub mod results;

pub use pages::*;
