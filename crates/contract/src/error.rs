//! The one error body of the API, answered with every 4xx and 5xx.

use serde::{Deserialize, Serialize};

/// Stable machine codes; clients branch on these, never on `message`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The body is not JSON, or not the shape the endpoint takes.
    MalformedRequest,
    /// The body parsed but some fields are invalid; see `fields`.
    ValidationFailed,
    /// No session, or the session is unknown, expired or revoked.
    Unauthenticated,
    /// The resource does not exist, or is not this session's to see.
    NotFound,
    /// The path exists but does not take this method.
    MethodNotAllowed,
    /// A request with the same `Idempotency-Key` is still being handled: ask again shortly.
    Conflict,
    /// Too many requests; `retry_after_s` says when to try again.
    RateLimited,
    /// The account number and phone do not belong together.
    AccountPhoneMismatch,
    /// The SMS code is wrong.
    CodeInvalid,
    /// The SMS code has expired or was already used.
    CodeExpired,
    /// The holder name does not match the account's holder.
    HolderMismatch,
    /// The account is already bound to this customer.
    AlreadyBound,
    /// The WeChat sign-in code is unknown, used or expired.
    WechatCodeInvalid,
    /// An e-invoice exists only for a paid bill.
    InvoiceUnavailable,
    /// The slot has no seat left.
    SlotFull,
    /// The account already has the most active appointments allowed.
    TooManyAppointments,
    /// The appointment can no longer be changed (too close to its time, or not booked).
    AppointmentLocked,
    /// The same `Idempotency-Key` was used with a different request body.
    IdempotencyKeyReused,
    /// The account has nothing to pay (postpaid with no arrears).
    NothingToPay,
    /// The amount is not what this account can pay (arrears must be paid whole;
    /// a top-up must be within the limits); see `fields`.
    AmountNotAccepted,
    /// The channel is not accepted by this deployment, or needs a WeChat sign-in.
    ChannelUnavailable,
    /// The return URL is not one of the portal's addresses.
    ReturnUrlRefused,
    /// The order is no longer pending (paid, failed, cancelled or expired).
    OrderClosed,
    /// The account already has a pending order; continue or cancel it first.
    OrderOpen,
    /// The transaction was already rated, differently.
    AlreadyRated,
    /// The transaction cannot be rated yet (not paid, not served).
    NotRateable,
    /// The follow-up is not waiting for this (e.g. a verdict before any reply).
    FollowUpClosed,
    /// Something failed on the server; details are in its log, not here.
    Internal,
    /// The server is temporarily unable to answer.
    Unavailable,
    /// A code this client does not know yet (newer server).
    Unknown,
}
crate::names_serde!(ErrorCode { MalformedRequest = "malformed_request", ValidationFailed = "validation_failed", Unauthenticated = "unauthenticated", NotFound = "not_found", MethodNotAllowed = "method_not_allowed", Conflict = "conflict", RateLimited = "rate_limited", AccountPhoneMismatch = "account_phone_mismatch", CodeInvalid = "code_invalid", CodeExpired = "code_expired", HolderMismatch = "holder_mismatch", AlreadyBound = "already_bound", WechatCodeInvalid = "wechat_code_invalid", InvoiceUnavailable = "invoice_unavailable", SlotFull = "slot_full", TooManyAppointments = "too_many_appointments", AppointmentLocked = "appointment_locked", IdempotencyKeyReused = "idempotency_key_reused", NothingToPay = "nothing_to_pay", AmountNotAccepted = "amount_not_accepted", ChannelUnavailable = "channel_unavailable", ReturnUrlRefused = "return_url_refused", OrderClosed = "order_closed", OrderOpen = "order_open", AlreadyRated = "already_rated", NotRateable = "not_rateable", FollowUpClosed = "follow_up_closed", Internal = "internal", Unavailable = "unavailable", Unknown = "unknown" } other Unknown);

/// What was wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldCode {
    Required,
    InvalidFormat,
    TooLong,
    OutOfRange,
    Unknown,
}
crate::names_serde!(FieldCode { Required = "required", InvalidFormat = "invalid_format", TooLong = "too_long", OutOfRange = "out_of_range", Unknown = "unknown" } other Unknown);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's name as it appears in the request (JSON key or query parameter).
    pub field: String,
    pub code: FieldCode,
    /// A developer-facing English explanation; user interfaces show their own text for `code`.
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: FieldCode, message: impl Into<String>) -> Self {
        Self { field: field.to_owned(), code, message: message.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    pub code: ErrorCode,
    /// A developer-facing English explanation without internal detail.
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// Seconds until the request may be retried (rate limits, cooldowns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u32>,
}

impl ApiErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), fields: Vec::new(), retry_after_s: None }
    }

    pub fn validation(fields: Vec<FieldError>) -> Self {
        Self { fields, ..Self::new(ErrorCode::ValidationFailed, "some fields are invalid") }
    }
}

/// Collects every field error of a request instead of stopping at the first,
/// so a form can mark all of them at once.
#[derive(Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn take<T, E>(&mut self, result: Result<T, E>, to_field_error: impl FnOnce(E) -> FieldError) -> Option<T> {
        result.map_err(|e| self.0.push(to_field_error(e))).ok()
    }

    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        match value {
            Some(v) if self.0.is_empty() => Ok(v),
            _ => Err(self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_from_a_newer_server_still_parse() {
        let body: ApiErrorBody = serde_json::from_str(
            r#"{"code":"brand_new","message":"x","fields":[{"field":"a","code":"weird","message":"m"}]}"#,
        )
        .expect("parses");
        assert_eq!(body.code, ErrorCode::Unknown);
        assert_eq!(body.fields[0].code, FieldCode::Unknown);
    }

    #[test]
    fn empty_fields_are_left_out_of_the_wire() {
        let json =
            serde_json::to_string(&ApiErrorBody::new(ErrorCode::NotFound, "no such account")).expect("serializes");
        assert_eq!(json, r#"{"code":"not_found","message":"no such account"}"#);
    }
}
