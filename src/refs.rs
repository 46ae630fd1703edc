//! Checking references into data that may have failed to load.
//!
//! One fault, one error: when data/units.yaml does not parse, or one unit in
//! it is broken, that is reported where it is, and a reference to what failed
//! is not reported again as "not in data/units.yaml". So every list of ids
//! that others refer to (units, clusters, a season's members) records what
//! failed: ids whose entry was read but did not decode (*broken*), and
//! whether some entry, or the whole file, failed before its id was known
//! (*partial*: then any id not found may be the one that failed).

use std::collections::{BTreeSet, HashSet};

use crate::text;

/// What a reference finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    Found,
    /// It may name something that failed to load; that failure is reported
    /// already, so the reference is not checked.
    Failed,
    /// Certainly not there: an error at the reference.
    Missing,
}

/// What failed in a list of ids, kept with the list (see the module comment).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Failures {
    pub broken: BTreeSet<String>,
    pub partial: bool,
}

impl Failures {
    /// Nothing of the list is known: its file did not load.
    pub fn all() -> Failures {
        Failures {
            broken: BTreeSet::new(),
            partial: true,
        }
    }
}

/// The ids a reference is checked against, in order (for hints), hashed
/// (for lookups: one per reference on every page), and what failed.
#[derive(Clone, Debug)]
pub struct Refs<'a> {
    ids: &'a [&'a str],
    set: HashSet<&'a str>,
    failures: Option<&'a Failures>,
}

impl<'a> Refs<'a> {
    pub fn new(ids: &'a [&'a str], failures: &'a Failures) -> Refs<'a> {
        Refs {
            ids,
            set: ids.iter().copied().collect(),
            failures: Some(failures),
        }
    }

    /// A list that loaded completely.
    pub fn complete(ids: &'a [&'a str]) -> Refs<'a> {
        Refs {
            ids,
            set: ids.iter().copied().collect(),
            failures: None,
        }
    }

    pub fn lookup(&self, id: &str) -> Lookup {
        if self.set.contains(id) {
            Lookup::Found
        } else if self.failures.is_some_and(|f| f.partial || f.broken.contains(id)) {
            Lookup::Failed
        } else {
            Lookup::Missing
        }
    }

    /// "did you mean `x`?" for a missing id, else `otherwise`.
    pub fn hint(&self, id: &str, otherwise: &str) -> String {
        text::nearest(id, self.ids).map_or_else(|| otherwise.to_owned(), |n| format!("did you mean `{n}`?"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_entries_are_not_missing() {
        let ids = ["a", "b"];
        let mut f = Failures::default();
        f.broken.insert("c".into());
        let r = Refs::new(&ids, &f);
        assert_eq!(
            [r.lookup("a"), r.lookup("c"), r.lookup("d")],
            [Lookup::Found, Lookup::Failed, Lookup::Missing]
        );
        f.partial = true;
        assert_eq!(Refs::new(&ids, &f).lookup("d"), Lookup::Failed);
        assert_eq!(Refs::complete(&ids).lookup("d"), Lookup::Missing);
        assert_eq!(Refs::complete(&ids).hint("bb", "add it"), "did you mean `b`?");
    }
}
