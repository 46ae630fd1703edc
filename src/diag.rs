//! Diagnostics: every problem a build finds, collected rather than thrown, so one
//! run reports all of them together, each with its file, line, column and a hint.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file. Lines and columns are 1-based and count characters;
/// `start..end` is the byte range the caret underlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Location {
    pub line: usize,
    pub col: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators, as the author sees it.
    pub file: String,
    pub loc: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, loc: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            loc,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl Into<String>, loc: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, loc, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or just the file when there is no position.
    pub fn position(&self) -> String {
        match self.loc {
            Some(l) => format!("{}:{}:{}", self.file, l.line, l.col),
            None => self.file.clone(),
        }
    }

    /// One line, for logs and tests: `error: file:3:7: message (hint)`.
    pub fn one_line(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut s = format!("{kind}: {}: {}", self.position(), self.message);
        if let Some(h) = &self.hint {
            let _ = write!(s, " (hint: {h})");
        }
        s
    }
}

/// A collection of diagnostics; order is made deterministic before printing.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }
    /// Errors first, then by file and position, so output does not depend on
    /// which thread finished first.
    pub fn sort(&mut self) {
        self.items
            .sort_by(|a, b| (a.severity, &a.file, a.loc, &a.message).cmp(&(b.severity, &b.file, b.loc, &b.message)));
        self.items.dedup();
    }
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The texts of the files read during a build, kept so diagnostics can show a snippet.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: BTreeMap<String, Arc<str>>,
}

impl Sources {
    pub fn insert(&mut self, file: impl Into<String>, text: Arc<str>) {
        self.files.insert(file.into(), text);
    }
    pub fn get(&self, file: &str) -> Option<&Arc<str>> {
        self.files.get(file)
    }
    pub fn extend(&mut self, other: Sources) {
        self.files.extend(other.files);
    }
    /// Keeps only the texts `keep` accepts (by file).
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.files.retain(|file, _| keep(file));
    }
}

/// Renders one diagnostic with a source snippet and caret when the text is known.
pub fn render(d: &Diagnostic, sources: &Sources) -> String {
    let text = sources.get(&d.file);
    let loc = d
        .loc
        .filter(|l| text.is_some_and(|t| l.start <= l.end && l.end <= t.len()));
    let (Some(text), Some(loc)) = (text, loc) else {
        let mut s = d.one_line();
        s.push('\n');
        return s;
    };
    let mut files = SimpleFiles::new();
    let id = files.add(d.file.as_str(), text.as_ref());
    let cs = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    };
    let mut cs = cs
        .with_message(&d.message)
        .with_labels(vec![Label::primary(id, loc.start..loc.end)]);
    if let Some(h) = &d.hint {
        cs = cs.with_notes(vec![format!("help: {h}")]);
    }
    term::emit_into_string(&Config::default(), &files, &cs).unwrap_or_else(|_| d.one_line() + "\n")
}

/// Renders every diagnostic and a closing summary line.
pub fn render_all(diags: &Diagnostics, sources: &Sources) -> String {
    let mut out = String::new();
    for d in diags.iter() {
        out.push_str(&render(d, sources));
        out.push('\n');
    }
    let errors = diags.error_count();
    let warnings = diags.iter().count() - errors;
    if errors > 0 {
        let _ = writeln!(
            out,
            "build failed: {errors} error{}{}; the previous output was left as it was",
            if errors == 1 { "" } else { "s" },
            if warnings > 0 {
                format!(", {warnings} warning(s)")
            } else {
                String::new()
            }
        );
    }
    out
}

/// Displays a path relative to the site root with `/` separators.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf());
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Computes a [`Location`] from a byte offset range in `text`.
pub fn locate(text: &str, start: usize, end: usize) -> Location {
    let start = floor_char_boundary(text, start.min(text.len()));
    let end = floor_char_boundary(text, end.clamp(start, text.len()));
    let before = &text[..start];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..start].chars().count() + 1;
    Location { line, col, start, end }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_characters() {
        let text = "a: 1\nhuyền: x\n";
        let start = text.find('x').unwrap();
        let l = locate(text, start, start + 1);
        assert_eq!((l.line, l.col), (2, 8));
    }

    #[test]
    fn render_shows_position_snippet_and_hint() {
        let mut sources = Sources::default();
        sources.insert("site.yaml", Arc::from("title: x\ntitel: y\n"));
        let d = Diagnostic::error(
            "site.yaml",
            Some(locate("title: x\ntitel: y\n", 9, 14)),
            "unknown key `titel`",
        )
        .with_hint("did you mean `title`?");
        let out = render(&d, &sources);
        assert!(out.contains("site.yaml:2:1"), "{out}");
        assert!(out.contains("titel: y"), "{out}");
        assert!(out.contains("did you mean `title`?"), "{out}");
    }

    #[test]
    fn render_without_source_is_one_line() {
        let d = Diagnostic::error("x.md", None, "not UTF-8");
        assert_eq!(render(&d, &Sources::default()), "error: x.md: not UTF-8\n");
    }

    #[test]
    fn sort_puts_errors_first_and_dedups() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::warning("a", None, "w"));
        ds.push(Diagnostic::error("b", None, "e"));
        ds.push(Diagnostic::error("b", None, "e"));
        ds.sort();
        let v = ds.into_vec();
        assert_eq!(v.len(), 2);
        assert!(v[0].is_error());
    }
}
