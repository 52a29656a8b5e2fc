//! A customer's accounts: binding with the holder's name, unbinding, and the outage
//! notices for an account's area.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use serde_json::{json, Value};

async fn bind(api: &TestApi, token: &str, account_no: &str, holder_name: &str) -> (StatusCode, Value) {
    let body = json!({ "account_no": account_no, "holder_name": holder_name });
    api.send(Method::POST, "/accounts/bindings", Some(body), Some(token)).await
}

fn account_numbers(me: &Value) -> Vec<Value> {
    me["accounts"].as_array().expect("list").iter().map(|a| a["account_no"].clone()).collect()
}

#[tokio::test]
async fn binding_with_the_holders_name_adds_the_account_masked() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, bound) = bind(&api, &token, ZHAO_UNBOUND, &format!(" {ZHAO_HOLDER} ")).await;
    assert_eq!(status, StatusCode::CREATED, "{bound}");
    assert_eq!(
        bound,
        json!({"account_no": ZHAO_UNBOUND, "kind": "postpaid", "holder_name_masked": "赵*华",
               "address_masked": "宿迁市沭阳县迎宾大道****", "area": "沭阳县"})
    );
    let (_, me) = api.get("/me", Some(&token)).await;
    assert_eq!(account_numbers(&me), [json!(ZHANG_HOME), json!(ZHANG_PARENTS), json!(ZHAO_UNBOUND)]);
    assert_eq!(me["accounts"][2], bound);
    assert_eq!(api.get(&format!("/accounts/{ZHAO_UNBOUND}/overview"), Some(&token)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_name_and_an_unknown_account_get_the_same_refusal() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let wrong_name = bind(&api, &token, ZHAO_UNBOUND, "赵丽").await;
    let unknown = bind(&api, &token, "3299999999", ZHAO_HOLDER).await;
    assert_eq!(wrong_name.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong_name.1["code"], "holder_mismatch");
    assert_eq!(wrong_name, unknown, "the answer does not tell which account numbers exist");
    let (_, me) = api.get("/me", Some(&token)).await;
    assert_eq!(account_numbers(&me).len(), 2);
}

#[tokio::test]
async fn invalid_binding_fields_are_all_reported() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, body) = bind(&api, &token, "32100", " ").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = body["fields"].as_array().expect("fields").iter().map(|f| f["field"].clone()).collect();
    assert_eq!(fields, [json!("account_no"), json!("holder_name")]);
    let (status, _) =
        api.post("/accounts/bindings", json!({"account_no": ZHAO_UNBOUND, "holder_name": ZHAO_HOLDER})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn binding_an_account_already_bound_is_a_conflict() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    assert_eq!(bind(&api, &token, ZHAO_UNBOUND, ZHAO_HOLDER).await.0, StatusCode::CREATED);
    let (status, body) = bind(&api, &token, ZHAO_UNBOUND, ZHAO_HOLDER).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::CONFLICT, json!("conflict")));
    assert_eq!(bind(&api, &token, ZHANG_HOME, "张伟明").await.0, StatusCode::CONFLICT);
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
