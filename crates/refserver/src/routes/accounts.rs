//! The signed-in customer, their accounts (unbinding; binding is [`super::binding`]), an
//! account's overview and the outage notices for its area.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use contract::tariff::Tariff;
use contract::{
    AccountKind, AccountNo, AccountSummary, AppointmentId, BillStatus, Date, Fen, LastBill, Me, NextVisit, OpenOrder,
    OutageKind, OutageNotice, Overview, Timestamp, Wh, YearMonth,
};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{ApiError, ApiResult};
use crate::extract::{PathId, SignedIn};
use crate::payments::settle;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(me))
        .route("/accounts/{account_no}/binding", delete(unbind))
        .route("/accounts/{account_no}/overview", get(overview))
        .route("/accounts/{account_no}/notices", get(notices))
}

/// `张伟明` → `张*明`, `李娜` → `李*`.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 | 1 => name.to_owned(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// Keeps the street, hides the house number and everything after it.
pub fn mask_address(address: &str) -> String {
    let street: String = address.chars().take_while(|c| !c.is_ascii_digit()).collect();
    format!("{street}****")
}

/// An account row as the API needs it.
pub struct AccountRow {
    pub account_no: AccountNo,
    pub holder_name: String,
    pub address: String,
    pub area: String,
    pub kind: AccountKind,
    pub time_of_use: bool,
    pub balance: Fen,
}

pub(super) fn kind_from_db(kind: &str) -> AccountKind {
    if kind == "prepaid" {
        AccountKind::Prepaid
    } else {
        AccountKind::Postpaid
    }
}

const ACCOUNT_COLUMNS: &str = "a.account_no, a.holder_name, a.address, a.area, a.kind, a.time_of_use, a.balance_fen";

fn account_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, String, String, String, bool, i64)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
}

fn into_account(
    (no, holder_name, address, area, kind, time_of_use, balance): (String, String, String, String, String, bool, i64),
) -> ApiResult<AccountRow> {
    let account_no =
        AccountNo::parse(&no).map_err(|_| ApiError::internal(format!("stored account number {no:?} is invalid")))?;
    Ok(AccountRow {
        account_no,
        holder_name,
        address,
        area,
        kind: kind_from_db(&kind),
        time_of_use,
        balance: Fen(balance),
    })
}

/// What the customer may see of one of their accounts: personal data masked.
pub(super) fn summary(account: AccountRow) -> AccountSummary {
    AccountSummary {
        account_no: account.account_no,
        kind: account.kind,
        holder_name_masked: mask_name(&account.holder_name),
        address_masked: mask_address(&account.address),
        area: account.area,
    }
}

/// Any account by number, bound or not (binding looks it up).
pub(super) fn account_by_no(conn: &Connection, account: &AccountNo) -> ApiResult<Option<AccountRow>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.account_no = ?1");
    conn.prepare_cached(&sql)?.query_row([account.as_str()], account_row).optional()?.map(into_account).transpose()
}

/// The account if it is bound to `customer_id`; any other account, bound to
/// someone else or not existing at all, is the same 404.
pub fn bound_account(conn: &Connection, customer_id: i64, account: &AccountNo) -> ApiResult<AccountRow> {
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts a JOIN bindings b ON b.account_no = a.account_no
         WHERE b.customer_id = ?1 AND a.account_no = ?2"
    );
    let row = conn.prepare_cached(&sql)?.query_row(params![customer_id, account.as_str()], account_row).optional()?;
    into_account(row.ok_or(ApiError::NotFound)?)
}

/// The account the path's `{account_no}` names, bound to the signed-in customer: a handler that
/// takes it has had the ownership check done once, here. No session is 401, a malformed number
/// 422, and any account not bound to the customer, existing or not, the same 404.
pub struct BoundAccount {
    pub customer_id: i64,
    pub account: AccountRow,
}

impl FromRequestParts<AppState> for BoundAccount {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let session = SignedIn::from_request_parts(parts, state).await?;
        let PathId(account_no) = PathId::<AccountNo>::from_request_parts(parts, state).await?;
        let customer_id = session.customer_id;
        let account = state.db.read(move |conn| bound_account(conn, customer_id, &account_no)).await?;
        Ok(BoundAccount { customer_id, account })
    }
}

