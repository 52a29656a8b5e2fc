//! Demo: the providers' outbox of notifications, and holding them back.

use contract::{OrderNo, PaymentNotification, Provider, ProviderOutcome, Timestamp};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};

/// Demo: hold back notifications or let them go. Other properties are ignored, as everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
