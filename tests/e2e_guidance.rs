//! "Can I do this online?" end to end: booking opens with the need. Paying a bill ends on the pay
//! page, not at a booking; a complaint ends at the hotline; 过户 (a transfer to a new owner) is a
//! visit whose checklist is shown before a booking that starts with the service chosen. The demo
//! endpoint's counts of visits avoided and visits booked move by exactly those.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use portal::i18n::{t, tf, HallsText, Lang, Text};
use serde_json::{json, Value};
use support::{sign_in, wait_a_moment, Browser, Server, DEADLINE};

const ZHANG_HOME: &str = "3210000001";
const ZHANG_PHONE: &str = "13800000001";

async fn counts(server: &Server) -> Value {
    let (status, counts) = server.api("GET", "/demo/guidance/outcomes", None).await;
    assert_eq!(status, 200, "{counts}");
    counts
}

/// The totals (online, other way, booked), once they are `expected`: the portal tells without
/// waiting for the answer, so the count is read until it has arrived, within the deadline.
async fn totals_become(server: &Server, expected: (u64, u64, u64)) -> Value {
    let started = std::time::Instant::now();
    loop {
        let counts = counts(server).await;
        let totals = |k: &str| counts[k].as_u64().unwrap_or(u64::MAX);
        if (totals("online"), totals("other_way"), totals("booked")) == expected {
            return counts;
        }
        assert!(started.elapsed() < DEADLINE, "the counts did not become {expected:?}: {counts}");
        wait_a_moment().await;
    }
}

fn of_need(counts: &Value, need: &str) -> Value {
    counts["needs"].as_array().and_then(|l| l.iter().find(|n| n["need"] == need)).cloned().unwrap_or(Value::Null)
}

fn guidance_of<'a>(list: &'a Value, need: &str) -> &'a Value {
    list.as_array().and_then(|l| l.iter().find(|g| g["need"] == need)).unwrap_or_else(|| panic!("need {need}"))
}

