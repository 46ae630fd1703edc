//! Builds a [`Node`] tree from saphyr-parser's event stream, iteratively (no
//! recursion on input depth), with limits on depth and on alias expansion.

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span};

use super::{Kind, MAX_DEPTH, MAX_NODES, Node};
use crate::diag::{Diagnostic, Location};

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
        cursor: (0, 0),
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
    /// (char index, byte index) of the last converted marker: markers arrive
    /// nearly in order, so converting forward from here is linear overall.
    cursor: (usize, usize),
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
            let (event, span) = next.map_err(|e| {
                let loc = self.loc(*e.marker(), *e.marker());
                // The parser has its own nesting limit; say it in our words.
                if e.info().contains("recursion limit") {
                    return Diagnostic::error(
                        self.file,
                        Some(loc),
                        format!("values are nested more than {MAX_DEPTH} levels deep"),
                    )
                    .with_hint("flatten the structure; no site file needs this depth");
                }
                let hint = if e.info().contains("mapping values are not allowed") {
                    "a value that contains `: ` must be quoted, e.g. title: \"Sơ kết: 6 tháng\""
                } else {
                    "check the indentation and the `key: value` form on this line and the one above"
                };
                Diagnostic::error(self.file, Some(loc), format!("YAML syntax error: {}", e.info())).with_hint(hint)
            })?;
            self.event(event, span)?;
        }
        let empty = self.loc(Marker::default(), Marker::default());
        Ok(self.root.unwrap_or(Node {
            kind: Kind::Null,
            loc: empty,
        }))
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Diagnostic> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self
                        .error(span, "a second YAML document (`---`) in one file")
                        .with_hint("keep one document per file; remove the extra `---`"));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain;
                let is_str_tag = tag
                    .as_ref()
                    .is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                let kind = if plain && !is_str_tag && matches!(&*value, "" | "~" | "null" | "Null" | "NULL") {
                    Kind::Null
                } else {
                    Kind::Scalar {
                        text: value.into_owned(),
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
                let end = self.loc(span.end, span.end);
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
                // A collection's caret covers its first line only: enough to find it.
                loc.end = end.start.max(loc.start).min(self.line_end(loc.start));
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

    fn line_end(&self, byte: usize) -> usize {
        let rel = byte.saturating_sub(self.origin.byte).min(self.text.len());
        self.text[rel..].find('\n').map_or(self.text.len(), |i| rel + i) + self.origin.byte
    }

    fn loc(&mut self, start: Marker, end: Marker) -> Location {
        let s = self.byte_of(start.index());
        let e = self.byte_of(end.index()).max(s);
        Location {
            line: start.line() + self.origin.line,
            col: start.col() + 1,
            start: s + self.origin.byte,
            end: e + self.origin.byte,
        }
    }

    /// Converts a char index from the parser to a byte index in `text`.
    fn byte_of(&mut self, char_index: usize) -> usize {
        let (mut ci, mut bi) = self.cursor;
        if char_index < ci {
            (ci, bi) = (0, 0);
        }
        let mut chars = self.text[bi..].chars();
        while ci < char_index {
            match chars.next() {
                Some(c) => {
                    ci += 1;
                    bi += c.len_utf8();
                }
                None => break,
            }
        }
        self.cursor = (ci, bi);
        bi
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Node, Diagnostic> {
        parse(s, "t.yaml", 0, 0)
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
