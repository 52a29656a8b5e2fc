//! Ratings read back: the reason catalogue, a rating with its transaction, dimensions, reasons
//! and follow-up thread.

use contract::{
    Date, DimensionRating, FollowUp, Localized, Rating, RatingId, Reason, ReasonCode, Reply, Timestamp, TransactionKind,
};
use rusqlite::{params, Connection, OptionalExtension};

use super::transactions::{find, BOUND};
use super::{from_name, stored_level};
use crate::error::{ApiError, ApiResult};

/// The reasons of `kind` in display order.
pub(super) fn catalogue(conn: &Connection, kind: TransactionKind) -> ApiResult<Vec<Reason>> {
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
pub(super) fn load(conn: &Connection, id: i64) -> ApiResult<Rating> {
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

pub(super) fn follow_up(conn: &Connection, rating_id: i64) -> ApiResult<Option<FollowUp>> {
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
pub(super) fn scoped(conn: &Connection, customer_id: i64, id: RatingId) -> ApiResult<Rating> {
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
