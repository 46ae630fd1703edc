//! Vietnamese text rules: normalisation, slugs, sorting, dates, numbers, search folding.
