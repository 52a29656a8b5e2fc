//! `Idempotency-Key` for every change where money or a seat is at stake: payment orders,
//! booking, rescheduling, cancelling, rating, the verdict on a follow-up, and binding. One
//! press is one effect however often its request is repeated.
//!
//! The key is recorded `in_flight` in one transaction before the work starts, and a success is
//! stored in the transaction that does the work ([`Keyed::store`] is the only way to make the
//! [`Stored`] answer [`run`] wants), so no crash can leave the work done and its answer
//! forgotten. A repeat with the same operation and body gets the stored answer, byte for byte;
//! a repeat while the first is still being handled gets 409; the same key for another operation
//! or body gets 422. A refusal (4xx) is stored as the answer too; a failure on our side (5xx) or
//! a rate limit (429) keeps nothing, so a retry starts afresh.

use std::future::Future;

use axum::body::Body as RawBody;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use contract::{FieldCode, FieldError};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::extract::secret_hash;
use crate::AppState;

pub const HEADER: &str = "idempotency-key";
/// Set on an answer that repeats a stored one.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
/// A key still `in_flight` after this long belongs to a request that died; a repeat takes it over.
pub const IN_FLIGHT_STALE_S: i64 = 60;
/// Keys are kept this long, then forgotten.
pub const KEEP_S: i64 = 24 * 3600;
/// The largest refusal body kept as an answer.
const MAX_STORED_BODY: usize = 64 * 1024;

/// The `Idempotency-Key` header as sent: 1–64 of `A–Z a–z 0–9 _ -` (a UUID fits); required.
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let field = |code, message: &str| ApiError::field(FieldError::new("Idempotency-Key", code, message));
        let format = "Idempotency-Key must be 1-64 of A-Z a-z 0-9 _ -";
        let raw = parts
            .headers
            .get(HEADER)
            .ok_or_else(|| field(FieldCode::Required, "the Idempotency-Key header is required"))?
            .to_str()
            .map_err(|_| field(FieldCode::InvalidFormat, format))?;
        let valid =
            (1..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if valid {
            Ok(IdempotencyKey(raw.to_owned()))
        } else {
            Err(field(FieldCode::InvalidFormat, format))
        }
    }
}

/// One request under a key: whose key it is and what exactly was asked.
#[derive(Debug, Clone)]
pub struct Keyed {
    customer_id: i64,
    key: String,
    /// The hash of the operation (`POST /appointments/7/cancel`) and the request's canonical
    /// JSON: the typed request serialized again, so key order, spacing and unknown fields of
    /// the sent text do not matter, and one key cannot stand for two operations.
    hash: String,
}

/// An answer to store and send: its status and JSON body.
#[derive(Debug, Clone)]
pub struct Answer {
    status: StatusCode,
    body: String,
}

impl Answer {
    pub fn json<T: Serialize>(status: StatusCode, value: &T) -> ApiResult<Answer> {
        Ok(Answer { status, body: serde_json::to_string(value)? })
    }
}

/// A success answer stored in the transaction that did the work.
#[derive(Debug)]
pub struct Stored(Answer);

impl Keyed {
    pub fn new<T: Serialize>(
        IdempotencyKey(key): IdempotencyKey,
        customer_id: i64,
        operation: &str,
        request: &T,
    ) -> ApiResult<Keyed> {
        let canonical = serde_json::to_string(request)?;
        Ok(Keyed { customer_id, key, hash: secret_hash(&format!("{operation}\n{canonical}")) })
    }

    /// The key as the client sent it.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Stores the answer; call inside the transaction that does the work, before it commits.
    /// When the key is no longer in flight (its request was abandoned and the key released, or
    /// another request holding it finished first), the error rolls the work back: only one
    /// request's work ever commits for a key.
    pub fn store(&self, conn: &Connection, answer: Answer) -> ApiResult<Stored> {
        if finish(conn, self, answer.status, &answer.body)? == 1 {
            Ok(Stored(answer))
        } else {
            Err(ApiError::Conflict("another request with this Idempotency-Key was answered first; ask again"))
        }
    }
}

/// What the key says about this request.
enum Begun {
    /// The key is new (or was abandoned): it is now in flight for this request.
    Fresh,
    /// The same request was answered before: this is the answer.
    Replay { status: u16, body: String },
}

/// A stored key: request hash, state, answer status and body, created at.
type StoredKey = (String, String, Option<u16>, Option<String>, i64);

