//! Hall appointments: booking a slot's seat, the customer's list, cancelling and
//! rescheduling; and, in demo mode, the hall staff's check-in and call-next.
//!
//! Every change runs in one `BEGIN IMMEDIATE` transaction, so the seat count read is
//! the one written against; the table's UNIQUE (hall_id, starts_at, seat_no) and its
//! capacity trigger refuse an extra seat even if this code were wrong.
//!
//! [`store`] reads appointments back, [`book`] books, cancels and reschedules, [`queries`]
//! answers the list and one appointment, and [`staff`] checks in and calls the next number.

mod book;
mod queries;
mod staff;
mod store;

pub(crate) use queries::appointment_of;

use axum::routing::{get, post};
use axum::Router;

use crate::AppState;

/// Booked or checked-in appointments one account may hold at a time.
pub const MAX_ACTIVE: i64 = 2;
/// Cancelling or moving is allowed until this long before the start.
pub const LOCK_BEFORE_S: i64 = 3600;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/appointments", post(book::book).get(queries::list))
        .route("/appointments/{appointment_id}", get(queries::one))
        .route("/appointments/{appointment_id}/cancel", post(book::cancel))
        .route("/appointments/{appointment_id}/reschedule", post(book::reschedule))
}

/// Demo only: what the hall's staff do with a scanned code.
pub fn demo_router() -> Router<AppState> {
    Router::new()
        .route("/demo/staff/check-in", post(staff::check_in))
        .route("/demo/staff/call-next", post(staff::call_next))
}
