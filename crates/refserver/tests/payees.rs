//! Paying for someone else's account (代缴): the lookup answers only what paying needs,
//! answers unknown and closed accounts alike, and throttles the misses.

mod common;

use axum::http::{Method, StatusCode};
use common::pay::*;
use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn an_account_not_bound_to_the_payer_answers_only_what_paying_needs() {
    let api = TestApi::new();
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, payee) = api.get(&format!("/payees/{WANG_ACCOUNT}"), Some(&zhang)).await;
    assert_eq!(status, StatusCode::OK, "{payee}");
    // What is due is exactly what the holder sees as arrears.
    let wang = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let (_, overview) = api.get(&format!("/accounts/{WANG_ACCOUNT}/overview"), Some(&wang)).await;
    assert!(overview["arrears"].as_i64().is_some_and(|a| a > 0), "the seeded account is in arrears");
    let (_, me) = api.get("/me", Some(&wang)).await;
    let holder = me["accounts"][0]["holder_name_masked"].clone();
    // It is paid as the holder would pay it: the same amounts and channels.
    let (_, options) = api.get(&format!("/accounts/{WANG_ACCOUNT}/payment-options"), Some(&wang)).await;
    assert_eq!(
        payee,
        json!({ "account_no": WANG_ACCOUNT, "holder_name_masked": holder, "area": payee["area"],
                "kind": "postpaid", "amount_due": overview["arrears"], "options": options })
    );
    let keys: Vec<&String> = payee.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    assert_eq!(keys.len(), 6, "no address, usage or bills: {keys:?}");
    assert!(holder.as_str().is_some_and(|h| h.contains('*')), "the name is masked: {holder}");
    // A prepaid account is topped up: nothing is "due".
    let (_, prepaid) = api.get(&format!("/payees/{LI_PREPAID}"), Some(&zhang)).await;
    assert_eq!((prepaid["kind"].clone(), prepaid["amount_due"].clone()), (json!("prepaid"), json!(0)));
}

