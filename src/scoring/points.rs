//! Exact decimal points in hundredths. Scores are compared and summed as
//! integers so that 0.1 + 0.2 is 0.3 and ties are exact: a binary float could
//! turn a tie into a one-place difference in rank.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};

use crate::diag::Location;
use crate::yaml::{Ctx, Kind, Node};

/// Points in hundredths: `Points(950)` is 9.5 points.
///
/// Every value read from a file is at most [`Points::MAX`], and a file holds at
/// most [`crate::yaml::MAX_NODES`] values, so no sum of them comes near
/// `i64::MAX`; the arithmetic still saturates rather than panic or wrap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(i64);

/// Why a text is not a number of points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PointsError {
    /// Nothing written.
    Empty,
    /// `9.125`: a third decimal place that is not zero.
    TooManyDecimals,
    /// `9,5`: a decimal comma; carries the text with a dot.
    Comma(String),
    /// Above [`Points::MAX`] in absolute value.
    TooLarge,
    /// Anything else: words, `1e3`, `.inf`, `1_000`.
    NotANumber,
}

impl Points {
    pub const ZERO: Points = Points(0);
    /// One million points: far above any sheet (100 or 1000 points), low enough
    /// that sums cannot overflow.
    pub const MAX: Points = Points(100_000_000);

    pub const fn from_hundredths(h: i64) -> Points {
        Points(h)
    }

    /// Whole points, for tests and constants.
    pub const fn whole(n: i64) -> Points {
        Points(n.saturating_mul(100))
    }

    pub const fn hundredths(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn checked_add(self, other: Points) -> Option<Points> {
        self.0.checked_add(other.0).map(Points)
    }

    pub fn checked_sub(self, other: Points) -> Option<Points> {
        self.0.checked_sub(other.0).map(Points)
    }

    /// Parses a plain decimal: `10`, `9.5`, `8.75`, `0`, `-1.5`, `+2`. Trailing zeros
    /// past the second place (`9.500`) are accepted: they change nothing.
    pub fn parse(text: &str) -> Result<Points, PointsError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(PointsError::Empty);
        }
        let (negative, body) = match (t.strip_prefix('-'), t.strip_prefix('+')) {
            (Some(rest), _) => (true, rest),
            (_, Some(rest)) => (false, rest),
            _ => (false, t),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (body, None),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let frac_ok = frac.is_none_or(digits);
        if !digits(int) || !frac_ok || (int.is_empty() && frac.is_none_or(str::is_empty)) {
            // A decimal comma is the usual way to write 9,5 in Vietnamese: say so.
            if let Some((i, f)) = body.split_once(',')
                && !i.is_empty()
                && !f.is_empty()
                && digits(i)
                && digits(f)
            {
                let sign = if negative { "-" } else { "" };
                return Err(PointsError::Comma(format!("{sign}{i}.{f}")));
            }
            return Err(PointsError::NotANumber);
        }
        let frac = frac.unwrap_or("");
        if frac.bytes().skip(2).any(|b| b != b'0') {
            return Err(PointsError::TooManyDecimals);
        }
        // Leading zeros are harmless; only the significant digits can be too many.
        let int = int.trim_start_matches('0');
        if int.len() > 7 {
            return Err(PointsError::TooLarge);
        }
        let whole: i64 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| PointsError::NotANumber)?
        };
        let mut cents = 0;
        for (i, b) in frac.bytes().take(2).enumerate() {
            let d = i64::from(b - b'0');
            cents += if i == 0 { d * 10 } else { d };
        }
        let v = whole * 100 + cents;
        if v > Self::MAX.0 {
            return Err(PointsError::TooLarge);
        }
        Ok(Points(if negative { -v } else { v }))
    }

    /// A JSON number with at most two decimals: `97` when whole, else the nearest
    /// double to the decimal, which serde_json prints shortest (96.49, never
    /// 96.49999). `h / 100.0` is correctly rounded because both operands are exact.
    pub fn to_json(self) -> serde_json::Value {
        if self.0 % 100 == 0 {
            serde_json::Value::from(self.0 / 100)
        } else {
            // |h| ≤ 2^53 for every reachable value, so `as f64` is exact.
            serde_json::Number::from_f64(self.0 as f64 / 100.0)
                .map_or(serde_json::Value::Null, serde_json::Value::Number)
        }
    }
}

