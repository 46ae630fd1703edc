//! Builds a [`Node`] tree from saphyr-parser's event stream, iteratively (no
//! recursion on input depth), with limits on depth and on alias expansion.

use std::collections::HashMap;

use std::borrow::Cow;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span};

use super::{Kind, MAX_DEPTH, MAX_NODES, Node};
use crate::diag::{Diagnostic, Location, locate};
use crate::text;

/// A position in the text: char and byte index, 1-based line, and the char
/// index where that line starts.
#[derive(Clone, Copy, Debug)]
struct Cursor {
    ci: usize,
    bi: usize,
    line: usize,
    line_ci: usize,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor {
            ci: 0,
            bi: 0,
            line: 1,
            line_ci: 0,
        }
    }
}

/// Where a YAML text sits inside its file: front matter starts below the `---`.
#[derive(Clone, Copy, Debug, Default)]
struct Origin {
    pub line: usize,
    pub byte: usize,
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: Location,
        anchor: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        start: Location,
        anchor: usize,
    },
}

/// Parses one YAML document. An empty document is [`Kind::Null`].
/// `line_offset`/`byte_offset` place a fragment (front matter) inside its file.
pub fn parse(text: &str, file: &str, line_offset: usize, byte_offset: usize) -> Result<Node, Diagnostic> {
    Builder {
        text,
        file,
        origin: Origin {
            line: line_offset,
            byte: byte_offset,
        },
        cursor: Cursor::default(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
        documents: 0,
    }
    .run()
}

struct Builder<'a> {
    text: &'a str,
    file: &'a str,
    origin: Origin,
    /// Where the last converted marker is: markers arrive nearly in order, so
    /// converting forward from here is linear overall.
    cursor: Cursor,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    root: Option<Node>,
    documents: usize,
}

