//! When will this year's use cross tier 2 and tier 3 (阶梯) at the current pace?
//!
//! The algorithm is seasonal: a month's daily pace is last year's pace for that
//! month, scaled by how this year compares with last year over the recent past
//! (so a household that uses 20 % more than last year keeps doing so, and summer
//! air conditioning still arrives in July). Without last year's figures for a month,
//! the recent daily average stands in. Walking forward day by day from tomorrow to
//! 31 December, the first day whose cumulative use reaches a tier's limit is the
//! forecast crossing; a limit not reached by year end is "not this year".
//!
//! The year forecast is the one `year_kwh` counts, which on 1 January is not the year
//! of `through` (yesterday, in the year before): the walk then covers the whole new
//! year. A day with neither last year's month nor any recent use to go by gives no
//! pace, and a threshold not reached before such a day is "unknown", never "not this
//! year".

use crate::time::{Date, YearMonth};

/// What the forecast says about one tier threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crossing {
    /// Use this year has already reached the threshold.
    Already,
    /// Forecast to be reached on this day.
    On(Date),
    /// Not reached before the year ends at the current pace.
    NotThisYear,
    /// Nothing to go by yet (no recent use, no earlier year): no claim either way.
    Unknown,
}

/// The forecast for tier 2 (crossing the first limit) and tier 3 (the second).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierForecast {
    pub tier2: Crossing,
    pub tier3: Crossing,
}

/// What the forecast needs.
pub struct ForecastInput<'a> {
    /// The calendar year forecast (today's year).
    pub year: i32,
    /// The last day with known use (usually yesterday: on 1 January, a day of the year before).
    pub through: Date,
    /// kWh used in `year` through `through` (0 while no day of `year` is counted).
    pub year_kwh: f64,
    /// Annual tier limits (kWh at which tier 1 and tier 2 end).
    pub tier_limits_kwh: [i64; 2],
    /// Recent daily use in kWh, oldest first, ending at `through` (e.g. the last 90 days).
    pub recent_daily_kwh: &'a [f64],
    /// Monthly kWh of earlier months (at least last year's, if known).
    pub monthly_kwh: &'a [(YearMonth, f64)],
}

fn month_kwh(history: &[(YearMonth, f64)], month: YearMonth) -> Option<f64> {
    history.iter().find(|(m, _)| *m == month).map(|(_, kwh)| *kwh)
}

/// This year's pace relative to last year's over the recent days (1.0 when unknown).
fn pace_ratio(input: &ForecastInput<'_>) -> f64 {
    let days = input.recent_daily_kwh.len() as i64;
    if days == 0 {
        return 1.0;
    }
    let recent: f64 = input.recent_daily_kwh.iter().sum();
    // Last year's use over the same calendar days, from its monthly figures.
    let mut last_year = 0.0;
    for offset in 0..days {
        let day = input.through.add_days(-offset);
        let month = day.year_month().add_months(-12);
        match month_kwh(input.monthly_kwh, month) {
            Some(kwh) => last_year += kwh / f64::from(month.days()),
            None => return 1.0,
        }
    }
    if last_year > 0.0 {
        recent / last_year
    } else {
        1.0
    }
}

/// Expected kWh per day for each remaining day of the year; `None` with nothing to go by.
fn daily_pace(input: &ForecastInput<'_>, day: Date, ratio: f64) -> Option<f64> {
    let last_year = day.year_month().add_months(-12);
    match month_kwh(input.monthly_kwh, last_year) {
        Some(kwh) => Some(ratio * kwh / f64::from(last_year.days())),
        None => {
            let days = input.recent_daily_kwh.len();
            (days > 0).then(|| input.recent_daily_kwh.iter().sum::<f64>() / days as f64)
        }
    }
}

