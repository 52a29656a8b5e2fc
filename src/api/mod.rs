//! The only code that does HTTP. One request function maps transport failures
//! and HTTP statuses to a typed [`ApiError`]; thin typed functions per resource
//! sit on top of it.

mod http;

use contract::{ApiErrorBody, ErrorCode, FieldError, Health};
use serde::de::DeserializeOwned;

pub use http::fetch_text;

/// Everything that can go wrong talking to the API, as the UI needs to tell it.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The device is offline or the server could not be reached.
    Network,
    /// No answer within the time limit.
    Timeout,
    /// The session is missing or has ended (401).
    Unauthorized,
    /// 404: the thing does not exist or is not this customer's.
    NotFound,
    /// 409: the request clashes with the current state.
    Conflict,
    /// 422/400 with per-field problems.
    Validation(Vec<FieldError>),
    /// 429: try again after this many seconds.
    RateLimited { retry_after_s: u32 },
    /// A refusal with its own code (wrong SMS code, phone mismatch…).
    Refused(ErrorCode),
    /// 5xx or an answer the portal could not read.
    Server,
}

impl ApiError {
    /// Whether repeating the same GET may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, ApiError::Network | ApiError::Timeout | ApiError::Server)
    }

    /// Maps an HTTP status and error body to an error.
    pub fn from_status(status: u16, body: &str) -> ApiError {
        let parsed: Option<ApiErrorBody> = serde_json::from_str(body).ok();
        match status {
            401 => ApiError::Unauthorized,
            404 => ApiError::NotFound,
            409 => ApiError::Conflict,
            429 => ApiError::RateLimited { retry_after_s: parsed.and_then(|b| b.retry_after_s).unwrap_or(60) },
            400 | 413 | 422 => match parsed {
                Some(b) if !b.fields.is_empty() => ApiError::Validation(b.fields),
                Some(b) if b.code != ErrorCode::MalformedRequest && b.code != ErrorCode::ValidationFailed => {
                    ApiError::Refused(b.code)
                }
                _ => ApiError::Validation(Vec::new()),
            },
            _ => ApiError::Server,
        }
    }
}

/// Where the API lives, from the runtime config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backend {
    pub base: String,
}

impl Backend {
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// GET `path` and read JSON, retrying transient failures.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let text = http::get_with_retries(&self.url(path)).await?;
        serde_json::from_str(&text).map_err(|_| ApiError::Server)
    }

    pub async fn health(&self) -> Result<Health, ApiError> {
        self.get("/health").await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_what_the_user_can_do() {
        assert_eq!(ApiError::from_status(401, ""), ApiError::Unauthorized);
        assert_eq!(ApiError::from_status(404, "{}"), ApiError::NotFound);
        assert_eq!(ApiError::from_status(503, "<html>"), ApiError::Server);
        assert_eq!(
            ApiError::from_status(429, r#"{"code":"rate_limited","message":"m","retry_after_s":42}"#),
            ApiError::RateLimited { retry_after_s: 42 }
        );
        assert_eq!(
            ApiError::from_status(422, r#"{"code":"code_invalid","message":"m"}"#),
            ApiError::Refused(ErrorCode::CodeInvalid)
        );
        let fields = ApiError::from_status(
            422,
            r#"{"code":"validation_failed","message":"m","fields":[{"field":"phone","code":"invalid_format","message":"x"}]}"#,
        );
        assert!(matches!(fields, ApiError::Validation(f) if f[0].field == "phone"));
    }

    #[test]
    fn only_transport_and_server_failures_are_retried() {
        assert!(ApiError::Network.is_transient());
        assert!(ApiError::Server.is_transient());
        assert!(!ApiError::NotFound.is_transient());
        assert!(!ApiError::Unauthorized.is_transient());
    }
}
