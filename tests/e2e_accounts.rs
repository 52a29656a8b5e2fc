//! Binding another account end to end: the holder's name alone binds nothing; the code sent to
//! the account's registered phone (shown masked) does. Wrong guesses meet a wait said in words,
//! and what the customer typed stays.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::{browser_token, sign_in, Browser, Server};

const ZHANG_HOME: &str = "3210000001";
const ZHANG_PHONE: &str = "13800000001";
/// Bound to nobody; its holder is 赵丽华, whose registered phone is 13800000005.
const ZHAO: &str = "3210000006";
const ZHAO_PHONE: &str = "13800000005";

async fn bound_accounts(server: &Server, token: &str) -> Vec<String> {
    let (status, me) = server.api("GET", "/me", Some(token)).await;
    assert_eq!(status, 200, "{me}");
    me["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .filter_map(|a| a["account_no"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_holders_name_and_the_code_from_the_registered_phone_bind_the_account() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/accounts")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=bind-form]").await;
    let token = browser_token(&browser).await;
    browser.fill("#account_no", ZHAO).await;
    browser.fill("#holder_name", "赵丽华").await;
    browser.click("[data-testid=bind-form] button[type=submit]").await;

    // The code went to the account's phone, shown masked; nothing is bound yet.
    browser.wait_for("[data-testid=bind-code-form]").await;
    assert_eq!(browser.text("#code-hint").await, "验证码已发送至 138****0005，5 分钟内有效");
    browser.wait_for_text("[data-testid=resend-wait]", "秒后可重新获取").await;
    assert_eq!(bound_accounts(&server, &token).await, [ZHANG_HOME, "3210000002"]);
    browser.check_page("binding: the code").await;

    let code = server.sms_code(ZHAO_PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    browser.fill("#code", wrong).await;
    browser.click("[data-testid=bind-code-form] button[type=submit]").await;
    browser.wait_for_text("[data-testid=error-summary]", "验证码不正确").await;
    assert_eq!(browser.script("return document.querySelector('#code').getAttribute('aria-invalid');").await, "true");
    browser.check_page("binding: a wrong code").await;
    browser.click("[data-testid=care-toggle]").await;
    browser.wait_until("care mode on", "document.documentElement.dataset.care === 'on'").await;
    browser.check_page("binding: a wrong code (care)").await;

    browser.fill("#code", &code).await;
    browser.click("[data-testid=bind-code-form] button[type=submit]").await;
    browser.wait_for_text("[data-testid=accounts-status]", "已绑定户号 3210000006").await;
    browser.wait_for(&format!("[data-testid=account][data-account='{ZHAO}']")).await;
    assert_eq!(
        browser.text(&format!("[data-testid=account][data-account='{ZHAO}'] p:nth-child(2)")).await,
        "赵*华 · 宿迁市沭阳县迎宾大道****"
    );
    assert_eq!(bound_accounts(&server, &token).await, [ZHANG_HOME, "3210000002", ZHAO]);
    // A finished form starts empty, at its first step.
    browser.wait_for("[data-testid=bind-form]").await;
    assert_eq!(browser.value("#account_no").await, "");
    browser.check_page("binding: bound (care)").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_names_meets_a_wait_in_words_and_keeps_what_was_typed() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/accounts")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=bind-form]").await;
    let token = browser_token(&browser).await;

    // A wrong name says only that the number or name is wrong.
    browser.fill("#account_no", ZHAO).await;
    browser.fill("#holder_name", "赵丽").await;
    browser.click("[data-testid=bind-form] button[type=submit]").await;
    browser.wait_for_text("[data-testid=error-summary]", "户号或户主姓名不正确").await;
    browser.check_page("binding: a wrong name").await;
    // Nine more guesses (as a script would make them), then the page's next attempt is held back.
    let url = server.url("/api/v1/accounts/bindings/sms-code");
    for guess in 0..9 {
        let body = json!({"account_no": ZHAO, "holder_name": format!("赵{guess}")});
        let (status, answer) = support::http(&url, "POST", Some(&body), Some(&token)).await;
        assert_eq!((status, answer["code"].as_str()), (422, Some("holder_mismatch")), "guess {guess}");
    }
    browser.fill("#holder_name", "赵丽华").await;
    browser.click("[data-testid=bind-form] button[type=submit]").await;
    // About an hour, said in minutes; the right name is refused too while the wait lasts.
    browser
        .wait_until(
            "the wait in words",
            "/操作过于频繁，请 (59|60) 分钟后再试，您填写的内容不会丢失。/.test(document.querySelector('[data-testid=error-summary]').textContent)",
        )
        .await;
    assert_eq!(browser.value("#account_no").await, ZHAO);
    assert_eq!(browser.value("#holder_name").await, "赵丽华");
    assert_eq!(server.api("GET", &format!("/demo/sms?phone={ZHAO_PHONE}"), None).await.0, 404, "no code was sent");
    assert_eq!(bound_accounts(&server, &token).await.len(), 2);
    browser.check_page("binding: held back").await;
    browser.close().await;
}
