//! A unit's results across years as an inline SVG chart, drawn at build time.
//!
//! The chart is a line of totals (left axis) with a dot and its value for each
//! year, and under each year's label the rank that year ("hạng 2/8"). Ranks are
//! written, not plotted: a second, inverted axis is hard to read and does not
//! survive black-and-white printing. A year without a total leaves a gap in the
//! line, and so does a year missing from the input between two others.
//!
//! The SVG has no script, no external references and no fixed colours: it draws
//! with `currentColor` and carries classes (`history-chart`, `chart-line`,
//! `chart-dot`, …) that the theme's style sheet colours for light, dark and print.
//! It is responsive (`viewBox`, `width="100%"`), accessible (`role="img"`, a
//! `<title>` and a `<desc>` holding [`history_text`]) and deterministic: every
//! coordinate is written with one decimal.

use std::fmt::Write as _;

use crate::text::{Lang, format_hundredths};

/// One year of a unit's results.
#[derive(Clone, Debug)]
pub struct Point {
    pub year: i32,
    /// Hundredths of a point: 9575 is 95.75.
    pub total: Option<i64>,
    pub rank: Option<u32>,
    /// How many units were ranked that year.
    pub of: u32,
}

/// The words the chart writes, in the site's language.
#[derive(Debug)]
pub struct ChartLabels {
    /// The chart's accessible name, e.g. "Kết quả qua các năm".
    pub title: String,
    /// The word after a total, e.g. "điểm" ("95,75 điểm"); also the left axis' unit.
    pub total: String,
    /// The word before a rank, e.g. "hạng" ("hạng 2/8").
    pub rank: String,
}

/// The unit of the total axis when the sheet is on the usual 100-point scale.
const HUNDRED: i64 = 10_000;
/// Steps of the total axis, in hundredths, smallest first.
const STEPS: [i64; 10] = [100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 34.0;
const PLOT_H: f64 = 150.0;
const BOTTOM: f64 = 52.0;
const SLOT: f64 = 80.0;
const MIN_WIDTH: f64 = 300.0;

/// The chart as an inline `<svg>` element; "" when there are no points.
pub fn history_svg(points: &[Point], lang: Lang, labels: &ChartLabels) -> String {
    if points.is_empty() {
        return String::new();
    }
    let points = sorted(points);
    let years = distinct_years(&points);
    let n = years.len();

    let width = (LEFT + RIGHT + SLOT * n as f64).max(MIN_WIDTH);
    let height = TOP + PLOT_H + BOTTOM;
    let plot_w = width - LEFT - RIGHT;
    let slot_x = |i: usize| LEFT + plot_w * (i as f64 + 0.5) / n as f64;
    let year_x = |year: i32| slot_x(years.iter().position(|y| *y == year).unwrap_or(0));

    let totals: Vec<i64> = points.iter().filter_map(|p| p.total).collect();
    let axis = Axis::for_totals(&totals);
    let value_y = |v: i64| {
        let span = (i128::from(axis.hi) - i128::from(axis.lo)).max(1) as f64;
        TOP + PLOT_H - PLOT_H * (i128::from(v) - i128::from(axis.lo)) as f64 / span
    };

    let mut s = String::with_capacity(2048 + 512 * n);
    // Between 0.75 and 1.25 times the drawn size, so the text stays readable on
    // phones (a long history scrolls in its box) and never grows large on wide screens.
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"history-chart\" viewBox=\"0 0 {} {}\" width=\"100%\" \
         style=\"min-width:{}px;max-width:{}px\" role=\"img\" font-size=\"14\">",
        num(width),
        num(height),
        num(width * 0.75),
        num(width * 1.25)
    );
    let _ = write!(
        s,
        "<title>{}</title><desc>{}</desc>",
        escape(&labels.title),
        escape(&history_text(&points, lang, labels))
    );

    // The total axis: grid lines with their values, and the unit word on top.
    if !totals.is_empty() {
        s.push_str("<g class=\"chart-grid\" fill=\"currentColor\">");
        let mut v = axis.lo;
        while v <= axis.hi {
            let y = value_y(v);
            let _ = write!(
                s,
                "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"currentColor\" stroke-opacity=\"0.25\"/>\
                 <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                num(LEFT),
                num(width - RIGHT),
                num(LEFT - 6.0),
                num(y + 4.0),
                escape(&format_hundredths(v, lang)),
                y = num(y)
            );
            match v.checked_add(axis.step) {
                Some(next) => v = next,
                None => break,
            }
        }
        let _ = write!(
            s,
            "<text class=\"chart-unit\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text></g>",
            num(LEFT - 6.0),
            num(TOP - 18.0),
            escape(&labels.total)
        );
    }
    let _ = write!(
        s,
        "<line class=\"chart-axis\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"currentColor\"/>",
        num(LEFT),
        num(width - RIGHT),
        y = num(TOP + PLOT_H)
    );

    // The line, broken where a year has no total or a year is missing.
    let mut d = String::new();
    let mut prev: Option<(i32, i64)> = None;
    for p in &points {
        match (prev, p.total) {
            (Some((py, _)), Some(t)) if p.year - py <= 1 => {
                let _ = write!(d, " L{} {}", num(year_x(p.year)), num(value_y(t)));
            }
            (_, Some(t)) => {
                let _ = write!(
                    d,
                    "{}M{} {}",
                    if d.is_empty() { "" } else { " " },
                    num(year_x(p.year)),
                    num(value_y(t))
                );
            }
            _ => {}
        }
        prev = p.total.map(|t| (p.year, t));
    }
    if d.contains('L') {
        let _ = write!(
            s,
            "<path class=\"chart-line\" d=\"{d}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.5\" \
             stroke-linejoin=\"round\" stroke-linecap=\"round\"/>"
        );
    }

    // A dot and its value for each total.
    s.push_str("<g class=\"chart-points\">");
    for p in &points {
        if let Some(t) = p.total {
            let (x, y) = (year_x(p.year), value_y(t));
            let _ = write!(
                s,
                "<circle class=\"chart-dot\" cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"currentColor\"/>\
                 <text class=\"chart-value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"currentColor\">{}</text>",
                num(x),
                num(y),
                num(x),
                num(y - 11.0),
                escape(&format_hundredths(t, lang))
            );
        }
    }
    s.push_str("</g>");

    // Under the axis: each year, and the rank that year.
    s.push_str("<g class=\"chart-years\" fill=\"currentColor\" text-anchor=\"middle\">");
    for (i, year) in years.iter().enumerate() {
        let x = num(slot_x(i));
        let _ = write!(
            s,
            "<text class=\"chart-year\" x=\"{x}\" y=\"{}\">{year}</text>",
            num(TOP + PLOT_H + 20.0)
        );
        // With two entries for one year (odd input), the first with a rank speaks.
        if let Some(p) = points.iter().find(|p| p.year == *year && p.rank.is_some()) {
            let _ = write!(
                s,
                "<text class=\"chart-rank{}\" x=\"{x}\" y=\"{}\">{}</text>",
                if p.rank == Some(1) { " is-first" } else { "" },
                num(TOP + PLOT_H + 40.0),
                escape(&rank_text(p, labels))
            );
        }
    }
    s.push_str("</g></svg>");
    s
}

