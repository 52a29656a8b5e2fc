//! Bills: an account's list, one bill with its lines, and the PDF e-invoice of a paid bill.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use contract::tariff::{BillLine, Period, Tariff, Tier, UnitPrice};
use contract::{AccountNo, BillDetail, BillId, BillSummary, Date, Fen, Timestamp, YearMonth};
use rusqlite::{params, Connection, OptionalExtension};

use super::accounts::{bill_status, bound_account, mask_name, BoundAccount};
use crate::error::{ApiError, ApiResult};
use crate::extract::{PathId, SignedIn};
use crate::invoice::{self, Invoice};
use crate::payments::settle;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts/{account_no}/bills", get(list))
        .route("/bills/{bill_id}", get(detail))
        .route("/bills/{bill_id}/invoice.pdf", get(invoice_pdf))
}

const BILL_COLUMNS: &str = "b.id, b.account_no, b.month, b.kwh, b.total_fen, b.issued_on, b.due_on, b.paid_at";

type BillRow = (i64, String, String, i64, i64, String, String, Option<i64>);

fn bill_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BillRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
}

fn into_summary(
    (id, account_no, month, kwh, total, issued_on, due_on, paid_at): BillRow,
    today: Date,
) -> ApiResult<BillSummary> {
    let invalid = |what: &str| ApiError::internal(format!("bill {id}: stored {what} is invalid"));
    let due_on = Date::parse(&due_on).map_err(|_| invalid("due date"))?;
    Ok(BillSummary {
        id: BillId(id),
        account_no: AccountNo::parse(&account_no).map_err(|_| invalid("account number"))?,
        month: YearMonth::parse(&month).map_err(|_| invalid("month"))?,
        kwh,
        total: Fen(total),
        status: bill_status(paid_at, due_on, today),
        issued_on: Date::parse(&issued_on).map_err(|_| invalid("issue date"))?,
        due_on,
        paid_at: paid_at.map(Timestamp),
    })
}

/// The account's bills, newest first.
async fn list(State(state): State<AppState>, bound: BoundAccount) -> ApiResult<Json<Vec<BillSummary>>> {
    let (customer_id, account_no) = (bound.customer_id, bound.account.account_no);
    // A bill the provider was paid for but has not notified yet shows as paid.
    settle::settle_account(&state, &account_no).await;
    let today = state.clock.today();
    let bills = state
        .db
        .read(move |conn| {
            // Still bound once settled, in the read itself.
            bound_account(conn, customer_id, &account_no)?;
            let sql =
                format!("SELECT {BILL_COLUMNS} FROM bills b WHERE b.account_no = ?1 ORDER BY b.month DESC, b.id DESC");
            let mut statement = conn.prepare_cached(&sql)?;
            let rows = statement.query_map([account_no.as_str()], bill_row)?.collect::<Result<Vec<_>, _>>()?;
            rows.into_iter().map(|row| into_summary(row, today)).collect::<ApiResult<Vec<_>>>()
        })
        .await?;
    Ok(Json(bills))
}

/// A bill with everything the detail page and the invoice show, and its holder's name.
struct FullBill {
    detail: BillDetail,
    holder_name: String,
}

