//! Paying for someone else's account (代缴): the lookup of a 户号 that need not be bound to
//! the payer. It answers only what paying needs; an unknown account and a closed one answer
//! alike, and each such answer counts toward a 429 for the customer and their address, so
//! the lookup cannot be used to find which accounts exist.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use contract::{AccountKind, AccountNo, Payee};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::accounts::{bound_account, kind_from_db, mask_name};
use super::payments::orders::payment_options;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ClientIp, PathId, SignedIn};
use crate::payments::order;
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

/// Who a lookup's or an order's miss counts against, with their limits.
fn guessers(customer_id: i64, ip: &str) -> [Guesser; 2] {
    [Guesser::customer(customer_id, MISSES_PER_CUSTOMER), Guesser::ip(ip, MISSES_PER_IP)]
}

/// An open account: holder, area and kind; `None` for a missing or closed one alike.
pub(crate) fn open_account(
    conn: &Connection,
    account_no: &AccountNo,
) -> ApiResult<Option<(String, String, AccountKind)>> {
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
    let lookup = account_no.clone();
    let payee = state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let who = guessers(customer_id, &ip);
            throttle::check(&tx, SCOPE, &who, now)?;
            let Some((holder, area, kind)) = open_account(&tx, &lookup)? else {
                return throttle::refuse(tx, SCOPE, &who, now, ApiError::NotFound);
            };
            tx.commit()?;
            Ok((holder, area, kind))
        })
        .await?;
    let (holder, area, kind) = payee;
    // A pending order whose time is up, or that its payer already decided, is not open any more.
    order::refresh_account(&state, &account_no).await?;
    let channels = state.settings.payment_channels.clone();
    let payee = state
        .db
        .read(move |conn| {
            // Only the payer's own open order is offered again; another's stays theirs.
            let open_order = order::pending_for_account(conn, &account_no)?.filter(|o| o.customer_id == customer_id);
            let options = payment_options(conn, &account_no, kind, channels, open_order)?;
            // Arrears are paid whole: what is due is the one amount the options accept.
            let amount_due = match kind {
                AccountKind::Postpaid => options.default_amount,
                AccountKind::Prepaid => contract::Fen(0),
            };
            Ok(Payee { account_no, holder_name_masked: mask_name(&holder), area, kind, amount_due, options })
        })
        .await?;
    Ok(Json(payee))
}

/// Whom an order for `account_no` pays for: `None` for an account bound to the customer, the
/// holder's masked name for any other open account. Anything else answers as a lookup does: the
/// same 404, counted as the same miss, and 429 while the customer or their address is throttled,
/// so ordering cannot be used to find accounts either.
pub async fn payee_of_order(
    state: &AppState,
    customer_id: i64,
    ip: String,
    account_no: &AccountNo,
) -> ApiResult<Option<String>> {
    let now = state.clock.now().unix_seconds();
    let account_no = account_no.clone();
    state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            match bound_account(&tx, customer_id, &account_no) {
                Ok(_) => return Ok(None),
                Err(ApiError::NotFound) => {}
                Err(e) => return Err(e),
            }
            let who = guessers(customer_id, &ip);
            throttle::check(&tx, SCOPE, &who, now)?;
            match open_account(&tx, &account_no)? {
                Some((holder, _, _)) => Ok(Some(mask_name(&holder))),
                None => throttle::refuse(tx, SCOPE, &who, now, ApiError::NotFound),
            }
        })
        .await
}
