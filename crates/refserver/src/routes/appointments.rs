//! Hall appointments: booking a slot's seat, the customer's list, cancelling and
//! rescheduling; and, in demo mode, the hall staff's check-in and call-next.
//!
//! Every change runs in one `BEGIN IMMEDIATE` transaction, so the seat count read is
//! the one written against; the table's UNIQUE (hall_id, starts_at, seat_no) and its
//! capacity trigger refuse an extra seat even if this code were wrong.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::rating::check_text;
use contract::{
    AccountNo, Appointment, AppointmentId, AppointmentStatus, BookingRequest, CheckInRequest, Date, ErrorCode,
    FieldCode, FieldError, HallId, Localized, Phone, QueueTicket, RescheduleRequest, ServiceCode, Timestamp,
};
use rand::Rng;
use rusqlite::{params, Connection, ErrorCode as SqliteCode, OptionalExtension, TransactionBehavior};

use super::accounts::bound_account;
use super::halls::{check_slot, hall_row, require_offered, stored_checklist, SLOT_S};
use crate::error::{ApiError, ApiResult};
use crate::extract::{self, Body, SignedIn};
use crate::AppState;

/// Booked or checked-in appointments one account may hold at a time.
pub const MAX_ACTIVE: i64 = 2;
/// Cancelling or moving is allowed until this long before the start.
pub const LOCK_BEFORE_S: i64 = 3600;
/// Reference codes: no 0/O or 1/I, so a code read aloud or off a screen is typed right.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_LEN: usize = 6;
/// Most characters of a window (or staff) name, e.g. `3号窗口`.
const WINDOW_MAX_CHARS: usize = 16;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/appointments", post(book).get(list))
        .route("/appointments/{appointment_id}", get(one))
        .route("/appointments/{appointment_id}/cancel", post(cancel))
        .route("/appointments/{appointment_id}/reschedule", post(reschedule))
}

/// Demo only: what the hall's staff do with a scanned code.
pub fn demo_router() -> Router<AppState> {
    Router::new().route("/demo/staff/check-in", post(check_in)).route("/demo/staff/call-next", post(call_next))
}

const SELECT: &str = "SELECT a.id, a.code, a.account_no, a.hall_id, h.name, h.address, a.service_code, s.name,
    s.name_en, s.checklist, a.starts_at, a.ends_at, a.contact_name, a.contact_phone, a.status, a.queue_no, a.queue_ahead
    FROM appointments a JOIN halls h ON h.id = a.hall_id JOIN services s ON s.code = a.service_code";

/// Only appointments of accounts bound to the customer (`?1`).
const SCOPED: &str = "a.account_no IN (SELECT account_no FROM bindings WHERE customer_id = ?1)";

/// An appointment row as stored.
struct Row {
    id: i64,
    code: String,
    account_no: String,
    hall_id: i64,
    hall_name: String,
    hall_address: String,
    service: String,
    service_zh: String,
    service_en: String,
    checklist: String,
    starts_at: i64,
    ends_at: i64,
    contact_name: String,
    contact_phone: String,
    status: String,
    queue_no: Option<i64>,
    queue_ahead: Option<i64>,
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        code: r.get(1)?,
        account_no: r.get(2)?,
        hall_id: r.get(3)?,
        hall_name: r.get(4)?,
        hall_address: r.get(5)?,
        service: r.get(6)?,
        service_zh: r.get(7)?,
        service_en: r.get(8)?,
        checklist: r.get(9)?,
        starts_at: r.get(10)?,
        ends_at: r.get(11)?,
        contact_name: r.get(12)?,
        contact_phone: r.get(13)?,
        status: r.get(14)?,
        queue_no: r.get(15)?,
        queue_ahead: r.get(16)?,
    })
}

impl Row {
    /// The status the customer sees: a booking whose slot ended without a check-in is missed.
    fn status(&self, now: Timestamp) -> ApiResult<AppointmentStatus> {
        Ok(match self.status.as_str() {
            "booked" if self.ends_at <= now.unix_seconds() => AppointmentStatus::Missed,
            "booked" => AppointmentStatus::Booked,
            "cancelled" => AppointmentStatus::Cancelled,
            "checked_in" => AppointmentStatus::CheckedIn,
            "done" => AppointmentStatus::Done,
            other => return Err(ApiError::internal(format!("stored appointment status {other:?}"))),
        })
    }

    /// Still booked, and at least an hour before its start: the only state that may be changed.
    fn changeable(&self, now: Timestamp) -> ApiResult<()> {
        if self.status(now)? == AppointmentStatus::Booked && now.unix_seconds() <= self.starts_at - LOCK_BEFORE_S {
            Ok(())
        } else {
            Err(ApiError::Rejected(
                ErrorCode::AppointmentLocked,
                "only a booked appointment can be changed, until 1 hour before its start",
            ))
        }
    }

