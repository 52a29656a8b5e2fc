//! Service halls (营业厅) and what they offer: services with their checklists, halls
//! with hours, closures and queue, the open days of the booking window, and a day's
//! 30-minute slots with the seats left. All times are China time (UTC+8), computed
//! from `Date::start()`, never from the machine's time zone.
//!
//! [`schedule`] knows a hall's hours and slots and checks a booking against them, [`services`]
//! answers the services, [`list`] the halls (with their [`satisfaction`], both kept in [`cache`]
//! until what they come from changes), and [`slots`] a hall's open days and a day's slots.

mod cache;
mod list;
mod satisfaction;
mod schedule;
mod services;
mod slots;

use std::collections::HashMap;

use axum::routing::get;
use axum::Router;
use contract::{FieldCode, FieldError, ServiceCode};

use crate::error::{ApiError, ApiResult};
use crate::AppState;

pub use cache::HallCache;
pub use list::listed as listed_halls;
pub use schedule::{check_slot, hall_row, require_offered};
pub use services::stored_checklist;

/// Days that can be booked, today included.
pub const BOOKING_DAYS: i64 = 14;
/// Length of a slot.
pub const SLOT_S: i64 = 30 * 60;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/services", get(services::services))
        .route("/halls", get(list::halls))
        .route("/halls/{hall_id}/dates", get(slots::dates))
        .route("/halls/{hall_id}/slots", get(slots::slots))
}

/// A service code from the query, exactly as sent (a blank one is not a service code).
fn service_param(query: &HashMap<String, String>) -> ApiResult<Option<ServiceCode>> {
    query.get("service").map(|raw| ServiceCode::parse(raw).map_err(ApiError::field)).transpose()
}

fn required_service(query: &HashMap<String, String>) -> ApiResult<ServiceCode> {
    service_param(query)?
        .ok_or_else(|| ApiError::field(FieldError::new("service", FieldCode::Required, "service is required")))
}
