//! The scoring sheet (biểu chấm điểm): a tree of criteria of any depth, kept
//! flat in document order. Flat because every use walks it in that order (the
//! sheet table, breakdowns) and a group's descendants are then one contiguous
//! range, so a subtotal is a sum over a slice.

use std::collections::HashMap;

use super::points::{self, Points};
use crate::diag::Location;
use crate::text;
use crate::yaml::{Ctx, Node};

const CRITERION_KEYS: &[&str] = &["code", "title", "max", "items"];

/// One criterion of the sheet, leaf or group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criterion {
    pub code: String,
    pub title: String,
    /// A leaf's maximum; for a group the sum of its children's.
    pub max: Points,
    /// 0 for the top level.
    pub depth: usize,
    /// For a leaf, its position among the sheet's leaves (the index into a
    /// stage's scores); `None` for a group.
    pub leaf: Option<usize>,
    /// One past this criterion's last descendant in [`Sheet::entries`]; a leaf's
    /// range is itself alone.
    pub end: usize,
    /// Where its `code` is written.
    pub loc: Location,
}

impl Criterion {
    pub fn is_leaf(&self) -> bool {
        self.leaf.is_some()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    entries: Vec<Criterion>,
    /// Entry index of each leaf, in document order.
    leaves: Vec<usize>,
    /// Entry index by code.
    index: HashMap<String, usize>,
}

impl Sheet {
    /// Every criterion in document order (a group before its items), with depth:
    /// what the sheet table on a standings page shows.
    pub fn entries(&self) -> &[Criterion] {
        &self.entries
    }

    /// The top-level criteria, in order: the "groups" of a standings row.
    pub fn top(&self) -> impl Iterator<Item = (usize, &Criterion)> {
        self.entries.iter().enumerate().filter(|(_, c)| c.depth == 0)
    }

    /// The leaves, in document order; the n-th has `leaf == Some(n)`.
    pub fn leaves(&self) -> impl Iterator<Item = &Criterion> {
        self.leaves.iter().filter_map(|&i| self.entries.get(i))
    }

    pub fn leaf_count(&self) -> usize {
        self.leaves.len()
    }

    /// The sheet's whole: the sum of the top-level maxima.
    pub fn total(&self) -> Points {
        self.top().map(|(_, c)| c.max).sum()
    }