/// Records the key as in flight, or finds why it cannot be.
fn begin(conn: &mut Connection, keyed: &Keyed, now: i64) -> ApiResult<Begun> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute("DELETE FROM idempotency_keys WHERE created_at <= ?1", [now - KEEP_S])?;
    let found: Option<StoredKey> = tx
        .query_row(
            "SELECT request_hash, state, status, body, created_at FROM idempotency_keys WHERE customer_id = ?1 AND key = ?2",
            params![keyed.customer_id, keyed.key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let begun = match found {
        Some((stored_hash, ..)) if stored_hash != keyed.hash => return Err(ApiError::IdempotencyKeyReused),
        Some((_, state, Some(status), Some(body), _)) if state == "done" => Begun::Replay { status, body },
        Some((_, _, _, _, created_at)) if now - created_at < IN_FLIGHT_STALE_S => {
            return Err(ApiError::Conflict(
                "a request with this Idempotency-Key is still being handled; ask again shortly",
            ))
        }
        stale_or_none => {
            if stale_or_none.is_some() {
                tracing::warn!(customer_id = keyed.customer_id, "taking over an abandoned Idempotency-Key");
            }
            tx.execute(
                "INSERT OR REPLACE INTO idempotency_keys (customer_id, key, request_hash, state, created_at)
                 VALUES (?1, ?2, ?3, 'in_flight', ?4)",
                params![keyed.customer_id, keyed.key, keyed.hash, now],
            )?;
            Begun::Fresh
        }
    };
    tx.commit()?;
    Ok(begun)
}

/// Stores an answer for a key in flight; how many keys it stored it for (0 or 1).
fn finish(conn: &Connection, keyed: &Keyed, status: StatusCode, body: &str) -> ApiResult<usize> {
    Ok(conn.execute(
        "UPDATE idempotency_keys SET state = 'done', status = ?1, body = ?2
         WHERE customer_id = ?3 AND key = ?4 AND request_hash = ?5 AND state = 'in_flight'",
        params![status.as_u16(), body, keyed.customer_id, keyed.key, keyed.hash],
    )?)
}

/// Forgets the key of a request that failed on our side or was throttled.
fn release(conn: &Connection, keyed: &Keyed) -> ApiResult<()> {
    conn.execute(
        "DELETE FROM idempotency_keys WHERE customer_id = ?1 AND key = ?2 AND state = 'in_flight'",
        params![keyed.customer_id, keyed.key],
    )?;
    Ok(())
}

fn json_response(status: StatusCode, body: impl Into<RawBody>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// Runs `work` once for the key: a repeat of an answered request gets the stored answer with
/// `Idempotent-Replayed: true`, and only a new (or abandoned) key runs the work.
pub async fn run<F, Fut>(state: &AppState, keyed: Keyed, work: F) -> ApiResult<Response>
where
    F: FnOnce(Keyed) -> Fut,
    Fut: Future<Output = ApiResult<Stored>>,
{
    let now = state.clock.now().unix_seconds();
    let begun = {
        let keyed = keyed.clone();
        state.db.call(move |conn| begin(conn, &keyed, now)).await?
    };
    if let Begun::Replay { status, body } = begun {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = json_response(status, body);
        response.headers_mut().insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
        return Ok(response);
    }
    let in_flight = InFlight { db: state.db.clone(), keyed: Some(keyed.clone()) };
    let error = match work(keyed.clone()).await {
        Ok(Stored(answer)) => {
            in_flight.done();
            return Ok(json_response(answer.status, answer.body));
        }
        Err(error) => error.into_response(),
    };
    let status = error.status();
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        // Not an answer to the request: forget the key so a retry can succeed.
        state.db.call(move |conn| release(conn, &keyed)).await?;
        in_flight.done();
        return Ok(error);
    }
    // A refusal is the answer to this request: a repeat gets it again.
    let (parts, body) = error.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_STORED_BODY)
        .await
        .map_err(|e| ApiError::internal(format!("error body: {e}")))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    state.db.call(move |conn| finish(conn, &keyed, status, &text)).await?;
    in_flight.done();
    Ok(Response::from_parts(parts, RawBody::from(bytes)))
}

/// Holds a key in flight; dropped before [`InFlight::done`] (the request was abandoned or
/// panicked), it releases the key so a retry is not refused until the key goes stale.
struct InFlight {
    db: Db,
    keyed: Option<Keyed>,
}

impl InFlight {
    /// The answer was stored (or the key released).
    fn done(mut self) {
        self.keyed = None;
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let Some(keyed) = self.keyed.take() else { return };
        let db = self.db.clone();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(e) = db.call(move |conn| release(conn, &keyed)).await {
                    tracing::error!(?e, "could not release an abandoned Idempotency-Key");
                }
            });
        }
    }
}
