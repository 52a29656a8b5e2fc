//! The merchant's payment orders: their rows, the one function that applies a provider's
//! outcome (shared by notifications and status queries), and the state machine
//! `pending → paid | failed | cancelled | expired`.

use contract::{
    AccountNo, ErrorCode, Fen, Order, OrderNo, OrderPurpose, OrderStatus, PayAction, PayChannel, ProviderOutcome,
    Timestamp,
};
use rand::Rng;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::discrepancy::{self, DiscrepancyKind};
use super::sim::{self, ProviderState};
use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// A pending order expires this long after it was created.
pub const ORDER_TTL_S: i64 = 15 * 60;
/// Prepaid top-ups: limits, presets and the suggested amount.
pub const TOP_UP_MIN: Fen = Fen(10 * 100);
pub const TOP_UP_MAX: Fen = Fen(5000 * 100);
pub const TOP_UP_PRESETS: [Fen; 4] = [Fen(50 * 100), Fen(100 * 100), Fen(200 * 100), Fen(500 * 100)];
pub const TOP_UP_DEFAULT: Fen = Fen(100 * 100);

const ORDER_SUFFIX_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// `P` + China time `yyyymmddHHMMSS` + 6 random upper-case letters and digits.
pub fn new_order_no(now: Timestamp) -> OrderNo {
    let stamp: String = now.to_string().chars().take(19).filter(char::is_ascii_digit).collect();
    let mut rng = rand::rng();
    let suffix: String =
        (0..6).map(|_| char::from(ORDER_SUFFIX_ALPHABET[rng.random_range(0..ORDER_SUFFIX_ALPHABET.len())])).collect();
    let no = format!("P{stamp}{suffix}");
    OrderNo::parse(&no).expect("P, 14 digits and 6 upper-case letters or digits make an order number")
}

pub fn status_str(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Pending => "pending",
        OrderStatus::Paid => "paid",
        OrderStatus::Failed => "failed",
        OrderStatus::Cancelled => "cancelled",
        OrderStatus::Expired => "expired",
    }
}

fn status_from(raw: &str) -> ApiResult<OrderStatus> {
    Ok(match raw {
        "pending" => OrderStatus::Pending,
        "paid" => OrderStatus::Paid,
        "failed" => OrderStatus::Failed,
        "cancelled" => OrderStatus::Cancelled,
        "expired" => OrderStatus::Expired,
        other => return Err(ApiError::internal(format!("stored order status {other:?}"))),
    })
}

pub fn purpose_str(purpose: OrderPurpose) -> &'static str {
    match purpose {
        OrderPurpose::Arrears => "arrears",
        OrderPurpose::TopUp => "top_up",
    }
}

pub fn outcome_str(outcome: ProviderOutcome) -> &'static str {
    match outcome {
        ProviderOutcome::Paid => "paid",
        ProviderOutcome::Failed => "failed",
        ProviderOutcome::Cancelled => "cancelled",
    }
}

pub fn outcome_from(raw: &str) -> Option<ProviderOutcome> {
    [ProviderOutcome::Paid, ProviderOutcome::Failed, ProviderOutcome::Cancelled]
        .into_iter()
        .find(|o| outcome_str(*o) == raw)
}

/// A payment order as stored.
#[derive(Debug, Clone)]
pub struct OrderRow {
    pub order_no: OrderNo,
    pub customer_id: i64,
    pub account_no: AccountNo,
    pub purpose: OrderPurpose,
    pub amount: Fen,
    pub channel: PayChannel,
    pub status: OrderStatus,
    pub return_url: Option<String>,
    pub prepay_id: String,
    pub provider_txn: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub paid_at: Option<Timestamp>,
    pub action: Option<String>,
}

pub const SELECT: &str = "SELECT o.order_no, o.customer_id, o.account_no, o.purpose, o.amount_fen, o.channel, o.status,
    o.return_url, o.prepay_id, o.provider_txn, o.created_at, o.expires_at, o.paid_at, o.action FROM payment_orders o";

type RawRow = (
    String,
    i64,
    String,
    String,
    i64,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    i64,
    i64,
    Option<i64>,
    Option<String>,
);

