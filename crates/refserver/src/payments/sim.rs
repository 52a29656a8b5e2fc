//! The simulated payment providers (stand-ins for WeChat Pay, Alipay and UnionPay): their
//! own books of orders, the payer's decision on their page, status queries, closing, and
//! the signed notifications they deliver to the merchant until it acknowledges them.
//!
//! The merchant side talks to them only through the async calls here (`unified_order`,
//! `query`, `close`), as it would over the network to a real provider.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request};
use contract::{Fen, OrderNo, PaymentNotification, Provider, ProviderOutcome, Timestamp};
use rand::Rng;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tower::ServiceExt;

use super::order::{self, outcome_from, outcome_str, Decision};
use super::sign;
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// Waits between delivery attempts; the last one repeats until the attempts run out.
const BACKOFF_MS: [u64; 8] = [200, 500, 1_000, 2_000, 5_000, 15_000, 30_000, 60_000];
/// Deliveries of one notification before the provider gives up (the merchant's status
/// query still settles the order).
pub const MAX_ATTEMPTS: u32 = 12;

/// The providers' switches for demos and tests.
#[derive(Clone)]
pub struct Paysim {
    inner: Arc<Inner>,
}

struct Inner {
    /// While true, decided notifications wait instead of being delivered.
    paused: watch::Sender<bool>,
    /// This many coming unified-order calls fail as if the provider did not answer.
    unified_order_failures: AtomicU32,
    /// How long the provider takes to answer a unified order, in milliseconds.
    unified_order_latency_ms: AtomicU64,
}

impl Default for Paysim {
    fn default() -> Paysim {
        let (paused, _) = watch::channel(false);
        Paysim {
            inner: Arc::new(Inner {
                paused,
                unified_order_failures: AtomicU32::new(0),
                unified_order_latency_ms: AtomicU64::new(0),
            }),
        }
    }
}

impl Paysim {
    /// Holds back (or lets go) every notification; held ones go out when let go.
    pub fn pause_notifications(&self, paused: bool) {
        self.inner.paused.send_replace(paused);
    }

    pub fn notifications_paused(&self) -> bool {
        *self.inner.paused.borrow()
    }

    /// Makes the next `n` unified-order calls fail (the provider is unreachable).
    pub fn fail_next_unified_orders(&self, n: u32) {
        self.inner.unified_order_failures.store(n, Ordering::SeqCst);
    }

    /// Makes the provider take this long to answer each unified order.
    pub fn set_unified_order_latency(&self, latency: Duration) {
        let ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
        self.inner.unified_order_latency_ms.store(ms, Ordering::SeqCst);
    }

    fn take_unified_order_failure(&self) -> bool {
        self.inner.unified_order_failures.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok()
    }

    async fn until_let_go(&self) {
        let mut paused = self.inner.paused.subscribe();
        // The sender lives as long as `self`, so waiting cannot fail.
        let _ = paused.wait_for(|p| !*p).await;
    }
}

fn random_alnum(len: usize, alphabet: &[u8]) -> String {
    let mut rng = rand::rng();
    (0..len).map(|_| char::from(alphabet[rng.random_range(0..alphabet.len())])).collect()
}

const LOWER_HEX: &[u8] = b"0123456789abcdef";
const DIGITS: &[u8] = b"0123456789";

/// An order placed with a provider.
#[derive(Debug, Clone)]
pub struct UnifiedOrder {
    pub provider: Provider,
    pub order_no: OrderNo,
    pub amount: Fen,
    pub description: String,
    pub payer_openid: Option<String>,
    pub return_url: Option<String>,
    pub expires_at: Timestamp,
}

/// The provider's "unified order" (下单): it opens its side of the order and answers the
/// id its cashier page, QR code and JSAPI bridge know it by. 503 when the provider fails.
pub async fn unified_order(state: &AppState, order: UnifiedOrder) -> ApiResult<String> {
    // The network call: a real provider answers after a while, and sometimes not at all.
    let latency = state.paysim.inner.unified_order_latency_ms.load(Ordering::SeqCst);
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    } else {
        tokio::task::yield_now().await;
    }
    if state.paysim.take_unified_order_failure() {
        tracing::warn!(order_no = order.order_no.as_str(), "simulated provider did not answer the unified order");
        return Err(ApiError::Unavailable("the payment provider did not answer; try again"));
    }
    let prefix = match order.provider {
        Provider::Wechat => "wx",
        Provider::Alipay => "ali",
        Provider::Unionpay => "up",
    };
    let prepay_id = format!("{prefix}{}", random_alnum(28, LOWER_HEX));
    let now = state.clock.now().unix_seconds();
    let id = prepay_id.clone();
    state
        .db
        .call(move |conn| {
            conn.execute(
                "INSERT INTO paysim_orders (prepay_id, provider, order_no, amount_fen, description, payer_openid,
                     return_url, created_at, expires_at, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'open')",
                params![
                    id,
                    order.provider.as_str(),
                    order.order_no.as_str(),
                    order.amount.0,
                    order.description,
                    order.payer_openid,
                    order.return_url,
                    now,
                    order.expires_at.unix_seconds()
                ],
            )?;
            Ok(())
        })
        .await?;
    Ok(prepay_id)
}

