//! The only code that does HTTP. One request function maps transport failures
//! and HTTP statuses to a typed [`ApiError`]; thin typed functions per resource
//! sit on top of it. A 401 tells the session (through `on_unauthorized`), which
//! sends the customer to sign in and back.

mod http;
mod resources;

use contract::{ApiErrorBody, ErrorCode, FieldError, SessionToken};
use serde::de::DeserializeOwned;
use serde::Serialize;
use yew::Callback;

pub use http::{fetch_text, Method};

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
    /// Whether repeating the same request may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, ApiError::Network | ApiError::Timeout | ApiError::Server)
    }

    /// Whether a press may have taken effect although no answer says so (lost, timed out, 5xx,
    /// or its key still being handled): the next press must send the same key again.
    pub fn outcome_unknown(&self) -> bool {
        self.is_transient() || *self == ApiError::Conflict
    }

    /// Maps an HTTP status and error body to an error.
    pub fn from_status(status: u16, body: &str) -> ApiError {
        let parsed: Option<ApiErrorBody> = serde_json::from_str(body).ok();
        match status {
            401 => ApiError::Unauthorized,
            404 => ApiError::NotFound,
            // A 409 with its own code (slot full, order open…) is a refusal the page can explain;
            // a bare conflict means "a request like this is being handled".
            409 => match parsed.map(|b| b.code) {
                Some(code) if code != ErrorCode::Conflict && code != ErrorCode::Unknown => ApiError::Refused(code),
                _ => ApiError::Conflict,
            },
            429 => ApiError::RateLimited { retry_after_s: parsed.and_then(|b| b.retry_after_s).unwrap_or(60) },
            // A specific code says more than its fields (an amount that no longer matches
            // what is owed is `amount_not_accepted`, whatever field it names).
            400 | 413 | 422 => match parsed {
                Some(b)
                    if !matches!(
                        b.code,
                        ErrorCode::MalformedRequest | ErrorCode::ValidationFailed | ErrorCode::Unknown
                    ) =>
                {
                    ApiError::Refused(b.code)
                }
                Some(b) => ApiError::Validation(b.fields),
                None => ApiError::Validation(Vec::new()),
            },
            _ => ApiError::Server,
        }
    }
}

/// A fresh idempotency key: time plus randomness, unique per press.
pub fn new_key() -> String {
    let random = |_| format!("{:08x}", (js_sys::Math::random() * f64::from(u32::MAX)) as u32);
    let parts: Vec<String> = (0..3).map(random).collect();
    format!("k-{:x}-{}", js_sys::Date::now() as u64, parts.join(""))
}

/// One press of a button that changes something, kept with its form's draft: the request and
/// the `Idempotency-Key` made for it. The same request keeps its key (a retry after a lost answer
/// finds what the first press made); a changed request is a new press with a new key.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Press<T> {
    pub key: String,
    pub request: T,
}

impl<T: PartialEq + Clone> Press<T> {
    pub fn of(kept: Option<&Press<T>>, request: &T) -> Press<T> {
        match kept {
            Some(press) if press.request == *request => press.clone(),
            _ => Press { key: new_key(), request: request.clone() },
        }
    }

    /// What to keep after the answer: the press while its outcome is unknown, nothing once answered.
    pub fn after(self, result: Result<(), &ApiError>) -> Option<Press<T>> {
        match result {
            Err(e) if e.outcome_unknown() => Some(self),
            _ => None,
        }
    }
}

/// A handle on the API for the current session.
#[derive(Clone, PartialEq)]
pub struct Api {
    pub base: String,
    pub token: Option<SessionToken>,
    /// Told about every 401 on a request that carried a token.
    pub on_unauthorized: Callback<()>,
    /// Told about every answered request with a token (the server slid the idle expiry).
    pub on_activity: Callback<()>,
}

impl Api {
    /// Sends one request and returns the body text. Deliberately not generic: one
    /// copy of this future serves every resource, which keeps the wasm small.
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        idempotency_key: Option<&str>,
    ) -> Result<String, ApiError> {
        let request = http::Request {
            method,
            url: format!("{}{path}", self.base),
            body,
            token: self.token.as_ref().map(SessionToken::as_str),
            idempotency_key,
        };
        let result = http::send_with_retries(&request).await;
        if self.token.is_some() {
            match &result {
                Err(ApiError::Unauthorized) => self.on_unauthorized.emit(()),
                Ok(_) => self.on_activity.emit(()),
                Err(_) => {}
            }
        }
        result
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        parse(&self.call(Method::Get, path, None, None).await?)
    }

    /// POST, never retried unless `idempotency_key` makes a repeat safe.
    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        idempotency_key: Option<&str>,
    ) -> Result<T, ApiError> {
        let body = serde_json::to_string(body).map_err(|_| ApiError::Server)?;
        parse(&self.call(Method::Post, path, Some(body), idempotency_key).await?)
    }

    /// GET a file (PDF) as a Blob.
    pub async fn get_blob(&self, path: &str) -> Result<web_sys::Blob, ApiError> {
        let token = self.token.as_ref().map(SessionToken::as_str);
        let request = http::Request {
            method: Method::Get,
            url: format!("{}{path}", self.base),
            body: None,
            token,
            idempotency_key: None,
        };
        let result = http::fetch_blob(&request).await;
        if matches!(result, Err(ApiError::Unauthorized)) && self.token.is_some() {
            self.on_unauthorized.emit(());
        }
        result
    }

    pub async fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.call(Method::Delete, path, None, None).await.map(drop)
    }
}

/// Reads a JSON answer; one the portal cannot read counts as a server fault.
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|_| ApiError::Server)
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
        // A specific refusal wins over the field it names; a bare 409 is a request in flight.
        assert_eq!(
            ApiError::from_status(
                422,
                r#"{"code":"amount_not_accepted","message":"m","fields":[{"field":"amount","code":"out_of_range","message":"x"}]}"#,
            ),
            ApiError::Refused(ErrorCode::AmountNotAccepted)
        );
        assert_eq!(
            ApiError::from_status(409, r#"{"code":"order_open","message":"m"}"#),
            ApiError::Refused(ErrorCode::OrderOpen)
        );
        assert_eq!(ApiError::from_status(409, r#"{"code":"conflict","message":"m"}"#), ApiError::Conflict);
    }

    #[test]
    fn a_press_keeps_its_key_while_its_outcome_is_unknown() {
        let first = Press { key: "k-1".to_owned(), request: 7 };
        // (Another request makes a new key from the browser's randomness: the end-to-end tests see it.)
        assert_eq!(Press::of(Some(&first), &7), first, "the same request is the same press");
        assert_eq!(first.clone().after(Err(&ApiError::Timeout)), Some(first.clone()));
        assert_eq!(first.clone().after(Err(&ApiError::Conflict)), Some(first.clone()));
        assert_eq!(first.clone().after(Err(&ApiError::Refused(ErrorCode::SlotFull))), None);
        assert_eq!(first.after(Ok(())), None);
    }

    #[test]
    fn only_transport_and_server_failures_are_retried() {
        assert!(ApiError::Network.is_transient());
        assert!(ApiError::Server.is_transient());
        assert!(!ApiError::NotFound.is_transient());
        assert!(!ApiError::Unauthorized.is_transient());
    }
}