fn raw_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
        r.get(13)?,
    ))
}

fn into_row(raw: RawRow) -> ApiResult<OrderRow> {
    let (
        order_no,
        customer_id,
        account_no,
        purpose,
        amount,
        channel,
        status,
        return_url,
        prepay_id,
        provider_txn,
        created_at,
        expires_at,
        paid_at,
        action,
    ) = raw;
    let stored = |what: &str, value: &str| ApiError::internal(format!("stored {what} {value:?}"));
    Ok(OrderRow {
        order_no: OrderNo::parse(&order_no).map_err(|_| stored("order number", &order_no))?,
        customer_id,
        account_no: AccountNo::parse(&account_no).map_err(|_| stored("account number", &account_no))?,
        purpose: match purpose.as_str() {
            "arrears" => OrderPurpose::Arrears,
            "top_up" => OrderPurpose::TopUp,
            other => return Err(stored("purpose", other)),
        },
        amount: Fen(amount),
        channel: PayChannel::parse(&channel).ok_or_else(|| stored("channel", &channel))?,
        status: status_from(&status)?,
        return_url,
        prepay_id,
        provider_txn,
        created_at: Timestamp(created_at),
        expires_at: Timestamp(expires_at),
        paid_at: paid_at.map(Timestamp),
        action,
    })
}

/// Any order by number (notifications, the simulator).
pub fn load(conn: &Connection, order_no: &str) -> ApiResult<Option<OrderRow>> {
    let sql = format!("{SELECT} WHERE o.order_no = ?1");
    conn.query_row(&sql, [order_no], raw_row).optional()?.map(into_row).transpose()
}

/// An order of an account bound to the customer; any other answers 404 like a missing one.
pub fn load_scoped(conn: &Connection, customer_id: i64, order_no: &OrderNo) -> ApiResult<OrderRow> {
    let sql = format!(
        "{SELECT} WHERE o.order_no = ?1 AND o.account_no IN (SELECT account_no FROM bindings WHERE customer_id = ?2)"
    );
    let raw = conn.query_row(&sql, params![order_no.as_str(), customer_id], raw_row).optional()?;
    into_row(raw.ok_or(ApiError::NotFound)?)
}

/// The orders of an account, newest first.
pub fn list_for_account(conn: &Connection, account_no: &AccountNo) -> ApiResult<Vec<OrderRow>> {
    let sql = format!("{SELECT} WHERE o.account_no = ?1 ORDER BY o.created_at DESC, o.rowid DESC");
    let rows = conn.prepare(&sql)?.query_map([account_no.as_str()], raw_row)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(into_row).collect()
}

/// The account's pending order, if any.
pub fn pending_for_account(conn: &Connection, account_no: &AccountNo) -> ApiResult<Option<OrderRow>> {
    let sql = format!("{SELECT} WHERE o.account_no = ?1 AND o.status = 'pending'");
    conn.query_row(&sql, [account_no.as_str()], raw_row).optional()?.map(into_row).transpose()
}

/// Every pending order, oldest first (the sweep).
pub fn all_pending(conn: &Connection) -> ApiResult<Vec<OrderRow>> {
    let sql = format!("{SELECT} WHERE o.status = 'pending' ORDER BY o.created_at, o.rowid");
    let rows = conn.prepare(&sql)?.query_map([], raw_row)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(into_row).collect()
}

impl OrderRow {
    /// The order as the customer sees it: how to pay only while pending.
    pub fn into_order(self) -> ApiResult<Order> {
        let action = match (self.status, &self.action) {
            (OrderStatus::Pending, Some(json)) => Some(serde_json::from_str::<PayAction>(json)?),
            _ => None,
        };
        Ok(Order {
            order_no: self.order_no,
            account_no: self.account_no,
            purpose: self.purpose,
            amount: self.amount,
            channel: self.channel,
            status: self.status,
            created_at: self.created_at,
            expires_at: self.expires_at,
            paid_at: self.paid_at,
            provider_txn: self.provider_txn,
            action,
        })
    }
}

/// What a provider decided about an order, from a notification or a status query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub outcome: ProviderOutcome,
    pub provider_txn: String,
    /// What the provider collected (or would have).
    pub amount: Fen,
    /// When the payer decided, by the provider's clock.
    pub at: Timestamp,
}

