//! The steps that are a choice from a list (service, hall, date, slot), each option a large button.

use yew::prelude::*;

use super::{slot_label, BookingDraft, Choose};
use crate::api::ApiError;
use crate::i18n::HallsText;
use crate::i18n::{date, t, tf, SharedText};
use crate::kit::{self, use_api_load};
use crate::pages::halls::localized;
use crate::state::prefs::use_lang;

#[derive(Properties, PartialEq)]
pub(super) struct StepProps {
    pub(super) draft: BookingDraft,
    pub(super) choose: Choose,
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
pub(super) fn service_step(props: &StepProps) -> Html {
    let lang = use_lang();
    let services = use_api_load((), |api, ()| async move { api.services().await });
    services.view(|list| {
        html! {
            <ul class="options">
                { for list.iter().map(|s| {
                    let code = s.code.clone();
                    let choose = props.choose.clone();
                    let onclick = Callback::from(move |_| {
                        let code = code.clone();
                        choose.emit(("hall", Box::new(move |d: &mut BookingDraft| {
                            if d.service.as_ref() != Some(&code) {
                                // Another service than the need's answer: the need no longer names this booking.
                                *d = BookingDraft { guided: true, service: Some(code.clone()), contact_name: d.contact_name.clone(), contact_phone: d.contact_phone.clone(), ..BookingDraft::default() };
                            }
                        })));
                    });
                    option_button(html! { localized(lang, &s.name) }, props.draft.service.as_ref() == Some(&s.code), false, onclick, format!("service-{}", s.code))
                }) }
            </ul>
        }
    })
}

#[function_component(HallStep)]
pub(super) fn hall_step(props: &StepProps) -> Html {
    let lang = use_lang();
    let halls =
        use_api_load(props.draft.service.clone(), |api, service| async move { api.halls(service.as_ref()).await });
    halls.view(|list| {
        html! {
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
                        { tf(lang, HallsText::QueueNow, &[&h.queue_length.to_string(), &h.expected_wait_minutes.to_string()]) }
                    </> };
                    option_button(label, props.draft.hall == Some(h.id), false, onclick, format!("hall-{}", h.id))
                }) }
            </ul>
        }
    })
}

pub const WEEKDAYS: [SharedText; 7] = [
    SharedText::Mon,
    SharedText::Tue,
    SharedText::Wed,
    SharedText::Thu,
    SharedText::Fri,
    SharedText::Sat,
    SharedText::Sun,
];

#[function_component(DateStep)]
pub(super) fn date_step(props: &StepProps) -> Html {
    let lang = use_lang();
    let dates = use_api_load((props.draft.hall, props.draft.service.clone()), |api, (hall, service)| async move {
        match (hall, service) {
            (Some(hall), Some(service)) => api.open_dates(hall, &service).await,
            _ => Err(ApiError::NotFound),
        }
    });
    dates.view(|open| {
        html! {
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
        }
    })
}

#[function_component(SlotStep)]
pub(super) fn slot_step(props: &StepProps) -> Html {
    let lang = use_lang();
    let key = (props.draft.hall, props.draft.service.clone(), props.draft.date);
    let slots = use_api_load(key, |api, (hall, service, day)| async move {
        match (hall, service, day) {
            (Some(hall), Some(service), Some(day)) => api.slots(hall, &service, day).await,
            _ => Err(ApiError::NotFound),
        }
    });
    slots.view(|day| {
        if day.slots.is_empty() {
            return kit::empty("no-slots", t(lang, HallsText::NoSlots));
        }
        html! {
            <ul class="options options-grid">
                { for day.slots.iter().map(|slot| {
                    let (starts, choose) = (slot.starts_at, props.choose.clone());
                    let onclick = Callback::from(move |_| {
                        choose.emit(("contact", Box::new(move |d: &mut BookingDraft| d.starts_at = Some(starts))));
                    });
                    let label = html! { <>
                        { slot_label(slot.starts_at, slot.ends_at) }<br />
                        { if slot.remaining == 0 { t(lang, HallsText::SlotFull).to_owned() } else { tf(lang, HallsText::SeatsLeft, &[&slot.remaining.to_string()]) } }
                    </> };
                    option_button(label, props.draft.starts_at == Some(slot.starts_at), slot.remaining == 0, onclick,
                        format!("slot-{}", slot_label(slot.starts_at, slot.ends_at).replace(['–', ':'], "")))
                }) }
            </ul>
        }
    })
}
