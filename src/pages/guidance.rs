//! "Can I do this online?", before every booking: the needs in plain words, then one need's
//! answer — the portal page that does it, the hotline or the app with what to say or where to
//! tap, or a visit with what to bring, how long it takes and the halls with their queue now,
//! whose "book" starts booking with the service chosen. How a need ended is told to the API
//! (once per journey and need), so the utility sees the visits avoided.

use contract::{
    Answer, Channel, Guidance, NeedCode, OnlineAnswer, OtherWayAnswer, Outcome, OutcomeRequest, ServiceCode,
    VisitAnswer,
};
use yew::prelude::*;

use crate::api::{new_key, Api};
use crate::app::Route;
use crate::components::page::Page;
use crate::i18n::{t, tf, HallsText, Lang, Text};
use crate::kit::{self, use_api_load, use_draft};
use crate::pages::book::{BookingDraft, DRAFT};
use crate::pages::halls::localized;
use crate::platform::storage::{self, Area};
use crate::router::{link, use_navigator};
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

/// This tab's journey: the same outcome told twice in it counts once.
const JOURNEY: &str = "guidance.journey";

fn journey() -> String {
    storage::get(Area::Session, JOURNEY).unwrap_or_else(|| {
        let journey = new_key();
        storage::set(Area::Session, JOURNEY, &journey);
        journey
    })
}

/// Tells the API how a need ended. Nothing the customer does waits on it, and a lost answer
/// is not theirs to deal with: the count is the utility's.
fn tell(api: &Api, need: &NeedCode, outcome: Outcome) {
    let api = api.clone();
    let request = OutcomeRequest { need: need.to_string(), outcome, journey: journey() };
    wasm_bindgen_futures::spawn_local(async move {
        let _ = api.tell_outcome(&request).await;
    });
}

fn way(answer: &Answer) -> HallsText {
    match answer {
        Answer::Online(_) => HallsText::WayOnline,
        Answer::OtherWay(_) => HallsText::WayOtherWay,
        Answer::Visit(_) => HallsText::WayVisit,
    }
}

#[derive(Properties, PartialEq)]
pub struct GuidanceProps {
    /// The need chosen; the list of needs without one.
    #[prop_or_default]
    pub need: Option<AttrValue>,
}

#[function_component(GuidancePage)]
pub fn guidance_page(props: &GuidanceProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let navigator = use_navigator();
    let needs = use_api_load((), |api, ()| async move { api.guidance().await });
    let draft = use_draft::<BookingDraft>(DRAFT);
    let found = props.need.as_ref().and_then(|need| needs.ready()?.iter().find(|g| g.need.as_str() == need.as_str()));
    // Shown the hotline or the app: that is where this need ends.
    {
        let api = api.clone();
        let other_way = found.filter(|g| matches!(g.answer, Answer::OtherWay(_))).map(|g| g.need.clone());
        use_effect_with(other_way, move |need| {
            if let Some(need) = need {
                tell(&api, need, Outcome::OtherWay);
            }
        });
    }
    // Booking starts with a visit's service chosen and its need named (the contact typed before
    // stays), or, for none of the needs, with the services.
    let start = Callback::from(move |chosen: Option<(ServiceCode, NeedCode)>| {
        let step = match chosen {
            Some((service, need)) => {
                draft.set(BookingDraft {
                    service: Some(service),
                    need: Some(need),
                    guided: true,
                    contact_name: draft.contact_name.clone(),
                    contact_phone: draft.contact_phone.clone(),
                    ..BookingDraft::default()
                });
                "hall"
            }
            None => {
                draft.update(|d| d.guided = true);
                "service"
            }
        };
        if let Some(nav) = &navigator {
            nav.push(&Route::Book { step: step.into() });
        }
    });
    let title = match found {
        Some(g) => localized(lang, &g.name),
        None => t(lang, Text::TitleGuidance).to_owned(),
    };
    let body = needs.view(|list| match (&props.need, found) {
        (None, _) if !list.is_empty() => needs_list(lang, list),
        (_, Some(g)) => {
            let (testid, how, rest) = match &g.answer {
                Answer::Online(answer) => ("answer-online", &answer.how, online(lang, &api, &g.need, answer)),
                Answer::OtherWay(answer) => ("answer-other-way", &answer.how, other_way(lang, answer)),
                Answer::Visit(answer) => {
                    let chosen = (answer.service.clone(), g.need.clone());
                    ("answer-visit", &answer.how, visit(lang, answer, start.reform(move |_| Some(chosen.clone()))))
                }
            };
            html! {
                <div class="card" data-testid={testid}>
                    <p class="status-line">{ t(lang, way(&g.answer)) }</p>
                    <p data-testid="answer-how">{ localized(lang, how) }</p>
                    { rest }
                </div>
            }
        }
        _ => kit::empty("no-answer", t(lang, HallsText::NoAnswer)),
    });
    html! {
        <Page {title}>
            if props.need.is_none() { <p>{ t(lang, HallsText::GuidanceIntro) }</p> }
            { body }
            if props.need.is_some() { <p>{ link(&Route::Guidance, "", t(lang, HallsText::OtherNeeds)) }</p> }
            <p>
                <button type="button" class="button button-secondary" onclick={start.reform(|_| None)} data-testid="guidance-direct">
                    { t(lang, HallsText::ChooseServiceMyself) }
                </button>
            </p>
        </Page>
    }
}

