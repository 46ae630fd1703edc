//! Reading typed values out of a [`Node`] tree while collecting diagnostics:
//! a bad value is reported and skipped, so one pass finds every problem.

use super::{Kind, Node};
use crate::diag::{Diagnostic, Location};
use crate::text;

/// The file being decoded and the diagnostics found so far.
pub struct Ctx<'a> {
    pub file: &'a str,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a str) -> Self {
        Ctx {
            file,
            diags: Vec::new(),
        }
    }

    pub fn error(&mut self, loc: Location, message: impl Into<String>, hint: impl Into<Option<String>>) {
        let mut d = Diagnostic::error(self.file, Some(loc), message);
        d.hint = hint.into();
        self.diags.push(d);
    }

    pub fn warning(&mut self, loc: Location, message: impl Into<String>, hint: impl Into<Option<String>>) {
        let mut d = Diagnostic::warning(self.file, Some(loc), message);
        d.hint = hint.into();
        self.diags.push(d);
    }

    fn expected(&mut self, node: &Node, key: &str, what: &str) {
        self.error(
            node.loc,
            format!("`{key}` must be {what}, found {}", node.kind_name()),
            None,
        );
    }

    /// Opens a map whose keys must all be in `known` (checked by [`MapReader::finish`]).
    /// A null node reads as an empty map.
    pub fn map<'n>(&mut self, node: &'n Node, what: &str, known: &'static [&'static str]) -> Option<MapReader<'n>> {
        match &node.kind {
            Kind::Map(entries) => Some(MapReader {
                node,
                entries,
                known,
                free: false,
            }),
            Kind::Null => Some(MapReader {
                node,
                entries: &[],
                known,
                free: false,
            }),
            _ => {
                self.error(
                    node.loc,
                    format!("{what} must be a map of `key: value` lines, found {}", node.kind_name()),
                    None,
                );
                None
            }
        }
    }

    /// Text; numbers and words written without quotes are text too.
    pub fn string(&mut self, node: &Node, key: &str) -> Option<String> {
        match &node.kind {
            Kind::Scalar { text, .. } => Some(text.clone()),
            _ => {
                self.expected(node, key, "text");
                None
            }
        }
    }

    /// Text that must not be blank.
    pub fn nonempty(&mut self, node: &Node, key: &str) -> Option<String> {
        let s = self.string(node, key)?;
        if s.trim().is_empty() {
            self.error(node.loc, format!("`{key}` must not be empty"), None);
            return None;
        }
        Some(s.trim().to_owned())
    }

    pub fn bool(&mut self, node: &Node, key: &str) -> Option<bool> {
        match &node.kind {
            Kind::Scalar { text, quoted: false } => match text.as_str() {
                "true" | "True" | "TRUE" => Some(true),
                "false" | "False" | "FALSE" => Some(false),
                _ => {
                    self.expected(node, key, "true or false");
                    None
                }
            },
            _ => {
                self.expected(node, key, "true or false");
                None
            }
        }
    }

    /// A whole number in `min..=max`.
    pub fn int(&mut self, node: &Node, key: &str, min: i64, max: i64) -> Option<i64> {
        let parsed = match &node.kind {
            Kind::Scalar { text, quoted: false } => text.parse::<i64>().ok(),
            _ => None,
        };
        match parsed {
            Some(v) if (min..=max).contains(&v) => Some(v),
            _ => {
                self.expected(node, key, &format!("a whole number from {min} to {max}"));
                None
            }
        }
    }

    /// A list; a single value where a list is expected is an error, not a guess.
    pub fn list<'n>(&mut self, node: &'n Node, key: &str) -> Option<&'n [Node]> {
        match &node.kind {
            Kind::Seq(items) => Some(items),
            Kind::Null => Some(&[]),
            _ => {
                self.error(
                    node.loc,
                    format!("`{key}` must be a list, found {}", node.kind_name()),
                    Some(format!("write `{key}: [a, b]` or one `- item` per line")),
                );
                None
            }
        }
    }

    /// A list of texts.
    pub fn strings(&mut self, node: &Node, key: &str) -> Option<Vec<(String, Location)>> {
        let items = self.list(node, key)?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if let Some(s) = self.nonempty(item, key) {
                out.push((s, item.loc));
            }
        }
        Some(out)
    }

    /// A date `YYYY-MM-DD` in the range bangvang supports.
    pub fn date(&mut self, node: &Node, key: &str) -> Option<jiff::civil::Date> {
        let text = self.string(node, key)?;
        let t = text.trim();
        match t.parse::<jiff::civil::Date>() {
            Ok(d) if t.len() == 10 && text::date_supported(d) => Some(d),
            Ok(_) if t.len() == 10 => self.unsupported_date(node, key, t),
            _ if text::is_far_year(t) => self.unsupported_date(node, key, t),
            _ => {
                self.error(
                    node.loc,
                    format!("`{key}` must be a date written YYYY-MM-DD, found `{text}`"),
                    Some("for 15 February 2023 write 2023-02-15".to_owned()),
                );
                None
            }
        }
    }

    fn unsupported_date(&mut self, node: &Node, key: &str, shown: &str) -> Option<jiff::civil::Date> {
        let (message, hint) = text::unsupported_date(key, shown);
        self.error(node.loc, message, Some(hint));
        None
    }
}

