//! Orders settle without anyone opening a payment page: the overview and the bills list bring
//! the account's pending order up to date, a sweep settles and expires pending orders, and a
//! restarted server's simulated providers resend what was never acknowledged.

mod common;

use axum::http::StatusCode;
use common::pay::*;
use common::*;
use refserver::payments::settle::{self, Swept};
use refserver::{AppState, Settings};
use serde_json::{json, Value};

/// The statuses of the account's bills as the bills list answers them, newest first.
async fn bill_statuses(api: &TestApi, token: &str, account: &str) -> Vec<String> {
    let (status, bills) = api.get(&format!("/accounts/{account}/bills"), Some(token)).await;
    assert_eq!(status, StatusCode::OK, "{bills}");
    bills.as_array().expect("list").iter().filter_map(|b| b["status"].as_str().map(str::to_owned)).collect()
}

#[tokio::test]
async fn the_overview_alone_shows_arrears_paid_at_the_provider() {
    let api = TestApi::new();
    let wang = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let owed = arrears(&api, WANG_ACCOUNT);
    pause_notifications(&api, true).await;
    let order = create_ok(&api, &wang, "k1", &order_body(WANG_ACCOUNT, owed, "alipay")).await;
    let order_no = order["order_no"].as_str().expect("order_no");
    let (_, overview) = api.get(&format!("/accounts/{WANG_ACCOUNT}/overview"), Some(&wang)).await;
    assert_eq!(overview["arrears"], owed, "not paid yet: {overview}");
    assert_eq!(stored_status(&api, order_no), "pending", "an unpaid order stays pending");

    assert_eq!(decide(&api, &prepay_id(&order), "paid").await.0, StatusCode::SEE_OTHER);
    assert_eq!(stored_status(&api, order_no), "pending", "no notification, no status query yet");
    let (status, overview) = api.get(&format!("/accounts/{WANG_ACCOUNT}/overview"), Some(&wang)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((&overview["arrears"], &overview["due_date"]), (&json!(0), &Value::Null), "{overview}");
    assert_eq!(overview["last_bill"]["status"], "paid");
    assert_eq!(stored_status(&api, order_no), "paid");
}

#[tokio::test]
async fn the_bills_list_alone_shows_bills_paid_at_the_provider() {
    let api = TestApi::new();
    let wang = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let owed = arrears(&api, WANG_ACCOUNT);
    pause_notifications(&api, true).await;
    let order = create_ok(&api, &wang, "k1", &order_body(WANG_ACCOUNT, owed, "wechat_native")).await;
    assert!(bill_statuses(&api, &wang, WANG_ACCOUNT).await.iter().any(|s| s != "paid"), "arrears before paying");
    decide(&api, &prepay_id(&order), "paid").await;
    let statuses = bill_statuses(&api, &wang, WANG_ACCOUNT).await;
    assert!(statuses.iter().all(|s| s == "paid"), "{statuses:?}");
    assert_eq!(unpaid_bills(&api, WANG_ACCOUNT), 0);
    // Another customer's account is still 404, and refreshes nothing.
    let (status, _) = api.get(&format!("/accounts/{ZHANG_HOME}/bills"), Some(&wang)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_sweep_expires_pending_orders_past_their_time() {
    let api = TestApi::new();
    let wang = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let (owed, topped_up) = (arrears(&api, WANG_ACCOUNT), balance(&api, LI_PREPAID));
    let arrears_order = create_ok(&api, &wang, "k1", &order_body(WANG_ACCOUNT, owed, "unionpay")).await;
    let top_up = create_ok(&api, &li, "k1", &order_body(LI_PREPAID, 10_000, "wechat_native")).await;
    let orders = [arrears_order["order_no"].as_str().expect("no"), top_up["order_no"].as_str().expect("no")];

    api.clock.advance(14 * 60);
    let swept = settle::sweep(&api.state).await.expect("sweep");
    assert_eq!(swept, Swept { looked_at: 2, settled: 0 }, "both still have time");
    api.clock.advance(60);
    let swept = settle::sweep(&api.state).await.expect("sweep");
    assert_eq!(swept, Swept { looked_at: 2, settled: 2 });
    for order_no in orders {
        assert_eq!(stored_status(&api, order_no), "expired", "{order_no}");
    }
    // Closed at the provider too: its page takes no payment.
    let (status, _, page) = decide(&api, &prepay_id(&top_up), "paid").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("订单已过期"), "{page}");
    assert_eq!(settle::sweep(&api.state).await.expect("sweep"), Swept::default(), "nothing pending");
    assert_eq!((arrears(&api, WANG_ACCOUNT), balance(&api, LI_PREPAID)), (owed, topped_up), "nothing credited");
}

#[tokio::test]
async fn the_sweep_settles_an_order_paid_without_a_notification() {
    let api = TestApi::new();
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let before = balance(&api, LI_PREPAID);
    pause_notifications(&api, true).await;
    let paid = create_ok(&api, &li, "k1", &order_body(LI_PREPAID, 20_000, "wechat_native")).await;
    decide(&api, &prepay_id(&paid), "paid").await;
    let swept = settle::sweep(&api.state).await.expect("sweep");
    assert_eq!(swept, Swept { looked_at: 1, settled: 1 });
    let order_no = paid["order_no"].as_str().expect("order_no");
    assert_eq!(stored_status(&api, order_no), "paid");
    assert_eq!(balance(&api, LI_PREPAID), before + 20_000, "credited by the sweep");
}

#[tokio::test]
async fn a_restarted_server_resends_notifications_never_acknowledged() {
    let api = TestApi::new();
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    pause_notifications(&api, true).await;
    let order = create_ok(&api, &li, "k1", &order_body(LI_PREPAID, 10_000, "wechat_native")).await;
    let order_no = order["order_no"].as_str().expect("order_no");
    decide(&api, &prepay_id(&order), "paid").await;
    assert!(!delivered(&api, order_no).await, "held back");

    // The process stopped with the notification held; a new one starts on the same database.
    let restarted =
        AppState::new(api.state.db.clone(), api.clock.clone(), Settings { demo: true, ..Settings::default() });
    let running = refserver::spawn("127.0.0.1:0".parse().expect("address"), restarted).await.expect("server starts");
    eventually("the held notification is resent and acknowledged", || delivered(&api, order_no)).await;
    assert_eq!(stored_status(&api, order_no), "paid");
    running.stop().await;
}
