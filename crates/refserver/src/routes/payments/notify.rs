//! The providers' signed notifications of an order's outcome.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use contract::{NotificationAck, PaymentNotification, Provider};
use rusqlite::{params, TransactionBehavior};

use crate::error::{ApiError, ApiResult};
use crate::payments::order::{self, Decision};
use crate::payments::sign;
use crate::AppState;

/// A provider's asynchronous notification. Verified by signature before anything is read;
/// applied at most once per order; a repeat (same `notify_id`, or an order already final)
/// is only acknowledged.
pub(super) async fn notify(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<NotificationAck>> {
    let provider = Provider::parse(&raw).ok_or(ApiError::NotFound)?;
    let signature = headers.get("x-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
    if !sign::verify_notify(&state.settings.merchant, provider, &body, signature) {
        tracing::warn!(provider = provider.as_str(), "notification refused: signature missing or wrong");
        return Err(ApiError::BadSignature);
    }
    let notification: PaymentNotification =
        serde_json::from_slice(&body).map_err(|e| ApiError::Malformed(format!("not a payment notification: {e}")))?;
    let now = state.clock.now();
    state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let seen: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM payment_notifications WHERE provider = ?1 AND notify_id = ?2)",
                params![provider.as_str(), notification.notify_id],
                |r| r.get(0),
            )?;
            if seen {
                tracing::debug!(notify_id = notification.notify_id, "repeated notification acknowledged");
                return Ok(());
            }
            let order = order::load(&tx, notification.order_no.as_str())?
                .filter(|o| o.channel.provider() == provider)
                .ok_or_else(|| {
                    tracing::warn!(
                        order_no = notification.order_no.as_str(),
                        "notification for an order this provider does not have"
                    );
                    ApiError::NotFound
                })?;
            let decision = Decision {
                outcome: notification.outcome,
                provider_txn: notification.provider_txn.clone(),
                amount: notification.amount,
                at: notification.at,
            };
            let effect = order::apply_outcome(&tx, &order, &decision, now)?;
            tx.execute(
                "INSERT INTO payment_notifications (provider, notify_id, order_no, outcome, effect, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    provider.as_str(),
                    notification.notify_id,
                    order.order_no.as_str(),
                    order::outcome_str(notification.outcome),
                    effect.as_str(),
                    now.unix_seconds()
                ],
            )?;
            tx.commit()?;
            tracing::info!(
                notify_id = notification.notify_id,
                order_no = order.order_no.as_str(),
                effect = effect.as_str(),
                "notification taken in"
            );
            Ok(())
        })
        .await?;
    Ok(Json(NotificationAck { ok: true }))
}
