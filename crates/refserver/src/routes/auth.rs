//! Sign-in by account number + phone + SMS code, or from WeChat; sessions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::{
    AccountNo, ErrorCode, FieldCode, FieldError, Phone, Session, SessionInfo, SessionRequest, SessionToken,
    SmsCodeRequest, SmsCodeSent, Timestamp, WechatLink, WechatSignIn, WechatSignInRequest,
};
use rand::Rng;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{ApiError, ApiResult};
use crate::extract::{secret_hash, token_hash, Body, ClientIp, SignedIn};
use crate::{AppState, Settings};

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
/// How long a WeChat user not yet linked has to finish the SMS sign-in that links them.
pub const WECHAT_TICKET_TTL_S: i64 = 15 * 60;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/sms-code", post(send_code))
        .route("/auth/session", get(session_info).post(create_session).delete(revoke_session))
        .route("/auth/wechat", get(wechat_link).post(wechat_sign_in).delete(unlink_wechat))
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

/// `bytes` random bytes in hex: session tokens, WeChat tickets and codes, openids.
pub fn random_hex(bytes: usize) -> String {
    let mut rng = rand::rng();
    (0..bytes).map(|_| format!("{:02x}", rng.random::<u8>())).collect()
}

fn new_token() -> SessionToken {
    // 64 hex digits always parse as a token.
    SessionToken::parse(&random_hex(32)).unwrap_or_else(|_| unreachable!("hex digits are a valid token"))
}

/// Starts a session for the customer, the same whichever way they signed in.
fn open_session(conn: &Connection, customer_id: i64, now: i64, settings: &Settings) -> rusqlite::Result<Session> {
    let token = new_token();
    conn.execute(
        "INSERT INTO sessions (token_hash, customer_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)",
        params![token_hash(&token), customer_id, now],
    )?;
    let idle = settings.session_idle_s;
    Ok(Session { token, expires_at: Timestamp(now + idle.min(settings.session_max_s)), idle_timeout_s: idle as u32 })
}

async fn create_session(
    State(state): State<AppState>,
    Body(request): Body<SessionRequest>,
) -> ApiResult<(StatusCode, Json<Session>)> {
    let (account, phone, code) = request.parse().map_err(ApiError::Validation)?;
    let ticket_hash = request.wechat_ticket.as_deref().map(secret_hash);
    let now = state.clock.now().unix_seconds();
    let settings = state.settings.clone();
    let session = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            // Checked before the SMS code, so a stale ticket does not cost the customer their code.
            let ticket =
                ticket_hash.map(|hash| ticket_openid(&tx, &hash, now).map(|openid| (hash, openid))).transpose()?;
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
            if let Some((hash, openid)) = ticket {
                link_wechat(&tx, &hash, &openid, customer_id, now)?;
            }
            let session = open_session(&tx, customer_id, now, &settings)?;
            tx.commit()?;
            Ok(session)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(session)))
}

/// The WeChat user a ticket stands for, while the ticket is unused and unexpired.
fn ticket_openid(conn: &Connection, ticket_hash: &str, now: i64) -> ApiResult<String> {
    conn.query_row(
        "SELECT openid FROM wechat_tickets WHERE ticket_hash = ?1 AND used = 0 AND expires_at > ?2",
        params![ticket_hash, now],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(ApiError::Refused(
        ErrorCode::WechatCodeInvalid,
        "the WeChat sign-in has expired: open the portal from WeChat again",
    ))
}

/// Spends the ticket and links its WeChat user to the customer. The pairing just proven
/// (this WeChat in hand, the SMS code from this phone) replaces any older one, so each
/// openid has one customer and each customer one openid.
fn link_wechat(conn: &Connection, ticket_hash: &str, openid: &str, customer_id: i64, now: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE wechat_tickets SET used = 1 WHERE ticket_hash = ?1", [ticket_hash])?;
    conn.execute("DELETE FROM wechat_links WHERE openid = ?1 OR customer_id = ?2", params![openid, customer_id])?;
    conn.execute(
        "INSERT INTO wechat_links (openid, customer_id, linked_at) VALUES (?1, ?2, ?3)",
        params![openid, customer_id, now],
    )?;
    Ok(())
}

/// Exchanges the code WeChat's OAuth redirect brought back. The codes come from the
/// simulated authorize page (`routes::wechat`); the utility's real API asks WeChat instead.
async fn wechat_sign_in(
    State(state): State<AppState>,
    Body(request): Body<WechatSignInRequest>,
) -> ApiResult<Json<WechatSignIn>> {
    let code = request.code.trim();
    if code.is_empty() {
        return Err(ApiError::field(FieldError::new("code", FieldCode::Required, "code is required")));
    }
    let code_hash = secret_hash(code);
    let now = state.clock.now().unix_seconds();
    let settings = state.settings.clone();
    let answer = state
        .db
        .call(move |conn| {
            let tx = conn.transaction()?;
            let openid: String = tx
                .query_row(
                    "SELECT openid FROM wechat_codes WHERE code_hash = ?1 AND used = 0 AND expires_at > ?2",
                    params![code_hash, now],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(ApiError::Refused(
                    ErrorCode::WechatCodeInvalid,
                    "the WeChat code is unknown, used or expired: sign in from WeChat again",
                ))?;
            tx.execute("UPDATE wechat_codes SET used = 1 WHERE code_hash = ?1", [&code_hash])?;
            let linked: Option<i64> = tx
                .query_row("SELECT customer_id FROM wechat_links WHERE openid = ?1", [&openid], |r| r.get(0))
                .optional()?;
            let answer = match linked {
                Some(customer_id) => WechatSignIn::SignedIn { session: open_session(&tx, customer_id, now, &settings)? },
                None => {
                    let ticket = random_hex(32);
                    let expires_at = now + WECHAT_TICKET_TTL_S;
                    tx.execute(
                        "INSERT INTO wechat_tickets (ticket_hash, openid, issued_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                        params![secret_hash(&ticket), openid, now, expires_at],
                    )?;
                    WechatSignIn::BindRequired { ticket, expires_at: Timestamp(expires_at) }
                }
            };
            tx.commit()?;
            Ok(answer)
        })
        .await?;
    Ok(Json(answer))
}

/// The session's expiry. The extractor has just slid it, so asking keeps the customer signed in.
async fn session_info(State(state): State<AppState>, session: SignedIn) -> Json<SessionInfo> {
    Json(SessionInfo { expires_at: session.expires_at, idle_timeout_s: state.settings.session_idle_s as u32 })
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

async fn wechat_link(State(state): State<AppState>, session: SignedIn) -> ApiResult<Json<WechatLink>> {
    let customer_id = session.customer_id;
    let linked = state
        .db
        .call(move |conn| {
            let linked = conn
                .query_row("SELECT 1 FROM wechat_links WHERE customer_id = ?1", [customer_id], |_| Ok(()))
                .optional()?
                .is_some();
            Ok(linked)
        })
        .await?;
    Ok(Json(WechatLink { linked }))
}

/// Unlinks the customer's WeChat: the next visit from WeChat asks for an SMS sign-in
/// (which links the WeChat user then signing in, whoever that is).
async fn unlink_wechat(State(state): State<AppState>, session: SignedIn) -> ApiResult<StatusCode> {
    let customer_id = session.customer_id;
    state
        .db
        .call(move |conn| {
            conn.execute("DELETE FROM wechat_links WHERE customer_id = ?1", [customer_id])?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
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
