//! Front matter: the YAML block between two `---` lines at the top of a Markdown
//! file, split off by hand (pulldown-cmark's metadata option silently drops a
//! `---` block in the middle of a body) and decoded with positions.

use jiff::civil::{Date, Time};
use jiff::tz::Offset;

use crate::diag::{Diagnostic, Location};
use crate::text;
use crate::yaml::{self, Ctx, Node};

pub const KEYS: &[&str] = &[
    "title", "date", "summary", "tags", "units", "cluster", "year", "author", "image", "draft", "slug", "extra",
];

/// The offset assumed for dates written without one: Vietnam's (UTC+7).
pub const DEFAULT_OFFSET_HOURS: i8 = 7;

#[derive(Clone, Debug, PartialEq)]
pub struct PageDate {
    pub date: Date,
    /// Only when the author wrote a time.
    pub time: Option<Time>,
    pub offset: Offset,
    /// Seconds since 1970 UTC, computed once: lists sort by it many times.
    instant: i64,
}

impl PageDate {
    pub fn new(date: Date, time: Option<Time>, offset: Offset) -> PageDate {
        let instant = text::epoch_seconds(date, time.unwrap_or(Time::midnight()), offset.seconds());
        PageDate {
            date,
            time,
            offset,
            instant,
        }
    }

    /// The moment, for ordering: total for every date, so no date sorts as
    /// another one.
    pub fn instant(&self) -> i64 {
        self.instant
    }

    /// RFC 3339 in the offset the author wrote (midnight when no time was).
    pub fn rfc3339(&self) -> String {
        text::rfc3339(self.date, self.time.unwrap_or(Time::midnight()), self.offset.seconds())
    }

    /// RFC 2822 in the offset the author wrote.
    pub fn rfc2822(&self) -> String {
        text::rfc2822(self.date, self.time.unwrap_or(Time::midnight()), self.offset.seconds())
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub date: Option<(PageDate, Location)>,
    pub summary: Option<String>,
    pub tags: Vec<(String, Location)>,
    pub units: Vec<(String, Location)>,
    pub cluster: Option<(String, Location)>,
    pub year: Option<(i32, Location)>,
    pub author: Option<String>,
    pub image: Option<String>,
    /// Where `image:` is written, for errors about the photo.
    pub image_at: Option<Location>,
    pub draft: bool,
    pub slug: Option<(String, Location)>,
    pub extra: serde_json::Value,
    /// Units and tags written again (a tag by its URL): kept once in `units`
    /// and `tags`, and warned about from here (a page keeps no warnings of
    /// its own): `("unit", id, where the repeat is)`.
    pub repeated: Vec<(&'static str, String, Location)>,
    /// Where the front matter block is, for errors about the file as a whole.
    pub loc: Location,
}

/// Splits `text` into the front matter YAML (with its line and byte offset) and the body.
pub fn split<'t>(text: &'t str, file: &str) -> Result<(&'t str, usize, usize, &'t str), Diagnostic> {
    let first_end = text.find('\n').unwrap_or(text.len());
    let first_line = Location {
        line: 1,
        col: 1,
        start: 0,
        end: first_end,
    };
    if text[..first_end].trim_end() != "---" {
        return Err(
            Diagnostic::error(file, Some(first_line), "the file does not start with front matter").with_hint(
                "start the file with a line `---`, then `title: …` (and `date: …` in a section), then another `---`",
            ),
        );
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            let body_start = (end + 1).min(text.len());
            return Ok((&text[yaml_start..pos], 1, yaml_start, &text[body_start..]));
        }
        pos = end + 1;
    }
    Err(Diagnostic::error(
        file,
        Some(first_line),
        "the front matter opened on line 1 is never closed",
    )
    .with_hint("add a line `---` after the last front matter key"))
}

