//! A hall's open days in the booking window, and a day's slots with the seats left.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::Json;
use contract::{Date, DaySlots, FieldCode, FieldError, HallId, OpenDates, ServiceCode, Slot};
use rusqlite::{params, Connection};

use super::schedule::{hall_row, last_bookable_day, require_offered, slot_starts, HallRow};
use super::{required_service, BOOKING_DAYS, SLOT_S};
use crate::error::{ApiError, ApiResult};
use crate::extract::PathId;
use crate::AppState;

/// The hall of the path and the service of the query, once both are known to go together.
fn hall_offering(conn: &Connection, hall_id: HallId, service: &ServiceCode) -> ApiResult<HallRow> {
    let hall = hall_row(conn, hall_id)?.ok_or(ApiError::NotFound)?;
    require_offered(conn, hall_id, service)?;
    Ok(hall)
}

pub(super) async fn dates(
    State(state): State<AppState>,
    PathId(hall_id): PathId<HallId>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<OpenDates>> {
    let service = required_service(&query)?;
    let now = state.clock.now();
    let today = Date::of(now);
    let dates = state
        .db
        .read(move |conn| {
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

pub(super) async fn slots(
    State(state): State<AppState>,
    PathId(hall_id): PathId<HallId>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<DaySlots>> {
    let service = required_service(&query)?;
    let date = match query.get("date") {
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
        .read(move |conn| {
            let hall = hall_offering(conn, hall_id, &service)?;
            // A held seat is a booked or checked-in appointment: cancelling or serving one gives its seat back.
            let taken: HashMap<i64, i64> = conn
                .prepare_cached(
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
