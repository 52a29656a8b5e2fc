//! Paying end to end, one test per path: WeChat's JS bridge inside WeChat (ok,
//! cancel, fail), a phone browser's redirect to the provider and back, a desktop
//! QR code paid while the page waits, the customer cancelling, a reload while
//! the order is pending, and a double click on Pay. The portal must only ever
//! believe the API's order status.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use portal::i18n::{tf, HomeText, Lang};
use serde_json::Value;
use support::{browser_token, desktop_on_pay_page, post_form, sign_in, Browser, BrowserOptions, Server};

const ZHANG_HOME: &str = "3210000001";
const ZHANG_PHONE: &str = "13800000001";
const PREPAID: &str = "3210000003";
const PREPAID_PHONE: &str = "13800000002";
const ARREARS: &str = "3210000004";
const ARREARS_PHONE: &str = "13800000003";

const WECHAT_AGENT: &str = "Mozilla/5.0 (Linux; Android 12; V2049A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.99 XWEB/4317 MMWEBSDK/20220105 Mobile Safari/537.36 MMWEBID/6170 MicroMessenger/8.0.19.2080(0x28001339) NetType/WIFI Language/zh_CN ABI/arm64";
const PHONE_AGENT: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

fn yuan(fen: i64) -> String {
    portal::i18n::money(contract::Fen(fen))
}

/// A WeixinJSBridge that appears a moment after the page (as WeChat's does) and
/// answers `getBrandWCPayRequest` with what `localStorage['test.bridge']` says.
/// It never pays: paying is the provider's business, done by the test.
const FAKE_BRIDGE: &str = r#"
setTimeout(() => {
  window.WeixinJSBridge = {
    invoke(name, params, callback) {
      window.__bridgeCalls = (window.__bridgeCalls || []).concat([{ name, params }]);
      const answer = localStorage.getItem('test.bridge') || 'ok';
      setTimeout(() => callback({ err_msg: 'get_brand_wcpay_request:' + answer }), 50);
    },
  };
  document.dispatchEvent(new Event('WeixinJSBridgeReady'));
}, 300);
"#;

/// The provider's id of a pending order, read from how the order is paid.
fn prepay_id(order: &Value) -> String {
    let action = &order["action"];
    let id = match action["kind"].as_str() {
        Some("qr_code") => action["code_url"].as_str().and_then(|u| u.split("pr=").nth(1)),
        Some("redirect") => action["url"].as_str().and_then(|u| u.rsplit('/').next()),
        Some("wechat_jsapi") => action["params"]["package"].as_str().and_then(|p| p.strip_prefix("prepay_id=")),
        _ => None,
    };
    id.unwrap_or_else(|| panic!("a pending order with an action: {order}")).to_owned()
}

/// The provider's decision, as its cashier page (or the customer's phone scanning) posts it.
async fn provider_decides(server: &Server, prepay_id: &str, outcome: &str) -> u16 {
    post_form(&server.url(&format!("/api/v1/demo/paysim/{prepay_id}")), &format!("outcome={outcome}")).await.0
}

/// The account's orders, newest first, as the API lists them.
async fn orders(server: &Server, token: &str, account: &str) -> Vec<Value> {
    let (status, list) = server.api("GET", &format!("/accounts/{account}/payments"), Some(token)).await;
    assert_eq!(status, 200, "{list}");
    list.as_array().expect("a list").clone()
}

/// The order the page shows, from the API.
async fn order_on_page(browser: &Browser, server: &Server, token: &str) -> Value {
    browser.wait_until("an order page", "location.hash.startsWith('#/pay/orders/')").await;
    let hash = browser.script("return location.hash;").await;
    let no = hash.as_str().and_then(|h| h.rsplit('/').next()).expect("order number").to_owned();
    let (status, order) = server.api("GET", &format!("/payments/orders/{no}"), Some(token)).await;
    assert_eq!(status, 200, "{order}");
    order
}

