//! Finding and parsing the shortcodes of a page body.
//!
//! Only `{{ name(` and `{% name(` (spaces allowed around the name) open a
//! shortcode, and `{% end %}` closes a body; any other `{{` or `{%` is text,
//! and so is one written `\{{` (Markdown's escape drops the backslash) or
//! inside a code span or code block. Once `{{ name(` is seen, anything but a
//! well-formed call is an error at its position: a shortcode is never
//! printed as text silently.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::builtins::{self, Ty};
use super::{Arg, Call, Value, block_placeholder, inline_placeholder};
use crate::diag::{Diagnostic, Location, locate};

/// A body with its shortcodes replaced, and the calls the placeholders name.
#[derive(Debug)]
pub struct Prepared {
    pub markdown: String,
    pub calls: Vec<Call>,
}

/// A body form opened and not yet closed.
struct Open {
    call: Call,
    /// Where its body starts in the output.
    out_start: usize,
    alone_before: bool,
}

/// The shortcodes of `text[body_start..]` (the page's Markdown body; `text`
/// is the whole file, for positions). `None` when it has none.
pub fn prepare(file: &str, text: &str, body_start: usize) -> Result<Option<Prepared>, Vec<Diagnostic>> {
    let body = &text[body_start..];
    if !body.contains("{{") && !body.contains("{%") {
        return Ok(None);
    }
    let code = code_ranges(body);
    let mut s = Scan {
        file,
        text,
        base: body_start,
        body,
        diags: Vec::new(),
    };
    let mut out = String::with_capacity(body.len());
    let mut copied = 0;
    let mut calls: Vec<Call> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut any = false;
    let mut i = 0;
    while let Some(off) = body[i..].find('{') {
        let at = i + off;
        i = at + 1;
        let kind = match body.as_bytes().get(at + 1) {
            Some(b'{') => b'{',
            Some(b'%') => b'%',
            _ => continue,
        };
        if let Some(r) = code.iter().find(|r| r.contains(&at)) {
            i = r.end.max(i);
            continue;
        }
        if at > 0 && body.as_bytes()[at - 1] == b'\\' {
            i = at + 2;
            continue;
        }
        let mut c = Cursor { s: body, pos: at + 2 };
        c.ws();
        let name = c.ident();
        if name.is_empty() {
            continue;
        }
        let name = name.to_owned();
        let name_end = c.pos;
        c.ws();
        if kind == b'%' && name == "end" && !c.peek("(") {
            any = true;
            if !c.eat("%}") {
                s.error(c.pos, c.pos + 1, "expected `%}` to close `{% end`", "write `{% end %}`");
                i = c.pos.max(i);
                continue;
            }
            let end = c.pos;
            i = end;
            let Some(open) = stack.pop() else {
                s.error(
                    at,
                    end,
                    "`{% end %}` closes no shortcode",
                    "remove it, or open a body with `{% note() %}` before it",
                );
                continue;
            };
            out.push_str(&body[copied..at]);
            copied = end;
            let mut call = open.call;
            call.block = open.alone_before && alone_after(body, end);
            let inner = out.split_off(open.out_start);
            call.body = Some(crate::markdown::render(&inner).html);
            let n = calls.len();
            out.push_str(&if call.block {
                block_placeholder(n)
            } else {
                inline_placeholder(n)
            });
            calls.push(call);
            continue;
        }
        if !c.eat("(") {
            continue;
        }
        any = true;
        let open_loc = s.loc(at, name_end);
        let args = match parse_args(&mut c, &mut s) {
            Some(a) => a,
            None => {
                i = c.pos.max(i);
                continue;
            }
        };
        let after_args = c.pos;
        c.ws();
        let close = if kind == b'{' { "}}" } else { "%}" };
        if !c.eat(close) {
            s.error(
                after_args,
                after_args + 1,
                format!("expected `{close}` to close the shortcode `{name}`"),
                format!("write `{}{name}(…) {close}`", if kind == b'{' { "{{ " } else { "{% " }),
            );
            i = c.pos.max(i);
            continue;
        }
        let end = c.pos;
        i = end;
        let alone_before = alone_before(body, at);
        let alone = alone_before && alone_after(body, end);
        let mut call = Call {
            name: name.clone(),
            args,
            loc: open_loc,
            body: None,
            block: alone,
        };
        let ok = s.check(&call, kind == b'%');
        out.push_str(&body[copied..at]);
        copied = end;
        // A body form is opened even when it has errors, so its `{% end %}`
        // is not a second one.
        if kind == b'%' {
            stack.push(Open {
                call,
                out_start: out.len(),
                alone_before,
            });
            continue;
        }
        if !ok {
            continue;
        }
        if name == "figure" {
            out.push_str(&figure(&call));
            continue;
        }
        let n = calls.len();
        call.block = alone;
        out.push_str(&if alone {
            block_placeholder(n)
        } else {
            inline_placeholder(n)
        });
        calls.push(call);
    }
    for open in stack {
        s.diags.push(
            Diagnostic::error(
                file,
                Some(open.call.loc),
                format!("the body of `{}` is never closed", open.call.name),
            )
            .with_hint("end its body with a line `{% end %}`"),
        );
    }
    if !s.diags.is_empty() {
        return Err(s.diags);
    }
    if !any {
        return Ok(None);
    }
    out.push_str(&body[copied..]);
    Ok(Some(Prepared { markdown: out, calls }))
}

