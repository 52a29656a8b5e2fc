//! What the customer can rate, their ratings, and the reason catalogue.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::Json;
use contract::{Rating, RatingId, Reason, Transaction};
use rusqlite::params;

use super::store::{catalogue, load, scoped};
use super::transactions::{mine, payment, payment_row, visit, visit_row, BOUND, PAYMENTS, VISITS};
use super::{kind_param, not_rateable, PENDING_DAYS};
use crate::error::ApiResult;
use crate::extract::{PathId, SignedIn};
use crate::AppState;

pub(super) async fn reasons(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<Reason>>> {
    let kind = kind_param(query.get("kind").map(String::as_str))?;
    Ok(Json(state.db.read(move |conn| catalogue(conn, kind)).await?))
}

/// Paid payments and served visits of the customer's accounts, of the last 90 days, not yet rated; newest first.
pub(super) async fn pending(State(state): State<AppState>, session: SignedIn) -> ApiResult<Json<Vec<Transaction>>> {
    let since = state.clock.now().unix_seconds() - PENDING_DAYS * 86_400;
    let transactions = state
        .db
        .read(move |conn| {
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
pub(super) async fn transaction(
    State(state): State<AppState>,
    session: SignedIn,
    Path((kind, id)): Path<(String, String)>,
) -> ApiResult<Json<Transaction>> {
    let kind = kind_param(Some(&kind))?;
    let found = state.db.read(move |conn| mine(conn, session.customer_id, kind, &id)).await?;
    if found.happened {
        Ok(Json(found.transaction))
    } else {
        Err(not_rateable())
    }
}

/// The customer's ratings, newest first.
pub(super) async fn list(State(state): State<AppState>, session: SignedIn) -> ApiResult<Json<Vec<Rating>>> {
    let ratings = state
        .db
        .read(move |conn| {
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

pub(super) async fn one(
    State(state): State<AppState>,
    session: SignedIn,
    PathId(id): PathId<RatingId>,
) -> ApiResult<Json<Rating>> {
    Ok(Json(state.db.read(move |conn| scoped(conn, session.customer_id, id)).await?))
}
