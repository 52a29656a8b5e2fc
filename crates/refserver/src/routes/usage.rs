//! An account's use: monthly readings with what they cost, daily smart-meter
//! readings with an estimated cost, and the tariff in force with this year's use.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use contract::error::FieldErrors;
use contract::tariff::Tariff;
use contract::time::TimeParseError;
use contract::{
    AccountNo, DailyUsage, Date, DayUsage, Fen, FieldCode, FieldError, MonthUsage, MonthlyUsage, TariffInfo, Wh,
    YearMonth,
};
use rusqlite::{params, Connection};

use super::accounts::BoundAccount;
use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// The longest ranges one request may ask for.
pub const MAX_MONTHS: i64 = 36;
pub const MAX_DAYS: i64 = 92;
/// What is answered when the range is left out.
pub const DEFAULT_MONTHS: i32 = 24;
pub const DEFAULT_DAYS: i64 = 90;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts/{account_no}/usage/monthly", get(monthly))
        .route("/accounts/{account_no}/usage/daily", get(daily))
        .route("/accounts/{account_no}/tariff", get(tariff))
}

/// One of the two kinds of range this API takes: months (`YYYY-MM`) or days (`YYYY-MM-DD`).
struct RangeRules<T> {
    parse: fn(&str) -> Result<T, TimeParseError>,
    /// How a value is written, for the error message (`YYYY-MM, like 2026-10`).
    format: &'static str,
    /// The range when both ends are left out, and `from` for a given `to`.
    default_to: T,
    default_from: fn(T) -> T,
    /// Inclusive length of `from..=to` in the range's unit.
    length: fn(T, T) -> i64,
    max_length: i64,
    unit: &'static str,
    /// The last value that is not in the future.
    latest: T,
}

/// `from` and `to` from the query, defaulted, each problem reported against its parameter.
fn range<T: Copy + Ord>(query: &HashMap<String, String>, rules: &RangeRules<T>) -> ApiResult<(T, T)> {
    let mut errors = FieldErrors::default();
    // Taken exactly as sent: a blank parameter is not a left-out one.
    let mut given = |name: &str| {
        let raw = query.get(name)?;
        let message = format!("{name} must be {}", rules.format);
        Some(errors.take((rules.parse)(raw), |_| FieldError::new(name, FieldCode::InvalidFormat, message)))
    };
    let (from, to) = (given("from"), given("to"));
    let to = to.unwrap_or(Some(rules.default_to));
    let from = from.unwrap_or_else(|| to.map(rules.default_from));
    let (from, to) = errors.finish(from.zip(to)).map_err(ApiError::Validation)?;
    let mut out_of_range = Vec::new();
    if to > rules.latest {
        out_of_range.push(FieldError::new("to", FieldCode::OutOfRange, "to must not be in the future"));
    }
    if from > to {
        out_of_range.push(FieldError::new("from", FieldCode::OutOfRange, "from must not be after to"));
    } else if (rules.length)(from, to) > rules.max_length {
        let message = format!("from..to spans at most {} {}", rules.max_length, rules.unit);
        out_of_range.push(FieldError::new("from", FieldCode::OutOfRange, message));
    }
    if out_of_range.is_empty() {
        Ok((from, to))
    } else {
        Err(ApiError::Validation(out_of_range))
    }
}

fn month_rules(today: Date) -> RangeRules<YearMonth> {
    RangeRules {
        parse: YearMonth::parse,
        format: "YYYY-MM, like 2026-10",
        // The last complete month; the current one has no reading yet.
        default_to: today.year_month().add_months(-1),
        default_from: |to| to.add_months(1 - DEFAULT_MONTHS),
        length: |from, to| i64::from(from.months_until(to)) + 1,
        max_length: MAX_MONTHS,
        unit: "months",
        latest: today.year_month(),
    }
}

fn day_rules(today: Date) -> RangeRules<Date> {
    RangeRules {
        parse: Date::parse,
        format: "YYYY-MM-DD, like 2026-10-31",
        // Yesterday: today's reading arrives tomorrow.
        default_to: today.add_days(-1),
        default_from: |to| to.add_days(1 - DEFAULT_DAYS),
        length: |from, to| from.days_until(to) + 1,
        max_length: MAX_DAYS,
        unit: "days",
        latest: today,
    }
}

fn stored<T>(parsed: Result<T, TimeParseError>, what: &str) -> ApiResult<T> {
    parsed.map_err(|_| ApiError::internal(format!("stored {what} is invalid")))
}

