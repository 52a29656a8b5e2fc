//! `Idempotency-Key` for creating payment orders: one press of Pay is one order however
//! often the request is repeated.
//!
//! The key is recorded `in_flight` in one transaction before the work starts, and the
//! answer is stored in the transaction that ends the work (for a new order, the same one
//! that inserts it). A repeat with the same body gets the stored answer, byte for byte; a
//! repeat while the first is still being handled gets 409; the same key with another body
//! gets 422. A failure on our side (5xx) deletes the key, so a retry starts afresh.

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use contract::{ErrorCode, FieldCode, FieldError};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::extract::secret_hash;

pub const HEADER: &str = "idempotency-key";
/// Set on an answer that repeats a stored one.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
/// A key still `in_flight` after this long belongs to a request that died; a repeat takes it over.
pub const IN_FLIGHT_STALE_S: i64 = 60;
/// Keys are kept this long, then forgotten.
pub const KEEP_S: i64 = 24 * 3600;

/// A key as sent: 1–64 of `A–Z a–z 0–9 _ -` (a UUID fits).
pub fn parse_key(headers: &HeaderMap) -> ApiResult<String> {
    let field = |code, message: &str| ApiError::field(FieldError::new("Idempotency-Key", code, message));
    let raw = headers
        .get(HEADER)
        .ok_or_else(|| field(FieldCode::Required, "the Idempotency-Key header is required"))?
        .to_str()
        .map_err(|_| field(FieldCode::InvalidFormat, "Idempotency-Key must be 1-64 of A-Z a-z 0-9 _ -"))?;
    let valid =
        (1..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if valid {
        Ok(raw.to_owned())
    } else {
        Err(field(FieldCode::InvalidFormat, "Idempotency-Key must be 1-64 of A-Z a-z 0-9 _ -"))
    }
}

/// The hash of a request's canonical JSON: the typed request serialized again, so key
/// order, spacing and unknown fields of the sent text do not matter.
pub fn request_hash<T: Serialize>(request: &T) -> ApiResult<String> {
    Ok(secret_hash(&serde_json::to_string(request)?))
}

/// A stored key: request hash, state, answer status and body, created at.
type StoredKey = (String, String, Option<u16>, Option<String>, i64);

/// What the key says about this request.
pub enum Begun {
    /// The key is new (or was abandoned): it is now in flight for this request.
    Fresh,
    /// The same request was answered before: this is the answer.
    Replay { status: u16, body: String },
}

/// Records the key as in flight, or finds why it cannot be.
pub fn begin(conn: &mut Connection, customer_id: i64, key: &str, hash: &str, now: i64) -> ApiResult<Begun> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute("DELETE FROM idempotency_keys WHERE created_at <= ?1", [now - KEEP_S])?;
    let found: Option<StoredKey> = tx
        .query_row(
            "SELECT request_hash, state, status, body, created_at FROM idempotency_keys WHERE customer_id = ?1 AND key = ?2",
            params![customer_id, key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let begun = match found {
        Some((stored_hash, ..)) if stored_hash != hash => {
            return Err(ApiError::Refused(
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used for a different request; make a new key for a new payment",
            ))
        }
        Some((_, state, Some(status), Some(body), _)) if state == "done" => Begun::Replay { status, body },
        Some((_, _, _, _, created_at)) if now - created_at < IN_FLIGHT_STALE_S => {
            return Err(ApiError::Conflict(
                "a request with this Idempotency-Key is still being handled; ask again shortly",
            ))
        }
        stale_or_none => {
            if stale_or_none.is_some() {
                tracing::warn!(customer_id, "taking over an abandoned Idempotency-Key");
            }
            tx.execute(
                "INSERT OR REPLACE INTO idempotency_keys (customer_id, key, request_hash, state, created_at)
                 VALUES (?1, ?2, ?3, 'in_flight', ?4)",
                params![customer_id, key, hash, now],
            )?;
            Begun::Fresh
        }
    };
    tx.commit()?;
    Ok(begun)
}

/// Stores the answer; call inside the transaction that ends the work. The first answer
/// stored stays: a request that took over a stale key cannot overwrite it.
pub fn finish(conn: &Connection, customer_id: i64, key: &str, status: StatusCode, body: &str) -> ApiResult<()> {
    conn.execute(
        "UPDATE idempotency_keys SET state = 'done', status = ?1, body = ?2
         WHERE customer_id = ?3 AND key = ?4 AND state = 'in_flight'",
        params![status.as_u16(), body, customer_id, key],
    )?;
    Ok(())
}

/// Forgets the key of a request that failed on our side.
pub fn release(conn: &Connection, customer_id: i64, key: &str) -> ApiResult<()> {
    conn.execute(
        "DELETE FROM idempotency_keys WHERE customer_id = ?1 AND key = ?2 AND state = 'in_flight'",
        params![customer_id, key],
    )?;
    Ok(())
}

/// A stored answer, sent again.
pub fn replay(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, [(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response();
    response.headers_mut().insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    response
}

/// Holds a key in flight; dropped before [`InFlight::done`] (the request was abandoned or
/// panicked), it releases the key so a retry is not refused until the key goes stale.
pub struct InFlight {
    db: Db,
    customer_id: i64,
    key: Option<String>,
}

impl InFlight {
    pub fn new(db: Db, customer_id: i64, key: String) -> InFlight {
        InFlight { db, customer_id, key: Some(key) }
    }

    pub fn key(&self) -> &str {
        self.key.as_deref().unwrap_or_default()
    }

    /// The answer was stored (or the key released) by the caller.
    pub fn done(mut self) {
        self.key = None;
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let Some(key) = self.key.take() else { return };
        let (db, customer_id) = (self.db.clone(), self.customer_id);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(e) = db.call(move |conn| release(conn, customer_id, &key)).await {
                    tracing::error!(?e, "could not release an abandoned Idempotency-Key");
                }
            });
        }
    }
}