#[tokio::test]
async fn an_unknown_account_and_a_closed_one_answer_alike() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let unknown = api.get("/payees/3219999999", Some(&token)).await;
    let closed = api.get(&format!("/payees/{}", refserver::seed::CLOSED_ACCOUNT), Some(&token)).await;
    assert_eq!(unknown.0, StatusCode::NOT_FOUND);
    assert_eq!(unknown, closed, "nothing tells a closed account from a missing one");
    assert_eq!(api.get("/payees/32100", Some(&token)).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.get(&format!("/payees/{WANG_ACCOUNT}"), None).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn fifteen_unknown_numbers_meet_a_429_that_hides_even_a_right_one() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let mut statuses = Vec::new();
    for n in 0..15 {
        let (status, _, body) =
            api.send_keyed(Method::GET, &format!("/payees/32199999{n:02}"), None, Some(&token), None).await;
        statuses.push((status, body));
    }
    let misses = statuses.iter().take_while(|(s, _)| *s == StatusCode::NOT_FOUND).count();
    assert_eq!(misses, 10, "ten misses an hour: {:?}", statuses.iter().map(|(s, _)| *s).collect::<Vec<_>>());
    let (status, limited) = &statuses[10];
    assert_eq!(*status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited["code"], "rate_limited");
    assert!(limited["retry_after_s"].as_u64().is_some_and(|s| s > 3500), "about an hour: {limited}");
    // While throttled, a real account answers the same: the guesser learns nothing.
    let (status, headers, _) =
        api.send_keyed(Method::GET, &format!("/payees/{WANG_ACCOUNT}"), None, Some(&token), None).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(headers.get("retry-after").is_some(), "Retry-After is sent");
    // Another customer is not throttled by this one's misses.
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    assert_eq!(api.get(&format!("/payees/{WANG_ACCOUNT}"), Some(&li)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn paying_for_someone_elses_account_settles_their_arrears_and_stays_in_the_payers_history() {
    let api = TestApi::new();
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let owed = arrears(&api, WANG_ACCOUNT);
    assert!(owed > 0, "the seeded account is in arrears");
    let (_, payee) = api.get(&format!("/payees/{WANG_ACCOUNT}"), Some(&zhang)).await;
    let order = create_ok(&api, &zhang, "k-other", &order_body(WANG_ACCOUNT, owed, "alipay")).await;
    let order_no = order["order_no"].as_str().expect("order_no").to_owned();
    assert_eq!(order["payee_name_masked"], payee["holder_name_masked"], "the order names whose account it pays");
    // The payer's own open order is offered again on the next lookup; nobody else's would be.
    let (_, again) = api.get(&format!("/payees/{WANG_ACCOUNT}"), Some(&zhang)).await;
    assert_eq!(again["options"]["open_order"]["order_no"], json!(order_no));
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let (_, to_li) = api.get(&format!("/payees/{WANG_ACCOUNT}"), Some(&li)).await;
    assert_eq!(to_li["options"]["open_order"], Value::Null, "another payer's order stays theirs");

    let (status, _, _) = decide(&api, &prepay_id(&order), "paid").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, paid) = api.get(&format!("/payments/orders/{order_no}"), Some(&zhang)).await;
    assert_eq!((status, &paid["status"]), (StatusCode::OK, &json!("paid")), "{paid}");
    // The holder's arrears drop by exactly what was paid; their own history shows it too.
    assert_eq!(arrears(&api, WANG_ACCOUNT), owed - paid["amount"].as_i64().expect("amount"));
    assert_eq!(arrears(&api, WANG_ACCOUNT), 0);
    let wang = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let (_, theirs) = api.get(&format!("/accounts/{WANG_ACCOUNT}/payments"), Some(&wang)).await;
    assert_eq!(theirs[0]["order_no"], json!(order_no));
    // The payer's history of paying for others lists it, with the holder's masked name.
    let (status, mine) = api.get("/payments/for-others", Some(&zhang)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mine, json!([paid]));
    assert_eq!(mine[0]["payee_name_masked"], payee["holder_name_masked"]);
    // An own account's orders are not in that list; nobody else reads the order.
    let own = create_ok(&api, &zhang, "k-own", &order_body(ZHANG_HOME, arrears(&api, ZHANG_HOME), "alipay")).await;
    assert!(own.get("payee_name_masked").is_none(), "{own}");
    assert_eq!(api.get("/payments/for-others", Some(&zhang)).await.1.as_array().map(Vec::len), Some(1));
    assert_eq!(api.get("/payments/for-others", Some(&li)).await.1, json!([]));
    assert_eq!(api.get(&format!("/payments/orders/{order_no}"), Some(&li)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.get("/payments/for-others", None).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_top_up_for_someone_else_raises_their_balance() {
    let api = TestApi::new();
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let before = balance(&api, LI_PREPAID);
    let order = create_ok(&api, &zhang, "k1", &order_body(LI_PREPAID, 5000, "unionpay")).await;
    assert_eq!(order["purpose"], "top_up");
    decide(&api, &prepay_id(&order), "paid").await;
    let order_no = order["order_no"].as_str().expect("order_no");
    assert_eq!(api.get(&format!("/payments/orders/{order_no}"), Some(&zhang)).await.1["status"], "paid");
    assert_eq!(balance(&api, LI_PREPAID), before + 5000);
}

#[tokio::test]
async fn ordering_for_unknown_or_closed_accounts_counts_as_a_lookup_miss() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let closed = refserver::seed::CLOSED_ACCOUNT;
    let (status, _, refused) = create_as(&api, &token, Some("k-closed"), &order_body(closed, 100, "alipay")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{refused}");
    let (_, unknown) = api.get("/payees/3219999999", Some(&token)).await;
    assert_eq!(refused, unknown, "ordering tells a closed account from a missing one no more than a lookup");
    for n in 0..8 {
        let (status, _, _) =
            create_as(&api, &token, Some(&format!("k{n}")), &order_body(&format!("32188888{n:02}"), 100, "alipay"))
                .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    // Ten misses in all (one order, one lookup, eight orders): the eleventh attempt of either kind waits.
    let (status, _, limited) = create_as(&api, &token, Some("k-next"), &order_body(WANG_ACCOUNT, 100, "alipay")).await;
    assert_eq!((status, &limited["code"]), (StatusCode::TOO_MANY_REQUESTS, &json!("rate_limited")), "{limited}");
    assert_eq!(api.get(&format!("/payees/{WANG_ACCOUNT}"), Some(&token)).await.0, StatusCode::TOO_MANY_REQUESTS);
    // An own account is not a guess: paying it is never throttled.
    let own = create_ok(&api, &token, "k-own", &order_body(ZHANG_HOME, arrears(&api, ZHANG_HOME), "alipay")).await;
    assert_eq!(own["status"], "pending");
}
