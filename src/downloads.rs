//! Download formats for tables: CSV that Excel opens with Vietnamese intact, and
//! real spreadsheets. Both are deterministic: same table, same bytes.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// One cell. Numbers stay numbers in spreadsheets; hundredths keep them exact
/// until the last step, where a spreadsheet needs a float anyway.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A decimal held as hundredths (9575 = 95.75).
    Hundredths(i64),
    Empty,
}

pub struct Table {
    /// Sheet name (spreadsheets) — at most 31 characters, no []:*?/\ .
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// CSV with a UTF-8 byte-order mark (Excel needs it to read UTF-8), CRLF line
/// ends and RFC 4180 quoting. Decimals use a point, whatever the site language:
/// a comma would be taken for the field separator.
pub fn csv(table: &Table) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let line = |cells: Vec<String>| cells.into_iter().map(|c| quote(&c)).collect::<Vec<_>>().join(",") + "\r\n";
    out.push_str(&line(table.header.clone()));
    for row in &table.rows {
        out.push_str(&line(row.iter().map(cell_text).collect()));
    }
    out.into_bytes()
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Int(i) => i.to_string(),
        Cell::Hundredths(h) => decimal(*h),
        Cell::Empty => String::new(),
    }
}

/// 9575 → "95.75", 9700 → "97", -50 → "-0.5".
pub fn decimal(h: i64) -> String {
    let sign = if h < 0 { "-" } else { "" };
    let a = h.unsigned_abs();
    let (whole, frac) = (a / 100, a % 100);
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

fn quote(s: &str) -> String {
    // A leading = + - @ would make Excel run the cell as a formula.
    let s = if s.starts_with(['=', '+', '@']) || (s.starts_with('-') && s.parse::<f64>().is_err()) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A4 in Excel's paper sizes.
const PAPER_A4: u8 = 9;

/// An .xlsx workbook with one worksheet per table: a bold frozen header
/// row, columns as wide as their longest value (Vietnamese unit names
/// included), numbers as numbers in the General format (`97`, `95.75`:
/// no trailing separator on whole numbers), and a print setup: A4
/// landscape, one page wide, the header row on every page.
pub fn xlsx(tables: &[Table]) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    // A fixed creation date keeps the file byte-identical between builds.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(|e| e.to_string())?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&t.name)).map_err(|e| e.to_string())?;
        for (c, h) in t.header.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| "too many columns".to_owned())?;
            ws.write_string_with_format(0, col, h, &bold)
                .map_err(|e| e.to_string())?;
            ws.set_column_width(col, column_width(t, c))
                .map_err(|e| e.to_string())?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|_| "too many rows".to_owned())?;
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).map_err(|_| "too many columns".to_owned())?;
                match cell {
                    Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()),
                    // The default style: General (number format 0).
                    Cell::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()),
                    Cell::Hundredths(h) => ws.write_number(r, c, *h as f64 / 100.0).map(|_| ()),
                    Cell::Empty => Ok(()),
                }
                .map_err(|e| e.to_string())?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
        ws.set_paper_size(PAPER_A4);
        ws.set_landscape();
        // One page wide, as many pages high as it takes.
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0).map_err(|e| e.to_string())?;
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}

/// Excel widths count characters of the default font: the longest value of
/// the column (a bold header a little wider), plus a margin; at most 60, so
/// a long award title does not push the rest off the page.
pub fn column_width(t: &Table, c: usize) -> f64 {
    let header = t.header.get(c).map_or(0, |h| h.chars().count()) as f64 * 1.1;
    let widest = t
        .rows
        .iter()
        .filter_map(|r| r.get(c))
        .map(|cell| cell_text(cell).chars().count())
        .max()
        .unwrap_or(0) as f64;
    (header.max(widest) + 2.0).clamp(6.0, 60.0).ceil()
}

fn sheet_name(name: &str) -> String {
    let clean: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    if clean.trim().is_empty() {
        "Sheet".to_owned()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            name: "Bảng xếp hạng".into(),
            header: vec!["Hạng".into(), "Đơn vị".into(), "Tổng".into()],
            rows: vec![
                vec![
                    Cell::Int(1),
                    Cell::Text("Phường Huyền Tụng".into()),
                    Cell::Hundredths(9575),
                ],
                vec![Cell::Int(2), Cell::Text("a, \"b\"".into()), Cell::Hundredths(9700)],
                vec![Cell::Int(3), Cell::Text("=1+1".into()), Cell::Empty],
            ],
        }
    }

    #[test]
    fn csv_has_bom_crlf_quotes_and_exact_decimals() {
        let s = String::from_utf8(csv(&table())).unwrap();
        assert!(s.starts_with("\u{FEFF}Hạng,Đơn vị,Tổng\r\n"));
        assert!(s.contains("1,Phường Huyền Tụng,95.75\r\n"));
        assert!(s.contains("2,\"a, \"\"b\"\"\",97\r\n"));
        assert!(s.contains("3,'=1+1,\r\n"), "formulas are defused: {s}");
    }

    #[test]
    fn decimals() {
        assert_eq!(
            [decimal(9575), decimal(9700), decimal(9750), decimal(-50), decimal(5)],
            ["95.75", "97", "97.5", "-0.5", "0.05"]
        );
    }

    #[test]
    fn xlsx_is_a_deterministic_zip() {
        let a = xlsx(&[table()]).unwrap();
        let b = xlsx(&[table()]).unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[..2], b"PK");
    }
}
