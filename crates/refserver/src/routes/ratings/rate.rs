//! Rating a transaction, once: a repeat of the same rating answers it again, another one 409;
//! and once per `Idempotency-Key`, like every change ([`crate::idempotency`]).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use contract::rating::ValidRating;
use contract::{Date, FieldCode, FieldError, Rating, RatingId, RatingRequest, ReasonCode, Timestamp};
use rusqlite::{params, Connection, ErrorCode as SqliteCode, OptionalExtension, TransactionBehavior};

use super::store::{catalogue, load};
use super::transactions::mine;
use super::{already_rated, name_of, not_rateable};
use crate::calendar::follow_up_due_on;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, SignedIn};
use crate::idempotency::{self, Answer, IdempotencyKey, Keyed};
use crate::AppState;

/// Whether `asked` says what the stored rating says: a repeated submit (double click, retry).
pub(super) fn same(stored: &Rating, asked: &ValidRating) -> bool {
    let mut stored_dimensions = stored.dimensions.clone();
    stored_dimensions.sort_by_key(|d| d.dimension);
    let mut asked_dimensions = asked.dimensions.clone();
    asked_dimensions.sort_by_key(|d| d.dimension);
    let mut stored_reasons: Vec<&ReasonCode> = stored.reasons.iter().map(|r| &r.code).collect();
    stored_reasons.sort();
    let asked_reasons: Vec<&ReasonCode> = asked.reasons.iter().collect();
    stored.level == asked.level
        && stored_dimensions == asked_dimensions
        && stored_reasons == asked_reasons
        && stored.reason_text == asked.reason_text
        && stored.comment == asked.comment
        && stored.staff_no == asked.staff_no
}

/// The rating stored as `rating_id`: answered 200 when `asked` repeats it, 409 `already_rated` otherwise.
pub(super) fn repeat(conn: &Connection, rating_id: RatingId, asked: &ValidRating) -> ApiResult<Answer> {
    let stored = load(conn, rating_id.0)?;
    if same(&stored, asked) {
        Answer::json(StatusCode::OK, &stored)
    } else {
        Err(already_rated())
    }
}

pub(super) async fn rate(
    State(state): State<AppState>,
    session: SignedIn,
    key: IdempotencyKey,
    Body(request): Body<RatingRequest>,
) -> ApiResult<Response> {
    let keyed = Keyed::new(key, session.customer_id, "POST /ratings", &request)?;
    let now = state.clock.now();
    let db = state.db.clone();
    idempotency::run(&state, keyed, |keyed| async move {
        let asked = request.parse().map_err(ApiError::Validation)?;
        db.call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let answer = rate_in(&tx, session.customer_id, &asked, now)?;
            let stored = keyed.store(&tx, answer)?;
            tx.commit()?;
            Ok(stored)
        })
        .await
    })
    .await
}

/// Stores the rating (or finds the same one stored before) and answers it.
fn rate_in(tx: &Connection, customer_id: i64, asked: &ValidRating, now: Timestamp) -> ApiResult<Answer> {
    let found = mine(tx, customer_id, asked.kind, &asked.transaction_id)?;
    let known = catalogue(tx, asked.kind)?;
    if !asked.reasons.iter().all(|code| known.iter().any(|reason| reason.code == *code)) {
        return Err(ApiError::field(FieldError::new(
            "reasons",
            FieldCode::OutOfRange,
            "reasons must be codes of GET /ratings/reasons for this kind",
        )));
    }
    if !found.happened {
        return Err(not_rateable());
    }
    if let Some(existing) = found.transaction.rating_id {
        return repeat(tx, existing, asked);
    }
    // The canonical id (a visit's `007` is `7`), the one the UNIQUE constraint compares.
    let transaction_id = found.transaction.id.clone();
    let inserted = tx.execute(
        "INSERT INTO ratings (kind, transaction_id, account_no, customer_id, hall_id, level, reason_text, comment,
             staff_no, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            asked.kind.as_str(),
            transaction_id,
            found.transaction.account_no.as_str(),
            customer_id,
            found.hall_id,
            asked.level.as_str(),
            asked.reason_text,
            asked.comment,
            asked.staff_no,
            now.unix_seconds()
        ],
    );
    match inserted {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, detail)) if e.code == SqliteCode::ConstraintViolation => {
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT id FROM ratings WHERE kind = ?1 AND transaction_id = ?2",
                    params![asked.kind.as_str(), transaction_id],
                    |r| r.get(0),
                )
                .optional()?;
            return match existing {
                Some(id) => repeat(tx, RatingId(id), asked),
                None => Err(rusqlite::Error::SqliteFailure(e, detail).into()),
            };
        }
        Err(e) => return Err(e.into()),
    }
    let id = tx.last_insert_rowid();
    for d in &asked.dimensions {
        tx.execute(
            "INSERT INTO rating_dimensions (rating_id, dimension, level) VALUES (?1, ?2, ?3)",
            params![id, name_of(&d.dimension)?, d.level.as_str()],
        )?;
    }
    for code in &asked.reasons {
        tx.execute(
            "INSERT INTO rating_reasons (rating_id, kind, code) VALUES (?1, ?2, ?3)",
            params![id, asked.kind.as_str(), code.as_str()],
        )?;
    }
    if asked.level.is_poor() {
        tx.execute(
            "INSERT INTO follow_ups (rating_id, status, due_on, updated_at) VALUES (?1, 'open', ?2, ?3)",
            params![id, follow_up_due_on(tx, Date::of(now))?.to_string(), now.unix_seconds()],
        )?;
    }
    Answer::json(StatusCode::CREATED, &load(tx, id)?)
}