struct Scan<'a> {
    file: &'a str,
    text: &'a str,
    base: usize,
    body: &'a str,
    diags: Vec<Diagnostic>,
}

impl Scan<'_> {
    fn loc(&self, start: usize, end: usize) -> Location {
        locate(self.text, self.base + start, self.base + end.max(start))
    }
    fn error(&mut self, start: usize, end: usize, msg: impl Into<String>, hint: impl Into<String>) {
        let end = end.min(self.body.len()).max(start);
        let loc = self.loc(start, end);
        self.diags
            .push(Diagnostic::error(self.file, Some(loc), msg).with_hint(hint));
    }
    fn error_at(&mut self, loc: Location, msg: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(self.file, Some(loc), msg).with_hint(hint));
    }

    /// A built-in's arguments, types and form; site shortcodes are checked
    /// against the theme when the site renders.
    fn check(&mut self, call: &Call, body_form: bool) -> bool {
        let before = self.diags.len();
        let Some(b) = builtins::get(&call.name) else {
            return true;
        };
        let n = &call.name;
        if b.body && !body_form {
            self.error_at(
                call.loc,
                format!("`{n}` has a body"),
                format!("write `{{% {n}() %}}` on a line, the text, then `{{% end %}}`"),
            );
        } else if !b.body && body_form {
            self.error_at(
                call.loc,
                format!("`{n}` takes no body"),
                format!("write `{{{{ {n}(…) }}}}`"),
            );
        }
        let names: Vec<&str> = b.params.iter().map(|p| p.name).collect();
        for (k, a) in call.args.iter().enumerate() {
            if call.args[..k].iter().any(|x| x.name == a.name) {
                self.error_at(
                    a.loc,
                    format!("argument `{}` is given twice", a.name),
                    "keep one of them",
                );
                continue;
            }
            let Some(p) = b.params.iter().find(|p| p.name == a.name) else {
                let hint = match crate::text::nearest(&a.name, &names) {
                    Some(w) => format!("did you mean `{w}`?"),
                    None if names.is_empty() => format!("`{n}` takes no arguments"),
                    None => format!("`{n}` takes {}", list(&names)),
                };
                self.error_at(a.loc, format!("unknown argument `{}` of `{n}`", a.name), hint);
                continue;
            };
            let fits = matches!((p.ty, &a.value), (Ty::Str, Value::Str(_)) | (Ty::Int, Value::Int(_)));
            if !fits {
                self.error_at(
                    a.loc,
                    format!(
                        "argument `{}` of `{n}` is {}, not {}",
                        a.name,
                        p.ty.name(),
                        a.value.type_name()
                    ),
                    match p.ty {
                        Ty::Str => format!("write `{}=\"…\"`", a.name),
                        Ty::Int => format!("write `{}=2023` (digits, no quotes)", a.name),
                    },
                );
            }
        }
        for p in b.params.iter().filter(|p| p.required) {
            if call.arg(p.name).is_none() {
                self.error_at(
                    call.loc,
                    format!("`{n}` needs the argument `{}`", p.name),
                    format!("add `{}=…` ({})", p.name, p.ty.name()),
                );
            }
        }
        if b.block && !call.block && !body_form {
            self.error_at(
                call.loc,
                format!("`{n}` shows a block, so it goes on a line of its own"),
                "put it on its own line, with nothing else before or after it",
            );
        }
        self.diags.len() == before
    }
}

