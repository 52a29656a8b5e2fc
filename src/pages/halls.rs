//! The hall finder: each hall's address, hours, services, queue and satisfaction,
//! with a map link and a phone link; filter by service; book from here.

use crate::router::link;
use contract::{Hall, Service, ServiceCode};
use yew::prelude::*;

use crate::app::Route;
use crate::components::page::Page;
use crate::i18n::HallsText;
use crate::i18n::{date, t, tf, Lang, Text};
use crate::kit::use_api_load;
use crate::pages::book::WEEKDAYS;
use crate::platform::env;
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

/// Percent-encoding of a URL's query value (RFC 3986: all but the unreserved characters).
fn query_value(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A map link that opens somewhere on every device. Android's own browsers hand a `geo:`
/// URI to the map app the customer chose; iOS, desktops and WeChat (which lets no unknown
/// scheme out of its webview) do nothing with one, so they get 高德's marker page, which
/// on a phone opens the 高德 app if it is installed (`callnative=1`) and is a web map
/// otherwise. Hall positions are WGS-84 (the contract says so): `coordinate=wgs84` has
/// 高德 shift them to its GCJ-02 itself.
pub fn map_link(hall: &Hall, user_agent: &str) -> String {
    let (lat, lng) = (degrees(hall.latitude_e6), degrees(hall.longitude_e6));
    let name = query_value(&hall.name);
    let place = env::place_of(user_agent);
    if place == env::Place::Phone && user_agent.contains("Android") {
        return format!("geo:{lat},{lng}?q={lat},{lng}({name})");
    }
    let callnative = u8::from(place != env::Place::Desktop);
    format!(
        "https://uri.amap.com/marker?position={lng},{lat}&name={name}&src=yyt-portal&coordinate=wgs84&callnative={callnative}"
    )
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
                <a href={map_link(hall, &env::user_agent())} class="button button-secondary" data-testid="map-link">{ t(lang, HallsText::OpenMap) }</a>
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
            <p>{ link(&Route::Guidance, "button", t(lang, HallsText::BookVisit)) }
               { link(&Route::Appointments, "button button-secondary", t(lang, Text::MyAppointments)) }</p>
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

#[cfg(test)]
mod tests {
    use super::*;

    fn hall() -> Hall {
        serde_json::from_value(serde_json::json!({
            "id": 1, "name": "宿城营业厅", "city": "宿迁市", "area": "宿城区", "address": "宿迁市宿城区幸福中路88号",
            "phone": "0527-84300001", "latitude_e6": 33_963_100, "longitude_e6": 118_275_200,
            "weekly_hours": [], "closures": [], "services": [], "open_now": true,
            "queue_length": 0, "expected_wait_minutes": 0, "satisfaction": null
        }))
        .expect("a hall")
    }

    const NAME: &str = "%E5%AE%BF%E5%9F%8E%E8%90%A5%E4%B8%9A%E5%8E%85";
    const IPHONE: &str =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";
    const ANDROID: &str =
        "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 Chrome/116.0 Mobile Safari/537.36";
    const WECHAT_ANDROID: &str = "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 Chrome/86.0 XWEB/4317 MMWEBSDK/20220105 Mobile Safari/537.36 MicroMessenger/8.0.19.2080(0x28001339) NetType/WIFI Language/zh_CN";
    const DESKTOP: &str =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

    #[test]
    fn android_browsers_get_a_geo_uri_with_the_halls_name() {
        assert_eq!(map_link(&hall(), ANDROID), format!("geo:33.963100,118.275200?q=33.963100,118.275200({NAME})"));
    }

    #[test]
    fn iphones_and_wechat_get_amaps_marker_that_opens_the_app() {
        let amap = format!(
            "https://uri.amap.com/marker?position=118.275200,33.963100&name={NAME}&src=yyt-portal&coordinate=wgs84&callnative=1"
        );
        assert_eq!(map_link(&hall(), IPHONE), amap);
        assert_eq!(map_link(&hall(), WECHAT_ANDROID), amap, "WeChat lets no geo: out of its webview");
    }

    #[test]
    fn desktops_get_amaps_web_map() {
        assert_eq!(
            map_link(&hall(), DESKTOP),
            format!("https://uri.amap.com/marker?position=118.275200,33.963100&name={NAME}&src=yyt-portal&coordinate=wgs84&callnative=0")
        );
    }

    #[test]
    fn names_are_percent_encoded_and_southern_western_positions_keep_their_sign() {
        assert_eq!(query_value("A&B (1)"), "A%26B%20%281%29");
        let hall = Hall { latitude_e6: -33_868_800, longitude_e6: -151_209_300, ..hall() };
        assert!(map_link(&hall, DESKTOP).contains("position=-151.209300,-33.868800&"));
    }
}
