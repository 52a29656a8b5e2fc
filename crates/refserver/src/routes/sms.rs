//! One-time SMS codes, the simulated gateway's side: the limits on sending, issuing a code,
//! and checking one. Signing in and binding an account each have codes of their own purpose;
//! the send limits of a phone and a client address count both.

use contract::{AccountNo, Phone, SmsCode, SmsCodeSent};
use rand::Rng;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{ApiError, ApiResult};
use crate::throttle::limited;

/// How long a code stays valid.
pub const CODE_TTL_S: i64 = 5 * 60;
/// Minimum time between two codes to one phone.
pub const RESEND_COOLDOWN_S: i64 = 60;
/// Sends allowed per phone, per client address, and (binding codes) per customer, in [`SEND_WINDOW_S`].
pub const SENDS_PER_PHONE: i64 = 5;
pub const SENDS_PER_IP: i64 = 20;
pub const SENDS_PER_CUSTOMER: i64 = 5;
pub const SEND_WINDOW_S: i64 = 3600;
/// Wrong guesses before a code is spent.
pub const MAX_CODE_ATTEMPTS: i64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignIn,
    Binding,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::SignIn => "sign_in",
            Purpose::Binding => "binding",
        }
    }
}

/// Seconds until the send window admits another send, if `column = key` is at its limit.
fn window_wait(
    conn: &Connection,
    column: &str,
    key: &dyn rusqlite::ToSql,
    limit: i64,
    now: i64,
) -> rusqlite::Result<Option<i64>> {
    let sql = format!(
        "SELECT sent_at FROM sms_codes WHERE {column} = ?1 AND sent_at > ?2 ORDER BY sent_at DESC LIMIT 1 OFFSET ?3"
    );
    let oldest_counted: Option<i64> =
        conn.query_row(&sql, params![key, now - SEND_WINDOW_S, limit - 1], |r| r.get(0)).optional()?;
    Ok(oldest_counted.map(|sent_at| sent_at + SEND_WINDOW_S - now))
}

/// 429 while `phone` is in its cooldown, or the phone, the client address or the customer
/// asking (for a binding code) has had its codes for the hour.
pub fn check_send_limits(conn: &Connection, phone: &Phone, ip: &str, customer: Option<i64>, now: i64) -> ApiResult<()> {
    let last: Option<i64> = conn
        .query_row("SELECT MAX(sent_at) FROM sms_codes WHERE phone = ?1", [phone.as_str()], |r| r.get(0))
        .optional()?
        .flatten();
    if let Some(wait) = last.map(|t| t + RESEND_COOLDOWN_S - now).filter(|w| *w > 0) {
        return Err(limited(wait, "a code was sent to this phone moments ago"));
    }
    if let Some(wait) = window_wait(conn, "phone", &phone.as_str(), SENDS_PER_PHONE, now)? {
        return Err(limited(wait, "too many codes sent to this phone"));
    }
    if let Some(wait) = window_wait(conn, "client_ip", &ip, SENDS_PER_IP, now)? {
        return Err(limited(wait, "too many codes requested from this network"));
    }
    if let Some(customer) = customer {
        if let Some(wait) = window_wait(conn, "customer_id", &customer, SENDS_PER_CUSTOMER, now)? {
            return Err(limited(wait, "too many binding codes requested in this session"));
        }
    }
    Ok(())
}

/// Issues a fresh code of `purpose` for `account` to `phone`; earlier unused codes of the same
/// purpose (for the same customer, when binding) stop working. Returns the code to send.
pub fn issue(
    conn: &Connection,
    purpose: Purpose,
    phone: &Phone,
    account: &AccountNo,
    customer: Option<i64>,
    ip: &str,
    now: i64,
) -> ApiResult<String> {
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
    conn.execute(
        "UPDATE sms_codes SET used = 1 WHERE phone = ?1 AND purpose = ?2 AND customer_id IS ?3 AND used = 0",
        params![phone.as_str(), purpose.as_str(), customer],
    )?;
    conn.execute(
        "INSERT INTO sms_codes (phone, account_no, code, sent_at, expires_at, client_ip, purpose, customer_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![phone.as_str(), account.as_str(), code, now, now + CODE_TTL_S, ip, purpose.as_str(), customer],
    )?;
    Ok(code)
}

/// The simulated gateway: in demo mode the code is logged so a person can use it.
pub fn deliver(demo: bool, phone: &Phone, code: &str) -> SmsCodeSent {
    if demo {
        tracing::info!(phone = %phone.masked(), %code, "demo SMS sent");
    } else {
        tracing::info!(phone = %phone.masked(), "SMS sent");
    }
    SmsCodeSent {
        phone_masked: phone.masked(),
        resend_after_s: RESEND_COOLDOWN_S as u32,
        expires_in_s: CODE_TTL_S as u32,
    }
}

/// The newest unused code that could be the one typed.
pub struct Pending {
    id: i64,
    code: String,
    expires_at: i64,
    attempts: i64,
}

fn pending(
    conn: &Connection,
    sql: &str,
    first: &dyn rusqlite::ToSql,
    account: &AccountNo,
) -> ApiResult<Option<Pending>> {
    Ok(conn
        .query_row(sql, params![first, account.as_str()], |r| {
            Ok(Pending { id: r.get(0)?, code: r.get(1)?, expires_at: r.get(2)?, attempts: r.get(3)? })
        })
        .optional()?)
}

/// The sign-in code waiting for `phone` and `account`.
pub fn pending_sign_in(conn: &Connection, phone: &Phone, account: &AccountNo) -> ApiResult<Option<Pending>> {
    let sql = "SELECT id, code, expires_at, attempts FROM sms_codes
               WHERE purpose = 'sign_in' AND phone = ?1 AND account_no = ?2 AND used = 0 ORDER BY sent_at DESC LIMIT 1";
    pending(conn, sql, &phone.as_str(), account)
}

/// The binding code the customer asked for `account`.
pub fn pending_binding(conn: &Connection, customer: i64, account: &AccountNo) -> ApiResult<Option<Pending>> {
    let sql = "SELECT id, code, expires_at, attempts FROM sms_codes
               WHERE purpose = 'binding' AND customer_id = ?1 AND account_no = ?2 AND used = 0
               ORDER BY sent_at DESC LIMIT 1";
    pending(conn, sql, &customer, account)
}

/// Checks the typed code: `Ok(Ok(()))` spends the right one; `Ok(Err(refusal))` is a wrong,
/// expired or missing code (the attempt is counted; the caller commits and refuses).
pub fn verify(
    conn: &Connection,
    pending: Option<Pending>,
    typed: &SmsCode,
    now: i64,
) -> ApiResult<Result<(), ApiError>> {
    let Some(pending) = pending else {
        return Ok(Err(ApiError::CodeExpired("no code is waiting: request a new one")));
    };
    if pending.expires_at <= now || pending.attempts >= MAX_CODE_ATTEMPTS {
        conn.execute("UPDATE sms_codes SET used = 1 WHERE id = ?1", [pending.id])?;
        return Ok(Err(ApiError::CodeExpired("the code has expired: request a new one")));
    }
    if pending.code != typed.as_str() {
        conn.execute("UPDATE sms_codes SET attempts = attempts + 1 WHERE id = ?1", [pending.id])?;
        return Ok(Err(ApiError::CodeInvalid));
    }
    conn.execute("UPDATE sms_codes SET used = 1 WHERE id = ?1", [pending.id])?;
    Ok(Ok(()))
}
