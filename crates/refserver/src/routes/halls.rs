//! Service halls (营业厅) and what they offer: services with their checklists, halls
//! with hours, closures and queue, the open days of the booking window, and a day's
//! 30-minute slots with the seats left. All times are China time (UTC+8), computed
//! from `Date::start()`, never from the machine's time zone.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use contract::{
    Closure, Date, DayHours, DaySlots, FieldCode, FieldError, Hall, HallId, Localized, OpenDates, Satisfaction,
    Service, ServiceCode, Slot, Timestamp,
};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{ApiError, ApiResult};
use crate::extract;
use crate::AppState;

/// Days that can be booked, today included.
pub const BOOKING_DAYS: i64 = 14;
/// Length of a slot.
pub const SLOT_S: i64 = 30 * 60;
/// Minutes a walk-in waits per person in the queue.
const MINUTES_PER_PERSON: u32 = 6;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/services", get(services))
        .route("/halls", get(halls))
        .route("/halls/{hall_id}/dates", get(dates))
        .route("/halls/{hall_id}/slots", get(slots))
}

/// What booking needs to know about a hall.
pub struct HallRow {
    pub id: HallId,
    pub slot_capacity: i64,
    pub weekly_hours: Vec<Option<DayHours>>,
}

/// The weekly pattern as stored: 7 entries Monday..Sunday, each null or `["08:30","17:00"]`.
fn weekly_hours(stored: &str) -> ApiResult<Vec<Option<DayHours>>> {
    let days: Vec<Option<(String, String)>> = serde_json::from_str(stored)?;
    if days.len() != 7 {
        return Err(ApiError::internal(format!("stored weekly hours have {} days", days.len())));
    }
    Ok(days.into_iter().map(|day| day.map(|(open, close)| DayHours { open, close })).collect())
}

/// `HH:MM` → seconds after midnight.
fn seconds_of(hhmm: &str) -> ApiResult<i64> {
    let invalid = || ApiError::internal(format!("stored opening time {hhmm:?} is invalid"));
    let (h, m) = hhmm.split_once(':').ok_or_else(invalid)?;
    let (h, m): (i64, i64) = (h.parse().map_err(|_| invalid())?, m.parse().map_err(|_| invalid())?);
    if !(0..=24).contains(&h) || !(0..60).contains(&m) {
        return Err(invalid());
    }
    Ok(h * 3600 + m * 60)
}

pub fn hall_row(conn: &Connection, id: HallId) -> ApiResult<Option<HallRow>> {
    let row: Option<(i64, String)> = conn
        .query_row("SELECT slot_capacity, weekly_hours FROM halls WHERE id = ?1", [id.0], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    row.map(|(slot_capacity, hours)| Ok(HallRow { id, slot_capacity, weekly_hours: weekly_hours(&hours)? })).transpose()
}

/// The starts of a day's slots: every 30 minutes from opening while the slot ends by closing;
/// none on a closed weekday or a closure day.
pub fn slot_starts(conn: &Connection, hall: &HallRow, day: Date) -> ApiResult<Vec<Timestamp>> {
    let Some(hours) = &hall.weekly_hours[usize::from(day.weekday())] else {
        return Ok(Vec::new());
    };
    let closed: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM hall_closures WHERE hall_id = ?1 AND day = ?2)",
        params![hall.id.0, day.to_string()],
        |r| r.get(0),
    )?;
    if closed {
        return Ok(Vec::new());
    }
    let (open, close) = (seconds_of(&hours.open)?, seconds_of(&hours.close)?);
    let start = day.start();
    Ok((0..)
        .map(|i| open + i * SLOT_S)
        .take_while(|offset| offset + SLOT_S <= close)
        .map(|offset| start.plus_seconds(offset))
        .collect())
}

/// The last day of the booking window.
pub fn last_bookable_day(today: Date) -> Date {
    today.add_days(BOOKING_DAYS - 1)
}

/// `starts_at` must be the start of a slot of an open day in the window that has not begun yet.
pub fn check_slot(conn: &Connection, hall: &HallRow, starts_at: Timestamp, now: Timestamp) -> ApiResult<()> {
    let day = Date::of(starts_at);
    let today = Date::of(now);
    let bookable =
        starts_at > now && day <= last_bookable_day(today) && slot_starts(conn, hall, day)?.contains(&starts_at);
    if bookable {
        Ok(())
    } else {
        Err(ApiError::field(FieldError::new(
            "starts_at",
            FieldCode::OutOfRange,
            "starts_at must be the start of a future slot within opening hours in the next 14 days",
        )))
    }
}

/// 422 on `service` unless the hall offers it.
pub fn require_offered(conn: &Connection, hall: HallId, service: &ServiceCode) -> ApiResult<()> {
    let offered: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM hall_services WHERE hall_id = ?1 AND service_code = ?2)",
        params![hall.0, service.as_str()],
        |r| r.get(0),
    )?;
    if offered {
        Ok(())
    } else {
        Err(ApiError::field(FieldError::new("service", FieldCode::OutOfRange, "this hall does not offer that service")))
    }
}

