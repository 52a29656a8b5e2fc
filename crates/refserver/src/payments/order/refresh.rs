//! Bringing a pending order up to date with its provider (applying, expiring, closing), and cancelling.

use contract::{AccountNo, OrderNo, OrderStatus};
use rusqlite::TransactionBehavior;

use super::apply::{apply_outcome, close, Decision, Effect};
use super::store::{load, pending_for_account, OrderRow};
use crate::error::{ApiError, ApiResult};
use crate::payments::sim::{self, ProviderState};
use crate::AppState;

/// Runs `apply_outcome` for `order_no` in its own immediate transaction.
async fn apply_in_tx(state: &AppState, order_no: &OrderNo, decision: Decision) -> ApiResult<Effect> {
    let now = state.clock.now();
    let order_no = order_no.clone();
    state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let order = load(&tx, order_no.as_str())?.ok_or(ApiError::NotFound)?;
            let effect = apply_outcome(&tx, &order, &decision, now)?;
            tx.commit()?;
            Ok(effect)
        })
        .await
}

/// Closes a pending order at the provider and then here, as `to` (cancelled or expired).
/// If the payer decided first, the provider says so and that decision is applied instead.
/// Answers whether the order is now `to` because of this call.
async fn close_at_provider(state: &AppState, order: &OrderRow, to: OrderStatus) -> ApiResult<bool> {
    match sim::close(&state.db, &order.prepay_id).await? {
        ProviderState::Decided(decision) => {
            apply_in_tx(state, &order.order_no, decision).await?;
            Ok(false)
        }
        ProviderState::Open | ProviderState::Closed => {
            let now = state.clock.now();
            let at = if to == OrderStatus::Expired { order.expires_at } else { now };
            let order = order.clone();
            state
                .db
                .call(move |conn| {
                    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                    let moved = close(&tx, &order, to, at)?;
                    tx.commit()?;
                    Ok(moved)
                })
                .await
        }
    }
}

/// Brings a pending order up to date without waiting for a notification: asks the provider,
/// applies its decision if it has one, and otherwise expires the order once its time is up.
pub async fn refresh(state: &AppState, order: &OrderRow) -> ApiResult<()> {
    if order.status != OrderStatus::Pending {
        return Ok(());
    }
    match sim::query(&state.db, &order.prepay_id).await? {
        ProviderState::Decided(decision) => {
            apply_in_tx(state, &order.order_no, decision).await?;
        }
        ProviderState::Open | ProviderState::Closed if state.clock.now() >= order.expires_at => {
            close_at_provider(state, order, OrderStatus::Expired).await?;
        }
        ProviderState::Open | ProviderState::Closed => {}
    }
    Ok(())
}

/// [`refresh`] for the account's pending order, if it has one.
pub async fn refresh_account(state: &AppState, account_no: &AccountNo) -> ApiResult<()> {
    let lookup = account_no.clone();
    let pending = state.db.read(move |conn| pending_for_account(conn, &lookup)).await?;
    match pending {
        Some(order) => refresh(state, &order).await,
        None => Ok(()),
    }
}

/// The customer cancels a pending order: closed at the provider first, so it can no longer be
/// paid there. An order that is final (or becomes final meanwhile) answers 409 `order_closed`.
pub async fn cancel(state: &AppState, order: &OrderRow) -> ApiResult<()> {
    refresh(state, order).await?;
    let current = {
        let order_no = order.order_no.clone();
        state.db.call(move |conn| load(conn, order_no.as_str())).await?.ok_or(ApiError::NotFound)?
    };
    if current.status != OrderStatus::Pending {
        return Err(ApiError::OrderClosed);
    }
    if close_at_provider(state, &current, OrderStatus::Cancelled).await? {
        tracing::info!(order_no = current.order_no.as_str(), "order cancelled by the customer");
        Ok(())
    } else {
        Err(ApiError::OrderClosed)
    }
}
