//! Downloads inside WeChat, whose webviews ignore blob URLs and `<a download>`: a tap on
//! the e-invoice, the usage CSV or the calendar file opens a signed link of the server's
//! (the browser goes to it: the file arrives by that navigation, named by its
//! `Content-Disposition`), the link stays on the page with the guide to the browser, and
//! a failure says so beside the button.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use portal::i18n::{t, DownloadText, Lang, Text};
use serde_json::{json, Value};
use support::{browser_token, get_raw, post_keyed, sign_in, Browser, BrowserOptions, Server};

const ZHANG_HOME: &str = "3210000001";
const ZHANG_PHONE: &str = "13800000001";
const WECHAT_AGENT: &str = "Mozilla/5.0 (Linux; Android 12; V2049A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.99 XWEB/4317 MMWEBSDK/20220105 Mobile Safari/537.36 MMWEBID/6170 MicroMessenger/8.0.19.2080(0x28001339) NetType/WIFI Language/zh_CN ABI/arm64";

/// A WeChat browser signed in as 张伟明 (through WeChat's sign-in and one SMS binding).
async fn in_wechat(server: &Server) -> (Browser, String) {
    let browser = Browser::start_with(BrowserOptions { user_agent: Some(WECHAT_AGENT), ..Default::default() }).await;
    browser.goto(&server.url("/")).await;
    browser.wait_for("[data-testid=sign-in-notice]").await;
    sign_in(&browser, server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=overview]").await;
    let token = browser_token(&browser).await;
    (browser, token)
}

/// Makes the next GET of a download link wait a moment: the rule is used up only when the
/// browser really opens a link, which [`link_was_opened`] then reads.
async fn watch_link_opening(server: &Server) {
    server.set_faults(json!([{ "path_prefix": "/downloads/", "method": "GET", "latency_ms": 1, "times": 1 }])).await;
}

async fn link_was_opened(server: &Server) {
    let deadline = std::time::Instant::now() + support::DEADLINE;
    while server.faults().await != json!([]) {
        assert!(std::time::Instant::now() < deadline, "the browser never opened the link");
        support::wait_a_moment().await;
    }
}

/// After the browser opened the link: the guide is shown, and its link is the server's signed one. The file that
/// link answers, fetched as a webview would (no session): status, headers, bytes.
async fn the_link_shown(browser: &Browser, server: &Server) -> (std::collections::HashMap<String, String>, Vec<u8>) {
    let guide = browser.text("[data-testid=download-guide]").await;
    assert!(guide.contains(t(Lang::Zh, DownloadText::Opening)), "{guide}");
    let href = browser.script("return document.querySelector('[data-testid=download-link]').href;").await;
    let href = href.as_str().expect("a link").to_owned();
    assert!(href.starts_with(&server.url("/api/v1/downloads/")), "{href}");
    let (status, headers, bytes) = get_raw(&href).await;
    assert_eq!(status, 200, "{href}: {}", String::from_utf8_lossy(&bytes));
    assert!(headers["content-disposition"].starts_with("attachment; filename="), "{headers:?}");
    assert_eq!(headers["cache-control"], "no-store");
    (headers, bytes)
}

