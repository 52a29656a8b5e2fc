//! This year's tier progress and the forecast in words of when the next tiers start.

use contract::forecast::{forecast, Crossing, ForecastInput};
use contract::{DailyUsage, MonthlyUsage, TariffInfo};
use yew::prelude::*;

use crate::components::charts::tier_bar;
use crate::i18n::UsageText;
use crate::i18n::{date, t, tf, Lang, SharedText};

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
    let sentence = |crossing: Crossing, on: SharedText, already: SharedText, not: SharedText| match crossing {
        Crossing::On(day) => tf(lang, on, &[&date(lang, day)]),
        Crossing::Already => t(lang, already).to_owned(),
        Crossing::NotThisYear => t(lang, not).to_owned(),
    };
    html! {
        <div class="forecast" data-testid="forecast">
            <p>{ sentence(result.tier2, SharedText::ForecastTier2On, SharedText::ForecastTier2Already, SharedText::ForecastTier2Not) }</p>
            if result.tier2 != Crossing::NotThisYear {
                <p>{ sentence(result.tier3, SharedText::ForecastTier3On, SharedText::ForecastTier3Already, SharedText::ForecastTier3Not) }</p>
            }
            <p class="hint">{ t(lang, SharedText::ForecastHow) }</p>
        </div>
    }
}

pub(super) fn tier_section(
    lang: Lang,
    info: &TariffInfo,
    daily: Option<&DailyUsage>,
    monthly: Option<&MonthlyUsage>,
) -> Html {
    let tier = match info.tariff.tier_at(info.year_kwh) {
        contract::tariff::Tier::Tier1 => SharedText::TierName1,
        contract::tariff::Tier::Tier2 => SharedText::TierName2,
        contract::tariff::Tier::Tier3 => SharedText::TierName3,
    };
    let forecast = match (daily, monthly) {
        (Some(d), Some(m)) => forecast_text(lang, info, d, m),
        _ => Html::default(),
    };
    html! {
        <section aria-labelledby="tier-heading">
            <h2 id="tier-heading">{ t(lang, UsageText::TierHeading) }</h2>
            <p data-testid="tier-used">
                { tf(lang, UsageText::TierUsed, &[&date(lang, info.through), &info.year_kwh.to_string(), t(lang, tier)]) }
            </p>
            { tier_bar(lang, info) }
            { forecast }
        </section>
    }
}
