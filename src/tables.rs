//! Pure logic behind the usage charts and tables: axis scales, the rows a table
//! and its CSV share, and CSV text. Native unit tests; no DOM.

/// A "nice" axis maximum at or above `max`: 1, 2 or 5 times a power of ten.
pub fn nice_max(max: i64) -> i64 {
    if max <= 0 {
        return 1;
    }
    let mut power = 1i64;
    while power * 10 <= max {
        power *= 10;
    }
    [1, 2, 5, 10].iter().map(|m| m * power).find(|v| *v >= max).unwrap_or(10 * power)
}

/// `value` scaled to `0..=span` for an axis ending at `axis_max` (integers: no float maths).
pub fn scale(value: i64, axis_max: i64, span: i64) -> i64 {
    if axis_max <= 0 {
        return 0;
    }
    (value.max(0) * span / axis_max).min(span)
}

/// A table: header cells and rows of cells, as shown on the page and written to CSV.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// RFC 4180 CSV with CRLF line ends, and a byte-order mark so spreadsheet
    /// programs (Excel, WPS) read the Chinese headers as UTF-8.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{feff}");
        for line in std::iter::once(&self.headers).chain(self.rows.iter()) {
            let cells: Vec<String> = line.iter().map(|c| csv_cell(c)).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_maxima_are_round_numbers_at_or_above_the_data() {
        assert_eq!(nice_max(0), 1);
        assert_eq!(nice_max(7), 10);
        assert_eq!(nice_max(10), 10);
        assert_eq!(nice_max(11), 20);
        assert_eq!(nice_max(430), 500);
        assert_eq!(nice_max(501), 1000);
        assert_eq!(nice_max(18_000), 20_000);
    }

    #[test]
    fn scaling_stays_within_the_span() {
        assert_eq!(scale(50, 100, 200), 100);
        assert_eq!(scale(150, 100, 200), 200);
        assert_eq!(scale(-5, 100, 200), 0);
        assert_eq!(scale(5, 0, 200), 0);
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_starts_with_a_bom() {
        let table = Table {
            headers: vec!["月份".into(), "kWh".into()],
            rows: vec![vec!["2026-10".into(), "1,234".into()], vec!["say \"hi\"".into(), "5".into()]],
        };
        assert_eq!(table.to_csv(), "\u{feff}月份,kWh\r\n2026-10,\"1,234\"\r\n\"say \"\"hi\"\"\",5\r\n");
    }
}