fn list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// `name=value, …)`: `None` after an error (reported).
fn parse_args(c: &mut Cursor, s: &mut Scan) -> Option<Vec<Arg>> {
    let mut args = Vec::new();
    loop {
        c.ws();
        if c.eat(")") {
            return Some(args);
        }
        let start = c.pos;
        let name = c.ident().to_owned();
        if name.is_empty() {
            s.error(
                start,
                start + 1,
                "expected an argument name or `)`",
                "arguments are written `name=value`, separated by commas",
            );
            return None;
        }
        c.ws();
        if !c.eat("=") {
            s.error(
                c.pos,
                c.pos + 1,
                format!("expected `=` after the argument name `{name}`"),
                format!("write `{name}=value`"),
            );
            return None;
        }
        c.ws();
        let value = value(c, s)?;
        args.push(Arg {
            name,
            value,
            loc: s.loc(start, c.pos),
        });
        c.ws();
        if c.eat(",") {
            continue;
        }
        if c.peek(")") {
            continue;
        }
        s.error(
            c.pos,
            c.pos + 1,
            "expected `,` or `)` after an argument",
            "separate arguments with commas and end them with `)`",
        );
        return None;
    }
}

/// A string in double quotes (`\"` and `\\` escapes), a whole number, or
/// `true`/`false`.
fn value(c: &mut Cursor, s: &mut Scan) -> Option<Value> {
    let start = c.pos;
    let rest = &c.s[start..];
    if rest.starts_with('"') {
        let mut v = String::new();
        let mut chars = rest.char_indices().skip(1);
        while let Some((k, ch)) = chars.next() {
            match ch {
                '"' => {
                    c.pos = start + k + 1;
                    return Some(Value::Str(v));
                }
                '\\' => match chars.next() {
                    Some((_, e @ ('"' | '\\'))) => v.push(e),
                    Some((j, e)) => {
                        s.error(
                            start + k,
                            start + j + e.len_utf8(),
                            format!("unknown escape `\\{e}` in a string"),
                            "only `\\\"` and `\\\\` are escapes; write other characters as they are",
                        );
                        return None;
                    }
                    None => break,
                },
                '\n' => break,
                ch => v.push(ch),
            }
        }
        s.error(
            start,
            start + 1,
            "this string is never closed",
            "end it with `\"` on the same line",
        );
        return None;
    }
    let word_len = rest
        .find(|ch: char| !(ch.is_alphanumeric() || ch == '-' || ch == '_' || ch == '.'))
        .unwrap_or(rest.len());
    let word = &rest[..word_len];
    let hint = "a value is a string in double quotes (\"…\"), a whole number or true/false";
    let v = match word {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        w if !w.is_empty() && w.trim_start_matches('-').bytes().all(|b| b.is_ascii_digit()) => match w.parse::<i64>() {
            Ok(n) => Value::Int(n),
            Err(_) => {
                s.error(
                    start,
                    start + word_len,
                    format!("`{w}` is not a whole number this size can hold"),
                    hint,
                );
                return None;
            }
        },
        "" => {
            s.error(start, start + 1, "expected a value", hint);
            return None;
        }
        w => {
            s.error(
                start,
                start + word_len,
                format!("`{w}` is not a value"),
                format!("{hint}; a text goes in quotes: \"{w}\""),
            );
            return None;
        }
    };
    c.pos = start + word_len;
    Some(v)
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// Spaces, tabs and line ends (a call may span lines).
    fn ws(&mut self) {
        let rest = &self.s[self.pos..];
        self.pos += rest.len() - rest.trim_start_matches([' ', '\t', '\n']).len();
    }
    fn ident(&mut self) -> &'a str {
        let rest = &self.s[self.pos..];
        let first_ok = rest.starts_with(|ch: char| ch.is_ascii_lowercase() || ch == '_');
        if !first_ok {
            return "";
        }
        let n = rest
            .find(|ch: char| !(ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-'))
            .unwrap_or(rest.len());
        self.pos += n;
        &rest[..n]
    }
    fn peek(&self, t: &str) -> bool {
        self.s[self.pos..].starts_with(t)
    }
    fn eat(&mut self, t: &str) -> bool {
        let ok = self.peek(t);
        if ok {
            self.pos += t.len();
        }
        ok
    }
}

fn alone_before(body: &str, at: usize) -> bool {
    let line_start = body[..at].rfind('\n').map_or(0, |k| k + 1);
    body[line_start..at].chars().all(|c| c == ' ' || c == '\t')
}

fn alone_after(body: &str, end: usize) -> bool {
    let line_end = body[end..].find('\n').map_or(body.len(), |k| end + k);
    body[end..line_end].chars().all(|c| c == ' ' || c == '\t')
}

/// Byte ranges of code spans and code blocks (fenced or indented), from
/// pulldown-cmark's own parse: shortcodes there are text.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (e, r) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match e {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => out.push(r),
            _ => {}
        }
    }
    out
}