    /// The entry index of a code.
    pub fn find(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    pub fn get(&self, entry: usize) -> Option<&Criterion> {
        self.entries.get(entry)
    }

    /// The leaves under an entry (the entry itself if it is a leaf), in order.
    pub fn leaves_under(&self, entry: usize) -> impl Iterator<Item = &Criterion> {
        let end = self.entries.get(entry).map_or(entry, |c| c.end);
        self.entries
            .get(entry..end)
            .unwrap_or_default()
            .iter()
            .filter(|c| c.is_leaf())
    }

    /// An entry's score from one stage's leaf scores (indexed by leaf position);
    /// a missing leaf counts 0.
    pub fn subtotal(&self, entry: usize, scores: &[Option<Points>]) -> Points {
        self.leaves_under(entry)
            .filter_map(|c| c.leaf.and_then(|l| scores.get(l).copied().flatten()))
            .sum()
    }

    /// All codes, for "did you mean" hints.
    pub fn codes(&self) -> Vec<&str> {
        self.entries.iter().map(|c| c.code.as_str()).collect()
    }

    /// A hint for a code that is not a leaf of the sheet.
    pub fn code_hint(&self, code: &str) -> String {
        let leaves: Vec<&str> = self.leaves().map(|c| c.code.as_str()).collect();
        match self.find(code) {
            Some(group) => {
                let under: Vec<&str> = self.leaves_under(group).map(|c| c.code.as_str()).collect();
                format!("`{code}` is a group; score its items: {}", list(&under))
            }
            None => match text::nearest(code, &leaves) {
                Some(n) => format!("did you mean `{n}`?"),
                None => "use a leaf code of the sheet in `criteria`".to_owned(),
            },
        }
    }
}

/// `a, b, c` or `a, b, … and 7 more`, so a message stays one readable line.
pub(crate) fn list(items: &[&str]) -> String {
    const SHOWN: usize = 8;
    let mut s = items.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ");
    if items.len() > SHOWN {
        s.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    s
}

/// Decodes `criteria`. Returns the sheet and whether it is sound enough to check
/// scores against: a missing code or leaf maximum would make every score of that
/// criterion look wrong, so then scores are not checked (the sheet's own errors
/// are reported and the build stops anyway). A group max that differs from its
/// items' sum does not make the sheet unsound: the items are what scores use.
pub fn decode(ctx: &mut Ctx, node: &Node) -> (Sheet, bool) {
    let mut d = Decoder {
        sheet: Sheet::default(),
        sound: true,
    };
    match ctx.list(node, "criteria") {
        Some([]) => {
            ctx.error(
                node.loc,
                "`criteria` is empty",
                Some("list the sheet's criteria: code, title and max or items".to_owned()),
            );
            d.sound = false;
        }
        Some(items) => d.items(ctx, items, 0),
        None => d.sound = false,
    }
    (d.sheet, d.sound)
}

struct Decoder {
    sheet: Sheet,
    sound: bool,
}

impl Decoder {
    // Recursion depth is bounded by the YAML parser's nesting limit.
    fn items(&mut self, ctx: &mut Ctx, items: &[Node], depth: usize) {
        for item in items {
            self.item(ctx, item, depth);
        }
    }

    fn item(&mut self, ctx: &mut Ctx, item: &Node, depth: usize) {
        let Some(m) = ctx.map(item, "a criterion", CRITERION_KEYS) else {
            self.sound = false;
            return;
        };
        // A split max is read as its whole part: scores would be checked against the wrong max.
        if !points::split_decimals(ctx, item).is_empty() {
            self.sound = false;
        }
        let code_node = m.require(ctx, "code", "a criterion");
        let code = code_node.and_then(|n| ctx.nonempty(n, "code"));
        let title = m
            .require(ctx, "title", "a criterion")
            .and_then(|n| ctx.nonempty(n, "title"));
        let max_node = m.get("max");
        let items_node = m.get("items");
        m.finish(ctx, "a criterion");
        let (Some(code), Some(code_node)) = (code, code_node) else {
            self.sound = false;
            return;
        };
        if let Some(&first) = self.sheet.index.get(&code) {
            let line = self.sheet.entries.get(first).map_or(0, |c| c.loc.line);
            ctx.error(
                code_node.loc,
                format!("duplicate criterion code `{code}`"),
                Some(format!("`{code}` is already on line {line}; codes must be unique")),
            );
            self.sound = false;
            return;
        }
        let at = self.sheet.entries.len();
        self.sheet.index.insert(code.clone(), at);
        self.sheet.entries.push(Criterion {
            code: code.clone(),
            title: title.unwrap_or_default(),
            max: Points::ZERO,
            depth,
            leaf: None,
            end: at + 1,
            loc: code_node.loc,
        });
        let what = format!("the max of `{code}`");
        match items_node {
            Some(items_node) => {
                let children = match ctx.list(items_node, "items") {
                    Some([]) => {
                        ctx.error(
                            items_node.loc,
                            format!("group `{code}` has no items"),
                            Some("give it items, or remove `items` and give it a max to make it a leaf".to_owned()),
                        );
                        self.sound = false;
                        &[][..]
                    }
                    Some(children) => children,
                    None => {
                        self.sound = false;
                        &[][..]
                    }
                };
                let sound_before = self.sound;
                self.items(ctx, children, depth + 1);
                let end = self.sheet.entries.len();
                let sum: Points = self
                    .sheet
                    .entries
                    .iter()
                    .skip(at + 1)
                    .filter(|c| c.depth == depth + 1)
                    .map(|c| c.max)
                    .sum();
                if let Some(c) = self.sheet.entries.get_mut(at) {
                    c.end = end;
                    c.max = sum;
                }
                let given = max_node.and_then(|n| points::read(ctx, n, &what).map(|p| (n, p)));
                // Compare only when every item was read: a sum over a partial list would be noise.
                if let Some((n, given)) = given
                    && given != sum
                    && self.sound == sound_before
                {
                    ctx.error(
                        n.loc,
                        format!("group `{code}` gives max {given}, but its items add up to {sum}"),
                        Some(format!("make max {sum}, the sum of its items, or fix the items' max")),
                    );
                }
            }
            None => {
                let max = match max_node {
                    Some(n) => points::read(ctx, n, &what),
                    None => {
                        ctx.error(
                            code_node.loc,
                            format!("criterion `{code}` has neither `max` nor `items`"),
                            Some("a leaf gives `max: <points>`; a group gives `items:`".to_owned()),
                        );
                        None
                    }
                };
                let leaf = self.sheet.leaves.len();
                self.sheet.leaves.push(at);
                if let Some(c) = self.sheet.entries.get_mut(at) {
                    c.leaf = Some(leaf);
                    c.max = max.unwrap_or_default();
                }
                if max.is_none() {
                    self.sound = false;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn sheet(yaml: &str) -> (Sheet, bool, Vec<String>) {
        let n = parse(yaml, "s.yaml", 0, 0).unwrap_or_else(|d| panic!("{}", d.one_line()));
        let mut ctx = Ctx::new("s.yaml");
        let (s, ok) = decode(&mut ctx, &n);
        (s, ok, ctx.diags.iter().map(|d| d.one_line()).collect())
    }

    const TREE: &str = "\
- code: I
  title: Kinh tế
  items:
    - { code: I.1, title: Thu ngân sách, max: 10 }
    - code: I.2
      title: Sản xuất
      max: 7.5
      items:
        - { code: I.2.1, title: a, max: 3 }
        - { code: I.2.2, title: b, max: 4.5 }
- { code: II, title: Xã hội, max: 2.25 }
";

    #[test]
    fn flattens_in_document_order_with_depth_and_group_sums() {
        let (s, ok, diags) = sheet(TREE);
        assert!(ok && diags.is_empty(), "{diags:?}");
        let rows: Vec<(usize, &str, String, bool, usize)> = s
            .entries()
            .iter()
            .map(|c| (c.depth, c.code.as_str(), c.max.to_string(), c.is_leaf(), c.end))
            .collect();
        assert_eq!(
            rows,
            [
                (0, "I", "17.5".to_owned(), false, 5),
                (1, "I.1", "10".to_owned(), true, 2),
                (1, "I.2", "7.5".to_owned(), false, 5),
                (2, "I.2.1", "3".to_owned(), true, 4),
                (2, "I.2.2", "4.5".to_owned(), true, 5),
                (0, "II", "2.25".to_owned(), true, 6),
            ]
        );
        assert_eq!(s.total(), Points::from_hundredths(1975));
        assert_eq!(
            s.leaves().map(|c| c.code.as_str()).collect::<Vec<_>>(),
            ["I.1", "I.2.1", "I.2.2", "II"]
        );
        assert_eq!(s.top().map(|(_, c)| c.code.as_str()).collect::<Vec<_>>(), ["I", "II"]);
        let scores = [
            Some(Points::whole(9)),
            None,
            Some(Points::from_hundredths(425)),
            Some(Points::whole(2)),
        ];
        assert_eq!(s.subtotal(0, &scores), Points::from_hundredths(1325));
        assert_eq!(s.subtotal(2, &scores), Points::from_hundredths(425));
        assert_eq!(s.subtotal(5, &scores), Points::whole(2));
    }

    #[test]
    fn group_max_must_equal_its_items_sum() {
        let (_, ok, diags) = sheet(
            "- code: I\n  title: x\n  max: 10\n  items:\n    - { code: I.1, title: a, max: 3 }\n    - { code: I.2, title: b, max: 6.5 }\n",
        );
        assert!(ok, "the items are still usable");
        assert_eq!(
            diags,
            [
                "error: s.yaml:3:8: group `I` gives max 10, but its items add up to 9.5 (hint: make max 9.5, the sum of its items, or fix the items' max)"
            ]
        );
    }

    #[test]
    fn structural_errors_are_reported_and_make_the_sheet_unsound() {
        let (_, ok, diags) = sheet(
            "- { code: I, title: a, max: 3 }\n- { code: I, title: b, max: 3 }\n- { code: II, title: c }\n- { code: III, title: d, items: [] }\n- { title: e, max: 1 }\n- { code: V, title: f, max: 1, maxx: 2 }\n- { code: VI, title: g, max: '2' }\n",
        );
        assert!(!ok);
        assert_eq!(
            diags,
            [
                "error: s.yaml:2:11: duplicate criterion code `I` (hint: `I` is already on line 1; codes must be unique)",
                "error: s.yaml:3:11: criterion `II` has neither `max` nor `items` (hint: a leaf gives `max: <points>`; a group gives `items:`)",
                "error: s.yaml:4:33: group `III` has no items (hint: give it items, or remove `items` and give it a max to make it a leaf)",
                "error: s.yaml:5:3: a criterion needs `code` (hint: add a line `code: …`)",
                "error: s.yaml:6:32: unknown key `maxx` in a criterion (hint: did you mean `max`?)",
                "error: s.yaml:7:30: the max of `VI`: `2` is text, not a number (hint: a number, not text: remove the quotes)",
            ]
        );
    }

    #[test]
    fn a_decimal_comma_in_max_is_named() {
        let (_, ok, diags) = sheet("- { code: I, title: a, max: 6,5 }\n");
        assert!(!ok);
        assert_eq!(
            diags,
            [
                "error: s.yaml:1:31: `max: 6,5` reads as two entries: a decimal comma splits a number inside { } (hint: write 6.5)",
                "error: s.yaml:1:31: unknown key `5` in a criterion (hint: the keys of a criterion are: code, title, max, items)",
            ]
        );
    }

    #[test]
    fn empty_or_wrong_criteria() {
        assert_eq!(
            sheet("[]\n").2,
            ["error: s.yaml:1:1: `criteria` is empty (hint: list the sheet's criteria: code, title and max or items)"]
        );
        assert!(!sheet("a: 1\n").1);
    }

    #[test]
    fn hints_for_codes_that_are_not_leaves() {
        let (s, _, _) = sheet(TREE);
        assert_eq!(s.code_hint("I.2"), "`I.2` is a group; score its items: I.2.1, I.2.2");
        assert_eq!(s.code_hint("I.22.1"), "did you mean `I.2.1`?");
    }
}
