//! Download links: a signed-in customer gets a 5-minute link to their own invoice, usage
//! CSV or calendar file; the link needs no session and answers the file's bytes with
//! `Content-Disposition: attachment`; expired, forged and other customers' links give none.

mod common;

use axum::http::{header, HeaderMap, Method, StatusCode};
use common::*;
use contract::table::{daily_table, monthly_table, Unit};
use contract::{DailyUsage, Date, Language, MonthlyUsage};
use serde_json::{json, Value};

/// A link from `POST /downloads`, as the path after the API prefix.
async fn link(api: &TestApi, token: &str, body: Value) -> String {
    let (status, answer) = api.send(Method::POST, "/downloads", Some(body), Some(token)).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let url = answer["url"].as_str().expect("url");
    let expires_at = contract::Timestamp::parse(answer["expires_at"].as_str().expect("expiry")).expect("instant");
    assert_eq!(expires_at, start_of_test().plus_seconds(300), "five minutes from now");
    url.strip_prefix("http://127.0.0.1:8080/api/v1")
        .unwrap_or_else(|| panic!("{url} is on the public origin"))
        .to_owned()
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers.get(&name).and_then(|v| v.to_str().ok()).unwrap_or_else(|| panic!("no {name}"))
}

#[tokio::test]
async fn an_invoice_link_answers_the_pdf_without_a_session_until_it_expires() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let bill = seeded_bill(&api, ZHANG_HOME, true);
    let path = link(&api, &token, json!({"kind": "invoice", "bill_id": bill})).await;
    assert!(path.starts_with("/downloads/"), "{path}");

    let (status, headers, pdf) = api.get_bytes(&path, None).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(header_text(&headers, header::CONTENT_TYPE), "application/pdf");
    let month: String = api
        .state
        .db
        .with_conn(|c| c.query_row("SELECT month FROM bills WHERE id = ?1", [bill], |r| r.get(0)))
        .expect("lock")
        .expect("month");
    assert_eq!(
        header_text(&headers, header::CONTENT_DISPOSITION),
        format!("attachment; filename=\"invoice-{ZHANG_HOME}-{month}.pdf\"")
    );
    assert_eq!(header_text(&headers, header::CACHE_CONTROL), "no-store");
    assert!(pdf.starts_with(b"%PDF-") && pdf.windows(5).any(|w| w == b"%%EOF"), "a complete PDF");
    // The same bytes as the invoice the session fetches.
    let (_, _, direct) = api.get_bytes(&format!("/bills/{bill}/invoice.pdf"), Some(&token)).await;
    assert_eq!(pdf.len(), direct.len());

    // Still good a second before the end (a webview may fetch twice), gone at it.
    api.clock.advance(299);
    assert_eq!(api.get_bytes(&path, None).await.0, StatusCode::OK);
    api.clock.advance(1);
    let (status, headers, page) = api.get_bytes(&path, None).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(header_text(&headers, header::CONTENT_TYPE), "text/html; charset=utf-8");
    let page = String::from_utf8(page).expect("UTF-8");
    assert!(page.contains("下载链接已过期") && page.contains("This download link has expired"), "{page}");
}

#[tokio::test]
async fn a_forged_or_altered_link_gives_nothing() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let bill = seeded_bill(&api, ZHANG_HOME, true);
    let path = link(&api, &token, json!({"kind": "invoice", "bill_id": bill})).await;
    let (payload, signature) = path.rsplit_once('.').expect("signed");
    // Another bill, a later expiry, another customer: each changes what was signed.
    let words: Vec<&str> = payload.trim_start_matches("/downloads/").split('.').collect();
    assert_eq!(words.len(), 4, "{payload}");
    let altered = [
        format!("/downloads/invoice.{}.{}.{}.{signature}", bill - 1, words[2], words[3]),
        format!(
            "/downloads/invoice.{bill}.{}.{}.{signature}",
            words[2],
            words[3].parse::<i64>().expect("expiry") + 3600
        ),
        format!("/downloads/invoice.{bill}.2.{}.{signature}", words[3]),
        format!("{payload}.{}", "0".repeat(signature.len())),
        format!("{payload}."),
        "/downloads/not-a-token".to_owned(),
    ];
    for forged in altered {
        let (status, headers, page) = api.get_bytes(&forged, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{forged}");
        assert_eq!(header_text(&headers, header::CONTENT_TYPE), "text/html; charset=utf-8");
        assert!(String::from_utf8_lossy(&page).contains("下载链接无效"), "{forged}");
    }
    // Negative control: the link as signed still works.
    assert_eq!(api.get_bytes(&path, None).await.0, StatusCode::OK);
}