/// This calendar year's use before `day`: the readings of the year's earlier
/// months, plus the daily readings since the last of them (`day`'s month, and the
/// month before while its monthly reading is not in yet). The tier a day is priced
/// at, and the year's progress through the tiers, both start from this. On 1 January
/// nothing is before `day` in its year: 0.
pub fn year_use_before(conn: &Connection, account_no: &AccountNo, day: Date) -> ApiResult<Wh> {
    let month = day.year_month();
    let (months_kwh, last_month): (i64, Option<String>) = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(peak_kwh + valley_kwh), 0), MAX(month) FROM monthly_usage
             WHERE account_no = ?1 AND month >= ?2 AND month < ?3",
        )?
        .query_row(params![account_no.as_str(), format!("{:04}-01", day.year()), month.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let days_from = match last_month {
        Some(last) => stored(YearMonth::parse(&last), "usage month")?.add_months(1).first_day(),
        None => Date::new(day.year(), 1, 1).unwrap_or(month.first_day()),
    };
    let days_wh: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(peak_wh + valley_wh), 0) FROM daily_usage
             WHERE account_no = ?1 AND day >= ?2 AND day < ?3",
        )?
        .query_row(params![account_no.as_str(), days_from.to_string(), day.to_string()], |r| r.get(0))?;
    Ok(Wh::from_kwh(months_kwh) + Wh(days_wh))
}

async fn monthly(
    State(state): State<AppState>,
    BoundAccount { account, .. }: BoundAccount,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<MonthlyUsage>> {
    let range = range(&query, &month_rules(state.clock.today()))?;
    Ok(Json(monthly_usage(&state, account.account_no, range).await?))
}

/// The default ranges (what the usage page shows): the last 24 complete months, the last 90 days.
pub(crate) fn default_ranges(today: Date) -> ApiResult<((YearMonth, YearMonth), (Date, Date))> {
    let none = HashMap::new();
    Ok((range(&none, &month_rules(today))?, range(&none, &day_rules(today))?))
}

/// The account's monthly readings from `from` to `to`, with what each bill came to.
pub(crate) async fn monthly_usage(
    state: &AppState,
    account_no: AccountNo,
    (from, to): (YearMonth, YearMonth),
) -> ApiResult<MonthlyUsage> {
    state
        .db
        .read(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT m.month, m.peak_kwh, m.valley_kwh, b.total_fen FROM monthly_usage m
                 LEFT JOIN bills b ON b.account_no = m.account_no AND b.month = m.month
                 WHERE m.account_no = ?1 AND m.month >= ?2 AND m.month <= ?3 ORDER BY m.month",
            )?;
            let rows = statement
                .query_map(params![account_no.as_str(), from.to_string(), to.to_string()], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, Option<i64>>(3)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let months = rows
                .into_iter()
                .map(|(month, peak_kwh, valley_kwh, total)| {
                    Ok(MonthUsage {
                        month: stored(YearMonth::parse(&month), "usage month")?,
                        peak_kwh,
                        valley_kwh,
                        kwh: peak_kwh + valley_kwh,
                        cost: total.map(Fen),
                    })
                })
                .collect::<ApiResult<Vec<_>>>()?;
            Ok(MonthlyUsage { account_no, from, to, months })
        })
        .await
}

async fn daily(
    State(state): State<AppState>,
    BoundAccount { account, .. }: BoundAccount,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<DailyUsage>> {
    let range = range(&query, &day_rules(state.clock.today()))?;
    Ok(Json(daily_usage(&state, account.account_no, account.time_of_use, range).await?))
}

/// The account's daily readings from `from` to `to`, each with its estimated cost.
pub(crate) async fn daily_usage(
    state: &AppState,
    account_no: AccountNo,
    time_of_use: bool,
    (from, to): (Date, Date),
) -> ApiResult<DailyUsage> {
    state
        .db
        .read(move |conn| {
            let mut statement = conn.prepare_cached(
                "SELECT day, peak_wh, valley_wh FROM daily_usage
                 WHERE account_no = ?1 AND day >= ?2 AND day <= ?3 ORDER BY day",
            )?;
            let rows = statement
                .query_map(params![account_no.as_str(), from.to_string(), to.to_string()], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let tariff = Tariff::demo();
            let mut days = Vec::with_capacity(rows.len());
            // The year's use so far, asked of the database once per month and carried day to day.
            let mut year_use: Option<(YearMonth, Wh)> = None;
            for (day, peak, valley) in rows {
                let day = stored(Date::parse(&day), "usage day")?;
                let (peak, valley) = (Wh(peak), Wh(valley));
                let before = match year_use {
                    Some((month, used)) if month == day.year_month() => used,
                    _ => year_use_before(conn, &account_no, day)?,
                };
                let cost = tariff.day_cost(time_of_use, before.whole_kwh(), peak, valley);
                year_use = Some((day.year_month(), before + peak + valley));
                days.push(DayUsage { day, peak, valley, cost });
            }
            Ok(DailyUsage { account_no, from, to, days })
        })
        .await
}

async fn tariff(
    State(state): State<AppState>,
    BoundAccount { account, .. }: BoundAccount,
) -> ApiResult<Json<TariffInfo>> {
    let account_no = account.account_no.clone();
    let today = state.clock.today();
    let info = state
        .db
        .read(move |conn| {
            // Through yesterday: the year's complete months and this month's daily readings.
            let year_use = year_use_before(conn, &account_no, today)?;
            Ok(TariffInfo {
                account_no,
                tariff: Tariff::demo(),
                time_of_use: account.time_of_use,
                year: today.year(),
                year_kwh: year_use.whole_kwh(),
                through: today.add_days(-1),
            })
        })
        .await?;
    Ok(Json(info))
}