/// What a provider knows of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderState {
    /// Waiting for the payer.
    Open,
    /// The payer decided.
    Decided(Decision),
    /// Closed by the merchant before the payer decided.
    Closed,
}

/// One order at a provider, as its books keep it.
#[derive(Debug, Clone)]
pub struct SimOrder {
    pub prepay_id: String,
    pub provider: Provider,
    pub order_no: String,
    pub amount: Fen,
    pub description: String,
    pub return_url: Option<String>,
    pub expires_at: Timestamp,
    pub status: String,
    pub provider_txn: Option<String>,
    pub decided_at: Option<Timestamp>,
}

impl SimOrder {
    fn state(&self) -> ApiResult<ProviderState> {
        match self.status.as_str() {
            "open" => Ok(ProviderState::Open),
            "closed" => Ok(ProviderState::Closed),
            decided => {
                let outcome = outcome_from(decided)
                    .ok_or_else(|| ApiError::internal(format!("stored provider status {decided:?}")))?;
                Ok(ProviderState::Decided(Decision {
                    outcome,
                    provider_txn: self.provider_txn.clone().unwrap_or_default(),
                    amount: self.amount,
                    at: self.decided_at.unwrap_or(self.expires_at),
                }))
            }
        }
    }
}

/// A `paysim_orders` row as read, in [`load`]'s column order.
type SimRow = (String, String, String, i64, String, Option<String>, i64, String, Option<String>, Option<i64>);

pub fn load(conn: &Connection, prepay_id: &str) -> ApiResult<Option<SimOrder>> {
    let row: Option<SimRow> = conn
        .query_row(
            "SELECT prepay_id, provider, order_no, amount_fen, description, return_url, expires_at, status,
                 provider_txn, decided_at
             FROM paysim_orders WHERE prepay_id = ?1",
            [prepay_id],
            |r| {
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
                ))
            },
        )
        .optional()?;
    row.map(
        |(
            prepay_id,
            provider,
            order_no,
            amount,
            description,
            return_url,
            expires_at,
            status,
            provider_txn,
            decided_at,
        )| {
            Ok(SimOrder {
                prepay_id,
                provider: Provider::parse(&provider)
                    .ok_or_else(|| ApiError::internal(format!("stored provider {provider:?}")))?,
                order_no,
                amount: Fen(amount),
                description,
                return_url,
                expires_at: Timestamp(expires_at),
                status,
                provider_txn,
                decided_at: decided_at.map(Timestamp),
            })
        },
    )
    .transpose()
}

/// The provider's order query (查询订单).
pub async fn query(db: &Db, prepay_id: &str) -> ApiResult<ProviderState> {
    let id = prepay_id.to_owned();
    let found = db.call(move |conn| load(conn, &id)).await?;
    found.ok_or_else(|| ApiError::internal(format!("the provider does not know {prepay_id}")))?.state()
}

/// The provider's close order (关闭订单): an open order can no longer be paid. A decided one
/// stays as it is and says what was decided.
pub async fn close(db: &Db, prepay_id: &str) -> ApiResult<ProviderState> {
    let id = prepay_id.to_owned();
    db.call(move |conn| {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found = load(&tx, &id)?.ok_or_else(|| ApiError::internal(format!("the provider does not know {id}")))?;
        let before = found.state()?;
        if before == ProviderState::Open {
            tx.execute("UPDATE paysim_orders SET status = 'closed' WHERE prepay_id = ?1 AND status = 'open'", [&id])?;
        }
        tx.commit()?;
        Ok(before)
    })
    .await
}

/// Why the payer's page cannot take a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Paid, failed, cancelled or closed already.
    Closed,
    /// Past its expiry.
    Expired,
}