async fn texts(browser: &Browser, css: &str) -> Value {
    browser.script(&format!("return [...document.querySelectorAll({})].map((e) => e.textContent);", json!(css))).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paying_ends_on_the_pay_page_and_a_transfer_is_booked_with_its_checklist() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    let before = counts(&server).await;
    assert_eq!(
        (before["online"].clone(), before["other_way"].clone(), before["booked"].clone()),
        (json!(0), json!(0), json!(0))
    );
    let (_, guidance) = server.api("GET", "/guidance", None).await;

    // The hall finder's "book a visit" opens with the needs, in the API's words and order.
    browser.goto(&server.url("/#/halls")).await;
    browser.click("a.button[href='#/guidance']").await;
    browser.wait_for("[data-testid=needs]").await;
    browser.wait_for_text("h1", t(Lang::Zh, Text::TitleGuidance)).await;
    let names: Vec<&str> =
        guidance.as_array().expect("needs").iter().filter_map(|g| g["name"]["zh"].as_str()).collect();
    assert_eq!(texts(&browser, "[data-testid=needs] strong").await, json!(names));
    browser.check_page("guidance").await;

    // 交电费: done online. Following the answer (and signing in) ends on the pay page with the amount due.
    browser.click("[data-testid=need-pay_bill]").await;
    browser.wait_for("[data-testid=answer-online]").await;
    let pay = &guidance_of(&guidance, "pay_bill")["answer"]["online"];
    assert_eq!(browser.text("[data-testid=answer-how]").await, pay["how"]["zh"].as_str().expect("how"));
    assert_eq!(browser.text("[data-testid=go-online]").await, tf(Lang::Zh, HallsText::GoTo, &["交电费"]));
    browser.check_page("guidance: pay my bill").await;
    browser.click("[data-testid=go-online]").await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    let token = support::browser_token(&browser).await;
    let (_, options) = server.api("GET", &format!("/accounts/{ZHANG_HOME}/payment-options"), Some(&token)).await;
    let owed = options["default_amount"].as_i64().expect("fen");
    assert!(owed > 0, "张伟明's home owes a bill");
    browser.wait_for_text("[data-testid=amount-due]", &portal::i18n::money(contract::Fen(owed))).await;
    assert_eq!(browser.text("h1").await, t(Lang::Zh, Text::TitlePay));
    assert_eq!(browser.script("return location.hash;").await, json!("#/pay"), "the pay page, not a booking");
    let after_pay = totals_become(&server, (1, 0, 0)).await;
    assert_eq!(of_need(&after_pay, "pay_bill"), json!({"need": "pay_bill", "online": 1, "other_way": 0, "booked": 0}));

    // 投诉: done another way, at the hotline, with what to say; 改电话: in the app. Shown twice in one
    // visit, a need counts once.
    for need in ["complaint", "change_phone", "complaint"] {
        browser.goto(&server.url(&format!("/#/guidance/{need}"))).await;
        browser.wait_for("[data-testid=answer-other-way]").await;
        let how = guidance_of(&guidance, need)["answer"]["other_way"]["how"]["zh"].as_str().expect("how").to_owned();
        browser.wait_for_text("[data-testid=answer-how]", &how).await;
        if need == "change_phone" {
            assert_eq!(browser.text("[data-testid=in-app]").await, tf(Lang::Zh, HallsText::InApp, &["网上国网"]));
        }
    }
    assert_eq!(browser.text("[data-testid=call-hotline]").await, tf(Lang::Zh, HallsText::CallHall, &["95598"]));
    let href = "return document.querySelector('[data-testid=call-hotline]').getAttribute('href');";
    assert_eq!(browser.script(href).await, json!("tel:95598"));
    browser.check_page("guidance: a complaint").await;
    totals_become(&server, (1, 2, 0)).await;

    // 过户: a visit. What to bring, how long, and the halls offering it with their queue now.
    browser.goto(&server.url("/#/guidance")).await;
    browser.click("[data-testid=need-name_transfer]").await;
    browser.wait_for("[data-testid=answer-visit]").await;
    let (_, services) = server.api("GET", "/services", None).await;
    let service = services
        .as_array()
        .and_then(|l| l.iter().find(|s| s["code"] == "name_transfer"))
        .expect("name_transfer")
        .clone();
    let checklist: Vec<&str> =
        service["checklist"].as_array().expect("checklist").iter().filter_map(|c| c["zh"].as_str()).collect();
    assert_eq!(checklist[0], "新旧户主身份证原件");
    assert_eq!(texts(&browser, "[data-testid=guidance-checklist] li").await, json!(checklist));
    assert_eq!(browser.text("[data-testid=visit-minutes]").await, tf(Lang::Zh, HallsText::VisitMinutes, &["30"]));
    let (_, halls) = server.api("GET", "/halls?service=name_transfer", None).await;
    let shown = texts(&browser, "[data-testid=guidance-hall]").await;
    let expected: Vec<String> = halls
        .as_array()
        .expect("halls")
        .iter()
        .map(|h| {
            let name = h["name"].as_str().expect("name");
            let address = h["address"].as_str().expect("address");
            let wait = if h["open_now"] == true {
                tf(
                    Lang::Zh,
                    HallsText::QueueNow,
                    &[&h["queue_length"].to_string(), &h["expected_wait_minutes"].to_string()],
                )
            } else {
                t(Lang::Zh, HallsText::ClosedNow).to_owned()
            };
            format!("{name}{address}{wait}")
        })
        .collect();
    assert_eq!(shown, json!(expected), "each hall with today's wait, as the hall list has it");
    browser.check_page("guidance: a transfer").await;

    // Booking starts at the hall step with 过户 chosen: only the halls offering it.
    browser.click("[data-testid=book-need]").await;
    browser.wait_for("[data-testid^=hall-]").await;
    assert_eq!(browser.script("return location.hash;").await, json!("#/book/hall"));
    let hall_ids: Vec<String> = halls.as_array().expect("halls").iter().map(|h| format!("hall-{}", h["id"])).collect();
    let offered = browser
        .script("return [...document.querySelectorAll('[data-testid^=hall-]')].map((b) => b.dataset.testid);")
        .await;
    assert_eq!(offered, json!(hall_ids));
    browser.click("[data-testid=hall-1]").await;
    browser.wait_for("[data-testid^=date-]").await;
    // The second open day: today's slots may all have passed already.
    let day =
        browser.script("return document.querySelectorAll('[data-testid^=date-]')[1].dataset.testid.slice(5);").await;
    browser.click(&format!("[data-testid=date-{}]", day.as_str().expect("a date"))).await;
    browser.click("[data-testid^=slot-]:not([disabled])").await;
    browser.wait_for("[data-testid=contact-form]").await;
    browser.fill("#contact_name", "张伟明").await;
    browser.fill("#contact_phone", ZHANG_PHONE).await;
    browser.click("[data-testid=contact-form] button[type=submit]").await;
    browser.wait_for("[data-testid=checklist]").await;
    assert_eq!(texts(&browser, "[data-testid=checklist] li").await, json!(checklist), "the same checklist again");
    browser.click("a[href='#/book/confirm']").await;
    browser.wait_for_text("[data-testid=summary-service]", service["name"]["zh"].as_str().expect("name")).await;
    assert_eq!(browser.text("[data-testid=summary-service]").await, "更名过户");
    browser.click("[data-testid=confirm-booking]").await;
    browser.wait_for("[data-testid=qr]").await;
    let code = browser.text("[data-testid=code]").await;
    let (_, mine) = server.api("GET", "/appointments", Some(&token)).await;
    let booked = mine.as_array().and_then(|l| l.iter().find(|a| a["code"] == code.as_str())).expect("listed").clone();
    assert_eq!(booked["service"], "name_transfer");

    // One visit booked from its need, beside the two needs that ended online or another way.
    let after_booking = totals_become(&server, (1, 2, 1)).await;
    assert_eq!(of_need(&after_booking, "complaint")["other_way"], 1, "shown twice, counted once: {after_booking}");
    assert_eq!(
        of_need(&after_booking, "name_transfer"),
        json!({"need": "name_transfer", "online": 0, "other_way": 0, "booked": 1})
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guidance_reads_in_english_and_care_mode() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    let (_, guidance) = server.api("GET", "/guidance", None).await;
    // Home links to it (signed in), in a single line among its links.
    browser.goto(&server.url("/#/")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    // Home's own page, not the frame painted before its piece arrived.
    browser.wait_for("[data-testid=overview]").await;
    browser.click("a[href='#/guidance']").await;
    browser.wait_for("[data-testid=needs]").await;
    browser.click("[data-testid=care-toggle]").await;
    browser.click("[data-testid=lang-toggle]").await;
    browser.wait_for_text("h1", t(Lang::En, Text::TitleGuidance)).await;
    browser.wait_for_text("[data-testid=need-meter_doubt]", t(Lang::En, HallsText::WayVisit)).await;
    let names: Vec<&str> =
        guidance.as_array().expect("needs").iter().filter_map(|g| g["name"]["en"].as_str()).collect();
    assert_eq!(texts(&browser, "[data-testid=needs] strong").await, json!(names));
    browser.check_page("guidance (care, en)").await;
    browser.click("[data-testid=need-name_transfer]").await;
    browser.wait_for("[data-testid=answer-visit]").await;
    let checklist: Vec<&str> = guidance_of(&guidance, "name_transfer")["answer"]["visit"]["checklist"]
        .as_array()
        .expect("checklist")
        .iter()
        .filter_map(|c| c["en"].as_str())
        .collect();
    assert_eq!(texts(&browser, "[data-testid=guidance-checklist] li").await, json!(checklist));
    assert_eq!(browser.text("[data-testid=book-need]").await, t(Lang::En, HallsText::BookVisit));
    browser.check_page("guidance: a transfer (care, en)").await;
    // "None of these": the services themselves.
    browser.goto(&server.url("/#/guidance")).await;
    browser.click("[data-testid=guidance-direct]").await;
    browser.wait_for("[data-testid=service-meter_check]").await;
    assert_eq!(browser.script("return location.hash;").await, json!("#/book/service"));
    browser.close().await;
}
