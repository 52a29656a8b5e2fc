//! Service status: proves config → wasm → API → browser by showing the API's health.

use contract::{Health, HealthStatus};
use yew::prelude::*;

use crate::api::ApiError;
use crate::components::error_view::ErrorView;
use crate::components::page::Page;
use crate::i18n::AccountText;
use crate::i18n::{date_time, t, Text};
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

#[derive(Clone, PartialEq)]
enum Load {
    Checking,
    Done(Health),
    Failed(ApiError),
}

#[function_component(HealthPage)]
pub fn health_page() -> Html {
    let lang = use_lang();
    let api = use_api();
    let state = use_state(|| Load::Checking);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with(*attempt, move |_| {
            state.set(Load::Checking);
            wasm_bindgen_futures::spawn_local(async move {
                state.set(match api.health().await {
                    Ok(health) => Load::Done(health),
                    Err(e) => Load::Failed(e),
                });
            });
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |()| attempt.set(*attempt + 1))
    };
    let body = match &*state {
        Load::Checking => html! { <p class="status" aria-busy="true">{ t(lang, AccountText::HealthChecking) }</p> },
        Load::Done(health) => {
            let ok = health.status == HealthStatus::Ok;
            html! {
                <div class="card" data-testid="health" data-status={if ok { "ok" } else { "degraded" }} role="status">
                    <p class="status-line">{ t(lang, if ok { AccountText::HealthOk } else { AccountText::HealthDegraded }) }</p>
                    <dl>
                        <dt>{ t(lang, AccountText::HealthServerTime) }</dt>
                        <dd>{ date_time(lang, health.now) }</dd>
                        <dt>{ t(lang, AccountText::HealthVersion) }</dt>
                        <dd>{ health.version.clone() }</dd>
                    </dl>
                </div>
            }
        }
        Load::Failed(error) => html! { <ErrorView error={error.clone()} on_retry={retry} /> },
    };
    html! { <Page title={t(lang, Text::TitleHealth)}>{ body }</Page> }
}