impl Builder<'_> {
    fn run(mut self) -> Result<Node, Diagnostic> {
        let mut parser = Parser::new_from_str(self.text);
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| self.syntax_error(&e))?;
            self.event(event, span)?;
        }
        // An empty document is located at its start (markers count lines from 1;
        // a default one says line 0).
        let empty = self.loc_at(0, 0);
        Ok(self.root.unwrap_or(Node {
            kind: Kind::Null,
            loc: empty,
        }))
    }

    /// A scanner error at its cause. saphyr reports some errors where the
    /// construct began rather than where it went wrong (a tab in the
    /// indentation at the scalar before it, a bad escape at its opening quote,
    /// an unclosed bracket wherever the parser gave up): those are moved to
    /// the offending character.
    fn syntax_error(&mut self, e: &ScanError) -> Diagnostic {
        let info = e.info();
        let at = self.byte_of(e.marker().index()).min(self.text.len());
        // The parser has its own nesting limit; say it in our words.
        if info.contains("recursion limit") {
            return Diagnostic::error(
                self.file,
                Some(self.loc_at(at, at)),
                format!("values are nested more than {MAX_DEPTH} levels deep"),
            )
            .with_hint("flatten the structure; no site file needs this depth");
        }
        let message = format!("YAML syntax error: {info}");
        if info.contains("tab") {
            let tab = tab_at(self.text, at).unwrap_or(at);
            return Diagnostic::error(self.file, Some(self.loc_at(tab, tab + 1)), message)
                .with_hint("indent with spaces: YAML does not allow tabs in indentation");
        }
        if info.contains("escape") || info.contains("hexadecimal") {
            let (s, e) = bad_escape(self.text, at).unwrap_or((at, at));
            return Diagnostic::error(self.file, Some(self.loc_at(s, e)), message).with_hint(
                "in double quotes `\\` starts an escape (\\n, \\t, \\\", \\\\, \\uXXXX): write `\\\\` for a backslash, or use single quotes",
            );
        }
        if let Some((open, bracket)) = self.unclosed_flow(at, info) {
            let close = if bracket == '[' { ']' } else { '}' };
            return Diagnostic::error(
                self.file,
                Some(self.loc_at(open, open + 1)),
                format!("YAML syntax error: this `{bracket}` is never closed"),
            )
            .with_hint(format!(
                "add the `{close}` where the list or map ends (the parser stopped: {info})"
            ));
        }
        let at = if info.contains("block scalar, did not find expected comment") {
            // The marker is the `|`; the cause is what follows its indicators.
            let rest = &self.text[at..];
            let header = rest.len()
                - rest
                    .trim_start_matches(|c: char| matches!(c, '|' | '>' | '+' | '-' | '0'..='9'))
                    .len();
            let rest = &rest[header..];
            at + header + (rest.len() - rest.trim_start_matches([' ', '\t']).len())
        } else if info.contains("did not find expected key") || info.contains("did not find expected '-'") {
            // A line that does not fit the block: its first character (the
            // marker can be after a `- `).
            let line = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
            let rest = &self.text[line..];
            (line + rest.len() - rest.trim_start_matches(' ').len()).min(at)
        } else {
            at
        };
        let hint = if info.contains("quoted scalar") {
            "close the quote this value opens; text in quotes that goes on to the next line must be indented"
        } else if info.contains("mapping values are not allowed") {
            "a value that contains `: ` must be quoted, e.g. title: \"Sơ kết: 6 tháng\""
        } else {
            "check the indentation and the `key: value` form on this line and the one above"
        };
        // The caret underlines the character the parser stopped at, if any.
        let end = at
            + self.text[at..]
                .chars()
                .next()
                .filter(|&c| c != '\n')
                .map_or(0, char::len_utf8);
        Diagnostic::error(self.file, Some(self.loc_at(at, end)), message).with_hint(hint)
    }

    /// The innermost flow collection still open at an error reported on a
    /// later line than it opened, for errors that mean the parser ran past its
    /// end: a forgotten `]` or `}` is reported where the collection opens.
    fn unclosed_flow(&self, at: usize, info: &str) -> Option<(usize, char)> {
        const RAN_PAST: &[&str] = &[
            "expected ',' or ']'",
            "expected ',' or '}'",
            "illegal placement of ':'",
            "invalid indentation in flow construct",
            "did not find expected node content",
        ];
        if !RAN_PAST.iter().any(|m| info.contains(m)) {
            return None;
        }
        let open = self.stack.iter().rev().find_map(|f| {
            let start = match f {
                Frame::Seq { start, .. } | Frame::Map { start, .. } => start.start - self.origin.byte,
            };
            let c = self.text[start..].chars().next()?;
            matches!(c, '[' | '{').then_some((start, c))
        })?;
        self.text.get(open.0..at)?.contains('\n').then_some(open)
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Diagnostic> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self
                        .error(span, "a second YAML document in one file")
                        .with_hint("keep one document per file: remove the `---` or `...` that starts another"));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                if let Some(c) = value.chars().find(|&c| text::is_refused(c)) {
                    return Err(self.refused_char(c, span, style));
                }
                // Escapes (`\u0065\u0302`) can spell text that is not NFC.
                let value = match text::nfc_cow(&value) {
                    Cow::Borrowed(_) => value.into_owned(),
                    Cow::Owned(s) => s,
                };
                let plain = style == ScalarStyle::Plain;
                let is_str_tag = tag
                    .as_ref()
                    .is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                let kind = if plain && !is_str_tag && matches!(&*value, "" | "~" | "null" | "Null" | "NULL") {
                    Kind::Null
                } else {
                    Kind::Scalar {
                        text: value,
                        quoted: !plain || is_str_tag,
                    }
                };
                let node = Node {
                    kind,
                    loc: self.loc(span.start, span.end),
                };
                self.complete(node, anchor, span)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.open(span)?;
                let start = self.loc(span.start, span.end);
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    start,
                    anchor,
                });
            }
            Event::MappingStart(anchor, _) => {
                self.open(span)?;
                let start = self.loc(span.start, span.end);
                self.stack.push(Frame::Map {
                    entries: Vec::new(),
                    key: None,
                    start,
                    anchor,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (kind, mut loc, anchor) = match self.stack.pop() {
                    Some(Frame::Seq { items, start, anchor }) => (Kind::Seq(items), start, anchor),
                    Some(Frame::Map {
                        entries, start, anchor, ..
                    }) => {
                        self.check_duplicates(&entries)?;
                        (Kind::Map(entries), start, anchor)
                    }
                    None => return Ok(()),
                };
                loc.end = self.opening_end(loc, &kind);
                self.complete(Node { kind, loc }, anchor, span)?;
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(self.error(span, "an alias (`*name`) to an anchor that is not defined"));
                };
                let size = target.count();
                let mut node = target.clone();
                self.count(size, span)?;
                node.loc = self.loc(span.start, span.end);
                self.complete(node, 0, span)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn open(&mut self, span: Span) -> Result<(), Diagnostic> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self
                .error(span, format!("values are nested more than {MAX_DEPTH} levels deep"))
                .with_hint("flatten the structure; no site file needs this depth"));
        }
        Ok(())
    }

    fn count(&mut self, n: usize, span: Span) -> Result<(), Diagnostic> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(self
                .error(
                    span,
                    format!("the document has more than {MAX_NODES} values (aliases expanded)"),
                )
                .with_hint("aliases that repeat aliases multiply; write the values out or split the file"));
        }
        Ok(())
    }

    fn complete(&mut self, node: Node, anchor: usize, span: Span) -> Result<(), Diagnostic> {
        self.count(1, span)?;
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
        Ok(())
    }

    fn check_duplicates(&self, entries: &[(Node, Node)]) -> Result<(), Diagnostic> {
        let mut seen: HashMap<&str, &Node> = HashMap::new();
        for (k, _) in entries {
            let Some(name) = k.scalar() else {
                return Err(Diagnostic::error(
                    self.file,
                    Some(k.loc),
                    "a key must be a plain word, not a list or map",
                ));
            };
            if let Some(first) = seen.insert(name, k) {
                return Err(
                    Diagnostic::error(self.file, Some(k.loc), format!("duplicate key `{name}`")).with_hint(format!(
                        "`{name}` is already given on line {}; keep one",
                        first.loc.line
                    )),
                );
            }
        }
        Ok(())
    }

    fn error(&mut self, span: Span, msg: impl Into<String>) -> Diagnostic {
        let loc = self.loc(span.start, span.end);
        Diagnostic::error(self.file, Some(loc), msg)
    }

    /// Where a collection's caret ends. It underlines the collection's
    /// opening only (`[`, `{`, the first `-`, or a block map's first key), so
    /// a message about a 200-character flow map points at its start instead
    /// of underlining all of it; messages about a value inside point at that
    /// value's own span.
    fn opening_end(&self, start: Location, kind: &Kind) -> usize {
        // A flow collection's start span begins with its bracket; a block one's is empty.
        if start.end > start.start {
            return start.start + 1;
        }
        match kind {
            Kind::Map(entries) => entries.first().map_or(start.start, |(k, _)| k.loc.end.max(start.start)),
            _ => start.start + usize::from(self.text[start.start - self.origin.byte..].starts_with('-')),
        }
    }

    /// A refused character (a control character, mostly from an escape such
    /// as `\e` or `\x1b`) at its own place in the scalar.
    fn refused_char(&mut self, c: char, span: Span, style: ScalarStyle) -> Diagnostic {
        let s = self.byte_of(span.start.index());
        let e = self.byte_of(span.end.index()).max(s);
        let raw = &self.text[s..e];
        let found = refused_in(raw, style == ScalarStyle::DoubleQuoted);
        let (at, to) = found.map_or((s, e), |(a, b)| (s + a, s + b));
        let what = if c.is_control() {
            format!("the control character {}", text::code_point(c))
        } else {
            format!("{}, which is not a character", text::code_point(c))
        };
        let shown = &self.text[at..to];
        let hint = if shown.starts_with('\\') {
            format!("remove the escape `{shown}`: pages, feeds and sitemaps cannot carry {what}")
        } else {
            format!("remove it: pages, feeds and sitemaps cannot carry {what}")
        };
        Diagnostic::error(
            self.file,
            Some(self.loc_at(at, to)),
            format!("text may not contain {what}"),
        )
        .with_hint(hint)
    }

    /// A location from byte offsets into `text`, placed in the file.
    fn loc_at(&self, start: usize, end: usize) -> Location {
        let l = locate(self.text, start, end);
        Location {
            line: l.line + self.origin.line,
            col: l.col,
            start: l.start + self.origin.byte,
            end: l.end + self.origin.byte,
        }
    }

    /// A location from two markers. Line and column are counted here from
    /// the char index, not taken from the markers: at the end of the text
    /// saphyr's markers can say a line that is not there.
    fn loc(&mut self, start: Marker, end: Marker) -> Location {
        let c = self.advance(start.index());
        let e = self.advance(end.index()).bi;
        Location {
            line: c.line + self.origin.line,
            col: c.ci - c.line_ci + 1,
            start: c.bi + self.origin.byte,
            end: e.max(c.bi) + self.origin.byte,
        }
    }

    /// Converts a char index from the parser to a byte index in `text`.
    fn byte_of(&mut self, char_index: usize) -> usize {
        self.advance(char_index).bi
    }

    fn advance(&mut self, char_index: usize) -> Cursor {
        let mut c = self.cursor;
        if char_index < c.ci {
            c = Cursor::default();
        }
        let mut chars = self.text[c.bi..].chars();
        while c.ci < char_index {
            let Some(ch) = chars.next() else { break };
            c.ci += 1;
            c.bi += ch.len_utf8();
            if ch == '\n' {
                c.line += 1;
                c.line_ci = c.ci;
            }
        }
        self.cursor = c;
        c
    }
}

