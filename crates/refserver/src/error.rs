//! The server's error type. Every failure becomes the contract's one error body;
//! internal details go to the log, never to the client.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::{ApiErrorBody, ErrorCode, FieldError};

#[derive(Debug)]
pub enum ApiError {
    /// Not JSON, or not the expected shape. The text says what the parser saw.
    Malformed(String),
    Validation(Vec<FieldError>),
    Unauthenticated,
    NotFound,
    MethodNotAllowed,
    Conflict(&'static str),
    RateLimited {
        retry_after_s: u32,
        message: &'static str,
    },
    /// A refusal that has its own machine code (wrong code, mismatched phone…), answered 422.
    Refused(ErrorCode, &'static str),
    /// A refusal with its own machine code that also names the field a form should mark, answered 422.
    RefusedField(ErrorCode, &'static str, FieldError),
    /// A provider's notification whose signature is missing or wrong (401); nothing was done.
    BadSignature,
    /// A conflict with the current state that has its own machine code (slot full, too many
    /// appointments, appointment locked…), answered 409.
    Rejected(ErrorCode, &'static str),
    /// Too large a body (413).
    TooLarge,
    /// An e-invoice was asked for a bill that is not paid (409 `invoice_unavailable`).
    InvoiceUnavailable,
    /// A part the answer needs is missing on this server (503 `unavailable`); the cause
    /// is logged where it is found, not sent.
    Unavailable(&'static str),
    Internal(String),
}

impl ApiError {
    pub fn internal(detail: impl Into<String>) -> ApiError {
        ApiError::Internal(detail.into())
    }

    pub fn field(field: FieldError) -> ApiError {
        ApiError::Validation(vec![field])
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> ApiError {
        ApiError::Internal(format!("database: {e}"))
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> ApiError {
        ApiError::Internal(format!("stored JSON: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            ApiError::Malformed(detail) => {
                (StatusCode::BAD_REQUEST, ApiErrorBody::new(ErrorCode::MalformedRequest, detail))
            }
            ApiError::Validation(fields) => (StatusCode::UNPROCESSABLE_ENTITY, ApiErrorBody::validation(fields)),
            ApiError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                ApiErrorBody::new(
                    ErrorCode::Unauthenticated,
                    "sign in required: the session is missing, expired or revoked",
                ),
            ),
            ApiError::NotFound => (StatusCode::NOT_FOUND, ApiErrorBody::new(ErrorCode::NotFound, "not found")),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                ApiErrorBody::new(ErrorCode::MethodNotAllowed, "this path does not take that method"),
            ),
            ApiError::Conflict(message) => (StatusCode::CONFLICT, ApiErrorBody::new(ErrorCode::Conflict, message)),
            ApiError::RateLimited { retry_after_s, message } => {
                let body = ApiErrorBody {
                    retry_after_s: Some(retry_after_s),
                    ..ApiErrorBody::new(ErrorCode::RateLimited, message)
                };
                let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s));
                return response;
            }
            ApiError::Refused(code, message) => (StatusCode::UNPROCESSABLE_ENTITY, ApiErrorBody::new(code, message)),
            ApiError::RefusedField(code, message, field) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ApiErrorBody { fields: vec![field], ..ApiErrorBody::new(code, message) },
            ),
            ApiError::BadSignature => {
                let body = ApiErrorBody::new(
                    ErrorCode::Unauthenticated,
                    "the notification's X-Signature is missing or does not match its body",
                );
                return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
            }
            ApiError::Rejected(code, message) => (StatusCode::CONFLICT, ApiErrorBody::new(code, message)),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ApiErrorBody::new(ErrorCode::MalformedRequest, "the request body is too large"),
            ),
            ApiError::InvoiceUnavailable => (
                StatusCode::CONFLICT,
                ApiErrorBody::new(ErrorCode::InvoiceUnavailable, "an e-invoice exists only for a paid bill"),
            ),
            ApiError::Unavailable(message) => {
                (StatusCode::SERVICE_UNAVAILABLE, ApiErrorBody::new(ErrorCode::Unavailable, message))
            }
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, ApiErrorBody::new(ErrorCode::Internal, "internal error"))
            }
        };
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
