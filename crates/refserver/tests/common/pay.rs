//! Payment helpers shared by the payment tests: orders created as the portal creates them,
//! the simulated provider's page and outbox, signed notifications, and database peeks.

use std::future::Future;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use hmac::{Hmac, Mac};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use sha2::Sha256;
use tower::ServiceExt;

use super::{TestApi, HOST};

/// Where the portal wants the payer back: on the server's public origin.
pub const RETURN_URL: &str = "http://127.0.0.1:8080/?from=pay#/pay/result";

pub fn sql_i64(api: &TestApi, sql: &str, account: &str) -> i64 {
    api.state.db.with_conn(|c| c.query_row(sql, [account], |r| r.get(0))).expect("lock").expect("query")
}

pub fn arrears(api: &TestApi, account: &str) -> i64 {
    sql_i64(api, "SELECT COALESCE(SUM(total_fen), 0) FROM bills WHERE account_no = ?1 AND paid_at IS NULL", account)
}

pub fn unpaid_bills(api: &TestApi, account: &str) -> i64 {
    sql_i64(api, "SELECT COUNT(*) FROM bills WHERE account_no = ?1 AND paid_at IS NULL", account)
}

pub fn balance(api: &TestApi, account: &str) -> i64 {
    sql_i64(api, "SELECT balance_fen FROM accounts WHERE account_no = ?1", account)
}

pub fn orders_of(api: &TestApi, account: &str) -> i64 {
    sql_i64(api, "SELECT COUNT(*) FROM payment_orders WHERE account_no = ?1", account)
}

/// The order's status as stored, without the refresh a GET does.
pub fn stored_status(api: &TestApi, order_no: &str) -> String {
    api.state
        .db
        .with_conn(|c| c.query_row("SELECT status FROM payment_orders WHERE order_no = ?1", [order_no], |r| r.get(0)))
        .expect("lock")
        .expect("order")
}

pub async fn create_as(api: &TestApi, token: &str, key: Option<&str>, body: &Value) -> (StatusCode, HeaderMap, Value) {
    let mut builder = Request::post("/api/v1/payments/orders")
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        builder = builder.header("idempotency-key", key);
    }
    api.respond(builder.body(Body::from(body.to_string())).expect("request")).await
}

/// Creates an order that must be accepted.
pub async fn create_ok(api: &TestApi, token: &str, key: &str, body: &Value) -> Value {
    let (status, _, order) = create_as(api, token, Some(key), body).await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    order
}

pub fn order_body(account: &str, amount: i64, channel: &str) -> Value {
    let mut body = json!({"account_no": account, "amount": amount, "channel": channel});
    if matches!(channel, "wechat_h5" | "alipay" | "unionpay") {
        body["return_url"] = json!(RETURN_URL);
    }
    body
}

/// The provider's id of an order, from whichever action it carries.
pub fn prepay_id(order: &Value) -> String {
    let action = &order["action"];
    let id = match action["kind"].as_str() {
        Some("redirect") => action["url"].as_str().and_then(|u| u.rsplit('/').next()),
        Some("qr_code") => action["code_url"].as_str().and_then(|u| u.split("pr=").nth(1)),
        Some("wechat_jsapi") => action["params"]["package"].as_str().and_then(|p| p.strip_prefix("prepay_id=")),
        _ => None,
    };
    id.unwrap_or_else(|| panic!("no provider id in {order}")).to_owned()
}

/// A raw answer (the simulator answers HTML, or nothing).
pub async fn raw(api: &TestApi, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = api.app().oneshot(request).await.expect("infallible");
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    (status, headers, String::from_utf8(bytes.to_vec()).expect("utf-8"))
}

pub async fn provider_page(api: &TestApi, prepay_id: &str) -> (StatusCode, HeaderMap, String) {
    raw(api, Request::get(format!("/api/v1/demo/paysim/{prepay_id}")).body(Body::empty()).expect("request")).await
}

/// The payer's choice on the provider's page, as the form posts it.
pub async fn decide(api: &TestApi, prepay_id: &str, outcome: &str) -> (StatusCode, HeaderMap, String) {
    let request = Request::post(format!("/api/v1/demo/paysim/{prepay_id}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("outcome={outcome}")))
        .expect("request");
    raw(api, request).await
}

pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
    mac.update(body);
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

pub async fn notify(api: &TestApi, provider: &str, body: &str, signature: Option<&str>) -> (StatusCode, Value) {
    let mut builder =
        Request::post(format!("/api/v1/payments/notify/{provider}")).header(header::CONTENT_TYPE, "application/json");
    if let Some(signature) = signature {
        builder = builder.header("x-signature", signature);
    }
    let (status, _, body) = api.respond(builder.body(Body::from(body.to_owned())).expect("request")).await;
    (status, body)
}

/// A payment order inserted straight into the database, for tests that need one in a given
/// state (ratings need a paid order), not the payment endpoints. `paid_ago` is how long ago it was paid (ignored unless `status` is paid).
pub fn insert_order(api: &TestApi, order_no: &str, account: &str, phone: &str, status: &str, paid_ago: i64) {
    let now = api.clock.now().unix_seconds();
    let paid_at = (status == "paid").then_some(now - paid_ago);
    api.state
        .db
        .with_conn(|c| {
            c.execute(
                "INSERT INTO payment_orders (order_no, customer_id, account_no, purpose, amount_fen, channel, status,
                     prepay_id, created_at, expires_at, paid_at)
                 VALUES (?1, (SELECT id FROM customers WHERE phone = ?2), ?3, 'arrears', 13764, 'wechat_h5', ?4,
                     ?5, ?6, ?7, ?8)",
                rusqlite::params![
                    order_no,
                    phone,
                    account,
                    status,
                    format!("prepay-{order_no}"),
                    now - paid_ago - 60,
                    now - paid_ago + 1800,
                    paid_at
                ],
            )
        })
        .expect("lock")
        .expect("insert order");
}

/// The notification the simulated provider queued for an order (exactly as it will send it).
pub fn queued_notification(api: &TestApi, order_no: &str) -> String {
    api.state
        .db
        .with_conn(|c| {
            c.query_row(
                "SELECT n.body FROM paysim_notifications n JOIN paysim_orders o ON o.prepay_id = n.prepay_id
                 WHERE o.order_no = ?1",
                [order_no],
                |r| r.get(0),
            )
        })
        .expect("lock")
        .expect("a queued notification")
}

pub async fn deliveries(api: &TestApi) -> Value {
    let (status, body) = api.get("/demo/paysim/notifications", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

pub async fn pause_notifications(api: &TestApi, paused: bool) {
    let (status, body) =
        api.send(Method::PUT, "/demo/paysim/notifications", Some(json!({"paused": paused})), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
}

/// Waits for `check` to hold, failing after a deadline.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(15);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub async fn delivered(api: &TestApi, order_no: &str) -> bool {
    deliveries(api).await["notifications"]
        .as_array()
        .expect("notifications")
        .iter()
        .any(|n| n["order_no"] == order_no && !n["delivered_at"].is_null())
}

pub fn sql_order_no(api: &TestApi, account: &str) -> String {
    api.state
        .db
        .with_conn(|c| {
            c.query_row(
                "SELECT order_no FROM payment_orders WHERE account_no = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 1",
                [account],
                |r| r.get(0),
            )
        })
        .expect("lock")
        .expect("an order")
}
