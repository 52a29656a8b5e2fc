//! Sign-in by account number + phone + SMS code, or from WeChat; sessions. Every wrong guess on
//! the way (phone, code, WeChat code or ticket) counts toward a 429 ([`crate::throttle`]).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::{
    AccountNo, FieldCode, FieldError, Phone, Session, SessionInfo, SessionRequest, SessionToken, SmsCodeRequest,
    SmsCodeSent, Timestamp, WechatLink, WechatSignIn, WechatSignInRequest,
};
use rand::Rng;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::sms::{self, Purpose};
use crate::error::{ApiError, ApiResult};
use crate::extract::{secret_hash, token_hash, Body, ClientIp, SignedIn};
use crate::throttle::{self, Guesser};
use crate::{AppState, Settings};

/// How long a WeChat user not yet linked has to finish the SMS sign-in that links them.
pub const WECHAT_TICKET_TTL_S: i64 = 15 * 60;
/// Wrong guesses (a phone that is not the account's, a wrong code, a bad WeChat ticket) allowed per
/// client address and per phone in [`throttle::WINDOW_S`] before sign-in answers 429.
pub const SIGN_IN_GUESSES_PER_IP: i64 = 30;
pub const SIGN_IN_GUESSES_PER_PHONE: i64 = 10;
/// Unknown, used or expired WeChat codes allowed per client address in the window.
pub const WECHAT_GUESSES_PER_IP: i64 = 30;

const SIGN_IN: &str = "sign_in";
const WECHAT: &str = "wechat";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/sms-code", post(send_code))
        .route("/auth/session", get(session_info).post(create_session).delete(revoke_session))
        .route("/auth/wechat", get(wechat_link).post(wechat_sign_in).delete(unlink_wechat))
}

async fn send_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Body(request): Body<SmsCodeRequest>,
) -> ApiResult<(StatusCode, Json<SmsCodeSent>)> {
    let (account, phone) = request.parse().map_err(ApiError::Validation)?;
    let now = state.clock.now().unix_seconds();
    let (phone, code) = state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let who = [Guesser::ip(&ip, SIGN_IN_GUESSES_PER_IP)];
            throttle::check(&tx, SIGN_IN, &who, now)?;
            sms::check_send_limits(&tx, &phone, &ip, None, now)?;
            let registered: Option<String> = tx
                .query_row("SELECT phone FROM accounts WHERE account_no = ?1", [account.as_str()], |r| r.get(0))
                .optional()?;
            if registered.as_deref() != Some(phone.as_str()) {
                // Guessing which phone an account has is a guess like any other.
                let refusal = ApiError::AccountPhoneMismatch;
                return throttle::refuse(tx, SIGN_IN, &who, now, refusal);
            }
            let code = sms::issue(&tx, Purpose::SignIn, &phone, &account, None, &ip, now)?;
            tx.commit()?;
            Ok((phone, code))
        })
        .await?;
    Ok((StatusCode::ACCEPTED, Json(sms::deliver(state.settings.demo, &phone, &code))))
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
    ClientIp(ip): ClientIp,
    Body(request): Body<SessionRequest>,
) -> ApiResult<(StatusCode, Json<Session>)> {
    let (account, phone, code) = request.parse().map_err(ApiError::Validation)?;
    let ticket_hash = request.wechat_ticket.as_deref().map(secret_hash);
    let now = state.clock.now().unix_seconds();
    let settings = state.settings.clone();
    let session = state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let who =
                [Guesser::ip(&ip, SIGN_IN_GUESSES_PER_IP), Guesser::phone(phone.as_str(), SIGN_IN_GUESSES_PER_PHONE)];
            throttle::check(&tx, SIGN_IN, &who, now)?;
            // Checked before the SMS code, so a stale ticket does not cost the customer their code.
            let ticket = match ticket_hash {
                Some(hash) => match ticket_openid(&tx, &hash, now)? {
                    Some(openid) => Some((hash, openid)),
                    None => {
                        let refusal = ApiError::WechatCodeInvalid(
                            "the WeChat sign-in has expired: open the portal from WeChat again",
                        );
                        return throttle::refuse(tx, SIGN_IN, &who, now, refusal);
                    }
                },
                None => None,
            };
            let pending = sms::pending_sign_in(&tx, &phone, &account)?;
            if let Err(refusal) = sms::verify(&tx, pending, &code, now)? {
                return throttle::refuse(tx, SIGN_IN, &who, now, refusal);
            }
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
fn ticket_openid(conn: &Connection, ticket_hash: &str, now: i64) -> ApiResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT openid FROM wechat_tickets WHERE ticket_hash = ?1 AND used = 0 AND expires_at > ?2",
            params![ticket_hash, now],
            |r| r.get(0),
        )
        .optional()?)
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
    ClientIp(ip): ClientIp,
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
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let who = [Guesser::ip(&ip, WECHAT_GUESSES_PER_IP)];
            throttle::check(&tx, WECHAT, &who, now)?;
            let found: Option<String> = tx
                .query_row(
                    "SELECT openid FROM wechat_codes WHERE code_hash = ?1 AND used = 0 AND expires_at > ?2",
                    params![code_hash, now],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(openid) = found else {
                let refusal =
                    ApiError::WechatCodeInvalid("the WeChat code is unknown, used or expired: sign in from WeChat again");
                return throttle::refuse(tx, WECHAT, &who, now, refusal);
            };
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
        .read(move |conn| {
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
