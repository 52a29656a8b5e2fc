//! Money that went astray is recorded, not only logged, and shown read-only to the demo:
//! payments of closed orders and second payments (refunds due), arrears orders whose bills
//! were paid another way meanwhile (the overpaid part is due back), and notifications of
//! another amount than the order's (acknowledged, applied nowhere).

mod common;

use axum::http::{Method, StatusCode};
use common::pay::*;
use common::*;
use refserver::payments::settle;
use refserver::Settings;
use serde_json::{json, Value};

async fn discrepancies(api: &TestApi) -> Vec<Value> {
    let (status, body) = api.get("/demo/paysim/discrepancies", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array().expect("a list").clone()
}

/// A notification from `provider` about `order_no`, signed with the demo secret.
async fn notify_signed(api: &TestApi, provider: &str, body: &Value) -> (StatusCode, Value) {
    let text = body.to_string();
    notify(api, provider, &text, Some(&sign(&format!("demo-notify-secret-{provider}"), text.as_bytes()))).await
}

fn paid_notification(notify_id: &str, order_no: &str, txn: &str, amount: i64) -> Value {
    json!({"notify_id": notify_id, "order_no": order_no, "provider_txn": txn, "outcome": "paid",
           "amount": amount, "at": "2026-11-30T10:00:30+08:00"})
}

#[tokio::test]
async fn a_payment_of_a_cancelled_or_expired_order_is_recorded_as_a_refund_due() {
    let api = TestApi::new();
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    assert_eq!(discrepancies(&api).await, Vec::<Value>::new());
    let cancelled = create_ok(&api, &li, "k1", &order_body(LI_PREPAID, 30_000, "alipay")).await;
    let cancelled_no = cancelled["order_no"].as_str().expect("order_no");
    api.send(Method::POST, &format!("/payments/orders/{cancelled_no}/cancel"), None, Some(&li)).await;
    let late = paid_notification("late-1", cancelled_no, "20261130100030220011", 30_000);
    assert_eq!(notify_signed(&api, "alipay", &late).await, (StatusCode::OK, json!({"ok": true})));
    // The same payment reported again, as another event: still one record.
    let again = paid_notification("late-2", cancelled_no, "20261130100030220011", 30_000);
    assert_eq!(notify_signed(&api, "alipay", &again).await.0, StatusCode::OK);
    assert_eq!(
        discrepancies(&api).await,
        [json!({"order_no": cancelled_no, "kind": "paid_when_closed", "amount": 30_000,
                "provider_txn": "20261130100030220011", "noted_at": "2026-11-30T10:00:00+08:00"})]
    );

    let expired = create_ok(&api, &li, "k2", &order_body(LI_PREPAID, 10_000, "wechat_native")).await;
    let expired_no = expired["order_no"].as_str().expect("order_no");
    api.clock.advance(16 * 60);
    settle::sweep(&api.state).await.expect("sweep");
    assert_eq!(stored_status(&api, expired_no), "expired");
    let late = paid_notification("late-3", expired_no, "4200202611301016001234", 10_000);
    assert_eq!(notify_signed(&api, "wechat", &late).await.0, StatusCode::OK);
    let recorded = discrepancies(&api).await;
    assert_eq!(recorded.len(), 2, "{recorded:?}");
    assert_eq!(
        (&recorded[0]["order_no"], &recorded[0]["kind"], &recorded[0]["amount"]),
        (&json!(expired_no), &json!("paid_when_closed"), &json!(10_000)),
        "newest first"
    );
    assert_eq!(stored_status(&api, cancelled_no), "cancelled", "nothing credited");
}

#[tokio::test]
async fn a_second_payment_of_a_paid_order_is_recorded_as_a_refund_due() {
    let api = TestApi::new();
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let order = create_ok(&api, &li, "k1", &order_body(LI_PREPAID, 10_000, "wechat_native")).await;
    let order_no = order["order_no"].as_str().expect("order_no");
    decide(&api, &prepay_id(&order), "paid").await;
    assert_eq!(api.get(&format!("/payments/orders/{order_no}"), Some(&li)).await.1["status"], "paid");
    let before = balance(&api, LI_PREPAID);
    let second = paid_notification("second-1", order_no, "4200999", 10_000);
    assert_eq!(notify_signed(&api, "wechat", &second).await.0, StatusCode::OK);
    let recorded = discrepancies(&api).await;
    assert_eq!(
        (recorded.len(), &recorded[0]["kind"], &recorded[0]["provider_txn"]),
        (1, &json!("paid_twice"), &json!("4200999"))
    );
    assert_eq!(balance(&api, LI_PREPAID), before, "not credited twice");
}

#[tokio::test]
async fn an_arrears_order_whose_bills_were_paid_otherwise_records_the_overpaid_part() {
    let api = TestApi::new();
    let wang = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let owed = arrears(&api, WANG_ACCOUNT);
    let order = create_ok(&api, &wang, "k1", &order_body(WANG_ACCOUNT, owed, "alipay")).await;
    let order_no = order["order_no"].as_str().expect("order_no");
    // Meanwhile the older bill is paid at a service hall.
    let counter: i64 = api
        .state
        .db
        .with_conn(|c| {
            let (id, total): (i64, i64) = c.query_row(
                "SELECT id, total_fen FROM bills WHERE account_no = ?1 AND paid_at IS NULL ORDER BY month LIMIT 1",
                [WANG_ACCOUNT],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            c.execute("UPDATE bills SET paid_at = 1 WHERE id = ?1", [id])?;
            Ok::<_, rusqlite::Error>(total)
        })
        .expect("lock")
        .expect("a counter payment");
    assert!(counter > 0 && counter < owed, "one of two bills");
    decide(&api, &prepay_id(&order), "paid").await;
    assert_eq!(api.get(&format!("/payments/orders/{order_no}"), Some(&wang)).await.1["status"], "paid");
    assert_eq!(unpaid_bills(&api, WANG_ACCOUNT), 0);
    let recorded = discrepancies(&api).await;
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    assert_eq!(
        (&recorded[0]["order_no"], &recorded[0]["kind"], &recorded[0]["amount"]),
        (&json!(order_no), &json!("bills_paid_otherwise"), &json!(counter))
    );
}

#[tokio::test]
async fn a_notification_of_another_amount_is_acknowledged_recorded_and_applied_nowhere() {
    let api = TestApi::new();
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let before = balance(&api, LI_PREPAID);
    let order = create_ok(&api, &li, "k1", &order_body(LI_PREPAID, 50_000, "alipay")).await;
    let order_no = order["order_no"].as_str().expect("order_no");
    let short = paid_notification("short-1", order_no, "2026113022001", 5_000);
    for _ in 0..2 {
        // Acknowledged, so the provider stops resending it: it is recorded for someone to look into.
        assert_eq!(notify_signed(&api, "alipay", &short).await, (StatusCode::OK, json!({"ok": true})));
    }
    assert_eq!((stored_status(&api, order_no), balance(&api, LI_PREPAID)), ("pending".to_owned(), before));
    let effect = sql_i64(
        &api,
        "SELECT COUNT(*) FROM payment_notifications WHERE notify_id = ?1 AND effect = 'amount_mismatch'",
        "short-1",
    );
    assert_eq!(effect, 1);
    assert_eq!(
        discrepancies(&api).await,
        [json!({"order_no": order_no, "kind": "amount_mismatch", "amount": 5_000,
                "provider_txn": "2026113022001", "noted_at": "2026-11-30T10:00:00+08:00"})]
    );
}

#[tokio::test]
async fn discrepancies_are_shown_only_in_demo_mode() {
    let api = TestApi::with_settings(Settings::default());
    assert_eq!(api.get("/demo/paysim/discrepancies", None).await.0, StatusCode::NOT_FOUND);
}
