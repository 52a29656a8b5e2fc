//! 查用电: monthly use against the year before, daily use with its peak/valley
//! split, this year's tier progress with a forecast in words, a kWh/元 switch,
//! and for each chart a table view and a CSV of exactly what it shows.

mod chart;
mod tier;

use yew::prelude::*;

use contract::table::{daily_table, monthly_table};
use contract::UsageChart;

use crate::components::charts::{daily_caption, daily_chart, monthly_chart, Unit};
use crate::components::page::Page;
use crate::i18n::UsageText;
use crate::i18n::{t, SharedText, Text};
use crate::kit::use_account_load;
use crate::state::prefs::use_lang;
use chart::{legend, ChartSection};
use tier::tier_section;

#[function_component(UsagePage)]
pub fn usage_page() -> Html {
    let lang = use_lang();
    let unit = use_state(|| Unit::Kwh);
    let monthly = use_account_load(|api, account| async move { api.monthly_usage(&account).await });
    let daily = use_account_load(|api, account| async move { api.daily_usage(&account).await });
    let tariff = use_account_load(|api, account| async move { api.tariff(&account).await });
    let choose = |choice: Unit| {
        let unit = unit.clone();
        Callback::from(move |_| unit.set(choice))
    };
    let skeleton = html! { <div class="skeleton chart-skeleton" aria-hidden="true"></div> };
    let empty =
        matches!((monthly.ready(), daily.ready()), (Some(m), Some(d)) if m.months.is_empty() && d.days.is_empty());

    let monthly_view = monthly.view_in(skeleton.clone(), |m| {
        html! {
            <ChartSection heading={SharedText::MonthlyHeading} caption={if *unit == Unit::Kwh { SharedText::MonthlyChartKwh } else { SharedText::MonthlyChartYuan }}
                id="monthly" of={(UsageChart::Monthly, m.account_no.clone(), *unit)}
                chart={monthly_chart(lang, &m.months, *unit)} table={monthly_table(lang.language(), &m.months, *unit)}
                legend={legend(&[("bar-previous", SharedText::LegendPrevious), ("bar-current", SharedText::LegendCurrent)], lang)} />
        }
    });
    // The peak/valley split is only for a time-of-use meter: the tariff says (without it, totals).
    let split = match (tariff.ready(), tariff.failed()) {
        (Some(info), _) => Some(info.time_of_use),
        (None, Some(_)) => Some(false),
        (None, None) => None,
    };
    let daily_view = match split {
        None => skeleton.clone(),
        Some(split) => daily.view_in(skeleton.clone(), |d| {
        let items: &[(&'static str, SharedText)] = if *unit == Unit::Kwh && split {
                &[("bar-peak", SharedText::LegendPeak), ("bar-valley", SharedText::LegendValley)]
            } else {
                &[]
            };
            html! {
                <ChartSection heading={SharedText::DailyHeading} caption={daily_caption(*unit, split)}
                    id="daily" of={(UsageChart::Daily, d.account_no.clone(), *unit)}
                    chart={daily_chart(lang, &d.days, *unit, split)} table={daily_table(lang.language(), d, *unit, split)}
                    legend={legend(items, lang)} />
            }
        }),
    };
    let tier_view = tariff.view_in(skeleton, |info| tier_section(lang, info, daily.ready(), monthly.ready()));
    html! {
        <Page title={t(lang, Text::TitleUsage)}>
            if empty {
                <p class="notice" data-testid="usage-empty">{ t(lang, UsageText::EmptyUsage) }</p>
            } else {
                <fieldset class="choice-group unit-switch">
                    <legend>{ t(lang, UsageText::ShowIn) }</legend>
                    <button type="button" class="choice" aria-pressed={(*unit == Unit::Kwh).to_string()} onclick={choose(Unit::Kwh)}
                        data-testid="unit-kwh">{ t(lang, UsageText::UnitKwh) }</button>
                    <button type="button" class="choice" aria-pressed={(*unit == Unit::Yuan).to_string()} onclick={choose(Unit::Yuan)}
                        data-testid="unit-yuan">{ t(lang, UsageText::UnitYuan) }</button>
                </fieldset>
                { tier_view }
                { monthly_view }
                { daily_view }
            }
        </Page>
    }
}