/// The chart as one line of text, oldest year first:
/// "2022: 91,25 điểm, hạng 3/8; 2023: 95,75 điểm, hạng 1/8". "" when there are no points.
pub fn history_text(points: &[Point], lang: Lang, labels: &ChartLabels) -> String {
    let mut parts = Vec::with_capacity(points.len());
    for p in sorted(points) {
        let mut part = format!("{}: ", p.year);
        match p.total {
            Some(t) => {
                part.push_str(&format_hundredths(t, lang));
                if !labels.total.is_empty() {
                    part.push(' ');
                    part.push_str(&labels.total);
                }
            }
            None => part.push('–'),
        }
        if p.rank.is_some() {
            part.push_str(", ");
            part.push_str(&rank_text(&p, labels));
        }
        parts.push(part);
    }
    parts.join("; ")
}

/// "hạng 2/8"; "hạng 2" when the number of ranked units is unknown (0).
fn rank_text(p: &Point, labels: &ChartLabels) -> String {
    let Some(rank) = p.rank else { return String::new() };
    let mut out = String::new();
    if !labels.rank.is_empty() {
        out.push_str(&labels.rank);
        out.push(' ');
    }
    let _ = write!(out, "{rank}");
    if p.of > 0 {
        let _ = write!(out, "/{}", p.of);
    }
    out
}

/// The points by year, oldest first; entries of one year keep their order.
fn sorted(points: &[Point]) -> Vec<Point> {
    let mut v = points.to_vec();
    v.sort_by_key(|p| p.year);
    v
}

fn distinct_years(sorted: &[Point]) -> Vec<i32> {
    let mut years: Vec<i32> = sorted.iter().map(|p| p.year).collect();
    years.dedup();
    years
}

/// The total axis, in hundredths: from `lo` to `hi` in steps of `step`.
#[derive(Debug, PartialEq, Eq)]
struct Axis {
    lo: i64,
    hi: i64,
    step: i64,
}

