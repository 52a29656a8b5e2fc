//! The usage page's tables and their CSV: the rows a table view shows are the rows
//! its CSV holds. The portal makes them on the phone and the server behind a download
//! link (inside WeChat, where a file made on the phone cannot be saved), so both call
//! [`monthly_table`], [`daily_table`] and [`Table::to_csv`] and the file is the same.
//!
//! The column names are written here, in both languages, because the server writes
//! them too; the portal's other texts are in its `i18n`.

use serde::{Deserialize, Serialize};

use crate::download::Language;
use crate::{DailyUsage, Fen, MonthUsage};

/// What the charts and tables measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Kwh,
    Yuan,
}

/// A month's value in the unit: whole kWh, or fen (0 for a month without a bill).
pub fn month_value(month: &MonthUsage, unit: Unit) -> i64 {
    match unit {
        Unit::Kwh => month.kwh,
        Unit::Yuan => month.cost.map(|c| c.0).unwrap_or(0),
    }
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

fn pick(lang: Language, zh: &'static str, en: &'static str) -> String {
    match lang {
        Language::Zh => zh,
        Language::En => en,
    }
    .to_owned()
}

/// A value in the unit for tables: whole kWh, or 元 with fen.
fn cell(value: i64, unit: Unit) -> String {
    match unit {
        Unit::Kwh => value.to_string(),
        Unit::Yuan => Fen(value).to_yuan_string(),
    }
}

/// The monthly chart's numbers: the last 12 months and the same months a year before.
pub fn monthly_table(lang: Language, months: &[MonthUsage], unit: Unit) -> Table {
    let (this_year, last_year) = match unit {
        Unit::Kwh => {
            (pick(lang, "本期（千瓦时）", "This year (kWh)"), pick(lang, "上年同期（千瓦时）", "Year before (kWh)"))
        }
        Unit::Yuan => {
            (pick(lang, "本期（元）", "This year (yuan)"), pick(lang, "上年同期（元）", "Year before (yuan)"))
        }
    };
    let recent: Vec<&MonthUsage> = months.iter().rev().take(12).rev().collect();
    Table {
        headers: vec![pick(lang, "月份", "Month"), this_year, last_year],
        rows: recent
            .iter()
            .map(|m| {
                let earlier = months.iter().find(|p| p.month == m.month.add_months(-12));
                vec![
                    m.month.to_string(),
                    cell(month_value(m, unit), unit),
                    earlier.map(|p| cell(month_value(p, unit), unit)).unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// The daily chart's numbers (peak and valley only for a time-of-use meter, `split`).
pub fn daily_table(lang: Language, usage: &DailyUsage, unit: Unit, split: bool) -> Table {
    let date = pick(lang, "日期", "Date");
    match unit {
        // A flat-rate meter has no peak and valley: the day's total only.
        Unit::Kwh if !split => Table {
            headers: vec![date, pick(lang, "合计（千瓦时）", "Total (kWh)")],
            rows: usage.days.iter().map(|d| vec![d.day.to_string(), (d.peak + d.valley).to_kwh_string()]).collect(),
        },
        Unit::Kwh => Table {
            headers: vec![
                date,
                pick(lang, "峰（千瓦时）", "Peak (kWh)"),
                pick(lang, "谷（千瓦时）", "Valley (kWh)"),
                pick(lang, "合计（千瓦时）", "Total (kWh)"),
            ],
            rows: usage
                .days
                .iter()
                .map(|d| {
                    vec![
                        d.day.to_string(),
                        d.peak.to_kwh_string(),
                        d.valley.to_kwh_string(),
                        (d.peak + d.valley).to_kwh_string(),
                    ]
                })
                .collect(),
        },
        Unit::Yuan => Table {
            headers: vec![date, pick(lang, "电费（元）", "Cost (yuan)")],
            rows: usage.days.iter().map(|d| vec![d.day.to_string(), d.cost.to_yuan_string()]).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AccountNo, Date, DayUsage, Wh, YearMonth};

    #[test]
    fn csv_quotes_what_needs_quoting_and_starts_with_a_bom() {
        let table = Table {
            headers: vec!["月份".into(), "kWh".into()],
            rows: vec![vec!["2026-10".into(), "1,234".into()], vec!["say \"hi\"".into(), "5".into()]],
        };
        assert_eq!(table.to_csv(), "\u{feff}月份,kWh\r\n2026-10,\"1,234\"\r\n\"say \"\"hi\"\"\",5\r\n");
    }

    fn month(text: &str, kwh: i64, cost: Option<i64>) -> MonthUsage {
        let month = YearMonth::parse(text).expect("month");
        MonthUsage { month, peak_kwh: kwh, valley_kwh: 0, kwh, cost: cost.map(Fen) }
    }

    #[test]
    fn the_monthly_table_sets_each_month_beside_the_year_before() {
        let months = vec![month("2025-10", 200, Some(10_566)), month("2026-10", 250, None)];
        let table = monthly_table(Language::Zh, &months, Unit::Kwh);
        assert_eq!(table.headers, ["月份", "本期（千瓦时）", "上年同期（千瓦时）"]);
        assert_eq!(table.rows.last().expect("a row"), &["2026-10", "250", "200"]);
        let table = monthly_table(Language::En, &months, Unit::Yuan);
        assert_eq!(table.headers, ["Month", "This year (yuan)", "Year before (yuan)"]);
        assert_eq!(table.rows.last().expect("a row"), &["2026-10", "0.00", "105.66"]);
    }

    #[test]
    fn the_daily_table_adds_peak_and_valley() {
        let usage = DailyUsage {
            account_no: AccountNo::parse("3210000001").expect("account"),
            from: Date::parse("2026-11-01").expect("date"),
            to: Date::parse("2026-11-01").expect("date"),
            days: vec![DayUsage {
                day: Date::parse("2026-11-01").expect("date"),
                peak: Wh(4_250),
                valley: Wh(2_100),
                cost: Fen(301),
            }],
        };
        assert_eq!(daily_table(Language::En, &usage, Unit::Kwh, true).rows, [["2026-11-01", "4.25", "2.10", "6.35"]]);
        assert_eq!(daily_table(Language::En, &usage, Unit::Kwh, false).rows, [["2026-11-01", "6.35"]]);
        assert_eq!(
            daily_table(Language::Zh, &usage, Unit::Yuan, true).to_csv(),
            "\u{feff}日期,电费（元）\r\n2026-11-01,3.01\r\n"
        );
    }
}
