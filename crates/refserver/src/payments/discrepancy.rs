//! Money that went astray: a provider took money the merchant cannot credit, or reported an
//! amount other than the order's. Each is recorded (not only logged) in the transaction that
//! finds it, once per order, kind and provider transaction however often it is reported, for
//! someone to refund or look into.

use contract::{Fen, OrderNo, Timestamp};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscrepancyKind {
    /// Paid for an order that was cancelled, failed or expired: refund due.
    PaidWhenClosed,
    /// A second payment of an order already paid: refund due.
    PaidTwice,
    /// An arrears order paid after some of its bills were paid another way: the overpaid part is due back.
    BillsPaidOtherwise,
    /// The provider reported another amount than the order's: nothing was applied.
    AmountMismatch,
}

impl DiscrepancyKind {
    const ALL: [DiscrepancyKind; 4] = [
        DiscrepancyKind::PaidWhenClosed,
        DiscrepancyKind::PaidTwice,
        DiscrepancyKind::BillsPaidOtherwise,
        DiscrepancyKind::AmountMismatch,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DiscrepancyKind::PaidWhenClosed => "paid_when_closed",
            DiscrepancyKind::PaidTwice => "paid_twice",
            DiscrepancyKind::BillsPaidOtherwise => "bills_paid_otherwise",
            DiscrepancyKind::AmountMismatch => "amount_mismatch",
        }
    }

    fn parse(raw: &str) -> Option<DiscrepancyKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

/// One recorded discrepancy (demo: `GET /demo/paysim/discrepancies`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discrepancy {
    pub order_no: OrderNo,
    pub kind: DiscrepancyKind,
    /// The refund due, or for `amount_mismatch` the amount the provider reported.
    pub amount: Fen,
    pub provider_txn: String,
    pub noted_at: Timestamp,
}

/// Records a discrepancy; a repeat of one already recorded changes nothing.
pub fn record(
    conn: &Connection,
    order_no: &OrderNo,
    kind: DiscrepancyKind,
    amount: Fen,
    provider_txn: &str,
    now: Timestamp,
) -> ApiResult<()> {
    let added = conn.execute(
        "INSERT OR IGNORE INTO payment_discrepancies (order_no, kind, amount_fen, provider_txn, noted_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![order_no.as_str(), kind.as_str(), amount.0, provider_txn, now.unix_seconds()],
    )?;
    if added == 1 {
        tracing::warn!(
            order_no = order_no.as_str(),
            kind = kind.as_str(),
            amount = amount.0,
            provider_txn,
            "payment discrepancy recorded"
        );
    }
    Ok(())
}

/// Every discrepancy, newest first.
pub fn list(conn: &Connection) -> ApiResult<Vec<Discrepancy>> {
    let rows: Vec<(String, String, i64, String, i64)> = conn
        .prepare(
            "SELECT order_no, kind, amount_fen, provider_txn, noted_at FROM payment_discrepancies
             ORDER BY noted_at DESC, rowid DESC",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(order_no, kind, amount, provider_txn, noted_at)| {
            Ok(Discrepancy {
                order_no: OrderNo::parse(&order_no)
                    .map_err(|_| ApiError::internal(format!("stored order number {order_no:?}")))?,
                kind: DiscrepancyKind::parse(&kind)
                    .ok_or_else(|| ApiError::internal(format!("stored discrepancy kind {kind:?}")))?,
                amount: Fen(amount),
                provider_txn,
                noted_at: Timestamp(noted_at),
            })
        })
        .collect()
}
