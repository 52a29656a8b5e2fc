//! The customer's changes: booking a slot's seat, cancelling, and rescheduling, each once per
//! `Idempotency-Key` ([`crate::idempotency`]): one press is one seat however often it is sent.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use contract::{AppointmentId, BookingRequest, FieldCode, FieldError, HallId, RescheduleRequest, Timestamp};
use rand::Rng;
use rusqlite::{params, Connection, ErrorCode as SqliteCode, TransactionBehavior};

use super::store::{by_id, scoped};
use super::MAX_ACTIVE;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, PathId, SignedIn};
use crate::idempotency::{self, Answer, IdempotencyKey, Keyed, Stored};
use crate::routes::accounts::bound_account;
use crate::routes::guidance::check_booked_need;
use crate::routes::halls::{check_slot, hall_row, require_offered, SLOT_S};
use crate::AppState;

/// Reference codes: no 0/O or 1/I, so a code read aloud or off a screen is typed right.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_LEN: usize = 6;

/// Takes the lowest free seat of the slot at `starts_at`, for appointment `id`. The count is read
/// inside the caller's immediate transaction; the constraint and trigger refuse a seat that is
/// taken or beyond capacity, which answers `slot_full` as well.
fn take_seat(conn: &Connection, hall_id: HallId, starts_at: Timestamp, id: i64) -> ApiResult<()> {
    let hall = hall_row(conn, hall_id)?.ok_or(ApiError::NotFound)?;
    let taken: Vec<i64> = conn
        .prepare("SELECT seat_no FROM appointments WHERE hall_id = ?1 AND starts_at = ?2 AND seat_no IS NOT NULL")?
        .query_map(params![hall_id.0, starts_at.unix_seconds()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let seat = (1..=hall.slot_capacity).find(|seat| !taken.contains(seat)).ok_or(ApiError::SlotFull)?;
    let updated = conn.execute(
        "UPDATE appointments SET seat_no = ?1, starts_at = ?2, ends_at = ?3 WHERE id = ?4",
        params![seat, starts_at.unix_seconds(), starts_at.unix_seconds() + SLOT_S, id],
    );
    match updated {
        Ok(1) => Ok(()),
        Ok(n) => Err(ApiError::internal(format!("seat update touched {n} rows"))),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == SqliteCode::ConstraintViolation => {
            Err(ApiError::SlotFull)
        }
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

pub(super) async fn book(
    State(state): State<AppState>,
    session: SignedIn,
    key: IdempotencyKey,
    Body(request): Body<BookingRequest>,
) -> ApiResult<Response> {
    let keyed = Keyed::new(key, session.customer_id, "POST /appointments", &request)?;
    let now = state.clock.now();
    let db = state.db.clone();
    idempotency::run(&state, keyed, |keyed| async move {
        let booking = request.parse().map_err(ApiError::Validation)?;
        db.call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            bound_account(&tx, session.customer_id, &booking.account_no)?;
            let hall = hall_row(&tx, booking.hall_id)?
                .ok_or_else(|| ApiError::field(FieldError::new("hall_id", FieldCode::OutOfRange, "no such hall")))?;
            require_offered(&tx, hall.id, &booking.service)?;
            if let Some(need) = &booking.need {
                check_booked_need(&tx, need, &booking.service)?;
            }
            check_slot(&tx, &hall, booking.starts_at, now)?;
            let active: i64 = tx.query_row(
                "SELECT COUNT(*) FROM appointments
                 WHERE account_no = ?1 AND status IN ('booked', 'checked_in') AND ends_at > ?2",
                params![booking.account_no.as_str(), now.unix_seconds()],
                |r| r.get(0),
            )?;
            if active >= MAX_ACTIVE {
                return Err(ApiError::TooManyAppointments);
            }
            let code = new_code(&tx)?;
            // Inserted without a seat, then seated by the one guarded path that reschedules use too.
            tx.execute(
                "INSERT INTO appointments (code, account_no, hall_id, service_code, starts_at, ends_at, contact_name,
                     contact_phone, status, created_at, need_code)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'booked', ?9, ?10)",
                params![
                    code,
                    booking.account_no.as_str(),
                    hall.id.0,
                    booking.service.as_str(),
                    booking.starts_at.unix_seconds(),
                    booking.starts_at.unix_seconds() + SLOT_S,
                    booking.contact_name,
                    booking.contact_phone.as_str(),
                    now.unix_seconds(),
                    booking.need.as_ref().map(|n| n.as_str().to_owned())
                ],
            )?;
            let id = tx.last_insert_rowid();
            take_seat(&tx, hall.id, booking.starts_at, id)?;
            answer(tx, &keyed, StatusCode::CREATED, id, now)
        })
        .await
    })
    .await
}

/// The appointment as it now is, stored as the key's answer in the transaction that changed it.
fn answer(
    tx: rusqlite::Transaction<'_>,
    keyed: &Keyed,
    status: StatusCode,
    id: i64,
    now: Timestamp,
) -> ApiResult<Stored> {
    let appointment = by_id(&tx, id)?.into_appointment(now)?;
    let stored = keyed.store(&tx, Answer::json(status, &appointment)?)?;
    tx.commit()?;
    Ok(stored)
}

pub(super) async fn cancel(
    State(state): State<AppState>,
    session: SignedIn,
    key: IdempotencyKey,
    PathId(id): PathId<AppointmentId>,
) -> ApiResult<Response> {
    let keyed = Keyed::new(key, session.customer_id, &format!("POST /appointments/{id}/cancel"), &())?;
    let now = state.clock.now();
    let db = state.db.clone();
    idempotency::run(&state, keyed, |keyed| {
        db.call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            scoped(&tx, session.customer_id, id)?.changeable(now)?;
            // The seat goes back to the slot.
            tx.execute("UPDATE appointments SET status = 'cancelled', seat_no = NULL WHERE id = ?1", [id.0])?;
            answer(tx, &keyed, StatusCode::OK, id.0, now)
        })
    })
    .await
}

pub(super) async fn reschedule(
    State(state): State<AppState>,
    session: SignedIn,
    key: IdempotencyKey,
    PathId(id): PathId<AppointmentId>,
    Body(request): Body<RescheduleRequest>,
) -> ApiResult<Response> {
    let keyed = Keyed::new(key, session.customer_id, &format!("POST /appointments/{id}/reschedule"), &request)?;
    let now = state.clock.now();
    let db = state.db.clone();
    idempotency::run(&state, keyed, |keyed| {
        db.call(move |conn| {
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
            answer(tx, &keyed, StatusCode::OK, id.0, now)
        })
    })
    .await
}
