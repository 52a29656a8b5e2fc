//! 查用电: monthly use against the year before, daily use with its peak/valley
//! split, this year's tier progress with a forecast in words, a kWh/元 switch,
//! and for each chart a table view and a CSV of exactly what it shows.

use contract::forecast::{forecast, Crossing, ForecastInput};
use contract::{DailyUsage, MonthUsage, MonthlyUsage, TariffInfo};
use yew::prelude::*;

use crate::components::charts::{daily_chart, month_value, monthly_chart, tier_bar, Unit};
use crate::components::error_view::ErrorView;
use crate::components::load::{use_account_load, Load};
use crate::components::page::Page;
use crate::i18n::{date, t, tf, Lang, Text};
use crate::platform::download;
use crate::state::prefs::use_lang;
use crate::tables::Table;

fn unit_name(lang: Lang, unit: Unit) -> &'static str {
    t(lang, if unit == Unit::Kwh { Text::UnitKwh } else { Text::UnitYuan })
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
            t(lang, Text::ColMonth).to_owned(),
            tf(lang, Text::ColThisYear, &[name]),
            tf(lang, Text::ColLastYear, &[name]),
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

/// The daily chart's numbers.
pub fn daily_table(lang: Lang, usage: &DailyUsage, unit: Unit) -> Table {
    match unit {
        Unit::Kwh => Table {
            headers: vec![
                t(lang, Text::ColDate).to_owned(),
                t(lang, Text::ColPeak).to_owned(),
                t(lang, Text::ColValley).to_owned(),
                t(lang, Text::ColTotalKwh).to_owned(),
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
            headers: vec![t(lang, Text::ColDate).to_owned(), t(lang, Text::ColCost).to_owned()],
            rows: usage.days.iter().map(|d| vec![d.day.to_string(), d.cost.to_yuan_string()]).collect(),
        },
    }
}

fn table_view(table: &Table, caption: Text, lang: Lang, testid: &'static str) -> Html {
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label={t(lang, caption)}>
            <table data-testid={testid}>
                <caption>{ t(lang, caption) }</caption>
                <thead><tr>{ for table.headers.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }</tr></thead>
                <tbody>
                    { for table.rows.iter().map(|row| html! {
                        <tr>{ for row.iter().enumerate().map(|(i, c)| if i == 0 {
                            html! { <th scope="row">{ c.clone() }</th> }
                        } else {
                            html! { <td>{ c.clone() }</td> }
                        }) }</tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The forecast in words.
fn forecast_text(lang: Lang, info: &TariffInfo, daily: &DailyUsage, monthly: &MonthlyUsage) -> Html {
    let recent: Vec<f64> = daily.days.iter().map(|d| (d.peak.0 + d.valley.0) as f64 / 1000.0).collect();
    let months: Vec<_> = monthly.months.iter().map(|m| (m.month, m.kwh as f64)).collect();
    let result = forecast(&ForecastInput {
        through: info.through,
        year_kwh: info.year_kwh as f64,
        tier_limits_kwh: info.tariff.tier_limits_kwh,
        recent_daily_kwh: &recent,
        monthly_kwh: &months,
    });
    let sentence = |crossing: Crossing, on: Text, already: Text, not: Text| match crossing {
        Crossing::On(day) => tf(lang, on, &[&date(lang, day)]),
        Crossing::Already => t(lang, already).to_owned(),
        Crossing::NotThisYear => t(lang, not).to_owned(),
    };
    html! {
        <div class="forecast" data-testid="forecast">
            <p>{ sentence(result.tier2, Text::ForecastTier2On, Text::ForecastTier2Already, Text::ForecastTier2Not) }</p>
            if result.tier2 != Crossing::NotThisYear {
                <p>{ sentence(result.tier3, Text::ForecastTier3On, Text::ForecastTier3Already, Text::ForecastTier3Not) }</p>
            }
            <p class="hint">{ t(lang, Text::ForecastHow) }</p>
        </div>
    }
}

fn tier_section(lang: Lang, info: &TariffInfo, daily: &Load<DailyUsage>, monthly: &Load<MonthlyUsage>) -> Html {
    let tier = match info.tariff.tier_at(info.year_kwh) {
        contract::tariff::Tier::Tier1 => Text::TierName1,
        contract::tariff::Tier::Tier2 => Text::TierName2,
        contract::tariff::Tier::Tier3 => Text::TierName3,
    };
    let forecast = match (daily, monthly) {
        (Load::Ready(d), Load::Ready(m)) => forecast_text(lang, info, d, m),
        _ => Html::default(),
    };
    html! {
        <section aria-labelledby="tier-heading">
            <h2 id="tier-heading">{ t(lang, Text::TierHeading) }</h2>
            <p data-testid="tier-used">
                { tf(lang, Text::TierUsed, &[&date(lang, info.through), &info.year_kwh.to_string(), t(lang, tier)]) }
            </p>
            { tier_bar(lang, info) }
            { forecast }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ChartSectionProps {
    heading: Text,
    caption: Text,
    id: &'static str,
    chart: Html,
    table: Table,
    legend: Html,
}

/// A chart with its switch to a table and its CSV download.
#[function_component(ChartSection)]
fn chart_section(props: &ChartSectionProps) -> Html {
    let lang = use_lang();
    let as_table = use_state(|| false);
    let toggle = {
        let as_table = as_table.clone();
        Callback::from(move |_| as_table.set(!*as_table))
    };
    let csv = {
        let (table, id) = (props.table.clone(), props.id);
        Callback::from(move |_| {
            let _ = download::save_text(&table.to_csv(), "text/csv;charset=utf-8", &format!("{id}.csv"));
        })
    };
    let heading_id = format!("{}-heading", props.id);
    html! {
        <section aria-labelledby={heading_id.clone()} data-testid={props.id}>
            <h2 id={heading_id}>{ t(lang, props.heading) }</h2>
            if *as_table {
                { table_view(&props.table, props.caption, lang, "data-table") }
            } else {
                { props.chart.clone() }
                { props.legend.clone() }
            }
            <div class="chart-tools">
                <button type="button" class="button button-secondary" onclick={toggle} aria-pressed={as_table.to_string()}
                    data-testid="table-toggle">
                    { t(lang, if *as_table { Text::ShowChart } else { Text::ShowTable }) }
                </button>
                <button type="button" class="button button-secondary" onclick={csv} data-testid="csv">
                    { t(lang, Text::DownloadCsv) }
                </button>
            </div>
        </section>
    }
}

fn legend(items: &[(&'static str, Text)], lang: Lang) -> Html {
    html! {
        <ul class="legend">
            { for items.iter().map(|(class, text)| html! {
                <li><span class={classes!("swatch", *class)} aria-hidden="true"></span>{ t(lang, *text) }</li>
            }) }
        </ul>
    }
}

#[function_component(UsagePage)]
pub fn usage_page() -> Html {
    let lang = use_lang();
    let unit = use_state(|| Unit::Kwh);
    let (monthly, retry_monthly) = use_account_load(|api, account| async move { api.monthly_usage(&account).await });
    let (daily, retry_daily) = use_account_load(|api, account| async move { api.daily_usage(&account).await });
    let (tariff, retry_tariff) = use_account_load(|api, account| async move { api.tariff(&account).await });
    let choose = |choice: Unit| {
        let unit = unit.clone();
        Callback::from(move |_| unit.set(choice))
    };
    let skeleton = html! { <div class="skeleton chart-skeleton" aria-hidden="true"></div> };
    let empty =
        matches!((&*monthly, &*daily), (Load::Ready(m), Load::Ready(d)) if m.months.is_empty() && d.days.is_empty());

    let monthly_view = match &*monthly {
        Load::Loading => skeleton.clone(),
        Load::Failed(e) => html! { <ErrorView error={e.clone()} on_retry={retry_monthly} /> },
        Load::Ready(m) => html! {
            <ChartSection heading={Text::MonthlyHeading} caption={if *unit == Unit::Kwh { Text::MonthlyChartKwh } else { Text::MonthlyChartYuan }}
                id="monthly" chart={monthly_chart(lang, &m.months, *unit)} table={monthly_table(lang, &m.months, *unit)}
                legend={legend(&[("bar-previous", Text::LegendPrevious), ("bar-current", Text::LegendCurrent)], lang)} />
        },
    };
    let daily_view = match &*daily {
        Load::Loading => skeleton.clone(),
        Load::Failed(e) => html! { <ErrorView error={e.clone()} on_retry={retry_daily} /> },
        Load::Ready(d) => {
            let items: &[(&'static str, Text)] = if *unit == Unit::Kwh {
                &[("bar-peak", Text::LegendPeak), ("bar-valley", Text::LegendValley)]
            } else {
                &[]
            };
            html! {
                <ChartSection heading={Text::DailyHeading} caption={if *unit == Unit::Kwh { Text::DailyChartKwh } else { Text::DailyChartYuan }}
                    id="daily" chart={daily_chart(lang, &d.days, *unit)} table={daily_table(lang, d, *unit)}
                    legend={legend(items, lang)} />
            }
        }
    };
    let tier_view = match &*tariff {
        Load::Loading => skeleton,
        Load::Failed(e) => html! { <ErrorView error={e.clone()} on_retry={retry_tariff} /> },
        Load::Ready(info) => tier_section(lang, info, &daily, &monthly),
    };
    html! {
        <Page title={Text::TitleUsage}>
            if empty {
                <p class="notice" data-testid="usage-empty">{ t(lang, Text::EmptyUsage) }</p>
            } else {
                <fieldset class="choice-group unit-switch">
                    <legend>{ t(lang, Text::ShowIn) }</legend>
                    <button type="button" class="choice" aria-pressed={(*unit == Unit::Kwh).to_string()} onclick={choose(Unit::Kwh)}
                        data-testid="unit-kwh">{ t(lang, Text::UnitKwh) }</button>
                    <button type="button" class="choice" aria-pressed={(*unit == Unit::Yuan).to_string()} onclick={choose(Unit::Yuan)}
                        data-testid="unit-yuan">{ t(lang, Text::UnitYuan) }</button>
                </fieldset>
                { tier_view }
                { monthly_view }
                { daily_view }
            }
        </Page>
    }
}
