//! Paying for someone else's account (代缴): the lookup of a 户号 that need not be bound to
//! the payer. It answers only what paying needs; an unknown account and a closed one answer
//! alike, and each such answer counts toward a 429 for the customer and their address, so
//! the lookup cannot be used to find which accounts exist.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use contract::{AccountKind, AccountNo, Payee};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::accounts::{kind_from_db, mask_name};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ClientIp, PathId, SignedIn};
use crate::payments::order::unpaid_bills;
use crate::throttle::{self, Guesser};
use crate::AppState;

/// Lookups of unknown or closed accounts allowed per customer and per client address in
/// [`throttle::WINDOW_S`].
pub const MISSES_PER_CUSTOMER: i64 = 10;
pub const MISSES_PER_IP: i64 = 30;

const SCOPE: &str = "payee";

pub fn router() -> Router<AppState> {
    Router::new().route("/payees/{account_no}", get(look_up))
}

/// An open account: holder, area and kind; `None` for a missing or closed one alike.
fn open_account(conn: &Connection, account_no: &AccountNo) -> ApiResult<Option<(String, String, AccountKind)>> {
    Ok(conn
        .prepare_cached("SELECT holder_name, area, kind FROM accounts WHERE account_no = ?1 AND closed_on IS NULL")?
        .query_row([account_no.as_str()], |r| {
            let kind: String = r.get(2)?;
            Ok((r.get(0)?, r.get(1)?, kind_from_db(&kind)))
        })
        .optional()?)
}

async fn look_up(
    State(state): State<AppState>,
    session: SignedIn,
    ClientIp(ip): ClientIp,
    PathId(account_no): PathId<AccountNo>,
) -> ApiResult<Json<Payee>> {
    let now = state.clock.now().unix_seconds();
    let customer_id = session.customer_id;
    let payee = state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let who = [Guesser::customer(customer_id, MISSES_PER_CUSTOMER), Guesser::ip(&ip, MISSES_PER_IP)];
            throttle::check(&tx, SCOPE, &who, now)?;
            let Some((holder, area, kind)) = open_account(&tx, &account_no)? else {
                return throttle::refuse(tx, SCOPE, &who, now, ApiError::NotFound);
            };
            let amount_due = match kind {
                AccountKind::Postpaid => unpaid_bills(&tx, &account_no)?.0,
                AccountKind::Prepaid => contract::Fen(0),
            };
            tx.commit()?;
            Ok(Payee { account_no, holder_name_masked: mask_name(&holder), area, kind, amount_due })
        })
        .await?;
    Ok(Json(payee))
}
