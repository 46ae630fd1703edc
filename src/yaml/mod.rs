//! The one YAML module: every YAML text (site.yaml, data files, front matter) is
//! parsed here into a [`Node`] tree that keeps the position of every value and
//! the exact text of every scalar. Positions let later stages point at the
//! offending value; exact text lets scores be read as decimals without ever
//! passing through binary floating point.
//!
//! Why not serde_yaml: it gives positions only for its own syntax errors and
//! turns `9.50` into an f64 before we can look at it.

mod decode;
mod parse;

pub use decode::{Ctx, MapReader};
pub use parse::parse;

use crate::diag::Location;

/// Nesting deeper than this is refused: no site file needs it, and the limit keeps
/// tree walks and drops from exhausting the stack.
pub const MAX_DEPTH: usize = 64;
/// Values in one document, aliases expanded: the bound that defuses alias bombs.
pub const MAX_NODES: usize = 1_000_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub loc: Location,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// `~`, `null`, or nothing at all.
    Null,
    /// A scalar as written; `quoted` is true for quoted and block scalars, which
    /// are always text.
    Scalar {
        text: String,
        quoted: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// The scalar's text, whatever YAML type it would have.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|(k, _)| k.scalar() == Some(key)).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A short word for the kind of value, for messages ("expected a list, found text").
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            Kind::Null => "nothing",
            Kind::Scalar { quoted: false, text } if looks_numeric(text) => "a number",
            Kind::Scalar { .. } => "text",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a map of keys",
        }
    }

    /// Number of nodes in this tree; depth is bounded by [`MAX_DEPTH`].
    pub fn count(&self) -> usize {
        1 + match &self.kind {
            Kind::Seq(items) => items.iter().map(Node::count).sum(),
            Kind::Map(entries) => entries.iter().map(|(k, v)| k.count() + v.count()).sum(),
            _ => 0,
        }
    }

    /// Plain JSON for the free `extra` maps that go to templates unchanged.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.kind {
            Kind::Null => J::Null,
            Kind::Scalar { text, quoted: true } => J::String(text.clone()),
            Kind::Scalar { text, quoted: false } => match text.as_str() {
                "true" | "True" | "TRUE" => J::Bool(true),
                "false" | "False" | "FALSE" => J::Bool(false),
                t => t
                    .parse::<i64>()
                    .map(J::from)
                    .ok()
                    .or_else(|| {
                        t.parse::<f64>()
                            .ok()
                            .and_then(serde_json::Number::from_f64)
                            .map(J::Number)
                    })
                    .unwrap_or_else(|| J::String(t.to_owned())),
            },
            Kind::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Kind::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.scalar().unwrap_or_default().to_owned(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

fn looks_numeric(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.')
}