impl fmt::Display for Points {
    /// Plain form for messages and tests: `9.5`, `3`, `0.25`, `-1.5`. Pages use
    /// `text::format_hundredths`, which follows the site's language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let (whole, cents) = (a / 100, a % 100);
        match cents {
            0 => write!(f, "{sign}{whole}"),
            c if c % 10 == 0 => write!(f, "{sign}{whole}.{}", c / 10),
            c => write!(f, "{sign}{whole}.{c:02}"),
        }
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points(self.0.saturating_sub(rhs.0))
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Points> for Points {
    fn sum<I: Iterator<Item = &'a Points>>(iter: I) -> Points {
        iter.copied().sum()
    }
}

/// Reads a number of points that must not be negative, reporting any problem at
/// the node. `what` names the value in messages ("`bonus_cap`", "I.1").
pub fn read(ctx: &mut Ctx, node: &Node, what: &str) -> Option<Points> {
    let (text, quoted) = match &node.kind {
        Kind::Scalar { text, quoted } => (text.as_str(), *quoted),
        Kind::Null => {
            ctx.error(
                node.loc,
                format!("{what} needs a number"),
                Some("write a number such as 9.5".to_owned()),
            );
            return None;
        }
        _ => {
            ctx.error(
                node.loc,
                format!("{what} must be a number, found {}", node.kind_name()),
                None,
            );
            return None;
        }
    };
    let parsed = Points::parse(text);
    if quoted {
        // Quotes make a value text in YAML; refuse it so a typo'd number is not
        // silently read, and say how to fix the common case.
        let hint = match parsed {
            Ok(_) => "a number, not text: remove the quotes".to_owned(),
            Err(_) => "write a number such as 9.5, without quotes".to_owned(),
        };
        ctx.error(node.loc, format!("{what}: `{text}` is text, not a number"), Some(hint));
        return None;
    }
    match parsed {
        Ok(p) if p.is_negative() => {
            ctx.error(
                node.loc,
                format!("{what} cannot be below 0; {p} given"),
                Some("write points as positive numbers (deductions too: they are subtracted)".to_owned()),
            );
            None
        }
        Ok(p) => Some(p),
        Err(e) => {
            let (msg, hint) = match e {
                PointsError::Empty => (
                    format!("{what} needs a number"),
                    "write a number such as 9.5".to_owned(),
                ),
                PointsError::TooManyDecimals => (
                    format!("{what}: {text}: at most two decimal places"),
                    "points carry at most two decimal places, e.g. 8.75".to_owned(),
                ),
                PointsError::Comma(fixed) => (
                    format!("{what}: `{text}` is text, not a number"),
                    format!("write {fixed}: a decimal point, not a comma"),
                ),
                PointsError::TooLarge => (
                    format!("{what}: {text} is too large"),
                    format!("points are at most {}", Points::MAX),
                ),
                PointsError::NotANumber => (
                    format!("{what}: `{text}` is not a number"),
                    "write a plain number such as 10, 9.5 or 8.75".to_owned(),
                ),
            };
            ctx.error(node.loc, msg, Some(hint));
            None
        }
    }
}

