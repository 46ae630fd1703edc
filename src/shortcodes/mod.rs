//! Shortcodes: live data embedded in Markdown (`{{ standings(cluster="x",
//! year=2023) }}`, `{% note() %} … {% end %}`).
//!
//! This module is the syntax, pure and below `content`: `parse` finds the
//! shortcodes of a page body (never inside code spans or code blocks, told
//! by pulldown-cmark's offsets), checks the built-ins' arguments
//! (`builtins`) and rewrites the body for Markdown: `figure` becomes
//! Markdown image syntax, every other shortcode a placeholder that the page's
//! HTML keeps until `render::shortcodes` expands it with the site's data and
//! theme before each render.

pub mod builtins;
pub mod parse;

use crate::diag::Location;

/// An argument value as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "a whole number",
            Value::Bool(_) => "true or false",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    pub name: String,
    pub value: Value,
    /// Where the argument is written (`name=value`).
    pub loc: Location,
}

/// One shortcode of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub name: String,
    pub args: Vec<Arg>,
    /// The shortcode's opening (`{{ name(` or `{% name(`) in the page file.
    pub loc: Location,
    /// The body form's Markdown rendered to HTML (it may hold placeholders
    /// of the shortcodes inside it).
    pub body: Option<String>,
    /// Written on lines of its own (its output replaces a block), not
    /// inside a paragraph.
    pub block: bool,
}

impl Call {
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|a| a.name == name)
    }
    pub fn str(&self, name: &str) -> Option<&str> {
        match self.arg(name).map(|a| &a.value) {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        }
    }
    pub fn int(&self, name: &str) -> Option<i64> {
        match self.arg(name).map(|a| &a.value) {
            Some(Value::Int(n)) => Some(*n),
            _ => None,
        }
    }
    /// Where an argument is written, else the shortcode itself.
    pub fn loc_of(&self, name: &str) -> Location {
        self.arg(name).map_or(self.loc, |a| a.loc)
    }
}

/// A page's shortcodes and its HTML with their placeholders, which every
/// render expands again (the data they show may have changed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortcodes {
    pub calls: Vec<Call>,
    /// The page's HTML with placeholders.
    pub html: String,
}

/// The placeholder of call `n` written on lines of its own: an HTML comment
/// alone on its line is a raw HTML block, so no paragraph wraps it.
pub fn block_placeholder(n: usize) -> String {
    format!("<!--bangvang-shortcode-{n}-->")
}

/// Private-use characters around the number of a call written inside a
/// paragraph: text to Markdown, untouched by smart punctuation.
pub const INLINE_OPEN: char = '\u{E000}';
pub const INLINE_CLOSE: char = '\u{E001}';

pub fn inline_placeholder(n: usize) -> String {
    format!("{INLINE_OPEN}{n}{INLINE_CLOSE}")
}

/// Replaces every placeholder in `html` with `out(n)`; placeholders of
/// calls that are not there stay as written.
pub fn substitute(html: &str, out: &dyn Fn(usize) -> Option<String>) -> String {
    let mut s = String::with_capacity(html.len());
    let mut rest = html;
    const BLOCK: &str = "<!--bangvang-shortcode-";
    loop {
        let b = rest.find(BLOCK);
        let i = rest.find(INLINE_OPEN);
        let (at, block) = match (b, i) {
            (Some(b), Some(i)) if i < b => (i, false),
            (Some(b), _) => (b, true),
            (None, Some(i)) => (i, false),
            (None, None) => break,
        };
        s.push_str(&rest[..at]);
        let after = if block {
            &rest[at + BLOCK.len()..]
        } else {
            &rest[at + INLINE_OPEN.len_utf8()..]
        };
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let close = if block { "-->" } else { "\u{E001}" };
        let n = after[..digits].parse::<usize>().ok();
        match n.filter(|_| after[digits..].starts_with(close)).and_then(out) {
            Some(text) => {
                s.push_str(&text);
                rest = &after[digits + close.len()..];
            }
            None => {
                let skip = if block { BLOCK.len() } else { INLINE_OPEN.len_utf8() };
                s.push_str(&rest[at..at + skip]);
                rest = &rest[at + skip..];
            }
        }
    }
    s.push_str(rest);
    s
}

/// A summary shows no shortcode: their placeholders are left out.
pub fn strip(html: &str) -> String {
    substitute(html, &|_| Some(String::new()))
}