    fn into_appointment(self, now: Timestamp) -> ApiResult<Appointment> {
        let status = self.status(now)?;
        let account_no = AccountNo::parse(&self.account_no)
            .map_err(|_| ApiError::internal(format!("stored account number {:?}", self.account_no)))?;
        let service = ServiceCode::parse(&self.service)
            .map_err(|_| ApiError::internal(format!("stored service code {:?}", self.service)))?;
        let contact_phone_masked = Phone::parse(&self.contact_phone)
            .map(|p| p.masked())
            .map_err(|_| ApiError::internal("stored contact phone is invalid"))?;
        let queue = self.queue_no.map(|number| QueueTicket {
            number: ticket_number(number),
            ahead: u32::try_from(self.queue_ahead.unwrap_or(0).max(0)).unwrap_or(u32::MAX),
        });
        Ok(Appointment {
            id: AppointmentId(self.id),
            code: self.code,
            account_no,
            hall_id: HallId(self.hall_id),
            hall_name: self.hall_name,
            hall_address: self.hall_address,
            service,
            service_name: Localized { zh: self.service_zh, en: self.service_en },
            starts_at: Timestamp(self.starts_at),
            ends_at: Timestamp(self.ends_at),
            contact_name: self.contact_name,
            contact_phone_masked,
            status,
            checklist: stored_checklist(&self.checklist)?,
            queue,
        })
    }
}

/// `A001`, `A002`… per hall and day.
fn ticket_number(n: i64) -> String {
    format!("A{n:03}")
}

/// The customer's appointment `id`; another customer's answers 404 like a missing one.
fn scoped(conn: &Connection, customer_id: i64, id: AppointmentId) -> ApiResult<Row> {
    let sql = format!("{SELECT} WHERE {SCOPED} AND a.id = ?2");
    conn.query_row(&sql, params![customer_id, id.0], row).optional()?.ok_or(ApiError::NotFound)
}

fn by_id(conn: &Connection, id: i64) -> ApiResult<Row> {
    let sql = format!("{SELECT} WHERE a.id = ?1");
    conn.query_row(&sql, [id], row).optional()?.ok_or(ApiError::NotFound)
}

/// Takes the lowest free seat of the slot at `starts_at`, for appointment `id`. The count is read
/// inside the caller's immediate transaction; the constraint and trigger refuse a seat that is
/// taken or beyond capacity, which answers `slot_full` as well.
fn take_seat(conn: &Connection, hall_id: HallId, starts_at: Timestamp, id: i64) -> ApiResult<()> {
    let hall = hall_row(conn, hall_id)?.ok_or(ApiError::NotFound)?;
    let taken: Vec<i64> = conn
        .prepare("SELECT seat_no FROM appointments WHERE hall_id = ?1 AND starts_at = ?2 AND seat_no IS NOT NULL")?
        .query_map(params![hall_id.0, starts_at.unix_seconds()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let full = || ApiError::Rejected(ErrorCode::SlotFull, "this slot has just been taken; choose another one");
    let seat = (1..=hall.slot_capacity).find(|seat| !taken.contains(seat)).ok_or_else(full)?;
    let updated = conn.execute(
        "UPDATE appointments SET seat_no = ?1, starts_at = ?2, ends_at = ?3 WHERE id = ?4",
        params![seat, starts_at.unix_seconds(), starts_at.unix_seconds() + SLOT_S, id],
    );
    match updated {
        Ok(1) => Ok(()),
        Ok(n) => Err(ApiError::internal(format!("seat update touched {n} rows"))),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == SqliteCode::ConstraintViolation => Err(full()),
        Err(e) => Err(e.into()),
    }
}

/// A fresh reference code; checked inside the transaction, so it is unique when inserted.
fn new_code(conn: &Connection) -> ApiResult<String> {
    let mut rng = rand::rng();
    for _ in 0..20 {
        let code: String =
            (0..CODE_LEN).map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())])).collect();
        let used: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM appointments WHERE code = ?1)", [&code], |r| r.get(0))?;
        if !used {
            return Ok(code);
        }
    }
    Err(ApiError::internal("no free appointment code after 20 tries"))
}