impl Axis {
    /// From the minimum rounded down to the top of the scale (100, or the
    /// maximum rounded up when a total passes 100), in at most five steps. The
    /// axis spans at least a tenth of its top, so equal totals do not sit on a
    /// needlessly magnified scale.
    fn for_totals(totals: &[i64]) -> Axis {
        let (Some(&min), Some(&max)) = (totals.iter().min(), totals.iter().max()) else {
            return Axis {
                lo: 0,
                hi: HUNDRED,
                step: HUNDRED / 5,
            };
        };
        let top = max.max(HUNDRED);
        let min = min.min(top.saturating_sub(top / 10));
        let mut step = *STEPS.last().unwrap_or(&HUNDRED);
        // A step fits when it spans the totals in at most five steps.
        for s in STEPS {
            if ceil_to(top, s) - floor_to(min, s) <= 5 * s {
                step = s;
                break;
            }
        }
        // Totals beyond the largest step (a 100,000-point sheet) take a step of a fifth of the span.
        let span = ceil_to(top, step) - floor_to(min, step);
        if span > 5 * step {
            step = (span / 5).max(1);
        }
        let hi = ceil_to(top, step);
        let mut lo = floor_to(min, step);
        if lo >= hi {
            lo = hi - step;
        }
        // No axis below zero unless a total is.
        if lo < 0 && totals.iter().all(|t| *t >= 0) {
            lo = 0;
        }
        Axis { lo, hi, step }
    }
}

fn floor_to(v: i64, step: i64) -> i64 {
    v.div_euclid(step).saturating_mul(step)
}

fn ceil_to(v: i64, step: i64) -> i64 {
    let f = floor_to(v, step);
    if f == v { v } else { f.saturating_add(step) }
}

/// A coordinate with one decimal; never NaN or infinite.
fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.1}")
    } else {
        "0.0".to_owned()
    }
}

