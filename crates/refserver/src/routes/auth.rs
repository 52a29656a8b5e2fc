//! Sign-in by account number + phone + SMS code; sessions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use contract::{AccountNo, ErrorCode, Phone, Session, SessionRequest, SessionToken, SmsCodeRequest, SmsCodeSent};
use rand::Rng;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{ApiError, ApiResult};
use crate::extract::{token_hash, Body, ClientIp, SignedIn};
use crate::AppState;

/// How long a code stays valid.
pub const CODE_TTL_S: i64 = 5 * 60;
/// Minimum time between two codes to one phone.
pub const RESEND_COOLDOWN_S: i64 = 60;
/// Sends allowed per phone, and per client address, in [`SEND_WINDOW_S`].
pub const SENDS_PER_PHONE: i64 = 5;
pub const SENDS_PER_IP: i64 = 20;
pub const SEND_WINDOW_S: i64 = 3600;
/// Wrong guesses before a code is spent.
pub const MAX_CODE_ATTEMPTS: i64 = 5;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/sms-code", post(send_code))
        .route("/auth/session", post(create_session).delete(revoke_session))
}

/// Seconds until the send window admits another send, if `column = key` is at its limit.
fn window_wait(conn: &Connection, column: &str, key: &str, limit: i64, now: i64) -> rusqlite::Result<Option<i64>> {
    let sql = format!(
        "SELECT sent_at FROM sms_codes WHERE {column} = ?1 AND sent_at > ?2 ORDER BY sent_at DESC LIMIT 1 OFFSET ?3"
    );
    let oldest_counted: Option<i64> =
        conn.query_row(&sql, params![key, now - SEND_WINDOW_S, limit - 1], |r| r.get(0)).optional()?;
    Ok(oldest_counted.map(|sent_at| sent_at + SEND_WINDOW_S - now))
}

async fn send_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Body(request): Body<SmsCodeRequest>,
) -> ApiResult<(StatusCode, Json<SmsCodeSent>)> {
    let (account, phone) = request.parse().map_err(ApiError::Validation)?;
    let now = state.clock.now().unix_seconds();
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
    let demo = state.settings.demo;
    let sent = state
        .db
        .call(move |conn| {
            let last: Option<i64> = conn
                .query_row("SELECT MAX(sent_at) FROM sms_codes WHERE phone = ?1", [phone.as_str()], |r| r.get(0))
                .optional()?
                .flatten();
            if let Some(wait) = last.map(|t| t + RESEND_COOLDOWN_S - now).filter(|w| *w > 0) {
                return Err(rate_limited(wait, "a code was sent to this phone moments ago"));
            }
            if let Some(wait) = window_wait(conn, "phone", phone.as_str(), SENDS_PER_PHONE, now)? {
                return Err(rate_limited(wait, "too many codes sent to this phone"));
            }
            if let Some(wait) = window_wait(conn, "client_ip", &ip, SENDS_PER_IP, now)? {
                return Err(rate_limited(wait, "too many codes requested from this network"));
            }
            let registered: Option<String> = conn
                .query_row("SELECT phone FROM accounts WHERE account_no = ?1", [account.as_str()], |r| r.get(0))
                .optional()?;
            if registered.as_deref() != Some(phone.as_str()) {
                return Err(ApiError::Refused(
                    ErrorCode::AccountPhoneMismatch,
                    "this phone is not the one registered for this account number",
                ));
            }
            let tx = conn.transaction()?;
            tx.execute("UPDATE sms_codes SET used = 1 WHERE phone = ?1 AND used = 0", [phone.as_str()])?;
            tx.execute(
                "INSERT INTO sms_codes (phone, account_no, code, sent_at, expires_at, client_ip) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![phone.as_str(), account.as_str(), code, now, now + CODE_TTL_S, ip],
            )?;
            tx.commit()?;
            Ok((phone, code))
        })
        .await?;
    let (phone, code) = sent;
    // The simulated SMS gateway: in demo mode the code is logged so a person can sign in.
    if demo {
        tracing::info!(phone = %phone.masked(), %code, "demo SMS sent");
    } else {
        tracing::info!(phone = %phone.masked(), "SMS sent");
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(SmsCodeSent {
            phone_masked: phone.masked(),
            resend_after_s: RESEND_COOLDOWN_S as u32,
            expires_in_s: CODE_TTL_S as u32,
        }),
    ))
}

