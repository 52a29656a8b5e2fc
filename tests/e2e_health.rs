//! The foundation end to end: config.json → wasm → API → browser.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, BrowserOptions, Server};

use support::dist_config as config;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_shows_the_utility_name_and_the_api_health_in_chinese() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/status")).await;
    let status = browser.wait_for("[data-testid=health][data-status=ok]").await;
    assert!(status.text().await.expect("text").contains("服务正常"));
    let name = browser.text("[data-testid=utility-name]").await;
    assert_eq!(name, config()["utility_name"]["zh"].as_str().expect("zh name"));
    browser.check_page("status").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_browser_gets_english_and_a_failing_api_gets_an_error_with_retry() {
    let server = Server::start().await;
    let browser = Browser::start_with(BrowserOptions { lang: "en-US", ..Default::default() }).await;
    // Three 503s outlast the client's two retries; the fourth request succeeds.
    let faults = serde_json::json!([{"path_prefix": "/health", "status": 503, "times": 3}]);
    let (status, _) = support::http(&server.url("/api/v1/demo/faults"), "PUT", Some(&faults), None).await;
    assert_eq!(status, 204);
    browser.goto(&server.url("/#/status")).await;
    let error = browser.wait_for("[data-testid=api-error]").await;
    assert!(error.text().await.expect("text").contains("Something went wrong on our side"));
    error.find(fantoccini::Locator::Css("button")).await.expect("retry button").click().await.expect("click");
    let status = browser.wait_for("[data-testid=health][data-status=ok]").await;
    assert!(status.text().await.expect("text").contains("The service is working"));
    assert_eq!(
        browser.text("[data-testid=utility-name]").await,
        config()["utility_name"]["en"].as_str().expect("en name")
    );
    browser.close().await;
}

/// The gate every page passes (no console error, no CSP violation) can fail: a style
/// attribute, which the policy the server sends forbids, is reported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csp_gate_sees_a_violation() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/sign-in")).await;
    browser.wait_for("[data-testid=details-form]").await;
    assert_eq!(browser.console_problems().await, Vec::<String>::new(), "a clean page first");
    browser
        .script(
            "document.addEventListener('securitypolicyviolation', e => { window.violated = e.violatedDirective; });
             document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>'); return true;",
        )
        .await;
    browser.wait_until("the browser refused the style", "window.violated").await;
    let problems = browser.console_problems().await;
    assert!(
        problems.iter().any(|p| p.contains("Content Security Policy") && p.contains("style-src")),
        "the violation is reported: {problems:#?}"
    );
    browser.close().await;
}

/// The privacy notice is one tap from where details are typed, open without signing in,
/// in both languages, and names the hotline to ask.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_consent_line_at_sign_in_leads_to_the_privacy_notice_in_both_languages() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/sign-in")).await;
    browser.wait_for("[data-testid=details-form]").await;
    assert_eq!(
        browser.text("[data-testid=consent]").await,
        "获取验证码即表示您同意：户号和手机号仅用于登录和办理用电业务。 个人信息保护说明"
    );
    browser.click("[data-testid=consent] a").await;
    browser.wait_until("on the privacy notice", "location.hash === '#/privacy'").await;
    browser.wait_for_text("h1", "个人信息保护说明").await;
    let hotline = config()["hotline"].as_str().expect("hotline").to_owned();
    assert_eq!(
        browser.text("[data-testid=privacy-ask] p").await,
        format!("请拨打客服热线，或带上身份证到任一营业厅办理： {hotline}")
    );
    let collected = browser.text("[data-testid=privacy-collected] li").await;
    assert_eq!(collected, "户号和登记的手机号：用于登录和发送短信验证码。");
    browser.check_page("privacy notice").await;
    // Opened anew, in English.
    browser.script("localStorage.setItem('portal.lang', 'en'); return true;").await;
    browser.goto(&server.url("/?anew#/privacy")).await;
    browser.wait_for_text("h1", "Privacy notice").await;
    browser
        .wait_for_text(
            "[data-testid=privacy-never] li",
            "We never sell your personal information or use it for marketing",
        )
        .await;
    browser.check_page("privacy notice, English").await;
    browser.close().await;
}
