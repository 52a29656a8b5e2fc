//! The customer's appointments: the list, and one by id.

use axum::extract::State;
use axum::Json;
use contract::{Appointment, AppointmentId, AppointmentStatus};

use super::store::{row, scoped, SCOPED, SELECT};
use crate::error::ApiResult;
use crate::extract::{PathId, SignedIn};
use crate::AppState;

/// Upcoming (booked, checked in) soonest first, then the rest most recent first.
pub(super) async fn list(State(state): State<AppState>, session: SignedIn) -> ApiResult<Json<Vec<Appointment>>> {
    let now = state.clock.now();
    let appointments = state
        .db
        .read(move |conn| {
            let sql = format!("{SELECT} WHERE {SCOPED} ORDER BY a.starts_at, a.id");
            let rows =
                conn.prepare_cached(&sql)?.query_map([session.customer_id], row)?.collect::<Result<Vec<_>, _>>()?;
            let all = rows.into_iter().map(|r| r.into_appointment(now)).collect::<ApiResult<Vec<_>>>()?;
            let (upcoming, mut past): (Vec<_>, Vec<_>) = all
                .into_iter()
                .partition(|a| matches!(a.status, AppointmentStatus::Booked | AppointmentStatus::CheckedIn));
            past.reverse();
            Ok(upcoming.into_iter().chain(past).collect::<Vec<_>>())
        })
        .await?;
    Ok(Json(appointments))
}

pub(super) async fn one(
    State(state): State<AppState>,
    session: SignedIn,
    PathId(id): PathId<AppointmentId>,
) -> ApiResult<Json<Appointment>> {
    Ok(Json(appointment_of(&state, session.customer_id, id).await?))
}

/// The customer's appointment `id` as it is now; another customer's is 404 like a missing one.
pub(crate) async fn appointment_of(state: &AppState, customer_id: i64, id: AppointmentId) -> ApiResult<Appointment> {
    let now = state.clock.now();
    state.db.read(move |conn| scoped(conn, customer_id, id)?.into_appointment(now)).await
}