/// What applying a decision did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// The pending order moved to a final state (and, if paid, the account was credited).
    Applied,
    /// The order was final already; nothing changed.
    AlreadyFinal,
    /// The provider took money for an order that is no longer payable: nothing is credited,
    /// and the money has to go back to the payer (recorded as a discrepancy).
    RefundDue,
    /// The provider reported another amount than the order's: nothing changed, and the report
    /// is recorded as a discrepancy to be looked into.
    AmountMismatch,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Applied => "applied",
            Effect::AlreadyFinal => "already_final",
            Effect::RefundDue => "refund_due",
            Effect::AmountMismatch => "amount_mismatch",
        }
    }
}

/// THE place a provider's outcome changes an order; run it inside an immediate transaction.
/// Paid moves a pending order to `paid` and credits the account in the same transaction,
/// so an order is credited once however many notifications and queries report it. Money that
/// cannot be credited, and an amount other than the order's, are recorded in the same
/// transaction ([`discrepancy`]).
pub fn apply_outcome(conn: &Connection, order: &OrderRow, decision: &Decision, now: Timestamp) -> ApiResult<Effect> {
    let order_no = order.order_no.as_str();
    let note = |kind: DiscrepancyKind, amount: Fen| {
        discrepancy::record(conn, &order.order_no, kind, amount, &decision.provider_txn, now)
    };
    if decision.amount != order.amount {
        tracing::error!(
            order_no,
            expected = order.amount.0,
            reported = decision.amount.0,
            "the provider reports another amount than the order's; not applied, to be looked into"
        );
        note(DiscrepancyKind::AmountMismatch, decision.amount)?;
        return Ok(Effect::AmountMismatch);
    }
    let effect = match (order.status, decision.outcome) {
        (OrderStatus::Pending, ProviderOutcome::Paid) if decision.at < order.expires_at => {
            let moved = conn.execute(
                "UPDATE payment_orders SET status = 'paid', paid_at = ?1, provider_txn = ?2, closed_at = ?3
                 WHERE order_no = ?4 AND status = 'pending'",
                params![decision.at.unix_seconds(), decision.provider_txn, now.unix_seconds(), order_no],
            )?;
            if moved != 1 {
                return Ok(Effect::AlreadyFinal);
            }
            credit(conn, order, decision, now)?;
            tracing::info!(
                order_no,
                amount = order.amount.0,
                account = order.account_no.as_str(),
                "order paid; account credited"
            );
            Effect::Applied
        }
        (OrderStatus::Pending, ProviderOutcome::Paid) => {
            close(conn, order, OrderStatus::Expired, order.expires_at)?;
            tracing::warn!(
                order_no,
                provider_txn = decision.provider_txn,
                "paid after the order expired: not credited, refund due"
            );
            note(DiscrepancyKind::PaidWhenClosed, decision.amount)?;
            Effect::RefundDue
        }
        (OrderStatus::Pending, ProviderOutcome::Failed) => {
            close(conn, order, OrderStatus::Failed, now)?;
            Effect::Applied
        }
        (OrderStatus::Pending, ProviderOutcome::Cancelled) => {
            close(conn, order, OrderStatus::Cancelled, now)?;
            Effect::Applied
        }
        (OrderStatus::Paid, ProviderOutcome::Paid) => {
            if order.provider_txn.as_deref() != Some(decision.provider_txn.as_str()) {
                tracing::warn!(
                    order_no,
                    provider_txn = decision.provider_txn,
                    "a second payment of a paid order: refund due"
                );
                note(DiscrepancyKind::PaidTwice, decision.amount)?;
                Effect::RefundDue
            } else {
                Effect::AlreadyFinal
            }
        }
        (status, ProviderOutcome::Paid) => {
            tracing::warn!(
                order_no,
                status = status_str(status),
                provider_txn = decision.provider_txn,
                "paid although the order is closed: not credited, refund due"
            );
            note(DiscrepancyKind::PaidWhenClosed, decision.amount)?;
            Effect::RefundDue
        }
        _ => Effect::AlreadyFinal,
    };
    Ok(effect)
}

