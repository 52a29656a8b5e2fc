//! Service ratings (好差评): what the signed-in customer can rate, rating a transaction once,
//! their ratings with the follow-up (整改) a poor one opens, and their verdict on the utility's
//! reply; in demo mode, the utility operator's reply.
//!
//! A transaction is a paid payment order or a served (`done`) appointment. Like everything
//! else, transactions and their ratings are seen only through the accounts bound to the
//! customer. One rating per transaction: the check and the insert run in one `BEGIN IMMEDIATE`
//! transaction, and the table's UNIQUE (kind, transaction_id) refuses a second row even if this
//! code were wrong. Texts are stored trimmed, exactly as typed, and answered as plain text.
//!
//! [`transactions`] finds what can be rated, [`store`] reads ratings back, [`queries`] answers
//! the lists and lookups, [`rate`] takes a rating, and [`follow_up`] the verdict and the
//! operator's reply.

mod follow_up;
mod queries;
mod rate;
mod store;
mod transactions;

use axum::routing::{get, post};
use axum::Router;
use contract::{FieldCode, FieldError, RatingLevel, TransactionKind};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// The "to rate" list reaches back this many days.
pub const PENDING_DAYS: i64 = 90;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ratings", post(rate::rate).get(queries::list))
        .route("/ratings/reasons", get(queries::reasons))
        .route("/ratings/pending", get(queries::pending))
        .route("/ratings/transactions/{kind}/{transaction_id}", get(queries::transaction))
        .route("/ratings/{rating_id}", get(queries::one))
        .route("/ratings/{rating_id}/verdict", post(follow_up::verdict))
}

/// Demo only: the utility's operator answering a follow-up.
pub fn demo_router() -> Router<AppState> {
    Router::new().route("/demo/ratings/{rating_id}/replies", post(follow_up::operator_reply))
}

pub(super) fn not_rateable() -> ApiError {
    ApiError::NotRateable
}

pub(super) fn already_rated() -> ApiError {
    ApiError::AlreadyRated
}

pub(super) fn follow_up_closed(message: &'static str) -> ApiError {
    ApiError::FollowUpClosed(message)
}

/// A snake_case enum of the contract from the name it is stored under.
pub(super) fn from_name<T: DeserializeOwned>(what: &str, raw: &str) -> ApiResult<T> {
    serde_json::from_value(Value::String(raw.to_owned()))
        .map_err(|_| ApiError::internal(format!("stored {what} {raw:?}")))
}

/// The name a snake_case enum of the contract is stored under.
pub(super) fn name_of<T: Serialize>(value: &T) -> ApiResult<String> {
    match serde_json::to_value(value)? {
        Value::String(name) => Ok(name),
        other => Err(ApiError::internal(format!("{other} is not an enum name"))),
    }
}

pub(super) fn stored_level(raw: &str) -> ApiResult<RatingLevel> {
    RatingLevel::parse(raw).ok_or_else(|| ApiError::internal(format!("stored rating level {raw:?}")))
}

pub(super) fn kind_param(raw: Option<&str>) -> ApiResult<TransactionKind> {
    match raw {
        None => Err(ApiError::field(FieldError::new("kind", FieldCode::Required, "kind is required"))),
        Some(raw) => TransactionKind::parse(raw).ok_or_else(|| {
            ApiError::field(FieldError::new("kind", FieldCode::InvalidFormat, "kind must be payment or visit"))
        }),
    }
}
