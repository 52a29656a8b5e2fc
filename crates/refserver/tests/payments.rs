//! Online payment: options, orders created once per Idempotency-Key, the simulated
//! providers' pages, signed notifications applied exactly once, status queries that settle
//! an order without any notification, expiry, cancelling and the return-URL allowlist.

mod common;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::pay::*;
use common::*;
use refserver::faults::FaultRule;
use refserver::Settings;
use serde_json::{json, Value};

#[tokio::test]
async fn payment_options_follow_the_account_and_the_deployment() {
    let api = TestApi::new();
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let owed = arrears(&api, ZHANG_HOME);
    assert!(owed > 0, "the demo home account owes its last bill");
    let (status, options) = api.get(&format!("/accounts/{ZHANG_HOME}/payment-options"), Some(&zhang)).await;
    assert_eq!(status, StatusCode::OK, "{options}");
    assert_eq!(options["purpose"], "arrears");
    assert_eq!(
        (&options["default_amount"], &options["min_amount"], &options["max_amount"]),
        (&json!(owed), &json!(owed), &json!(owed))
    );
    assert_eq!(options["presets"], json!([]));
    assert_eq!(options["channels"], json!(["wechat_jsapi", "wechat_h5", "wechat_native", "alipay", "unionpay"]));
    assert_eq!(options["open_order"], Value::Null);

    let (_, nothing) = api.get(&format!("/accounts/{ZHANG_PARENTS}/payment-options"), Some(&zhang)).await;
    assert_eq!((&nothing["purpose"], &nothing["default_amount"]), (&json!("arrears"), &json!(0)), "{nothing}");

    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let (_, top_up) = api.get(&format!("/accounts/{LI_PREPAID}/payment-options"), Some(&li)).await;
    assert_eq!(top_up["purpose"], "top_up");
    assert_eq!(
        (&top_up["min_amount"], &top_up["max_amount"], &top_up["default_amount"]),
        (&json!(1000), &json!(500000), &json!(10000))
    );
    assert_eq!(top_up["presets"], json!([5000, 10000, 20000, 50000]));
    let (status, _) = api.get(&format!("/accounts/{LI_PREPAID}/payment-options"), Some(&zhang)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another customer's account");

    let narrow = TestApi::with_settings(Settings {
        demo: true,
        payment_channels: vec![contract::PayChannel::Alipay],
        ..Settings::default()
    });
    let token = narrow.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (_, options) = narrow.get(&format!("/accounts/{ZHANG_HOME}/payment-options"), Some(&token)).await;
    assert_eq!(options["channels"], json!(["alipay"]));
    let (status, _, refused) =
        create_as(&narrow, &token, Some("k1"), &order_body(ZHANG_HOME, owed, "wechat_native")).await;
    assert_eq!((status, &refused["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("channel_unavailable")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_key_sent_a_hundred_times_at_once_makes_one_order() {
    let api = Arc::new(TestApi::new());
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let body = order_body(ZHANG_HOME, arrears(&api, ZHANG_HOME), "alipay");
    // The provider takes its time, so the repeats arrive while the first is being handled.
    api.state.paysim.set_unified_order_latency(Duration::from_millis(300));
    let mut requests = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let (api, token, body) = (api.clone(), token.clone(), body.clone());
        requests.spawn(async move { create_as(&api, &token, Some("press-1"), &body).await });
    }
    let mut created = Vec::new();
    let mut in_flight = 0;
    while let Some(answer) = requests.join_next().await {
        let (status, _, answer) = answer.expect("task");
        match status {
            StatusCode::CREATED => created.push(answer),
            StatusCode::CONFLICT => {
                assert_eq!(answer["code"], "conflict", "{answer}");
                in_flight += 1;
            }
            other => panic!("answered {other}: {answer}"),
        }
    }
    assert!(!created.is_empty(), "the first request creates the order");
    assert!(in_flight > 0, "repeats during the provider call are told it is in flight");
    assert!(created.iter().all(|o| *o == created[0]), "every 201 is the same order, byte for byte");
    assert_eq!(orders_of(&api, ZHANG_HOME), 1, "one order in the database");
    let (status, headers, again) = create_as(&api, &token, Some("press-1"), &body).await;
    assert_eq!((status, &again), (StatusCode::CREATED, &created[0]), "a later repeat answers the same");
    assert_eq!(headers["idempotent-replayed"], "true");
}

#[tokio::test]
async fn a_key_is_for_one_request_only_and_is_required() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let owed = arrears(&api, ZHANG_HOME);
    create_ok(&api, &token, "press-1", &order_body(ZHANG_HOME, owed, "alipay")).await;
    let (status, _, reused) = create_as(&api, &token, Some("press-1"), &order_body(ZHANG_HOME, owed, "unionpay")).await;
    assert_eq!((status, &reused["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("idempotency_key_reused")));

    for (key, field_code) in
        [(None, "required"), (Some("has space"), "invalid_format"), (Some(&"k".repeat(65)[..]), "invalid_format")]
    {
        let (status, _, refused) = create_as(&api, &token, key, &order_body(ZHANG_HOME, owed, "alipay")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(refused["fields"][0]["field"], "Idempotency-Key");
        assert_eq!(refused["fields"][0]["code"], field_code);
    }
    assert_eq!(orders_of(&api, ZHANG_HOME), 1);

    // A refusal is the answer to that request: repeated, it is answered again, even now that
    // the other order is gone; a new key is a new attempt.
    let open = create_as(&api, &token, Some("press-2"), &order_body(ZHANG_HOME, owed, "wechat_native")).await;
    assert_eq!((open.0, &open.2["code"]), (StatusCode::CONFLICT, &json!("order_open")));
    let first_no = sql_order_no(&api, ZHANG_HOME);
    let (status, _) = api.send(Method::POST, &format!("/payments/orders/{first_no}/cancel"), None, Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, again) =
        create_as(&api, &token, Some("press-2"), &order_body(ZHANG_HOME, owed, "wechat_native")).await;
    assert_eq!((status, &again), (StatusCode::CONFLICT, &open.2));
    assert_eq!(headers["idempotent-replayed"], "true");
    create_ok(&api, &token, "press-3", &order_body(ZHANG_HOME, owed, "wechat_native")).await;
}

#[tokio::test]
async fn a_provider_failure_releases_the_key_so_the_retry_succeeds() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let body = order_body(ZHANG_HOME, arrears(&api, ZHANG_HOME), "wechat_native");
    api.state.paysim.fail_next_unified_orders(1);
    let (status, _, failed) = create_as(&api, &token, Some("press-1"), &body).await;
    assert_eq!((status, &failed["code"]), (StatusCode::SERVICE_UNAVAILABLE, &json!("unavailable")));
    assert_eq!(orders_of(&api, ZHANG_HOME), 0);
    let order = create_ok(&api, &token, "press-1", &body).await;
    assert_eq!(order["status"], "pending");
    assert_eq!(orders_of(&api, ZHANG_HOME), 1);
}

#[tokio::test]
async fn orders_carry_the_next_step_for_their_channel() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let owed = arrears(&api, ZHANG_HOME);
    let order = create_ok(&api, &token, "k-h5", &order_body(ZHANG_HOME, owed, "wechat_h5")).await;
    let order_no = order["order_no"].as_str().expect("order_no");
    assert!(order_no.starts_with("P20261130100000") && order_no.len() == 21, "{order_no}");
    assert_eq!(order["expires_at"], "2026-11-30T10:15:00+08:00", "15 minutes to pay");
    assert_eq!((&order["purpose"], &order["amount"]), (&json!("arrears"), &json!(owed)));
    let url = order["action"]["url"].as_str().expect("redirect url");
    assert_eq!(url, format!("http://127.0.0.1:8080/api/v1/demo/paysim/{}", prepay_id(&order)));
    api.send(Method::POST, &format!("/payments/orders/{order_no}/cancel"), None, Some(&token)).await;

    let order = create_ok(&api, &token, "k-qr", &order_body(ZHANG_HOME, owed, "wechat_native")).await;
    assert_eq!(order["action"]["kind"], "qr_code");
    assert_eq!(order["action"]["code_url"], format!("weixin://wxpay/bizpayurl?pr={}", prepay_id(&order)));
    let order_no = order["order_no"].as_str().expect("order_no");
    api.send(Method::POST, &format!("/payments/orders/{order_no}/cancel"), None, Some(&token)).await;

    let order = create_ok(&api, &token, "k-js", &order_body(ZHANG_HOME, owed, "wechat_jsapi")).await;
    let params = &order["action"]["params"];
    assert_eq!(params["appId"], "wx0123456789abcdef");
    assert_eq!(params["signType"], "HMAC-SHA256");
    let signed = format!(
        "appId={}&nonceStr={}&package={}&signType=HMAC-SHA256&timeStamp={}&key=demo-wechat-api-key-0123456789abcd",
        params["appId"].as_str().expect("appId"),
        params["nonceStr"].as_str().expect("nonceStr"),
        params["package"].as_str().expect("package"),
        params["timeStamp"].as_str().expect("timeStamp"),
    );
    let expected = sign("demo-wechat-api-key-0123456789abcd", signed.as_bytes()).to_ascii_uppercase();
    assert_eq!(params["paySign"], expected.as_str(), "WeChat v2 HMAC-SHA256 paySign");
    let payer: String = api
        .state
        .db
        .with_conn(|c| {
            c.query_row("SELECT payer_openid FROM paysim_orders WHERE prepay_id = ?1", [prepay_id(&order)], |r| {
                r.get(0)
            })
        })
        .expect("lock")
        .expect("row");
    assert!(payer.starts_with("demo-openid-"), "no WeChat link: the demo's stand-in openid");
}

#[tokio::test]
async fn wechat_jsapi_needs_a_wechat_sign_in_outside_the_demo() {
    let api = TestApi::with_settings(Settings { demo: false, ..Settings::default() });
    // No demo SMS inbox here: a session made directly.
    let token = "session-without-demo-0001";
    let now = start_of_test().unix_seconds();
    api.state
        .db
        .with_conn(|c| {
            c.execute(
                "INSERT INTO sessions (token_hash, customer_id, created_at, last_seen_at)
                 SELECT ?1, id, ?2, ?2 FROM customers WHERE phone = ?3",
                rusqlite::params![refserver::extract::secret_hash(token), now, ZHANG_PHONE],
            )
        })
        .expect("lock")
        .expect("session");
    let owed = arrears(&api, ZHANG_HOME);
    let (status, _, refused) = create_as(&api, token, Some("k1"), &order_body(ZHANG_HOME, owed, "wechat_jsapi")).await;
    assert_eq!((status, &refused["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("channel_unavailable")));
    api.state
        .db
        .with_conn(|c| {
            c.execute(
                "INSERT INTO wechat_links (openid, customer_id, linked_at) SELECT 'oLinked1', id, 0 FROM customers WHERE phone = ?1",
                [ZHANG_PHONE],
            )
        })
        .expect("lock")
        .expect("link");
    let order = create_ok(&api, token, "k2", &order_body(ZHANG_HOME, owed, "wechat_jsapi")).await;
    assert_eq!(order["action"]["kind"], "wechat_jsapi");
}

#[tokio::test]
async fn one_notification_delivered_ten_times_credits_once() {
    let api = TestApi::new();
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let before = balance(&api, LI_PREPAID);
    pause_notifications(&api, true).await;
    let order = create_ok(&api, &li, "k1", &order_body(LI_PREPAID, 10_000, "wechat_native")).await;
    let order_no = order["order_no"].as_str().expect("order_no");
    assert_eq!(decide(&api, &prepay_id(&order), "paid").await.0, StatusCode::NO_CONTENT, "no return URL: 204");
    let body = queued_notification(&api, order_no);
    let signature = sign("demo-notify-secret-wechat", body.as_bytes());
    for _ in 0..10 {
        let (status, ack) = notify(&api, "wechat", &body, Some(&signature)).await;
        assert_eq!((status, ack), (StatusCode::OK, json!({"ok": true})));
    }
    assert_eq!(balance(&api, LI_PREPAID), before + 10_000, "credited exactly once");
    // Another event about the same payment (a new notify_id) does not credit again either.
    let mut another: Value = serde_json::from_str(&body).expect("json");
    another["notify_id"] = json!("another-event-1");
    let another = another.to_string();
    let (status, _) =
        notify(&api, "wechat", &another, Some(&sign("demo-notify-secret-wechat", another.as_bytes()))).await;
    assert_eq!(status, StatusCode::OK);
    // The provider's own delivery, held back until now, is acknowledged and changes nothing.
    pause_notifications(&api, false).await;
    eventually("the held notification is delivered", || delivered(&api, order_no)).await;
    assert_eq!(balance(&api, LI_PREPAID), before + 10_000, "still once");
    let (_, paid) = api.get(&format!("/payments/orders/{order_no}"), Some(&li)).await;
    assert_eq!((&paid["status"], &paid["action"]), (&json!("paid"), &Value::Null), "{paid}");
    assert!(paid["provider_txn"].as_str().is_some_and(|t| t.starts_with("4200")), "{paid}");
    assert_eq!(paid["paid_at"], "2026-11-30T10:00:00+08:00");
    let (_, overview) = api.get(&format!("/accounts/{LI_PREPAID}/overview"), Some(&li)).await;
    assert_eq!(overview["balance"], before + 10_000);
}

#[tokio::test]
async fn a_forged_notification_is_refused_and_changes_nothing() {
    let api = TestApi::new();
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let before = balance(&api, LI_PREPAID);
    let order = create_ok(&api, &li, "k1", &order_body(LI_PREPAID, 50_000, "alipay")).await;
    let order_no = order["order_no"].as_str().expect("order_no");
    // Never paid at the provider: a forger claims it was.
    let forged = json!({"notify_id": "forged-1", "order_no": order_no, "provider_txn": "2026113022001",
                        "outcome": "paid", "amount": 50_000, "at": "2026-11-30T10:01:00+08:00"})
    .to_string();
    for signature in [
        None,
        Some("00".repeat(32)),
        Some(sign("guessed-secret", forged.as_bytes())),
        Some(sign("demo-notify-secret-wechat", forged.as_bytes())),
        Some("not hex".to_owned()),
    ] {
        let (status, refused) = notify(&api, "alipay", &forged, signature.as_deref()).await;
        assert_eq!((status, &refused["code"]), (StatusCode::UNAUTHORIZED, &json!("unauthenticated")), "{signature:?}");
    }
    assert_eq!(stored_status(&api, order_no), "pending");
    let (_, current) = api.get(&format!("/payments/orders/{order_no}"), Some(&li)).await;
    assert_eq!(current["status"], "pending", "the provider knows of no payment either");
    assert_eq!(balance(&api, LI_PREPAID), before);
    let received: i64 = sql_i64(&api, "SELECT COUNT(*) FROM payment_notifications WHERE order_no = ?1", order_no);
    assert_eq!(received, 0, "nothing recorded");

    // A correctly signed notification whose amount differs from the order's applies nothing
    // either; it is acknowledged and recorded (see tests/discrepancies.rs).
    let wrong_amount = forged.replace("50000", "5000");
    let (status, ack) =
        notify(&api, "alipay", &wrong_amount, Some(&sign("demo-notify-secret-alipay", wrong_amount.as_bytes()))).await;
    assert_eq!((status, ack), (StatusCode::OK, json!({"ok": true})));
    assert_eq!((stored_status(&api, order_no), balance(&api, LI_PREPAID)), ("pending".to_owned(), before));
}

#[tokio::test]
async fn an_expired_order_cannot_be_paid() {
    let api = TestApi::new();
    let wang = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let owed = arrears(&api, WANG_ACCOUNT);
    let order = create_ok(&api, &wang, "k1", &order_body(WANG_ACCOUNT, owed, "unionpay")).await;
    let (order_no, prepay) = (order["order_no"].as_str().expect("order_no"), prepay_id(&order));
    api.clock.advance(16 * 60);
    // The provider refuses by itself, even before the merchant has noticed the expiry.
    let (status, _, page) = decide(&api, &prepay, "paid").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("订单已过期"), "{page}");
    let (status, expired) = api.get(&format!("/payments/orders/{order_no}"), Some(&wang)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((&expired["status"], &expired["action"]), (&json!("expired"), &Value::Null), "{expired}");
    let (status, _, page) = decide(&api, &prepay, "paid").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("订单已过期") && !page.contains("<form"), "{page}");
    let (status, _, page) = provider_page(&api, &prepay).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("订单已过期") && !page.contains("<form"), "{page}");
    assert_eq!((arrears(&api, WANG_ACCOUNT), unpaid_bills(&api, WANG_ACCOUNT)), (owed, 2), "nothing paid");
    let (_, options) = api.get(&format!("/accounts/{WANG_ACCOUNT}/payment-options"), Some(&wang)).await;
    assert_eq!(options["open_order"], Value::Null, "an expired order is not offered again");
    create_ok(&api, &wang, "k2", &order_body(WANG_ACCOUNT, owed, "unionpay")).await;
}

#[tokio::test]
async fn the_status_query_alone_settles_a_paid_order() {
    let api = TestApi::new();
    let wang = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let owed = arrears(&api, WANG_ACCOUNT);
    pause_notifications(&api, true).await;
    let order = create_ok(&api, &wang, "k1", &order_body(WANG_ACCOUNT, owed, "alipay")).await;
    let order_no = order["order_no"].as_str().expect("order_no");
    let prepay = prepay_id(&order);

    let (status, headers, page) = provider_page(&api, &prepay).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().expect("ascii");
    assert!(
        policy.starts_with("default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:8080")
    );
    assert!(page.contains("<html lang=\"zh-CN\">") && page.contains("支付宝"), "{page}");
    let yuan = format!("{}.{:02} 元", owed / 100, owed % 100);
    assert!(page.contains(&yuan), "the amount in 元: {yuan}");
    for label in [">支付<", ">取消<", ">模拟失败<", "宿迁供电公司"] {
        assert!(page.contains(label), "{label} in {page}");
    }
    assert!(!page.contains("<script") && !page.contains("http"), "no script, nothing external");

    let (status, headers, _) = decide(&api, &prepay, "paid").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], RETURN_URL, "back to the portal");
    let outbox = deliveries(&api).await;
    assert_eq!(outbox["paused"], true);
    assert_eq!(outbox["notifications"][0]["attempts"], 0, "held back: {outbox}");
    assert_eq!(stored_status(&api, order_no), "pending", "nothing told the merchant yet");

    let (_, paid) = api.get(&format!("/payments/orders/{order_no}"), Some(&wang)).await;
    assert_eq!(paid["status"], "paid", "the status query asked the provider: {paid}");
    assert_eq!((arrears(&api, WANG_ACCOUNT), unpaid_bills(&api, WANG_ACCOUNT)), (0, 0), "both bills settled");
    let linked = sql_i64(&api, "SELECT COUNT(*) FROM payment_order_bills WHERE order_no = ?1", order_no);
    assert_eq!(linked, 2);
    let (_, overview) = api.get(&format!("/accounts/{WANG_ACCOUNT}/overview"), Some(&wang)).await;
    assert_eq!((&overview["arrears"], &overview["due_date"]), (&json!(0), &Value::Null), "{overview}");
    assert_eq!(overview["last_bill"]["status"], "paid");
    let (_, options) = api.get(&format!("/accounts/{WANG_ACCOUNT}/payment-options"), Some(&wang)).await;
    assert_eq!(options["default_amount"], 0, "nothing to pay now");
    let (status, _, refused) = create_as(&api, &wang, Some("k2"), &order_body(WANG_ACCOUNT, owed, "alipay")).await;
    assert_eq!((status, &refused["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("nothing_to_pay")));

    pause_notifications(&api, false).await;
    eventually("the late notification is acknowledged", || delivered(&api, order_no)).await;
    let effect: String = api
        .state
        .db
        .with_conn(|c| {
            c.query_row("SELECT effect FROM payment_notifications WHERE order_no = ?1", [order_no], |r| r.get(0))
        })
        .expect("lock")
        .expect("recorded");
    assert_eq!(effect, "already_final", "the notification found the order settled");
    let (_, history) = api.get(&format!("/accounts/{WANG_ACCOUNT}/payments"), Some(&wang)).await;
    assert_eq!(history.as_array().map(Vec::len), Some(1));
    assert_eq!((&history[0]["status"], &history[0]["action"]), (&json!("paid"), &Value::Null));
}

#[tokio::test]
async fn a_notification_is_retried_until_acknowledged() {
    let api = TestApi::new();
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let before = balance(&api, LI_PREPAID);
    api.state.faults.set(vec![FaultRule {
        path_prefix: "/payments/notify".into(),
        method: Some("POST".into()),
        latency_ms: 0,
        status: Some(503),
        drop_connection: false,
        drop_answer: false,
        times: Some(2),
    }]);
    let order = create_ok(&api, &li, "k1", &order_body(LI_PREPAID, 20_000, "unionpay")).await;
    let order_no = order["order_no"].as_str().expect("order_no");
    let (status, _, _) = decide(&api, &prepay_id(&order), "paid").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    eventually("the third delivery is acknowledged", || delivered(&api, order_no)).await;
    let outbox = deliveries(&api).await;
    assert_eq!(outbox["notifications"][0]["attempts"], 3, "two refused, the third acknowledged: {outbox}");
    assert_eq!(stored_status(&api, order_no), "paid", "the notification itself settled it");
    assert_eq!(balance(&api, LI_PREPAID), before + 20_000);
}

#[tokio::test]
async fn a_pending_order_can_be_cancelled_once_and_not_paid_afterwards() {
    let api = TestApi::new();
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let order = create_ok(&api, &li, "k1", &order_body(LI_PREPAID, 10_000, "wechat_h5")).await;
    let order_no = order["order_no"].as_str().expect("order_no");
    let (status, second) = {
        let (s, _, b) = create_as(&api, &li, Some("k2"), &order_body(LI_PREPAID, 20_000, "alipay")).await;
        (s, b)
    };
    assert_eq!(
        (status, &second["code"]),
        (StatusCode::CONFLICT, &json!("order_open")),
        "one pending order per account"
    );
    let (_, options) = api.get(&format!("/accounts/{LI_PREPAID}/payment-options"), Some(&li)).await;
    assert_eq!(options["open_order"]["order_no"], order_no, "offered again");
    assert_eq!(options["open_order"]["action"], order["action"]);

    let path = format!("/payments/orders/{order_no}/cancel");
    let (status, cancelled) = api.send(Method::POST, &path, None, Some(&li)).await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    assert_eq!((&cancelled["status"], &cancelled["action"]), (&json!("cancelled"), &Value::Null));
    let (status, again) = api.send(Method::POST, &path, None, Some(&li)).await;
    assert_eq!((status, &again["code"]), (StatusCode::CONFLICT, &json!("order_closed")));
    let (status, _, page) = decide(&api, &prepay_id(&order), "paid").await;
    assert_eq!(status, StatusCode::CONFLICT, "closed at the provider too");
    assert!(page.contains("订单已关闭"), "{page}");
    assert_eq!(api.get(&format!("/payments/orders/{order_no}"), Some(&li)).await.1["status"], "cancelled");

    // A paid order cannot be cancelled.
    let paid = create_ok(&api, &li, "k3", &order_body(LI_PREPAID, 10_000, "wechat_native")).await;
    let paid_no = paid["order_no"].as_str().expect("order_no");
    decide(&api, &prepay_id(&paid), "paid").await;
    let (status, refused) =
        api.send(Method::POST, &format!("/payments/orders/{paid_no}/cancel"), None, Some(&li)).await;
    assert_eq!((status, &refused["code"]), (StatusCode::CONFLICT, &json!("order_closed")));
    assert_eq!(api.get(&format!("/payments/orders/{paid_no}"), Some(&li)).await.1["status"], "paid");

    let (_, history) = api.get(&format!("/accounts/{LI_PREPAID}/payments"), Some(&li)).await;
    let statuses: Vec<&str> = history.as_array().expect("list").iter().filter_map(|o| o["status"].as_str()).collect();
    assert_eq!(statuses, ["paid", "cancelled"], "newest first");
}

#[tokio::test]
async fn the_payer_can_cancel_or_fail_at_the_provider() {
    let api = TestApi::new();
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    for (key, outcome, status) in [("k1", "cancelled", "cancelled"), ("k2", "failed", "failed")] {
        let order = create_ok(&api, &li, key, &order_body(LI_PREPAID, 10_000, "wechat_native")).await;
        let request = Request::post(format!("/api/v1/demo/paysim/{}", prepay_id(&order)))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .body(Body::from(format!("outcome={outcome}")))
            .expect("request");
        let (answer, _, page) = raw(&api, request).await;
        assert_eq!(answer, StatusCode::OK, "a browser without a return URL gets a page");
        assert!(page.contains("lang=\"zh-CN\""), "{page}");
        let order_no = order["order_no"].as_str().expect("order_no");
        assert_eq!(api.get(&format!("/payments/orders/{order_no}"), Some(&li)).await.1["status"], status);
    }
    assert_eq!(decide(&api, "ali0000", "paid").await.0, StatusCode::NOT_FOUND);
    let order = create_ok(&api, &li, "k3", &order_body(LI_PREPAID, 10_000, "wechat_native")).await;
    assert_eq!(decide(&api, &prepay_id(&order), "refund").await.0, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn return_urls_off_the_allowlist_are_refused() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let owed = arrears(&api, ZHANG_HOME);
    // `portal.test:8080` is the Host these requests claim: a client's Host is no allowlist.
    let refused_urls = [
        ("k1", "http://evil.example/?from=pay"),
        ("k2", "https://127.0.0.1:8080/"),
        ("k5", "http://portal.test:8080/"),
        ("k3", "javascript:alert(1)"),
    ];
    for (key, url) in refused_urls {
        let mut body = order_body(ZHANG_HOME, owed, "alipay");
        body["return_url"] = json!(url);
        let (status, _, refused) = create_as(&api, &token, Some(key), &body).await;
        assert_eq!(
            (status, &refused["code"]),
            (StatusCode::UNPROCESSABLE_ENTITY, &json!("return_url_refused")),
            "{url}"
        );
        assert_eq!(refused["fields"][0]["field"], "return_url");
    }
    let mut missing = order_body(ZHANG_HOME, owed, "unionpay");
    missing.as_object_mut().expect("object").remove("return_url");
    let (status, _, refused) = create_as(&api, &token, Some("k4"), &missing).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (&refused["fields"][0]["field"], &refused["fields"][0]["code"]),
        (&json!("return_url"), &json!("required"))
    );
    assert_eq!(orders_of(&api, ZHANG_HOME), 0);

    let configured = TestApi::with_settings(Settings {
        demo: true,
        portal_origins: vec!["https://pay.portal.example".into()],
        ..Settings::default()
    });
    let token = configured.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let mut body = order_body(ZHANG_HOME, owed, "alipay");
    body["return_url"] = json!("https://pay.portal.example/#/pay/result");
    let order = create_ok(&configured, &token, "k1", &body).await;
    let (status, headers, _) = decide(&configured, &prepay_id(&order), "paid").await;
    assert_eq!(
        (status, &headers[header::LOCATION]),
        (StatusCode::SEE_OTHER, &"https://pay.portal.example/#/pay/result".parse().expect("value"))
    );
}

#[tokio::test]
async fn another_customers_orders_are_not_found() {
    let api = TestApi::new();
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let order = create_ok(&api, &zhang, "k1", &order_body(ZHANG_HOME, arrears(&api, ZHANG_HOME), "alipay")).await;
    let order_no = order["order_no"].as_str().expect("order_no");
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    assert_eq!(api.get(&format!("/payments/orders/{order_no}"), Some(&li)).await.0, StatusCode::NOT_FOUND);
    let (status, _) = api.send(Method::POST, &format!("/payments/orders/{order_no}/cancel"), None, Some(&li)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(api.get(&format!("/accounts/{ZHANG_HOME}/payments"), Some(&li)).await.0, StatusCode::NOT_FOUND);
    // Anyone may pay for an open account (代缴), but not beside the holder's unfinished order.
    let (status, _, refused) =
        create_as(&api, &li, Some("k1"), &order_body(ZHANG_HOME, arrears(&api, ZHANG_HOME), "alipay")).await;
    assert_eq!((status, &refused["code"]), (StatusCode::CONFLICT, &json!("order_open")));
    assert_eq!(api.get("/payments/orders/P20261130100000ZZZZZZ", Some(&zhang)).await.0, StatusCode::NOT_FOUND);
    let (status, bad) = api.get("/payments/orders/not-an-order", Some(&zhang)).await;
    assert_eq!((status, &bad["fields"][0]["field"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("order_no")));
    assert_eq!(stored_status(&api, order_no), "pending", "untouched");
}

#[tokio::test]
async fn arrears_are_paid_whole_and_top_ups_within_limits() {
    let api = TestApi::new();
    let wang = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let owed = arrears(&api, WANG_ACCOUNT);
    for amount in [owed - 1, owed + 1] {
        let key = format!("k{amount}");
        let (status, _, refused) =
            create_as(&api, &wang, Some(&key), &order_body(WANG_ACCOUNT, amount, "alipay")).await;
        assert_eq!((status, &refused["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("amount_not_accepted")));
        assert_eq!(
            (&refused["fields"][0]["field"], &refused["fields"][0]["code"]),
            (&json!("amount"), &json!("out_of_range"))
        );
    }
    let (status, _, refused) = create_as(&api, &wang, Some("k2"), &order_body(WANG_ACCOUNT, 0, "alipay")).await;
    assert_eq!((status, &refused["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("validation_failed")));

    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, _, refused) = create_as(&api, &zhang, Some("k1"), &order_body(ZHANG_PARENTS, 100, "alipay")).await;
    assert_eq!((status, &refused["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("nothing_to_pay")));

    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    for (key, amount) in [("k1", 999), ("k2", 500_001)] {
        let (status, _, refused) = create_as(&api, &li, Some(key), &order_body(LI_PREPAID, amount, "alipay")).await;
        assert_eq!(
            (status, &refused["code"]),
            (StatusCode::UNPROCESSABLE_ENTITY, &json!("amount_not_accepted")),
            "{amount}"
        );
        assert_eq!(refused["fields"][0]["field"], "amount");
    }
    create_ok(&api, &li, "k3", &order_body(LI_PREPAID, 1000, "alipay")).await;
    assert_eq!(orders_of(&api, WANG_ACCOUNT) + orders_of(&api, ZHANG_PARENTS), 0);
}

#[tokio::test]
async fn a_payment_reported_for_a_cancelled_order_is_acknowledged_but_not_credited() {
    let api = TestApi::new();
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let before = balance(&api, LI_PREPAID);
    let order = create_ok(&api, &li, "k1", &order_body(LI_PREPAID, 30_000, "alipay")).await;
    let order_no = order["order_no"].as_str().expect("order_no");
    let (status, _) = api.send(Method::POST, &format!("/payments/orders/{order_no}/cancel"), None, Some(&li)).await;
    assert_eq!(status, StatusCode::OK);
    // The provider took the money anyway (a race on its side): acknowledged, never credited.
    let late = json!({"notify_id": "late-1", "order_no": order_no, "provider_txn": "20261130100100220011",
                      "outcome": "paid", "amount": 30_000, "at": "2026-11-30T10:00:30+08:00"})
    .to_string();
    let (status, ack) = notify(&api, "alipay", &late, Some(&sign("demo-notify-secret-alipay", late.as_bytes()))).await;
    assert_eq!((status, ack), (StatusCode::OK, json!({"ok": true})));
    assert_eq!((stored_status(&api, order_no), balance(&api, LI_PREPAID)), ("cancelled".to_owned(), before));
    let effect: String = api
        .state
        .db
        .with_conn(|c| {
            c.query_row("SELECT effect FROM payment_notifications WHERE notify_id = 'late-1'", [], |r| r.get(0))
        })
        .expect("lock")
        .expect("recorded");
    assert_eq!(effect, "refund_due");
    // Sent by the wrong provider, it is not this order's notification at all.
    let (status, _) = notify(
        &api,
        "wechat",
        &late.replace("late-1", "late-2"),
        Some(&sign("demo-notify-secret-wechat", late.replace("late-1", "late-2").as_bytes())),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_overview_names_the_order_waiting_to_be_paid_until_it_ends() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let overview = format!("/accounts/{ZHANG_HOME}/overview");
    assert_eq!(api.get(&overview, Some(&token)).await.1["open_order"], Value::Null, "nothing open yet");
    let owed = arrears(&api, ZHANG_HOME);
    let (status, _, order) = create_as(&api, &token, Some("press-open"), &order_body(ZHANG_HOME, owed, "alipay")).await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    let (_, now) = api.get(&overview, Some(&token)).await;
    assert_eq!(now["open_order"], json!({ "order_no": order["order_no"], "amount": owed }));
    let no = order["order_no"].as_str().expect("order number");
    api.send(Method::POST, &format!("/payments/orders/{no}/cancel"), None, Some(&token)).await;
    assert_eq!(api.get(&overview, Some(&token)).await.1["open_order"], Value::Null, "a cancelled order is not open");
}
