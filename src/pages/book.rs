//! Booking a hall visit, one thing per step: service → hall → date → slot →
//! contact → what to bring → confirm. Each step is its own route, so the back
//! button goes one step back; choices live in a draft, so nothing is lost.

use contract::{BookingRequest, Date, ErrorCode, HallId, ServiceCode, Timestamp};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::app::Route;
use crate::components::error_summary::ErrorSummary;
use crate::components::error_view::{error_message, ErrorView};
use crate::components::field::{FormErrors, TextField};
use crate::components::load::{use_load, Load};
use crate::components::page::Page;
use crate::i18n::{date, t, tf, Text};
use crate::pages::halls::localized;
use crate::state::drafts;
use crate::state::prefs::use_lang;
use crate::state::session::{use_api, use_session};

const DRAFT: &str = "booking";

#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BookingDraft {
    pub service: Option<ServiceCode>,
    pub hall: Option<HallId>,
    pub date: Option<Date>,
    pub starts_at: Option<Timestamp>,
    pub contact_name: String,
    pub contact_phone: String,
}

pub const STEPS: [&str; 7] = ["service", "hall", "date", "slot", "contact", "bring", "confirm"];

/// The first step whose earlier choices are missing, if the customer skipped ahead.
fn first_missing(draft: &BookingDraft) -> &'static str {
    match draft {
        BookingDraft { service: None, .. } => "service",
        BookingDraft { hall: None, .. } => "hall",
        BookingDraft { date: None, .. } => "date",
        BookingDraft { starts_at: None, .. } => "slot",
        _ => "contact",
    }
}

fn step_index(step: &str) -> usize {
    STEPS.iter().position(|s| *s == step).unwrap_or(0)
}

/// `09:00–09:30`
pub fn slot_label(starts: Timestamp, ends: Timestamp) -> String {
    let ((h1, m1), (h2, m2)) = (starts.china_hour_minute(), ends.china_hour_minute());
    format!("{h1:02}:{m1:02}–{h2:02}:{m2:02}")
}

#[derive(Properties, PartialEq)]
pub struct BookPageProps {
    pub step: AttrValue,
}

#[function_component(BookPage)]
pub fn book_page(props: &BookPageProps) -> Html {
    let lang = use_lang();
    let navigator = use_navigator();
    let draft = use_state(|| drafts::load::<BookingDraft>(DRAFT));
    let step = props.step.to_string();
    // A step is shown once every earlier choice is made; otherwise go to the first one missing.
    let missing = first_missing(&draft);
    let allowed = STEPS.contains(&step.as_str()) && (missing == "contact" || step_index(&step) <= step_index(missing));
    {
        let (navigator, step) = (navigator.clone(), step.clone());
        use_effect_with((allowed, step), move |(allowed, _)| {
            if !allowed {
                if let Some(nav) = navigator {
                    nav.replace(&Route::Book { step: missing.into() });
                }
            }
        });
    }
    // Saves a choice and goes to the next step.
    let choose = {
        let (draft, navigator) = (draft.clone(), navigator.clone());
        Callback::from(move |(next, edit): (&'static str, Edit)| {
            let mut updated = (*draft).clone();
            edit(&mut updated);
            drafts::save(DRAFT, &updated);
            draft.set(updated);
            if let Some(nav) = &navigator {
                nav.push(&Route::Book { step: next.into() });
            }
        })
    };
    let progress = tf(lang, Text::StepOf, &[&(step_index(&step) + 1).to_string(), &STEPS.len().to_string()]);
    let body = if !allowed {
        Html::default()
    } else {
        match step.as_str() {
            "service" => html! { <ServiceStep draft={(*draft).clone()} choose={choose} /> },
            "hall" => html! { <HallStep draft={(*draft).clone()} choose={choose} /> },
            "date" => html! { <DateStep draft={(*draft).clone()} choose={choose} /> },
            "slot" => html! { <SlotStep draft={(*draft).clone()} choose={choose} /> },
            "contact" => html! { <ContactStep draft={draft.clone()} /> },
            "bring" => html! { <BringStep draft={(*draft).clone()} /> },
            _ => html! { <ConfirmStep draft={(*draft).clone()} /> },
        }
    };
    let title = match step.as_str() {
        "service" => Text::StepService,
        "hall" => Text::StepHall,
        "date" => Text::StepDate,
        "slot" => Text::StepSlot,
        "contact" => Text::StepContact,
        "bring" => Text::StepBring,
        _ => Text::StepConfirm,
    };
    html! {
        <Page {title}>
            <p class="hint" data-testid="step">{ progress }</p>
            { body }
        </Page>
    }
}

