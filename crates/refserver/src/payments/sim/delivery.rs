//! Delivering the signed notifications to the merchant, with backoff, until acknowledged.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request};
use contract::Provider;
use rusqlite::{params, Connection, OptionalExtension};
use tower::ServiceExt;

use crate::error::ApiResult;
use crate::payments::sign;
use crate::AppState;

/// Waits between delivery attempts; the last one repeats until the attempts run out.
const BACKOFF_MS: [u64; 8] = [200, 500, 1_000, 2_000, 5_000, 15_000, 30_000, 60_000];
/// Deliveries of one notification before the provider gives up (the merchant's status
/// query still settles the order).
pub const MAX_ATTEMPTS: u32 = 12;

/// The outbox's notifications the merchant never acknowledged, oldest first.
pub fn unacknowledged(conn: &mut Connection) -> ApiResult<Vec<String>> {
    let ids = conn
        .prepare("SELECT notify_id FROM paysim_notifications WHERE delivered_at IS NULL ORDER BY created_at, rowid")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}

/// Delivers one queued notification in the background, retrying with backoff until the
/// merchant acknowledges it (2xx) or [`MAX_ATTEMPTS`] run out.
pub fn spawn_delivery(state: AppState, notify_id: String) {
    tokio::spawn(async move { deliver(state, notify_id).await });
}

async fn deliver(state: AppState, notify_id: String) {
    let id = notify_id.clone();
    let found = state
        .db
        .call(move |conn| {
            Ok(conn
                .query_row("SELECT provider, body FROM paysim_notifications WHERE notify_id = ?1", [&id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
                .optional()?)
        })
        .await;
    let (provider, body) = match found {
        Ok(Some((provider, body))) => match Provider::parse(&provider) {
            Some(provider) => (provider, body),
            None => return tracing::error!(notify_id, provider, "queued notification of an unknown provider"),
        },
        Ok(None) => return tracing::error!(notify_id, "no such queued notification"),
        Err(e) => return tracing::error!(notify_id, ?e, "cannot read the queued notification"),
    };
    let signature = sign::notify_signature(&state.settings.merchant, provider, body.as_bytes());
    for attempt in 1..=MAX_ATTEMPTS {
        state.paysim.until_let_go().await;
        let answer = post_once(&state, provider, &body, &signature).await;
        let acknowledged = matches!(answer, Ok(status) if (200..300).contains(&status));
        let now = state.clock.now().unix_seconds();
        let id = notify_id.clone();
        let recorded = state
            .db
            .call(move |conn| {
                conn.execute(
                    "UPDATE paysim_notifications SET attempts = attempts + 1,
                         delivered_at = CASE WHEN ?1 THEN ?2 ELSE delivered_at END
                     WHERE notify_id = ?3",
                    params![acknowledged, now, id],
                )?;
                Ok(())
            })
            .await;
        if let Err(e) = recorded {
            tracing::error!(notify_id, ?e, "cannot record a delivery attempt");
        }
        match answer {
            Ok(status) if acknowledged => {
                tracing::info!(notify_id, provider = provider.as_str(), attempt, status, "notification acknowledged");
                return;
            }
            Ok(status) => tracing::warn!(notify_id, attempt, status, "notification not acknowledged; will retry"),
            Err(e) => tracing::warn!(notify_id, attempt, error = %e, "notification not delivered; will retry"),
        }
        if attempt < MAX_ATTEMPTS {
            let index = usize::try_from(attempt - 1).unwrap_or(usize::MAX).min(BACKOFF_MS.len() - 1);
            tokio::time::sleep(Duration::from_millis(BACKOFF_MS[index])).await;
        }
    }
    tracing::error!(
        notify_id,
        attempts = MAX_ATTEMPTS,
        "notification never acknowledged; status queries and the sweep settle the order"
    );
}

/// One POST of the notification to the merchant's notify endpoint, through the app itself
/// (no socket needed, so it works in tests and behind any listener alike).
async fn post_once(state: &AppState, provider: Provider, body: &str, signature: &str) -> Result<u16, String> {
    let request = Request::post(format!("{}/payments/notify/{}", contract::API_PREFIX, provider.as_str()))
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-signature", signature)
        .body(Body::from(body.to_owned()))
        .map_err(|e| e.to_string())?;
    let response = crate::app(state.clone()).oneshot(request).await.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    // A connection cut mid-answer is no acknowledgement.
    axum::body::to_bytes(response.into_body(), 64 * 1024).await.map_err(|e| e.to_string())?;
    Ok(status)
}