pub fn decode(root: &Node, ctx: &mut Ctx) -> Option<FrontMatter> {
    let m = ctx.map(root, "front matter", KEYS)?;
    let title = m
        .require(ctx, "title", "front matter")
        .and_then(|n| ctx.nonempty(n, "title"));
    let date = m.get("date").and_then(|n| parse_date(ctx, n).map(|d| (d, n.loc)));
    let summary = m.get("summary").and_then(|n| ctx.string(n, "summary"));
    let mut repeated = Vec::new();
    let tags = m.get("tags").and_then(|n| ctx.strings(n, "tags")).unwrap_or_default();
    // Each tag is slugified once: a tag without a usable URL is an error of
    // its own (not a repeat of another such tag), the others are kept once by URL.
    let mut by_url = Vec::with_capacity(tags.len());
    for (t, loc) in tags {
        let slug = text::slugify(&t);
        if slug.is_empty() {
            ctx.error(
                loc,
                format!("tag `{t}` has no letters or digits to make its URL from"),
                None,
            );
        } else if slug.len() > text::MAX_NAME {
            ctx.error(
                loc,
                format!(
                    "tag `{}` makes a URL part of {} bytes; at most {} bytes are allowed",
                    text::abbreviate(&t),
                    slug.len(),
                    text::MAX_NAME
                ),
                Some("shorten the tag: a tag is a few words".into()),
            );
        } else {
            by_url.push((slug, t, loc));
        }
    }
    let tags = once(by_url, "tag", &mut repeated);
    let units = m.get("units").and_then(|n| ctx.strings(n, "units")).unwrap_or_default();
    let units = units.into_iter().map(|(u, loc)| (u.clone(), u, loc)).collect();
    let units = once(units, "unit", &mut repeated);
    let cluster = m
        .get("cluster")
        .and_then(|n| ctx.nonempty(n, "cluster").map(|s| (s, n.loc)));
    let year = m
        .get("year")
        .and_then(|n| ctx.int(n, "year", 1900, 2200).map(|y| (y as i32, n.loc)));
    let author = m.get("author").and_then(|n| ctx.nonempty(n, "author"));
    let image = m.get("image").and_then(|n| ctx.nonempty(n, "image"));
    let image_at = m.get("image").map(|n| n.loc);
    let draft = m.get("draft").and_then(|n| ctx.bool(n, "draft")).unwrap_or(false);
    let slug = m.get("slug").and_then(|n| ctx.nonempty(n, "slug").map(|s| (s, n.loc)));
    let extra = match m.get("extra") {
        None => Some(serde_json::Value::Object(Default::default())),
        Some(n) => ctx.map(n, "`extra`", &[]).map(|_| n.to_json()),
    };
    m.finish(ctx, "front matter");
    Some(FrontMatter {
        title: title?,
        date,
        summary,
        tags,
        units,
        cluster,
        year,
        author,
        image,
        image_at,
        draft,
        slug,
        extra: extra?,
        repeated,
        loc: root.loc,
    })
}

/// Each value once, by `key`; the repeats go to `repeated`.
fn once(
    list: Vec<(String, String, Location)>,
    what: &'static str,
    repeated: &mut Vec<(&'static str, String, Location)>,
) -> Vec<(String, Location)> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(list.len());
    for (key, value, loc) in list {
        if seen.contains(&key) {
            repeated.push((what, value, loc));
        } else {
            seen.push(key);
            out.push((value, loc));
        }
    }
    out
}

/// Parses a front matter file's YAML, placed at its offsets in the file.
pub fn parse(file: &str, yaml_text: &str, line: usize, byte: usize) -> Result<Node, Diagnostic> {
    yaml::parse(yaml_text, file, line, byte)
}

fn parse_date(ctx: &mut Ctx, n: &Node) -> Option<PageDate> {
    let s = ctx.string(n, "date")?;
    let t = s.trim();
    let parsed = parse_date_text(t);
    if parsed.as_ref().is_some_and(|d| !text::date_supported(d.date)) || (parsed.is_none() && text::is_far_year(t)) {
        let (message, hint) = text::unsupported_date("date", t);
        ctx.error(n.loc, message, Some(hint));
        return None;
    }
    if parsed.is_none() {
        ctx.error(
            n.loc,
            format!("`date` must be a date like 2023-02-15 or 2023-02-15T14:00:00+07:00, found `{s}`"),
            Some("use the year-month-day order with hyphens; a time is optional".into()),
        );
    }
    parsed
}

/// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` with an optional `Z` or `±HH:MM` offset.
pub fn parse_date_text(s: &str) -> Option<PageDate> {
    let default = Offset::constant(DEFAULT_OFFSET_HOURS);
    if s.len() == 10 {
        let date = s.parse::<Date>().ok()?;
        return Some(PageDate::new(date, None, default));
    }
    let (d, rest) = s.split_at_checked(10)?;
    let rest = rest.strip_prefix(['T', ' '])?;
    let date = d.parse::<Date>().ok()?;
    let (t, offset) = if let Some(t) = rest.strip_suffix(['Z', 'z']) {
        (t, Offset::UTC)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let (t, o) = rest.split_at(i);
        (t, parse_offset(o)?)
    } else {
        (rest, default)
    };
    if !(t.len() == 5 || t.len() == 8) {
        return None;
    }
    let time = t.parse::<Time>().ok()?;
    Some(PageDate::new(date, Some(time), offset))
}

