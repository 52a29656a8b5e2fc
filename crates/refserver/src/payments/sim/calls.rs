//! What the merchant asks a provider, as over the network: unified order, query and close.

use std::sync::atomic::Ordering;
use std::time::Duration;

use contract::{Fen, OrderNo, Provider, Timestamp};
use rusqlite::{params, TransactionBehavior};

use super::books::{load, ProviderState};
use super::{random_alnum, LOWER_HEX};
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::AppState;

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

/// The provider's order query (查询订单).
pub async fn query(db: &Db, prepay_id: &str) -> ApiResult<ProviderState> {
    let id = prepay_id.to_owned();
    let found = db.read(move |conn| load(conn, &id)).await?;
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
