//! A whole page made with the kit, to copy when starting a page. It is not routed.
//!
//! It lists the customer's appointments and has a form that cancels one by its
//! reference code: a load with its loading, empty and failed views; a draft that
//! survives a reload; a submit that runs once per press, with its key kept
//! beside the draft, and its errors beside the field and in the summary.
//!
//! The pattern, top to bottom: hooks first (language, API, loads, draft, submit);
//! then callbacks, each cloning only what it uses; then the view, where every
//! text comes from `i18n` and every value a test reads has a `data-testid`.

use contract::{Appointment, ErrorCode};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::components::error_summary::ErrorSummary;
use crate::components::field::TextField;
use crate::components::page::Page;
use crate::i18n::{t, HallsText, Lang, Text};
use crate::kit::{self, send_once, use_draft, use_load, use_submit, FormErrors, Keep};
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

/// The draft's name in storage: one per form.
const DRAFT: &str = "example-cancel";

/// What the customer types: only what they would hate to type again.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
struct Draft {
    code: String,
}

/// The page's own words for the refusals it expects; the rest get the shared sentence.
fn refusal(lang: Lang, code: ErrorCode) -> Option<FormErrors> {
    match code {
        ErrorCode::AppointmentLocked => Some(FormErrors::general(t(lang, HallsText::ErrAppointmentLocked))),
        _ => None,
    }
}

#[function_component(ExamplePage)]
pub fn example_page() -> Html {
    let lang = use_lang();
    let api = use_api();
    let list = {
        let api = api.clone();
        use_load((), move |()| {
            let api = api.clone();
            async move { api.appointments().await }
        })
    };
    let draft = use_draft::<Draft>(DRAFT);
    let submit = use_submit();

    let on_submit = {
        let (api, list, draft, submit) = (api.clone(), list.clone(), draft.clone(), submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // The form's own check first: nothing is sent when it fails.
            let found = list.ready().and_then(|l| l.iter().find(|a| a.code == draft.code.trim())).map(|a| a.id);
            let Some(id) = found else {
                submit.show(FormErrors::default().with_field("code", t(lang, Text::FieldInvalid)));
                return;
            };
            let (api, list, draft) = (api.clone(), list.clone(), draft.clone());
            submit.run(async move {
                let cancelled: Appointment =
                    send_once(Keep::Draft(DRAFT), id, |id, key| async move { api.cancel_appointment(id, &key).await })
                        .await
                        .map_err(|e| FormErrors::from_api(lang, &e, refusal))?;
                draft.clear();
                list.update(|items| {
                    items.iter_mut().filter(|a| a.id == cancelled.id).for_each(|a| *a = cancelled.clone())
                });
                Ok(())
            });
        })
    };

    let body = list.view_list(kit::empty("no-appointments", t(lang, HallsText::NoAppointments)), |items| {
        html! {
            <ul class="account-list">
                { for items.iter().map(|a| html! { <li class="card" data-testid="appointment">{ a.code.clone() }</li> }) }
            </ul>
        }
    });
    html! {
        <Page title={t(lang, Text::MyAppointments)}>
            <ErrorSummary errors={submit.errors().clone()} />
            { body }
            <form onsubmit={on_submit} novalidate=true>
                <TextField id="code" label={t(lang, HallsText::ReferenceCode)} value={draft.code.clone()}
                    on_input={draft.field(|d, v| d.code = v)} error={submit.errors().for_field("code")} />
                <button type="submit" class="button button-danger" disabled={submit.busy()}>
                    { t(lang, HallsText::CancelAppointment) }
                </button>
            </form>
        </Page>
    }
}