/// The bill if its account is bound to `customer_id`; any other id is the same 404,
/// so ids of other customers' bills cannot be told from missing ones.
fn bill_of_customer(conn: &Connection, customer_id: i64, bill_id: BillId, today: Date) -> ApiResult<FullBill> {
    let sql = format!(
        "SELECT {BILL_COLUMNS} FROM bills b JOIN bindings g ON g.account_no = b.account_no
         WHERE b.id = ?1 AND g.customer_id = ?2"
    );
    let row = conn.prepare_cached(&sql)?.query_row(params![bill_id.0, customer_id], bill_row).optional()?;
    let summary = into_summary(row.ok_or(ApiError::NotFound)?, today)?;
    let account = bound_account(conn, customer_id, &summary.account_no)?;
    let (peak_kwh, valley_kwh): (i64, i64) = conn
        .prepare_cached("SELECT peak_kwh, valley_kwh FROM monthly_usage WHERE account_no = ?1 AND month = ?2")?
        .query_row(params![summary.account_no.as_str(), summary.month.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| ApiError::internal(format!("bill {bill_id} has no monthly reading")))?;
    // Where the bill's tiers start: the same year's earlier months.
    let year_kwh_before: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(peak_kwh + valley_kwh), 0) FROM monthly_usage
             WHERE account_no = ?1 AND month >= ?2 AND month < ?3",
        )?
        .query_row(
            params![summary.account_no.as_str(), format!("{:04}-01", summary.month.year()), summary.month.to_string()],
            |r| r.get(0),
        )?;
    let mut statement = conn.prepare_cached(
        "SELECT tier, period, kwh, unit_price, amount_fen FROM bill_lines WHERE bill_id = ?1 ORDER BY seq",
    )?;
    let rows = statement
        .query_map([bill_id.0], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    // Tiers and periods are stored as the contract's wire names (see the seeder).
    let lines = rows
        .into_iter()
        .map(|(tier, period, kwh, unit_price, amount)| {
            Ok(BillLine {
                tier: serde_json::from_value::<Tier>(tier.into())?,
                period: serde_json::from_value::<Period>(period.into())?,
                kwh,
                unit_price: UnitPrice(unit_price),
                amount: Fen(amount),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(FullBill {
        detail: BillDetail {
            summary,
            peak_kwh,
            valley_kwh,
            year_kwh_before,
            time_of_use: account.time_of_use,
            lines,
            tariff: Tariff::demo(),
        },
        holder_name: account.holder_name,
    })
}

async fn detail(
    State(state): State<AppState>,
    session: SignedIn,
    PathId(bill_id): PathId<BillId>,
) -> ApiResult<Json<BillDetail>> {
    let today = state.clock.today();
    let bill = state.db.read(move |conn| bill_of_customer(conn, session.customer_id, bill_id, today)).await?;
    Ok(Json(bill.detail))
}

/// The e-invoice of a paid bill, as a PDF download.
async fn invoice_pdf(
    State(state): State<AppState>,
    session: SignedIn,
    PathId(bill_id): PathId<BillId>,
) -> ApiResult<Response> {
    let (filename, pdf) = invoice_file(&state, session.customer_id, bill_id).await?;
    attachment("application/pdf", &filename, pdf)
}

/// Whether `bill_id` is a bill of the customer's with an e-invoice (paid): the same
/// refusals as the invoice itself, without printing it.
pub(crate) async fn check_invoice(state: &AppState, customer_id: i64, bill_id: BillId) -> ApiResult<()> {
    let today = state.clock.today();
    let bill = state.db.read(move |conn| bill_of_customer(conn, customer_id, bill_id, today)).await?;
    bill.detail.summary.paid_at.map(drop).ok_or(ApiError::InvoiceUnavailable)
}

/// The e-invoice of a paid bill of the customer's: its file name and the PDF.
pub(crate) async fn invoice_file(state: &AppState, customer_id: i64, bill_id: BillId) -> ApiResult<(String, Vec<u8>)> {
    let today = state.clock.today();
    let bill = state.db.read(move |conn| bill_of_customer(conn, customer_id, bill_id, today)).await?;
    let Some(paid_at) = bill.detail.summary.paid_at else {
        return Err(ApiError::InvoiceUnavailable);
    };
    let filename = bill.detail.summary.invoice_filename();
    let (fonts, font_path) = (state.invoice_font.clone(), state.settings.invoice_font.clone());
    // Reading the font (first time only) and subsetting it are blocking work.
    let pdf = tokio::task::spawn_blocking(move || {
        let font = fonts.get(font_path.as_deref()).map_err(|reason| {
            tracing::error!(%reason, "e-invoices are unavailable: no usable CJK font");
            ApiError::Unavailable("e-invoices are unavailable right now; try again later or ask at a service hall")
        })?;
        let holder = mask_name(&bill.holder_name);
        let invoice = Invoice { bill: &bill.detail, holder_name_masked: &holder, paid_at };
        invoice::render(&font, &invoice).map_err(ApiError::Internal)
    })
    .await
    .map_err(|e| ApiError::internal(format!("invoice task failed: {e}")))??;
    Ok((filename, pdf))
}

/// A file to save: its type, and `Content-Disposition: attachment` with its name, written
/// for every browser (RFC 6266): an ASCII `filename` and, when the name is not ASCII,
/// the exact name as UTF-8 in `filename*` (RFC 5987).
pub(crate) fn attachment(
    content_type: &'static str,
    filename: &str,
    bytes: impl Into<axum::body::Body>,
) -> ApiResult<Response> {
    let plain: String = filename
        .chars()
        .map(|c| if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' { c } else { '_' })
        .collect();
    let mut value = format!("attachment; filename=\"{plain}\"");
    if plain != filename {
        let encoded: String = filename
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        value.push_str(&format!("; filename*=UTF-8''{encoded}"));
    }
    let disposition =
        HeaderValue::from_str(&value).map_err(|e| ApiError::internal(format!("Content-Disposition: {e}")))?;
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type)), (header::CONTENT_DISPOSITION, disposition)],
        bytes.into(),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disposition(filename: &str) -> String {
        let response = attachment("text/csv", filename, Vec::new()).expect("a header");
        response.headers()[header::CONTENT_DISPOSITION].to_str().expect("ASCII").to_owned()
    }

    #[test]
    fn attachments_name_their_file_for_old_and_new_browsers() {
        assert_eq!(
            disposition("invoice-3210000001-2026-09.pdf"),
            "attachment; filename=\"invoice-3210000001-2026-09.pdf\""
        );
        assert_eq!(
            disposition("用电 \"月\".csv"),
            "attachment; filename=\"__ ___.csv\"; filename*=UTF-8''%E7%94%A8%E7%94%B5%20%22%E6%9C%88%22.csv"
        );
    }
}