/// A service code from the query; blank counts as left out.
fn service_param(query: &HashMap<String, String>) -> ApiResult<Option<ServiceCode>> {
    query
        .get("service")
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(|raw| ServiceCode::parse(raw).map_err(ApiError::field))
        .transpose()
}

fn required_service(query: &HashMap<String, String>) -> ApiResult<ServiceCode> {
    service_param(query)?
        .ok_or_else(|| ApiError::field(FieldError::new("service", FieldCode::Required, "service is required")))
}

pub fn stored_checklist(stored: &str) -> ApiResult<Vec<Localized>> {
    Ok(serde_json::from_str(stored)?)
}

async fn services(State(state): State<AppState>) -> ApiResult<Json<Vec<Service>>> {
    let services = state
        .db
        .call(|conn| {
            let mut statement =
                conn.prepare("SELECT code, name, name_en, minutes, checklist FROM services ORDER BY rowid")?;
            let rows = statement
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, u32>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(code, zh, en, minutes, checklist)| {
                    Ok(Service {
                        code: ServiceCode::parse(&code)
                            .map_err(|_| ApiError::internal(format!("stored service code {code:?}")))?,
                        name: Localized { zh, en },
                        minutes,
                        checklist: stored_checklist(&checklist)?,
                    })
                })
                .collect::<ApiResult<Vec<_>>>()
        })
        .await?;
    Ok(Json(services))
}

/// Ratings count towards a hall's satisfaction rate for this long after they are given.
pub const SATISFACTION_WINDOW_S: i64 = 90 * 86_400;

/// `satisfied` of `total` in per mille, rounded half up (962.5 ‰ is 963 ‰); `None` without ratings.
pub fn satisfaction_of(satisfied: u32, total: u32) -> Option<Satisfaction> {
    (total > 0).then(|| {
        let (s, t) = (u64::from(satisfied.min(total)), u64::from(total));
        let permille = (s * 2000 + t) / (2 * t);
        Satisfaction { satisfied_permille: u32::try_from(permille).unwrap_or(1000), ratings: total }
    })
}

/// The hall's satisfaction rate: the share of 满意 and 非常满意 among the ratings of visits to it
/// given in the 90 days up to `now`.
fn satisfaction(conn: &Connection, hall: HallId, now: Timestamp) -> ApiResult<Option<Satisfaction>> {
    let (total, satisfied): (i64, i64) = conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(level IN ('very_satisfied', 'satisfied')), 0) FROM ratings
         WHERE hall_id = ?1 AND kind = 'visit' AND created_at > ?2 AND created_at <= ?3",
        params![hall.0, now.unix_seconds() - SATISFACTION_WINDOW_S, now.unix_seconds()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    Ok(satisfaction_of(count(satisfied), count(total)))
}

async fn halls(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<Hall>>> {
    let service = service_param(&query)?;
    let now = state.clock.now();
    let today = Date::of(now);
    let halls = state
        .db
        .call(move |conn| {
            if let Some(service) = &service {
                let known: bool = conn.query_row(
                    "SELECT EXISTS (SELECT 1 FROM services WHERE code = ?1)",
                    [service.as_str()],
                    |r| r.get(0),
                )?;
                if !known {
                    return Err(ApiError::field(FieldError::new(
                        "service",
                        FieldCode::OutOfRange,
                        "service is not one of the services of GET /services",
                    )));
                }
            }
            let mut statement = conn.prepare(
                "SELECT id, name, city, area, address, phone, latitude, longitude, weekly_hours, queue_length FROM halls
                 WHERE ?1 IS NULL OR id IN (SELECT hall_id FROM hall_services WHERE service_code = ?1)
                 ORDER BY id",
            )?;
            type Row = (i64, String, String, String, String, String, f64, f64, String, i64);
            let rows: Vec<Row> = statement
                .query_map([service.as_ref().map(ServiceCode::as_str)], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                    ))
                })?
                .collect::<Result<_, _>>()?;
            let mut halls = Vec::with_capacity(rows.len());
            for (id, name, city, area, address, phone, latitude, longitude, hours, queue_length) in rows {
                let id = HallId(id);
                let closures = conn
                    .prepare("SELECT day, reason FROM hall_closures WHERE hall_id = ?1 AND day >= ?2 ORDER BY day")?
                    .query_map(params![id.0, today.to_string()], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                    })?
                    .collect::<Result<Vec<_>, _>>()?
                    .into_iter()
                    .map(|(day, reason)| {
                        let day = Date::parse(&day).map_err(|_| ApiError::internal("stored closure day"))?;
                        Ok(Closure { day, reason })
                    })
                    .collect::<ApiResult<Vec<_>>>()?;
                let services = conn
                    .prepare(
                        "SELECT hs.service_code FROM hall_services hs JOIN services s ON s.code = hs.service_code
                         WHERE hs.hall_id = ?1 ORDER BY s.rowid",
                    )?
                    .query_map([id.0], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()?
                    .iter()
                    .map(|code| {
                        ServiceCode::parse(code)
                            .map_err(|_| ApiError::internal(format!("stored service code {code:?}")))
                    })
                    .collect::<ApiResult<Vec<_>>>()?;
                let queue_length = u32::try_from(queue_length.max(0)).unwrap_or(u32::MAX);
                halls.push(Hall {
                    id,
                    name,
                    city,
                    area,
                    address,
                    phone,
                    latitude_e6: (latitude * 1e6).round() as i64,
                    longitude_e6: (longitude * 1e6).round() as i64,
                    weekly_hours: weekly_hours(&hours)?,
                    closures,
                    services,
                    queue_length,
                    expected_wait_minutes: queue_length.saturating_mul(MINUTES_PER_PERSON),
                    satisfaction: satisfaction(conn, id, now)?,
                });
            }
            Ok(halls)
        })
        .await?;
    Ok(Json(halls))
}

