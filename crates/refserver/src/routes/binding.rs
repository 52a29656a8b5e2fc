//! Binding another account (户号) to the signed-in customer, with proof: the holder's name, then
//! a code sent to the phone registered for the account (shown masked). An unknown account and a
//! wrong name answer alike, so guessing learns nothing about which accounts exist or their
//! phones; every wrong name or code counts toward a 429 for the customer and their address.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::{Json, Router};
use contract::{AccountNo, BindCodeRequest, BindRequest, HolderName, Phone, SmsCodeSent};
use rusqlite::{params, Connection, TransactionBehavior};

use super::accounts::{account_by_no, summary, AccountRow};
use super::sms::{self, Purpose};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, ClientIp, SignedIn};
use crate::idempotency::{self, Answer, IdempotencyKey, Keyed};
use crate::throttle::{self, Guesser};
use crate::AppState;

/// Wrong names or codes allowed per customer and per client address in [`throttle::WINDOW_S`].
pub const BIND_GUESSES_PER_CUSTOMER: i64 = 10;
pub const BIND_GUESSES_PER_IP: i64 = 30;

const SCOPE: &str = "bind";

pub fn router() -> Router<AppState> {
    Router::new().route("/accounts/bindings/sms-code", post(send_code)).route("/accounts/bindings", post(bind))
}

fn guessers(customer_id: i64, ip: &str) -> [Guesser; 2] {
    [Guesser::customer(customer_id, BIND_GUESSES_PER_CUSTOMER), Guesser::ip(ip, BIND_GUESSES_PER_IP)]
}

fn holder_mismatch() -> ApiError {
    ApiError::HolderMismatch
}

fn already_bound() -> ApiError {
    ApiError::AlreadyBound
}

/// The account when `holder` is its holder's name; `None` for a wrong name and a missing account alike.
fn matching(conn: &Connection, account_no: &AccountNo, holder: &HolderName) -> ApiResult<Option<AccountRow>> {
    Ok(account_by_no(conn, account_no)?.filter(|a| a.holder_name == holder.as_str()))
}

fn is_bound(conn: &Connection, customer_id: i64, account_no: &AccountNo) -> ApiResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM bindings WHERE customer_id = ?1 AND account_no = ?2)",
        params![customer_id, account_no.as_str()],
        |r| r.get(0),
    )?)
}

fn registered_phone(conn: &Connection, account_no: &AccountNo) -> ApiResult<Phone> {
    let raw: String =
        conn.query_row("SELECT phone FROM accounts WHERE account_no = ?1", [account_no.as_str()], |r| r.get(0))?;
    Phone::parse(&raw).map_err(|_| ApiError::internal(format!("stored phone of account {account_no} is invalid")))
}

async fn send_code(
    State(state): State<AppState>,
    session: SignedIn,
    ClientIp(ip): ClientIp,
    Body(request): Body<BindCodeRequest>,
) -> ApiResult<(StatusCode, Json<SmsCodeSent>)> {
    let (account_no, holder) = request.parse().map_err(ApiError::Validation)?;
    let customer_id = session.customer_id;
    let now = state.clock.now().unix_seconds();
    let (phone, code) = state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let who = guessers(customer_id, &ip);
            throttle::check(&tx, SCOPE, &who, now)?;
            if matching(&tx, &account_no, &holder)?.is_none() {
                return throttle::refuse(tx, SCOPE, &who, now, holder_mismatch());
            }
            if is_bound(&tx, customer_id, &account_no)? {
                return Err(already_bound());
            }
            let phone = registered_phone(&tx, &account_no)?;
            sms::check_send_limits(&tx, &phone, &ip, Some(customer_id), now)?;
            let code = sms::issue(&tx, Purpose::Binding, &phone, &account_no, Some(customer_id), &ip, now)?;
            tx.commit()?;
            Ok((phone, code))
        })
        .await?;
    Ok((StatusCode::ACCEPTED, Json(sms::deliver(state.settings.demo, &phone, &code))))
}

async fn bind(
    State(state): State<AppState>,
    session: SignedIn,
    ClientIp(ip): ClientIp,
    key: IdempotencyKey,
    Body(request): Body<BindRequest>,
) -> ApiResult<Response> {
    let customer_id = session.customer_id;
    let keyed = Keyed::new(key, customer_id, "POST /accounts/bindings", &request)?;
    let now = state.clock.now().unix_seconds();
    let db = state.db.clone();
    idempotency::run(&state, keyed, |keyed| async move {
        let (account_no, holder, code) = request.parse().map_err(ApiError::Validation)?;
        db.call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let who = guessers(customer_id, &ip);
            throttle::check(&tx, SCOPE, &who, now)?;
            let Some(account) = matching(&tx, &account_no, &holder)? else {
                return throttle::refuse(tx, SCOPE, &who, now, holder_mismatch());
            };
            let pending = sms::pending_binding(&tx, customer_id, &account_no)?;
            if let Err(refusal) = sms::verify(&tx, pending, &code, now)? {
                return throttle::refuse(tx, SCOPE, &who, now, refusal);
            }
            let inserted = tx.execute(
                "INSERT OR IGNORE INTO bindings (customer_id, account_no, bound_at) VALUES (?1, ?2, ?3)",
                params![customer_id, account_no.as_str(), now],
            )?;
            if inserted == 0 {
                return Err(already_bound());
            }
            let stored = keyed.store(&tx, Answer::json(StatusCode::CREATED, &summary(account))?)?;
            tx.commit()?;
            Ok(stored)
        })
        .await
    })
    .await
}