async fn book(
    State(state): State<AppState>,
    session: SignedIn,
    Body(request): Body<BookingRequest>,
) -> ApiResult<(StatusCode, Json<Appointment>)> {
    let booking = request.parse().map_err(ApiError::Validation)?;
    let now = state.clock.now();
    let appointment = state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            bound_account(&tx, session.customer_id, &booking.account_no)?;
            let hall = hall_row(&tx, booking.hall_id)?
                .ok_or_else(|| ApiError::field(FieldError::new("hall_id", FieldCode::OutOfRange, "no such hall")))?;
            require_offered(&tx, hall.id, &booking.service)?;
            check_slot(&tx, &hall, booking.starts_at, now)?;
            let active: i64 = tx.query_row(
                "SELECT COUNT(*) FROM appointments
                 WHERE account_no = ?1 AND status IN ('booked', 'checked_in') AND ends_at > ?2",
                params![booking.account_no.as_str(), now.unix_seconds()],
                |r| r.get(0),
            )?;
            if active >= MAX_ACTIVE {
                return Err(ApiError::Rejected(
                    ErrorCode::TooManyAppointments,
                    "an account can hold at most 2 upcoming appointments",
                ));
            }
            let code = new_code(&tx)?;
            // Inserted without a seat, then seated by the one guarded path that reschedules use too.
            tx.execute(
                "INSERT INTO appointments (code, account_no, hall_id, service_code, starts_at, ends_at, contact_name,
                     contact_phone, status, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'booked', ?9)",
                params![
                    code,
                    booking.account_no.as_str(),
                    hall.id.0,
                    booking.service.as_str(),
                    booking.starts_at.unix_seconds(),
                    booking.starts_at.unix_seconds() + SLOT_S,
                    booking.contact_name,
                    booking.contact_phone.as_str(),
                    now.unix_seconds()
                ],
            )?;
            let id = tx.last_insert_rowid();
            take_seat(&tx, hall.id, booking.starts_at, id)?;
            tx.commit()?;
            by_id(conn, id)?.into_appointment(now)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(appointment)))
}

/// Upcoming (booked, checked in) soonest first, then the rest most recent first.
async fn list(State(state): State<AppState>, session: SignedIn) -> ApiResult<Json<Vec<Appointment>>> {
    let now = state.clock.now();
    let appointments = state
        .db
        .call(move |conn| {
            let sql = format!("{SELECT} WHERE {SCOPED} ORDER BY a.starts_at, a.id");
            let rows = conn.prepare(&sql)?.query_map([session.customer_id], row)?.collect::<Result<Vec<_>, _>>()?;
            let all = rows.into_iter().map(|r| r.into_appointment(now)).collect::<ApiResult<Vec<_>>>()?;
            let (upcoming, mut past): (Vec<_>, Vec<_>) = all
                .into_iter()
                .partition(|a| matches!(a.status, AppointmentStatus::Booked | AppointmentStatus::CheckedIn));
            past.reverse();
            Ok(upcoming.into_iter().chain(past).collect::<Vec<_>>())
        })
        .await?;
    Ok(Json(appointments))
}

async fn one(
    State(state): State<AppState>,
    session: SignedIn,
    Path(raw): Path<String>,
) -> ApiResult<Json<Appointment>> {
    let id = extract::appointment_id(&raw)?;
    let now = state.clock.now();
    let appointment = state.db.call(move |conn| scoped(conn, session.customer_id, id)?.into_appointment(now)).await?;
    Ok(Json(appointment))
}

async fn cancel(
    State(state): State<AppState>,
    session: SignedIn,
    Path(raw): Path<String>,
) -> ApiResult<Json<Appointment>> {
    let id = extract::appointment_id(&raw)?;
    let now = state.clock.now();
    let appointment = state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            scoped(&tx, session.customer_id, id)?.changeable(now)?;
            // The seat goes back to the slot.
            tx.execute("UPDATE appointments SET status = 'cancelled', seat_no = NULL WHERE id = ?1", [id.0])?;
            tx.commit()?;
            by_id(conn, id.0)?.into_appointment(now)
        })
        .await?;
    Ok(Json(appointment))
}

async fn reschedule(
    State(state): State<AppState>,
    session: SignedIn,
    Path(raw): Path<String>,
    Body(request): Body<RescheduleRequest>,
) -> ApiResult<Json<Appointment>> {
    let id = extract::appointment_id(&raw)?;
    let now = state.clock.now();
    let appointment = state
        .db
        .call(move |conn| {
            // One transaction: any refusal below drops it, rolling back to the old seat untouched.
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let current = scoped(&tx, session.customer_id, id)?;
            current.changeable(now)?;
            let hall = hall_row(&tx, HallId(current.hall_id))?
                .ok_or_else(|| ApiError::internal("an appointment's hall is missing"))?;
            check_slot(&tx, &hall, request.starts_at, now)?;
            // Give the old seat up first, so moving within a full slot's own seat still works.
            tx.execute("UPDATE appointments SET seat_no = NULL WHERE id = ?1", [id.0])?;
            take_seat(&tx, hall.id, request.starts_at, id.0)?;
            tx.commit()?;
            by_id(conn, id.0)?.into_appointment(now)
        })
        .await?;
    Ok(Json(appointment))
}

/// The hall scans a code: a booking of today joins the queue behind the people already waiting.
async fn check_in(State(state): State<AppState>, Body(request): Body<CheckInRequest>) -> ApiResult<Json<Appointment>> {
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
                return Err(ApiError::Rejected(
                    ErrorCode::AppointmentLocked,
                    "only a booked appointment of today can be checked in",
                ));
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
async fn call_next(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Appointment>> {
    let hall_id = extract::hall_id(query.get("hall_id").map(|v| v.trim()).unwrap_or(""))?;
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