/// A change to the draft.
type Edit = Box<dyn Fn(&mut BookingDraft)>;
/// Saves an edit and goes to the named step.
type Choose = Callback<(&'static str, Edit)>;

#[derive(Properties, PartialEq)]
struct StepProps {
    draft: BookingDraft,
    choose: Choose,
}

pub fn option_button(label: Html, chosen: bool, disabled: bool, onclick: Callback<MouseEvent>, testid: String) -> Html {
    html! {
        <li>
            <button type="button" class={classes!("option", chosen.then_some("option-chosen"))} aria-pressed={chosen.to_string()}
                {disabled} {onclick} data-testid={testid}>{ label }</button>
        </li>
    }
}

#[function_component(ServiceStep)]
fn service_step(props: &StepProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let (services, retry) = use_load((), move |()| {
        let api = api.clone();
        async move { api.services().await }
    });
    match &*services {
        Load::Loading => html! { <div class="skeleton" aria-hidden="true"></div> },
        Load::Failed(e) => html! { <ErrorView error={e.clone()} on_retry={retry} /> },
        Load::Ready(list) => html! {
            <ul class="options">
                { for list.iter().map(|s| {
                    let code = s.code.clone();
                    let choose = props.choose.clone();
                    let onclick = Callback::from(move |_| {
                        let code = code.clone();
                        choose.emit(("hall", Box::new(move |d: &mut BookingDraft| {
                            if d.service.as_ref() != Some(&code) {
                                *d = BookingDraft { service: Some(code.clone()), contact_name: d.contact_name.clone(), contact_phone: d.contact_phone.clone(), ..BookingDraft::default() };
                            }
                        })));
                    });
                    option_button(html! { localized(lang, &s.name) }, props.draft.service.as_ref() == Some(&s.code), false, onclick, format!("service-{}", s.code))
                }) }
            </ul>
        },
    }
}

#[function_component(HallStep)]
fn hall_step(props: &StepProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let (halls, retry) = use_load(props.draft.service.clone(), move |service| {
        let api = api.clone();
        async move { api.halls(service.as_ref()).await }
    });
    match &*halls {
        Load::Loading => html! { <div class="skeleton" aria-hidden="true"></div> },
        Load::Failed(e) => html! { <ErrorView error={e.clone()} on_retry={retry} /> },
        Load::Ready(list) => html! {
            <ul class="options">
                { for list.iter().map(|h| {
                    let (id, choose) = (h.id, props.choose.clone());
                    let onclick = Callback::from(move |_| {
                        choose.emit(("date", Box::new(move |d: &mut BookingDraft| {
                            if d.hall != Some(id) {
                                d.hall = Some(id);
                                d.date = None;
                                d.starts_at = None;
                            }
                        })));
                    });
                    let label = html! { <>
                        <strong>{ h.name.clone() }</strong><br />{ h.address.clone() }<br />
                        { tf(lang, Text::QueueNow, &[&h.queue_length.to_string(), &h.expected_wait_minutes.to_string()]) }
                    </> };
                    option_button(label, props.draft.hall == Some(h.id), false, onclick, format!("hall-{}", h.id))
                }) }
            </ul>
        },
    }
}

pub const WEEKDAYS: [Text; 7] = [Text::Mon, Text::Tue, Text::Wed, Text::Thu, Text::Fri, Text::Sat, Text::Sun];

#[function_component(DateStep)]
fn date_step(props: &StepProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let (dates, retry) = use_load((props.draft.hall, props.draft.service.clone()), move |(hall, service)| {
        let api = api.clone();
        async move {
            match (hall, service) {
                (Some(hall), Some(service)) => api.open_dates(hall, &service).await,
                _ => Err(ApiError::NotFound),
            }
        }
    });
    match &*dates {
        Load::Loading => html! { <div class="skeleton" aria-hidden="true"></div> },
        Load::Failed(e) => html! { <ErrorView error={e.clone()} on_retry={retry} /> },
        Load::Ready(open) => html! {
            <ul class="options options-grid">
                { for open.dates.iter().map(|day| {
                    let (day, choose) = (*day, props.choose.clone());
                    let onclick = Callback::from(move |_| {
                        choose.emit(("slot", Box::new(move |d: &mut BookingDraft| {
                            if d.date != Some(day) {
                                d.date = Some(day);
                                d.starts_at = None;
                            }
                        })));
                    });
                    let label = html! { <>{ date(lang, day) }<br />{ t(lang, WEEKDAYS[usize::from(day.weekday())]) }</> };
                    option_button(label, props.draft.date == Some(day), false, onclick, format!("date-{day}"))
                }) }
            </ul>
        },
    }
}

#[function_component(SlotStep)]
fn slot_step(props: &StepProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let key = (props.draft.hall, props.draft.service.clone(), props.draft.date);
    let (slots, retry) = use_load(key, move |(hall, service, day)| {
        let api = api.clone();
        async move {
            match (hall, service, day) {
                (Some(hall), Some(service), Some(day)) => api.slots(hall, &service, day).await,
                _ => Err(ApiError::NotFound),
            }
        }
    });
    match &*slots {
        Load::Loading => html! { <div class="skeleton" aria-hidden="true"></div> },
        Load::Failed(e) => html! { <ErrorView error={e.clone()} on_retry={retry} /> },
        Load::Ready(day) if day.slots.is_empty() => html! { <p class="notice">{ t(lang, Text::NoSlots) }</p> },
        Load::Ready(day) => html! {
            <ul class="options options-grid">
                { for day.slots.iter().map(|slot| {
                    let (starts, choose) = (slot.starts_at, props.choose.clone());
                    let onclick = Callback::from(move |_| {
                        choose.emit(("contact", Box::new(move |d: &mut BookingDraft| d.starts_at = Some(starts))));
                    });
                    let label = html! { <>
                        { slot_label(slot.starts_at, slot.ends_at) }<br />
                        { if slot.remaining == 0 { t(lang, Text::SlotFull).to_owned() } else { tf(lang, Text::SeatsLeft, &[&slot.remaining.to_string()]) } }
                    </> };
                    option_button(label, props.draft.starts_at == Some(slot.starts_at), slot.remaining == 0, onclick,
                        format!("slot-{}", slot_label(slot.starts_at, slot.ends_at).replace(['–', ':'], "")))
                }) }
            </ul>
        },
    }
}

#[derive(Properties, PartialEq)]
struct ContactProps {
    draft: UseStateHandle<BookingDraft>,
}

#[function_component(ContactStep)]
fn contact_step(props: &ContactProps) -> Html {
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
                <TextField id="contact_name" label={t(lang, Text::ContactName)} value={props.draft.contact_name.clone()}
                    on_input={update(|d, v| d.contact_name = v)} autocomplete="name" maxlength={30}
                    error={errors.for_field(lang, "contact_name")} />
                <TextField id="contact_phone" label={t(lang, Text::PhoneLabel)} value={props.draft.contact_phone.clone()}
                    on_input={update(|d, v| d.contact_phone = v)} inputmode="tel" autocomplete="tel" maxlength={20}
                    error={errors.for_field(lang, "contact_phone")} />
                <button type="submit" class="button">{ t(lang, Text::Continue) }</button>
            </form>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct DraftProps {
    draft: BookingDraft,
}

#[function_component(BringStep)]
fn bring_step(props: &DraftProps) -> Html {
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
                <p>{ t(lang, Text::BringIntro) }</p>
                <ul class="checklist" data-testid="checklist">
                    { for service.checklist.iter().map(|item| html! { <li>{ localized(lang, item) }</li> }) }
                </ul>
                <Link<Route> to={Route::Book { step: "confirm".into() }} classes="button">{ t(lang, Text::Continue) }</Link<Route>>
            </>
        },
        _ => html! { <div class="skeleton" aria-hidden="true"></div> },
    }
}

