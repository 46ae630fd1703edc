//! Vietnamese text rules: normalisation, slugs, sorting, dates, numbers, search folding.

/// The site language: UI words, dates, numbers and paths follow it.
// Placeholder from the `theme` branch: the real module replaces this file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}
