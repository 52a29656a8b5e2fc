//! Service ratings (好差评): what the signed-in customer can rate, rating a transaction once,
//! their ratings with the follow-up (整改) a poor one opens, and their verdict on the utility's
//! reply; in demo mode, the utility operator's reply.
//!
//! A transaction is a paid payment order or a served (`done`) appointment. Like everything
//! else, transactions and their ratings are seen only through the accounts bound to the
//! customer. One rating per transaction: the check and the insert run in one `BEGIN IMMEDIATE`
//! transaction, and the table's UNIQUE (kind, transaction_id) refuses a second row even if this
//! code were wrong. Texts are stored trimmed, exactly as typed, and answered as plain text.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::rating::{check_text, follow_up_due, ValidRating, REPLY_MAX_CHARS};
use contract::{
    AccountNo, Date, DimensionRating, ErrorCode, Fen, FieldCode, FieldError, FollowUp, FollowUpStatus, Localized,
    OperatorReply, Rating, RatingId, RatingLevel, RatingRequest, Reason, ReasonCode, Reply, ReplyAuthor, Timestamp,
    Transaction, TransactionKind, VerdictRequest,
};
use rusqlite::{params, Connection, ErrorCode as SqliteCode, OptionalExtension, TransactionBehavior};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::extract::{self, Body, SignedIn};
use crate::AppState;

/// The "to rate" list reaches back this many days.
pub const PENDING_DAYS: i64 = 90;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ratings", post(rate).get(list))
        .route("/ratings/reasons", get(reasons))
        .route("/ratings/pending", get(pending))
        .route("/ratings/transactions/{kind}/{transaction_id}", get(transaction))
        .route("/ratings/{rating_id}", get(one))
        .route("/ratings/{rating_id}/verdict", post(verdict))
}

/// Demo only: the utility's operator answering a follow-up.
pub fn demo_router() -> Router<AppState> {
    Router::new().route("/demo/ratings/{rating_id}/replies", post(operator_reply))
}

/// Only accounts bound to the customer (`?1`).
const BOUND: &str = "(SELECT account_no FROM bindings WHERE customer_id = ?1)";

const PAYMENTS: &str =
    "SELECT o.order_no, o.account_no, COALESCE(o.paid_at, o.created_at), o.amount_fen, o.status, r.id
    FROM payment_orders o LEFT JOIN ratings r ON r.kind = 'payment' AND r.transaction_id = o.order_no";

const VISITS: &str = "SELECT a.id, a.account_no, COALESCE(a.served_at, a.starts_at), a.hall_id, h.name, s.name,
    s.name_en, a.served_window, a.status, r.id
    FROM appointments a JOIN halls h ON h.id = a.hall_id JOIN services s ON s.code = a.service_code
    LEFT JOIN ratings r ON r.kind = 'visit' AND r.transaction_id = CAST(a.id AS TEXT)";

/// A transaction as stored, whoever it belongs to.
struct Found {
    transaction: Transaction,
    /// Visits: the hall, whose satisfaction rate the rating counts towards.
    hall_id: Option<i64>,
    /// Paid, or served: only then can it be rated.
    happened: bool,
}

type PaymentRow = (String, String, i64, i64, String, Option<i64>);
type VisitRow = (i64, String, i64, i64, String, String, String, Option<String>, String, Option<i64>);

fn payment_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PaymentRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
}

fn visit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VisitRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
}

fn stored_account(raw: &str) -> ApiResult<AccountNo> {
    AccountNo::parse(raw).map_err(|_| ApiError::internal(format!("stored account number {raw:?}")))
}

fn payment(row: PaymentRow) -> ApiResult<Found> {
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

fn visit(row: VisitRow) -> ApiResult<Found> {
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
fn find(conn: &Connection, kind: TransactionKind, id: &str) -> ApiResult<Option<Found>> {
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

fn is_bound(conn: &Connection, customer_id: i64, account: &AccountNo) -> ApiResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM bindings WHERE customer_id = ?1 AND account_no = ?2)",
        params![customer_id, account.as_str()],
        |r| r.get(0),
    )?)
}