async fn overview(server: &Server, token: &str, account: &str) -> Value {
    let (status, overview) = server.api("GET", &format!("/accounts/{account}/overview"), Some(token)).await;
    assert_eq!(status, 200, "{overview}");
    overview
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn desktop_qr_code_is_paid_while_the_page_waits_and_ends_on_a_receipt() {
    let server = Server::start().await;
    let (browser, token) = desktop_on_pay_page(&server, ARREARS, ARREARS_PHONE).await;
    let owed = overview(&server, &token, ARREARS).await["arrears"].as_i64().expect("fen");
    assert!(owed > 0, "the demo account is in arrears");
    browser.wait_for_text("[data-testid=amount-due]", &yuan(owed)).await;
    // A desktop browser: WeChat by QR code, no H5, no bridge.
    browser.wait_for("[data-testid=channel-wechat_native]:checked").await;
    assert_eq!(browser.script("return !!document.querySelector('[data-testid=channel-wechat_h5]');").await, false);
    browser.check_page("pay (desktop)").await;
    browser.click("[data-testid=pay]").await;

    browser.wait_for("[data-testid=qr]").await;
    browser.check_page("order with QR code").await;
    let order = order_on_page(&browser, &server, &token).await;
    assert_eq!(order["amount"], owed);
    assert_eq!(order["status"], "pending");
    // The QR code on the page, read as a phone's camera would, is the order's code_url.
    let code_url = order["action"]["code_url"].as_str().expect("a QR order").to_owned();
    assert_eq!(browser.qr_text("[data-testid=qr]").await, Some(code_url.clone()), "what the QR code encodes");
    // Negative control: the same reading of a QR code of another order's address is not it.
    let other = code_url.replace("pr=", "pr=X");
    let (view, path) = support::qr_path_of(&other);
    let read = support::decode_qr_path(view, &path);
    assert_eq!(read.as_deref(), Some(other.as_str()), "the decoder reads what it is given");
    assert_ne!(read, Some(code_url.clone()));
    assert_eq!(support::decode_qr_path(view, ""), None, "no modules, no code");
    // The customer scans and pays on the phone; the page notices by itself.
    assert_eq!(provider_decides(&server, &prepay_id(&order), "paid").await, 204);
    browser.wait_for("[data-testid=receipt]").await;
    assert_eq!(browser.text("[data-testid=receipt-amount]").await, yuan(owed));
    assert_eq!(browser.text("[data-testid=receipt-ref]").await, order["order_no"].as_str().expect("no"));
    assert_eq!(browser.text("[data-testid=receipt-account]").await, ARREARS);
    browser.check_page("receipt").await;
    browser.screenshot("receipt-zh").await;

    // Credited exactly once; listed in the history.
    assert_eq!(overview(&server, &token, ARREARS).await["arrears"], 0);
    browser.click("a[href='#/payments']").await;
    browser
        .wait_for(&format!(
            "[data-testid=payment][data-order='{}'][data-status=paid]",
            order["order_no"].as_str().expect("no")
        ))
        .await;
    browser.check_page("payment history").await;
    // Nothing left to pay.
    browser.goto(&server.url("/#/pay")).await;
    browser.wait_for("[data-testid=nothing-owed]").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_browser_pays_a_top_up_on_wechat_pays_h5_page_and_comes_back() {
    let server = Server::start().await;
    let browser = Browser::start_with(BrowserOptions { user_agent: Some(PHONE_AGENT), ..Default::default() }).await;
    browser.goto(&server.url("/#/pay")).await;
    sign_in(&browser, &server, PREPAID, PREPAID_PHONE).await;
    browser.wait_for("[data-testid=pay-form]").await;
    let token = browser_token(&browser).await;
    let before = overview(&server, &token, PREPAID).await["balance"].as_i64().expect("fen");

    // A typed amount is checked before anything is sent, with the limits in the message.
    browser.click("[data-testid=preset-other]").await;
    browser.fill("#amount", "5").await;
    browser.click("[data-testid=pay]").await;
    browser.wait_for_text("[data-testid=error-summary]", &yuan(1000)).await;
    browser.fill("#amount", "12.345").await;
    browser.click("[data-testid=pay]").await;
    browser.wait_for_text("[data-testid=error-summary]", "两位小数").await;
    assert!(orders(&server, &token, PREPAID).await.is_empty(), "no order for invalid amounts");
    browser.check_page("pay with errors").await;
    // The rest of this path in care mode: large text and targets, the same gates.
    browser.click("[data-testid=care-toggle]").await;
    browser.wait_until("care mode on", "document.documentElement.dataset.care === 'on'").await;
    browser.check_page("pay with errors (care)").await;
    browser.fill("#amount", "88.8").await;
    // A phone browser: WeChat H5, Alipay and UnionPay, each by redirect.
    browser.wait_for("[data-testid=channel-alipay]").await;
    browser.wait_for("[data-testid=channel-unionpay]").await;
    browser.click("[data-testid=channel-wechat_h5]").await;
    browser.check_page("pay (phone, care)").await;
    browser.screenshot("pay-phone-care").await;
    browser.click("[data-testid=pay]").await;

    // WeChat Pay's (simulated) H5 cashier page; pay there.
    browser.wait_for("button[value=paid]").await;
    browser.wait_for_text("body", "微信支付").await;
    let placed = orders(&server, &token, PREPAID).await;
    assert_eq!((placed.len(), &placed[0]["channel"]), (1, &serde_json::json!("wechat_h5")));
    assert_eq!(placed[0]["amount"], 8880, "88.8 元 is 8880 fen");
    browser.click("button[value=paid]").await;

    // Back on the portal: the return proves nothing; the API's status does.
    browser.wait_for("[data-testid=receipt]").await;
    assert_eq!(browser.text("[data-testid=receipt-amount]").await, yuan(8880));
    browser.check_page("receipt (phone, care)").await;
    assert_eq!(overview(&server, &token, PREPAID).await["balance"].as_i64(), Some(before + 8880));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_wechat_the_bridge_answers_cancel_fail_and_ok_but_only_the_api_says_paid() {
    let server = Server::start().await;
    let browser = Browser::start_with(BrowserOptions { user_agent: Some(WECHAT_AGENT), ..Default::default() }).await;
    browser.before_each_page(FAKE_BRIDGE).await;
    browser.goto(&server.url("/")).await;
    // Inside WeChat the portal signs in through WeChat (and binds once by SMS).
    browser.wait_for("[data-testid=sign-in-notice]").await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=overview]").await;
    let token = browser_token(&browser).await;
    let owed = overview(&server, &token, ZHANG_HOME).await["arrears"].as_i64().expect("fen");

    browser.script("localStorage.setItem('test.bridge', 'cancel'); return true;").await;
    browser.goto(&server.url("/#/pay")).await;
    // WeChat Pay by the bridge; no Alipay inside WeChat, but a guide to the browser.
    browser.wait_for("[data-testid=channel-wechat_jsapi]:checked").await;
    assert_eq!(browser.script("return !!document.querySelector('[data-testid=channel-alipay]');").await, false);
    browser.wait_for("[data-testid=alipay-guide]").await;
    browser.check_page("pay (WeChat)").await;
    browser.click("[data-testid=pay]").await;

    // WeChat's sheet opens by itself; the customer closes it.
    browser.wait_for("[data-testid=bridge-answer][data-answer=Cancelled]").await;
    let order = order_on_page(&browser, &server, &token).await;
    assert_eq!(order["status"], "pending");
    let calls = browser.script("return window.__bridgeCalls;").await;
    assert_eq!(calls[0]["name"], "getBrandWCPayRequest");
    assert_eq!(calls[0]["params"]["package"], order["action"]["params"]["package"]);
    assert_eq!(calls[0]["params"]["paySign"], order["action"]["params"]["paySign"]);
    browser.check_page("order in WeChat").await;

    browser.script("localStorage.setItem('test.bridge', 'fail'); return true;").await;
    browser.click("[data-testid=pay-in-wechat]").await;
    browser.wait_for("[data-testid=bridge-answer][data-answer=Failed]").await;

    // The bridge says ok, but the provider has not confirmed: still pending, still checking.
    browser.script("localStorage.setItem('test.bridge', 'ok'); return true;").await;
    browser.click("[data-testid=pay-in-wechat]").await;
    browser.wait_for("[data-testid=bridge-answer][data-answer=Ok]").await;
    browser.wait_for("[data-testid=order-status][data-status=pending]").await;
    assert_eq!(overview(&server, &token, ZHANG_HOME).await["arrears"].as_i64(), Some(owed));

    // Then the provider confirms.
    assert_eq!(provider_decides(&server, &prepay_id(&order), "paid").await, 204);
    browser.wait_for("[data-testid=receipt]").await;
    assert_eq!(overview(&server, &token, ZHANG_HOME).await["arrears"], 0);
    assert_eq!(orders(&server, &token, ZHANG_HOME).await.len(), 1, "one order through all three answers");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_customer_cancels_and_nothing_is_taken() {
    let server = Server::start().await;
    let (browser, token) = desktop_on_pay_page(&server, ARREARS, ARREARS_PHONE).await;
    let owed = overview(&server, &token, ARREARS).await["arrears"].as_i64().expect("fen");
    browser.click("[data-testid=pay]").await;
    browser.wait_for("[data-testid=qr]").await;
    let order = order_on_page(&browser, &server, &token).await;

    browser.click("[data-testid=cancel-order]").await;
    browser.wait_for("[data-testid=order-ended]").await;
    browser.check_page("cancelled order").await;
    let no = order["order_no"].as_str().expect("no");
    let (_, now) = server.api("GET", &format!("/payments/orders/{no}"), Some(&token)).await;
    assert_eq!(now["status"], "cancelled");
    // The provider can no longer take money for it.
    assert_ne!(provider_decides(&server, &prepay_id(&order), "paid").await, 204);
    assert_eq!(overview(&server, &token, ARREARS).await["arrears"].as_i64(), Some(owed));
    // Paying again starts afresh.
    browser.click("a[href='#/pay']").await;
    browser.wait_for("[data-testid=pay-form]").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_order_is_offered_again_and_a_reload_while_pending_still_gets_the_result() {
    let server = Server::start().await;
    let (browser, token) = desktop_on_pay_page(&server, ARREARS, ARREARS_PHONE).await;
    browser.click("[data-testid=pay]").await;
    browser.wait_for("[data-testid=qr]").await;
    let order = order_on_page(&browser, &server, &token).await;

    // Home says an order waits, with its amount, and leads to it.
    browser.goto(&server.url("/#/")).await;
    browser.wait_for("[data-testid=overview]").await;
    let amount = order["amount"].as_i64().expect("amount");
    let no = order["order_no"].as_str().expect("order number");
    let waiting = tf(Lang::Zh, HomeText::OpenOrder, &[&yuan(amount)]);
    browser.wait_for_text("[data-testid=home-open-order]", &waiting).await;
    assert_eq!(
        browser.script("return document.querySelector('[data-testid=home-open-order] a').getAttribute('href');").await,
        Value::from(format!("#/pay/orders/{no}"))
    );
    browser.click("[data-testid=home-open-order] a").await;
    browser.wait_for("[data-testid=qr]").await;

    // Leave and come back: the unpaid order is offered, not a second one.
    browser.goto(&server.url("/#/")).await;
    browser.wait_for("[data-testid=overview]").await;
    browser.goto(&server.url("/#/pay")).await;
    browser.wait_for("[data-testid=open-order]").await;
    assert_eq!(browser.script("return !!document.querySelector('[data-testid=pay-form]');").await, false);
    browser.check_page("open order").await;
    browser.click("[data-testid=continue-paying]").await;
    browser.wait_for("[data-testid=qr]").await;

    // Reload while pending; the result still arrives.
    browser.client.refresh().await.expect("reload");
    browser.wait_for("[data-testid=order-status][data-status=pending]").await;
    assert_eq!(provider_decides(&server, &prepay_id(&order), "paid").await, 204);
    browser.wait_for("[data-testid=receipt]").await;
    assert_eq!(orders(&server, &token, ARREARS).await.len(), 1);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_click_on_pay_creates_one_order() {
    let server = Server::start().await;
    let (browser, token) = desktop_on_pay_page(&server, ARREARS, ARREARS_PHONE).await;
    browser.wait_for("[data-testid=pay]:not([disabled])").await;
    // Two clicks in the same moment, before the page can redraw.
    browser
        .script("const pay = document.querySelector('[data-testid=pay]'); pay.click(); pay.click(); return true;")
        .await;
    browser.wait_for("[data-testid=qr]").await;
    let list = orders(&server, &token, ARREARS).await;
    assert_eq!(list.len(), 1, "{list:?}");
    browser.close().await;
}
