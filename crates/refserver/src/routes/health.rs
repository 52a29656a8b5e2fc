use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use contract::{Health, HealthStatus};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> Json<Health> {
    let database_ok =
        state.db.read(|conn| Ok(conn.prepare_cached("SELECT 1")?.query_row([], |r| r.get::<_, i64>(0))?)).await.is_ok();
    Json(Health {
        status: if database_ok { HealthStatus::Ok } else { HealthStatus::Degraded },
        version: env!("CARGO_PKG_VERSION").to_owned(),
        now: state.clock.now(),
        demo: state.settings.demo,
    })
}
