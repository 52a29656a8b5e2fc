//! The portal shell end to end: sign-in, accounts, overview, preferences,
//! expired sessions, WeChat, fallbacks; with axe and CSP/console gates on every
//! page visited, and the README's screenshots.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use refserver::Settings;
use support::{browser_token, sign_in, Browser, BrowserOptions, Server};

const ZHANG_HOME: &str = "3210000001";
const ZHANG_PARENTS: &str = "3210000002";
const ZHANG_PHONE: &str = "13800000001";
const WECHAT_AGENT: &str = "Mozilla/5.0 (Linux; Android 12; V2049A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.99 XWEB/4317 MMWEBSDK/20220105 Mobile Safari/537.36 MMWEBID/6170 MicroMessenger/8.0.19.2080(0x28001339) NetType/WIFI Language/zh_CN ABI/arm64";

/// Money as the page formats it (the formatting itself is unit-tested in i18n).
fn yuan(fen: i64) -> String {
    portal::i18n::money(contract::Fen(fen))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_signs_in_switches_account_and_sees_each_overview() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/")).await;
    // Home needs a session: the portal sends the customer to sign in first.
    browser.wait_for("[data-testid=details-form]").await;
    browser.check_page("sign-in").await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;

    browser.wait_for(&format!("[data-testid=overview][data-account='{ZHANG_HOME}']")).await;
    let token = browser_token(&browser).await;
    let (_, overview) = server.api("GET", &format!("/accounts/{ZHANG_HOME}/overview"), Some(&token)).await;
    let arrears = overview["arrears"].as_i64().expect("fen");
    assert!(arrears > 0, "the demo home account owes its last bill");
    assert_eq!(browser.text("[data-testid=arrears]").await, yuan(arrears));
    assert_eq!(browser.script("return document.title;").await.as_str().map(|t| t.starts_with("首页")), Some(true));
    assert_eq!(browser.script("return document.activeElement.id;").await, "page-title", "focus moves to the h1");
    browser.check_page("home").await;
    browser.screenshot("home-zh").await;

    browser.click("a[href='#/accounts']").await;
    browser.wait_for(&format!("[data-testid=account][data-account='{ZHANG_PARENTS}']")).await;
    browser.check_page("accounts").await;
    browser.click(&format!("[data-testid=account][data-account='{ZHANG_PARENTS}'] [data-testid=switch-account]")).await;
    browser.wait_for(&format!(".account-current[data-account='{ZHANG_PARENTS}']")).await;
    browser.click(".site-name").await;
    browser.wait_for(&format!("[data-testid=overview][data-account='{ZHANG_PARENTS}']")).await;
    let (_, parents) = server.api("GET", &format!("/accounts/{ZHANG_PARENTS}/overview"), Some(&token)).await;
    assert_eq!(parents["arrears"], 0);
    browser.wait_for_text("[data-testid=arrears]", "当前无欠费").await;
    // The parents' flat is in 沭阳县, where a fault repair is under way.
    browser.wait_for_text("[data-testid=outage]", "故障抢修").await;

    // The choice survives a reload.
    browser.client.refresh().await.expect("reload");
    browser.wait_for(&format!("[data-testid=overview][data-account='{ZHANG_PARENTS}']")).await;

    // Signing out revokes the session on the server and leaves nothing in the browser.
    browser.click("a[href='#/settings']").await;
    browser.wait_for("[data-testid=sign-out]").await;
    browser.check_page("settings").await;
    browser.click("[data-testid=sign-out]").await;
    browser.wait_for_text("[data-testid=sign-in-notice]", "您已安全退出").await;
    assert_eq!(server.api("GET", "/me", Some(&token)).await.0, 401, "the old token no longer works");
    let left = browser.script("return [sessionStorage.length, localStorage.getItem('portal.account')];").await;
    assert_eq!(left, serde_json::json!([0, null]), "no session, draft or account choice is left");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn care_mode_and_english_survive_a_reload() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/sign-in")).await;
    browser.wait_for("[data-testid=details-form]").await;
    browser.click("[data-testid=care-toggle]").await;
    browser.wait_until("care mode on", "document.documentElement.dataset.care === 'on'").await;
    browser.click("[data-testid=lang-toggle]").await;
    browser.wait_until("English", "document.documentElement.lang === 'en'").await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for_text("h1", "Sign in").await;
    browser.wait_until("care mode kept", "document.documentElement.dataset.care === 'on'").await;
    // Care mode: body text ≥ 18 px, targets ≥ 60 px, line height ≥ 1.3.
    let size = browser.script("return parseFloat(getComputedStyle(document.body).fontSize);").await;
    assert!(size.as_f64().expect("px") >= 18.0, "body text {size}px");
    let line = browser
        .script("const s = getComputedStyle(document.body); return parseFloat(s.lineHeight) / parseFloat(s.fontSize);")
        .await;
    assert!(line.as_f64().expect("ratio") >= 1.3, "line height {line}");
    let smallest = browser
        .script("return Math.min(...Array.from(document.querySelectorAll('button, input')).map(e => e.getBoundingClientRect().height));")
        .await;
    assert!(smallest.as_f64().expect("px") >= 60.0, "smallest target {smallest}px");
    browser.check_page("sign-in (en, care)").await;
    browser.screenshot("sign-in-en-care").await;

    // Signed in, in English and care mode, the home page keeps its layout at 200 % text.
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=overview]").await;
    browser.wait_for_text(".job", "Pay").await;
    browser.check_page("home (en, care)").await;
    browser.screenshot("home-en-care").await;
    browser.script("document.documentElement.style.fontSize = '200%'; return true;").await;
    let overflow =
        browser.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;").await;
    assert!(overflow.as_f64().expect("px") <= 1.0, "no sideways scrolling at 200 % text ({overflow}px)");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_mid_form_returns_to_the_filled_form_after_signing_in() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/accounts")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=bind-form]").await;
    browser.fill("#account_no", "3210000006").await;
    browser.fill("#holder_name", "赵丽华").await;

    server.expire_all_sessions();
    browser.click("[data-testid=bind-form] button[type=submit]").await;
    browser.wait_for_text("[data-testid=sign-in-notice]", "自动退出").await;
    browser.check_page("sign-in after expiry").await;
    // Signing in again (the account and phone are still filled in) comes back to the same form.
    browser.wait_for("[data-testid=details-form]").await;
    assert_eq!(browser.value("#account_no").await, ZHANG_HOME);
    server.clock.advance(61); // past the resend cooldown of the first code
    browser.click("[data-testid=details-form] button[type=submit]").await;
    browser.wait_for("[data-testid=code-form]").await;
    let code = server.sms_code(ZHANG_PHONE).await;
    browser.fill("#code", &code).await;
    browser.click("[data-testid=code-form] button[type=submit]").await;
    browser.wait_for("[data-testid=bind-form]").await;
    assert_eq!(browser.value("#account_no").await, "3210000006");
    assert_eq!(browser.value("#holder_name").await, "赵丽华");
    browser.click("[data-testid=bind-form] button[type=submit]").await;
    // The proof: the code sent to the account's registered phone.
    browser.wait_for("[data-testid=bind-code-form]").await;
    let code = server.sms_code("13800000005").await;
    browser.fill("#code", &code).await;
    browser.click("[data-testid=bind-code-form] button[type=submit]").await;
    browser.wait_for_text("[data-testid=accounts-status]", "3210000006").await;
    browser.wait_for("[data-testid=account][data-account='3210000006']").await;
    assert_eq!(browser.value("#account_no").await, "", "a finished form starts empty");

    // Unbinding asks first; the back button closes the question and stays on the page.
    browser.click("[data-testid=account][data-account='3210000006'] [data-testid=unbind]").await;
    browser.wait_for("[data-testid=dialog]").await;
    browser.check_page("unbind dialog").await;
    browser.client.back().await.expect("back");
    browser.wait_until("dialog closed", "!document.querySelector('[data-testid=dialog]')").await;
    assert!(browser.client.current_url().await.expect("url").as_str().ends_with("#/accounts"));
    browser.click("[data-testid=account][data-account='3210000006'] [data-testid=unbind]").await;
    browser.click("[data-testid=confirm-unbind]").await;
    browser.wait_until("unbound", "!document.querySelector(\"[data-account='3210000006']\")").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_sign_in_inputs_each_get_their_own_message() {
    let server = Server::start().await;
    let browser = Browser::start_with(BrowserOptions { lang: "en-US", ..Default::default() }).await;
    browser.goto(&server.url("/#/sign-in")).await;
    browser.wait_for("[data-testid=details-form]").await;

    // Empty and malformed: every field marked, the summary takes focus.
    browser.fill("#account_no", "12").await;
    browser.click("[data-testid=details-form] button[type=submit]").await;
    browser.wait_for_text("[data-testid=error-summary]", "10 digits").await;
    browser.wait_for_text("[data-testid=error-summary]", "Enter your mobile number").await;
    assert_eq!(browser.script("return document.activeElement.id;").await, "error-summary");
    assert_eq!(browser.script("return document.querySelector('#phone').getAttribute('aria-invalid');").await, "true");
    browser.check_page("sign-in errors").await;

    // An account that is not this phone's.
    browser.fill("#account_no", "3210000003").await;
    browser.fill("#phone", ZHANG_PHONE).await;
    browser.click("[data-testid=details-form] button[type=submit]").await;
    browser.wait_for_text("[data-testid=error-summary]", "do not match").await;

    // A wrong code, then an expired one.
    browser.fill("#account_no", ZHANG_HOME).await;
    browser.click("[data-testid=details-form] button[type=submit]").await;
    browser.wait_for("[data-testid=code-form]").await;
    browser.wait_for_text("[data-testid=resend-wait]", "You can ask again in").await;
    let code = server.sms_code(ZHANG_PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    browser.fill("#code", wrong).await;
    browser.click("[data-testid=code-form] button[type=submit]").await;
    browser.wait_for_text("[data-testid=error-summary]", "That code is not right").await;
    server.clock.advance(5 * 60 + 1);
    browser.fill("#code", &code).await;
    browser.click("[data-testid=code-form] button[type=submit]").await;
    browser.wait_for_text("[data-testid=error-summary]", "expired").await;

    // Too many codes: the fifth send in the hour is the last one.
    for _ in 0..4 {
        server.clock.advance(61);
        let (status, _) = support::http(
            &server.url("/api/v1/auth/sms-code"),
            "POST",
            Some(&serde_json::json!({"account_no": ZHANG_HOME, "phone": ZHANG_PHONE})),
            None,
        )
        .await;
        assert_eq!(status, 202);
    }
    server.clock.advance(61);
    browser.click("[data-testid=change-details]").await;
    browser.click("[data-testid=details-form] button[type=submit]").await;
    // The wait in words: the first code went out about 606 s of server time ago.
    browser
        .wait_until(
            "the wait in minutes",
            "/Please try again in (49|50) minutes; nothing you typed is lost/.test(document.querySelector('[data-testid=error-summary]').textContent)",
        )
        .await;
    assert_eq!(browser.value("#phone").await, ZHANG_PHONE, "what was typed is still there");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_wechat_the_portal_takes_the_oauth_path_and_binds_once() {
    let server = Server::start().await;
    let browser = Browser::start_with(BrowserOptions { user_agent: Some(WECHAT_AGENT), ..Default::default() }).await;
    browser.goto(&server.url("/")).await;
    // Off to the (simulated) authorize page and back with a code: this WeChat user is new.
    browser.wait_for_text("[data-testid=sign-in-notice]", "首次在微信中使用").await;
    assert_eq!(browser.script("return location.search;").await, "", "the code is taken out of the address");
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=overview]").await;
    browser.check_page("home in WeChat").await;

    // Next visit (a new tab's storage, the same WeChat user): signed in without typing anything.
    browser.script("sessionStorage.clear(); return true;").await;
    browser.goto(&server.url("/")).await;
    browser.wait_for(&format!("[data-testid=overview][data-account='{ZHANG_HOME}']")).await;
    browser.close().await;
}

/// Inside WeChat, signing out sticks (no silent sign-in back), the WeChat button
/// signs in on request, and unlinking in Settings ends the silent sign-in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_wechat_sign_out_sticks_and_settings_unlinks_wechat() {
    let server = Server::start().await;
    let browser = Browser::start_with(BrowserOptions { user_agent: Some(WECHAT_AGENT), ..Default::default() }).await;
    browser.goto(&server.url("/")).await;
    browser.wait_for_text("[data-testid=sign-in-notice]", "首次在微信中使用").await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for(&format!("[data-testid=overview][data-account='{ZHANG_HOME}']")).await;

    browser.goto(&server.url("/#/settings")).await;
    browser.wait_for_text("[data-testid=wechat-link]", "您的微信已关联").await;
    browser.click("[data-testid=sign-out]").await;
    // Signed out: the sign-in page waits for the customer, also on a fresh load.
    for load in ["after signing out", "opened anew"] {
        if load == "opened anew" {
            browser.goto(&server.url("/#/sign-in")).await;
        }
        browser.wait_for_text("[data-testid=wechat-sign-in]", "使用微信登录").await;
        browser.wait_for("[data-testid=details-form]").await;
        let left = browser.script("return sessionStorage.getItem('portal.wechat_state');").await;
        assert_eq!(left, serde_json::Value::Null, "{load}: no OAuth started by itself");
        assert_eq!(browser.script("return location.search;").await, "", "{load}");
    }
    browser.check_page("sign-in in WeChat after signing out").await;

    // The button signs in through WeChat: this WeChat user is linked, so no typing.
    browser.click("[data-testid=wechat-sign-in]").await;
    browser.wait_for(&format!("[data-testid=overview][data-account='{ZHANG_HOME}']")).await;

    browser.goto(&server.url("/#/settings")).await;
    browser.wait_for_text("[data-testid=wechat-link]", "您的微信已关联").await;
    browser.check_page("settings with WeChat linked").await;
    browser.click("[data-testid=unlink-wechat]").await;
    browser.wait_for_text("[data-testid=wechat-unlinked]", "已解除微信关联").await;
    browser.click("[data-testid=sign-out]").await;
    browser.wait_for_text("[data-testid=wechat-sign-in]", "使用微信登录").await;
    // Unlinked: WeChat no longer signs this customer in; it asks for the SMS check again.
    browser.click("[data-testid=wechat-sign-in]").await;
    browser.wait_for_text("[data-testid=sign-in-notice]", "首次在微信中使用").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_idle_warning_offers_to_stay_signed_in() {
    // Sessions end after 125 s idle, so the two-minute warning comes 5 s after signing in.
    let server = Server::start_with(Settings { session_idle_s: 125, ..Settings::default() }).await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/sign-in")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=overview]").await;
    browser.wait_for("[data-testid=stay-signed-in]").await;
    browser.check_page("idle warning").await;
    browser.click("[data-testid=stay-signed-in]").await;
    browser.wait_until("warning gone", "!document.querySelector('[data-testid=dialog]')").await;
    browser.wait_for("[data-testid=overview]").await;
    browser.close().await;
}

