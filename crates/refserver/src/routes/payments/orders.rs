//! The customer's side of existing orders: what an account can pay (with its open order), the
//! account's payment history, one order's status, and cancelling.

use axum::extract::State;
use axum::Json;
use contract::{AccountKind, AccountNo, Order, OrderNo, OrderPurpose, OrderStatus, PayChannel, PaymentOptions};
use rusqlite::Connection;

use crate::error::ApiResult;
use crate::extract::{PathId, SignedIn};
use crate::payments::order;
use crate::routes::accounts::BoundAccount;
use crate::AppState;

pub(super) async fn options(
    State(state): State<AppState>,
    BoundAccount { account, .. }: BoundAccount,
) -> ApiResult<Json<PaymentOptions>> {
    let account_no = account.account_no.clone();
    order::refresh_account(&state, &account_no).await?;
    let channels = state.settings.payment_channels.clone();
    let options = state
        .db
        .read(move |conn| {
            let open_order = order::pending_for_account(conn, &account_no)?;
            payment_options(conn, &account_no, account.kind, channels, open_order)
        })
        .await?;
    Ok(Json(options))
}

/// What an account of this kind can pay now, with `open_order` offered again.
pub(crate) fn payment_options(
    conn: &Connection,
    account_no: &AccountNo,
    kind: AccountKind,
    channels: Vec<PayChannel>,
    open_order: Option<order::OrderRow>,
) -> ApiResult<PaymentOptions> {
    let open_order = open_order.map(|o| o.into_order()).transpose()?;
    let account_no = account_no.clone();
    Ok(match kind {
        AccountKind::Postpaid => {
            let (owed, _) = order::unpaid_bills(conn, &account_no)?;
            PaymentOptions {
                account_no,
                purpose: OrderPurpose::Arrears,
                default_amount: owed,
                min_amount: owed,
                max_amount: owed,
                presets: Vec::new(),
                channels,
                open_order,
            }
        }
        AccountKind::Prepaid => PaymentOptions {
            account_no,
            purpose: OrderPurpose::TopUp,
            default_amount: order::TOP_UP_DEFAULT,
            min_amount: order::TOP_UP_MIN,
            max_amount: order::TOP_UP_MAX,
            presets: order::TOP_UP_PRESETS.to_vec(),
            channels,
            open_order,
        },
    })
}

pub(super) async fn history(
    State(state): State<AppState>,
    BoundAccount { account, .. }: BoundAccount,
) -> ApiResult<Json<Vec<Order>>> {
    let account_no = account.account_no;
    order::refresh_account(&state, &account_no).await?;
    let orders = state
        .db
        .read(move |conn| order::list_for_account(conn, &account_no)?.into_iter().map(|o| o.into_order()).collect())
        .await?;
    Ok(Json(orders))
}

/// The orders the customer made for accounts not bound to them (代缴), newest first; a pending
/// one is brought up to date with its provider first.
pub(super) async fn for_others(State(state): State<AppState>, session: SignedIn) -> ApiResult<Json<Vec<Order>>> {
    let customer_id = session.customer_id;
    let rows = state.db.read(move |conn| order::list_for_payer(conn, customer_id)).await?;
    for row in rows.iter().filter(|o| o.status == OrderStatus::Pending) {
        order::refresh(&state, row).await?;
    }
    let orders = state
        .db
        .read(move |conn| order::list_for_payer(conn, customer_id)?.into_iter().map(|o| o.into_order()).collect())
        .await?;
    Ok(Json(orders))
}

pub(super) async fn one(
    State(state): State<AppState>,
    session: SignedIn,
    PathId(order_no): PathId<OrderNo>,
) -> ApiResult<Json<Order>> {
    let customer_id = session.customer_id;
    let lookup = order_no.clone();
    let row = state.db.read(move |conn| order::load_scoped(conn, customer_id, &lookup)).await?;
    // No notification may ever come: ask the provider, and apply what it says.
    order::refresh(&state, &row).await?;
    let row = state.db.read(move |conn| order::load_scoped(conn, customer_id, &order_no)).await?;
    Ok(Json(row.into_order()?))
}

pub(super) async fn cancel(
    State(state): State<AppState>,
    session: SignedIn,
    PathId(order_no): PathId<OrderNo>,
) -> ApiResult<Json<Order>> {
    let customer_id = session.customer_id;
    let lookup = order_no.clone();
    let row = state.db.call(move |conn| order::load_scoped(conn, customer_id, &lookup)).await?;
    order::cancel(&state, &row).await?;
    let row = state.db.call(move |conn| order::load_scoped(conn, customer_id, &order_no)).await?;
    Ok(Json(row.into_order()?))
}
