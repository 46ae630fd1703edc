//! bangvang: a static site generator for publishing emulation (thi đua – khen thưởng) results.
//!
//! See ARCHITECTURE.md for the bird's-eye view and the code map.

pub mod build;
pub mod cache;
pub mod check;
pub mod cli;
pub mod compress;
pub mod config;
pub mod content;
pub mod diag;
pub mod documents;
pub mod downloads;
pub mod files;
pub mod holidays;
pub mod i18n;
pub mod images;
pub mod incremental;
pub mod markdown;
pub mod moment;
pub mod output;
pub mod proposals;
pub mod refs;
pub mod render;
pub mod scaffold;
pub mod scoring;
pub mod serve;
pub mod shortcodes;
pub mod site;
pub mod source;
pub mod state;
pub mod text;
pub mod units;
pub mod urls;
pub mod yaml;
