//! Faults that matter, end to end. The server does the work and the answer is lost: the portal
//! asks again with the same key, and the result is exactly one order, appointment or rating,
//! with the customer on the success page. A latency beyond the portal's deadline says so, keeps
//! what was typed, and its retry books once. So does a press while the browser is offline, once it is
//! back online.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::{browser_token, desktop_on_pay_page, post_form, sign_in, Browser, Server};

const ZHANG_HOME: &str = "3210000001";
const ZHANG_PHONE: &str = "13800000001";
const ARREARS: &str = "3210000004";
const ARREARS_PHONE: &str = "13800000003";

/// The next POST under `prefix` runs, and its answer never arrives.
fn answer_lost(prefix: &str) -> Value {
    json!([{ "path_prefix": prefix, "method": "POST", "drop_answer": true, "times": 1 }])
}

/// A free slot at hall 1 on its second open day (today's may all have passed): its date and start.
async fn free_slot(server: &Server) -> (String, String) {
    let (_, open) = server.api("GET", "/halls/1/dates?service=meter_check", None).await;
    let day = open["dates"][1].as_str().expect("a second open day").to_owned();
    let (_, slots) = server.api("GET", &format!("/halls/1/slots?service=meter_check&date={day}"), None).await;
    let slot = slots["slots"].as_array().expect("slots").iter().find(|s| s["remaining"].as_i64() > Some(0));
    let starts_at = slot.expect("a free slot")["starts_at"].as_str().expect("instant").to_owned();
    (day, starts_at)
}

/// Signed in on the booking's confirm step, with the choices the earlier steps leave in the draft.
async fn at_confirm_step(server: &Server) -> (Browser, String, String) {
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/appointments")).await;
    sign_in(&browser, server, ZHANG_HOME, ZHANG_PHONE).await;
    browser
        .wait_until(
            "signed in, back on the appointments",
            "!!sessionStorage.getItem('portal.session') && location.hash === '#/appointments'",
        )
        .await;
    let token = browser_token(&browser).await;
    let (day, starts_at) = free_slot(server).await;
    let draft = json!({ "service": "meter_check", "hall": 1, "date": day, "starts_at": starts_at,
                        "contact_name": "张伟明", "contact_phone": ZHANG_PHONE });
    browser
        .script(&format!("sessionStorage.setItem('portal.draft.booking', {}); return true;", json!(draft.to_string())))
        .await;
    browser.goto(&server.url("/#/book/confirm")).await;
    browser.wait_for("[data-testid=confirm-booking]:not([disabled])").await;
    (browser, token, starts_at)
}

