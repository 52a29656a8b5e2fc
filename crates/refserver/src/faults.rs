//! Fault injection for tests and demos: added latency, error answers, dropped connections and
//! lost answers on chosen API paths.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::number::{whole, whole_or_null};
use contract::{ApiErrorBody, ErrorCode};
use serde::{Deserialize, Serialize};

use crate::AppState;

/// One rule: requests whose path (below the API prefix) starts with `path_prefix`
/// and whose method matches are delayed, answered with an error, or cut off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRule {
    pub path_prefix: String,
    /// `GET`, `POST`…; any method when absent.
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default, deserialize_with = "whole")]
    pub latency_ms: u64,
    /// Answer with this status (and the contract's error body) instead of handling.
    #[serde(default, deserialize_with = "whole_or_null")]
    pub status: Option<u16>,
    /// Close the connection without a complete answer, before the handler runs.
    #[serde(default)]
    pub drop_connection: bool,
    /// Let the handler run (and commit), then close the connection without its answer: the
    /// case an `Idempotency-Key` exists for.
    #[serde(default)]
    pub drop_answer: bool,
    /// Apply to this many matching requests, then disappear; forever when absent.
    #[serde(default, deserialize_with = "whole_or_null")]
    pub times: Option<u32>,
}

#[derive(Clone, Default)]
pub struct Faults {
    rules: Arc<Mutex<Vec<FaultRule>>>,
}

impl Faults {
    pub fn set(&self, rules: Vec<FaultRule>) {
        if let Ok(mut guard) = self.rules.lock() {
            *guard = rules;
        }
    }

    pub fn list(&self) -> Vec<FaultRule> {
        self.rules.lock().map(|g| g.clone()).unwrap_or_default()
    }

    /// The rule that applies to this request, counting it against `times`.
    fn take(&self, method: &str, path: &str) -> Option<FaultRule> {
        let mut rules = self.rules.lock().ok()?;
        let index = rules.iter().position(|r| {
            path.starts_with(&r.path_prefix) && r.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
        })?;
        let rule = rules[index].clone();
        if let Some(times) = rules[index].times.as_mut() {
            *times = times.saturating_sub(1);
            if *times == 0 {
                rules.remove(index);
            }
        }
        Some(rule)
    }
}

/// Middleware on the API router; the demo endpoints themselves are never faulted.
pub async fn inject(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/demo/") {
        return next.run(request).await;
    }
    let Some(rule) = state.faults.take(request.method().as_str(), &path) else {
        return next.run(request).await;
    };
    if rule.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(rule.latency_ms)).await;
    }
    if rule.drop_connection {
        return broken();
    }
    match rule.status.and_then(|s| StatusCode::from_u16(s).ok()) {
        Some(status) => {
            let code = if status.is_server_error() { ErrorCode::Unavailable } else { ErrorCode::Conflict };
            (status, Json(ApiErrorBody::new(code, "injected fault"))).into_response()
        }
        None if rule.drop_answer => {
            let answer = next.run(request).await;
            tracing::info!(status = %answer.status(), path, "injected fault: the answer is dropped");
            broken()
        }
        None => next.run(request).await,
    }
}

/// An answer whose body breaks off: the client sees the connection reset.
fn broken() -> Response {
    let broken = futures_util::stream::once(async {
        Err::<axum::body::Bytes, _>(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "injected fault"))
    });
    Response::new(Body::from_stream(broken))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(prefix: &str, times: Option<u32>) -> FaultRule {
        FaultRule {
            path_prefix: prefix.into(),
            method: None,
            latency_ms: 0,
            status: Some(503),
            drop_connection: false,
            drop_answer: false,
            times,
        }
    }

    #[test]
    fn counted_rules_expire_and_others_stay() {
        let faults = Faults::default();
        faults.set(vec![rule("/health", Some(2)), rule("/me", None)]);
        assert!(faults.take("GET", "/health").is_some());
        assert!(faults.take("GET", "/health").is_some());
        assert!(faults.take("GET", "/health").is_none());
        for _ in 0..5 {
            assert!(faults.take("GET", "/me").is_some());
        }
        assert!(faults.take("GET", "/accounts").is_none());
    }
}
