//! Demo-only helpers, routed only when the server runs with `--demo`: the
//! simulated SMS inbox and the fault-injection switchboard.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use contract::{DemoSms, FieldCode, FieldError, Phone, SmsCode, Timestamp};
use rusqlite::OptionalExtension;

use crate::error::{ApiError, ApiResult};
use crate::extract::Body;
use crate::faults::FaultRule;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/demo/sms", get(last_sms))
        .route("/demo/faults", get(list_faults).put(set_faults).delete(clear_faults))
}

/// The code most recently sent to `phone` that can still be used.
async fn last_sms(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<DemoSms>> {
    let raw = query.get("phone").map(String::as_str).unwrap_or("");
    let phone = Phone::parse(raw).map_err(|e| ApiError::field(e.for_field("phone", "an 11-digit mobile number")))?;
    let now = state.clock.now().unix_seconds();
    let lookup = phone.clone();
    let found: Option<(String, i64)> = state
        .db
        .read(move |conn| {
            Ok(conn
                .query_row(
                    "SELECT code, expires_at FROM sms_codes WHERE phone = ?1 AND used = 0 AND expires_at > ?2
                     ORDER BY sent_at DESC LIMIT 1",
                    rusqlite::params![lookup.as_str(), now],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?)
        })
        .await?;
    let (code, expires_at) = found.ok_or(ApiError::NotFound)?;
    let code = SmsCode::parse(&code).map_err(|_| ApiError::internal("stored SMS code is invalid"))?;
    Ok(Json(DemoSms { phone, code, expires_at: Timestamp(expires_at) }))
}

async fn list_faults(State(state): State<AppState>) -> Json<Vec<FaultRule>> {
    Json(state.faults.list())
}

/// Replaces the rules, once every rule is one the switchboard can follow: a status that is an
/// HTTP status (100–599), and a count of at least one.
async fn set_faults(State(state): State<AppState>, Body(rules): Body<Vec<FaultRule>>) -> ApiResult<StatusCode> {
    let mut errors = Vec::new();
    if rules.iter().any(|r| r.status.is_some_and(|s| !(100..=599).contains(&s))) {
        errors.push(FieldError::new("status", FieldCode::OutOfRange, "status must be 100 to 599"));
    }
    if rules.iter().any(|r| r.times == Some(0)) {
        errors.push(FieldError::new("times", FieldCode::OutOfRange, "times must be at least 1"));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    state.faults.set(rules);
    Ok(StatusCode::NO_CONTENT)
}

async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults.set(Vec::new());
    StatusCode::NO_CONTENT
}
