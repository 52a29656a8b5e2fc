//! The server's error type. Every failure becomes the contract's one error body;
//! internal details go to the log, never to the client.
//!
//! The variants are named for the stable codes of [`ErrorCode`] that clients branch on, and
//! the HTTP status follows from the code in one place, [`status`]; a variant carries only
//! what its answer says besides (a message where there are several, the field a form marks).

use std::borrow::Cow;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::{ApiErrorBody, ErrorCode, FieldError};

#[derive(Debug)]
pub enum ApiError {
    /// `malformed_request`: not JSON, or not the expected shape. The text says what the parser saw.
    Malformed(String),
    /// `malformed_request` for a body over the limit, answered 413 (the one status not
    /// [`status`] of the code).
    TooLarge,
    /// `validation_failed`, with every bad field.
    Validation(Vec<FieldError>),
    /// `unauthenticated`: no session, or an unknown, expired or revoked one.
    Unauthenticated,
    /// `unauthenticated` for a provider's notification whose signature is missing or wrong;
    /// nothing was done.
    BadSignature,
    /// `not_found`.
    NotFound,
    /// `method_not_allowed`.
    MethodNotAllowed,
    /// `conflict`: a request with the same `Idempotency-Key` is still being handled (or was
    /// answered first).
    Conflict(&'static str),
    /// `rate_limited`, with `Retry-After`.
    RateLimited { retry_after_s: u32, message: &'static str },
    /// `account_phone_mismatch`: the phone is not the one registered for the account.
    AccountPhoneMismatch,
    /// `code_invalid`: the SMS code is not the one sent.
    CodeInvalid,
    /// `code_expired`: no code is waiting, or it expired or was spent.
    CodeExpired(&'static str),
    /// `holder_mismatch`: the account and the holder's name do not belong together (or
    /// there is no such account: the answer is the same).
    HolderMismatch,
    /// `already_bound`: the account is already bound to this customer.
    AlreadyBound,
    /// `wechat_code_invalid`: a WeChat code or ticket that is unknown, used or expired.
    WechatCodeInvalid(&'static str),
    /// `invoice_unavailable`: an e-invoice was asked for a bill that is not paid.
    InvoiceUnavailable,
    /// `slot_full`: the slot has no seat left.
    SlotFull,
    /// `too_many_appointments`: the account holds the most active appointments allowed.
    TooManyAppointments,
    /// `appointment_locked`: the appointment can no longer be changed (or checked in).
    AppointmentLocked(&'static str),
    /// `idempotency_key_reused`: the key was used for another request.
    IdempotencyKeyReused,
    /// `nothing_to_pay`: a postpaid account with no arrears.
    NothingToPay,
    /// `amount_not_accepted`, naming `amount` in `fields`.
    AmountNotAccepted { message: &'static str, field: FieldError },
    /// `channel_unavailable`: the channel is not accepted here, or needs a WeChat sign-in.
    ChannelUnavailable(&'static str),
    /// `return_url_refused`, naming `return_url` in `fields`.
    ReturnUrlRefused(FieldError),
    /// `order_closed`: the order is no longer pending.
    OrderClosed,
    /// `order_open`: the account already has a pending order.
    OrderOpen,
    /// `already_rated`: the transaction was already rated, differently.
    AlreadyRated,
    /// `not_rateable`: not paid or not served yet.
    NotRateable,
    /// `follow_up_closed`: the follow-up is not waiting for this.
    FollowUpClosed(&'static str),
    /// `unavailable`: a part the answer needs is missing or did not answer; the cause is
    /// logged where it is found, not sent.
    Unavailable(&'static str),
    /// `internal`: the detail goes to the log only.
    Internal(String),
}

/// The HTTP status each stable code is answered with.
pub fn status(code: ErrorCode) -> StatusCode {
    use ErrorCode as C;
    match code {
        C::MalformedRequest => StatusCode::BAD_REQUEST,
        C::Unauthenticated => StatusCode::UNAUTHORIZED,
        C::NotFound => StatusCode::NOT_FOUND,
        C::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        C::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        // Refusals of a request that could be fine another time or for another customer.
        C::ValidationFailed
        | C::AccountPhoneMismatch
        | C::CodeInvalid
        | C::CodeExpired
        | C::HolderMismatch
        | C::WechatCodeInvalid
        | C::IdempotencyKeyReused
        | C::NothingToPay
        | C::AmountNotAccepted
        | C::ChannelUnavailable
        | C::ReturnUrlRefused
        | C::NotRateable => StatusCode::UNPROCESSABLE_ENTITY,
        // Conflicts with the current state of what the request is about.
        C::Conflict
        | C::AlreadyBound
        | C::InvoiceUnavailable
        | C::SlotFull
        | C::TooManyAppointments
        | C::AppointmentLocked
        | C::OrderClosed
        | C::OrderOpen
        | C::AlreadyRated
        | C::FollowUpClosed => StatusCode::CONFLICT,
        C::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        C::Internal | C::Unknown => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl ApiError {
    pub fn internal(detail: impl Into<String>) -> ApiError {
        ApiError::Internal(detail.into())
    }

    pub fn field(field: FieldError) -> ApiError {
        ApiError::Validation(vec![field])
    }

    /// The stable code the answer carries.
    pub fn code(&self) -> ErrorCode {
        use ErrorCode as C;
        match self {
            ApiError::Malformed(_) | ApiError::TooLarge => C::MalformedRequest,
            ApiError::Validation(_) => C::ValidationFailed,
            ApiError::Unauthenticated | ApiError::BadSignature => C::Unauthenticated,
            ApiError::NotFound => C::NotFound,
            ApiError::MethodNotAllowed => C::MethodNotAllowed,
            ApiError::Conflict(_) => C::Conflict,
            ApiError::RateLimited { .. } => C::RateLimited,
            ApiError::AccountPhoneMismatch => C::AccountPhoneMismatch,
            ApiError::CodeInvalid => C::CodeInvalid,
            ApiError::CodeExpired(_) => C::CodeExpired,
            ApiError::HolderMismatch => C::HolderMismatch,
            ApiError::AlreadyBound => C::AlreadyBound,
            ApiError::WechatCodeInvalid(_) => C::WechatCodeInvalid,
            ApiError::InvoiceUnavailable => C::InvoiceUnavailable,
            ApiError::SlotFull => C::SlotFull,
            ApiError::TooManyAppointments => C::TooManyAppointments,
            ApiError::AppointmentLocked(_) => C::AppointmentLocked,
            ApiError::IdempotencyKeyReused => C::IdempotencyKeyReused,
            ApiError::NothingToPay => C::NothingToPay,
            ApiError::AmountNotAccepted { .. } => C::AmountNotAccepted,
            ApiError::ChannelUnavailable(_) => C::ChannelUnavailable,
            ApiError::ReturnUrlRefused(_) => C::ReturnUrlRefused,
            ApiError::OrderClosed => C::OrderClosed,
            ApiError::OrderOpen => C::OrderOpen,
            ApiError::AlreadyRated => C::AlreadyRated,
            ApiError::NotRateable => C::NotRateable,
            ApiError::FollowUpClosed(_) => C::FollowUpClosed,
            ApiError::Unavailable(_) => C::Unavailable,
            ApiError::Internal(_) => C::Internal,
        }
    }

    /// The answer's status: [`status`] of its code, except a body over the limit.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            other => status(other.code()),
        }
    }

    /// The developer-facing message (a validation failure's is the contract's).
    fn message(&self) -> Cow<'static, str> {
        let text = match self {
            ApiError::Malformed(detail) => return Cow::Owned(detail.clone()),
            ApiError::TooLarge => "the request body is too large",
            ApiError::Unauthenticated => "sign in required: the session is missing, expired or revoked",
            ApiError::BadSignature => "the notification's X-Signature is missing or does not match its body",
            ApiError::NotFound => "not found",
            ApiError::MethodNotAllowed => "this path does not take that method",
            ApiError::AccountPhoneMismatch => "this phone is not the one registered for this account number",
            ApiError::CodeInvalid => "the code is not the one sent",
            ApiError::HolderMismatch => "the holder name does not match this account number",
            ApiError::AlreadyBound => "this account is already bound to you",
            ApiError::InvoiceUnavailable => "an e-invoice exists only for a paid bill",
            ApiError::SlotFull => "this slot has just been taken; choose another one",
            ApiError::TooManyAppointments => "an account can hold at most 2 upcoming appointments",
            ApiError::IdempotencyKeyReused => {
                "this Idempotency-Key was used for a different request; make a new key for a new press"
            }
            ApiError::NothingToPay => "this account owes nothing",
            ApiError::ReturnUrlRefused(_) => "return_url must be an address of the portal",
            ApiError::OrderClosed => "the order is no longer pending; see its status",
            ApiError::OrderOpen => "this account already has a pending order; continue or cancel it first",
            ApiError::AlreadyRated => "this transaction has already been rated, differently",
            ApiError::NotRateable => "only a paid payment or a served visit can be rated",
            ApiError::Internal(_) => "internal error",
            ApiError::Validation(_) => return Cow::Owned(ApiErrorBody::validation(Vec::new()).message),
            ApiError::Conflict(message)
            | ApiError::RateLimited { message, .. }
            | ApiError::CodeExpired(message)
            | ApiError::WechatCodeInvalid(message)
            | ApiError::AppointmentLocked(message)
            | ApiError::AmountNotAccepted { message, .. }
            | ApiError::ChannelUnavailable(message)
            | ApiError::FollowUpClosed(message)
            | ApiError::Unavailable(message) => message,
        };
        Cow::Borrowed(text)
    }

    /// The contract's error body for this error.
    pub fn body(&self) -> ApiErrorBody {
        let mut body = ApiErrorBody::new(self.code(), self.message());
        match self {
            ApiError::Validation(fields) => body.fields = fields.clone(),
            ApiError::AmountNotAccepted { field, .. } | ApiError::ReturnUrlRefused(field) => {
                body.fields = vec![field.clone()]
            }
            ApiError::RateLimited { retry_after_s, .. } => body.retry_after_s = Some(*retry_after_s),
            _ => {}
        }
        body
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
        if let ApiError::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let mut response = (self.status(), Json(self.body())).into_response();
        let headers = response.headers_mut();
        match self {
            ApiError::RateLimited { retry_after_s, .. } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s));
            }
            // A provider's notification is not a sign-in: its 401 offers no scheme.
            ApiError::Unauthenticated => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_the_server_sends_has_its_status_and_the_statuses_match_the_old_ones() {
        let cases: Vec<(ApiError, u16)> = vec![
            (ApiError::Malformed("x".into()), 400),
            (ApiError::TooLarge, 413),
            (ApiError::Validation(Vec::new()), 422),
            (ApiError::Unauthenticated, 401),
            (ApiError::BadSignature, 401),
            (ApiError::NotFound, 404),
            (ApiError::MethodNotAllowed, 405),
            (ApiError::Conflict("x"), 409),
            (ApiError::RateLimited { retry_after_s: 1, message: "x" }, 429),
            (ApiError::AccountPhoneMismatch, 422),
            (ApiError::CodeInvalid, 422),
            (ApiError::CodeExpired("x"), 422),
            (ApiError::HolderMismatch, 422),
            (ApiError::AlreadyBound, 409),
            (ApiError::WechatCodeInvalid("x"), 422),
            (ApiError::InvoiceUnavailable, 409),
            (ApiError::SlotFull, 409),
            (ApiError::TooManyAppointments, 409),
            (ApiError::AppointmentLocked("x"), 409),
            (ApiError::IdempotencyKeyReused, 422),
            (ApiError::NothingToPay, 422),
            (
                ApiError::AmountNotAccepted {
                    message: "x",
                    field: FieldError::new("amount", contract::FieldCode::OutOfRange, "m"),
                },
                422,
            ),
            (ApiError::ChannelUnavailable("x"), 422),
            (ApiError::ReturnUrlRefused(FieldError::new("return_url", contract::FieldCode::InvalidFormat, "m")), 422),
            (ApiError::OrderClosed, 409),
            (ApiError::OrderOpen, 409),
            (ApiError::AlreadyRated, 409),
            (ApiError::NotRateable, 422),
            (ApiError::FollowUpClosed("x"), 409),
            (ApiError::Unavailable("x"), 503),
            (ApiError::Internal("x".into()), 500),
        ];
        for (error, expected) in cases {
            assert_eq!(error.status().as_u16(), expected, "{error:?}");
        }
    }

    #[test]
    fn refusals_with_a_field_name_it_and_rate_limits_say_when() {
        let field = FieldError::new("amount", contract::FieldCode::OutOfRange, "amount must be 1 fen");
        let body =
            ApiError::AmountNotAccepted { message: "a top-up must be within the limits", field: field.clone() }.body();
        assert_eq!(body.code, ErrorCode::AmountNotAccepted);
        assert_eq!(body.message, "a top-up must be within the limits");
        assert_eq!(body.fields, vec![field]);
        let body = ApiError::RateLimited { retry_after_s: 40, message: "wait" }.body();
        assert_eq!((body.code, body.retry_after_s), (ErrorCode::RateLimited, Some(40)));
        let body = ApiError::Validation(Vec::new()).body();
        assert_eq!(body.message, "some fields are invalid");
    }
}
