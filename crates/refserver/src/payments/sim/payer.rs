//! The payer on the provider's page: whether the order can still be paid, and the decision.

use contract::{OrderNo, PaymentNotification, Provider, ProviderOutcome, Timestamp};
use rusqlite::{params, Connection, TransactionBehavior};

use super::books::{load, SimOrder};
use super::{random_alnum, DIGITS, LOWER_HEX};
use crate::error::{ApiError, ApiResult};
use crate::payments::order::{self, outcome_str};

/// Why the payer's page cannot take a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Paid, failed, cancelled or closed already.
    Closed,
    /// Past its expiry.
    Expired,
}

/// A decision recorded, with its notification waiting in the outbox.
#[derive(Debug, Clone)]
pub struct Decided {
    pub notify_id: String,
    pub return_url: Option<String>,
}

/// Whether the order can still be paid on the provider's page: open there, not past its
/// expiry, and still pending with the merchant.
pub fn payable(conn: &Connection, order: &SimOrder, now: Timestamp) -> ApiResult<Result<(), Refusal>> {
    use contract::OrderStatus;
    if !matches!(order.status.as_str(), "open" | "closed") {
        return Ok(Err(Refusal::Closed));
    }
    if now >= order.expires_at {
        return Ok(Err(Refusal::Expired));
    }
    let merchant = order::load(conn, &order.order_no)?.map(|o| o.status);
    Ok(match merchant {
        Some(OrderStatus::Expired) => Err(Refusal::Expired),
        Some(OrderStatus::Pending) if order.status == "open" => Ok(()),
        _ => Err(Refusal::Closed),
    })
}

/// The payer pays, cancels or fails on the provider's page: the provider books it and
/// queues the signed notification (deliver it with [`spawn_delivery`](super::spawn_delivery)).
pub fn decide(
    conn: &mut Connection,
    prepay_id: &str,
    outcome: ProviderOutcome,
    now: Timestamp,
) -> ApiResult<Result<Decided, Refusal>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let order = load(&tx, prepay_id)?.ok_or(ApiError::NotFound)?;
    if let Err(refusal) = payable(&tx, &order, now)? {
        return Ok(Err(refusal));
    }
    let order_no = OrderNo::parse(&order.order_no).map_err(|_| ApiError::internal("stored merchant order number"))?;
    let stamp: String = now.to_string().chars().take(19).filter(char::is_ascii_digit).collect();
    let provider_txn = match order.provider {
        Provider::Wechat => format!("4200{stamp}{}", random_alnum(10, DIGITS)),
        Provider::Alipay => format!("{stamp}2200{}", random_alnum(10, DIGITS)),
        Provider::Unionpay => format!("UP{stamp}{}", random_alnum(8, DIGITS)),
    };
    tx.execute(
        "UPDATE paysim_orders SET status = ?1, provider_txn = ?2, decided_at = ?3 WHERE prepay_id = ?4",
        params![outcome_str(outcome), provider_txn, now.unix_seconds(), prepay_id],
    )?;
    let notification = PaymentNotification {
        notify_id: random_alnum(32, LOWER_HEX),
        order_no,
        provider_txn,
        outcome,
        amount: order.amount,
        at: now,
    };
    let body = serde_json::to_string(&notification)?;
    tx.execute(
        "INSERT INTO paysim_notifications (notify_id, prepay_id, provider, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![notification.notify_id, prepay_id, order.provider.as_str(), body, now.unix_seconds()],
    )?;
    tx.commit()?;
    Ok(Ok(Decided { notify_id: notification.notify_id, return_url: order.return_url }))
}
