//! The last steps: contact details, what to bring, and the confirmation that books the visit,
//! once per press: its idempotency key stays with the draft until the booking is answered.

use crate::router::{use_navigator, Link};
use contract::BookingRequest;
use yew::prelude::*;

use super::{appointment_error, slot_label, BookingDraft, DRAFT};
use crate::api::{ApiError, Press};
use crate::app::Route;
use crate::components::consent::consent_line;
use crate::components::error_summary::ErrorSummary;
use crate::components::error_view::ErrorView;
use crate::components::field::{FormErrors, TextField};
use crate::components::load::{use_load, Load};
use crate::i18n::HallsText;
use crate::i18n::{date, t, SharedText, Text};
use crate::pages::halls::localized;
use crate::state::drafts;
use crate::state::prefs::use_lang;
use crate::state::session::{use_api, use_session};

#[derive(Properties, PartialEq)]
pub(super) struct DraftHandleProps {
    pub(super) draft: UseStateHandle<BookingDraft>,
}

#[function_component(ContactStep)]
pub(super) fn contact_step(props: &DraftHandleProps) -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let errors = use_state(FormErrors::default);
    let update = |edit: fn(&mut BookingDraft, String)| {
        let draft = props.draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            edit(&mut next, value);
            drafts::save(DRAFT, &next);
            draft.set(next);
        })
    };
    let submit = {
        let (draft, errors) = (props.draft.clone(), errors.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut problems = Vec::new();
            let name = draft.contact_name.trim().chars().count();
            if name == 0 {
                problems.push(contract::FieldError::new("contact_name", contract::FieldCode::Required, "required"));
            } else if name > 30 {
                problems.push(contract::FieldError::new("contact_name", contract::FieldCode::TooLong, "too long"));
            }
            if let Err(e) = contract::Phone::parse(&draft.contact_phone) {
                problems.push(e.for_field("contact_phone", "a mobile number"));
            }
            if problems.is_empty() {
                errors.set(FormErrors::default());
                if let Some(nav) = &navigator {
                    nav.push(&Route::Book { step: "bring".into() });
                }
            } else {
                errors.set(FormErrors { fields: problems, general: None });
            }
        })
    };
    html! {
        <>
            <ErrorSummary problems={errors.problems(lang)} />
            <form onsubmit={submit} novalidate=true data-testid="contact-form">
                <TextField id="contact_name" label={t(lang, HallsText::ContactName)} value={props.draft.contact_name.clone()}
                    on_input={update(|d, v| d.contact_name = v)} autocomplete="name" maxlength={30}
                    error={errors.for_field(lang, "contact_name")} />
                <TextField id="contact_phone" label={t(lang, Text::PhoneLabel)} value={props.draft.contact_phone.clone()}
                    on_input={update(|d, v| d.contact_phone = v)} inputmode="tel" autocomplete="tel" maxlength={20}
                    error={errors.for_field(lang, "contact_phone")} />
                <button type="submit" class="button">{ t(lang, HallsText::Continue) }</button>
                { consent_line(lang, t(lang, HallsText::ConsentBooking)) }
            </form>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct DraftProps {
    pub(super) draft: BookingDraft,
}

#[function_component(BringStep)]
pub(super) fn bring_step(props: &DraftProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let (services, retry) = use_load((), move |()| {
        let api = api.clone();
        async move { api.services().await }
    });
    let service = match &*services {
        Load::Ready(list) => list.iter().find(|s| Some(&s.code) == props.draft.service.as_ref()).cloned(),
        _ => None,
    };
    match (&*services, service) {
        (Load::Failed(e), _) => html! { <ErrorView error={e.clone()} on_retry={retry} /> },
        (_, Some(service)) => html! {
            <>
                <p>{ t(lang, HallsText::BringIntro) }</p>
                <ul class="checklist" data-testid="checklist">
                    { for service.checklist.iter().map(|item| html! { <li>{ localized(lang, item) }</li> }) }
                </ul>
                <Link<Route> to={Route::Book { step: "confirm".into() }} classes="button">{ t(lang, HallsText::Continue) }</Link<Route>>
            </>
        },
        _ => html! { <div class="skeleton" aria-hidden="true"></div> },
    }
}

#[function_component(ConfirmStep)]
pub(super) fn confirm_step(props: &DraftHandleProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let session = use_session();
    let navigator = use_navigator();
    let error = use_state(|| Option::<ApiError>::None);
    let busy = use_state(|| false);
    // Set synchronously: a second click before the next render finds it.
    let in_flight = use_mut_ref(|| false);
    let d = &*props.draft;
    let (Some(service), Some(hall), Some(starts_at)) = (d.service.clone(), d.hall, d.starts_at) else {
        return Html::default();
    };
    // The summary names the service and the hall, not only the time: what the customer
    // checks before confirming.
    let (choices, _) = {
        let api = api.clone();
        use_load((), move |()| {
            let api = api.clone();
            async move {
                let services = api.services().await?;
                let halls = api.halls(None).await?;
                Ok((services, halls))
            }
        })
    };
    let account = session.current_account().map(|a| a.account_no.to_string()).unwrap_or_default();
    let request = BookingRequest {
        account_no: account.clone(),
        hall_id: hall,
        service: service.to_string(),
        starts_at,
        contact_name: d.contact_name.clone(),
        contact_phone: d.contact_phone.clone(),
    };
    let confirm = {
        let (draft, error, busy) = (props.draft.clone(), error.clone(), busy.clone());
        Callback::from(move |()| {
            if *in_flight.borrow() {
                return;
            }
            // The press is kept with the draft: a retry, or a press after a reload, sends the same key.
            let press = Press::of(draft.press.as_ref(), &request);
            let pressed = BookingDraft { press: Some(press.clone()), ..(*draft).clone() };
            drafts::save(DRAFT, &pressed);
            draft.set(pressed.clone());
            *in_flight.borrow_mut() = true;
            busy.set(true);
            error.set(None);
            let (api, draft, error, busy, in_flight, navigator) =
                (api.clone(), draft.clone(), error.clone(), busy.clone(), in_flight.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api.book(&press.request, &press.key).await {
                    Ok(appointment) => {
                        drafts::clear(DRAFT);
                        if let Some(nav) = navigator {
                            nav.replace(&Route::Appointment { id: appointment.id.0 });
                        }
                    }
                    Err(e) => {
                        let answered = BookingDraft { press: press.after(Err(&e)), ..pressed };
                        drafts::save(DRAFT, &answered);
                        draft.set(answered);
                        error.set(Some(e));
                    }
                }
                *in_flight.borrow_mut() = false;
                busy.set(false);
            });
        })
    };
    let problem = (*error).clone().map(|e| {
        if e.is_transient() {
            return html! { <ErrorView error={e} on_retry={confirm.clone()} /> };
        }
        let message = appointment_error(lang, &e);
        html! {
            <div class="notice notice-error" role="alert" data-testid="booking-error">
                <p>{ message }</p>
                <Link<Route> to={Route::Book { step: "slot".into() }}>{ t(lang, HallsText::ChooseAnotherSlot) }</Link<Route>>
            </div>
        }
    });
    let day = contract::Date::of(starts_at);
    // Until the names arrive (or if they cannot), the step names what it can; the booking
    // itself needs only the draft.
    let (service_name, hall_name) = match &*choices {
        Load::Ready((services, halls)) => (
            services.iter().find(|s| s.code == service).map(|s| localized(lang, &s.name)),
            halls.iter().find(|h| h.id == hall).map(|h| format!("{} · {}", h.name, h.address)),
        ),
        _ => (None, None),
    };
    html! {
        <>
            { for problem }
            <dl class="card" data-testid="booking-summary">
                <dt>{ t(lang, HallsText::SummaryService) }</dt><dd data-testid="summary-service">{ service_name.unwrap_or_else(|| service.to_string()) }</dd>
                <dt>{ t(lang, HallsText::SummaryHall) }</dt><dd data-testid="summary-hall">{ hall_name.unwrap_or_default() }</dd>
                <dt>{ t(lang, Text::AccountNoLabel) }</dt><dd>{ account }</dd>
                <dt>{ t(lang, SharedText::StepDate) }</dt><dd>{ date(lang, day) }{ " " }{ slot_label(starts_at, starts_at.plus_seconds(1800)) }</dd>
                <dt>{ t(lang, HallsText::ContactName) }</dt><dd>{ d.contact_name.clone() }</dd>
                <dt>{ t(lang, Text::PhoneLabel) }</dt><dd>{ d.contact_phone.clone() }</dd>
            </dl>
            <button type="button" class="button" onclick={confirm.reform(|_| ())} disabled={*busy} data-testid="confirm-booking">
                { t(lang, HallsText::ConfirmBooking) }
            </button>
        </>
    }
}
