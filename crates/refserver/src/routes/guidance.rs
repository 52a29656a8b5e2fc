//! "Can I do this online?" (guidance): each need a customer may come to a hall with, and its one
//! answer — a portal page, the hotline or the app, or a visit with what to bring, how long it
//! takes and which halls offer it with their queue now (the hall list's own answer). The
//! needs are rows of `guidance_needs`, which the utility edits.
//!
//! What became of a need is counted so the utility sees visits avoided: the portal tells when a
//! need ended on a page or at the hotline or app (once per journey and need), and a booking made
//! from a need's answer names the need (`BookingRequest::need`), so bookings are counted from the
//! appointments themselves.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::guidance::parse_journey;
use contract::{
    Answer, Channel, FieldCode, FieldError, Guidance, GuidanceCounts, Localized, NeedCode, NeedCounts, OnlineAnswer,
    OtherWayAnswer, OutcomeRequest, PortalPath, ServiceCode, VisitAnswer,
};
use rusqlite::{params, Connection, OptionalExtension};

use super::halls::{listed_halls, stored_checklist};
use crate::error::{ApiError, ApiResult};
use crate::extract::Body;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/guidance", get(guidance)).route("/guidance/outcomes", post(record_outcome))
}

/// Demo only: the counts the utility reads.
pub fn demo_router() -> Router<AppState> {
    Router::new().route("/demo/guidance/outcomes", get(counts))
}

/// A row of `guidance_needs`, by name.
struct NeedRow {
    code: String,
    name: Localized,
    way: String,
    page: Option<String>,
    channel: Option<String>,
    contact: Option<String>,
    service_code: Option<String>,
    how: Localized,
}

/// A visit need's service as `GET /services` has it: name, minutes, checklist.
struct ServiceRow {
    name: Localized,
    minutes: u32,
    checklist: String,
}

/// The answer of a need before the halls are added to a visit.
enum Stored {
    Ready(Answer),
    Visit { service: ServiceCode, row: ServiceRow, how: Localized },
}

