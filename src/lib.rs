//! bangvang: a static site generator for publishing emulation (thi đua – khen thưởng) results.
//!
//! See ARCHITECTURE.md for the bird's-eye view and the code map.

pub mod diag;
pub mod source;
pub mod text;
pub mod yaml;