/// The customer's transaction; another customer's answers 404 like a missing one.
fn mine(conn: &Connection, customer_id: i64, kind: TransactionKind, id: &str) -> ApiResult<Found> {
    let found = find(conn, kind, id)?.ok_or(ApiError::NotFound)?;
    if is_bound(conn, customer_id, &found.transaction.account_no)? {
        Ok(found)
    } else {
        Err(ApiError::NotFound)
    }
}

fn not_rateable() -> ApiError {
    ApiError::Refused(ErrorCode::NotRateable, "only a paid payment or a served visit can be rated")
}

fn already_rated() -> ApiError {
    ApiError::Rejected(ErrorCode::AlreadyRated, "this transaction has already been rated, differently")
}

fn follow_up_closed(message: &'static str) -> ApiError {
    ApiError::Rejected(ErrorCode::FollowUpClosed, message)
}

/// A snake_case enum of the contract from the name it is stored under.
fn from_name<T: DeserializeOwned>(what: &str, raw: &str) -> ApiResult<T> {
    serde_json::from_value(Value::String(raw.to_owned()))
        .map_err(|_| ApiError::internal(format!("stored {what} {raw:?}")))
}

/// The name a snake_case enum of the contract is stored under.
fn name_of<T: Serialize>(value: &T) -> ApiResult<String> {
    match serde_json::to_value(value)? {
        Value::String(name) => Ok(name),
        other => Err(ApiError::internal(format!("{other} is not an enum name"))),
    }
}

fn stored_level(raw: &str) -> ApiResult<RatingLevel> {
    RatingLevel::parse(raw).ok_or_else(|| ApiError::internal(format!("stored rating level {raw:?}")))
}

fn kind_param(raw: Option<&str>) -> ApiResult<TransactionKind> {
    match raw.map(str::trim).filter(|v| !v.is_empty()) {
        None => Err(ApiError::field(FieldError::new("kind", FieldCode::Required, "kind is required"))),
        Some(raw) => TransactionKind::parse(raw).ok_or_else(|| {
            ApiError::field(FieldError::new("kind", FieldCode::InvalidFormat, "kind must be payment or visit"))
        }),
    }
}

/// The reasons of `kind` in display order.
fn catalogue(conn: &Connection, kind: TransactionKind) -> ApiResult<Vec<Reason>> {
    let rows = conn
        .prepare(
            "SELECT code, label_zh, label_en FROM rating_reason_catalogue WHERE kind = ?1 ORDER BY position, code",
        )?
        .query_map([kind.as_str()], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(code, zh, en)| {
            let code = ReasonCode::parse(&code).map_err(|_| ApiError::internal(format!("stored reason {code:?}")))?;
            Ok(Reason { code, label: Localized { zh, en } })
        })
        .collect()
}

