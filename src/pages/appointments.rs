//! My appointments (upcoming and past) and one appointment: its reference code
//! and QR code, what to bring, the calendar file, cancel and reschedule, and the
//! live queue position after check-in.

use crate::router::Link;
use contract::{ics, Appointment, AppointmentId, AppointmentStatus, DownloadRequest, TransactionKind};
use yew::prelude::*;

use crate::app::Route;
use crate::components::dialog::Dialog;
use crate::components::download::{DownloadButton, FromPage};
use crate::components::page::Page;
use crate::components::qr::qr_svg;
use crate::components::rate_invitation::RateInvitation;
use crate::i18n::HallsText;
use crate::i18n::{date, t, tf, Lang, SharedText, Text};
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
                        <Link<Route> to={Route::Appointment { id: a.id.0 }}>{ tf(lang, HallsText::ViewAppointment, &[&a.code]) }</Link<Route>>
                    </li>
                }) }
            </ul>
        }
    });
    html! {
        <Page title={t(lang, Text::MyAppointments)}>
            <p><Link<Route> to={Route::Book { step: "service".into() }} classes="button">{ t(lang, HallsText::BookVisit) }</Link<Route>></p>
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
                    if a.status == AppointmentStatus::Booked {
                        <Link<Route> to={Route::Reschedule { id: a.id.0 }} classes="button button-secondary">{ t(lang, Text::Reschedule) }</Link<Route>>
                        <button type="button" class="button button-danger" onclick={{
                            let confirming = confirming.clone();
                            Callback::from(move |_| confirming.set(true))
                        }} data-testid="cancel-appointment">{ t(lang, HallsText::CancelAppointment) }</button>
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
                    <p><Link<Route> to={Route::Appointments}>{ t(lang, Text::MyAppointments) }</Link<Route>></p>
                </>
            }
    });
    html! { <Page title={t(lang, Text::TitleAppointment)}>{ body }</Page> }
}
