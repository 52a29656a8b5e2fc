//! Where a provider's outcome changes an order: the decision, its effect, closing and crediting.

use contract::{Fen, OrderPurpose, OrderStatus, ProviderOutcome, Timestamp};
use rusqlite::{params, Connection};

use super::codes::status_str;
use super::store::OrderRow;
use crate::error::ApiResult;
use crate::payments::discrepancy::{self, DiscrepancyKind};

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
pub(super) fn close(conn: &Connection, order: &OrderRow, to: OrderStatus, at: Timestamp) -> ApiResult<bool> {
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
