//! The last steps: contact details, what to bring, and the confirmation that books the visit,
//! once per press: its idempotency key stays with the draft until the booking is answered.

use crate::router::{link, use_navigator};
use contract::BookingRequest;
use yew::prelude::*;

use super::{appointment_error, slot_label, BookingDraft, DRAFT};
use crate::app::Route;
use crate::components::consent::consent_line;
use crate::components::error_summary::ErrorSummary;
use crate::components::field::TextField;
use crate::i18n::HallsText;
use crate::i18n::{date, t, SharedText, Text};
use crate::kit::form::retry_button;
use crate::kit::{send_once, use_api_load, use_submit, Draft, FormErrors, Keep};
use crate::pages::halls::localized;
use crate::state::prefs::use_lang;
use crate::state::session::{use_api, use_session};

#[derive(Properties, PartialEq)]
pub(super) struct DraftHandleProps {
    pub(super) draft: Draft<BookingDraft>,
}

#[function_component(ContactStep)]
pub(super) fn contact_step(props: &DraftHandleProps) -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let checks = use_submit();
    let draft = &props.draft;
    let submit = {
        let (draft, checks) = (props.draft.clone(), checks.clone());
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
            checks.show(FormErrors::of_fields(lang, &problems));
            if problems.is_empty() {
                if let Some(nav) = &navigator {
                    nav.push(&Route::Book { step: "bring".into() });
                }
            }
        })
    };
    html! {
        <>
            <ErrorSummary errors={checks.errors().clone()} />
            <form onsubmit={submit} novalidate=true data-testid="contact-form">
                <TextField id="contact_name" label={t(lang, HallsText::ContactName)} value={draft.contact_name.clone()}
                    on_input={draft.field(|d, v| d.contact_name = v)} autocomplete="name" maxlength={30}
                    error={checks.errors().for_field("contact_name")} />
                <TextField id="contact_phone" label={t(lang, Text::PhoneLabel)} value={draft.contact_phone.clone()}
                    on_input={draft.field(|d, v| d.contact_phone = v)} inputmode="tel" autocomplete="tel" maxlength={20}
                    error={checks.errors().for_field("contact_phone")} />
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
    let services = use_api_load((), |api, ()| async move { api.services().await });
    services.view(|list| match list.iter().find(|s| Some(&s.code) == props.draft.service.as_ref()) {
        Some(service) => html! {
            <>
                <p>{ t(lang, HallsText::BringIntro) }</p>
                <ul class="checklist" data-testid="checklist">
                    { for service.checklist.iter().map(|item| html! { <li>{ localized(lang, item) }</li> }) }
                </ul>
                { link(&Route::Book { step: "confirm".into() }, "button", t(lang, HallsText::Continue)) }
            </>
        },
        // The draft names a service the utility no longer offers: choose again.
        None => html! {
            { link(&Route::Book { step: "service".into() }, "button", t(lang, SharedText::StepService)) }
        },
    })
}

#[function_component(ConfirmStep)]
pub(super) fn confirm_step(props: &DraftHandleProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let session = use_session();
    let navigator = use_navigator();
    let submit = use_submit();
    let d = &*props.draft;
    let (Some(service), Some(hall), Some(starts_at)) = (d.service.clone(), d.hall, d.starts_at) else {
        return Html::default();
    };
    // The summary names the service and the hall, not only the time: what the customer
    // checks before confirming.
    let choices = use_api_load((), |api, ()| async move {
        let services = api.services().await?;
        let halls = api.halls(None).await?;
        Ok((services, halls))
    });
    let account = session.current_account().map(|a| a.account_no.to_string()).unwrap_or_default();
    let request = BookingRequest {
        account_no: account.clone(),
        hall_id: hall,
        service: service.to_string(),
        starts_at,
        contact_name: d.contact_name.clone(),
        contact_phone: d.contact_phone.clone(),
        need: d.need.as_ref().map(ToString::to_string),
    };
    let confirm = {
        let (draft, submit) = (props.draft.clone(), submit.clone());
        Callback::from(move |()| {
            let (api, draft, navigator, request) = (api.clone(), draft.clone(), navigator.clone(), request.clone());
            submit.run(async move {
                // The press is kept with the draft: a retry, or a press after a reload, sends the same key.
                let booked = send_once(Keep::Draft(DRAFT), request, |r, key| async move { api.book(&r, &key).await })
                    .await
                    .map_err(|e| match e.is_transient() {
                        true => FormErrors::from_api(lang, &e, FormErrors::no_refusal),
                        false => FormErrors::general(appointment_error(lang, &e)),
                    })?;
                draft.forget();
                if let Some(nav) = navigator {
                    nav.replace(&Route::Appointment { id: booked.id.0 });
                }
                Ok(())
            });
        })
    };
    let errors = submit.errors();
    // A refusal (slot taken, too many appointments…): another slot is the way on.
    let another_slot = (!errors.is_empty() && !errors.retry).then(|| {
        html! {
            <p data-testid="booking-error">
                { link(&Route::Book { step: "slot".into() }, "", t(lang, HallsText::ChooseAnotherSlot)) }
            </p>
        }
    });
    let day = contract::Date::of(starts_at);
    // Until the names arrive (or if they cannot), the step names what it can; the booking
    // itself needs only the draft.
    let (service_name, hall_name) = match choices.ready() {
        Some((services, halls)) => (
            services.iter().find(|s| s.code == service).map(|s| localized(lang, &s.name)),
            halls.iter().find(|h| h.id == hall).map(|h| format!("{} · {}", h.name, h.address)),
        ),
        None => (None, None),
    };
    html! {
        <>
            <ErrorSummary errors={errors.clone()}>{ retry_button(lang, errors, &confirm) }{ for another_slot }</ErrorSummary>
            <dl class="card" data-testid="booking-summary">
                <dt>{ t(lang, HallsText::SummaryService) }</dt><dd data-testid="summary-service">{ service_name.unwrap_or_else(|| service.to_string()) }</dd>
                <dt>{ t(lang, HallsText::SummaryHall) }</dt><dd data-testid="summary-hall">{ hall_name.unwrap_or_default() }</dd>
                <dt>{ t(lang, Text::AccountNoLabel) }</dt><dd>{ account }</dd>
                <dt>{ t(lang, SharedText::StepDate) }</dt><dd>{ date(lang, day) }{ " " }{ slot_label(starts_at, starts_at.plus_seconds(1800)) }</dd>
                <dt>{ t(lang, HallsText::ContactName) }</dt><dd>{ d.contact_name.clone() }</dd>
                <dt>{ t(lang, Text::PhoneLabel) }</dt><dd>{ d.contact_phone.clone() }</dd>
            </dl>
            <button type="button" class="button" onclick={confirm.reform(|_| ())} disabled={submit.busy()} data-testid="confirm-booking">
                { t(lang, HallsText::ConfirmBooking) }
            </button>
        </>
    }
}
