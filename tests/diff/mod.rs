//! The line diff a failed snapshot prints: unified-style hunks, each with
//! the line numbers and the column of its first difference (the XML parts of
//! an XLSX are one long line, so a long line shows only a window).

use std::fmt::Write as _;

/// Lines of context around a change, hunks and lines shown per file, and
/// characters of a long line.
const CONTEXT: usize = 2;
const MAX_HUNKS: usize = 4;
const MAX_LINES: usize = 40;
const WINDOW: usize = 100;
/// Above this many line pairs the middle is shown as removed and added
/// rather than aligned, so that a rewritten file does not cost quadratic time.
const MAX_TABLE: usize = 4_000_000;

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

/// The difference between the snapshot `want` and the output `got`.
pub fn unified(rel: &str, want: &[u8], got: &[u8]) -> String {
    let (want, got) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    if want == got {
        return format!("tests/snapshots/{rel}: the bytes differ where they are not UTF-8\n");
    }
    let a: Vec<&str> = want.split('\n').collect();
    let b: Vec<&str> = got.split('\n').collect();
    let ops = edits(&a, &b);

    let mut out = format!("--- tests/snapshots/{rel} (expected)\n+++ the build's output (actual)\n");
    let hunks = hunks(&ops);
    let mut lines = 0;
    for &(from, to) in hunks.iter().take(MAX_HUNKS) {
        let hunk = &ops[from..to];
        // The header names the first changed line, not the first of context.
        let first = from + hunk.iter().take_while(|op| matches!(op, Op::Same(..))).count();
        let (line_a, line_b) = (position_a(&ops[..first]), position_b(&ops[..first]));
        let removed = hunk
            .iter()
            .find_map(|op| if let Op::Removed(i) = op { Some(a[*i]) } else { None });
        let added = hunk
            .iter()
            .find_map(|op| if let Op::Added(j) = op { Some(b[*j]) } else { None });
        let column = first_difference(removed.unwrap_or(""), added.unwrap_or(""));
        let _ = writeln!(
            out,
            "@@ expected line {}, actual line {}, column {} @@",
            line_a + 1,
            line_b + 1,
            column + 1
        );
        for op in hunk {
            if lines == MAX_LINES {
                let _ = writeln!(out, "… (more differences)");
                return out;
            }
            lines += 1;
            let _ = match *op {
                Op::Same(i, _) => writeln!(out, " {}", shown(a[i], column)),
                Op::Removed(i) => writeln!(out, "-{}", shown(a[i], column)),
                Op::Added(j) => writeln!(out, "+{}", shown(b[j], column)),
            };
        }
    }
    if hunks.len() > MAX_HUNKS {
        let _ = writeln!(out, "… {} more places differ", hunks.len() - MAX_HUNKS);
    }
    out
}

/// Where the next line of `a` and of `b` would be after `ops`.
fn position_a(ops: &[Op]) -> usize {
    ops.iter()
        .filter(|op| matches!(op, Op::Same(..) | Op::Removed(_)))
        .count()
}

fn position_b(ops: &[Op]) -> usize {
    ops.iter()
        .filter(|op| matches!(op, Op::Same(..) | Op::Added(_)))
        .count()
}

/// A shortest edit script: the common start and end as they are, the middle
/// aligned by longest common subsequence.
fn edits(a: &[&str], b: &[&str]) -> Vec<Op> {
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let end = (0..a.len().min(b.len()) - start)
        .take_while(|k| a[a.len() - 1 - k] == b[b.len() - 1 - k])
        .count();
    let (ma, mb) = (&a[start..a.len() - end], &b[start..b.len() - end]);
    let mut ops: Vec<Op> = (0..start).map(|k| Op::Same(k, k)).collect();
    if ma.len() * mb.len() <= MAX_TABLE {
        // lcs[i][j]: the longest common subsequence of ma[i..] and mb[j..].
        let w = mb.len() + 1;
        let mut lcs = vec![0u32; (ma.len() + 1) * w];
        for i in (0..ma.len()).rev() {
            for j in (0..mb.len()).rev() {
                lcs[i * w + j] = if ma[i] == mb[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < ma.len() || j < mb.len() {
            if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
                ops.push(Op::Same(start + i, start + j));
                (i, j) = (i + 1, j + 1);
            } else if j == mb.len() || (i < ma.len() && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
                ops.push(Op::Removed(start + i));
                i += 1;
            } else {
                ops.push(Op::Added(start + j));
                j += 1;
            }
        }
    } else {
        ops.extend((0..ma.len()).map(|i| Op::Removed(start + i)));
        ops.extend((0..mb.len()).map(|j| Op::Added(start + j)));
    }
    ops.extend((0..end).map(|k| Op::Same(a.len() - end + k, b.len() - end + k)));
    ops
}

/// Ranges of `ops` to print: each change with CONTEXT lines around it,
/// changes closer than that joined into one hunk.
fn hunks(ops: &[Op]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, _) in ops.iter().enumerate().filter(|(_, op)| !matches!(op, Op::Same(..))) {
        let (from, to) = (k.saturating_sub(CONTEXT), (k + CONTEXT + 1).min(ops.len()));
        match out.last_mut() {
            Some(last) if from <= last.1 => last.1 = to,
            _ => out.push((from, to)),
        }
    }
    out
}

/// The index of the first character where two lines differ.
fn first_difference(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// A line with its invisible characters made visible (a lost BOM or `\r`
/// must show), cut to a window around `column` when it is long.
fn shown(line: &str, column: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let (from, to) = if chars.len() > 2 * WINDOW {
        let from = column.saturating_sub(WINDOW / 2).min(chars.len());
        (from, (from + WINDOW).min(chars.len()))
    } else {
        (0, chars.len())
    };
    let mut s = String::new();
    if from > 0 {
        s.push('…');
    }
    for c in &chars[from..to] {
        match c {
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            '\u{feff}' => s.push_str("\\u{feff}"),
            c if c.is_control() => {
                let _ = write!(s, "\\u{{{:x}}}", *c as u32);
            }
            c => s.push(*c),
        }
    }
    if to < chars.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn a_changed_line_shows_with_its_position_and_context() {
        let d = unified("x.html", b"a\nb\nc\nd\ne\n", b"a\nb\nC\nd\ne\n");
        assert!(
            d.contains("@@ expected line 3, actual line 3, column 1 @@\n a\n b\n-c\n+C\n d\n e\n"),
            "{d}"
        );
    }

    #[test]
    fn an_inserted_line_does_not_shift_the_rest_into_the_diff() {
        let d = unified("x.files", b"1\n2\n3\n4\n5\n6\n7\n8\n", b"1\n2\n3\nnew\n4\n5\n6\n7\n8\n");
        assert!(d.contains("\n 2\n 3\n+new\n 4\n 5\n"), "{d}");
        assert_eq!(d.matches('\n').count(), 8, "{d}");
    }

    #[test]
    fn a_lost_bom_and_crlf_are_visible() {
        let d = unified("s.csv", "\u{feff}a,b\r\n".as_bytes(), b"a,b\n");
        assert!(d.contains("-\\u{feff}a,b\\r\n+a,b\n"), "{d}");
    }

    #[test]
    fn a_long_line_shows_a_window_at_its_column() {
        let want = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let got = format!("{}Y{}", "a".repeat(500), "b".repeat(500));
        let d = unified("sheet1.xml", want.as_bytes(), got.as_bytes());
        assert!(d.contains("column 501"), "{d}");
        assert!(d.contains(&format!("-…{}X{}…", "a".repeat(50), "b".repeat(49))), "{d}");
    }
}