#[tokio::test]
async fn another_customers_file_gets_no_link_and_an_unbound_account_ends_its_link() {
    let api = TestApi::new();
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let wang_bill = seeded_bill(&api, WANG_ACCOUNT, false);
    let li_bill = seeded_bill(&api, LI_PREPAID, true);
    for body in [
        json!({"kind": "invoice", "bill_id": li_bill}),
        json!({"kind": "invoice", "bill_id": wang_bill}),
        json!({"kind": "usage_csv", "account_no": LI_PREPAID, "chart": "monthly", "unit": "kwh", "lang": "zh-CN"}),
        json!({"kind": "calendar", "appointment_id": 1, "lang": "zh-CN"}),
    ] {
        let (status, answer) = api.send(Method::POST, "/downloads", Some(body.clone()), Some(&zhang)).await;
        assert_eq!((status, answer["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")), "{body}");
    }
    let unpaid = seeded_bill(&api, ZHANG_HOME, false);
    let (status, answer) =
        api.send(Method::POST, "/downloads", Some(json!({"kind": "invoice", "bill_id": unpaid})), Some(&zhang)).await;
    assert_eq!((status, answer["code"].as_str()), (StatusCode::CONFLICT, Some("invoice_unavailable")));
    let (status, answer) =
        api.send(Method::POST, "/downloads", Some(json!({"kind": "invoice", "bill_id": 0})), Some(&zhang)).await;
    assert_eq!((status, answer["fields"][0]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("bill_id")));
    let (status, _) = api.send(Method::POST, "/downloads", Some(json!({"kind": "invoice", "bill_id": 1})), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A link of 张伟明's parents' account stops working once the account is unbound.
    let body =
        json!({"kind": "usage_csv", "account_no": ZHANG_PARENTS, "chart": "daily", "unit": "yuan", "lang": "en"});
    let path = link(&api, &zhang, body).await;
    assert_eq!(api.get_bytes(&path, None).await.0, StatusCode::OK);
    api.state
        .db
        .with_conn(|c| c.execute("DELETE FROM bindings WHERE account_no = ?1", [ZHANG_PARENTS]))
        .expect("lock")
        .expect("unbound");
    assert_eq!(api.get_bytes(&path, None).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_csv_link_answers_the_rows_the_usage_table_shows() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (_, monthly) = api.get(&format!("/accounts/{ZHANG_HOME}/usage/monthly"), Some(&token)).await;
    let monthly: MonthlyUsage = serde_json::from_value(monthly).expect("monthly");
    let body =
        json!({"kind": "usage_csv", "account_no": ZHANG_HOME, "chart": "monthly", "unit": "kwh", "lang": "zh-CN"});
    let (status, headers, csv) = api.get_bytes(&link(&api, &token, body).await, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_text(&headers, header::CONTENT_TYPE), "text/csv; charset=utf-8");
    assert_eq!(header_text(&headers, header::CONTENT_DISPOSITION), "attachment; filename=\"monthly.csv\"");
    let csv = String::from_utf8(csv).expect("UTF-8");
    assert_eq!(csv, monthly_table(Language::Zh, &monthly.months, Unit::Kwh).to_csv());
    assert!(csv.starts_with("\u{feff}月份,本期（千瓦时）,上年同期（千瓦时）\r\n"), "{csv}");
    assert_eq!(csv.lines().count(), 13, "12 months under the headers");

    let (_, daily) = api.get(&format!("/accounts/{ZHANG_HOME}/usage/daily"), Some(&token)).await;
    let daily: DailyUsage = serde_json::from_value(daily).expect("daily");
    let body = json!({"kind": "usage_csv", "account_no": ZHANG_HOME, "chart": "daily", "unit": "yuan", "lang": "en"});
    let (_, _, csv) = api.get_bytes(&link(&api, &token, body).await, None).await;
    let csv = String::from_utf8(csv).expect("UTF-8");
    assert_eq!(csv, daily_table(Language::En, &daily, Unit::Yuan, true).to_csv());
    assert!(csv.starts_with("\u{feff}Date,Cost (yuan)\r\n"));
    assert_eq!(csv.lines().count(), 91, "90 days under the headers");
}

#[tokio::test]
async fn a_calendar_link_answers_the_appointment_as_ics() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let starts_at = Date::of(start_of_test()).add_days(1).start().plus_seconds(9 * 3600).to_string();
    let booking = json!({"account_no": ZHANG_HOME, "hall_id": 1, "service": "meter_check", "starts_at": starts_at,
                         "contact_name": "张伟明", "contact_phone": ZHANG_PHONE});
    let (status, appointment) = api.send(Method::POST, "/appointments", Some(booking), Some(&token)).await;
    assert_eq!(status, StatusCode::CREATED, "{appointment}");
    let (id, code) = (appointment["id"].as_i64().expect("id"), appointment["code"].as_str().expect("code"));
    let path = link(&api, &token, json!({"kind": "calendar", "appointment_id": id, "lang": "zh-CN"})).await;
    let (status, headers, ics) = api.get_bytes(&path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_text(&headers, header::CONTENT_TYPE), "text/calendar; charset=utf-8");
    assert_eq!(
        header_text(&headers, header::CONTENT_DISPOSITION),
        format!("attachment; filename=\"appointment-{code}.ics\"")
    );
    let ics = String::from_utf8(ics).expect("UTF-8");
    let typed: contract::Appointment = serde_json::from_value(appointment.clone()).expect("appointment");
    assert_eq!(ics, contract::ics::appointment_calendar(&typed, Language::Zh, start_of_test()));
    assert!(ics.contains(&format!("UID:{code}@portal\r\n")), "{ics}");
    assert!(ics.contains("SUMMARY:宿城区供电营业厅 · 电能表校验\r\n"), "{ics}");
    assert!(ics.contains("DTSTART:"), "{ics}");
}
