//! Payment orders as stored: the row, the queries that read orders back, and an account's unpaid bills.

use contract::{AccountNo, Fen, Order, OrderNo, OrderPurpose, OrderStatus, PayAction, PayChannel, Timestamp};
use rusqlite::{params, Connection, OptionalExtension};

use super::codes::status_from;
use crate::error::{ApiError, ApiResult};

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
    /// Set when the order pays for an account not bound to its payer.
    pub payee_name_masked: Option<String>,
}

pub const SELECT: &str = "SELECT o.order_no, o.customer_id, o.account_no, o.purpose, o.amount_fen, o.channel, o.status,
    o.return_url, o.prepay_id, o.provider_txn, o.created_at, o.expires_at, o.paid_at, o.action, o.payee_name_masked FROM payment_orders o";

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
        r.get(14)?,
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
        payee_name_masked,
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
        payee_name_masked,
    })
}

/// Any order by number (notifications, the simulator).
pub fn load(conn: &Connection, order_no: &str) -> ApiResult<Option<OrderRow>> {
    let sql = format!("{SELECT} WHERE o.order_no = ?1");
    conn.prepare_cached(&sql)?.query_row([order_no], raw_row).optional()?.map(into_row).transpose()
}

/// An order the customer made, or of an account bound to them; any other answers 404 like a
/// missing one.
pub fn load_scoped(conn: &Connection, customer_id: i64, order_no: &OrderNo) -> ApiResult<OrderRow> {
    let sql = format!(
        "{SELECT} WHERE o.order_no = ?1
         AND (o.customer_id = ?2 OR o.account_no IN (SELECT account_no FROM bindings WHERE customer_id = ?2))"
    );
    let raw = conn.prepare_cached(&sql)?.query_row(params![order_no.as_str(), customer_id], raw_row).optional()?;
    into_row(raw.ok_or(ApiError::NotFound)?)
}

/// The orders of an account, newest first.
pub fn list_for_account(conn: &Connection, account_no: &AccountNo) -> ApiResult<Vec<OrderRow>> {
    let sql = format!("{SELECT} WHERE o.account_no = ?1 ORDER BY o.created_at DESC, o.rowid DESC");
    let rows = conn.prepare_cached(&sql)?.query_map([account_no.as_str()], raw_row)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(into_row).collect()
}

/// The orders a customer made for accounts not bound to them (代缴), newest first.
pub fn list_for_payer(conn: &Connection, customer_id: i64) -> ApiResult<Vec<OrderRow>> {
    let sql = format!(
        "{SELECT} WHERE o.customer_id = ?1 AND o.payee_name_masked IS NOT NULL ORDER BY o.created_at DESC, o.rowid DESC"
    );
    let rows = conn.prepare_cached(&sql)?.query_map([customer_id], raw_row)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(into_row).collect()
}

/// The account's pending order, if any.
pub fn pending_for_account(conn: &Connection, account_no: &AccountNo) -> ApiResult<Option<OrderRow>> {
    let sql = format!("{SELECT} WHERE o.account_no = ?1 AND o.status = 'pending'");
    conn.prepare_cached(&sql)?.query_row([account_no.as_str()], raw_row).optional()?.map(into_row).transpose()
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
            payee_name_masked: self.payee_name_masked,
        })
    }
}

/// The unpaid bills of an account and their sum: what an arrears order must settle.
pub fn unpaid_bills(conn: &Connection, account_no: &AccountNo) -> ApiResult<(Fen, Vec<i64>)> {
    let rows: Vec<(i64, i64)> = conn
        .prepare_cached("SELECT id, total_fen FROM bills WHERE account_no = ?1 AND paid_at IS NULL ORDER BY month")?
        .query_map([account_no.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let total = rows.iter().map(|(_, fen)| Fen(*fen)).sum();
    Ok((total, rows.into_iter().map(|(id, _)| id).collect()))
}