/// The customer's booked appointments at `starts_at`, as the API lists them.
async fn booked_at(server: &Server, token: &str, starts_at: &str) -> Vec<Value> {
    let (status, list) = server.api("GET", "/appointments", Some(token)).await;
    assert_eq!(status, 200, "{list}");
    list.as_array()
        .expect("list")
        .iter()
        .filter(|a| a["starts_at"] == starts_at && a["status"] == "booked")
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_whose_answer_is_lost_is_one_appointment_on_its_page() {
    let server = Server::start().await;
    let (browser, token, starts_at) = at_confirm_step(&server).await;
    server.set_faults(answer_lost("/appointments")).await;
    browser.click("[data-testid=confirm-booking]").await;

    browser.wait_for("[data-testid=appointment-detail][data-status=Booked]").await;
    assert_eq!(server.faults().await, json!([]), "the answer was dropped once");
    let booked = booked_at(&server, &token, &starts_at).await;
    assert_eq!(booked.len(), 1, "{booked:?}");
    assert_eq!(browser.text("[data-testid=code]").await, booked[0]["code"].as_str().expect("code"));
    browser.check_page("appointment after a lost answer").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_slower_than_the_deadline_says_so_and_its_retry_books_once() {
    let server = Server::start().await;
    let (browser, token, starts_at) = at_confirm_step(&server).await;
    // Longer than the portal's 15 s deadline, for the first try and both of its own retries.
    server
        .set_faults(json!([{ "path_prefix": "/appointments", "method": "POST", "latency_ms": 16_000, "times": 3 }]))
        .await;
    browser.click("[data-testid=confirm-booking]").await;
    browser
        .wait_until_within(
            "the timeout message",
            "(document.querySelector('[data-testid=error-summary] li') || {}).textContent === '服务响应超时。请稍后点击“重试”，您填写的内容不会丢失。'",
            Duration::from_secs(75),
        )
        .await;
    // Nothing typed is lost: the summary still shows the choices.
    browser.wait_for_text("[data-testid=booking-summary]", "张伟明").await;
    browser.check_page("booking timed out").await;
    browser.wait_for_text("[data-testid=summary-retry]", "重试").await;
    browser.click("[data-testid=summary-retry]").await;
    browser.wait_for("[data-testid=appointment-detail][data-status=Booked]").await;
    let booked = booked_at(&server, &token, &starts_at).await;
    assert_eq!(booked.len(), 1, "one appointment however many tries reached the server: {booked:?}");
    assert_eq!(browser.text("[data-testid=code]").await, booked[0]["code"].as_str().expect("code"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_pressed_offline_says_so_keeps_the_form_and_books_once_back_online() {
    let server = Server::start().await;
    let (browser, token, starts_at) = at_confirm_step(&server).await;
    browser.offline(true).await;
    browser.click("[data-testid=confirm-booking]").await;
    browser
        .wait_until(
            "the no-connection message",
            "(document.querySelector('[data-testid=error-summary] li') || {}).textContent === '网络连接失败。请检查网络后点击“重试”，您填写的内容不会丢失。'",
        )
        .await;
    assert!(booked_at(&server, &token, &starts_at).await.is_empty(), "nothing reached the server while offline");
    // Nothing typed is lost: the summary still shows the contact, and so does the stored draft.
    browser.wait_for_text("[data-testid=booking-summary]", "张伟明").await;
    let draft = browser.script("return sessionStorage.getItem('portal.draft.booking');").await;
    assert!(draft.as_str().is_some_and(|d| d.contains("张伟明")), "the draft is kept: {draft}");
    browser.check_page("booking offline").await;
    browser.offline(false).await;
    browser.click("[data-testid=summary-retry]").await;
    browser.wait_for("[data-testid=appointment-detail][data-status=Booked]").await;
    let booked = booked_at(&server, &token, &starts_at).await;
    assert_eq!(booked.len(), 1, "one appointment once back online: {booked:?}");
    assert_eq!(browser.text("[data-testid=code]").await, booked[0]["code"].as_str().expect("code"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_and_its_rating_whose_answers_are_lost_are_one_order_and_one_rating() {
    let server = Server::start().await;
    let (browser, token) = desktop_on_pay_page(&server, ARREARS, ARREARS_PHONE).await;
    let (_, overview) = server.api("GET", &format!("/accounts/{ARREARS}/overview"), Some(&token)).await;
    let owed = overview["arrears"].as_i64().expect("fen");

    server.set_faults(answer_lost("/payments/orders")).await;
    browser.wait_for("[data-testid=pay]:not([disabled])").await;
    browser.click("[data-testid=pay]").await;
    browser.wait_for("[data-testid=qr]").await;
    assert_eq!(server.faults().await, json!([]), "the order's answer was dropped once");
    let (_, orders) = server.api("GET", &format!("/accounts/{ARREARS}/payments"), Some(&token)).await;
    let orders = orders.as_array().expect("orders").clone();
    assert_eq!(orders.len(), 1, "{orders:?}");
    let code_url = orders[0]["action"]["code_url"].as_str().expect("a QR order");
    let prepay = code_url.split("pr=").nth(1).expect("prepay id");
    assert_eq!(post_form(&server.url(&format!("/api/v1/demo/paysim/{prepay}")), "outcome=paid").await.0, 204);
    browser.wait_for("[data-testid=receipt]").await;
    assert_eq!(browser.text("[data-testid=receipt-amount]").await, portal::i18n::money(contract::Fen(owed)));

    browser.click("[data-testid=rate-invitation] a").await;
    browser.wait_for("[data-testid=rate-form]").await;
    browser.click("[data-testid=level-very_satisfied]").await;
    browser.fill("#comment", "很方便").await;
    server.set_faults(answer_lost("/ratings")).await;
    browser.click("[data-testid=submit-rating]").await;
    browser.wait_for("[data-testid=rating]").await;
    assert_eq!(server.faults().await, json!([]), "the rating's answer was dropped once");
    let (_, mine) = server.api("GET", "/ratings", Some(&token)).await;
    let mine = mine.as_array().expect("ratings").clone();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!((mine[0]["level"].as_str(), mine[0]["comment"].as_str()), (Some("very_satisfied"), Some("很方便")));
    assert_eq!(browser.text("[data-testid=rating-comment]").await, "很方便");
    browser.check_page("rating after a lost answer").await;
    browser.close().await;
}

/// `GET /me` failing as the app starts: home waits, asks again by itself, and shows
/// the customer's account once the server answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_recovers_by_itself_when_the_customer_cannot_be_loaded_at_first() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/sign-in")).await;
    server.set_faults(json!([{ "path_prefix": "/me", "method": "GET", "status": 503, "times": 2 }])).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for(&format!("[data-testid=overview][data-account='{ZHANG_HOME}']")).await;
    assert_eq!(server.faults().await, json!([]), "both failures were met, then the third ask was answered");
    browser.close().await;
}
