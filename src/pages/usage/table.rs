//! The charts' numbers as tables: the monthly and daily figures in kWh or 元.

use contract::{DailyUsage, MonthUsage};

use crate::components::charts::{month_value, Unit};
use crate::i18n::UsageText;
use crate::i18n::{t, tf, Lang};
use crate::tables::Table;

fn unit_name(lang: Lang, unit: Unit) -> &'static str {
    t(lang, if unit == Unit::Kwh { UsageText::UnitKwh } else { UsageText::UnitYuan })
}

/// A value in the unit for tables: whole kWh, or 元 with fen.
fn cell(value: i64, unit: Unit) -> String {
    match unit {
        Unit::Kwh => value.to_string(),
        Unit::Yuan => contract::Fen(value).to_yuan_string(),
    }
}

/// The monthly chart's numbers: the last 12 months and the same months a year before.
pub fn monthly_table(lang: Lang, months: &[MonthUsage], unit: Unit) -> Table {
    let name = unit_name(lang, unit);
    let recent: Vec<&MonthUsage> = months.iter().rev().take(12).rev().collect();
    Table {
        headers: vec![
            t(lang, UsageText::ColMonth).to_owned(),
            tf(lang, UsageText::ColThisYear, &[name]),
            tf(lang, UsageText::ColLastYear, &[name]),
        ],
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
pub fn daily_table(lang: Lang, usage: &DailyUsage, unit: Unit, split: bool) -> Table {
    match unit {
        Unit::Kwh if !split => Table {
            headers: vec![t(lang, UsageText::ColDate).to_owned(), t(lang, UsageText::ColTotalKwh).to_owned()],
            rows: usage.days.iter().map(|d| vec![d.day.to_string(), (d.peak + d.valley).to_kwh_string()]).collect(),
        },
        Unit::Kwh => Table {
            headers: vec![
                t(lang, UsageText::ColDate).to_owned(),
                t(lang, UsageText::ColPeak).to_owned(),
                t(lang, UsageText::ColValley).to_owned(),
                t(lang, UsageText::ColTotalKwh).to_owned(),
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
            headers: vec![t(lang, UsageText::ColDate).to_owned(), t(lang, UsageText::ColCost).to_owned()],
            rows: usage.days.iter().map(|d| vec![d.day.to_string(), d.cost.to_yuan_string()]).collect(),
        },
    }
}
