//! Paying for someone else's 户号 (代缴) end to end: a customer pays an account that is not
//! bound to them, checks the masked holder first, and the holder's arrears drop by exactly
//! what was paid; the receipt and the payer's history say whose account it was; unknown
//! numbers meet the limit with the wait in words, and what was typed stays.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use portal::i18n::{t, Lang, PayText, Text};
use serde_json::Value;
use support::{browser_token, post_form, sign_in, Browser, BrowserOptions, Server};

const ZHANG_HOME: &str = "3210000001";
const ZHANG_PHONE: &str = "13800000001";
const WANG: &str = "3210000004";
const WANG_PHONE: &str = "13800000003";
const CLOSED: &str = "3210000099";

fn yuan(fen: i64) -> String {
    portal::i18n::money(contract::Fen(fen))
}

async fn overview(server: &Server, token: &str, account: &str) -> Value {
    let (status, overview) = server.api("GET", &format!("/accounts/{account}/overview"), Some(token)).await;
    assert_eq!(status, 200, "{overview}");
    overview
}

/// Types a number into the lookup and asks. Typing clears the last answer's message, so any
/// message seen after this is the answer to this number.
async fn look_up(browser: &Browser, number: &str) {
    browser.fill("#payee-account", number).await;
    browser.wait_until("the last answer cleared", "!document.querySelector('[data-testid=error-summary]')").await;
    browser.click("[data-testid=payee-look-up]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_pays_an_account_not_bound_to_them_and_its_arrears_drop_by_exactly_that() {
    let server = Server::start().await;
    let browser = Browser::start_with(BrowserOptions { width: 1200, height: 900, ..Default::default() }).await;
    browser.goto(&server.url("/#/pay/other")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=payee-form]").await;
    let zhang = browser_token(&browser).await;
    // The holder's side, as they would see it.
    let wang = server.api_sign_in(WANG, WANG_PHONE).await;
    let owed = overview(&server, &wang, WANG).await["arrears"].as_i64().expect("fen");
    assert!(owed > 0, "the demo account is in arrears");
    let (_, me) = server.api("GET", "/me", Some(&wang)).await;
    let holder = me["accounts"][0]["holder_name_masked"].as_str().expect("masked name").to_owned();
    assert!(holder.contains('*'), "{holder}");
    assert_eq!(server.api("GET", &format!("/accounts/{WANG}/overview"), Some(&zhang)).await.0, 404, "not Zhang's");

    look_up(&browser, WANG).await;
    browser.wait_for("[data-testid=payee]").await;
    assert_eq!(browser.text("[data-testid=payee-holder]").await, holder);
    assert_eq!(browser.text("[data-testid=payee-area]").await, me["accounts"][0]["area"].as_str().expect("area"));
    assert_eq!(browser.text("[data-testid=payee-due]").await, yuan(owed));
    browser.check_page("pay for someone else: the holder to check").await;
    browser.click("[data-testid=payee-confirm]").await;

    // The same pay form as for an own account: the whole amount owed, a desktop's channels.
    browser.wait_for_text("[data-testid=amount-due]", &yuan(owed)).await;
    browser.wait_for("[data-testid=channel-wechat_native]:checked").await;
    browser.check_page("pay for someone else: the form").await;
    browser.click("[data-testid=pay]").await;
    browser.wait_for("[data-testid=qr]").await;
    browser.wait_until("an order page", "location.hash.startsWith('#/pay/orders/')").await;
    let hash = browser.script("return location.hash;").await;
    let order_no = hash.as_str().and_then(|h| h.rsplit('/').next()).expect("order number").to_owned();
    let (_, order) = server.api("GET", &format!("/payments/orders/{order_no}"), Some(&zhang)).await;
    assert_eq!((order["account_no"].as_str(), order["amount"].as_i64()), (Some(WANG), Some(owed)), "{order}");
    let prepay_id = order["action"]["code_url"].as_str().and_then(|u| u.split("pr=").nth(1)).expect("QR order");
    let (status, _) = post_form(&server.url(&format!("/api/v1/demo/paysim/{prepay_id}")), "outcome=paid").await;
    assert_eq!(status, 204);

    // The receipt names the account and whose it is.
    browser.wait_for("[data-testid=receipt]").await;
    assert_eq!(browser.text("[data-testid=receipt-amount]").await, yuan(owed));
    assert_eq!(browser.text("[data-testid=receipt-account]").await, WANG);
    let paid_for = portal::i18n::tf(Lang::Zh, PayText::ReceiptPaidForValue, &[&holder]);
    assert_eq!(browser.text("[data-testid=receipt-paid-for]").await, paid_for);
    browser.check_page("receipt for someone else").await;
    // The holder's arrears dropped by exactly what was paid.
    let paid = order["amount"].as_i64().expect("fen");
    assert_eq!(overview(&server, &wang, WANG).await["arrears"].as_i64(), Some(owed - paid));
    assert_eq!(owed - paid, 0, "arrears are paid whole");

    // The payer's history lists it, with the account and its holder; a cold load shows the same.
    browser.goto(&server.url("/#/payments")).await;
    browser.wait_for(&format!("[data-testid=payments-for-others] [data-order='{order_no}'][data-status=paid]")).await;
    let line = portal::i18n::tf(Lang::Zh, PayText::ForOthersAccount, &[WANG, &holder]);
    assert_eq!(browser.text("[data-testid=payments-for-others] [data-testid=payment-payee]").await, line);
    browser.check_page("payment history with payments for others").await;
    browser.goto(&server.url(&format!("/#/receipts/{order_no}"))).await;
    browser.script("location.reload(); return true;").await;
    assert_eq!(browser.text("[data-testid=receipt-paid-for]").await, paid_for);
    // Nothing is owed there now: a second lookup says so instead of offering to pay.
    browser.goto(&server.url("/#/pay/other")).await;
    look_up(&browser, WANG).await;
    assert_eq!(browser.text("[data-testid=payee-due]").await, yuan(0));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_and_closed_numbers_say_one_thing_and_fifteen_of_them_meet_the_limit_in_words() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/pay/other")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=payee-form]").await;
    let zhang = browser_token(&browser).await;
    // Checked on the page first: a short number never reaches the API.
    look_up(&browser, "32100").await;
    browser.wait_for_text("[data-testid=error-summary]", t(Lang::Zh, Text::FieldAccountNoFormat)).await;

    // A closed account and an unknown one read the same, and neither shows a holder.
    let not_found = t(Lang::Zh, PayText::PayeeNotFound);
    look_up(&browser, CLOSED).await;
    browser.wait_for_text("[data-testid=error-summary]", not_found).await;
    let closed_says = browser.text("[data-testid=error-summary]").await;
    look_up(&browser, "3219999900").await;
    browser.wait_for_text("[data-testid=error-summary]", not_found).await;
    assert_eq!(browser.text("[data-testid=error-summary]").await, closed_says, "nothing tells them apart");
    assert_eq!(browser.script("return !!document.querySelector('[data-testid=payee]');").await, false);
    browser.check_page("pay for someone else: not found").await;

    // In English and care mode, keep guessing: ten misses an hour, then the wait, in words.
    browser.click("[data-testid=lang-toggle]").await;
    browser.wait_until("English", "document.documentElement.lang === 'en'").await;
    browser.click("[data-testid=care-toggle]").await;
    browser.wait_until("care mode on", "document.documentElement.dataset.care === 'on'").await;
    let limited = t(Lang::En, Text::ErrorRateLimited).split("{0}").next().expect("text").to_owned();
    let mut answers = Vec::new();
    for n in 1..=13 {
        let number = format!("32199999{n:02}");
        look_up(&browser, &number).await;
        let answered = format!(
            "(() => {{ const s = document.querySelector('[data-testid=error-summary]'); return s && !document.querySelector('[data-testid=payee-look-up][disabled]') && (s.textContent.includes({}) || s.textContent.includes({})); }})()",
            serde_json::json!(t(Lang::En, PayText::PayeeNotFound)),
            serde_json::json!(limited)
        );
        browser.wait_until(&format!("lookup {n} answered"), &answered).await;
        let summary = browser.text("[data-testid=error-summary]").await;
        answers.push(summary.contains(&limited));
        // What was typed stays, whatever the answer.
        assert_eq!(browser.value("#payee-account").await, number);
    }
    // Two misses in Chinese, eight here: the eleventh lookup of the fifteen is refused.
    assert_eq!(answers.iter().filter(|limited| !**limited).count(), 8, "{answers:?}");
    assert!(answers[8..].iter().all(|limited| *limited), "every lookup after the tenth miss waits: {answers:?}");
    let (status, body) = server.api("GET", &format!("/payees/{WANG}"), Some(&zhang)).await;
    assert_eq!(status, 429, "even a right number waits now: {body}");
    let wait = portal::components::error_view::wait_words(Lang::En, body["retry_after_s"].as_u64().expect("s") as u32);
    browser.wait_for_text("[data-testid=error-summary]", &wait).await;
    assert!(wait.ends_with("minutes"), "about an hour, in minutes: {wait}");
    browser.check_page("pay for someone else: limited (en, care)").await;
    browser.close().await;
}
