//! This year's tier progress and the forecast in words of when the next tiers start.

use contract::forecast::{forecast, Crossing, ForecastInput};
use contract::{DailyUsage, Date, MonthlyUsage, TariffInfo};
use yew::prelude::*;

use crate::components::charts::tier_bar;
use crate::i18n::UsageText;
use crate::i18n::{date, t, tf, Lang, SharedText};

/// The day the year's use is "as of": the last day counted, or, while no day of the
/// year is counted yet (1 January: yesterday was last year), the year's first day.
/// `true` in that second case.
fn year_as_of(info: &TariffInfo) -> (Date, bool) {
    match Date::new(info.year, 1, 1) {
        Some(first) if info.through < first => (first, true),
        _ => (info.through, false),
    }
}

/// The forecast in words.
fn forecast_text(lang: Lang, info: &TariffInfo, daily: &DailyUsage, monthly: &MonthlyUsage) -> Html {
    let recent: Vec<f64> = daily.days.iter().map(|d| (d.peak.0 + d.valley.0) as f64 / 1000.0).collect();
    let months: Vec<_> = monthly.months.iter().map(|m| (m.month, m.kwh as f64)).collect();
    let result = forecast(&ForecastInput {
        year: info.year,
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
        Crossing::Unknown => t(lang, UsageText::ForecastTooEarly).to_owned(),
    };
    let from_last_year = year_as_of(info).1 && result.tier2 != Crossing::Unknown;
    html! {
        <div class="forecast" data-testid="forecast">
            <p>{ sentence(result.tier2, SharedText::ForecastTier2On, SharedText::ForecastTier2Already, SharedText::ForecastTier2Not) }</p>
            if from_last_year {
                <p data-testid="forecast-basis">{ t(lang, UsageText::ForecastFromLastYear) }</p>
            }
            if !matches!(result.tier2, Crossing::NotThisYear | Crossing::Unknown) {
                <p>{ sentence(result.tier3, SharedText::ForecastTier3On, SharedText::ForecastTier3Already, SharedText::ForecastTier3Not) }</p>
            }
            <p class="hint">{ t(lang, SharedText::ForecastHow) }</p>
        </div>
    }
}

/// A flat-rate account's line: no peak and valley hours, and its price per tier.
fn flat_rate_line(lang: Lang, info: &TariffInfo) -> String {
    let [a, b, c] = info.tariff.flat_prices.map(|p| p.to_yuan_string());
    tf(lang, UsageText::FlatRateNote, &[&a, &b, &c])
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
    let (as_of, year_start) = year_as_of(info);
    let used = if year_start { UsageText::TierUsedYearStart } else { UsageText::TierUsed };
    html! {
        <section aria-labelledby="tier-heading">
            <h2 id="tier-heading">{ t(lang, UsageText::TierHeading) }</h2>
            <p data-testid="tier-used">
                { tf(lang, used, &[&date(lang, as_of), &info.year_kwh.to_string(), t(lang, tier)]) }
            </p>
            if !info.time_of_use {
                <p data-testid="flat-rate">{ flat_rate_line(lang, info) }</p>
            }
            { tier_bar(lang, info) }
            { forecast }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(year: i32, through: &str) -> TariffInfo {
        TariffInfo {
            account_no: contract::AccountNo::parse("3210000001").expect("valid"),
            tariff: contract::tariff::Tariff::demo(),
            time_of_use: true,
            year,
            year_kwh: 0,
            through: Date::parse(through).expect("valid"),
        }
    }

    fn day(s: &str) -> Date {
        Date::parse(s).expect("valid")
    }

    #[test]
    fn on_new_years_day_the_year_is_as_of_that_day_not_the_last_day_of_the_old_one() {
        assert_eq!(year_as_of(&info(2027, "2026-12-31")), (day("2027-01-01"), true));
        // After a leap year's last day, too.
        assert_eq!(year_as_of(&info(2029, "2028-12-31")), (day("2029-01-01"), true));
    }

    #[test]
    fn on_other_days_the_year_is_as_of_the_last_day_counted() {
        assert_eq!(year_as_of(&info(2027, "2027-01-01")), (day("2027-01-01"), false), "2 January");
        assert_eq!(year_as_of(&info(2026, "2026-12-30")), (day("2026-12-30"), false), "31 December");
        assert_eq!(year_as_of(&info(2028, "2028-02-29")), (day("2028-02-29"), false), "1 March of a leap year");
    }
}