/// A map being read key by key; [`finish`](MapReader::finish) reports unknown keys.
pub struct MapReader<'n> {
    pub node: &'n Node,
    entries: &'n [(Node, Node)],
    known: &'static [&'static str],
    free: bool,
}

impl<'n> MapReader<'n> {
    /// The value of `key`, if present and not null.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        debug_assert!(
            self.free || self.known.contains(&key),
            "`{key}` missing from the known keys"
        );
        self.entries
            .iter()
            .find(|(k, _)| k.scalar() == Some(key))
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    /// The value of a required key; reports it missing at the map's position.
    pub fn require(&self, ctx: &mut Ctx, key: &str, what: &str) -> Option<&'n Node> {
        let v = self.get(key);
        if v.is_none() {
            ctx.error(
                self.node.loc,
                format!("{what} needs `{key}`"),
                Some(format!("add a line `{key}: …`")),
            );
        }
        v
    }

    /// Every entry, for maps whose keys are data (scores by unit, say).
    pub fn entries(&self) -> &'n [(Node, Node)] {
        self.entries
    }

    /// Reports every key that is not known, with the nearest known key as a hint.
    pub fn finish(self, ctx: &mut Ctx, what: &str) {
        for (k, _) in self.entries {
            let name = k.scalar().unwrap_or_default();
            if self.known.contains(&name) {
                continue;
            }
            let hint = match text::nearest(name, self.known) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the keys of {what} are: {}", self.known.join(", ")),
            };
            ctx.error(k.loc, format!("unknown key `{name}` in {what}"), Some(hint));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    #[test]
    fn unknown_key_names_the_nearest_known_key() {
        let n = parse("title: a\ntitel: b\n", "x.yaml", 0, 0).unwrap();
        let mut ctx = Ctx::new("x.yaml");
        let m = ctx.map(&n, "site.yaml", &["title", "description"]).unwrap();
        assert!(m.get("title").is_some());
        m.finish(&mut ctx, "site.yaml");
        assert_eq!(ctx.diags.len(), 1);
        let d = &ctx.diags[0];
        assert_eq!(d.loc.map(|l| (l.line, l.col)), Some((2, 1)));
        assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn typed_values_report_wrong_kinds() {
        let n = parse("a: [1]\nb: maybe\nc: 2023-02-30\nd: 7\n", "x.yaml", 0, 0).unwrap();
        let mut ctx = Ctx::new("x.yaml");
        assert!(ctx.string(n.get("a").unwrap(), "a").is_none());
        assert!(ctx.bool(n.get("b").unwrap(), "b").is_none());
        assert!(ctx.date(n.get("c").unwrap(), "c").is_none());
        assert_eq!(ctx.int(n.get("d").unwrap(), "d", 1, 10), Some(7));
        assert_eq!(ctx.diags.len(), 3);
    }
}
