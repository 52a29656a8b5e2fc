//! Usage: monthly readings with their bills' totals, daily readings priced by the
//! one tariff function, the tariff in force with this year's use, and range checks.
//! The clock stands at 2026-11-30, so October is the last complete month and
//! 2026-11-29 the last day with a reading.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use common::*;
use contract::tariff::{Tariff, Tier};
use contract::{DailyUsage, MonthlyUsage, TariffInfo, Wh};
use serde_json::{json, Value};

fn typed<T: serde::de::DeserializeOwned>(body: Value) -> T {
    serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{e}: {body}"))
}

async fn monthly(api: &TestApi, token: &str, account: &str, query: &str) -> MonthlyUsage {
    let (status, body) = api.get(&format!("/accounts/{account}/usage/monthly{query}"), Some(token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    typed(body)
}

async fn daily(api: &TestApi, token: &str, account: &str, query: &str) -> DailyUsage {
    let (status, body) = api.get(&format!("/accounts/{account}/usage/daily{query}"), Some(token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    typed(body)
}

/// The fields a 422 names, in order, with their codes.
fn field_errors(body: &Value) -> Vec<(String, String)> {
    assert_eq!(body["code"], "validation_failed", "{body}");
    body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| (f["field"].as_str().expect("field").to_owned(), f["code"].as_str().expect("code").to_owned()))
        .collect()
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(f, c)| (f.to_string(), c.to_string())).collect()
}

#[tokio::test]
async fn monthly_usage_defaults_to_the_24_complete_months_costed_by_their_bills() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let usage = monthly(&api, &token, ZHANG_HOME, "").await;
    assert_eq!((usage.from.to_string(), usage.to.to_string()), ("2024-11".into(), "2026-10".into()));
    assert_eq!(usage.months.len(), 24);
    assert_eq!(usage.months.first().map(|m| m.month), Some(usage.from));
    assert_eq!(usage.months.last().map(|m| m.month), Some(usage.to));
    assert!(usage.months.windows(2).all(|w| w[0].month < w[1].month), "oldest first");

    let (_, bills) = api.get(&format!("/accounts/{ZHANG_HOME}/bills"), Some(&token)).await;
    let totals: BTreeMap<String, i64> = bills
        .as_array()
        .expect("bills")
        .iter()
        .map(|b| (b["month"].as_str().expect("month").to_owned(), b["total"].as_i64().expect("fen")))
        .collect();
    for month in &usage.months {
        assert_eq!(month.kwh, month.peak_kwh + month.valley_kwh, "{month:?}");
        assert!(month.kwh > 0);
        assert_eq!(month.cost.map(|c| c.0), totals.get(&month.month.to_string()).copied(), "{month:?}");
    }
}

#[tokio::test]
async fn monthly_ranges_are_inclusive_and_may_reach_the_current_month() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let usage = monthly(&api, &token, ZHANG_HOME, "?from=2026-01&to=2026-03").await;
    let months: Vec<String> = usage.months.iter().map(|m| m.month.to_string()).collect();
    assert_eq!(months, ["2026-01", "2026-02", "2026-03"]);
    // November is under way: asking is fine, it just has no reading yet.
    let usage = monthly(&api, &token, ZHANG_HOME, "?from=2026-10&to=2026-11").await;
    assert_eq!(usage.months.len(), 1);
    // 36 months is the most; only 24 have readings.
    let usage = monthly(&api, &token, ZHANG_HOME, "?from=2023-11&to=2026-10").await;
    assert_eq!(usage.months.len(), 24);
    let usage = monthly(&api, &token, ZHANG_HOME, "?to=2025-12").await;
    assert_eq!((usage.from.to_string(), usage.months.len()), ("2024-01".into(), 14), "24 months back from to");
}

