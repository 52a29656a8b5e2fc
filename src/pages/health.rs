//! The first page: proves config → wasm → API → browser by showing the API's health.

use std::rc::Rc;

use contract::{Health, HealthStatus};
use yew::prelude::*;

use crate::api::{ApiError, Backend};
use crate::app::current_lang;
use crate::config::Config;
use crate::i18n::{date_time, t, Lang, Text};

#[derive(Clone, PartialEq)]
enum Load {
    Checking,
    Done(Health),
    Failed(ApiError),
}

pub fn error_text(error: &ApiError) -> Text {
    match error {
        ApiError::Network => Text::ErrorNetwork,
        ApiError::Timeout => Text::ErrorTimeout,
        ApiError::Unauthorized => Text::ErrorUnauthorized,
        ApiError::NotFound => Text::ErrorNotFound,
        ApiError::Conflict => Text::ErrorConflict,
        ApiError::Validation(_) => Text::ErrorValidation,
        ApiError::RateLimited { .. } => Text::ErrorRateLimited,
        ApiError::Refused(_) => Text::ErrorRefused,
        ApiError::Server => Text::ErrorServer,
    }
}

#[function_component(HealthPage)]
pub fn health_page() -> Html {
    let lang = current_lang();
    let config = use_context::<Rc<Config>>();
    let state = use_state(|| Load::Checking);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        let backend = config.as_ref().map(|c| Backend { base: c.api_base.clone() });
        use_effect_with(*attempt, move |_| {
            state.set(Load::Checking);
            if let Some(backend) = backend {
                wasm_bindgen_futures::spawn_local(async move {
                    state.set(match backend.health().await {
                        Ok(health) => Load::Done(health),
                        Err(e) => Load::Failed(e),
                    });
                });
            }
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    html! {
        <section aria-labelledby="page-title">
            <h1 id="page-title" tabindex="-1">{ t(lang, Text::HealthTitle) }</h1>
            { view(lang, &state, retry) }
        </section>
    }
}

fn view(lang: Lang, state: &Load, retry: Callback<MouseEvent>) -> Html {
    match state {
        Load::Checking => html! { <p class="status" aria-busy="true">{ t(lang, Text::HealthChecking) }</p> },
        Load::Done(health) => {
            let ok = health.status == HealthStatus::Ok;
            html! {
                <div class="status" data-testid="health" data-status={if ok { "ok" } else { "degraded" }} role="status">
                    <p class="status-line">{ t(lang, if ok { Text::HealthOk } else { Text::HealthDegraded }) }</p>
                    <dl>
                        <dt>{ t(lang, Text::HealthServerTime) }</dt>
                        <dd>{ date_time(lang, health.now) }</dd>
                        <dt>{ t(lang, Text::HealthVersion) }</dt>
                        <dd>{ health.version.clone() }</dd>
                    </dl>
                </div>
            }
        }
        Load::Failed(error) => html! {
            <div class="error" role="alert" data-testid="health-error">
                <p>{ t(lang, error_text(error)) }</p>
                <button type="button" class="button" onclick={retry}>{ t(lang, Text::Retry) }</button>
            </div>
        },
    }
}
