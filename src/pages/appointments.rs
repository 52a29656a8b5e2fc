//! My appointments (upcoming and past) and one appointment: its reference code
//! and QR code, what to bring, the calendar file, cancel and reschedule, and the
//! live queue position after check-in.

use crate::router::link;
use contract::{ics, Appointment, AppointmentId, AppointmentStatus, DownloadRequest, TransactionKind};
use yew::prelude::*;

use crate::app::Route;
use crate::components::dialog::Dialog;
use crate::components::download::{DownloadButton, FromPage};
use crate::components::page::Page;
use crate::components::qr::qr_svg;
use crate::components::rate_invitation::RateInvitation;
use crate::config::use_config;
use crate::i18n::HallsText;
use crate::i18n::{date, date_time, t, tf, Lang, SharedText, Text};
use crate::kit::{self, send_once, use_api_load, use_live_load, use_submit, FormErrors, Keep};
use crate::pages::book::{appointment_error, slot_label};
use crate::pages::halls::localized;
use crate::platform::dom;
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

fn status_text(status: AppointmentStatus) -> SharedText {
    match status {
        AppointmentStatus::Booked => SharedText::ApptBooked,
        AppointmentStatus::Cancelled => SharedText::ApptCancelled,
        AppointmentStatus::CheckedIn => SharedText::ApptCheckedIn,
        AppointmentStatus::Done => SharedText::ApptDone,
        AppointmentStatus::Missed => SharedText::ApptMissed,
    }
}

/// Whether the appointment can still be cancelled or moved online at `now` (the server's
/// rule, handed down as `changeable_until`).
pub fn changeable(a: &Appointment, now: contract::Timestamp) -> bool {
    a.status == AppointmentStatus::Booked && now <= a.changeable_until
}

/// Now, by this device's clock.
pub fn device_now() -> contract::Timestamp {
    contract::Timestamp((dom::now_ms() / 1000.0).floor() as i64)
}

fn when(lang: Lang, a: &Appointment) -> String {
    format!("{} {}", date(lang, contract::Date::of(a.starts_at)), slot_label(a.starts_at, a.ends_at))
}

#[function_component(AppointmentsPage)]
pub fn appointments_page() -> Html {
    let lang = use_lang();
    let list = use_api_load((), |api, ()| async move { api.appointments().await });
    let body = list.view_list(kit::empty("no-appointments", t(lang, HallsText::NoAppointments)), |items| {
        html! {
            <ul class="account-list">
                { for items.iter().map(|a| html! {
                    <li class="card" data-testid="appointment" data-code={a.code.clone()}>
                        <p><strong>{ localized(lang, &a.service_name) }</strong>{ " · " }{ t(lang, status_text(a.status)) }</p>
                        <p>{ a.hall_name.clone() }</p>
                        <p>{ when(lang, a) }</p>
                        { link(&Route::Appointment { id: a.id.0 }, "", tf(lang, HallsText::ViewAppointment, &[&a.code])) }
                    </li>
                }) }
            </ul>
        }
    });
    html! {
        <Page title={t(lang, Text::MyAppointments)}>
            <p>{ link(&Route::Guidance, "button", t(lang, HallsText::BookVisit)) }</p>
            { body }
        </Page>
    }
}

#[derive(Properties, PartialEq)]
pub struct AppointmentPageProps {
    pub id: i64,
}

