//! Settling orders when nobody is looking: a pending order must not wait for its customer to
//! open a payment page. At start-up the simulated providers resend every notification the
//! merchant had not acknowledged, and a sweep asks the provider about every pending order (and
//! expires the ones whose time is up) through the same [`order::refresh`] the status query uses.

use std::time::Duration;

use contract::AccountNo;
use tokio::sync::watch;
use tokio::time::MissedTickBehavior;

use super::{order, sim};
use crate::error::ApiResult;
use crate::AppState;

/// How often the sweep runs while the server is up.
pub const SWEEP_EVERY: Duration = Duration::from_secs(30);

/// Starts a delivery task for each notification in the providers' outbox that was never
/// acknowledged (the server stopped while it was held back or being retried); answers how many.
pub async fn redeliver_unacknowledged(state: &AppState) -> ApiResult<usize> {
    let waiting = state.db.call(sim::unacknowledged).await?;
    let count = waiting.len();
    for notify_id in waiting {
        sim::spawn_delivery(state.clone(), notify_id);
    }
    Ok(count)
}

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Pending orders looked at.
    pub looked_at: usize,
    /// Of those, the ones that are final now (paid, failed, cancelled or expired).
    pub settled: usize,
}

/// One pass over every pending order: the provider's decision is applied, and an order past its
/// expiry is closed. An order that cannot be brought up to date now is logged and left for the
/// next pass.
pub async fn sweep(state: &AppState) -> ApiResult<Swept> {
    let pending = state.db.read(order::all_pending).await?;
    let mut swept = Swept { looked_at: pending.len(), settled: 0 };
    for row in pending {
        if let Err(e) = order::refresh(state, &row).await {
            tracing::warn!(order_no = row.order_no.as_str(), ?e, "sweep could not bring the order up to date");
            continue;
        }
        let order_no = row.order_no.clone();
        let now = state.db.read(move |conn| order::load(conn, order_no.as_str())).await?;
        if now.is_some_and(|o| o.status != contract::OrderStatus::Pending) {
            swept.settled += 1;
        }
    }
    Ok(swept)
}

/// Sweeps now and every [`SWEEP_EVERY`] until `stop` turns true.
pub async fn run_sweeps(state: AppState, mut stop: watch::Receiver<bool>) {
    let mut every = tokio::time::interval(SWEEP_EVERY);
    every.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = every.tick() => match sweep(&state).await {
                Ok(Swept { settled: 0, .. }) => {}
                Ok(swept) => tracing::info!(settled = swept.settled, of = swept.looked_at, "sweep settled pending orders"),
                Err(e) => tracing::error!(?e, "payment sweep failed; trying again at the next one"),
            },
            () = stopped(&mut stop) => return,
        }
    }
}

async fn stopped(stop: &mut watch::Receiver<bool>) {
    // A dropped sender means the server is gone: stop too.
    let _ = stop.wait_for(|stop| *stop).await;
}

/// Brings the account's pending order up to date before an answer that shows what is owed or
/// paid. A failure is logged and the answer goes out with what is known: the page still shows.
pub async fn settle_account(state: &AppState, account_no: &AccountNo) {
    if let Err(e) = order::refresh_account(state, account_no).await {
        tracing::warn!(account = account_no.as_str(), ?e, "could not bring the pending order up to date");
    }
}
