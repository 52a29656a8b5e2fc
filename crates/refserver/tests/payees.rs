//! Paying for someone else's account (代缴): the lookup answers only what paying needs,
//! answers unknown and closed accounts alike, and throttles the misses.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::json;

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
    assert_eq!(
        payee,
        json!({ "account_no": WANG_ACCOUNT, "holder_name_masked": holder, "area": payee["area"],
                "kind": "postpaid", "amount_due": overview["arrears"] })
    );
    let keys: Vec<&String> = payee.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    assert_eq!(keys.len(), 5, "no address, usage or bills: {keys:?}");
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
