//! Moving an appointment to another day or time at the same hall. The server
//! makes the move atomic: if the new slot is gone, the old booking stays.

use crate::router::{link, use_navigator};
use contract::{AppointmentId, AppointmentStatus, Date, ErrorCode, Timestamp};
use yew::prelude::*;

use crate::api::ApiError;
use crate::app::Route;
use crate::components::page::Page;
use crate::config::use_config;
use crate::i18n::HallsText;
use crate::i18n::{date, date_time, t, tf, SharedText, Text};
use crate::kit::{send_once, use_api_load, use_submit, FormErrors, Keep};
use crate::pages::appointments::{changeable, device_now};
use crate::pages::book::{appointment_error, option_button, slot_label, WEEKDAYS};
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
    let moving = use_submit();
    let appointment = use_api_load(id, |api, id| async move { api.appointment(id).await });
    let place = appointment.ready().map(|a| (a.hall_id, a.service.clone()));
    let dates = use_api_load(place.clone(), |api, place| async move {
        match place {
            Some((hall, service)) => api.open_dates(hall, &service).await,
            None => Err(ApiError::NotFound),
        }
    });
    let slots = use_api_load((place, *day), |api, (place, day)| async move {
        match (place, day) {
            (Some((hall, service)), Some(day)) => api.slots(hall, &service, day).await,
            _ => Err(ApiError::NotFound),
        }
    });
    let move_to = {
        let (moving, slots) = (moving.clone(), slots.clone());
        Callback::from(move |starts_at: Timestamp| {
            let (api, navigator, slots) = (api.clone(), navigator.clone(), slots.clone());
            moving.run(async move {
                // The press is kept (sessionStorage) until answered: a retry sends the same key.
                let result = send_once(Keep::Draft(&format!("reschedule.{id}")), starts_at, |at, key| async move {
                    api.reschedule(id, at, &key).await
                })
                .await;
                match result {
                    Ok(_) => {
                        if let Some(nav) = navigator {
                            nav.replace(&Route::Appointment { id: id.0 });
                        }
                        Ok(())
                    }
                    Err(e) => {
                        // Taken meanwhile: the times shown are asked again.
                        if e == ApiError::Refused(ErrorCode::SlotFull) {
                            slots.refresh.emit(());
                        }
                        Err(FormErrors::general(appointment_error(lang, &e)))
                    }
                }
            });
        })
    };
    let hotline = use_config().hotline.clone();
    let body = appointment.view(|a| {
        // Past the hour before its start: nothing to pick, and who to call instead.
        if a.status == AppointmentStatus::Booked && !changeable(a, device_now()) {
            return html! {
                <>
                    <p class="notice" data-testid="changes-closed">
                        { tf(lang, HallsText::ChangesClosed, &[&date_time(lang, a.changeable_until), &hotline]) }
                        { " " }<a href={format!("tel:{hotline}")}>{ tf(lang, HallsText::CallHall, &[&hotline]) }</a>
                    </p>
                    <p>{ link(&Route::Appointment { id: a.id.0 }, "", t(lang, HallsText::BackToAppointment)) }</p>
                </>
            };
        }
        dates.view(|open| {
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
            let times = match slots.ready() {
                Some(list) => list
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
        })
    });
    html! {
        <Page title={t(lang, Text::Reschedule)}>
            { for moving.errors().general.clone().map(|m| html! { <p class="notice notice-error" role="alert" data-testid="reschedule-error">{ m }</p> }) }
            { body }
            <p>{ link(&Route::Appointment { id: props.id }, "", t(lang, HallsText::BackToAppointment)) }</p>
        </Page>
    }
}