/// The tab a tab error is about: the one at `at`, else the first tab in the
/// indentation of `at`'s line or of a line after it.
fn tab_at(text: &str, at: usize) -> Option<usize> {
    if text[at..].starts_with('\t') {
        return Some(at);
    }
    let mut pos = text[..at].rfind('\n').map_or(0, |i| i + 1);
    loop {
        let rest = &text[pos..];
        let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if let Some(i) = rest[..indent].find('\t') {
            return Some(pos + i);
        }
        pos += rest.find('\n')? + 1;
    }
}

/// The first invalid escape of the double-quoted scalar that opens at `at`.
fn bad_escape(text: &str, at: usize) -> Option<(usize, usize)> {
    let mut chars = text[at..].char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return None,
            '\\' => {
                let start = at + i;
                let Some((j, e)) = chars.next() else {
                    return Some((start, start + 1));
                };
                let digits = match e {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    '0' | 'a' | 'b' | 't' | '\t' | 'n' | 'v' | 'f' | 'r' | 'e' | ' ' | '"' | '/' | '\\' | 'N' | '_'
                    | 'L' | 'P' | '\n' => continue,
                    _ => return Some((start, at + j + e.len_utf8())),
                };
                let mut end = at + j + 1;
                let mut value = 0u32;
                for _ in 0..digits {
                    match chars.next() {
                        Some((k, h)) if h.is_ascii_hexdigit() => {
                            value = value.saturating_mul(16).saturating_add(h.to_digit(16).unwrap_or(0));
                            end = at + k + 1;
                        }
                        _ => return Some((start, end)),
                    }
                }
                if char::from_u32(value).is_none() {
                    return Some((start, end));
                }
            }
            _ => {}
        }
    }
    None
}

