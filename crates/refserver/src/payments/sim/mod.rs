//! The simulated payment providers (stand-ins for WeChat Pay, Alipay and UnionPay): their
//! own books of orders, the payer's decision on their page, status queries, closing, and
//! the signed notifications they deliver to the merchant until it acknowledges them.
//!
//! The merchant side talks to them only through the async calls here (`unified_order`,
//! `query`, `close`), as it would over the network to a real provider.
//!
//! `books` keeps the providers' orders, `calls` answers the merchant, `payer` takes the payer's
//! decision, `delivery` sends the notifications, and `outbox` shows them to demos.

mod books;
mod calls;
mod delivery;
mod outbox;
mod payer;

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use tokio::sync::watch;

pub use books::{load, ProviderState, SimOrder};
pub use calls::{close, query, unified_order, UnifiedOrder};
pub use delivery::{spawn_delivery, unacknowledged, MAX_ATTEMPTS};
pub use outbox::{deliveries, Deliveries, Delivery, DeliveryControl};
pub use payer::{decide, payable, Decided, Refusal};

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