/// The page for browsers that cannot run the app: the hotline and this deployment's halls
/// (the API's, not a list written into the page), axe-clean.
async fn shows_the_fallback(browser: &Browser, server: &Server) {
    browser.wait_until("fallback shown", "!document.getElementById('fallback').hidden").await;
    browser.wait_for_text("#fallback", "95598").await;
    let (status, halls) = server.api("GET", "/halls", None).await;
    assert_eq!(status, 200, "{halls}");
    let expected: Vec<String> = halls
        .as_array()
        .expect("halls")
        .iter()
        .map(|h| {
            format!(
                "{}：{}，电话 {}",
                h["name"].as_str().unwrap_or("?"),
                h["address"].as_str().unwrap_or("?"),
                h["phone"].as_str().unwrap_or("?")
            )
        })
        .collect();
    assert!(!expected.is_empty(), "the seeded server has halls");
    browser.wait_until("the halls listed", "document.querySelectorAll('#fallback-halls li').length > 0").await;
    let listed = browser
        .script("return [...document.querySelectorAll('#fallback-halls li')].map((li) => li.textContent);")
        .await;
    assert_eq!(listed, serde_json::json!(expected), "the fallback lists the API's halls");
    let findings = browser.axe_findings().await;
    assert!(findings.is_empty(), "fallback page: {findings:#?}");
}

