//! The follow-up (整改) of a poor rating: the customer's verdict on the utility's reply and, in
//! demo mode, the operator's reply.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use contract::rating::{check_text, REPLY_MAX_CHARS};
use contract::{
    FieldCode, FieldError, FollowUpStatus, OperatorReply, Rating, RatingId, ReplyAuthor, Timestamp, VerdictRequest,
};
use rusqlite::{params, Connection, TransactionBehavior};

use super::store::{follow_up, load, scoped};
use super::{follow_up_closed, name_of};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, PathId, SignedIn};
use crate::idempotency::{self, Answer, IdempotencyKey, Keyed};
use crate::AppState;

pub(super) fn add_reply(
    conn: &Connection,
    rating_id: i64,
    author: ReplyAuthor,
    text: &str,
    at: Timestamp,
) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO follow_up_replies (rating_id, author, text, at) VALUES (?1, ?2, ?3, ?4)",
        params![rating_id, name_of(&author)?, text, at.unix_seconds()],
    )?;
    Ok(())
}

pub(super) fn set_status(conn: &Connection, rating_id: i64, status: FollowUpStatus, at: Timestamp) -> ApiResult<()> {
    conn.execute(
        "UPDATE follow_ups SET status = ?1, updated_at = ?2 WHERE rating_id = ?3",
        params![name_of(&status)?, at.unix_seconds(), rating_id],
    )?;
    Ok(())
}

/// The customer says whether the utility's reply resolved it. A repeat of the verdict just given
/// (double click, retry) answers the rating as it is.
pub(super) async fn verdict(
    State(state): State<AppState>,
    session: SignedIn,
    key: IdempotencyKey,
    PathId(id): PathId<RatingId>,
    Body(request): Body<VerdictRequest>,
) -> ApiResult<Response> {
    let keyed = Keyed::new(key, session.customer_id, &format!("POST /ratings/{id}/verdict"), &request)?;
    let now = state.clock.now();
    let db = state.db.clone();
    idempotency::run(&state, keyed, |keyed| async move {
        let comment = check_text("comment", &request.comment, REPLY_MAX_CHARS).map_err(ApiError::field)?;
        let target = if request.resolved { FollowUpStatus::Resolved } else { FollowUpStatus::Unresolved };
        db.call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let current = scoped(&tx, session.customer_id, id)?;
            let follow_up = current
                .follow_up
                .as_ref()
                .ok_or(follow_up_closed("this rating has no follow-up to give a verdict on"))?;
            let last = follow_up.replies.last();
            let repeated = follow_up.status == target
                && (comment.is_empty() || last.is_some_and(|r| r.author == ReplyAuthor::Customer && r.text == comment));
            let rating = if repeated {
                current
            } else {
                if follow_up.status != FollowUpStatus::Replied {
                    return Err(follow_up_closed("a verdict is given once, on the utility's latest reply"));
                }
                if !comment.is_empty() {
                    add_reply(&tx, id.0, ReplyAuthor::Customer, &comment, now)?;
                }
                set_status(&tx, id.0, target, now)?;
                load(&tx, id.0)?
            };
            let stored = keyed.store(&tx, Answer::json(StatusCode::OK, &rating)?)?;
            tx.commit()?;
            Ok(stored)
        })
        .await
    })
    .await
}

/// Demo: the utility's operator replies to a follow-up that is still open (or was judged
/// unresolved), and may close it. 404 when the rating has no follow-up.
pub(super) async fn operator_reply(
    State(state): State<AppState>,
    PathId(id): PathId<RatingId>,
    Body(request): Body<OperatorReply>,
) -> ApiResult<Json<Rating>> {
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