/// A stored rating with its transaction, reasons and follow-up.
fn load(conn: &Connection, id: i64) -> ApiResult<Rating> {
    type Row = (String, String, String, String, String, Option<String>, i64);
    let (kind, transaction_id, level, reason_text, comment, staff_no, created_at): Row = conn
        .query_row(
            "SELECT kind, transaction_id, level, reason_text, comment, staff_no, created_at FROM ratings WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
        )
        .optional()?
        .ok_or(ApiError::NotFound)?;
    let kind = TransactionKind::parse(&kind).ok_or_else(|| ApiError::internal(format!("stored kind {kind:?}")))?;
    let transaction = find(conn, kind, &transaction_id)?
        .ok_or_else(|| ApiError::internal(format!("rating {id} has no transaction")))?
        .transaction;
    let mut dimensions = conn
        .prepare("SELECT dimension, level FROM rating_dimensions WHERE rating_id = ?1")?
        .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|(dimension, level)| {
            Ok(DimensionRating { dimension: from_name("dimension", &dimension)?, level: stored_level(&level)? })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    // In the order the kind lists its dimensions, as a form shows them.
    let order = kind.dimensions();
    dimensions.sort_by_key(|d| order.iter().position(|o| *o == d.dimension));
    let reasons = conn
        .prepare(
            "SELECT c.code, c.label_zh, c.label_en FROM rating_reasons rr
             JOIN rating_reason_catalogue c ON c.kind = rr.kind AND c.code = rr.code
             WHERE rr.rating_id = ?1 ORDER BY c.position, c.code",
        )?
        .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|(code, zh, en)| {
            let code = ReasonCode::parse(&code).map_err(|_| ApiError::internal(format!("stored reason {code:?}")))?;
            Ok(Reason { code, label: Localized { zh, en } })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Rating {
        id: RatingId(id),
        transaction,
        level: stored_level(&level)?,
        dimensions,
        reasons,
        reason_text,
        comment,
        staff_no,
        created_at: Timestamp(created_at),
        follow_up: follow_up(conn, id)?,
    })
}

fn follow_up(conn: &Connection, rating_id: i64) -> ApiResult<Option<FollowUp>> {
    let row: Option<(String, String)> = conn
        .query_row("SELECT status, due_on FROM follow_ups WHERE rating_id = ?1", [rating_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((status, due_on)) = row else {
        return Ok(None);
    };
    let replies = conn
        .prepare("SELECT author, text, at FROM follow_up_replies WHERE rating_id = ?1 ORDER BY at, id")?
        .query_map([rating_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .map(|(author, text, at)| Ok(Reply { author: from_name("reply author", &author)?, text, at: Timestamp(at) }))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Some(FollowUp {
        status: from_name("follow-up status", &status)?,
        due_on: Date::parse(&due_on).map_err(|_| ApiError::internal(format!("stored due date {due_on:?}")))?,
        replies,
    }))
}

/// The customer's rating `id`; one of an account not bound to them answers 404 like a missing one.
fn scoped(conn: &Connection, customer_id: i64, id: RatingId) -> ApiResult<Rating> {
    let visible: bool = conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM ratings WHERE id = ?2 AND account_no IN {BOUND})"),
        params![customer_id, id.0],
        |r| r.get(0),
    )?;
    if visible {
        load(conn, id.0)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Whether `asked` says what the stored rating says: a repeated submit (double click, retry).
fn same(stored: &Rating, asked: &ValidRating) -> bool {
    let mut stored_dimensions = stored.dimensions.clone();
    stored_dimensions.sort_by_key(|d| d.dimension);
    let mut asked_dimensions = asked.dimensions.clone();
    asked_dimensions.sort_by_key(|d| d.dimension);
    let mut stored_reasons: Vec<&ReasonCode> = stored.reasons.iter().map(|r| &r.code).collect();
    stored_reasons.sort();
    let asked_reasons: Vec<&ReasonCode> = asked.reasons.iter().collect();
    stored.level == asked.level
        && stored_dimensions == asked_dimensions
        && stored_reasons == asked_reasons
        && stored.reason_text == asked.reason_text
        && stored.comment == asked.comment
        && stored.staff_no == asked.staff_no
}

/// The rating stored as `rating_id`: answered 200 when `asked` repeats it, 409 `already_rated` otherwise.
fn repeat(conn: &Connection, rating_id: RatingId, asked: &ValidRating) -> ApiResult<(StatusCode, Rating)> {
    let stored = load(conn, rating_id.0)?;
    if same(&stored, asked) {
        Ok((StatusCode::OK, stored))
    } else {
        Err(already_rated())
    }
}

async fn reasons(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<Reason>>> {
    let kind = kind_param(query.get("kind").map(String::as_str))?;
    Ok(Json(state.db.call(move |conn| catalogue(conn, kind)).await?))
}

/// Paid payments and served visits of the customer's accounts, of the last 90 days, not yet rated; newest first.
async fn pending(State(state): State<AppState>, session: SignedIn) -> ApiResult<Json<Vec<Transaction>>> {
    let since = state.clock.now().unix_seconds() - PENDING_DAYS * 86_400;
    let transactions = state
        .db
        .call(move |conn| {
            let sql = format!(
                "{PAYMENTS} WHERE o.account_no IN {BOUND} AND o.status = 'paid' AND r.id IS NULL AND o.paid_at > ?2"
            );
            let payments = conn
                .prepare(&sql)?
                .query_map(params![session.customer_id, since], payment_row)?
                .collect::<Result<Vec<_>, _>>()?;
            let sql = format!(
                "{VISITS} WHERE a.account_no IN {BOUND} AND a.status = 'done' AND r.id IS NULL
                 AND COALESCE(a.served_at, a.starts_at) > ?2"
            );
            let visits = conn
                .prepare(&sql)?
                .query_map(params![session.customer_id, since], visit_row)?
                .collect::<Result<Vec<_>, _>>()?;
            let mut all = payments
                .into_iter()
                .map(payment)
                .chain(visits.into_iter().map(visit))
                .map(|found| found.map(|f| f.transaction))
                .collect::<ApiResult<Vec<_>>>()?;
            all.sort_by(|a, b| b.happened_at.cmp(&a.happened_at).then_with(|| b.id.cmp(&a.id)));
            Ok(all)
        })
        .await?;
    Ok(Json(transactions))
}

/// One of the customer's transactions, with its rating id once rated; 422 `not_rateable` while
/// it is not paid or served, so a receipt page knows whether to invite a rating.
async fn transaction(
    State(state): State<AppState>,
    session: SignedIn,
    Path((kind, id)): Path<(String, String)>,
) -> ApiResult<Json<Transaction>> {
    let kind = kind_param(Some(&kind))?;
    let found = state.db.call(move |conn| mine(conn, session.customer_id, kind, &id)).await?;
    if found.happened {
        Ok(Json(found.transaction))
    } else {
        Err(not_rateable())
    }
}

async fn rate(
    State(state): State<AppState>,
    session: SignedIn,
    Body(request): Body<RatingRequest>,
) -> ApiResult<(StatusCode, Json<Rating>)> {
    let asked = request.parse().map_err(ApiError::Validation)?;
    let now = state.clock.now();
    let (status, rating) = state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let found = mine(&tx, session.customer_id, asked.kind, &asked.transaction_id)?;
            let known = catalogue(&tx, asked.kind)?;
            if !asked.reasons.iter().all(|code| known.iter().any(|reason| reason.code == *code)) {
                return Err(ApiError::field(FieldError::new(
                    "reasons",
                    FieldCode::OutOfRange,
                    "reasons must be codes of GET /ratings/reasons for this kind",
                )));
            }
            if !found.happened {
                return Err(not_rateable());
            }
            if let Some(existing) = found.transaction.rating_id {
                return repeat(&tx, existing, &asked);
            }
            // The canonical id (a visit's `007` is `7`), the one the UNIQUE constraint compares.
            let transaction_id = found.transaction.id.clone();
            let inserted = tx.execute(
                "INSERT INTO ratings (kind, transaction_id, account_no, customer_id, hall_id, level, reason_text, comment,
                     staff_no, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    asked.kind.as_str(),
                    transaction_id,
                    found.transaction.account_no.as_str(),
                    session.customer_id,
                    found.hall_id,
                    asked.level.as_str(),
                    asked.reason_text,
                    asked.comment,
                    asked.staff_no,
                    now.unix_seconds()
                ],
            );
            match inserted {
                Ok(_) => {}
                Err(rusqlite::Error::SqliteFailure(e, detail)) if e.code == SqliteCode::ConstraintViolation => {
                    let existing: Option<i64> = tx
                        .query_row(
                            "SELECT id FROM ratings WHERE kind = ?1 AND transaction_id = ?2",
                            params![asked.kind.as_str(), transaction_id],
                            |r| r.get(0),
                        )
                        .optional()?;
                    return match existing {
                        Some(id) => repeat(&tx, RatingId(id), &asked),
                        None => Err(rusqlite::Error::SqliteFailure(e, detail).into()),
                    };
                }
                Err(e) => return Err(e.into()),
            }
            let id = tx.last_insert_rowid();
            for d in &asked.dimensions {
                tx.execute(
                    "INSERT INTO rating_dimensions (rating_id, dimension, level) VALUES (?1, ?2, ?3)",
                    params![id, name_of(&d.dimension)?, d.level.as_str()],
                )?;
            }
            for code in &asked.reasons {
                tx.execute(
                    "INSERT INTO rating_reasons (rating_id, kind, code) VALUES (?1, ?2, ?3)",
                    params![id, asked.kind.as_str(), code.as_str()],
                )?;
            }
            if asked.level.is_poor() {
                tx.execute(
                    "INSERT INTO follow_ups (rating_id, status, due_on, updated_at) VALUES (?1, 'open', ?2, ?3)",
                    params![id, follow_up_due(Date::of(now)).to_string(), now.unix_seconds()],
                )?;
            }
            tx.commit()?;
            Ok((StatusCode::CREATED, load(conn, id)?))
        })
        .await?;
    Ok((status, Json(rating)))
}

/// The customer's ratings, newest first.
async fn list(State(state): State<AppState>, session: SignedIn) -> ApiResult<Json<Vec<Rating>>> {
    let ratings = state
        .db
        .call(move |conn| {
            let ids = conn
                .prepare(&format!(
                    "SELECT id FROM ratings WHERE account_no IN {BOUND} ORDER BY created_at DESC, id DESC"
                ))?
                .query_map([session.customer_id], |r| r.get::<_, i64>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            ids.into_iter().map(|id| load(conn, id)).collect::<ApiResult<Vec<_>>>()
        })
        .await?;
    Ok(Json(ratings))
}

async fn one(State(state): State<AppState>, session: SignedIn, Path(raw): Path<String>) -> ApiResult<Json<Rating>> {
    let id = extract::rating_id(&raw)?;
    Ok(Json(state.db.call(move |conn| scoped(conn, session.customer_id, id)).await?))
}

fn add_reply(conn: &Connection, rating_id: i64, author: ReplyAuthor, text: &str, at: Timestamp) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO follow_up_replies (rating_id, author, text, at) VALUES (?1, ?2, ?3, ?4)",
        params![rating_id, name_of(&author)?, text, at.unix_seconds()],
    )?;
    Ok(())
}

fn set_status(conn: &Connection, rating_id: i64, status: FollowUpStatus, at: Timestamp) -> ApiResult<()> {
    conn.execute(
        "UPDATE follow_ups SET status = ?1, updated_at = ?2 WHERE rating_id = ?3",
        params![name_of(&status)?, at.unix_seconds(), rating_id],
    )?;
    Ok(())
}

/// The customer says whether the utility's reply resolved it. A repeat of the verdict just given
/// (double click, retry) answers the rating as it is.
async fn verdict(
    State(state): State<AppState>,
    session: SignedIn,
    Path(raw): Path<String>,
    Body(request): Body<VerdictRequest>,
) -> ApiResult<Json<Rating>> {
    let id = extract::rating_id(&raw)?;
    let comment = check_text("comment", &request.comment, REPLY_MAX_CHARS).map_err(ApiError::field)?;
    let target = if request.resolved { FollowUpStatus::Resolved } else { FollowUpStatus::Unresolved };
    let now = state.clock.now();
    let rating = state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let current = scoped(&tx, session.customer_id, id)?;
            let follow_up = current
                .follow_up
                .as_ref()
                .ok_or(follow_up_closed("this rating has no follow-up to give a verdict on"))?;
            let last = follow_up.replies.last();
            let repeated = follow_up.status == target
                && (comment.is_empty() || last.is_some_and(|r| r.author == ReplyAuthor::Customer && r.text == comment));
            if repeated {
                return Ok(current);
            }
            if follow_up.status != FollowUpStatus::Replied {
                return Err(follow_up_closed("a verdict is given once, on the utility's latest reply"));
            }
            if !comment.is_empty() {
                add_reply(&tx, id.0, ReplyAuthor::Customer, &comment, now)?;
            }
            set_status(&tx, id.0, target, now)?;
            tx.commit()?;
            load(conn, id.0)
        })
        .await?;
    Ok(Json(rating))
}

/// Demo: the utility's operator replies to a follow-up that is still open (or was judged
/// unresolved), and may close it. 404 when the rating has no follow-up.
async fn operator_reply(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Body(request): Body<OperatorReply>,
) -> ApiResult<Json<Rating>> {
    let id = extract::rating_id(&raw)?;
    let text = check_text("text", &request.text, REPLY_MAX_CHARS).map_err(ApiError::field)?;
    if text.is_empty() {
        return Err(ApiError::field(FieldError::new("text", FieldCode::Required, "text is required")));
    }
    let status = if request.close { FollowUpStatus::Closed } else { FollowUpStatus::Replied };
    let now = state.clock.now();
    let rating = state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let current = follow_up(&tx, id.0)?.ok_or(ApiError::NotFound)?;
            if matches!(current.status, FollowUpStatus::Resolved | FollowUpStatus::Closed) {
                return Err(follow_up_closed("this follow-up is resolved or closed"));
            }
            add_reply(&tx, id.0, ReplyAuthor::Utility, &text, now)?;
            set_status(&tx, id.0, status, now)?;
            tx.commit()?;
            load(conn, id.0)
        })
        .await?;
    Ok(Json(rating))
}