fn needs_list(lang: Lang, list: &[Guidance]) -> Html {
    html! {
        <ul class="options" data-testid="needs">
            { for list.iter().map(|g| html! {
                <li>
                    <a class="option" href={format!("#{}", Route::GuidanceNeed { need: g.need.to_string() }.to_path())}
                        data-testid={format!("need-{}", g.need)}>
                        <strong>{ localized(lang, &g.name) }</strong>
                        <span class="way">{ t(lang, way(&g.answer)) }</span>
                    </a>
                </li>
            }) }
        </ul>
    }
}

/// The page that does it (an edit the utility got wrong, naming a page this portal does not
/// have, gets no dead link).
fn online(lang: Lang, api: &Api, need: &NeedCode, answer: &OnlineAnswer) -> Html {
    let route = Route::recognize(answer.page.as_str());
    if route == Route::NotFound {
        return Html::default();
    }
    let onclick = {
        let (api, need) = (api.clone(), need.clone());
        Callback::from(move |_| tell(&api, &need, Outcome::Online))
    };
    html! {
        <p><a class="button" href={format!("#{}", route.to_path())} {onclick} data-testid="go-online">
            { tf(lang, HallsText::GoTo, &[t(lang, route.title())]) }
        </a></p>
    }
}

/// The hotline to call, or the app to use.
fn other_way(lang: Lang, answer: &OtherWayAnswer) -> Html {
    match answer.channel {
        Channel::Hotline => html! {
            <p><a class="button" href={format!("tel:{}", answer.contact)} data-testid="call-hotline">
                { tf(lang, HallsText::CallHall, &[&answer.contact]) }
            </a></p>
        },
        Channel::App => {
            html! { <p><strong data-testid="in-app">{ tf(lang, HallsText::InApp, &[&answer.contact]) }</strong></p> }
        }
    }
}

/// How long, what to bring, where (with the wait now), and the booking.
fn visit(lang: Lang, answer: &VisitAnswer, book: Callback<MouseEvent>) -> Html {
    html! {
        <>
            <p data-testid="visit-minutes">{ tf(lang, HallsText::VisitMinutes, &[&answer.minutes.to_string()]) }</p>
            <p>{ t(lang, HallsText::BringIntro) }</p>
            <ul class="checklist" data-testid="guidance-checklist">
                { for answer.checklist.iter().map(|item| html! { <li>{ localized(lang, item) }</li> }) }
            </ul>
            <h2>{ t(lang, HallsText::HallsOffering) }</h2>
            <ul class="hall-list">
                { for answer.halls.iter().map(|h| html! {
                    <li data-testid="guidance-hall" data-hall={h.id.to_string()}>
                        <strong>{ h.name.clone() }</strong><br />{ h.address.clone() }<br />
                        if h.open_now {
                            { tf(lang, HallsText::QueueNow, &[&h.queue_length.to_string(), &h.expected_wait_minutes.to_string()]) }
                        } else {
                            { t(lang, HallsText::ClosedNow) }
                        }
                    </li>
                }) }
            </ul>
            <button type="button" class="button" onclick={book} data-testid="book-need">{ t(lang, HallsText::BookVisit) }</button>
        </>
    }
}