/// 404 unless the account is bound to the customer.
pub async fn require_bound(state: &AppState, customer_id: i64, account_no: &AccountNo) -> ApiResult<()> {
    let account_no = account_no.clone();
    state.db.read(move |conn| bound_account(conn, customer_id, &account_no).map(|_| ())).await
}

async fn me(State(state): State<AppState>, session: SignedIn) -> ApiResult<Json<Me>> {
    let me = state
        .db
        .read(move |conn| {
            let (name, phone): (String, String) = conn
                .prepare_cached("SELECT name, phone FROM customers WHERE id = ?1")?
                .query_row([session.customer_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let sql = format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts a JOIN bindings b ON b.account_no = a.account_no
                 WHERE b.customer_id = ?1 ORDER BY b.bound_at, a.account_no"
            );
            let mut statement = conn.prepare_cached(&sql)?;
            let rows = statement.query_map([session.customer_id], account_row)?.collect::<Result<Vec<_>, _>>()?;
            let accounts = rows.into_iter().map(|row| into_account(row).map(summary)).collect::<ApiResult<Vec<_>>>()?;
            let phone_masked = contract::Phone::parse(&phone).map(|p| p.masked()).unwrap_or_default();
            Ok(Me { name_masked: mask_name(&name), phone_masked, accounts })
        })
        .await?;
    Ok(Json(me))
}

async fn overview(State(state): State<AppState>, bound: BoundAccount) -> ApiResult<Json<Overview>> {
    let (customer_id, account_no) = (bound.customer_id, bound.account.account_no);
    // A payment the provider took but has not notified yet must not show as arrears.
    settle::settle_account(&state, &account_no).await;
    let now = state.clock.now();
    let today = Date::of(now);
    let overview = state
        .db
        .read(move |conn| {
            // Read again after settling: a top-up just applied changed the balance.
            let account = bound_account(conn, customer_id, &account_no)?;
            let (arrears, due): (i64, Option<String>) = conn
                .prepare_cached(
                    "SELECT COALESCE(SUM(total_fen), 0), MIN(due_on) FROM bills WHERE account_no = ?1 AND paid_at IS NULL",
                )?
                .query_row([account_no.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let due_date = due.as_deref().map(Date::parse).transpose().map_err(|_| ApiError::internal("stored due date"))?;
            let last: Option<(String, i64, i64, Option<i64>, String)> = conn
                .prepare_cached(
                    "SELECT month, total_fen, kwh, paid_at, due_on FROM bills WHERE account_no = ?1 ORDER BY month DESC LIMIT 1",
                )?
                .query_row([account_no.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
                .optional()?;
            let last_bill = last
                .map(|(month, total, kwh, paid_at, due_on)| {
                    let month = YearMonth::parse(&month).map_err(|_| ApiError::internal("stored bill month"))?;
                    let due_on = Date::parse(&due_on).map_err(|_| ApiError::internal("stored due date"))?;
                    Ok::<_, ApiError>(LastBill { month, total: Fen(total), kwh, status: bill_status(paid_at, due_on, today) })
                })
                .transpose()?;
            let days_left_estimate = match account.kind {
                AccountKind::Prepaid => days_left(conn, &account, today)?,
                AccountKind::Postpaid => None,
            };
            let notices = area_notices(conn, &account.area, now.unix_seconds())?;
            let next_visit = next_visit(conn, &account.account_no, now.unix_seconds())?;
            let open_order = crate::payments::order::pending_for_account(conn, &account.account_no)?
                .map(|o| o.into_order().map(|o| OpenOrder { order_no: o.order_no, amount: o.amount }))
                .transpose()?;
            Ok(Overview {
                account_no: account.account_no,
                kind: account.kind,
                balance: account.balance,
                arrears: Fen(arrears),
                due_date,
                days_left_estimate,
                last_bill,
                notices,
                next_visit,
                open_order,
                as_of: now,
            })
        })
        .await?;
    Ok(Json(overview))
}

async fn unbind(
    State(state): State<AppState>,
    session: SignedIn,
    PathId(account_no): PathId<AccountNo>,
) -> ApiResult<StatusCode> {
    let removed = state
        .db
        .call(move |conn| {
            Ok(conn.execute(
                "DELETE FROM bindings WHERE customer_id = ?1 AND account_no = ?2",
                params![session.customer_id, account_no.as_str()],
            )?)
        })
        .await?;
    if removed == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Outages in the account's area that have not ended yet, soonest first.
async fn notices(
    State(state): State<AppState>,
    BoundAccount { account, .. }: BoundAccount,
) -> ApiResult<Json<Vec<OutageNotice>>> {
    let now = state.clock.now().unix_seconds();
    let notices = state.db.read(move |conn| area_notices(conn, &account.area, now)).await?;
    Ok(Json(notices))
}

/// Outages in `area` that have not ended by `now`, soonest first: `/notices` and the overview.
fn area_notices(conn: &Connection, area: &str, now: i64) -> ApiResult<Vec<OutageNotice>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, area, kind, starts_at, ends_at, streets, reason FROM outage_notices
         WHERE area = ?1 AND ends_at > ?2 ORDER BY starts_at, id",
    )?;
    let rows = statement
        .query_map(params![area, now], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(id, area, kind, starts_at, ends_at, streets, reason)| {
            let kind = match kind.as_str() {
                "planned" => OutageKind::Planned,
                "unplanned" => OutageKind::Unplanned,
                other => return Err(ApiError::internal(format!("stored outage kind {other:?}"))),
            };
            Ok(OutageNotice {
                id,
                area,
                kind,
                starts_at: Timestamp(starts_at),
                ends_at: Timestamp(ends_at),
                streets: serde_json::from_str(&streets)?,
                reason,
            })
        })
        .collect()
}

/// The account's next hall visit that has not ended (booked or checked in), soonest first.
fn next_visit(conn: &Connection, account_no: &AccountNo, now: i64) -> ApiResult<Option<NextVisit>> {
    Ok(conn
        .prepare_cached(
            "SELECT a.id, a.starts_at, h.name FROM appointments a JOIN halls h ON h.id = a.hall_id
             WHERE a.account_no = ?1 AND a.status IN ('booked', 'checked_in') AND a.ends_at > ?2
             ORDER BY a.starts_at, a.id LIMIT 1",
        )?
        .query_row(params![account_no.as_str(), now], |r| {
            Ok(NextVisit { id: AppointmentId(r.get(0)?), starts_at: Timestamp(r.get(1)?), hall_name: r.get(2)? })
        })
        .optional()?)
}

pub fn bill_status(paid_at: Option<i64>, due_on: Date, today: Date) -> BillStatus {
    match paid_at {
        Some(_) => BillStatus::Paid,
        None if due_on < today => BillStatus::Overdue,
        None => BillStatus::Unpaid,
    }
}

/// Days the prepaid balance lasts at the average daily cost of the last 30 days,
/// priced at the tier this year's use has reached.
fn days_left(conn: &Connection, account: &AccountRow, today: Date) -> ApiResult<Option<u32>> {
    let since = today.add_days(-30).to_string();
    let (peak_wh, valley_wh, days): (i64, i64, i64) = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(peak_wh), 0), COALESCE(SUM(valley_wh), 0), COUNT(*) FROM daily_usage
             WHERE account_no = ?1 AND day >= ?2",
        )?
        .query_row(params![account.account_no.as_str(), since], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    if days == 0 || account.balance.0 <= 0 {
        return Ok(if account.balance.0 <= 0 { Some(0) } else { None });
    }
    let year_start = format!("{}-01", today.year());
    let year_kwh: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(peak_kwh + valley_kwh), 0) FROM monthly_usage WHERE account_no = ?1 AND month >= ?2",
        )?
        .query_row(params![account.account_no.as_str(), year_start], |r| r.get(0))?;
    // The 30 days priced together at the tier the year has reached, then averaged.
    let cost = Tariff::demo().day_cost(account.time_of_use, year_kwh, Wh(peak_wh), Wh(valley_wh));
    let per_day_fen = cost.0 / days;
    if per_day_fen <= 0 {
        return Ok(None);
    }
    Ok(Some((account.balance.0 / per_day_fen).clamp(0, u32::MAX as i64) as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_addresses_are_masked() {
        assert_eq!(mask_name("张伟明"), "张*明");
        assert_eq!(mask_name("李娜"), "李*");
        assert_eq!(mask_name("欧阳振华"), "欧**华");
        assert_eq!(mask_address("宿迁市宿城区幸福中路88号3栋"), "宿迁市宿城区幸福中路****");
    }
}
