//! Online payment: what an account can pay, payment orders (created once per
//! `Idempotency-Key`), their status, cancelling, the account's payment history, and the
//! providers' signed notifications.

mod create;
mod notify;
pub(crate) mod orders;
mod plan;
mod return_url;

use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts/{account_no}/payment-options", get(orders::options))
        .route("/accounts/{account_no}/payments", get(orders::history))
        .route("/payments/orders", post(create::create))
        .route("/payments/for-others", get(orders::for_others))
        .route("/payments/orders/{order_no}", get(orders::one))
        .route("/payments/orders/{order_no}/cancel", post(orders::cancel))
        .route("/payments/notify/{provider}", post(notify::notify))
}