fn rate_limited(wait_s: i64, message: &'static str) -> ApiError {
    ApiError::RateLimited { retry_after_s: wait_s.clamp(1, u32::MAX as i64) as u32, message }
}

fn new_token() -> SessionToken {
    let bytes: [u8; 32] = rand::rng().random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    // 64 hex digits always parse as a token.
    SessionToken::parse(&hex).unwrap_or_else(|_| unreachable!("hex digits are a valid token"))
}

async fn create_session(
    State(state): State<AppState>,
    Body(request): Body<SessionRequest>,
) -> ApiResult<(StatusCode, Json<Session>)> {
    let (account, phone, code) = request.parse().map_err(ApiError::Validation)?;
    let now = state.clock.now().unix_seconds();
    let token = new_token();
    let hash = token_hash(&token);
    let idle = state.settings.session_idle_s;
    let max = state.settings.session_max_s;
    state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            let pending: Option<(i64, String, i64, i64)> = tx
                .query_row(
                    "SELECT id, code, expires_at, attempts FROM sms_codes
                     WHERE phone = ?1 AND account_no = ?2 AND used = 0 ORDER BY sent_at DESC LIMIT 1",
                    params![phone.as_str(), account.as_str()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((id, expected, expires_at, attempts)) = pending else {
                return Err(ApiError::Refused(ErrorCode::CodeExpired, "no code is waiting: request a new one"));
            };
            if expires_at <= now || attempts >= MAX_CODE_ATTEMPTS {
                tx.execute("UPDATE sms_codes SET used = 1 WHERE id = ?1", [id])?;
                tx.commit()?;
                return Err(ApiError::Refused(ErrorCode::CodeExpired, "the code has expired: request a new one"));
            }
            if expected != code.as_str() {
                tx.execute("UPDATE sms_codes SET attempts = attempts + 1 WHERE id = ?1", [id])?;
                tx.commit()?;
                return Err(ApiError::Refused(ErrorCode::CodeInvalid, "the code is not the one sent"));
            }
            tx.execute("UPDATE sms_codes SET used = 1 WHERE id = ?1", [id])?;
            let customer_id = customer_for(&tx, &phone, &account, now)?;
            tx.execute(
                "INSERT INTO sessions (token_hash, customer_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)",
                params![hash, customer_id, now],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(Session { token, expires_at: contract::Timestamp(now + idle.min(max)), idle_timeout_s: idle as u32 }),
    ))
}

/// The customer signing in with `phone`, created and bound to `account` on first use.
fn customer_for(conn: &Connection, phone: &Phone, account: &AccountNo, now: i64) -> rusqlite::Result<i64> {
    let existing: Option<i64> =
        conn.query_row("SELECT id FROM customers WHERE phone = ?1", [phone.as_str()], |r| r.get(0)).optional()?;
    let customer_id = match existing {
        Some(id) => id,
        None => {
            conn.execute(
                "INSERT INTO customers (name, phone) SELECT holder_name, ?1 FROM accounts WHERE account_no = ?2",
                params![phone.as_str(), account.as_str()],
            )?;
            conn.last_insert_rowid()
        }
    };
    conn.execute(
        "INSERT OR IGNORE INTO bindings (customer_id, account_no, bound_at) VALUES (?1, ?2, ?3)",
        params![customer_id, account.as_str(), now],
    )?;
    Ok(customer_id)
}

async fn revoke_session(State(state): State<AppState>, session: SignedIn) -> ApiResult<StatusCode> {
    state
        .db
        .call(move |conn| {
            conn.execute("UPDATE sessions SET revoked = 1 WHERE token_hash = ?1", [&session.token_hash])?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