#[function_component(ConfirmStep)]
fn confirm_step(props: &DraftProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let session = use_session();
    let navigator = use_navigator();
    let error = use_state(|| Option::<String>::None);
    let busy = use_state(|| false);
    let d = &props.draft;
    let (Some(service), Some(hall), Some(starts_at)) = (d.service.clone(), d.hall, d.starts_at) else {
        return Html::default();
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
        let (error, busy) = (error.clone(), busy.clone());
        Callback::from(move |_| {
            let (api, request, error, busy, navigator) =
                (api.clone(), request.clone(), error.clone(), busy.clone(), navigator.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api.book(&request).await {
                    Ok(appointment) => {
                        drafts::clear(DRAFT);
                        if let Some(nav) = navigator {
                            nav.replace(&Route::Appointment { id: appointment.id.0 });
                        }
                    }
                    Err(ApiError::Refused(ErrorCode::SlotFull)) | Err(ApiError::Conflict) => {
                        error.set(Some(t(lang, Text::SlotTaken).to_owned()))
                    }
                    Err(e) => error.set(Some(error_message(lang, &e))),
                }
                busy.set(false);
            });
        })
    };
    let day = contract::Date::of(starts_at);
    html! {
        <>
            { for (*error).clone().map(|m| html! {
                <div class="notice notice-error" role="alert" data-testid="booking-error">
                    <p>{ m }</p>
                    <Link<Route> to={Route::Book { step: "slot".into() }}>{ t(lang, Text::ChooseAnotherSlot) }</Link<Route>>
                </div>
            }) }
            <dl class="card" data-testid="booking-summary">
                <dt>{ t(lang, Text::AccountNoLabel) }</dt><dd>{ account }</dd>
                <dt>{ t(lang, Text::StepDate) }</dt><dd>{ date(lang, day) }{ " " }{ slot_label(starts_at, starts_at.plus_seconds(1800)) }</dd>
                <dt>{ t(lang, Text::ContactName) }</dt><dd>{ d.contact_name.clone() }</dd>
                <dt>{ t(lang, Text::PhoneLabel) }</dt><dd>{ d.contact_phone.clone() }</dd>
            </dl>
            <button type="button" class="button" onclick={confirm} disabled={*busy} data-testid="confirm-booking">
                { t(lang, Text::ConfirmBooking) }
            </button>
        </>
    }
}
