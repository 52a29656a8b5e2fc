//! Our own SVG charts: no JS chart library. Each chart has an accessible name
//! (`<title>` + `aria-labelledby`) and scales with the text (viewBox, no fixed
//! pixel sizes); the page offers the same numbers as a table.

use contract::{DayUsage, MonthUsage, TariffInfo};
use yew::prelude::*;

use crate::i18n::UsageText;
use crate::i18n::{short_month, t, tf, Lang, SharedText};
use crate::tables::{nice_max, scale};

/// What the charts measure (the tables and their CSV share it).
pub use contract::table::{month_value, Unit};

const WIDTH: i64 = 360;
const HEIGHT: i64 = 200;
/// Room for the axis labels on the left and the month labels below.
const LEFT: i64 = 44;
const BOTTOM: i64 = 24;
const TOP: i64 = 8;

/// An axis label: `500` kWh or `¥200`.
fn axis_label(value: i64, unit: Unit) -> String {
    match unit {
        Unit::Kwh => value.to_string(),
        Unit::Yuan => format!("¥{}", value / 100),
    }
}

fn axis(max: i64, unit: Unit) -> Html {
    let plot = HEIGHT - BOTTOM - TOP;
    html! {
        <g class="chart-axis" aria-hidden="true">
            { for [0, max / 2, max].into_iter().map(|v| {
                let y = (TOP + plot - scale(v, max, plot)).to_string();
                html! {
                    <>
                        <line x1={LEFT.to_string()} x2={WIDTH.to_string()} y1={y.clone()} y2={y.clone()} class="grid" />
                        <text x={(LEFT - 4).to_string()} y={y} class="axis-label" text-anchor="end" dominant-baseline="middle">
                            { axis_label(v, unit) }
                        </text>
                    </>
                }
            }) }
        </g>
    }
}

/// A month label's classes: every other one, counted back from the latest month, is
/// left out where the labels are larger than the slots (care mode; styles/main.css).
fn label_class(months_back: usize) -> &'static str {
    if months_back % 2 == 1 {
        "axis-label month-alt"
    } else {
        "axis-label"
    }
}

/// The last 12 months, each with the same month a year earlier beside it.
pub fn monthly_chart(lang: Lang, months: &[MonthUsage], unit: Unit) -> Html {
    let recent: Vec<&MonthUsage> = months.iter().rev().take(12).rev().collect();
    let earlier = |m: &MonthUsage| months.iter().find(|p| p.month == m.month.add_months(-12));
    let max = nice_max(months.iter().map(|m| month_value(m, unit)).max().unwrap_or(0));
    let plot = HEIGHT - BOTTOM - TOP;
    let slot = (WIDTH - LEFT) / 12;
    let bars = recent.iter().enumerate().map(|(i, m)| {
        let x = LEFT + i as i64 * slot;
        let bar = |value: i64, offset: i64, class: &'static str| {
            let h = scale(value, max, plot);
            html! { <rect x={(x + offset).to_string()} y={(TOP + plot - h).to_string()} width={(slot * 2 / 5).to_string()}
                          height={h.to_string()} class={class} /> }
        };
        html! {
            <g>
                { for earlier(m).map(|p| bar(month_value(p, unit), slot / 10, "bar-previous")) }
                { bar(month_value(m, unit), slot / 2, "bar-current") }
                <text x={(x + slot / 2).to_string()} y={(HEIGHT - 6).to_string()} class={label_class(recent.len() - 1 - i)}
                      text-anchor="middle">
                    { short_month(lang, m.month.month()) }
                </text>
            </g>
        }
    });
    html! {
        <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} class="chart" role="img" aria-labelledby="monthly-chart-title"
             data-testid="monthly-chart">
            <title id="monthly-chart-title">{ t(lang, if unit == Unit::Kwh { SharedText::MonthlyChartKwh } else { SharedText::MonthlyChartYuan }) }</title>
            { axis(max, unit) }
            { for bars }
        </svg>
    }
}

/// What the daily chart shows, in words.
pub fn daily_caption(unit: Unit, split: bool) -> SharedText {
    match (unit, split) {
        (Unit::Kwh, true) => SharedText::DailyChartKwh,
        (Unit::Kwh, false) => SharedText::DailyChartKwhTotal,
        (Unit::Yuan, _) => SharedText::DailyChartYuan,
    }
}

