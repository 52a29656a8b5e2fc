//! The hall list: each hall with its hours, closures, services, queue and satisfaction.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::Json;
use contract::{Closure, Date, FieldCode, FieldError, Hall, HallId, ServiceCode};
use rusqlite::params;

use super::satisfaction::satisfaction;
use super::schedule::weekly_hours;
use super::service_param;
use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// Minutes a walk-in waits per person in the queue.
const MINUTES_PER_PERSON: u32 = 6;

pub(super) async fn halls(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<Hall>>> {
    let service = service_param(&query)?;
    let now = state.clock.now();
    let today = Date::of(now);
    let halls = state
        .db
        .read(move |conn| {
            if let Some(service) = &service {
                let known: bool = conn.query_row(
                    "SELECT EXISTS (SELECT 1 FROM services WHERE code = ?1)",
                    [service.as_str()],
                    |r| r.get(0),
                )?;
                if !known {
                    return Err(ApiError::field(FieldError::new(
                        "service",
                        FieldCode::OutOfRange,
                        "service is not one of the services of GET /services",
                    )));
                }
            }
            let mut statement = conn.prepare(
                "SELECT id, name, city, area, address, phone, latitude, longitude, weekly_hours, queue_length FROM halls
                 WHERE ?1 IS NULL OR id IN (SELECT hall_id FROM hall_services WHERE service_code = ?1)
                 ORDER BY id",
            )?;
            type Row = (i64, String, String, String, String, String, f64, f64, String, i64);
            let rows: Vec<Row> = statement
                .query_map([service.as_ref().map(ServiceCode::as_str)], |r| {
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
                })?
                .collect::<Result<_, _>>()?;
            let mut halls = Vec::with_capacity(rows.len());
            for (id, name, city, area, address, phone, latitude, longitude, hours, queue_length) in rows {
                let id = HallId(id);
                let closures = conn
                    .prepare("SELECT day, reason FROM hall_closures WHERE hall_id = ?1 AND day >= ?2 ORDER BY day")?
                    .query_map(params![id.0, today.to_string()], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                    })?
                    .collect::<Result<Vec<_>, _>>()?
                    .into_iter()
                    .map(|(day, reason)| {
                        let day = Date::parse(&day).map_err(|_| ApiError::internal("stored closure day"))?;
                        Ok(Closure { day, reason })
                    })
                    .collect::<ApiResult<Vec<_>>>()?;
                let services = conn
                    .prepare(
                        "SELECT hs.service_code FROM hall_services hs JOIN services s ON s.code = hs.service_code
                         WHERE hs.hall_id = ?1 ORDER BY s.rowid",
                    )?
                    .query_map([id.0], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()?
                    .iter()
                    .map(|code| {
                        ServiceCode::parse(code)
                            .map_err(|_| ApiError::internal(format!("stored service code {code:?}")))
                    })
                    .collect::<ApiResult<Vec<_>>>()?;
                let queue_length = u32::try_from(queue_length.max(0)).unwrap_or(u32::MAX);
                halls.push(Hall {
                    id,
                    name,
                    city,
                    area,
                    address,
                    phone,
                    latitude_e6: (latitude * 1e6).round() as i64,
                    longitude_e6: (longitude * 1e6).round() as i64,
                    weekly_hours: weekly_hours(&hours)?,
                    closures,
                    services,
                    queue_length,
                    expected_wait_minutes: queue_length.saturating_mul(MINUTES_PER_PERSON),
                    satisfaction: satisfaction(conn, id, now)?,
                });
            }
            Ok(halls)
        })
        .await?;
    Ok(Json(halls))
}