/// Moves a pending order to a final state other than paid.
fn close(conn: &Connection, order: &OrderRow, to: OrderStatus, at: Timestamp) -> ApiResult<bool> {
    let moved = conn.execute(
        "UPDATE payment_orders SET status = ?1, closed_at = ?2 WHERE order_no = ?3 AND status = 'pending'",
        params![status_str(to), at.unix_seconds(), order.order_no.as_str()],
    )?;
    Ok(moved == 1)
}

/// Arrears: the order's bills are paid. Top-up: the balance grows by the amount.
fn credit(conn: &Connection, order: &OrderRow, decision: &Decision, now: Timestamp) -> ApiResult<()> {
    match order.purpose {
        OrderPurpose::Arrears => {
            // Bills paid another way since the order was made (at a counter, say): paid twice now.
            let (already, overpaid): (i64, i64) = conn.query_row(
                "SELECT COUNT(*), COALESCE(SUM(total_fen), 0) FROM bills WHERE paid_at IS NOT NULL
                 AND id IN (SELECT bill_id FROM payment_order_bills WHERE order_no = ?1)",
                [order.order_no.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            conn.execute(
                "UPDATE bills SET paid_at = ?1 WHERE paid_at IS NULL
                 AND id IN (SELECT bill_id FROM payment_order_bills WHERE order_no = ?2)",
                params![decision.at.unix_seconds(), order.order_no.as_str()],
            )?;
            if already > 0 {
                tracing::warn!(
                    order_no = order.order_no.as_str(),
                    bills = already,
                    overpaid,
                    "some of the order's bills were paid another way meanwhile: overpaid, refund due"
                );
                discrepancy::record(
                    conn,
                    &order.order_no,
                    DiscrepancyKind::BillsPaidOtherwise,
                    Fen(overpaid),
                    &decision.provider_txn,
                    now,
                )?;
            }
        }
        OrderPurpose::TopUp => {
            conn.execute(
                "UPDATE accounts SET balance_fen = balance_fen + ?1 WHERE account_no = ?2",
                params![order.amount.0, order.account_no.as_str()],
            )?;
        }
    }
    Ok(())
}

/// The unpaid bills of an account and their sum: what an arrears order must settle.
pub fn unpaid_bills(conn: &Connection, account_no: &AccountNo) -> ApiResult<(Fen, Vec<i64>)> {
    let rows: Vec<(i64, i64)> = conn
        .prepare("SELECT id, total_fen FROM bills WHERE account_no = ?1 AND paid_at IS NULL ORDER BY month")?
        .query_map([account_no.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let total = rows.iter().map(|(_, fen)| Fen(*fen)).sum();
    Ok((total, rows.into_iter().map(|(id, _)| id).collect()))
}

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
    let pending = state.db.call(move |conn| pending_for_account(conn, &lookup)).await?;
    match pending {
        Some(order) => refresh(state, &order).await,
        None => Ok(()),
    }
}

/// The customer cancels a pending order: closed at the provider first, so it can no longer be
/// paid there. An order that is final (or becomes final meanwhile) answers 409 `order_closed`.
pub async fn cancel(state: &AppState, order: &OrderRow) -> ApiResult<()> {
    refresh(state, order).await?;
    let closed = || ApiError::Rejected(ErrorCode::OrderClosed, "the order is no longer pending; see its status");
    let current = {
        let order_no = order.order_no.clone();
        state.db.call(move |conn| load(conn, order_no.as_str())).await?.ok_or(ApiError::NotFound)?
    };
    if current.status != OrderStatus::Pending {
        return Err(closed());
    }
    if close_at_provider(state, &current, OrderStatus::Cancelled).await? {
        tracing::info!(order_no = current.order_no.as_str(), "order cancelled by the customer");
        Ok(())
    } else {
        Err(closed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_carry_china_time_and_a_random_suffix() {
        let now = Timestamp::parse("2026-11-30T10:00:00+08:00").expect("valid");
        let a = new_order_no(now);
        assert_eq!(a.as_str().len(), 21);
        assert!(a.as_str().starts_with("P20261130100000"), "{a}");
        assert_ne!(a, new_order_no(now), "the suffix differs");
    }
}
