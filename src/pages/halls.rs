//! The hall finder: each hall's address, hours, services, queue and satisfaction,
//! with a map link and a phone link; filter by service; book from here.

use crate::router::Link;
use contract::{Hall, Service, ServiceCode};
use yew::prelude::*;

use crate::app::Route;
use crate::components::page::Page;
use crate::i18n::HallsText;
use crate::i18n::{date, t, tf, Lang, Text};
use crate::kit::use_api_load;
use crate::pages::book::WEEKDAYS;
use crate::state::prefs::use_lang;

pub fn localized(lang: Lang, text: &contract::Localized) -> String {
    match lang {
        Lang::Zh => text.zh.clone(),
        Lang::En => text.en.clone(),
    }
}

/// `33.963100` from millionths of a degree (no float formatting).
fn degrees(e6: i64) -> String {
    let sign = if e6 < 0 { "-" } else { "" };
    format!("{sign}{}.{:06}", e6.abs() / 1_000_000, e6.abs() % 1_000_000)
}

/// A geo: URI opens the phone's map app (Android and WeChat hand it to the map).
pub fn map_link(hall: &Hall) -> String {
    let (lat, lng) = (degrees(hall.latitude_e6), degrees(hall.longitude_e6));
    format!("geo:{lat},{lng}?q={lat},{lng}")
}

fn hours(lang: Lang, hall: &Hall) -> Html {
    html! {
        <dl class="hours" data-testid="hours">
            { for hall.weekly_hours.iter().zip(WEEKDAYS).map(|(day, name)| html! {
                <>
                    <dt>{ t(lang, name) }</dt>
                    <dd>{ match day { Some(h) => format!("{}–{}", h.open, h.close), None => t(lang, HallsText::Closed).to_owned() } }</dd>
                </>
            }) }
        </dl>
    }
}

fn hall_card(lang: Lang, hall: &Hall, services: &[Service]) -> Html {
    let names: Vec<String> = hall
        .services
        .iter()
        .filter_map(|code| services.iter().find(|s| &s.code == code))
        .map(|s| localized(lang, &s.name))
        .collect();
    let separator = if lang == Lang::Zh { "、" } else { ", " };
    html! {
        <li class="card hall" data-testid="hall" data-hall={hall.id.to_string()}>
            <h2>{ hall.name.clone() }</h2>
            <p>{ hall.address.clone() }</p>
            // A queue is news only while the hall is open.
            if hall.open_now {
                <p class="status-line" data-testid="open-now">{ t(lang, HallsText::OpenNow) }</p>
                <p data-testid="queue">{ tf(lang, HallsText::QueueNow, &[&hall.queue_length.to_string(), &hall.expected_wait_minutes.to_string()]) }</p>
            } else {
                <p class="hint" data-testid="closed-now">{ t(lang, HallsText::ClosedNow) }</p>
            }
            if let Some(s) = hall.satisfaction {
                <p data-testid="satisfaction">{ tf(lang, HallsText::SatisfactionRate, &[&format!("{}.{}", s.satisfied_permille / 10, s.satisfied_permille % 10), &s.ratings.to_string()]) }</p>
            }
            <p data-testid="services">{ t(lang, HallsText::ServicesOffered) }{ names.join(separator) }</p>
            { hours(lang, hall) }
            { for hall.closures.iter().map(|c| html! { <p class="hint">{ tf(lang, HallsText::ClosedOn, &[&date(lang, c.day), &c.reason]) }</p> }) }
            <p class="hall-links">
                <a href={map_link(hall)} class="button button-secondary">{ t(lang, HallsText::OpenMap) }</a>
                <a href={format!("tel:{}", hall.phone)} class="button button-secondary">{ tf(lang, HallsText::CallHall, &[&hall.phone]) }</a>
            </p>
        </li>
    }
}

#[function_component(HallsPage)]
pub fn halls_page() -> Html {
    let lang = use_lang();
    let filter = use_state(|| Option::<ServiceCode>::None);
    let services = use_api_load((), |api, ()| async move { api.services().await });
    let halls = use_api_load((*filter).clone(), |api, filter| async move { api.halls(filter.as_ref()).await });
    let services_list = services.ready().cloned().unwrap_or_default();
    let onchange = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            filter.set(ServiceCode::parse(&select.value()).ok());
        })
    };
    let body = halls.view(|list| {
        html! { <ul class="hall-list">{ for list.iter().map(|h| hall_card(lang, h, &services_list)) }</ul> }
    });
    html! {
        <Page title={t(lang, Text::TitleHalls)}>
            <p><Link<Route> to={Route::Book { step: "service".into() }} classes="button">{ t(lang, HallsText::BookVisit) }</Link<Route>>
               <Link<Route> to={Route::Appointments} classes="button button-secondary">{ t(lang, Text::MyAppointments) }</Link<Route>></p>
            <div class="field">
                <label for="service-filter">{ t(lang, HallsText::FilterByService) }</label>
                <select id="service-filter" {onchange} data-testid="service-filter">
                    <option value="" selected={filter.is_none()}>{ t(lang, HallsText::AllServices) }</option>
                    { for services_list.iter().map(|s| html! {
                        <option value={s.code.to_string()} selected={filter.as_ref() == Some(&s.code)}>{ localized(lang, &s.name) }</option>
                    }) }
                </select>
            </div>
            { body }
        </Page>
    }
}