/// Text for XML content and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> ChartLabels {
        ChartLabels {
            title: "Kết quả qua các năm".into(),
            total: "điểm".into(),
            rank: "hạng".into(),
        }
    }

    fn p(year: i32, total: Option<i64>, rank: Option<u32>, of: u32) -> Point {
        Point { year, total, rank, of }
    }

    fn sample() -> Vec<Point> {
        vec![
            p(2023, Some(9575), Some(1), 8),
            p(2021, Some(8850), Some(5), 8),
            p(2022, Some(9125), Some(3), 8),
        ]
    }

    fn sane(svg: &str) {
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"), "{svg}");
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
    }

    #[test]
    fn no_points_no_chart() {
        assert_eq!(history_svg(&[], Lang::Vi, &labels()), "");
        assert_eq!(history_text(&[], Lang::Vi, &labels()), "");
    }

    #[test]
    fn one_circle_per_point_with_a_total() {
        let mut points = sample();
        points.push(p(2024, None, None, 0));
        let svg = history_svg(&points, Lang::Vi, &labels());
        sane(&svg);
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("role=\"img\"") && svg.contains("viewBox=\"0 0 ") && svg.contains("width=\"100%\""));
        assert!(svg.contains("<title>Kết quả qua các năm</title><desc>"));
        for year in ["2021", "2022", "2023", "2024"] {
            assert!(svg.contains(&format!(">{year}</text>")), "{year}");
        }
        assert!(svg.contains(">hạng 1/8</text>"));
        assert!(svg.contains(&format!(">{}</text>", format_hundredths(9575, Lang::Vi))));
        // No colour of its own: the style sheet decides, for dark mode and print too.
        assert!(!svg.contains('#'), "{svg}");
    }

    #[test]
    fn a_year_without_a_total_breaks_the_line() {
        let points = [
            p(2021, Some(9000), Some(2), 8),
            p(2022, None, None, 0),
            p(2023, Some(9500), Some(1), 8),
        ];
        let svg = history_svg(&points, Lang::Vi, &labels());
        sane(&svg);
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(!svg.contains("chart-line"), "two lone dots need no line: {svg}");

        let points = [
            p(2021, Some(9000), None, 0),
            p(2022, Some(9100), None, 0),
            p(2024, Some(9500), None, 0),
        ];
        let svg = history_svg(&points, Lang::Vi, &labels());
        let d = svg.split("d=\"").nth(1).unwrap().split('"').next().unwrap();
        assert_eq!(d.matches('M').count(), 2, "a missing year is a gap: {d}");
        assert_eq!(d.matches('L').count(), 1, "{d}");
    }

    #[test]
    fn labels_are_escaped() {
        let l = ChartLabels {
            title: "<script>&".into(),
            total: "a<b".into(),
            rank: "\"x\" 'y'".into(),
        };
        let svg = history_svg(&sample(), Lang::Vi, &l);
        sane(&svg);
        assert!(!svg.contains("<script>") && !svg.contains("a<b") && !svg.contains("\"x\""));
        assert!(
            svg.contains("&lt;script&gt;&amp;") && svg.contains("a&lt;b") && svg.contains("&quot;x&quot; &#39;y&#39;")
        );
    }

    #[test]
    fn same_input_same_bytes() {
        let a = history_svg(&sample(), Lang::Vi, &labels());
        let b = history_svg(&sample(), Lang::Vi, &labels());
        assert_eq!(a, b);
        let mut reversed = sample();
        reversed.reverse();
        assert_eq!(
            a,
            history_svg(&reversed, Lang::Vi, &labels()),
            "order of input does not matter"
        );
    }

    #[test]
    fn odd_inputs_stay_finite() {
        let cases: Vec<Vec<Point>> = vec![
            vec![
                p(2021, Some(9000), None, 0),
                p(2022, Some(9000), None, 0),
                p(2023, Some(9000), None, 0),
            ],
            vec![p(2023, Some(10000), Some(1), 0)],
            vec![p(2023, Some(0), Some(8), 8), p(2024, Some(0), None, 0)],
            vec![p(2023, None, None, 0)],
            vec![p(2023, None, Some(3), 0), p(2023, None, None, 0)],
            vec![p(2021, Some(-250), Some(8), 8), p(2022, Some(100_250), Some(1), 8)],
            vec![
                p(1, Some(i64::MAX / 4), None, 0),
                p(i32::MAX, Some(i64::MIN / 4), None, 0),
            ],
            vec![p(2023, Some(95_000), Some(1), 3), p(2024, Some(97_550), Some(2), 3)],
        ];
        for points in cases {
            let svg = history_svg(&points, Lang::Vi, &labels());
            sane(&svg);
            let dots = points.iter().filter(|p| p.total.is_some()).count();
            assert_eq!(svg.matches("<circle").count(), dots, "{svg}");
            assert!(!history_text(&points, Lang::En, &labels()).contains("NaN"));
        }
    }

    #[test]
    fn one_point_is_one_dot_with_its_label() {
        let svg = history_svg(&[p(2023, Some(9575), Some(2), 8)], Lang::Vi, &labels());
        sane(&svg);
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(!svg.contains("chart-line"));
        assert!(svg.contains(&format!(">{}</text>", format_hundredths(9575, Lang::Vi))));
        assert!(svg.contains(">hạng 2/8</text>"));
    }

    #[test]
    fn text_alternative() {
        let t = history_text(&sample(), Lang::Vi, &labels());
        let f = |v| format_hundredths(v, Lang::Vi);
        assert_eq!(
            t,
            format!(
                "2021: {} điểm, hạng 5/8; 2022: {} điểm, hạng 3/8; 2023: {} điểm, hạng 1/8",
                f(8850),
                f(9125),
                f(9575)
            )
        );
        let t = history_text(
            &[p(2024, None, None, 0), p(2023, Some(9000), Some(2), 0)],
            Lang::Vi,
            &labels(),
        );
        assert_eq!(t, format!("2023: {} điểm, hạng 2; 2024: –", f(9000)));
    }

    #[test]
    fn total_axis_runs_from_a_rounded_minimum_to_the_scale() {
        assert_eq!(
            Axis::for_totals(&[8850, 9575]),
            Axis {
                lo: 8500,
                hi: 10000,
                step: 500
            }
        );
        assert_eq!(
            Axis::for_totals(&[7000, 9575]),
            Axis {
                lo: 7000,
                hi: 10000,
                step: 1000
            }
        );
        assert_eq!(
            Axis::for_totals(&[9575, 9575]),
            Axis {
                lo: 9000,
                hi: 10000,
                step: 200
            }
        );
        assert_eq!(
            Axis::for_totals(&[10000]),
            Axis {
                lo: 9000,
                hi: 10000,
                step: 200
            }
        );
        assert_eq!(
            Axis::for_totals(&[9000, 10250]),
            Axis {
                lo: 9000,
                hi: 10500,
                step: 500
            }
        );
        // A 1000-point sheet.
        assert_eq!(
            Axis::for_totals(&[95_000, 97_550]),
            Axis {
                lo: 85_000,
                hi: 100_000,
                step: 5000
            }
        );
        assert_eq!(
            Axis::for_totals(&[0]),
            Axis {
                lo: 0,
                hi: 10000,
                step: 2000
            }
        );
        assert_eq!(
            Axis::for_totals(&[-250, 9000]),
            Axis {
                lo: -5000,
                hi: 10000,
                step: 5000
            }
        );
        let a = Axis::for_totals(&[]);
        assert!(a.lo < a.hi);
    }
}
