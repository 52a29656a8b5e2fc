//! 查用电: monthly use against the year before, daily use with its peak/valley
//! split, this year's tier progress with a forecast in words, a kWh/元 switch,
//! and for each chart a table view and a CSV of exactly what it shows.

mod chart;
mod table;
mod tier;

use yew::prelude::*;

use crate::components::charts::{daily_caption, daily_chart, monthly_chart, Unit};
use crate::components::error_view::ErrorView;
use crate::components::load::{use_account_load, Load};
use crate::components::page::Page;
use crate::i18n::UsageText;
use crate::i18n::{t, SharedText, Text};
use crate::state::prefs::use_lang;
use chart::{legend, ChartSection};
pub use table::{daily_table, monthly_table};
use tier::tier_section;

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
            <ChartSection heading={SharedText::MonthlyHeading} caption={if *unit == Unit::Kwh { SharedText::MonthlyChartKwh } else { SharedText::MonthlyChartYuan }}
                id="monthly" chart={monthly_chart(lang, &m.months, *unit)} table={monthly_table(lang, &m.months, *unit)}
                legend={legend(&[("bar-previous", SharedText::LegendPrevious), ("bar-current", SharedText::LegendCurrent)], lang)} />
        },
    };
    // The peak/valley split is only for a time-of-use meter: the tariff says (without it, totals).
    let split = match &*tariff {
        Load::Loading => None,
        Load::Ready(info) => Some(info.time_of_use),
        Load::Failed(_) => Some(false),
    };
    let daily_view = match (&*daily, split) {
        (Load::Loading, _) | (Load::Ready(_), None) => skeleton.clone(),
        (Load::Failed(e), _) => html! { <ErrorView error={e.clone()} on_retry={retry_daily} /> },
        (Load::Ready(d), Some(split)) => {
            let items: &[(&'static str, SharedText)] = if *unit == Unit::Kwh && split {
                &[("bar-peak", SharedText::LegendPeak), ("bar-valley", SharedText::LegendValley)]
            } else {
                &[]
            };
            html! {
                <ChartSection heading={SharedText::DailyHeading} caption={daily_caption(*unit, split)}
                    id="daily" chart={daily_chart(lang, &d.days, *unit, split)} table={daily_table(lang, d, *unit, split)}
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