/// The hall of the path and the service of the query, once both are known to go together.
fn hall_offering(conn: &Connection, hall_id: HallId, service: &ServiceCode) -> ApiResult<HallRow> {
    let hall = hall_row(conn, hall_id)?.ok_or(ApiError::NotFound)?;
    require_offered(conn, hall_id, service)?;
    Ok(hall)
}

async fn dates(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<OpenDates>> {
    let hall_id = extract::hall_id(&raw)?;
    let service = required_service(&query)?;
    let now = state.clock.now();
    let today = Date::of(now);
    let dates = state
        .db
        .call(move |conn| {
            let hall = hall_offering(conn, hall_id, &service)?;
            let mut dates = Vec::new();
            for offset in 0..BOOKING_DAYS {
                let day = today.add_days(offset);
                // A day counts while it still has a slot to book: today after its last slot has begun does not.
                if slot_starts(conn, &hall, day)?.iter().any(|start| *start > now) {
                    dates.push(day);
                }
            }
            Ok(dates)
        })
        .await?;
    Ok(Json(OpenDates { hall_id, dates }))
}

async fn slots(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<DaySlots>> {
    let hall_id = extract::hall_id(&raw)?;
    let service = required_service(&query)?;
    let date = match query.get("date").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => return Err(ApiError::field(FieldError::new("date", FieldCode::Required, "date is required"))),
        Some(raw) => Date::parse(raw).map_err(|_| {
            ApiError::field(FieldError::new(
                "date",
                FieldCode::InvalidFormat,
                "date must be YYYY-MM-DD, like 2026-12-01",
            ))
        })?,
    };
    let now = state.clock.now();
    let today = Date::of(now);
    if date < today || date > last_bookable_day(today) {
        return Err(ApiError::field(FieldError::new(
            "date",
            FieldCode::OutOfRange,
            "date must be today or one of the next 13 days",
        )));
    }
    let slots = state
        .db
        .call(move |conn| {
            let hall = hall_offering(conn, hall_id, &service)?;
            // A held seat is a booked or checked-in appointment: cancelling or serving one gives its seat back.
            let taken: HashMap<i64, i64> = conn
                .prepare(
                    "SELECT starts_at, COUNT(*) FROM appointments
                     WHERE hall_id = ?1 AND starts_at >= ?2 AND starts_at < ?3 AND seat_no IS NOT NULL
                     GROUP BY starts_at",
                )?
                .query_map(
                    params![hall_id.0, date.start().unix_seconds(), date.add_days(1).start().unix_seconds()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
                .collect::<Result<_, _>>()?;
            let capacity = hall.slot_capacity.max(0);
            Ok(slot_starts(conn, &hall, date)?
                .into_iter()
                .filter(|start| *start > now)
                .map(|start| {
                    let held = taken.get(&start.unix_seconds()).copied().unwrap_or(0);
                    Slot {
                        starts_at: start,
                        ends_at: start.plus_seconds(SLOT_S),
                        capacity: u32::try_from(capacity).unwrap_or(u32::MAX),
                        remaining: u32::try_from((capacity - held).max(0)).unwrap_or(0),
                    }
                })
                .collect())
        })
        .await?;
    Ok(Json(DaySlots { hall_id, date, slots }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn satisfaction_is_per_mille_rounded_half_up() {
        assert_eq!(satisfaction_of(0, 0), None);
        let rate = |s, t| satisfaction_of(s, t).map(|x| x.satisfied_permille);
        assert_eq!(rate(5, 7), Some(714)); // 714.28…
        assert_eq!(rate(2, 3), Some(667)); // 666.66…
        assert_eq!(rate(77, 80), Some(963)); // 962.5 rounds up
        assert_eq!(rate(1, 2000), Some(1)); // 0.5 rounds up
        assert_eq!(rate(0, 4), Some(0));
        assert_eq!(satisfaction_of(9, 9), Some(Satisfaction { satisfied_permille: 1000, ratings: 9 }));
    }
}
