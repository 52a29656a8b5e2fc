//! The API router: one `router()` per resource, merged under the API prefix.

mod accounts;
mod appointments;
mod auth;
mod bills;
mod binding;
mod demo;
mod downloads;
pub(crate) mod guidance;
mod halls;
mod health;
mod payees;
mod payments;
mod paysim;
mod ratings;
mod sms;
mod usage;
mod wechat;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::{middleware, Router};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::ApiError;
use crate::{faults, AppState};

pub use downloads::LinkKey;
pub use halls::HallCache;

/// Request bodies of this API are small forms; anything larger is refused.
const BODY_LIMIT: usize = 16 * 1024;

pub fn router(state: AppState) -> Router {
    let mut api = Router::new()
        .merge(health::router())
        .merge(auth::router())
        .merge(accounts::router())
        .merge(binding::router())
        .merge(usage::router())
        .merge(bills::router())
        .merge(downloads::router())
        .merge(halls::router())
        .merge(appointments::router())
        .merge(ratings::router())
        .merge(payments::router())
        .merge(payees::router())
        .merge(guidance::router());
    if state.settings.demo {
        api = api
            .merge(demo::router())
            .merge(guidance::demo_router())
            .merge(wechat::router())
            .merge(appointments::demo_router())
            .merge(ratings::demo_router())
            .merge(paysim::router());
    }
    api.fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(middleware::from_fn_with_state(state.clone(), faults::inject))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .with_state(state)
}