#[tokio::test]
async fn bad_monthly_ranges_name_their_parameter() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let cases: [(&str, &[(&str, &str)]); 7] = [
        ("?from=2026-13", &[("from", "invalid_format")]),
        ("?to=2026-1", &[("to", "invalid_format")]),
        ("?from=26-01&to=oct", &[("from", "invalid_format"), ("to", "invalid_format")]),
        ("?from=2026-10&to=2026-01", &[("from", "out_of_range")]),
        ("?from=2023-10&to=2026-10", &[("from", "out_of_range")]),
        ("?to=2026-12", &[("to", "out_of_range")]),
        ("?from=2027-01&to=2027-02", &[("to", "out_of_range")]),
    ];
    for (query, expected) in cases {
        let (status, body) = api.get(&format!("/accounts/{ZHANG_HOME}/usage/monthly{query}"), Some(&token)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(field_errors(&body), fields(expected), "{query}");
    }
    let (status, _) = api.get(&format!("/accounts/{LI_PREPAID}/usage/monthly"), Some(&token)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another customer's account");
    let (status, _) = api.get(&format!("/accounts/{ZHANG_HOME}/usage/monthly"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// Recomputes each day's cost from the monthly and daily readings the API answers:
/// the tier is where this year's months before the day's month, plus the day's
/// month up to the day before, had reached.
/// Answers the tiers the days were priced at.
async fn assert_days_priced_by_the_tariff(
    api: &TestApi,
    token: &str,
    account: &str,
    time_of_use: bool,
) -> BTreeSet<Tier> {
    let usage = daily(api, token, account, "").await;
    assert_eq!((usage.from.to_string(), usage.to.to_string()), ("2026-09-01".into(), "2026-11-29".into()));
    assert_eq!(usage.days.len(), 90);
    assert_eq!(usage.days.first().map(|d| d.day), Some(usage.from));
    assert_eq!(usage.days.last().map(|d| d.day), Some(usage.to));
    let months = monthly(api, token, account, "?from=2026-01&to=2026-10").await;
    let tariff = Tariff::demo();
    let mut tiers_seen = BTreeSet::new();
    let mut month_so_far = Wh::ZERO;
    for (index, day) in usage.days.iter().enumerate() {
        if index == 0 || day.day.day() == 1 {
            month_so_far = Wh::ZERO;
        }
        let earlier_months: i64 = months.months.iter().filter(|m| m.month < day.day.year_month()).map(|m| m.kwh).sum();
        let before = (Wh::from_kwh(earlier_months) + month_so_far).whole_kwh();
        tiers_seen.insert(tariff.tier_at(before));
        assert_eq!(tariff.day_cost(time_of_use, before, day.peak, day.valley), day.cost, "{account} {day:?}");
        assert!(day.cost.0 > 0);
        month_so_far += day.peak + day.valley;
    }
    tiers_seen
}

#[tokio::test]
async fn daily_usage_defaults_to_90_days_ending_yesterday_priced_at_the_tier_reached() {
    let api = TestApi::new();
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let mut tiers = assert_days_priced_by_the_tariff(&api, &zhang, ZHANG_HOME, true).await;
    let wang = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    tiers.extend(assert_days_priced_by_the_tariff(&api, &wang, WANG_ACCOUNT, false).await);
    assert!(tiers.len() >= 2, "the seeded days are priced at more than one tier: {tiers:?}");
}

#[tokio::test]
async fn a_daily_range_inside_a_month_is_priced_as_in_the_full_range() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let all = daily(&api, &token, ZHANG_HOME, "").await;
    let part = daily(&api, &token, ZHANG_HOME, "?from=2026-10-15&to=2026-10-20").await;
    let same: Vec<_> = all.days.iter().filter(|d| part.days.iter().any(|p| p.day == d.day)).cloned().collect();
    assert_eq!(part.days.len(), 6);
    assert_eq!(part.days, same, "the month's days before `from` still count towards the tier");
}

#[tokio::test]
async fn bad_daily_ranges_name_their_parameter() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let cases: [(&str, &[(&str, &str)]); 6] = [
        ("?from=2026-02-30", &[("from", "invalid_format")]),
        ("?to=yesterday", &[("to", "invalid_format")]),
        ("?from=2026-11-20&to=2026-11-10", &[("from", "out_of_range")]),
        ("?from=2026-08-01&to=2026-11-29", &[("from", "out_of_range")]),
        ("?to=2026-12-01", &[("to", "out_of_range")]),
        ("?from=2026-12-01&to=2026-11-29", &[("from", "out_of_range")]),
    ];
    for (query, expected) in cases {
        let (status, body) = api.get(&format!("/accounts/{ZHANG_HOME}/usage/daily{query}"), Some(&token)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(field_errors(&body), fields(expected), "{query}");
    }
    // 92 days is the most.
    let usage = daily(&api, &token, ZHANG_HOME, "?from=2026-08-30&to=2026-11-29").await;
    assert_eq!(usage.days.len(), 90, "only 90 days have readings");
    let usage = daily(&api, &token, ZHANG_HOME, "?from=2026-11-29&to=2026-11-30").await;
    assert_eq!(usage.days.len(), 1, "today is not over: no reading yet");
    let (status, _) = api.get(&format!("/accounts/{LI_PREPAID}/usage/daily"), Some(&token)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn tariff_info_counts_this_years_months_and_this_months_days() {
    let api = TestApi::new();
    for (account, phone, time_of_use) in [(ZHANG_HOME, ZHANG_PHONE, true), (WANG_ACCOUNT, WANG_PHONE, false)] {
        let token = api.sign_in(account, phone).await;
        let (status, body) = api.get(&format!("/accounts/{account}/tariff"), Some(&token)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let info: TariffInfo = typed(body);
        assert_eq!(info.tariff, Tariff::demo());
        assert_eq!((info.year, info.through.to_string(), info.time_of_use), (2026, "2026-11-29".into(), time_of_use));
        let months = monthly(&api, &token, account, "?from=2026-01&to=2026-11").await;
        assert_eq!(months.months.len(), 10, "January to October");
        let days = daily(&api, &token, account, "?from=2026-11-01&to=2026-11-29").await;
        let months_kwh: i64 = months.months.iter().map(|m| m.kwh).sum();
        let november: Wh = days.days.iter().map(|d| d.peak + d.valley).sum();
        assert_eq!(info.year_kwh, (Wh::from_kwh(months_kwh) + november).whole_kwh(), "{account}");
    }
}

/// At the year's edges: on 31 December the year counts everything through the 30th; on
/// 1 January the new year has counted nothing (0 kWh) and its last day counted is the old
/// year's 31 December. (Readings stop where the seed made them, on 29 November.)
#[tokio::test]
async fn tariff_info_at_the_years_edges() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let months = monthly(&api, &token, ZHANG_HOME, "?from=2026-01&to=2026-11").await;
    let days = daily(&api, &token, ZHANG_HOME, "?from=2026-11-01&to=2026-11-29").await;
    let year_2026 = (Wh::from_kwh(months.months.iter().map(|m| m.kwh).sum())
        + days.days.iter().map(|d| d.peak + d.valley).sum::<Wh>())
    .whole_kwh();
    let tariff_at = |at: &str| {
        let at = contract::Timestamp::parse(at).expect("valid");
        api.clock.advance(at.unix_seconds() - api.clock.now().unix_seconds());
        async {
            let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
            let (status, body) = api.get(&format!("/accounts/{ZHANG_HOME}/tariff"), Some(&token)).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            typed::<TariffInfo>(body)
        }
    };
    let info = tariff_at("2026-12-31T23:30:00+08:00").await;
    assert_eq!((info.year, info.year_kwh, info.through.to_string()), (2026, year_2026, "2026-12-30".into()));
    let info = tariff_at("2027-01-01T00:30:00+08:00").await;
    assert_eq!((info.year, info.year_kwh, info.through.to_string()), (2027, 0, "2026-12-31".into()));
}

#[tokio::test]
async fn a_new_account_has_no_usage_and_no_bills_yet() {
    let api = TestApi::new();
    let token = api.sign_in(CHEN_NEW, CHEN_PHONE).await;
    let usage = monthly(&api, &token, CHEN_NEW, "").await;
    assert!(usage.months.is_empty());
    let usage = daily(&api, &token, CHEN_NEW, "").await;
    assert!(usage.days.is_empty());
    let (status, bills) = api.get(&format!("/accounts/{CHEN_NEW}/bills"), Some(&token)).await;
    assert_eq!((status, bills), (StatusCode::OK, json!([])));
    let (_, info) = api.get(&format!("/accounts/{CHEN_NEW}/tariff"), Some(&token)).await;
    assert_eq!((info["year_kwh"].clone(), info["through"].clone()), (json!(0), json!("2026-11-29")));
}