/// `{ max: 6,5 }` is YAML for `max: 6` and a key `5` without a value: the
/// decimal comma, usual in Vietnamese, split the number inside a flow map. The
/// parse is valid YAML, so without this the author would only hear of an
/// unknown key `5`. Reports each such pair at the stray key and returns the
/// stray keys' positions, so a caller can leave out its own error for them.
pub fn split_decimals(ctx: &mut Ctx, map: &Node) -> Vec<Location> {
    let Kind::Map(entries) = &map.kind else {
        return Vec::new();
    };
    let digits = |n: &Node| match &n.kind {
        Kind::Scalar { text, quoted: false } => !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    };
    let mut out = Vec::new();
    for pair in entries.windows(2) {
        let [(k1, v1), (k2, v2)] = pair else { continue };
        // Only `6,5` written tight: `6, 5` could be meant as two entries.
        if digits(v1) && digits(k2) && v2.is_null() && k2.loc.line == v1.loc.line && k2.loc.start == v1.loc.end + 1 {
            let (key, whole, frac) = (
                k1.scalar().unwrap_or_default(),
                v1.scalar().unwrap_or_default(),
                k2.scalar().unwrap_or_default(),
            );
            ctx.error(
                k2.loc,
                format!("`{key}: {whole},{frac}` reads as two entries: a decimal comma splits a number inside {{ }}"),
                Some(format!("write {whole}.{frac}")),
            );
            out.push(k2.loc);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn p(s: &str) -> Result<Points, PointsError> {
        Points::parse(s)
    }

    #[test]
    fn parses_plain_decimals_exactly() {
        assert_eq!(p("10"), Ok(Points(1000)));
        assert_eq!(p("9.5"), Ok(Points(950)));
        assert_eq!(p("8.75"), Ok(Points(875)));
        assert_eq!(p("0"), Ok(Points(0)));
        assert_eq!(p("9.50"), Ok(Points(950)));
        assert_eq!(p("9.500"), Ok(Points(950)));
        assert_eq!(p("0.05"), Ok(Points(5)));
        assert_eq!(p(".5"), Ok(Points(50)));
        assert_eq!(p("7."), Ok(Points(700)));
        assert_eq!(p("007"), Ok(Points(700)));
        assert_eq!(p("-1.5"), Ok(Points(-150)));
        assert_eq!(p("+2"), Ok(Points(200)));
        assert_eq!(p("1000000"), Ok(Points::MAX));
    }

    #[test]
    fn refuses_what_is_not_a_plain_decimal() {
        assert_eq!(p("9.125"), Err(PointsError::TooManyDecimals));
        assert_eq!(p("9.001"), Err(PointsError::TooManyDecimals));
        assert_eq!(p("9,5"), Err(PointsError::Comma("9.5".into())));
        assert_eq!(p("-9,5"), Err(PointsError::Comma("-9.5".into())));
        assert_eq!(p("1000000.01"), Err(PointsError::TooLarge));
        assert_eq!(p("99999999999999999999999"), Err(PointsError::TooLarge));
        assert_eq!(p(""), Err(PointsError::Empty));
        for bad in [
            ".", "-", "1e3", "0x10", ".inf", ".nan", "1_000", "1.2.3", "abc", "9,", "1,000,5", "- 1", "٣",
        ] {
            assert_eq!(p(bad), Err(PointsError::NotANumber), "{bad}");
        }
    }

    #[test]
    fn sums_are_exact() {
        let s: Points = [p("0.1"), p("0.2")].into_iter().map(|r| r.unwrap_or_default()).sum();
        assert_eq!(s, Points(30));
        assert_eq!(s, p("0.3").unwrap_or_default());
        assert_eq!(Points(5) - Points(7), Points(-2));
        assert_eq!(Points(i64::MAX) + Points(1), Points(i64::MAX));
        assert_eq!(Points(i64::MAX).checked_add(Points(1)), None);
        assert_eq!(Points(i64::MIN).checked_sub(Points(1)), None);
    }

    #[test]
    fn displays_shortest_plain_form() {
        let shown: Vec<String> = [950, 300, 25, -150, 5, 0, 9649].map(|h| Points(h).to_string()).into();
        assert_eq!(shown, ["9.5", "3", "0.25", "-1.5", "0.05", "0", "96.49"]);
    }

    #[test]
    fn json_is_integer_when_whole_and_never_binary_noise() {
        assert_eq!(Points(9700).to_json().to_string(), "97");
        assert_eq!(Points(9649).to_json().to_string(), "96.49");
        assert_eq!(Points(30).to_json().to_string(), "0.3");
        assert_eq!(Points(-50).to_json().to_string(), "-0.5");
        // Every value with two decimals prints as written.
        for h in (0..200_000).step_by(7) {
            let s = Points(h).to_json().to_string();
            let back = Points::parse(&s);
            assert_eq!(back, Ok(Points(h)), "{h} printed as {s}");
        }
    }

    #[test]
    fn a_decimal_comma_in_a_flow_map_is_named() {
        let n =
            parse("{ code: I.1, max: 6,5, title: x }\n", "t.yaml", 0, 0).unwrap_or_else(|d| panic!("{}", d.one_line()));
        let mut ctx = Ctx::new("t.yaml");
        let at = split_decimals(&mut ctx, &n);
        let msgs: Vec<String> = ctx.diags.iter().map(|d| d.one_line()).collect();
        assert_eq!(
            msgs,
            [
                "error: t.yaml:1:21: `max: 6,5` reads as two entries: a decimal comma splits a number inside { } (hint: write 6.5)"
            ]
        );
        assert_eq!(at.len(), 1);
        // Spaced, or on separate lines, they are two entries as written.
        for yaml in ["{ 1: 6, 5: }\n", "1: 6\n5:\n"] {
            let n = parse(yaml, "t.yaml", 0, 0).unwrap_or_else(|d| panic!("{}", d.one_line()));
            let mut ctx = Ctx::new("t.yaml");
            assert!(
                split_decimals(&mut ctx, &n).is_empty() && ctx.diags.is_empty(),
                "{yaml}"
            );
        }
    }

    fn read_one(yaml: &str) -> (Option<Points>, Vec<String>) {
        let n = parse(yaml, "t.yaml", 0, 0).unwrap_or_else(|d| panic!("{}", d.one_line()));
        let v = n.get("v").cloned().unwrap_or(Node {
            kind: Kind::Null,
            loc: n.loc,
        });
        let mut ctx = Ctx::new("t.yaml");
        let r = read(&mut ctx, &v, "I.1");
        (r, ctx.diags.iter().map(|d| d.one_line()).collect())
    }

    #[test]
    fn read_reports_each_problem_at_the_value_with_a_hint() {
        assert_eq!(read_one("v: 9.5\n"), (Some(Points(950)), vec![]));
        let cases = [
            (
                "v: 9.125\n",
                "error: t.yaml:1:4: I.1: 9.125: at most two decimal places (hint: points carry at most two decimal places, e.g. 8.75)",
            ),
            (
                "v: 9,5\n",
                "error: t.yaml:1:4: I.1: `9,5` is text, not a number (hint: write 9.5: a decimal point, not a comma)",
            ),
            (
                "v: '9.5'\n",
                "error: t.yaml:1:4: I.1: `9.5` is text, not a number (hint: a number, not text: remove the quotes)",
            ),
            (
                "v: -1\n",
                "error: t.yaml:1:4: I.1 cannot be below 0; -1 given (hint: write points as positive numbers (deductions too: they are subtracted))",
            ),
            (
                "v: 1e9\n",
                "error: t.yaml:1:4: I.1: `1e9` is not a number (hint: write a plain number such as 10, 9.5 or 8.75)",
            ),
            (
                "v: 12345678\n",
                "error: t.yaml:1:4: I.1: 12345678 is too large (hint: points are at most 1000000)",
            ),
            ("v: [1]\n", "error: t.yaml:1:4: I.1 must be a number, found a list"),
            (
                "v:\n",
                "error: t.yaml:1:2: I.1 needs a number (hint: write a number such as 9.5)",
            ),
        ];
        for (yaml, want) in cases {
            let (r, msgs) = read_one(yaml);
            assert_eq!(r, None, "{yaml}");
            assert_eq!(msgs, [want], "{yaml}");
        }
    }
}