/// A decision recorded, with its notification waiting in the outbox.
#[derive(Debug, Clone)]
pub struct Decided {
    pub notify_id: String,
    pub return_url: Option<String>,
}

/// Whether the order can still be paid on the provider's page: open there, not past its
/// expiry, and still pending with the merchant.
pub fn payable(conn: &Connection, order: &SimOrder, now: Timestamp) -> ApiResult<Result<(), Refusal>> {
    use contract::OrderStatus;
    if !matches!(order.status.as_str(), "open" | "closed") {
        return Ok(Err(Refusal::Closed));
    }
    if now >= order.expires_at {
        return Ok(Err(Refusal::Expired));
    }
    let merchant = order::load(conn, &order.order_no)?.map(|o| o.status);
    Ok(match merchant {
        Some(OrderStatus::Expired) => Err(Refusal::Expired),
        Some(OrderStatus::Pending) if order.status == "open" => Ok(()),
        _ => Err(Refusal::Closed),
    })
}

/// The payer pays, cancels or fails on the provider's page: the provider books it and
/// queues the signed notification (deliver it with [`spawn_delivery`]).
pub fn decide(
    conn: &mut Connection,
    prepay_id: &str,
    outcome: ProviderOutcome,
    now: Timestamp,
) -> ApiResult<Result<Decided, Refusal>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let order = load(&tx, prepay_id)?.ok_or(ApiError::NotFound)?;
    if let Err(refusal) = payable(&tx, &order, now)? {
        return Ok(Err(refusal));
    }
    let order_no = OrderNo::parse(&order.order_no).map_err(|_| ApiError::internal("stored merchant order number"))?;
    let stamp: String = now.to_string().chars().take(19).filter(char::is_ascii_digit).collect();
    let provider_txn = match order.provider {
        Provider::Wechat => format!("4200{stamp}{}", random_alnum(10, DIGITS)),
        Provider::Alipay => format!("{stamp}2200{}", random_alnum(10, DIGITS)),
        Provider::Unionpay => format!("UP{stamp}{}", random_alnum(8, DIGITS)),
    };
    tx.execute(
        "UPDATE paysim_orders SET status = ?1, provider_txn = ?2, decided_at = ?3 WHERE prepay_id = ?4",
        params![outcome_str(outcome), provider_txn, now.unix_seconds(), prepay_id],
    )?;
    let notification = PaymentNotification {
        notify_id: random_alnum(32, LOWER_HEX),
        order_no,
        provider_txn,
        outcome,
        amount: order.amount,
        at: now,
    };
    let body = serde_json::to_string(&notification)?;
    tx.execute(
        "INSERT INTO paysim_notifications (notify_id, prepay_id, provider, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![notification.notify_id, prepay_id, order.provider.as_str(), body, now.unix_seconds()],
    )?;
    tx.commit()?;
    Ok(Ok(Decided { notify_id: notification.notify_id, return_url: order.return_url }))
}

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

/// Demo: hold back notifications or let them go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryControl {
    pub paused: bool,
}

/// Demo: the providers' outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliveries {
    pub paused: bool,
    /// Newest first.
    pub notifications: Vec<Delivery>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub notify_id: String,
    pub provider: Provider,
    pub order_no: OrderNo,
    pub outcome: ProviderOutcome,
    /// Deliveries tried so far.
    pub attempts: u32,
    /// When the merchant acknowledged it; null while not yet.
    pub delivered_at: Option<Timestamp>,
}

pub fn deliveries(conn: &Connection, paused: bool) -> ApiResult<Deliveries> {
    let rows: Vec<(String, String, String, i64, Option<i64>)> = conn
        .prepare(
            "SELECT notify_id, provider, body, attempts, delivered_at FROM paysim_notifications
             ORDER BY created_at DESC, rowid DESC",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<Result<_, _>>()?;
    let notifications = rows
        .into_iter()
        .map(|(notify_id, provider, body, attempts, delivered_at)| {
            let sent: PaymentNotification = serde_json::from_str(&body)?;
            Ok(Delivery {
                notify_id,
                provider: Provider::parse(&provider)
                    .ok_or_else(|| ApiError::internal(format!("stored provider {provider:?}")))?,
                order_no: sent.order_no,
                outcome: sent.outcome,
                attempts: u32::try_from(attempts).unwrap_or(0),
                delivered_at: delivered_at.map(Timestamp),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Deliveries { paused, notifications })
}