fn need_rows(conn: &Connection) -> ApiResult<Vec<NeedRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT code, name, name_en, way, page, channel, contact, service_code, how, how_en FROM guidance_needs
         ORDER BY position, code",
    )?;
    let rows = statement
        .query_map([], |r| {
            Ok(NeedRow {
                code: r.get(0)?,
                name: Localized { zh: r.get(1)?, en: r.get(2)? },
                way: r.get(3)?,
                page: r.get(4)?,
                channel: r.get(5)?,
                contact: r.get(6)?,
                service_code: r.get(7)?,
                how: Localized { zh: r.get(8)?, en: r.get(9)? },
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn service_row(conn: &Connection, code: &ServiceCode) -> ApiResult<Option<ServiceRow>> {
    Ok(conn
        .prepare_cached("SELECT name, name_en, minutes, checklist FROM services WHERE code = ?1")?
        .query_row([code.as_str()], |r| {
            Ok(ServiceRow {
                name: Localized { zh: r.get(0)?, en: r.get(1)? },
                minutes: r.get(2)?,
                checklist: r.get(3)?,
            })
        })
        .optional()?)
}

/// A stored row as an answer; `None` (logged) for a visit whose service is not offered at all.
fn stored_answer(conn: &Connection, row: NeedRow) -> ApiResult<Option<(NeedCode, Localized, Stored)>> {
    let code = NeedCode::parse(&row.code).map_err(|_| ApiError::internal(format!("stored need {:?}", row.code)))?;
    let broken = |what: &str| ApiError::internal(format!("need {:?}: {what}", row.code));
    let stored = match (row.way.as_str(), row.page, row.channel.as_deref(), row.contact, row.service_code) {
        ("online", Some(page), _, _, _) => Stored::Ready(Answer::Online(OnlineAnswer {
            page: PortalPath::parse(&page).map_err(|e| broken(&e))?,
            how: row.how,
        })),
        ("other_way", _, Some(channel), Some(contact), _) => Stored::Ready(Answer::OtherWay(OtherWayAnswer {
            channel: if channel == "app" { Channel::App } else { Channel::Hotline },
            contact,
            how: row.how,
        })),
        ("visit", _, _, _, Some(service)) => {
            let service = ServiceCode::parse(&service).map_err(|_| broken("its service code"))?;
            let Some(service_row) = service_row(conn, &service)? else {
                tracing::warn!(need = %code, service = %service, "a visit need names a service that is not offered");
                return Ok(None);
            };
            Stored::Visit { service, row: service_row, how: row.how }
        }
        _ => return Err(broken("its way does not match its columns")),
    };
    Ok(Some((code, row.name, stored)))
}

async fn guidance(State(state): State<AppState>) -> ApiResult<Json<Vec<Guidance>>> {
    let stored = state
        .db
        .read(|conn| {
            let rows = need_rows(conn)?;
            let answers = rows.into_iter().map(|row| stored_answer(conn, row)).collect::<ApiResult<Vec<_>>>()?;
            Ok(answers.into_iter().flatten().collect::<Vec<_>>())
        })
        .await?;
    let mut needs = Vec::with_capacity(stored.len());
    for (need, name, stored) in stored {
        let answer = match stored {
            Stored::Ready(answer) => answer,
            Stored::Visit { service, row, how } => {
                let halls = listed_halls(&state, Some(&service)).await?;
                Answer::Visit(VisitAnswer {
                    service,
                    service_name: row.name,
                    minutes: row.minutes,
                    checklist: stored_checklist(&row.checklist)?,
                    how,
                    halls,
                })
            }
        };
        needs.push(Guidance { need, name, answer });
    }
    Ok(Json(needs))
}

/// How a need is answered (`online`, `other_way`, `visit`) and, for a visit, its service.
pub fn way_of(conn: &Connection, need: &NeedCode) -> ApiResult<Option<(String, Option<String>)>> {
    Ok(conn
        .prepare_cached("SELECT way, service_code FROM guidance_needs WHERE code = ?1")?
        .query_row([need.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn unknown_need() -> ApiError {
    ApiError::field(FieldError::new("need", FieldCode::OutOfRange, "need is not one of the needs of GET /guidance"))
}

/// Checks that a booking's need is answered by a visit for the service booked.
pub fn check_booked_need(conn: &Connection, need: &NeedCode, service: &ServiceCode) -> ApiResult<()> {
    match way_of(conn, need)? {
        None => Err(unknown_need()),
        Some((way, Some(code))) if way == "visit" && code == service.as_str() => Ok(()),
        Some(_) => Err(ApiError::field(FieldError::new(
            "need",
            FieldCode::OutOfRange,
            "need is not answered by a visit for this service",
        ))),
    }
}

/// Counted once per journey and need: a repeat, or another outcome later in the same journey,
/// changes nothing. An outcome must be the way the need is answered.
async fn record_outcome(State(state): State<AppState>, Body(request): Body<OutcomeRequest>) -> ApiResult<StatusCode> {
    let need = NeedCode::parse(&request.need);
    let journey = parse_journey(&request.journey).map(str::to_owned);
    let (need, journey) = match (need, journey) {
        (Ok(need), Ok(journey)) => (need, journey),
        (need, journey) => {
            return Err(ApiError::Validation(need.err().into_iter().chain(journey.err()).collect()));
        }
    };
    let now = state.clock.now().unix_seconds();
    state
        .db
        .call(move |conn| {
            let way = way_of(conn, &need)?.ok_or_else(unknown_need)?.0;
            if way != request.outcome.as_str() {
                return Err(ApiError::field(FieldError::new(
                    "outcome",
                    FieldCode::OutOfRange,
                    "outcome must be the way GET /guidance answers the need",
                )));
            }
            conn.execute(
                "INSERT OR IGNORE INTO guidance_outcomes (journey, need_code, outcome, at) VALUES (?1, ?2, ?3, ?4)",
                params![journey, need.as_str(), request.outcome.as_str(), now],
            )?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn counts(State(state): State<AppState>) -> ApiResult<Json<GuidanceCounts>> {
    let needs = state
        .db
        .read(|conn| {
            let mut statement = conn.prepare_cached(
                "SELECT n.code,
                    (SELECT COUNT(*) FROM guidance_outcomes o WHERE o.need_code = n.code AND o.outcome = 'online'),
                    (SELECT COUNT(*) FROM guidance_outcomes o WHERE o.need_code = n.code AND o.outcome = 'other_way'),
                    (SELECT COUNT(*) FROM appointments a WHERE a.need_code = n.code)
                 FROM guidance_needs n ORDER BY n.position, n.code",
            )?;
            let rows = statement
                .query_map([], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?, r.get::<_, u32>(2)?, r.get::<_, u32>(3)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(code, online, other_way, booked)| {
                    let need =
                        NeedCode::parse(&code).map_err(|_| ApiError::internal(format!("stored need {code:?}")))?;
                    Ok(NeedCounts { need, online, other_way, booked })
                })
                .collect::<ApiResult<Vec<_>>>()
        })
        .await?;
    let total = |count: fn(&NeedCounts) -> u32| needs.iter().map(count).sum::<u32>();
    Ok(Json(GuidanceCounts {
        online: total(|n| n.online),
        other_way: total(|n| n.other_way),
        booked: total(|n| n.booked),
        needs,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    #[test]
    fn every_seeded_need_has_a_whole_answer() {
        let db = Db::open_in_memory().expect("db");
        let today = contract::Date::parse("2026-11-30").expect("date");
        db.with_conn(|c| crate::seed::seed_if_empty(c, today)).expect("lock").expect("seed");
        let answers = db
            .with_conn(|conn| {
                let rows = need_rows(conn)?;
                rows.into_iter().map(|row| stored_answer(conn, row)).collect::<ApiResult<Vec<_>>>()
            })
            .expect("lock")
            .expect("answers");
        assert!(answers.len() >= 10, "{}", answers.len());
        assert!(answers.iter().all(Option::is_some), "every visit need names a service that is offered");
    }
}
