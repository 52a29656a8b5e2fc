//! Extractors: JSON bodies that answer in the contract's error body, the signed-in
//! customer from the bearer token, the client's address, and typed path identifiers
//! ([`PathId`]). The account bound to the customer is `routes::accounts::BoundAccount`.

use std::net::SocketAddr;

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use contract::ids::IdError;
use contract::{
    AccountNo, AppointmentId, BillId, FieldCode, FieldError, HallId, OrderNo, RatingId, SessionToken, Timestamp,
};
use rusqlite::OptionalExtension;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::AppState;

/// A JSON request body; syntax and shape errors answer 400 with the contract's body.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Body(value)),
            Err(JsonRejection::BytesRejection(r)) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::TooLarge)
            }
            Err(rejection) => Err(ApiError::Malformed(rejection.body_text())),
        }
    }
}

/// The address the request came from (for per-IP rate limits).
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_else(|| "local".to_owned());
        Ok(ClientIp(ip))
    }
}

/// The hash under which a session token is stored; the token itself never is.
pub fn token_hash(token: &SessionToken) -> String {
    secret_hash(token.as_str())
}

/// SHA-256 in hex, for every bearer secret the database keeps (tokens, tickets, codes):
/// a leaked database file then signs nobody in.
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A valid session, found from `Authorization: Bearer <token>` on a read connection. Using a
/// session moves its idle expiry forward.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub customer_id: i64,
    pub token_hash: String,
    pub expires_at: Timestamp,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .and_then(|t| SessionToken::parse(t.trim()).ok())
            .ok_or(ApiError::Unauthenticated)?;
        let hash = token_hash(&token);
        let now = state.clock.now().unix_seconds();
        let (idle, max) = (state.settings.session_idle_s, state.settings.session_max_s);
        let lookup = hash.clone();
        let (customer_id, created_at, last_seen_at) = state
            .db
            .read(move |conn| {
                let row: Option<(i64, i64, i64, bool)> = conn
                    .prepare_cached(
                        "SELECT customer_id, created_at, last_seen_at, revoked FROM sessions WHERE token_hash = ?1",
                    )?
                    .query_row([&lookup], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                    .optional()?;
                match row {
                    Some((customer_id, created_at, last_seen_at, revoked))
                        if !revoked && now - last_seen_at < idle && now - created_at < max =>
                    {
                        Ok((customer_id, created_at, last_seen_at))
                    }
                    _ => Err(ApiError::Unauthenticated),
                }
            })
            .await?;
        // Sliding the idle expiry is a write: at most once a second per session (the clock counts
        // seconds), so a busy session's reads do not queue for the writer.
        if last_seen_at < now {
            let touched = hash.clone();
            state
                .db
                .call(move |conn| {
                    conn.prepare_cached(
                        "UPDATE sessions SET last_seen_at = ?1 WHERE token_hash = ?2 AND last_seen_at < ?1",
                    )?
                    .execute(rusqlite::params![now, touched])?;
                    Ok(())
                })
                .await?;
        }
        let expires_at = Timestamp((now + idle).min(created_at + max));
        Ok(SignedIn { customer_id, token_hash: hash, expires_at })
    }
}

/// The one identifier of a path (`/bills/{bill_id}`), parsed: a malformed one answers 422
/// naming the parameter, before the handler runs.
pub struct PathId<T>(pub T);

/// An identifier that a path segment parses into.
pub trait FromPath: Sized {
    fn from_path(raw: &str) -> Result<Self, ApiError>;
}

impl<S: Send + Sync, T: FromPath> FromRequestParts<S> for PathId<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::internal(format!("a path without its one identifier: {e}")))?;
        T::from_path(&raw).map(PathId)
    }
}

impl FromPath for AccountNo {
    fn from_path(raw: &str) -> Result<Self, ApiError> {
        account_no(raw)
    }
}

impl FromPath for BillId {
    fn from_path(raw: &str) -> Result<Self, ApiError> {
        bill_id(raw)
    }
}

impl FromPath for HallId {
    fn from_path(raw: &str) -> Result<Self, ApiError> {
        hall_id(raw)
    }
}

impl FromPath for AppointmentId {
    fn from_path(raw: &str) -> Result<Self, ApiError> {
        positive_number(raw, "appointment_id").map(AppointmentId)
    }
}

impl FromPath for RatingId {
    fn from_path(raw: &str) -> Result<Self, ApiError> {
        positive_number(raw, "rating_id").map(RatingId)
    }
}

impl FromPath for OrderNo {
    fn from_path(raw: &str) -> Result<Self, ApiError> {
        OrderNo::parse(raw)
            .map_err(|e| ApiError::field(e.for_field("order_no", "an order number like P20261130100000A7K2")))
    }
}

/// Parses an account number from a path segment: exactly its 10 digits. A path is made by a
/// program, not typed, so the spaces and hyphens a form takes are not taken here.
pub fn account_no(raw: &str) -> Result<AccountNo, ApiError> {
    let invalid = |e: IdError| ApiError::field(e.for_field("account_no", "a 10-digit account number"));
    if !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(if raw.is_empty() { IdError::Empty } else { IdError::Format }));
    }
    AccountNo::parse(raw).map_err(invalid)
}

/// Parses a bill id from a path segment: a positive decimal number.
pub fn bill_id(raw: &str) -> Result<BillId, ApiError> {
    positive_number(raw, "bill_id").map(BillId)
}

/// Parses a hall id from a path segment or query parameter.
pub fn hall_id(raw: &str) -> Result<HallId, ApiError> {
    positive_number(raw, "hall_id").map(HallId)
}

/// A positive decimal number of at most 18 digits without leading zeros (so it fits an SQLite
/// integer, and one id has one spelling), or 422 naming `field`.
fn positive_number(raw: &str, field: &str) -> Result<i64, ApiError> {
    let invalid =
        || ApiError::field(FieldError::new(field, FieldCode::InvalidFormat, format!("{field} must be a number")));
    if raw.is_empty() || raw.len() > 18 || raw.starts_with('0') || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    raw.parse().map_err(|_| invalid())
}