/// The cells of the table matching `css`, body rows only.
async fn table_rows(browser: &Browser, css: &str) -> Vec<Vec<String>> {
    let js = format!(
        "return Array.from(document.querySelectorAll({} + ' tbody tr')).map(r => Array.from(r.children).map(c => c.textContent.trim()));",
        json!(css)
    );
    serde_json::from_value(browser.script(&js).await).expect("rows")
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8(bytes.to_vec()).expect("UTF-8 CSV");
    let text = text.strip_prefix('\u{feff}').expect("CSV starts with a BOM for spreadsheets");
    text.split("\r\n").filter(|l| !l.is_empty()).skip(1).map(|l| l.split(',').map(str::to_owned).collect()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_wechat_the_invoice_opens_as_a_signed_link_to_the_pdf() {
    let server = Server::start().await;
    let (browser, token) = in_wechat(&server).await;
    let (_, bills) = server.api("GET", &format!("/accounts/{ZHANG_HOME}/bills"), Some(&token)).await;
    let paid = bills.as_array().and_then(|b| b.iter().find(|b| b["status"] == "paid")).expect("a paid bill").clone();
    let id = paid["id"].as_i64().expect("id");
    browser.goto(&server.url(&format!("/#/bills/{id}"))).await;
    browser.wait_for("[data-testid=bill-lines]").await;
    watch_link_opening(&server).await;
    browser.click("[data-testid=invoice]").await;

    link_was_opened(&server).await;
    let (headers, pdf) = the_link_shown(&browser, &server).await;
    assert_eq!(headers["content-type"], "application/pdf");
    let filename = format!("invoice-{ZHANG_HOME}-{}.pdf", paid["month"].as_str().expect("month"));
    assert_eq!(headers["content-disposition"], format!("attachment; filename=\"{filename}\""));
    assert!(pdf.starts_with(b"%PDF-") && pdf.windows(5).any(|w| w == b"%%EOF"), "a complete PDF");
    // What the browser's navigation to the link saved, under the name the header gave.
    assert!(browser.downloaded(&filename).await.starts_with(b"%PDF-"));
    browser.check_page("bill, invoice opened in WeChat").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_wechat_the_usage_csv_is_the_table_through_a_link() {
    let server = Server::start().await;
    let (browser, _) = in_wechat(&server).await;
    browser.goto(&server.url("/#/usage")).await;
    browser.click("[data-testid=monthly] [data-testid=table-toggle]").await;
    browser.wait_for("[data-testid=monthly] [data-testid=data-table]").await;
    let rows = table_rows(&browser, "[data-testid=monthly] table").await;
    assert_eq!(rows.len(), 12);
    watch_link_opening(&server).await;
    browser.click("[data-testid=monthly] [data-testid=csv]").await;

    link_was_opened(&server).await;
    let (headers, csv) = the_link_shown(&browser, &server).await;
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(headers["content-disposition"], "attachment; filename=\"monthly.csv\"");
    assert_eq!(csv_rows(&csv), rows, "the CSV holds the rows the table shows");
    assert_eq!(csv_rows(&browser.downloaded("monthly.csv").await), rows);
    browser.check_page("usage, CSV opened in WeChat").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_wechat_the_calendar_file_names_the_appointment_through_a_link() {
    let server = Server::start().await;
    let (browser, token) = in_wechat(&server).await;
    let (_, open) = server.api("GET", "/halls/1/dates?service=meter_check", None).await;
    let day = open["dates"][1].as_str().expect("a second open day").to_owned();
    let (_, slots) = server.api("GET", &format!("/halls/1/slots?service=meter_check&date={day}"), None).await;
    let slot = slots["slots"].as_array().and_then(|l| l.iter().find(|s| s["remaining"].as_i64() > Some(0))).cloned();
    let starts_at = slot.expect("a free slot")["starts_at"].clone();
    let booking = json!({"account_no": ZHANG_HOME, "hall_id": 1, "service": "meter_check", "starts_at": starts_at,
                         "contact_name": "张伟明", "contact_phone": ZHANG_PHONE});
    let (status, appointment) = post_keyed(&server.url("/api/v1/appointments"), &booking, &token, "e2e-ics").await;
    assert_eq!(status, 201, "{appointment}");
    let (id, code) = (appointment["id"].as_i64().expect("id"), appointment["code"].as_str().expect("code").to_owned());
    browser.goto(&server.url(&format!("/#/appointments/{id}"))).await;
    browser.wait_for_text("[data-testid=code]", &code).await;
    watch_link_opening(&server).await;
    browser.click("[data-testid=ics]").await;

    link_was_opened(&server).await;
    let (headers, ics) = the_link_shown(&browser, &server).await;
    assert_eq!(headers["content-type"], "text/calendar; charset=utf-8");
    assert_eq!(headers["content-disposition"], format!("attachment; filename=\"appointment-{code}.ics\""));
    let ics = String::from_utf8(ics).expect("UTF-8");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.contains(&format!("UID:{code}@portal\r\n")), "{ics}");
    let hall: Value = appointment["hall_name"].clone();
    assert!(ics.contains(&format!("SUMMARY:{} · 电能表校验\r\n", hall.as_str().expect("hall"))), "{ics}");
    let saved = String::from_utf8(browser.downloaded(&format!("appointment-{code}.ics")).await).expect("UTF-8");
    assert!(saved.contains(&format!("UID:{code}@portal")));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_wechat_a_link_the_server_cannot_make_is_said_beside_the_button_with_the_way_out() {
    let server = Server::start().await;
    let (browser, token) = in_wechat(&server).await;
    let (_, bills) = server.api("GET", &format!("/accounts/{ZHANG_HOME}/bills"), Some(&token)).await;
    let id =
        bills.as_array().and_then(|b| b.iter().find(|b| b["status"] == "paid")).expect("a paid bill")["id"].clone();
    browser.goto(&server.url(&format!("/#/bills/{id}"))).await;
    browser.wait_for("[data-testid=bill-lines]").await;
    server.set_faults(json!([{ "path_prefix": "/downloads", "method": "POST", "status": 503, "times": 1 }])).await;
    browser.click("[data-testid=invoice]").await;

    let shown = browser.text("[data-testid=download-error]").await;
    assert_eq!(shown, format!("{}\n{}", t(Lang::Zh, Text::ErrorServer), t(Lang::Zh, DownloadText::OpenInBrowser)));
    assert_eq!(browser.script("return !!document.querySelector('[data-testid=download-link]');").await, false);
    browser.check_page("bill, invoice link failed in WeChat").await;
    // The next tap, with the server well again, opens the link.
    browser.click("[data-testid=invoice]").await;
    browser.wait_for("[data-testid=download-link]").await;
    assert_eq!(browser.script("return !!document.querySelector('[data-testid=download-error]');").await, false);
    browser.close().await;
}
