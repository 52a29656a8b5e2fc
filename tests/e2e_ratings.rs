//! Ratings end to end: pay, rate 不满意 (a reason is required), the utility's
//! operator replies, the customer sees the reply and marks it resolved. A comment
//! with markup is shown as written and runs nothing. Hall satisfaction is public.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use support::{browser_token, desktop_on_pay_page, post_form, sign_in, Browser, BrowserOptions, Server};

const ARREARS: &str = "3210000004";
const ARREARS_PHONE: &str = "13800000003";
const MARKUP: &str = "<img src=x onerror=alert(1)>";

/// Any alert (or a script that managed to run) leaves a mark the test can read.
const WATCH_ALERTS: &str = "window.alert = () => { window.__alerted = true; };";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pay_rate_poorly_with_a_reason_get_a_reply_and_mark_it_resolved() {
    let server = Server::start().await;
    let (browser, token) = desktop_on_pay_page(&server, ARREARS, ARREARS_PHONE).await;
    // In this document and in every one loaded after it.
    browser.script(&format!("{WATCH_ALERTS} return true;")).await;
    browser.before_each_page(WATCH_ALERTS).await;

    // Pay by QR code; the provider confirms.
    browser.click("[data-testid=pay]").await;
    browser.wait_for("[data-testid=qr]").await;
    let (_, list) = server.api("GET", &format!("/accounts/{ARREARS}/payments"), Some(&token)).await;
    let order = list[0].clone();
    let code_url = order["action"]["code_url"].as_str().expect("a QR order");
    let prepay = code_url.split("pr=").nth(1).expect("prepay id");
    let (status, _) = post_form(&server.url(&format!("/api/v1/demo/paysim/{prepay}")), "outcome=paid").await;
    assert_eq!(status, 204);

    // The receipt invites a rating; no pop-up.
    browser.wait_for("[data-testid=receipt]").await;
    browser.click("[data-testid=rate-invitation] a").await;
    browser.wait_for("[data-testid=rate-form]").await;
    browser.check_page("rate form").await;

    // 不满意 without a reason is refused before sending, with the reason asked for.
    browser.click("[data-testid=level-dissatisfied]").await;
    browser.wait_for("[data-testid=reasons]").await;
    browser.fill("#comment", MARKUP).await;
    browser.wait_for_text("[data-testid=comment-counter]", &MARKUP.chars().count().to_string()).await;
    browser.click("[data-testid=submit-rating]").await;
    browser.wait_for_text("[data-testid=error-summary]", "原因").await;
    let (_, mine) = server.api("GET", "/ratings", Some(&token)).await;
    assert_eq!(mine.as_array().map(Vec::len), Some(0), "nothing was sent");
    browser.check_page("rate form with an error").await;

    // In care mode too.
    browser.click("[data-testid=care-toggle]").await;
    browser.wait_until("care mode on", "document.documentElement.dataset.care === 'on'").await;
    browser.check_page("rate form (care)").await;

    // Tick a reason and send, twice in the same moment: one rating.
    browser.click("[data-testid^=reason-]").await;
    browser
        .script("const b = document.querySelector('[data-testid=submit-rating]'); b.click(); b.click(); return true;")
        .await;
    browser.wait_for("[data-testid=rating]").await;
    let (_, mine) = server.api("GET", "/ratings", Some(&token)).await;
    assert_eq!(mine.as_array().map(Vec::len), Some(1), "{mine}");
    let rating = mine[0].clone();
    assert_eq!(rating["level"], "dissatisfied");
    assert_eq!(rating["comment"], MARKUP);

    // The markup is text on the page: no image element, no script ran.
    assert_eq!(browser.text("[data-testid=rating-comment]").await, MARKUP);
    assert_eq!(browser.script("return document.querySelectorAll('[data-testid=rating-comment] *').length;").await, 0);
    assert_eq!(browser.script("return !!window.__alerted;").await, false);
    browser.wait_for("[data-testid=follow-up][data-status=open]").await;
    browser.check_page("rating with follow-up (care)").await;

    // The utility's operator replies (demo endpoint), with markup of its own.
    let id = rating["id"].as_i64().expect("id");
    let reply = "已核实：到账延迟是银行结算造成的，已处理。<b>谢谢</b>";
    let (status, answered) = support::http(
        &server.url(&format!("/api/v1/demo/ratings/{id}/replies")),
        "POST",
        Some(&json!({ "text": reply })),
        None,
    )
    .await;
    assert_eq!(status, 200, "{answered}");
    browser.client.refresh().await.expect("reload");
    browser.wait_for("[data-testid=follow-up][data-status=replied]").await;
    browser.wait_for_text("[data-testid=reply]", reply).await;
    assert_eq!(browser.script("return document.querySelectorAll('[data-testid=reply] b').length;").await, 0);
    browser.check_page("follow-up replied (care)").await;
    browser.screenshot("rating-follow-up-care").await;

    // It resolved the problem, says the customer in a comment that survives a reload.
    let thanks = "问题已解决，谢谢。";
    browser.fill("#verdict_comment", thanks).await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for("[data-testid=follow-up][data-status=replied]").await;
    assert_eq!(browser.value("#verdict_comment").await, thanks, "the comment is kept");
    browser.click("[data-testid=verdict-resolved]").await;
    browser.wait_for("[data-testid=follow-up][data-status=resolved]").await;
    let (_, now) = server.api("GET", &format!("/ratings/{id}"), Some(&token)).await;
    assert_eq!(now["follow_up"]["status"], "resolved");
    let replies = now["follow_up"]["replies"].as_array().expect("replies").clone();
    assert_eq!(replies.last().map(|r| (&r["author"], &r["text"])), Some((&json!("customer"), &json!(thanks))));
    let kept = browser.script(&format!("return sessionStorage.getItem('portal.draft.verdict-comment.{id}');")).await;
    assert_eq!(kept, serde_json::Value::Null, "sent: the draft is gone");

    // My ratings lists it; it is no longer waiting to be rated.
    browser.goto(&server.url("/#/ratings")).await;
    browser.wait_for(&format!("[data-testid=my-rating][data-rating='{id}']")).await;
    let waiting = format!("[data-testid=to-rate-item][data-id='{}']", order["order_no"].as_str().expect("no"));
    assert_eq!(browser.script(&format!("return !!document.querySelector({});", json!(waiting))).await, false);
    browser.check_page("ratings (care)").await;
    assert_eq!(browser.script("return !!window.__alerted;").await, false);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hall_finder_shows_each_halls_satisfaction_from_the_server() {
    let server = Server::start().await;
    let browser = Browser::start_with(BrowserOptions { lang: "en-GB", ..Default::default() }).await;
    let (status, halls) = server.api("GET", "/halls", None).await;
    assert_eq!(status, 200);
    let rated: Vec<&Value> = halls.as_array().expect("halls").iter().filter(|h| !h["satisfaction"].is_null()).collect();
    assert!(!rated.is_empty(), "the demo data has rated visits");
    browser.goto(&server.url("/#/halls")).await;
    // Each hall's card: the API's figure on it, or no figure for a hall without ratings.
    for hall in halls.as_array().expect("halls") {
        let card = format!("[data-testid=hall][data-hall='{}']", hall["id"]);
        browser.wait_for(&card).await;
        let on_card = browser
            .script(&format!(
                "return Array.from(document.querySelectorAll({})).map(e => e.textContent);",
                serde_json::json!(format!("{card} [data-testid=satisfaction]"))
            ))
            .await;
        let expected: Vec<String> = match hall["satisfaction"].as_object() {
            Some(s) => {
                let permille = s["satisfied_permille"].as_i64().expect("permille");
                let rate = format!("{}.{}", permille / 10, permille % 10);
                let ratings = s["ratings"].as_i64().expect("ratings").to_string();
                vec![portal::i18n::tf(
                    portal::i18n::Lang::En,
                    portal::i18n::HallsText::SatisfactionRate,
                    &[&rate, &ratings],
                )]
            }
            None => vec![],
        };
        assert_eq!(on_card, serde_json::json!(expected), "hall {}", hall["id"]);
    }
    // Figures that differ between halls, so a figure on the wrong card would be noticed.
    let figures: std::collections::BTreeSet<String> =
        halls.as_array().expect("halls").iter().map(|h| h["satisfaction"].to_string()).collect();
    assert!(figures.len() >= 2, "halls' satisfaction differs: {figures:?}");
    browser.check_page("halls with satisfaction (en)").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_served_visit_is_rated_with_the_window_that_served_it() {
    const ZHANG_HOME: &str = "3210000001";
    const ZHANG_PHONE: &str = "13800000001";
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/ratings")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=to-rate-empty]").await;
    let token = browser_token(&browser).await;
    let hall_ratings = |halls: &Value| {
        let hall = halls.as_array().and_then(|list| list.iter().find(|h| h["id"] == 1)).cloned();
        hall.and_then(|h| h["satisfaction"]["ratings"].as_i64()).unwrap_or(0)
    };

    // Book the first free slot of hall 1's second open day, through the API.
    let (_, dates) = server.api("GET", "/halls/1/dates?service=meter_check", None).await;
    let day = dates["dates"][1].as_str().expect("an open day").to_owned();
    let (_, slots) = server.api("GET", &format!("/halls/1/slots?service=meter_check&date={day}"), None).await;
    let slot = slots["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .find(|s| s["remaining"].as_i64() > Some(0))
        .expect("a free slot")
        .clone();
    let (status, booked) = support::post_keyed(
        &server.url("/api/v1/appointments"),
        &json!({
            "account_no": ZHANG_HOME, "hall_id": 1, "service": "meter_check", "starts_at": slot["starts_at"],
            "contact_name": "张伟明", "contact_phone": ZHANG_PHONE
        }),
        &token,
        "e2e-visit",
    )
    .await;
    assert_eq!(status, 201, "{booked}");

    // On the day: checked in, then served at window 3.
    let starts = contract::Timestamp::parse(slot["starts_at"].as_str().expect("instant")).expect("instant");
    server.clock.advance(starts.unix_seconds() - 1800 - server.clock.now().unix_seconds());
    let staff = |path: &str| server.url(&format!("/api/v1/demo/staff/{path}"));
    let (status, _) = support::http(&staff("check-in"), "POST", Some(&json!({ "code": booked["code"] })), None).await;
    assert_eq!(status, 200);
    let window = "3%E5%8F%B7%E7%AA%97%E5%8F%A3"; // 3号窗口
    let (status, served) =
        support::http(&staff(&format!("call-next?hall_id=1&window={window}")), "POST", None, None).await;
    assert_eq!((status, &served["status"]), (200, &json!("done")), "{served}");
    // Counted over the 90 days before the server's (now later) clock.
    let before = hall_ratings(&server.api("GET", "/halls", None).await.1);

    // The appointment page invites a rating (a day passed for the server: sign in again).
    let id = booked["id"].as_i64().expect("id");
    browser.goto(&server.url(&format!("/#/appointments/{id}"))).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.click("[data-testid=rate-invitation] a").await;
    browser.wait_for("[data-testid=rate-form]").await;
    assert_eq!(browser.value("#staff_no").await, "3号窗口", "the window that served is filled in");
    browser.click("[data-testid=level-satisfied]").await;
    browser.script("const s = document.querySelector('#dim-attitude'); s.value = 'very_satisfied'; s.dispatchEvent(new Event('change', { bubbles: true })); return true;").await;
    browser.check_page("rate a visit").await;
    browser.click("[data-testid=submit-rating]").await;
    browser.wait_for("[data-testid=rating][data-level=satisfied]").await;
    browser.wait_for_text("[data-testid=rating]", "3号窗口").await;
    browser.wait_for_text("[data-testid=rating]", "非常满意").await;
    assert_eq!(
        browser.script("return !!document.querySelector('[data-testid=follow-up]');").await,
        false,
        "no follow-up for a good rating"
    );

    // It counts towards the hall's published satisfaction.
    let after = hall_ratings(&server.api("GET", "/halls", None).await.1);
    assert_eq!(after, before + 1);
    browser.close().await;
}