fn parse_offset(o: &str) -> Option<Offset> {
    let sign = if o.starts_with('-') { -1 } else { 1 };
    let digits = &o.get(1..)?;
    let (h, m) = digits.split_once(':').unwrap_or((digits.get(..2)?, digits.get(2..)?));
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m > 59 || digits.len() > 5 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let (y, line, byte, body) = split("---\ntitle: A\n---\nBody\n", "a.md").unwrap();
        assert_eq!((y, line, byte, body), ("title: A\n", 1, 4, "Body\n"));
        let (y, _, _, body) = split("---\ntitle: A\n---", "a.md").unwrap();
        assert_eq!((y, body), ("title: A\n", ""));
    }

    #[test]
    fn missing_or_unclosed_front_matter() {
        assert!(
            split("# Title\n", "a.md")
                .unwrap_err()
                .message
                .contains("does not start")
        );
        let e = split("---\ntitle: A\nbody\n", "a.md").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn dates_with_and_without_time() {
        let d = parse_date_text("2023-02-15").unwrap();
        assert_eq!((d.date.day(), d.time), (15, None));
        let d = parse_date_text("2023-02-15T14:00:00+07:00").unwrap();
        assert_eq!(d.time.map(|t| t.hour()), Some(14));
        assert_eq!(d.rfc3339(), "2023-02-15T14:00:00+07:00");
        assert_eq!(d.instant(), 1_676_444_400);
        assert!(parse_date_text("2023-02-15T14:00:00Z").is_some());
        for bad in [
            "15/02/2023",
            "2023-02-30",
            "2023-02-15T25:00",
            "2023-02-15T14:00+99:00",
            "2023-2-5",
        ] {
            assert!(parse_date_text(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_wrong_extra_does_not_hide_the_other_keys() {
        let node = parse("a.md", "title: X\nextra: 5\ntgas: [a]\n", 1, 4).unwrap();
        let mut ctx = Ctx::new("a.md");
        assert!(decode(&node, &mut ctx).is_none());
        let msgs: Vec<_> = ctx.diags.iter().map(Diagnostic::one_line).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[1].contains("a.md:4:1") && msgs[1].contains("`tags`"), "{msgs:?}");
    }

    #[test]
    fn units_and_tags_are_kept_once() {
        let text = "---\ntitle: X\nunits: [a, b, a]\ntags: [Giao ước, x, giao uoc]\n---\n";
        let (y, line, byte, _) = split(text, "a.md").unwrap();
        let node = parse("a.md", y, line, byte).unwrap();
        let mut ctx = Ctx::new("a.md");
        let fm = decode(&node, &mut ctx).unwrap();
        let names = |l: &[(String, Location)]| l.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>();
        assert_eq!(names(&fm.units), ["a", "b"]);
        // A tag is its URL: two spellings of one are one tag, the first kept.
        assert_eq!(names(&fm.tags), ["Giao ước", "x"]);
        let repeated: Vec<(&str, &str, usize)> = fm.repeated.iter().map(|(w, v, l)| (*w, v.as_str(), l.col)).collect();
        assert_eq!(repeated, [("tag", "giao uoc", 21), ("unit", "a", 15)]);
    }

    #[test]
    fn tags_without_a_url_are_each_an_error_not_repeats_of_each_other() {
        let text = "---\ntitle: X\ntags: ['!!!', '???']\n---\n";
        let (y, line, byte, _) = split(text, "a.md").unwrap();
        let node = parse("a.md", y, line, byte).unwrap();
        let mut ctx = Ctx::new("a.md");
        let fm = decode(&node, &mut ctx).unwrap();
        let cols: Vec<usize> = ctx.diags.iter().filter_map(|d| d.loc.map(|l| l.col)).collect();
        assert_eq!(cols, [8, 15], "{:?}", ctx.diags);
        assert!(ctx.diags.iter().all(|d| d.message.contains("no letters or digits")));
        assert!(fm.repeated.is_empty(), "{:?}", fm.repeated);
    }

    #[test]
    fn decodes_with_positions() {
        let text = "---\ntitle: X\nunits: [a, b]\ndraft: true\n---\n";
        let (y, line, byte, _) = split(text, "a.md").unwrap();
        let node = parse("a.md", y, line, byte).unwrap();
        let mut ctx = Ctx::new("a.md");
        let fm = decode(&node, &mut ctx).unwrap();
        assert!(fm.draft);
        assert_eq!(fm.units[1].1.line, 3);
        assert_eq!(&text[fm.units[1].1.start..fm.units[1].1.end], "b");
    }
}