/// Where in a scalar's source text a refused character comes from: the raw
/// character, or (in double quotes) the escape that spells it.
fn refused_in(raw: &str, escapes: bool) -> Option<(usize, usize)> {
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if text::is_refused(c) {
            return Some((i, i + c.len_utf8()));
        }
        if c != '\\' || !escapes {
            continue;
        }
        let Some((_, e)) = chars.next() else { break };
        let digits = match e {
            '0' | 'a' | 'b' | 'v' | 'f' | 'r' | 'e' | 'N' => return Some((i, i + 2)),
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => continue,
        };
        let mut value = 0u32;
        let mut end = i + 2;
        for _ in 0..digits {
            if let Some((k, h)) = chars.next_if(|(_, h)| h.is_ascii_hexdigit()) {
                value = value.saturating_mul(16).saturating_add(h.to_digit(16).unwrap_or(0));
                end = k + 1;
            }
        }
        if char::from_u32(value).is_some_and(text::is_refused) {
            return Some((i, end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Node, Diagnostic> {
        parse(s, "t.yaml", 0, 0)
    }

    /// (line, col) of an error, and the text its caret underlines.
    fn at(s: &str) -> ((usize, usize), String) {
        let e = p(s).expect_err(s);
        let l = e.loc.expect("a position");
        ((l.line, l.col), s[l.start..l.end].to_owned())
    }

    #[test]
    fn a_tab_in_the_indentation_is_reported_at_the_tab() {
        // saphyr reports the first at the scalar before the tab, the second
        // after it, the third at the `|`.
        assert_eq!(at("units:\n  - id: a\n\tname: b\n"), ((3, 1), "\t".into()));
        assert_eq!(at("a:\n  b: 1\n  \tc: 2\n"), ((3, 3), "\t".into()));
        assert_eq!(at("a:\n\tb: 1\n"), ((2, 1), "\t".into()));
        assert_eq!(at("a: |\n\tx\n"), ((2, 1), "\t".into()));
        assert!(p("a: x\ty\n").is_ok(), "a tab inside a value is fine");
        let e = p("a:\n\tb: 1\n").unwrap_err();
        assert!(e.hint.unwrap().contains("spaces"));
    }

    #[test]
    fn a_bad_escape_is_reported_at_the_escape() {
        assert_eq!(at("a: 1\nb: \"x \\q y\"\n"), ((2, 7), "\\q".into()));
        assert_eq!(at("b: \"\\\\ \\u12\"\n"), ((1, 8), "\\u12".into()));
        assert_eq!(at("b: \"\\UFFFFFFFF\"\n"), ((1, 5), "\\UFFFFFFFF".into()));
    }

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        assert_eq!(at("a: 1\nb: [1, 2\nc: 3\n"), ((2, 4), "[".into()));
        assert_eq!(at("title: [broken\n"), ((1, 8), "[".into()));
        assert_eq!(at("units:\n  - {id: a, name: x\n  - {id: b}\n"), ((2, 5), "{".into()));
        let e = p("a: {x: 1\nb: 1\n").unwrap_err();
        assert!(e.message.contains("`{` is never closed"), "{}", e.message);
        assert!(e.hint.unwrap().contains("`}`"));
        // On its own line the parser's own position is the cause.
        assert_eq!(at("a: {b: [1}\n").0, (1, 10));
        // A list spread over lines is fine.
        assert!(p("a: [1, 2,\n  3]\n").is_ok());
    }

    #[test]
    fn block_errors_are_reported_at_their_line_or_content() {
        assert_eq!(at("a: b\n- c\n"), ((2, 1), "-".into()));
        assert_eq!(at("a:\n  b: 1\n c: 2\n").0, (3, 2));
        assert_eq!(at("a: | x\n").0, (1, 6));
        assert_eq!(at("a: >-2  x\n").0, (1, 9));
    }

    #[test]
    fn an_unclosed_quote_is_reported_at_the_quote() {
        assert_eq!(at("a: 1\nb: \"abc\n").0, (2, 4));
        assert_eq!(at("b: 'abc\nc: 1\n").0, (1, 4));
        assert!(
            p("b: 'abc\nc: 1\n")
                .unwrap_err()
                .hint
                .unwrap()
                .contains("close the quote")
        );
    }

    #[test]
    fn control_characters_from_escapes_are_refused_at_the_escape() {
        for (yaml, shown) in [
            ("a: \"x\\0y\"\n", "\\0"),
            ("a: \"x\\ey\"\n", "\\e"),
            ("a: \"x\\x1by\"\n", "\\x1b"),
            ("a: \"x\\u0085y\"\n", "\\u0085"),
            ("a: \"x\\Ny\"\n", "\\N"),
            ("a: \"x\\x7fy\"\n", "\\x7f"),
            ("a: \"x\\uFFFEy\"\n", "\\uFFFE"),
            ("\"k\\0\": 1\n", "\\0"),
        ] {
            let e = p(yaml).expect_err(yaml);
            let l = e.loc.expect("a position");
            assert_eq!(&yaml[l.start..l.end], shown, "{yaml}");
            assert!(e.message.starts_with("text may not contain"), "{}", e.message);
            assert!(e.hint.unwrap().contains(shown), "{yaml}");
        }
        // A raw NEL is valid YAML but still not text.
        let e = p("a: x\u{85}y\n").unwrap_err();
        assert_eq!(e.loc.map(|l| (l.line, l.col)), Some((1, 5)));
        // Escapes that are text stay: tab, line feed, a backslash before a 0.
        let n = p("a: \"x\\ty\\n\\\\0\"\n").unwrap();
        assert_eq!(n.get("a").unwrap().scalar(), Some("x\ty\n\\0"));
    }

    #[test]
    fn escaped_text_is_normalised_to_nfc() {
        let n = p("a: \"Huye\\u0302\\u0300n\"\n").unwrap();
        assert_eq!(n.get("a").unwrap().scalar(), Some("Huyền"));
    }

    #[test]
    fn a_collection_is_underlined_at_its_opening_only() {
        let text = "a: { x: 1, y: [2, 3], z: long long long }\nb:\n  - { p: 1 }\nc:\n  k: v\n  l: w\n";
        let n = p(text).unwrap();
        let shown = |n: &Node| &text[n.loc.start..n.loc.end];
        assert_eq!(shown(n.get("a").unwrap()), "{");
        assert_eq!(shown(n.get("a").unwrap().get("y").unwrap()), "[");
        assert_eq!(shown(n.get("b").unwrap()), "-");
        assert_eq!(shown(n.get("c").unwrap()), "k");
        assert_eq!(shown(&n), "a");
    }

    #[test]
    fn keeps_scalar_text_and_positions() {
        let n = p("a: 9.50\nb:\n  - \"01846\"\n  - x\n").unwrap();
        let a = n.get("a").unwrap();
        assert_eq!(
            a.kind,
            Kind::Scalar {
                text: "9.50".into(),
                quoted: false
            }
        );
        assert_eq!((a.loc.line, a.loc.col), (1, 4));
        let Kind::Seq(items) = &n.get("b").unwrap().kind else {
            panic!()
        };
        assert_eq!(
            items[0].kind,
            Kind::Scalar {
                text: "01846".into(),
                quoted: true
            }
        );
        assert_eq!((items[1].loc.line, items[1].loc.col), (4, 5));
    }

    #[test]
    fn positions_at_the_end_of_the_text_are_in_it() {
        // saphyr's marker for the empty key says line 2 of a one-line text.
        let e = p("? ").unwrap_err();
        let l = e.loc.unwrap();
        assert_eq!((l.line, l.col, l.start), (1, 3, 2));
    }

    #[test]
    fn positions_count_characters_and_bytes() {
        let text = "tên: Huyền\nx: 1\n";
        let n = p(text).unwrap();
        let x = n.get("x").unwrap();
        assert_eq!((x.loc.line, x.loc.col), (2, 4));
        assert_eq!(&text[x.loc.start..x.loc.end], "1");
    }

    #[test]
    fn offsets_place_front_matter_in_its_file() {
        let n = parse("title: x\n", "a.md", 1, 4).unwrap();
        let t = n.get("title").unwrap();
        assert_eq!((t.loc.line, t.loc.start), (2, 11));
    }

    #[test]
    fn nulls_and_empty_documents() {
        assert!(p("").unwrap().is_null());
        let empty = parse("# c\n", "a.md", 1, 4).unwrap();
        assert_eq!((empty.loc.line, empty.loc.col, empty.loc.start), (2, 1, 4));
        assert!(p("# only a comment\n").unwrap().is_null());
        let n = p("a: ~\nb:\nc: 'null'\n").unwrap();
        assert!(n.get("a").unwrap().is_null());
        assert!(n.get("b").unwrap().is_null());
        assert!(!n.get("c").unwrap().is_null());
    }

    #[test]
    fn syntax_error_has_position() {
        let e = p("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(e.message.starts_with("YAML syntax error"), "{}", e.message);
        assert!(e.loc.is_some());
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = p("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.loc.map(|l| l.line), Some(3));
        assert!(e.hint.unwrap().contains("line 1"));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            s.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let e = p(&s).unwrap_err();
        assert!(e.message.contains("more than"), "{}", e.message);
    }

    #[test]
    fn small_aliases_work() {
        let n = p("base: &b {x: 1}\nother: *b\n").unwrap();
        assert_eq!(n.get("other").unwrap().get("x").unwrap().scalar(), Some("1"));
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let s = "[".repeat(100_000);
        assert!(p(&s).is_err());
        let s = (0..200).map(|i| format!("{}k:\n", "  ".repeat(i))).collect::<String>();
        assert!(p(&s).is_err());
    }

    #[test]
    fn two_documents_are_an_error() {
        assert!(p("a: 1\n---\nb: 2\n").is_err());
    }
}
