//! Hall appointments end to end: find a hall, book a slot step by step, see it
//! listed, get a calendar file with the right time from another time zone,
//! cancel (the seat comes back), and check in at the hall.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use portal::i18n::{date_time, tf, HomeText, Lang};
use support::{browser_token, sign_in, Browser, Server};

const ZHANG_HOME: &str = "3210000001";
const ZHANG_PHONE: &str = "13800000001";

/// The remaining seats of the slot starting at `starts_at` (RFC 3339), as the API says.
async fn remaining(server: &Server, hall: i64, day: &str, starts_at: &str) -> i64 {
    let (status, slots) = server.api("GET", &format!("/halls/{hall}/slots?service=meter_check&date={day}"), None).await;
    assert_eq!(status, 200, "{slots}");
    slots["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .find(|s| s["starts_at"] == starts_at)
        .map(|s| s["remaining"].as_i64().expect("remaining"))
        .expect("the slot is listed")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn book_list_calendar_cancel_and_check_in() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.time_zone("America/New_York").await;
    browser.goto(&server.url("/#/halls")).await;
    browser.wait_for("[data-testid=hall]").await;
    browser.check_page("halls").await;
    // Each card shows its hall's services and weekly hours as the API has them.
    let (_, halls) = server.api("GET", "/halls", None).await;
    let (_, services) = server.api("GET", "/services", None).await;
    let services = services.as_array().expect("services").clone();
    for hall in halls.as_array().expect("halls") {
        let card = format!("[data-testid=hall][data-hall='{}']", hall["id"]);
        let names: Vec<&str> = hall["services"]
            .as_array()
            .expect("codes")
            .iter()
            .filter_map(|code| services.iter().find(|s| &s["code"] == code))
            .filter_map(|s| s["name"]["zh"].as_str())
            .collect();
        assert_eq!(
            browser.text(&format!("{card} [data-testid=services]")).await,
            format!("可办业务：{}", names.join("、"))
        );
        let shown = browser
            .script(&format!(
                "return [...document.querySelectorAll({})].map((dd) => dd.textContent);",
                serde_json::json!(format!("{card} [data-testid=hours] dd"))
            ))
            .await;
        let expected: Vec<String> = hall["weekly_hours"]
            .as_array()
            .expect("seven days")
            .iter()
            .map(|day| match (day["open"].as_str(), day["close"].as_str()) {
                (Some(open), Some(close)) => format!("{open}–{close}"),
                _ => "休息".to_owned(),
            })
            .collect();
        assert_eq!(shown, serde_json::json!(expected), "{card}'s hours");
    }

    browser.goto(&server.url("/#/book/service")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    // Booking opens with "can I do this online?"; none of its needs is this one's.
    browser.click("[data-testid=guidance-direct]").await;
    browser.click("[data-testid=service-meter_check]").await;
    browser.click("[data-testid=hall-1]").await;
    browser.wait_for("[data-testid^=date-]").await;
    browser.check_page("booking: date").await;
    // The second open day: today's slots may all have passed already.
    let day =
        browser.script("return document.querySelectorAll('[data-testid^=date-]')[1].dataset.testid.slice(5);").await;
    let day = day.as_str().expect("a date").to_owned();
    browser.click(&format!("[data-testid=date-{day}]")).await;
    browser.wait_for("[data-testid^=slot-]:not([disabled])").await;
    browser.check_page("booking: slot").await;
    // The first free slot; its label is China time whatever the browser's zone.
    let label = browser.text("[data-testid^=slot-]:not([disabled])").await;
    let hhmm = label.split('–').next().expect("a time range").to_owned();
    browser.click("[data-testid^=slot-]:not([disabled])").await;
    // Back keeps the choice: the slot step shows it chosen.
    browser.client.back().await.expect("back");
    browser.wait_for("[data-testid^=slot-][aria-pressed=true]").await;
    browser.client.forward().await.expect("forward");
    browser.wait_for("[data-testid=contact-form]").await;
    browser.fill("#contact_name", "张伟明").await;
    browser.fill("#contact_phone", ZHANG_PHONE).await;
    browser.click("[data-testid=contact-form] button[type=submit]").await;
    browser.wait_for("[data-testid=checklist]").await;
    // What to bring: the service's own checklist, item by item.
    let (_, all) = server.api("GET", "/services", None).await;
    let meter_check =
        all.as_array().and_then(|l| l.iter().find(|s| s["code"] == "meter_check")).expect("meter_check").clone();
    let expected: Vec<&str> =
        meter_check["checklist"].as_array().expect("checklist").iter().filter_map(|c| c["zh"].as_str()).collect();
    assert!(!expected.is_empty(), "meter_check has a checklist");
    let shown = browser
        .script("return [...document.querySelectorAll('[data-testid=checklist] li')].map((li) => li.textContent);")
        .await;
    assert_eq!(shown, serde_json::json!(expected), "what to bring");
    browser.check_page("booking: what to bring").await;
    browser.click("a[href='#/book/confirm']").await;
    // The last look names what is booked and where, as the API names them.
    let (_, halls) = server.api("GET", "/halls", None).await;
    let hall = halls.as_array().and_then(|l| l.iter().find(|h| h["id"] == 1)).expect("hall 1").clone();
    let (_, services) = server.api("GET", "/services", None).await;
    let service =
        services.as_array().and_then(|l| l.iter().find(|s| s["code"] == "meter_check")).expect("meter_check").clone();
    browser.wait_for_text("[data-testid=summary-hall]", hall["name"].as_str().expect("name")).await;
    assert_eq!(
        browser.text("[data-testid=summary-hall]").await,
        format!("{} · {}", hall["name"].as_str().expect("name"), hall["address"].as_str().expect("address"))
    );
    assert_eq!(browser.text("[data-testid=summary-service]").await, service["name"]["zh"].as_str().expect("zh name"));
    browser.check_page("booking: confirm").await;
    browser.click("[data-testid=confirm-booking]").await;

    browser.wait_for("[data-testid=qr]").await;
    browser.check_page("appointment").await;
    let code = browser.text("[data-testid=code]").await;
    // The ticket's QR code, read back, is the reference code the API gave it.
    let token = browser_token(&browser).await;
    let (_, mine) = server.api("GET", "/appointments", Some(&token)).await;
    let booked = mine.as_array().and_then(|l| l.iter().find(|a| a["code"] == code.as_str())).expect("listed").clone();
    assert_eq!(
        browser.qr_text("[data-testid=qr]").await.as_deref(),
        booked["code"].as_str(),
        "what the QR code encodes"
    );
    let (view, path) = support::qr_path_of(&format!("{code}-OTHER"));
    assert_ne!(
        support::decode_qr_path(view, &path).as_deref(),
        Some(code.as_str()),
        "another code's QR is not this one"
    );
    let starts_at = format!("{day}T{hhmm}:00+08:00");
    let before = remaining(&server, 1, &day, &starts_at).await;

    // Home names the visit to come, and leads to its ticket.
    browser.goto(&server.url("/#/")).await;
    let at = contract::Timestamp::parse(&starts_at).expect("instant");
    let hall = booked["hall_name"].as_str().expect("hall name");
    let next = tf(Lang::Zh, HomeText::NextVisit, &[&date_time(Lang::Zh, at), hall]);
    browser.wait_for_text("[data-testid=next-visit]", &next).await;
    browser.click("[data-testid=next-visit] a").await;
    browser.wait_for_text("[data-testid=code]", &code).await;

    // The calendar file: DTSTART in UTC, 8 hours before China time.
    browser.click("[data-testid=ics]").await;
    let ics = String::from_utf8(browser.downloaded(&format!("appointment-{code}.ics")).await).expect("UTF-8");
    let start = contract::Timestamp::parse(&starts_at).expect("instant");
    let utc_seconds = start.unix_seconds().rem_euclid(86_400);
    let utc_day = contract::Date::from_days(start.unix_seconds().div_euclid(86_400));
    let expected = format!(
        "DTSTART:{:04}{:02}{:02}T{:02}{:02}00Z",
        utc_day.year(),
        utc_day.month(),
        utc_day.day(),
        utc_seconds / 3600,
        (utc_seconds % 3600) / 60
    );
    assert!(ics.contains(&expected), "{expected} in\n{ics}");

    // Listed among my appointments.
    browser.goto(&server.url("/#/appointments")).await;
    browser.wait_for(&format!("[data-testid=appointment][data-code='{code}']")).await;
    browser.check_page("appointments").await;

    // Change the time: the old seat is freed, the new one taken, in one move.
    browser.click(&format!("[data-testid=appointment][data-code='{code}'] a")).await;
    browser.click("a[href$='/reschedule']").await;
    browser.click(&format!("[data-testid=date-{day}]")).await;
    browser.wait_for("[data-testid^=slot-]:not([disabled])").await;
    browser.check_page("reschedule").await;
    let new_label = browser.text("[data-testid^=slot-]:not([disabled])").await;
    let new_hhmm = new_label.split('–').next().expect("a time range").to_owned();
    browser.click("[data-testid^=slot-]:not([disabled])").await;
    browser.wait_for_text("[data-testid=when]", &new_hhmm).await;
    let new_starts_at = format!("{day}T{new_hhmm}:00+08:00");
    assert_eq!(remaining(&server, 1, &day, &starts_at).await, before + 1, "the old seat is free again");
    let before = remaining(&server, 1, &day, &new_starts_at).await;

    // Cancel asks first, naming the time and the hall; closing the question cancels nothing.
    browser.click("[data-testid=cancel-appointment]").await;
    let asked = browser.text("[data-testid=cancel-confirm-body]").await;
    let when = browser.text("[data-testid=when]").await;
    assert!(asked.starts_with(&format!("{when}在")), "the question names the time: {asked}");
    assert!(asked.contains("营业厅的预约将被取消"), "and the hall: {asked}");
    browser.check_page("cancel question").await;
    browser.click("[data-testid=dialog] > button.button-secondary").await;
    browser.wait_until("the question closed", "!document.querySelector('[data-testid=confirm-cancel]')").await;
    assert_eq!(remaining(&server, 1, &day, &new_starts_at).await, before, "nothing was cancelled");
    browser.click("[data-testid=cancel-appointment]").await;
    browser.click("[data-testid=confirm-cancel]").await;
    browser.wait_for_text("[data-testid=appointment-message]", "预约已取消").await;
    browser.wait_for("[data-testid=appointment-detail][data-status=Cancelled]").await;
    assert_eq!(remaining(&server, 1, &day, &new_starts_at).await, before + 1, "the cancelled seat is free again");

    // Book again through the API and check in at the hall (staff endpoint): the portal shows the number.
    let token = browser_token(&browser).await;
    let (status, booked) = support::post_keyed(
        &server.url("/api/v1/appointments"),
        &serde_json::json!({
            "account_no": ZHANG_HOME, "hall_id": 1, "service": "meter_check", "starts_at": starts_at,
            "contact_name": "张伟明", "contact_phone": ZHANG_PHONE
        }),
        &token,
        "e2e-book-again",
    )
    .await;
    assert_eq!(status, 201, "{booked}");
    // The hall scans the code on the day: move the server's clock to half an hour before.
    server.clock.advance(start.unix_seconds() - 1800 - server.clock.now().unix_seconds());
    let (status, checked) = support::http(
        &server.url("/api/v1/demo/staff/check-in"),
        "POST",
        Some(&serde_json::json!({ "code": booked["code"] })),
        None,
    )
    .await;
    assert_eq!(status, 200, "{checked}");
    let id = booked["id"].as_i64().expect("id");
    browser.goto(&server.url(&format!("/#/appointments/{id}"))).await;
    // A day has passed for the server, so the session has idled out: sign in again, come back here.
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    let number = checked["queue"]["number"].as_str().expect("a queue number");
    browser.wait_for_text("[data-testid=queue-ticket]", number).await;
    browser.check_page("appointment, checked in").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hall_pages_pass_the_gates_in_care_mode_and_english() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/halls")).await;
    browser.click("[data-testid=care-toggle]").await;
    browser.wait_for("[data-testid=hall]").await;
    browser.check_page("halls (care)").await;
    browser.click("[data-testid=lang-toggle]").await;
    browser.wait_for_text("h1", "Service halls").await;
    browser.check_page("halls (care, en)").await;
    browser.screenshot("halls-en-care").await;
    browser.goto(&server.url("/#/book/service")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.click("[data-testid=guidance-direct]").await;
    browser.wait_for("[data-testid=service-meter_check]").await;
    browser.check_page("booking (care, en)").await;
    browser.goto(&server.url("/#/appointments")).await;
    browser.wait_for("[data-testid=no-appointments]").await;
    browser.check_page("appointments (care, en)").await;
    browser.close().await;
}

/// A hall says whether it is open now, by the server's clock, and shows its queue only then:
/// at 3 a.m. it is closed and names no queue; at opening time plus an hour it is open with the
/// API's queue.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hall_says_whether_it_is_open_now_and_shows_its_queue_only_then() {
    let server = Server::start().await;
    let (_, halls) = server.api("GET", "/halls", None).await;
    let hall = halls[0].clone();
    let id = hall["id"].as_i64().expect("id");
    let now = server.clock.now();
    let today = contract::Date::of(now);
    let closed_on = |day: contract::Date| {
        hall["closures"].as_array().expect("closures").iter().any(|c| c["day"] == day.to_string())
    };
    // The next day it opens, by its weekly hours.
    let day = (1..=14)
        .map(|n| today.add_days(n))
        .find(|d| hall["weekly_hours"][usize::from(d.weekday())].is_object() && !closed_on(*d))
        .expect("an open day within two weeks");
    let opens = hall["weekly_hours"][usize::from(day.weekday())]["open"].as_str().expect("HH:MM").to_owned();
    let (h, m) = opens.split_once(':').expect("HH:MM");
    let open_s = h.parse::<i64>().expect("hour") * 3600 + m.parse::<i64>().expect("minute") * 60;
    let card = format!("[data-testid=hall][data-hall='{id}']");

    server.clock.advance(day.start().unix_seconds() + 3 * 3600 - now.unix_seconds());
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/halls")).await;
    browser.wait_for_text(&format!("{card} [data-testid=closed-now]"), "现在休息").await;
    let queues = browser
        .script(&format!(
            "return document.querySelectorAll({}).length;",
            serde_json::json!(format!("{card} [data-testid=queue]"))
        ))
        .await;
    assert_eq!(queues, 0, "no queue while closed");

    server.clock.advance(open_s + 3600 - 3 * 3600);
    let (_, later) = server.api("GET", "/halls", None).await;
    let open = later.as_array().and_then(|l| l.iter().find(|h| h["id"] == id)).expect("the hall").clone();
    assert_eq!(open["open_now"], true, "{open}");
    browser.goto(&server.url("/?later#/halls")).await;
    browser.wait_for_text(&format!("{card} [data-testid=open-now]"), "营业中").await;
    let expected = format!("现在排队 {} 人，预计等待 {} 分钟", open["queue_length"], open["expected_wait_minutes"]);
    assert_eq!(browser.text(&format!("{card} [data-testid=queue]")).await, expected);
    // Every hall's card, at this moment: the API's queue on the card of a hall open now, and
    // none on one that is closed.
    use portal::i18n::{t, tf, HallsText, Lang};
    let mut queues = std::collections::BTreeSet::new();
    for hall in later.as_array().expect("halls") {
        let card = format!("[data-testid=hall][data-hall='{}']", hall["id"]);
        let shown = browser
            .script(&format!(
                "return Array.from(document.querySelectorAll({})).map(e => e.dataset.testid + ': ' + e.textContent);",
                serde_json::json!(format!(
                    "{card} [data-testid=queue], {card} [data-testid=open-now], {card} [data-testid=closed-now]"
                ))
            ))
            .await;
        let expected = if hall["open_now"] == true {
            queues.insert(hall["queue_length"].to_string());
            let (people, wait) = (hall["queue_length"].to_string(), hall["expected_wait_minutes"].to_string());
            vec![
                format!("open-now: {}", t(Lang::Zh, HallsText::OpenNow)),
                format!("queue: {}", tf(Lang::Zh, HallsText::QueueNow, &[&people, &wait])),
            ]
        } else {
            vec![format!("closed-now: {}", t(Lang::Zh, HallsText::ClosedNow))]
        };
        assert_eq!(shown, serde_json::json!(expected), "hall {}", hall["id"]);
    }
    assert!(queues.len() >= 2, "open halls' queues differ, so one on the wrong card is noticed: {queues:?}");
    browser.check_page("halls, open now").await;
    browser.close().await;
}

/// Each hall's map link opens somewhere on the device it is on: 高德's marker page (the
/// app on an iPhone, the web map on a desktop) at the API's WGS-84 position under the
/// hall's name, and a `geo:` URI on Android, whose browser hands it to a map app.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn map_links_fit_the_device() {
    const IPHONE: &str =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";
    const DESKTOP: &str =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
    const ANDROID: &str =
        "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 Chrome/116.0 Mobile Safari/537.36";
    let server = Server::start().await;
    let (_, halls) = server.api("GET", "/halls", None).await;
    let halls = halls.as_array().expect("halls").clone();
    assert!(halls.len() >= 2, "{halls:?}");
    let degrees = |e6: &serde_json::Value| {
        let e6 = e6.as_i64().expect("millionths of a degree");
        format!("{}.{:06}", e6 / 1_000_000, e6 % 1_000_000)
    };
    for (agent, callnative) in [(IPHONE, Some("1")), (DESKTOP, Some("0")), (ANDROID, None)] {
        let browser =
            Browser::start_with(support::BrowserOptions { user_agent: Some(agent), ..Default::default() }).await;
        browser.goto(&server.url("/#/halls")).await;
        for hall in &halls {
            let (id, name) = (&hall["id"], hall["name"].as_str().expect("name"));
            let (lat, lng) = (degrees(&hall["latitude_e6"]), degrees(&hall["longitude_e6"]));
            let link = browser.wait_for(&format!("[data-testid=hall][data-hall='{id}'] [data-testid=map-link]")).await;
            let href = link.attr("href").await.expect("href").expect("a link");
            let url = url::Url::parse(&href).expect("a URL");
            let query: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
            match callnative {
                Some(callnative) => {
                    assert_eq!((url.scheme(), url.host_str(), url.path()), ("https", Some("uri.amap.com"), "/marker"));
                    assert_eq!(query["position"], format!("{lng},{lat}"), "高德 takes longitude first");
                    assert_eq!(query["name"], name);
                    assert_eq!(query["coordinate"], "wgs84", "the API's positions are WGS-84");
                    assert_eq!(query["callnative"], callnative, "{agent}");
                }
                None => {
                    assert_eq!(url.scheme(), "geo");
                    assert_eq!(url.path(), format!("{lat},{lng}"));
                    assert_eq!(query["q"], format!("{lat},{lng}({name})"));
                }
            }
        }
        browser.close().await;
    }
}

/// Inside the hour before its start an appointment shows no cancel or reschedule, and says
/// until when online changes were possible and whom to call (the hotline of config.json);
/// outside it, both are there with the moment they close. The page goes by the device's
/// clock, so the server runs on the real time here and the appointments are arranged
/// around it (a hall's slots need not exist at this hour).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_the_hour_before_an_appointment_it_says_whom_to_call_instead_of_offering_changes() {
    let real_now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_secs();
    let now = contract::Timestamp(i64::try_from(real_now).expect("seconds"));
    let server = Server::start_at(now).await;
    let arrange = |code: &'static str, starts: contract::Timestamp| {
        server
            .db
            .with_conn(move |c| {
                // Numbers and fixed words only: no parameters needed.
                let sql = format!(
                    "INSERT INTO appointments (code, account_no, hall_id, service_code, starts_at, ends_at, contact_name,
                         contact_phone, status, created_at)
                     VALUES ('{code}', '{ZHANG_HOME}', 1, 'meter_check', {}, {}, '张伟明', '{ZHANG_PHONE}', 'booked', {})",
                    starts.unix_seconds(),
                    starts.unix_seconds() + 1800,
                    now.unix_seconds()
                );
                c.execute(&sql, [])
                .map(|_| c.last_insert_rowid())
            })
            .expect("lock")
            .expect("insert")
    };
    let locked = arrange("LCKDAB", now.plus_seconds(30 * 60));
    let open = arrange("FREDAB", now.plus_seconds(3 * 3600));
    let hotline = support::dist_config()["hotline"].as_str().expect("hotline").to_owned();
    use portal::i18n::{date_time, t, tf, HallsText, Lang};

    let browser = Browser::start().await;
    browser.goto(&server.url(&format!("/#/appointments/{locked}"))).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    let token = browser_token(&browser).await;
    let (_, api_locked) = server.api("GET", &format!("/appointments/{locked}"), Some(&token)).await;
    let until = contract::Timestamp::parse(api_locked["changeable_until"].as_str().expect("until")).expect("valid");
    assert_eq!(until, now.plus_seconds(30 * 60 - 3600), "an hour before the start");
    let sentence = tf(Lang::Zh, HallsText::ChangesClosed, &[&date_time(Lang::Zh, until), &hotline]);
    let call = tf(Lang::Zh, HallsText::CallHall, &[&hotline]);
    assert_eq!(browser.text("[data-testid=changes-closed]").await, format!("{sentence} {call}"));
    let tel = browser.wait_for("[data-testid=changes-closed] a").await.attr("href").await.expect("href");
    assert_eq!(tel, Some(format!("tel:{hotline}")));
    let offered = "return [document.querySelectorAll('[data-testid=cancel-appointment]').length,
                            document.querySelectorAll('a[href*=\"reschedule\"]').length,
                            document.querySelectorAll('[data-testid=changeable-until]').length];";
    assert_eq!(browser.script(offered).await, serde_json::json!([0, 0, 0]), "no cancel, no reschedule");
    browser.check_page("appointment inside the lock").await;
    // The server refuses by the same moment.
    let (status, refused) = support::post_keyed(
        &server.url(&format!("/api/v1/appointments/{locked}/cancel")),
        &serde_json::json!({}),
        &token,
        "e2e-locked-cancel",
    )
    .await;
    assert_eq!((status, refused["code"].as_str()), (409, Some("appointment_locked")), "{refused}");
    // The reschedule page, opened directly, says the same.
    browser.goto(&server.url(&format!("/#/appointments/{locked}/reschedule"))).await;
    assert_eq!(browser.text("[data-testid=changes-closed]").await, format!("{sentence} {call}"));

    // Outside the lock: both offered, with the moment they close.
    browser.goto(&server.url(&format!("/#/appointments/{open}"))).await;
    browser.wait_for("[data-testid=cancel-appointment]").await;
    let (_, api_open) = server.api("GET", &format!("/appointments/{open}"), Some(&token)).await;
    let until = contract::Timestamp::parse(api_open["changeable_until"].as_str().expect("until")).expect("valid");
    assert_eq!(
        browser.text("[data-testid=changeable-until]").await,
        tf(Lang::Zh, HallsText::ChangeableUntil, &[&date_time(Lang::Zh, until)])
    );
    assert_eq!(browser.script(offered).await, serde_json::json!([1, 1, 1]));
    let closed = "return document.querySelectorAll('[data-testid=changes-closed]').length;";
    assert_eq!(browser.script(closed).await, 0);
    assert_eq!(t(Lang::Zh, HallsText::CancelAppointment), browser.text("[data-testid=cancel-appointment]").await);
    browser.close().await;
}