/// Chromium before 97 and Safari before 16 do not know `'wasm-unsafe-eval'`, so the
/// policy refuses to compile the app there: they get the fallback, not a blank page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_the_policy_forbids_webassembly_gets_the_hotline_and_halls() {
    let policy = refserver::static_files::CONTENT_SECURITY_POLICY.replace(" 'wasm-unsafe-eval'", "");
    assert!(!policy.contains("wasm"), "{policy}");
    let server = Server::start_with(Settings { content_security_policy: policy, ..Settings::default() }).await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/sign-in")).await;
    shows_the_fallback(&browser, &server).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_without_webassembly_gets_the_hotline_and_halls() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.before_each_page("delete window.WebAssembly;").await;
    browser.goto(&server.url("/")).await;
    shows_the_fallback(&browser, &server).await;
    browser.close().await;
}

/// Holds the app's WebAssembly back until the test says so, so the page shows what
/// web/index.html paints before the app starts.
const HOLD_THE_APP: &str = r#"
const instantiate = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = (...args) => new Promise((resolve) => {
  const go = () => (window.__releaseApp ? resolve(instantiate.apply(WebAssembly, args)) : setTimeout(go, 20));
  go();
});
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shell_paints_sign_in_before_the_app_keeps_what_is_typed_and_nothing_moves() {
    let server = Server::start().await;
    let browser = Browser::start_with(BrowserOptions { lang: "en-US", ..Default::default() }).await;
    browser.before_each_page(HOLD_THE_APP).await;
    browser.goto(&server.url("/#/sign-in")).await;
    // Before the app: the sign-in page in the browser's language, with the config's name.
    browser.wait_for("#shell-account_no").await;
    assert_eq!(browser.text("main h1").await, "Sign in");
    assert_eq!(browser.text("header .site-name").await, "Suqian Power Online Service Hall");
    browser.fill("#shell-account_no", ZHANG_HOME).await;
    browser.fill("#shell-phone", ZHANG_PHONE).await;
    // Where the page's parts are: the app replaces every node, so the browser's layout-shift
    // count cannot see a difference; the positions can.
    let places = "return ['header .site-name', 'main h1', 'main h1 + p', 'main input[name=account_no]',
        'main input[name=phone]', 'main form button', 'footer']
        .map(s => { const e = document.querySelector(s); if (!e) return [s, 'missing']; const r = e.getBoundingClientRect(); return [s, r.x, r.y, r.width, r.height]; });";
    let shell_places = browser.script(places).await;

    browser.script("window.__releaseApp = true; return true;").await;
    browser.wait_for("[data-testid=details-form]").await;
    assert_eq!(browser.value("#account_no").await, ZHANG_HOME, "typed before the app started");
    assert_eq!(browser.value("#phone").await, ZHANG_PHONE);
    assert_eq!(browser.text("#page-title").await, "Sign in");
    // The app may still be settling its first render: the same places, within the deadline.
    let same =
        format!("JSON.stringify((() => {{ {} }})()) === {}", places, serde_json::json!(shell_places.to_string()));
    browser.wait_until("the app drew over the shell without moving anything", &same).await;
    browser.check_page("sign-in after the shell").await;
    // The comparison can fail: care mode's larger type moves the same parts.
    browser.click("[data-testid=care-toggle]").await;
    browser.wait_until("care mode moved the parts", &format!("!({same})")).await;
    browser.close().await;
}

