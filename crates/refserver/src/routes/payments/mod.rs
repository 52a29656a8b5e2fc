//! Online payment: what an account can pay, payment orders (created once per
//! `Idempotency-Key`), their status, cancelling, the account's payment history, and the
//! providers' signed notifications.

mod create;
mod notify;
mod orders;
mod plan;
mod return_url;

use axum::routing::{get, post};
use axum::Router;
use contract::OrderNo;

use crate::error::{ApiError, ApiResult};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts/{account_no}/payment-options", get(orders::options))
        .route("/accounts/{account_no}/payments", get(orders::history))
        .route("/payments/orders", post(create::create))
        .route("/payments/orders/{order_no}", get(orders::one))
        .route("/payments/orders/{order_no}/cancel", post(orders::cancel))
        .route("/payments/notify/{provider}", post(notify::notify))
}

fn order_no(raw: &str) -> ApiResult<OrderNo> {
    OrderNo::parse(raw)
        .map_err(|e| ApiError::field(e.for_field("order_no", "an order number like P20261130100000A7K2")))
}
