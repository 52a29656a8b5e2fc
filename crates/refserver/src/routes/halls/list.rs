//! The hall list: each hall with its hours, closures, services, queue and satisfaction. What it
//! shows is kept between requests ([`super::cache`]) until the tables it comes from change.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::Json;
use contract::{Closure, Date, FieldCode, FieldError, Hall, HallId, ServiceCode};
use rusqlite::{params, Connection};

use super::cache::Listing;
use super::satisfaction::{satisfaction, Rate};
use super::schedule::{open_at, weekly_hours};
use super::service_param;
use crate::db::Watched;
use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// Minutes a walk-in waits per person in the queue.
const MINUTES_PER_PERSON: u32 = 6;

/// The tables the list is read from, satisfaction apart.
const LISTED: [Watched; 4] = [Watched::Halls, Watched::HallClosures, Watched::HallServices, Watched::Services];

pub(super) async fn halls(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<Hall>>> {
    let service = service_param(&query)?;
    Ok(Json(listed(&state, service.as_ref()).await?))
}

/// The halls as `GET /halls` shows them, all or those offering `service` (a code that is not
/// among the services is refused): what the answer to "which halls, and how long is the wait
/// there now" is wherever it is asked.
pub async fn listed(state: &AppState, service: Option<&ServiceCode>) -> ApiResult<Vec<Hall>> {
    let now = state.clock.now();
    let today = Date::of(now);
    // The versions before the reads they label.
    let version = state.db.version(&LISTED);
    let rated = state.db.version(&[Watched::Ratings]);
    let listing = match state.hall_cache.listing(version, today) {
        Some(listing) => listing,
        None => {
            let listing = Arc::new(state.db.read(move |conn| listing(conn, version, today)).await?);
            state.hall_cache.keep_listing(listing.clone());
            listing
        }
    };
    if let Some(service) = service {
        if !listing.services.iter().any(|code| code == service.as_str()) {
            return Err(ApiError::field(FieldError::new(
                "service",
                FieldCode::OutOfRange,
                "service is not one of the services of GET /services",
            )));
        }
    }
    let offers = |hall: &&Hall| service.is_none_or(|s| hall.services.contains(s));
    let shown: Vec<HallId> = listing.halls.iter().filter(offers).map(|h| h.id).collect();
    let mut rates = state.hall_cache.rates(rated, now, &shown);
    let missing: Vec<HallId> = shown.into_iter().filter(|id| !rates.contains_key(&id.0)).collect();
    if !missing.is_empty() {
        let computed: Vec<(HallId, Rate)> = state
            .db
            .read(move |conn| missing.into_iter().map(|id| Ok((id, satisfaction(conn, id, now)?))).collect())
            .await?;
        rates.extend(computed.iter().map(|(id, rate)| (id.0, rate.satisfaction)));
        state.hall_cache.keep_rates(rated, &computed);
    }
    Ok(listing
        .halls
        .iter()
        .filter(offers)
        .map(|hall| Hall {
            satisfaction: rates.get(&hall.id.0).copied().flatten(),
            // Per request: the kept list lasts the day, opening hours do not.
            open_now: open_at(hall, now),
            ..hall.clone()
        })
        .collect())
}

/// Every hall with its upcoming closures (from `today`) and services, and the services' codes.
fn listing(conn: &Connection, version: u64, today: Date) -> ApiResult<Listing> {
    let services = conn
        .prepare_cached("SELECT code FROM services ORDER BY rowid")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut statement = conn.prepare_cached(
        "SELECT id, name, city, area, address, phone, latitude, longitude, weekly_hours, queue_length FROM halls
         ORDER BY id",
    )?;
    type Row = (i64, String, String, String, String, String, f64, f64, String, i64);
    let rows: Vec<Row> = statement
        .query_map([], |r| {
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
            .prepare_cached("SELECT day, reason FROM hall_closures WHERE hall_id = ?1 AND day >= ?2 ORDER BY day")?
            .query_map(params![id.0, today.to_string()], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|(day, reason)| {
                let day = Date::parse(&day).map_err(|_| ApiError::internal("stored closure day"))?;
                Ok(Closure { day, reason })
            })
            .collect::<ApiResult<Vec<_>>>()?;
        let services = conn
            .prepare_cached(
                "SELECT hs.service_code FROM hall_services hs JOIN services s ON s.code = hs.service_code
                 WHERE hs.hall_id = ?1 ORDER BY s.rowid",
            )?
            .query_map([id.0], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?
            .iter()
            .map(|code| {
                ServiceCode::parse(code).map_err(|_| ApiError::internal(format!("stored service code {code:?}")))
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
            open_now: false,
            queue_length,
            expected_wait_minutes: queue_length.saturating_mul(MINUTES_PER_PERSON),
            satisfaction: None,
        });
    }
    Ok(Listing { version, today, halls, services })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    fn hall_4(listing: &Listing) -> Hall {
        listing.halls.iter().find(|h| h.id == HallId(4)).cloned().expect("hall 4")
    }

    #[test]
    fn a_listing_is_what_the_database_holds_and_the_versions_tell_when_it_changed() {
        let db = Db::open_in_memory().expect("db");
        let today = Date::parse("2026-11-30").expect("date");
        db.with_conn(|c| crate::seed::seed_if_empty(c, today)).expect("lock").expect("seed");
        let version = db.version(&LISTED);
        let before = db.with_conn(|c| listing(c, version, today)).expect("lock").expect("listing");
        assert_eq!(before.halls.len(), 4);
        assert!(before.services.len() >= 3, "{:?}", before.services);
        db.with_conn(|c| c.execute("UPDATE halls SET queue_length = queue_length + 3 WHERE id = 4", []))
            .expect("lock")
            .expect("update");
        assert_ne!(db.version(&LISTED), version, "the queue moved: the listing is stale");
        let after = db.with_conn(|c| listing(c, db.version(&LISTED), today)).expect("lock").expect("listing");
        assert_eq!(hall_4(&after).queue_length, hall_4(&before).queue_length + 3);
    }
}