/// Records, from a document's first byte, every `role=alert` that appears in it (a screen
/// reader announces each one), with its text once the check asks.
const WATCH_ALERTS: &str = r#"
window.__alerts = [];
const note = (node) => {
  if (!(node instanceof Element)) return;
  const all = node.matches('[role=alert]') ? [node] : [];
  for (const element of [...all, ...node.querySelectorAll('[role=alert]')]) window.__alerts.push(element);
};
new MutationObserver((records) => {
  for (const record of records) {
    if (record.type === 'attributes') note(record.target);
    for (const node of record.addedNodes) note(node);
  }
}).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['role'] });
"#;

/// No cold load of a signed-in page raises an alert when nothing is wrong: each page is
/// opened as a new document (as a reload or a link opened anew is), watched from its
/// first byte until its content shows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cold_loads_of_every_signed_in_page_raise_no_alert() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/sign-in")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=overview]").await;
    browser.before_each_page(WATCH_ALERTS).await;
    let pages = [
        ("/", "[data-testid=overview]"),
        ("/usage", "[data-testid=tier-used]"),
        ("/bills", "[data-testid=bill-row]"),
        ("/notices", "[data-testid=notices], [data-testid=notices-empty]"),
        ("/pay", "[data-testid=pay-form]"),
        ("/payments", "[data-testid=payment], [data-testid=payments-empty]"),
        ("/appointments", "[data-testid=appointment], [data-testid=no-appointments]"),
        ("/ratings", "[data-testid=my-ratings], [data-testid=ratings-empty]"),
        ("/accounts", "[data-testid=account]"),
        ("/settings", "[data-testid=sign-out]"),
        ("/halls", "[data-testid=hall]"),
    ];
    for (n, (route, ready)) in pages.iter().enumerate() {
        // Another query is another document: the whole app starts again, with the stored session.
        browser.goto(&server.url(&format!("/?cold={n}#{route}"))).await;
        browser.wait_for(ready).await;
        let alerts = browser.script("return window.__alerts.map((e) => e.textContent);").await;
        assert_eq!(alerts, serde_json::json!([]), "alerts on a cold load of #{route}");
    }
    // The watch sees one: a page whose data cannot be had says so in an alert.
    server
        .set_faults(serde_json::json!([{ "path_prefix": "/accounts/", "method": "GET", "status": 503, "times": 20 }]))
        .await;
    browser.goto(&server.url("/?cold=control#/bills")).await;
    browser.wait_for("[data-testid=api-error]").await;
    let alerts = browser.script("return window.__alerts.length;").await;
    assert!(alerts.as_u64() > Some(0), "the watch records an alert when there is one");
    browser.close().await;
}

