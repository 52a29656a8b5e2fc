//! A customer's accounts: unbinding, and the outage notices for an account's area (binding,
//! with its proof, is tests/binding.rs).

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{json, Value};

fn account_numbers(me: &Value) -> Vec<Value> {
    me["accounts"].as_array().expect("list").iter().map(|a| a["account_no"].clone()).collect()
}

#[tokio::test]
async fn an_unbound_account_is_gone_from_the_customers_view_only() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let path = format!("/accounts/{ZHANG_PARENTS}/binding");
    let (status, body) = api.send(Method::DELETE, &path, None, Some(&token)).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    let (status, _) = api.get(&format!("/accounts/{ZHANG_PARENTS}/overview"), Some(&token)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, me) = api.get("/me", Some(&token)).await;
    assert_eq!(account_numbers(&me), [json!(ZHANG_HOME)]);
    assert_eq!(api.send(Method::DELETE, &path, None, Some(&token)).await.0, StatusCode::NOT_FOUND, "already unbound");

    let others = format!("/accounts/{LI_PREPAID}/binding");
    assert_eq!(api.send(Method::DELETE, &others, None, Some(&token)).await.0, StatusCode::NOT_FOUND);
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    assert_eq!(api.get(&format!("/accounts/{LI_PREPAID}/overview"), Some(&li)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn notices_cover_the_accounts_area_until_they_end() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, home) = api.get(&format!("/accounts/{ZHANG_HOME}/notices"), Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(home.as_array().map(Vec::len), Some(1), "{home}");
    assert_eq!(home[0]["area"], "宿城区");
    assert_eq!(home[0]["kind"], "planned");
    assert_eq!(home[0]["starts_at"], "2026-12-02T08:00:00+08:00");
    assert_eq!(home[0]["streets"][1], "西湖路");

    let parents = format!("/accounts/{ZHANG_PARENTS}/notices");
    let (_, under_way) = api.get(&parents, Some(&token)).await;
    assert_eq!(under_way[0]["kind"], "unplanned", "an outage under way is listed: {under_way}");
    assert_eq!(under_way[0]["starts_at"], "2026-11-30T00:00:00+08:00");
    api.clock.advance(14 * 3600);
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (_, late) = api.get(&parents, Some(&token)).await;
    assert_eq!(late[0]["kind"], "unplanned", "still under way at midnight: {late}");
    api.clock.advance(12 * 3600 + 1);
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    assert_eq!(api.get(&parents, Some(&token)).await.1, json!([]), "ended at noon the next day");
}

#[tokio::test]
async fn notices_are_scoped_to_the_customers_accounts_and_past_ones_are_left_out() {
    let api = TestApi::new();
    let zhang = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let path = format!("/accounts/{LI_PREPAID}/notices");
    let (status, body) = api.get(&path, Some(&zhang)).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::NOT_FOUND, json!("not_found")));
    assert_eq!(api.get(&path, None).await.0, StatusCode::UNAUTHORIZED);
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let (status, body) = api.get(&path, Some(&li)).await;
    assert_eq!((status, body), (StatusCode::OK, json!([])), "宿豫区's only outage ended five days ago");
}

#[tokio::test]
async fn every_account_path_checks_the_session_the_number_and_the_binding_in_that_order() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    for tail in
        ["overview", "notices", "bills", "usage/monthly", "usage/daily", "tariff", "payment-options", "payments"]
    {
        let (status, _) = api.get(&format!("/accounts/12x/{tail}"), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{tail}: no session first");
        let (status, body) = api.get(&format!("/accounts/12x/{tail}"), Some(&token)).await;
        assert_eq!(
            (status, &body["fields"][0]["field"]),
            (StatusCode::UNPROCESSABLE_ENTITY, &json!("account_no")),
            "{tail}"
        );
        let others = api.get(&format!("/accounts/{LI_PREPAID}/{tail}"), Some(&token)).await;
        let missing = api.get(&format!("/accounts/3299999999/{tail}"), Some(&token)).await;
        assert_eq!(others.0, StatusCode::NOT_FOUND, "{tail}");
        assert_eq!(others, missing, "{tail}: another's account answers like a missing one");
        assert_eq!(api.get(&format!("/accounts/{ZHANG_HOME}/{tail}"), Some(&token)).await.0, StatusCode::OK, "{tail}");
    }
}
