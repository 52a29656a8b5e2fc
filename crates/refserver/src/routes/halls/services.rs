//! The services halls offer, with their checklists.

use axum::extract::State;
use axum::Json;
use contract::{Localized, Service, ServiceCode};

use crate::error::{ApiError, ApiResult};
use crate::AppState;

pub fn stored_checklist(stored: &str) -> ApiResult<Vec<Localized>> {
    Ok(serde_json::from_str(stored)?)
}

pub(super) async fn services(State(state): State<AppState>) -> ApiResult<Json<Vec<Service>>> {
    let services = state
        .db
        .read(|conn| {
            let mut statement =
                conn.prepare_cached("SELECT code, name, name_en, minutes, checklist FROM services ORDER BY rowid")?;
            let rows = statement
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, u32>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(code, zh, en, minutes, checklist)| {
                    Ok(Service {
                        code: ServiceCode::parse(&code)
                            .map_err(|_| ApiError::internal(format!("stored service code {code:?}")))?,
                        name: Localized { zh, en },
                        minutes,
                        checklist: stored_checklist(&checklist)?,
                    })
                })
                .collect::<ApiResult<Vec<_>>>()
        })
        .await?;
    Ok(Json(services))
}
