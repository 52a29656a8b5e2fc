//! Demo only: the hall staff's check-in of a scanned code and calling the next number.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::Json;
use contract::rating::check_text;
use contract::{Appointment, AppointmentStatus, CheckInRequest, Date, Timestamp};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::store::{by_id, row, SELECT};
use crate::error::{ApiError, ApiResult};
use crate::extract::{self, Body};
use crate::routes::halls::hall_row;
use crate::AppState;

/// Most characters of a window (or staff) name, e.g. `3号窗口`.
const WINDOW_MAX_CHARS: usize = 16;

/// The hall scans a code: a booking of today joins the queue behind the people already waiting.
pub(super) async fn check_in(
    State(state): State<AppState>,
    Body(request): Body<CheckInRequest>,
) -> ApiResult<Json<Appointment>> {
    let code = request.code.trim().to_ascii_uppercase();
    let now = state.clock.now();
    let today = Date::of(now);
    let appointment = state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let sql = format!("{SELECT} WHERE a.code = ?1");
            let current = tx.query_row(&sql, [&code], row).optional()?.ok_or(ApiError::NotFound)?;
            if current.status(now)? != AppointmentStatus::Booked || Date::of(Timestamp(current.starts_at)) != today {
                return Err(ApiError::AppointmentLocked("only a booked appointment of today can be checked in"));
            }
            let ahead: i64 =
                tx.query_row("SELECT queue_length FROM halls WHERE id = ?1", [current.hall_id], |r| r.get(0))?;
            let number: i64 = tx.query_row(
                "SELECT COALESCE(MAX(queue_no), 0) + 1 FROM appointments WHERE hall_id = ?1 AND queue_day = ?2",
                params![current.hall_id, today.to_string()],
                |r| r.get(0),
            )?;
            tx.execute(
                "UPDATE appointments SET status = 'checked_in', queue_day = ?1, queue_no = ?2, queue_ahead = ?3
                 WHERE id = ?4",
                params![today.to_string(), number, ahead.max(0), current.id],
            )?;
            // The customer is now part of the hall's queue, so later arrivals wait behind them.
            tx.execute("UPDATE halls SET queue_length = queue_length + 1 WHERE id = ?1", [current.hall_id])?;
            tx.commit()?;
            by_id(conn, current.id)?.into_appointment(now)
        })
        .await?;
    Ok(Json(appointment))
}

/// The hall calls the next number: its first checked-in customer is served (at `window`, when
/// given, which the visit's rating then shows), and everyone still waiting there moves up one
/// place. 404 when nobody has checked in at the hall.
pub(super) async fn call_next(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Appointment>> {
    let hall_id = extract::hall_id(query.get("hall_id").map(String::as_str).unwrap_or(""))?;
    let window = check_text("window", query.get("window").map(String::as_str).unwrap_or(""), WINDOW_MAX_CHARS)
        .map_err(ApiError::field)?;
    let window = Some(window).filter(|w| !w.is_empty());
    let now = state.clock.now();
    let appointment = state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            hall_row(&tx, hall_id)?.ok_or(ApiError::NotFound)?;
            let next: i64 = tx
                .query_row(
                    "SELECT id FROM appointments WHERE hall_id = ?1 AND status = 'checked_in'
                     ORDER BY queue_day, queue_no LIMIT 1",
                    [hall_id.0],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(ApiError::NotFound)?;
            // Served: the seat is no longer held.
            tx.execute(
                "UPDATE appointments SET status = 'done', seat_no = NULL, queue_ahead = 0, served_at = ?1,
                     served_window = ?2
                 WHERE id = ?3",
                params![now.unix_seconds(), window, next],
            )?;
            tx.execute(
                "UPDATE appointments SET queue_ahead = MAX(queue_ahead - 1, 0) WHERE hall_id = ?1 AND status = 'checked_in'",
                [hall_id.0],
            )?;
            tx.execute("UPDATE halls SET queue_length = MAX(queue_length - 1, 0) WHERE id = ?1", [hall_id.0])?;
            tx.commit()?;
            by_id(conn, next)?.into_appointment(now)
        })
        .await?;
    Ok(Json(appointment))
}