/// `figure` as Markdown image syntax, so the image pipeline makes the
/// figure; the alt text is the caption when not given.
fn figure(call: &Call) -> String {
    let src = call.str("src").unwrap_or_default();
    let caption = call.str("caption");
    let alt = call.str("alt").or(caption).unwrap_or_default();
    let mut md = String::from("![");
    for ch in alt.chars() {
        if ch.is_ascii_punctuation() {
            md.push('\\');
        }
        md.push(if ch == '\n' { ' ' } else { ch });
    }
    md.push_str("](<");
    for ch in src.chars() {
        if matches!(ch, '<' | '>' | '\\') {
            md.push('\\');
        }
        md.push(ch);
    }
    md.push('>');
    if let Some(t) = caption {
        md.push_str(" \"");
        for ch in t.chars() {
            if matches!(ch, '"' | '\\') {
                md.push('\\');
            }
            md.push(ch);
        }
        md.push('"');
    }
    md.push(')');
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn prep(body: &str) -> Result<Option<Prepared>, Vec<Diagnostic>> {
        let text = format!("---\ntitle: x\n---\n{body}");
        prepare("content/a.md", &text, "---\ntitle: x\n---\n".len())
    }

    #[test]
    fn text_that_only_looks_like_a_shortcode_stays_as_written() {
        for body in [
            "{{ x }}",
            "{{",
            "{%",
            "{{ Unit(id=1) }}",
            "\\{{ unit(id=\"a\") }}",
            "`{{ unit() }}`",
            "{% endif %}",
        ] {
            assert!(matches!(prep(body), Ok(None)), "{body}");
        }
    }

    #[test]
    fn values_and_escapes_are_read() {
        let p = prep("{{ site(a=\"q \\\" b \\\\\", n=-12, t=true, f=false) }}\n")
            .expect("valid")
            .expect("one call");
        let c = &p.calls[0];
        assert_eq!(c.str("a"), Some("q \" b \\"));
        assert_eq!(c.int("n"), Some(-12));
        assert_eq!(c.arg("t").map(|a| &a.value), Some(&Value::Bool(true)));
        assert!(c.block);
        assert_eq!(p.markdown, "<!--bangvang-shortcode-0-->\n");
    }

    #[test]
    fn figure_becomes_markdown_image_syntax() {
        let p = prep("{{ figure(src=\"a b.jpg\", caption=\"Hội \\\"nghị\\\"\", alt=\"[x]\") }}")
            .expect("valid")
            .expect("rewritten");
        assert_eq!(p.markdown, "![\\[x\\]](<a b.jpg> \"Hội \\\"nghị\\\"\")");
        assert!(p.calls.is_empty());
    }

    proptest! {
        /// Any text: no panic, and every error's line and column are those of its span.
        #[test]
        fn never_panics_and_positions_agree(body in "[{}%()\"\\\\=, \n`a-z0-9đ]{0,80}") {
            let text = format!("---\ntitle: x\n---\n{body}");
            if let Err(diags) = prepare("content/a.md", &text, "---\ntitle: x\n---\n".len()) {
                for d in diags {
                    let loc = d.loc.expect("a position");
                    let again = locate(&text, loc.start, loc.end);
                    prop_assert_eq!((again.line, again.col), (loc.line, loc.col));
                }
            }
        }
    }
}
