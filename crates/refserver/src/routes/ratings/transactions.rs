//! The transactions a rating is about (paid payment orders, served visits), seen only through
//! the customer's bound accounts.

use contract::{AccountNo, Fen, Localized, RatingId, Timestamp, Transaction, TransactionKind};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{ApiError, ApiResult};

/// Only accounts bound to the customer (`?1`).
pub(super) const BOUND: &str = "(SELECT account_no FROM bindings WHERE customer_id = ?1)";

pub(super) const PAYMENTS: &str =
    "SELECT o.order_no, o.account_no, COALESCE(o.paid_at, o.created_at), o.amount_fen, o.status, r.id
    FROM payment_orders o LEFT JOIN ratings r ON r.kind = 'payment' AND r.transaction_id = o.order_no";

pub(super) const VISITS: &str =
    "SELECT a.id, a.account_no, COALESCE(a.served_at, a.starts_at), a.hall_id, h.name, s.name,
    s.name_en, a.served_window, a.status, r.id
    FROM appointments a JOIN halls h ON h.id = a.hall_id JOIN services s ON s.code = a.service_code
    LEFT JOIN ratings r ON r.kind = 'visit' AND r.transaction_id = CAST(a.id AS TEXT)";

/// A transaction as stored, whoever it belongs to.
pub(super) struct Found {
    pub(super) transaction: Transaction,
    /// Visits: the hall, whose satisfaction rate the rating counts towards.
    pub(super) hall_id: Option<i64>,
    /// Paid, or served: only then can it be rated.
    pub(super) happened: bool,
}

pub(super) type PaymentRow = (String, String, i64, i64, String, Option<i64>);
pub(super) type VisitRow = (i64, String, i64, i64, String, String, String, Option<String>, String, Option<i64>);

pub(super) fn payment_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PaymentRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
}

pub(super) fn visit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VisitRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
}

pub(super) fn stored_account(raw: &str) -> ApiResult<AccountNo> {
    AccountNo::parse(raw).map_err(|_| ApiError::internal(format!("stored account number {raw:?}")))
}

pub(super) fn payment(row: PaymentRow) -> ApiResult<Found> {
    let (order_no, account_no, happened_at, amount, status, rating_id) = row;
    Ok(Found {
        transaction: Transaction {
            kind: TransactionKind::Payment,
            id: order_no,
            account_no: stored_account(&account_no)?,
            happened_at: Timestamp(happened_at),
            amount: Some(Fen(amount)),
            hall_name: None,
            service_name: None,
            window: None,
            rating_id: rating_id.map(RatingId),
        },
        hall_id: None,
        happened: status == "paid",
    })
}

pub(super) fn visit(row: VisitRow) -> ApiResult<Found> {
    let (id, account_no, happened_at, hall_id, hall_name, zh, en, window, status, rating_id) = row;
    Ok(Found {
        transaction: Transaction {
            kind: TransactionKind::Visit,
            id: id.to_string(),
            account_no: stored_account(&account_no)?,
            happened_at: Timestamp(happened_at),
            amount: None,
            hall_name: Some(hall_name),
            service_name: Some(Localized { zh, en }),
            window,
            rating_id: rating_id.map(RatingId),
        },
        hall_id: Some(hall_id),
        happened: status == "done",
    })
}

/// The transaction `kind`/`id`, or `None` when there is no such one.
pub(super) fn find(conn: &Connection, kind: TransactionKind, id: &str) -> ApiResult<Option<Found>> {
    match kind {
        TransactionKind::Payment => {
            let sql = format!("{PAYMENTS} WHERE o.order_no = ?1");
            conn.query_row(&sql, [id], payment_row).optional()?.map(payment).transpose()
        }
        TransactionKind::Visit => {
            let Some(number) = id.bytes().all(|b| b.is_ascii_digit()).then(|| id.parse::<i64>().ok()).flatten() else {
                return Ok(None);
            };
            let sql = format!("{VISITS} WHERE a.id = ?1");
            conn.query_row(&sql, [number], visit_row).optional()?.map(visit).transpose()
        }
    }
}

pub(super) fn is_bound(conn: &Connection, customer_id: i64, account: &AccountNo) -> ApiResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM bindings WHERE customer_id = ?1 AND account_no = ?2)",
        params![customer_id, account.as_str()],
        |r| r.get(0),
    )?)
}

/// The customer's transaction; another customer's answers 404 like a missing one.
pub(super) fn mine(conn: &Connection, customer_id: i64, kind: TransactionKind, id: &str) -> ApiResult<Found> {
    let found = find(conn, kind, id)?.ok_or(ApiError::NotFound)?;
    if is_bound(conn, customer_id, &found.transaction.account_no)? {
        Ok(found)
    } else {
        Err(ApiError::NotFound)
    }
}