#[function_component(AppointmentPage)]
pub fn appointment_page(props: &AppointmentPageProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let id = AppointmentId(props.id);
    let message = use_state(|| Option::<String>::None);
    let cancelling = use_submit();
    // Cancelling asks first: one stray tap must not give the seat away.
    let confirming = use_state(|| false);
    // While checked in, the queue position updates in place without a reload.
    let appointment = {
        let api = api.clone();
        use_live_load(
            id,
            &[5_000],
            |a: &Appointment| a.status == AppointmentStatus::CheckedIn,
            move |id| {
                let api = api.clone();
                async move { api.appointment(id).await }
            },
        )
    };
    let config = use_config();
    // Drawn again when online changes close while the page is open.
    let redraw = use_force_update();
    let closes_at = appointment.ready().filter(|a| changeable(a, device_now())).map(|a| a.changeable_until);
    use_effect_with(closes_at, move |closes_at| {
        let timeout = closes_at.and_then(|at| {
            let ms = (at.unix_seconds() + 1) as f64 * 1000.0 - dom::now_ms();
            (ms > 0.0 && ms < f64::from(i32::MAX))
                .then(|| gloo_timers::callback::Timeout::new(ms as u32, move || redraw.force_update()))
        });
        move || drop(timeout)
    });
    let body = appointment.view(|a| {
            let calendar = FromPage::Text {
                text: ics::appointment_calendar(
                    a,
                    lang.language(),
                    contract::Timestamp((dom::now_ms() / 1000.0) as i64),
                ),
                mime: "text/calendar;charset=utf-8",
                filename: ics::appointment_filename(a),
            };
            let calendar_link = DownloadRequest::Calendar { appointment_id: a.id.0, lang: lang.language() };
            let cancel = {
                let (api, message, appointment, cancelling, confirming) =
                    (api.clone(), message.clone(), appointment.clone(), cancelling.clone(), confirming.clone());
                Callback::from(move |_: MouseEvent| {
                    confirming.set(false);
                    let (api, message, appointment) = (api.clone(), message.clone(), appointment.clone());
                    cancelling.run(async move {
                        // Kept until answered: a second press after a lost answer sends the same key.
                        let result = send_once(Keep::Draft(&format!("cancel.{id}")), (), |(), key| async move {
                            api.cancel_appointment(id, &key).await
                        })
                        .await;
                        match result {
                            Ok(a) => {
                                message.set(Some(t(lang, HallsText::ApptCancelledNotice).to_owned()));
                                appointment.set(a);
                            }
                            Err(e) => {
                                // Shows the refusal and what the appointment is now.
                                message.set(Some(appointment_error(lang, &e)));
                                appointment.refresh.emit(());
                            }
                        }
                        Ok::<(), FormErrors>(())
                    });
                })
            };
            html! {
                <>
                    { for (*message).clone().map(|m| html! { <p class="notice" role="status" data-testid="appointment-message">{ m }</p> }) }
                    if a.status == AppointmentStatus::Done {
                        <RateInvitation kind={TransactionKind::Visit} id={a.id.to_string()} />
                    }
                    <div class="card" data-testid="appointment-detail" data-status={t(Lang::En, status_text(a.status))}>
                        <p class="figure-label">{ t(lang, HallsText::ReferenceCode) }</p>
                        <p class="figure" data-testid="code">{ a.code.clone() }</p>
                        { qr_svg(&a.code, &tf(lang, HallsText::QrLabel, &[&a.code])) }
                        <dl>
                            <dt>{ t(lang, SharedText::ColStatus) }</dt><dd data-testid="status">{ t(lang, status_text(a.status)) }</dd>
                            <dt>{ t(lang, HallsText::SummaryService) }</dt><dd>{ localized(lang, &a.service_name) }</dd>
                            <dt>{ t(lang, HallsText::SummaryHall) }</dt><dd>{ a.hall_name.clone() }{ " · " }{ a.hall_address.clone() }</dd>
                            <dt>{ t(lang, SharedText::StepDate) }</dt><dd data-testid="when">{ when(lang, a) }</dd>
                            <dt>{ t(lang, HallsText::ContactName) }</dt><dd>{ a.contact_name.clone() }{ " " }{ a.contact_phone_masked.clone() }</dd>
                        </dl>
                    </div>
                    if let Some(q) = &a.queue {
                        <div class="notice" role="status" aria-live="polite" data-testid="queue-ticket">
                            <p class="figure">{ q.number.clone() }</p>
                            <p>{ tf(lang, HallsText::PeopleAhead, &[&q.ahead.to_string()]) }</p>
                        </div>
                    }
                    <h2>{ t(lang, SharedText::StepBring) }</h2>
                    <ul class="checklist">{ for a.checklist.iter().map(|c| html! { <li>{ localized(lang, c) }</li> }) }</ul>
                    <p>{ t(lang, HallsText::WhatNext) }</p>
                    <DownloadButton label={t(lang, HallsText::AddToCalendar)} busy_label={t(lang, HallsText::AddToCalendar)}
                        testid="ics" from_page={calendar} link={calendar_link} />
                    if changeable(a, device_now()) {
                        <p data-testid="changeable-until">{ tf(lang, HallsText::ChangeableUntil, &[&date_time(lang, a.changeable_until)]) }</p>
                        { link(&Route::Reschedule { id: a.id.0 }, "button button-secondary", t(lang, Text::Reschedule)) }
                        <button type="button" class="button button-danger" onclick={{
                            let confirming = confirming.clone();
                            Callback::from(move |_| confirming.set(true))
                        }} data-testid="cancel-appointment">{ t(lang, HallsText::CancelAppointment) }</button>
                    } else if a.status == AppointmentStatus::Booked {
                        <p class="notice" data-testid="changes-closed">
                            { tf(lang, HallsText::ChangesClosed, &[&date_time(lang, a.changeable_until), &config.hotline]) }
                            { " " }<a href={format!("tel:{}", config.hotline)}>{ tf(lang, HallsText::CallHall, &[&config.hotline]) }</a>
                        </p>
                    }
                    if *confirming {
                        <Dialog title={t(lang, HallsText::CancelConfirmTitle).to_owned()} on_close={{
                            let confirming = confirming.clone();
                            Callback::from(move |()| confirming.set(false))
                        }}>
                            <p data-testid="cancel-confirm-body">{ tf(lang, HallsText::CancelConfirmBody, &[&when(lang, a), &a.hall_name]) }</p>
                            <button type="button" class="button button-danger" onclick={cancel} data-testid="confirm-cancel">
                                { t(lang, HallsText::CancelConfirm) }
                            </button>
                        </Dialog>
                    }
                    <p>{ link(&Route::Appointments, "", t(lang, Text::MyAppointments)) }</p>
                </>
            }
    });
    html! { <Page title={t(lang, Text::TitleAppointment)}>{ body }</Page> }
}