pub fn forecast(input: &ForecastInput<'_>) -> TierForecast {
    let ratio = pace_ratio(input);
    let limits = input.tier_limits_kwh.map(|l| l as f64);
    let mut crossings =
        limits.map(|limit| if input.year_kwh >= limit { Crossing::Already } else { Crossing::NotThisYear });
    let mut total = input.year_kwh;
    let first_of_year = Date::new(input.year, 1, 1).unwrap_or(input.through);
    let mut day = input.through.add_days(1).max(first_of_year);
    while day.year() == input.year && crossings.contains(&Crossing::NotThisYear) {
        let Some(pace) = daily_pace(input, day, ratio) else {
            for crossing in crossings.iter_mut().filter(|c| **c == Crossing::NotThisYear) {
                *crossing = Crossing::Unknown;
            }
            break;
        };
        total += pace;
        for (crossing, limit) in crossings.iter_mut().zip(limits) {
            if *crossing == Crossing::NotThisYear && total >= limit {
                *crossing = Crossing::On(day);
            }
        }
        day = day.add_days(1);
    }
    TierForecast { tier2: crossings[0], tier3: crossings[1] }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse(s).expect("valid date")
    }

    fn months_at(start: &str, count: i32, kwh: impl Fn(YearMonth) -> f64) -> Vec<(YearMonth, f64)> {
        let first = YearMonth::parse(start).expect("valid month");
        (0..count).map(|i| first.add_months(i)).map(|m| (m, kwh(m))).collect()
    }

    #[test]
    fn a_steady_pace_without_history_crosses_where_arithmetic_says() {
        // 2000 kWh by 30 June, 10 kWh a day: tier 2 (2760) after 76 days, tier 3 (4800) not by 31 Dec (184 days → 3840).
        let recent = [10.0; 30];
        let input = ForecastInput {
            year: 2026,
            through: date("2026-06-30"),
            year_kwh: 2000.0,
            tier_limits_kwh: [2760, 4800],
            recent_daily_kwh: &recent,
            monthly_kwh: &[],
        };
        let f = forecast(&input);
        assert_eq!(f.tier2, Crossing::On(date("2026-06-30").add_days(76)));
        assert_eq!(f.tier3, Crossing::NotThisYear);
    }

    #[test]
    fn a_year_already_past_tier_three_says_so_for_both() {
        let input = ForecastInput {
            year: 2026,
            through: date("2026-11-29"),
            year_kwh: 5100.0,
            tier_limits_kwh: [2760, 4800],
            recent_daily_kwh: &[20.0; 10],
            monthly_kwh: &[],
        };
        assert_eq!(forecast(&input), TierForecast { tier2: Crossing::Already, tier3: Crossing::Already });
    }

    #[test]
    fn the_year_boundary_ends_the_forecast() {
        // On 31 December nothing remains of the year: what is not crossed is not crossed this year.
        let input = ForecastInput {
            year: 2026,
            through: date("2026-12-31"),
            year_kwh: 2759.0,
            tier_limits_kwh: [2760, 4800],
            recent_daily_kwh: &[50.0; 30],
            monthly_kwh: &[],
        };
        assert_eq!(forecast(&input), TierForecast { tier2: Crossing::NotThisYear, tier3: Crossing::NotThisYear });
        // One day earlier, a single day's use crosses tier 2 on the last day of the year.
        let input = ForecastInput { through: date("2026-12-30"), ..input };
        assert_eq!(forecast(&input).tier2, Crossing::On(date("2026-12-31")));
    }

    #[test]
    fn summer_arrives_as_it_did_last_year() {
        // Last year: 200 kWh a month, 600 in July and August. This year so far matches last year.
        let history = months_at("2025-01", 18, |m| if m.month() == 7 || m.month() == 8 { 600.0 } else { 200.0 });
        let recent: Vec<f64> = (0..90).map(|_| 200.0 / 30.5).collect();
        let input = ForecastInput {
            year: 2026,
            through: date("2026-06-30"),
            year_kwh: 1200.0,
            tier_limits_kwh: [2760, 4800],
            recent_daily_kwh: &recent,
            monthly_kwh: &history,
        };
        let f = forecast(&input);
        // 1200 + ~600 (Jul) + ~600 (Aug) ≈ 2390 by 31 Aug; the remaining ~370 kWh at last
        // September's and October's ~6.6 kWh a day take about 56 days → late October.
        let Crossing::On(day) = f.tier2 else { panic!("tier 2 is crossed this year: {f:?}") };
        assert_eq!(day.year_month(), YearMonth::parse("2026-10").expect("valid"));
        assert!((20..=31).contains(&day.day()), "crossed on {day}");
        assert_eq!(f.tier3, Crossing::NotThisYear);
    }

    #[test]
    fn a_household_using_more_than_last_year_crosses_earlier() {
        let history = months_at("2025-01", 18, |_| 200.0);
        let same: Vec<f64> = vec![200.0 / 30.5; 90];
        let more: Vec<f64> = vec![1.5 * 200.0 / 30.5; 90];
        let base = |recent: &[f64]| {
            forecast(&ForecastInput {
                year: 2026,
                through: date("2026-06-30"),
                year_kwh: 1800.0,
                tier_limits_kwh: [2760, 4800],
                recent_daily_kwh: recent,
                monthly_kwh: &history,
            })
        };
        let (Crossing::On(usual), Crossing::On(heavy)) = (base(&same).tier2, base(&more).tier2) else {
            panic!("both cross tier 2 this year");
        };
        assert!(heavy < usual, "1.5× the pace crosses earlier: {heavy} vs {usual}");
    }

    #[test]
    fn on_new_years_day_the_whole_new_year_is_forecast_from_last_years_months() {
        // 1 January 2027: yesterday (the last day counted) is in 2026, nothing of 2027 is used yet.
        // Last year: 300 kWh a month, and the last 90 days matched last year's pace.
        let history = months_at("2025-01", 24, |_| 300.0);
        let recent: Vec<f64> = vec![300.0 / 30.5; 90];
        let input = ForecastInput {
            year: 2027,
            through: date("2026-12-31"),
            year_kwh: 0.0,
            tier_limits_kwh: [2760, 4800],
            recent_daily_kwh: &recent,
            monthly_kwh: &history,
        };
        let f = forecast(&input);
        // 3600 kWh a year at last year's pace: tier 2 (2760) in October, tier 3 (4800) not in 2027.
        let Crossing::On(day) = f.tier2 else { panic!("tier 2 is forecast within 2027: {f:?}") };
        assert_eq!(day.year(), 2027, "the forecast is of the new year, not the one that ended");
        assert_eq!(day.month(), 10, "crossed on {day}");
        assert_eq!(f.tier3, Crossing::NotThisYear);
        // The old reading (year of `through`) would have said "not this year" at once: the bug.
        let old_year = forecast(&ForecastInput { year: 2026, ..input });
        assert_eq!(old_year.tier2, Crossing::NotThisYear);
    }

    #[test]
    fn with_nothing_to_go_by_the_forecast_claims_nothing() {
        // A new account on 1 January: no recent days, no earlier months.
        let input = ForecastInput {
            year: 2027,
            through: date("2026-12-31"),
            year_kwh: 0.0,
            tier_limits_kwh: [2760, 4800],
            recent_daily_kwh: &[],
            monthly_kwh: &[],
        };
        assert_eq!(forecast(&input), TierForecast { tier2: Crossing::Unknown, tier3: Crossing::Unknown });
        // A threshold already passed is still known, with nothing else to go by.
        let past = forecast(&ForecastInput { year: 2026, through: date("2026-11-30"), year_kwh: 3000.0, ..input });
        assert_eq!(past, TierForecast { tier2: Crossing::Already, tier3: Crossing::Unknown });
    }

    #[test]
    fn on_the_last_day_of_the_year_only_that_day_remains() {
        // 31 December: the day before is the last counted; one day of pace is left.
        let input = ForecastInput {
            year: 2026,
            through: date("2026-12-30"),
            year_kwh: 2750.0,
            tier_limits_kwh: [2760, 4800],
            recent_daily_kwh: &[9.0; 30],
            monthly_kwh: &[],
        };
        assert_eq!(forecast(&input).tier2, Crossing::NotThisYear, "2750 + 9 < 2760");
        let input = ForecastInput { recent_daily_kwh: &[10.0; 30], ..input };
        assert_eq!(forecast(&input).tier2, Crossing::On(date("2026-12-31")), "2750 + 10 reaches 2760 that day");
    }

    #[test]
    fn a_leap_year_has_one_more_day_to_count() {
        // 10 kWh a day from 1 January: 2028 has 366 days (3660 kWh), 2027 has 365 (3650).
        let recent = [10.0; 90];
        let year_from = |year: i32, limit: i64| {
            forecast(&ForecastInput {
                year,
                through: Date::new(year - 1, 12, 31).expect("valid"),
                year_kwh: 0.0,
                tier_limits_kwh: [limit, 100_000],
                recent_daily_kwh: &recent,
                monthly_kwh: &[],
            })
            .tier2
        };
        assert_eq!(year_from(2028, 3660), Crossing::On(date("2028-12-31")));
        assert_eq!(year_from(2027, 3660), Crossing::NotThisYear);
        assert_eq!(year_from(2027, 3650), Crossing::On(date("2027-12-31")));
        assert_eq!(year_from(2028, 600), Crossing::On(date("2028-02-29")), "60 days: 31 in January, 29 in February");
    }
}