/// A reload on the code step stays on it while the code is valid: the customer types the
/// code that arrived, with the resend wait still counting, and signs in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_on_the_code_step_keeps_the_code_step() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/sign-in")).await;
    browser.wait_for("[data-testid=details-form]").await;
    browser.fill("#account_no", ZHANG_HOME).await;
    browser.fill("#phone", ZHANG_PHONE).await;
    browser.click("[data-testid=details-form] button[type=submit]").await;
    browser.wait_for("[data-testid=code-form]").await;
    let hint = browser.text("[data-testid=code-form] .hint").await;
    browser.goto(&server.url("/?reloaded#/sign-in")).await;
    browser.wait_for("[data-testid=code-form]").await;
    assert_eq!(browser.text("[data-testid=code-form] .hint").await, hint, "the same masked phone");
    assert!(hint.contains("138****0001"), "{hint}");
    // Not a second code: the wait before asking again still counts down.
    browser.wait_for_text("[data-testid=resend-wait]", "秒").await;
    browser.check_page("code step after a reload").await;
    let code = server.sms_code(ZHANG_PHONE).await;
    browser.fill("#code", &code).await;
    browser.click("[data-testid=code-form] button[type=submit]").await;
    browser.wait_for("[data-testid=overview]").await;
    let kept = browser.script("return sessionStorage.getItem('portal.draft.sign-in.sent');").await;
    assert_eq!(kept, serde_json::Value::Null, "signed in: the code step's state is gone");
    browser.close().await;
}