/// Each day's use, peak below valley (kWh) for a time-of-use meter (`split`), else the
/// day's total, or each day's cost (元).
pub fn daily_chart(lang: Lang, days: &[DayUsage], unit: Unit, split: bool) -> Html {
    let value = |d: &DayUsage| match unit {
        Unit::Kwh => d.peak.0 + d.valley.0,
        Unit::Yuan => d.cost.0,
    };
    // Axis in whole kWh for energy (values are Wh), in fen for money.
    let to_axis = |v: i64| if unit == Unit::Kwh { v.div_euclid(1000) + i64::from(v.rem_euclid(1000) > 0) } else { v };
    let max_axis = nice_max(days.iter().map(|d| to_axis(value(d))).max().unwrap_or(0));
    let max = if unit == Unit::Kwh { max_axis * 1000 } else { max_axis };
    let plot = HEIGHT - BOTTOM - TOP;
    let count = days.len().max(1) as i64;
    let width = ((WIDTH - LEFT) / count).max(1);
    let bars = days.iter().enumerate().map(|(i, d)| {
        let x = (LEFT + i as i64 * (WIDTH - LEFT) / count).to_string();
        let label = (d.day.day() == 1).then(|| html! {
            <text x={x.clone()} y={(HEIGHT - 6).to_string()} class="axis-label">{ short_month(lang, d.day.month()) }</text>
        });
        let stack = match unit {
            Unit::Kwh if split => {
                let peak = scale(d.peak.0, max, plot);
                let both = scale(d.peak.0 + d.valley.0, max, plot);
                html! {
                    <>
                        <rect x={x.clone()} y={(TOP + plot - peak).to_string()} width={width.to_string()} height={peak.to_string()} class="bar-peak" />
                        <rect x={x.clone()} y={(TOP + plot - both).to_string()} width={width.to_string()} height={(both - peak).to_string()} class="bar-valley" />
                    </>
                }
            }
            Unit::Kwh | Unit::Yuan => {
                let h = scale(value(d), max, plot);
                html! { <rect x={x.clone()} y={(TOP + plot - h).to_string()} width={width.to_string()} height={h.to_string()} class="bar-current" /> }
            }
        };
        html! { <g>{ stack }{ for label }</g> }
    });
    html! {
        <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} class="chart" role="img" aria-labelledby="daily-chart-title"
             data-testid="daily-chart">
            <title id="daily-chart-title">{ t(lang, daily_caption(unit, split)) }</title>
            { axis(max_axis, unit) }
            { for bars }
        </svg>
    }
}

/// This year's kWh against the tier limits, thresholds marked.
pub fn tier_bar(lang: Lang, info: &TariffInfo) -> Html {
    let [first, second] = info.tariff.tier_limits_kwh;
    // A quarter beyond the last threshold (or this year's use, if more), in whole 500 kWh.
    let end = ((second + second / 4).max(info.year_kwh) + 499) / 500 * 500;
    let span = WIDTH - 16;
    let used = scale(info.year_kwh, end, span);
    let marker = |limit: i64, text: SharedText| {
        let x = (8 + scale(limit, end, span)).to_string();
        html! {
            <>
                <line x1={x.clone()} x2={x.clone()} y1="6" y2="46" class="tier-mark" />
                <text x={x} y="62" class="axis-label" text-anchor="middle">{ tf(lang, text, &[&limit.to_string()]) }</text>
            </>
        }
    };
    html! {
        <svg viewBox={format!("0 0 {WIDTH} 70")} class="chart tier-chart" role="img" aria-labelledby="tier-chart-title"
             data-testid="tier-chart">
            <title id="tier-chart-title">{ tf(lang, UsageText::TierChartTitle, &[&info.year_kwh.to_string(), &first.to_string(), &second.to_string()]) }</title>
            <rect x="8" y="14" width={span.to_string()} height="24" class="tier-track" />
            <rect x="8" y="14" width={used.to_string()} height="24" class="tier-used" />
            { marker(first, SharedText::TierMark2) }
            { marker(second, SharedText::TierMark3) }
        </svg>
    }
}
