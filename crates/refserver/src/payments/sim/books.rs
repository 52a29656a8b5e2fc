//! A provider's books: its orders as stored, and what it knows of one.

use contract::{Fen, Provider, Timestamp};
use rusqlite::{Connection, OptionalExtension};

use crate::error::{ApiError, ApiResult};
use crate::payments::order::{outcome_from, Decision};

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
    pub(super) fn state(&self) -> ApiResult<ProviderState> {
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
