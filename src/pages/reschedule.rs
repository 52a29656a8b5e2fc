//! Moving an appointment to another day or time at the same hall. The server
//! makes the move atomic: if the new slot is gone, the old booking stays.

use crate::router::{use_navigator, Link};
use contract::{AppointmentId, AppointmentStatus, Date, ErrorCode, Timestamp};
use yew::prelude::*;

use crate::api::{ApiError, Press};
use crate::app::Route;
use crate::components::error_view::ErrorView;
use crate::components::load::{use_load, Load};
use crate::components::page::Page;
use crate::config::use_config;
use crate::i18n::HallsText;
use crate::i18n::{date, date_time, t, tf, SharedText, Text};
use crate::pages::appointments::{changeable, device_now};
use crate::pages::book::{appointment_error, option_button, slot_label, WEEKDAYS};
use crate::state::drafts;
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

#[derive(Properties, PartialEq)]
pub struct ReschedulePageProps {
    pub id: i64,
}

#[function_component(ReschedulePage)]
pub fn reschedule_page(props: &ReschedulePageProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let navigator = use_navigator();
    let id = AppointmentId(props.id);
    let day = use_state(|| Option::<Date>::None);
    let reload = use_state(|| 0u32);
    let message = use_state(|| Option::<String>::None);
    let (appointment, retry) = {
        let api = api.clone();
        use_load(id, move |id| {
            let api = api.clone();
            async move { api.appointment(id).await }
        })
    };
    let place = match &*appointment {
        Load::Ready(a) => Some((a.hall_id, a.service.clone())),
        _ => None,
    };
    let (dates, _) = {
        let api = api.clone();
        use_load(place.clone(), move |place| {
            let api = api.clone();
            async move {
                match place {
                    Some((hall, service)) => api.open_dates(hall, &service).await,
                    None => Err(ApiError::NotFound),
                }
            }
        })
    };
    let (slots, _) = {
        let api = api.clone();
        use_load((place, *day, *reload), move |(place, day, _)| {
            let api = api.clone();
            async move {
                match (place, day) {
                    (Some((hall, service)), Some(day)) => api.slots(hall, &service, day).await,
                    _ => Err(ApiError::NotFound),
                }
            }
        })
    };
    // Set synchronously: a second click before the next render finds it.
    let in_flight = use_mut_ref(|| false);
    let move_to = {
        let (message, reload) = (message.clone(), reload.clone());
        Callback::from(move |starts_at: Timestamp| {
            if *in_flight.borrow() {
                return;
            }
            // The press is kept (sessionStorage) until answered: a retry sends the same key.
            let name = format!("reschedule.{id}");
            let press = Press::of(drafts::load::<Option<Press<Timestamp>>>(&name).as_ref(), &starts_at);
            drafts::save(&name, &Some(press.clone()));
            *in_flight.borrow_mut() = true;
            let (api, message, reload, navigator, in_flight) =
                (api.clone(), message.clone(), reload.clone(), navigator.clone(), in_flight.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = api.reschedule(id, press.request, &press.key).await;
                match press.after(result.as_ref().map(drop)) {
                    Some(kept) => drafts::save(&name, &Some(kept)),
                    None => drafts::clear(&name),
                }
                *in_flight.borrow_mut() = false;
                match result {
                    Ok(_) => {
                        if let Some(nav) = navigator {
                            nav.replace(&Route::Appointment { id: id.0 });
                        }
                    }
                    Err(ApiError::Refused(ErrorCode::SlotFull)) => {
                        message.set(Some(t(lang, HallsText::SlotTaken).to_owned()));
                        reload.set(*reload + 1);
                    }
                    Err(e) => message.set(Some(appointment_error(lang, &e))),
                }
            });
        })
    };
    let hotline = use_config().hotline.clone();
    let body = match (&*appointment, &*dates) {
        (Load::Failed(e), _) => html! { <ErrorView error={e.clone()} on_retry={retry} /> },
        // Past the hour before its start: nothing to pick, and who to call instead.
        (Load::Ready(a), _) if a.status == AppointmentStatus::Booked && !changeable(a, device_now()) => html! {
            <>
                <p class="notice" data-testid="changes-closed">
                    { tf(lang, HallsText::ChangesClosed, &[&date_time(lang, a.changeable_until), &hotline]) }
                    { " " }<a href={format!("tel:{hotline}")}>{ tf(lang, HallsText::CallHall, &[&hotline]) }</a>
                </p>
                <p><Link<Route> to={Route::Appointment { id: a.id.0 }}>{ t(lang, HallsText::BackToAppointment) }</Link<Route>></p>
            </>
        },
        (Load::Ready(a), Load::Ready(open)) => {
            let days = open.dates.iter().map(|d| {
                let (d, day) = (*d, day.clone());
                let label = html! { <>{ date(lang, d) }<br />{ t(lang, WEEKDAYS[usize::from(d.weekday())]) }</> };
                option_button(
                    label,
                    *day == Some(d),
                    false,
                    Callback::from(move |_| day.set(Some(d))),
                    format!("date-{d}"),
                )
            });
            let times = match &*slots {
                Load::Ready(list) => list
                    .slots
                    .iter()
                    .map(|slot| {
                        let (starts, move_to) = (slot.starts_at, move_to.clone());
                        let current = slot.starts_at == a.starts_at;
                        let label = html! { <>
                            { slot_label(slot.starts_at, slot.ends_at) }<br />
                            { if slot.remaining == 0 { t(lang, HallsText::SlotFull).to_owned() } else { tf(lang, HallsText::SeatsLeft, &[&slot.remaining.to_string()]) } }
                        </> };
                        option_button(label, current, slot.remaining == 0 || current, Callback::from(move |_| move_to.emit(starts)),
                            format!("slot-{}", slot_label(slot.starts_at, slot.ends_at).replace(['–', ':'], "")))
                    })
                    .collect::<Html>(),
                _ => Html::default(),
            };
            html! {
                <>
                    <p>{ tf(lang, HallsText::RescheduleIntro, &[&a.hall_name]) }</p>
                    <h2>{ t(lang, SharedText::StepDate) }</h2>
                    <ul class="options options-grid">{ for days }</ul>
                    if day.is_some() {
                        <h2>{ t(lang, SharedText::StepSlot) }</h2>
                        <ul class="options options-grid">{ times }</ul>
                    }
                </>
            }
        }
        _ => html! { <div class="skeleton" aria-hidden="true"></div> },
    };
    html! {
        <Page title={t(lang, Text::Reschedule)}>
            { for (*message).clone().map(|m| html! { <p class="notice notice-error" role="alert" data-testid="reschedule-error">{ m }</p> }) }
            { body }
            <p><Link<Route> to={Route::Appointment { id: props.id }}>{ t(lang, HallsText::BackToAppointment) }</Link<Route>></p>
        </Page>
    }
}
