//! Bills: the list with statuses, a bill's lines, scoping to the customer's
//! accounts, and the PDF e-invoice of a paid bill.

mod common;

use std::io::Read;

use axum::http::{header, StatusCode};
use common::*;
use contract::tariff::{bill_total, MonthUse, Tariff};
use contract::{BillDetail, BillStatus, BillSummary};
use refserver::Settings;
use serde_json::{json, Value};

async fn bills(api: &TestApi, token: &str, account: &str) -> Vec<BillSummary> {
    let (status, body) = api.get(&format!("/accounts/{account}/bills"), Some(token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_value(body).expect("a list of bills")
}

async fn detail(api: &TestApi, token: &str, id: impl std::fmt::Display) -> BillDetail {
    let (status, body) = api.get(&format!("/bills/{id}"), Some(token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_value(body).expect("a bill")
}

#[tokio::test]
async fn bills_are_listed_newest_first_with_their_status() {
    let api = TestApi::new();
    let token = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let list = bills(&api, &token, WANG_ACCOUNT).await;
    assert_eq!(list.len(), 24);
    assert!(list.windows(2).all(|w| w[0].month > w[1].month), "newest first");
    assert_eq!(list[0].month.to_string(), "2026-10");
    // October's bill is due today, September's was due at the end of October.
    assert_eq!((list[0].status, list[0].due_on.to_string()), (BillStatus::Unpaid, "2026-11-30".into()));
    assert_eq!((list[1].status, list[1].due_on.to_string()), (BillStatus::Overdue, "2026-10-31".into()));
    assert!(list[..2].iter().all(|b| b.paid_at.is_none()));
    assert!(list[2..].iter().all(|b| b.status == BillStatus::Paid && b.paid_at.is_some()));
    assert!(list.iter().all(|b| b.account_no.as_str() == WANG_ACCOUNT && b.issued_on < b.due_on));

    let (status, _) = api.get(&format!("/accounts/{ZHANG_HOME}/bills"), Some(&token)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another customer's account");
}

#[tokio::test]
async fn a_bills_lines_add_up_exactly_to_its_total_and_kwh() {
    let api = TestApi::new();
    for (account, phone) in [(ZHANG_HOME, ZHANG_PHONE), (WANG_ACCOUNT, WANG_PHONE)] {
        let token = api.sign_in(account, phone).await;
        let list = bills(&api, &token, account).await;
        let (_, months) = api.get(&format!("/accounts/{account}/usage/monthly"), Some(&token)).await;
        for summary in &list {
            let bill = detail(&api, &token, summary.id).await;
            assert_eq!(&bill.summary, summary, "the detail carries the list's summary");
            assert_eq!(bill_total(&bill.lines), bill.summary.total, "{bill:?}");
            assert_eq!(bill.lines.iter().map(|l| l.kwh).sum::<i64>(), bill.summary.kwh);
            assert_eq!(bill.peak_kwh + bill.valley_kwh, bill.summary.kwh);
            assert!(bill.lines.iter().all(|l| l.unit_price.cost(l.kwh) == l.amount));
            assert_eq!(bill.tariff, Tariff::demo());
            let earlier: i64 = months["months"]
                .as_array()
                .expect("months")
                .iter()
                .filter(|m| {
                    let month = m["month"].as_str().expect("month");
                    month[..4] == bill.summary.month.to_string()[..4] && month < bill.summary.month.to_string().as_str()
                })
                .map(|m| m["kwh"].as_i64().expect("kwh"))
                .sum();
            assert_eq!(bill.year_kwh_before, earlier, "{}", bill.summary.month);
            let month = MonthUse { peak_kwh: bill.peak_kwh, valley_kwh: bill.valley_kwh };
            assert_eq!(bill.lines, bill.tariff.bill_lines(bill.time_of_use, bill.year_kwh_before, month));
        }
    }
}

#[tokio::test]
async fn another_customers_bill_is_not_found_exactly_like_a_missing_one() {
    let api = TestApi::new();
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let li_bill = bills(&api, &li, LI_PREPAID).await[0].id;
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    for path in [format!("/bills/{li_bill}"), format!("/bills/{li_bill}/invoice.pdf")] {
        let others = api.get(&path, Some(&zhang)).await;
        let missing = api.get(&path.replace(&li_bill.to_string(), "987654"), Some(&zhang)).await;
        assert_eq!(others.0, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(others, missing, "{path}: the answer must not tell whose bill it is");
    }
    assert_eq!(detail(&api, &li, li_bill).await.summary.account_no.as_str(), LI_PREPAID);
    for id in ["abc", "-1", "1.5", "99999999999999999999"] {
        let (status, body) = api.get(&format!("/bills/{id}"), Some(&zhang)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{id}: {body}");
        assert_eq!(body["fields"][0]["field"], "bill_id");
        assert_eq!(body["fields"][0]["code"], "invalid_format");
    }
    assert_eq!(api.get(&format!("/bills/{li_bill}"), None).await.0, StatusCode::UNAUTHORIZED);
}

/// The text of every Flate stream of the PDF that is a ToUnicode map: the characters
/// the embedded font subset can draw, which is what the invoice shows.
fn unicode_maps(pdf: &[u8]) -> String {
    let mut maps = String::new();
    let mut rest = pdf;
    while let Some(start) = find(rest, b"stream\n").map(|at| at + b"stream\n".len()) {
        let Some(end) = find(&rest[start..], b"endstream").map(|at| start + at) else { break };
        let mut text = String::new();
        if flate2::read::ZlibDecoder::new(&rest[start..end]).read_to_string(&mut text).is_ok()
            && text.contains("begincmap")
        {
            maps.push_str(&text);
        }
        rest = &rest[end + b"endstream".len()..];
    }
    maps
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `<7535>`-style hex of each character, as a ToUnicode map writes them.
fn mapped(maps: &str, text: &str) -> Vec<char> {
    text.chars().filter(|c| !maps.contains(&format!("<{:04X}>", u32::from(*c)))).collect()
}

#[tokio::test]
async fn a_paid_bill_has_a_small_pdf_e_invoice_in_chinese() {
    assert!(Settings::default().invoice_font.is_some(), "no CJK font: install fonts-noto-cjk (scripts/setup.sh)");
    let api = TestApi::new();
    let token = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let paid = bills(&api, &token, WANG_ACCOUNT).await.into_iter().find(|b| b.paid_at.is_some()).expect("a paid bill");
    let bill = detail(&api, &token, paid.id).await;
    let (status, headers, pdf) = api.get_bytes(&format!("/bills/{}/invoice.pdf", paid.id), Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"invoice-{WANG_ACCOUNT}-{}.pdf\"", paid.month).as_str()
    );
    assert!(pdf.starts_with(b"%PDF-"), "a PDF header");
    assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"), "a PDF trailer");
    assert!(pdf.len() < 300 * 1024, "the font is subset: {} bytes", pdf.len());

    let maps = unicode_maps(&pdf);
    // 王建国's account has no time-of-use meter, so every line is 不分时.
    let expected = format!("电子发票宿迁供电王*国{WANG_ACCOUNT}年月kWh不分时第档合计¥.");
    assert_eq!(mapped(&maps, &expected), Vec::<char>::new(), "characters the invoice does not show");
    assert!(!mapped(&maps, "王建国").is_empty(), "the holder's name is masked");
    if let Some(text) = pdftotext(&pdf) {
        let number = format!("{}3213{:014}", &paid.paid_at.expect("paid").to_string()[2..4], paid.id.0);
        let yuan = bill.summary.total.to_yuan_string();
        for needle in ["电子发票", "宿迁供电", "王*国", WANG_ACCOUNT, &number, &yuan, &paid.kwh.to_string()] {
            assert!(text.contains(needle), "{needle} is not in the invoice:\n{text}");
        }
        for line in &bill.lines {
            assert!(text.contains(&line.unit_price.to_yuan_string()) && text.contains(&line.amount.to_yuan_string()));
        }
    }

    let (_, _, again) = api.get_bytes(&format!("/bills/{}/invoice.pdf", paid.id), Some(&token)).await;
    assert_eq!(again, pdf, "the same bill makes the same invoice");
}

/// The text of a PDF by poppler's `pdftotext`, where it is installed (it need not be).
fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("invoice.pdf");
    std::fs::write(&path, pdf).ok()?;
    let output = std::process::Command::new("pdftotext").args(["-layout"]).arg(&path).arg("-").output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[tokio::test]
async fn an_unpaid_bill_has_no_invoice_yet() {
    let api = TestApi::new();
    let token = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    for unpaid in bills(&api, &token, WANG_ACCOUNT).await.into_iter().filter(|b| b.paid_at.is_none()) {
        let (status, body) = api.get(&format!("/bills/{}/invoice.pdf", unpaid.id), Some(&token)).await;
        assert_eq!((status, body["code"].clone()), (StatusCode::CONFLICT, json!("invoice_unavailable")), "{body}");
    }
}

#[tokio::test]
async fn without_a_cjk_font_invoices_are_unavailable_and_the_rest_works() {
    for font in [None, Some("/nonexistent/NotoSansCJK-Regular.ttc".into())] {
        let api = TestApi::with_settings(Settings { demo: true, invoice_font: font, ..Settings::default() });
        let token = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
        let list = bills(&api, &token, WANG_ACCOUNT).await;
        let paid = list.iter().find(|b| b.paid_at.is_some()).expect("a paid bill");
        let (status, body) = api.get(&format!("/bills/{}/invoice.pdf", paid.id), Some(&token)).await;
        assert_eq!((status, body["code"].clone()), (StatusCode::SERVICE_UNAVAILABLE, json!("unavailable")), "{body}");
        assert!(!body["message"].as_str().unwrap_or_default().contains("nonexistent"), "no server detail: {body}");
        let (status, body) = api.get(&format!("/bills/{}/invoice.pdf", list[0].id), Some(&token)).await;
        assert_eq!(status, StatusCode::CONFLICT, "an unpaid bill is refused before the font matters: {body}");
        assert_eq!(detail(&api, &token, paid.id).await.summary, *paid);
    }
}

#[tokio::test]
async fn a_new_customers_account_lists_no_bills() {
    let api = TestApi::new();
    let token = api.sign_in(CHEN_NEW, CHEN_PHONE).await;
    assert!(bills(&api, &token, CHEN_NEW).await.is_empty());
    let (status, body): (StatusCode, Value) = api.get(&format!("/accounts/{CHEN_NEW}/overview"), Some(&token)).await;
    assert_eq!((status, body["last_bill"].clone()), (StatusCode::OK, Value::Null));
}
