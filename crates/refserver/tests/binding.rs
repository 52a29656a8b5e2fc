//! Binding another account needs proof: the holder's name, then the code sent to the phone
//! registered for the account. A failed proof says nothing about the account; guesses meet 429.

mod common;

use axum::http::{HeaderMap, Method, StatusCode};
use common::*;
use serde_json::{json, Value};

/// 赵丽华's registered phone: where the binding code for [`ZHAO_UNBOUND`] goes.
const ZHAO_PHONE: &str = "13800000005";

async fn send_code(api: &TestApi, token: &str, account_no: &str, holder_name: &str) -> (StatusCode, Value) {
    let body = json!({ "account_no": account_no, "holder_name": holder_name });
    api.send(Method::POST, "/accounts/bindings/sms-code", Some(body), Some(token)).await
}

async fn bind(api: &TestApi, token: &str, body: Value) -> (StatusCode, HeaderMap, Value) {
    api.send_keyed(Method::POST, "/accounts/bindings", Some(body), Some(token), Some(&fresh_key())).await
}

fn zhao(code: &str) -> Value {
    json!({ "account_no": ZHAO_UNBOUND, "holder_name": ZHAO_HOLDER, "code": code })
}

async fn inbox(api: &TestApi, phone: &str) -> String {
    let (status, sms) = api.get(&format!("/demo/sms?phone={phone}"), None).await;
    assert_eq!(status, StatusCode::OK, "{sms}");
    sms["code"].as_str().expect("code").to_owned()
}

async fn accounts(api: &TestApi, token: &str) -> Vec<Value> {
    let (_, me) = api.get("/me", Some(token)).await;
    me["accounts"].as_array().expect("list").iter().map(|a| a["account_no"].clone()).collect()
}

/// A code that is not the one sent.
fn other_than(code: &str) -> String {
    if code == "000000" { "111111" } else { "000000" }.to_owned()
}

#[tokio::test]
async fn the_right_holder_name_without_the_sms_proof_does_not_bind() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    // The contract's old request: account number and the right holder name, nothing else.
    let (status, _, body) = bind(&api, &token, json!({ "account_no": ZHAO_UNBOUND, "holder_name": ZHAO_HOLDER })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!((&body["fields"][0]["field"], &body["fields"][0]["code"]), (&json!("code"), &json!("required")));
    // A made-up code, no code ever sent: nothing to prove against.
    let (status, _, body) = bind(&api, &token, zhao("123456")).await;
    assert_eq!((status, &body["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("code_expired")));
    assert_eq!(accounts(&api, &token).await, [json!(ZHANG_HOME), json!(ZHANG_PARENTS)]);
    let overview = format!("/accounts/{ZHAO_UNBOUND}/overview");
    assert_eq!(api.get(&overview, Some(&token)).await.0, StatusCode::NOT_FOUND, "3210000006 is not bound");
}

#[tokio::test]
async fn the_code_sent_to_the_registered_phone_binds_the_account_masked() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, sent) = send_code(&api, &token, ZHAO_UNBOUND, &format!(" {ZHAO_HOLDER} ")).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    assert_eq!(sent, json!({ "phone_masked": "138****0005", "resend_after_s": 60, "expires_in_s": 300 }));
    assert_eq!(accounts(&api, &token).await.len(), 2, "a code sent binds nothing yet");
    let code = inbox(&api, ZHAO_PHONE).await;
    let (status, _, refused) = bind(&api, &token, zhao(&other_than(&code))).await;
    assert_eq!((status, &refused["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("code_invalid")));
    let (status, _, bound) = bind(&api, &token, zhao(&code)).await;
    assert_eq!(status, StatusCode::CREATED, "{bound}");
    assert_eq!(
        bound,
        json!({"account_no": ZHAO_UNBOUND, "kind": "postpaid", "holder_name_masked": "赵*华",
               "address_masked": "宿迁市沭阳县迎宾大道****", "area": "沭阳县"})
    );
    assert_eq!(accounts(&api, &token).await, [json!(ZHANG_HOME), json!(ZHANG_PARENTS), json!(ZHAO_UNBOUND)]);
    assert_eq!(api.get(&format!("/accounts/{ZHAO_UNBOUND}/overview"), Some(&token)).await.0, StatusCode::OK);
    // The code is spent.
    let (status, _, again) = bind(&api, &token, zhao(&code)).await;
    assert_eq!((status, &again["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("code_expired")));
}

#[tokio::test]
async fn fifteen_wrong_guesses_meet_a_429_with_retry_after() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    assert_eq!(send_code(&api, &token, ZHAO_UNBOUND, ZHAO_HOLDER).await.0, StatusCode::ACCEPTED);
    let code = inbox(&api, ZHAO_PHONE).await;
    let wrong = other_than(&code);
    let mut answers = Vec::new();
    let mut first_429 = None;
    for guess in 1..=15 {
        let (status, headers, body) = bind(&api, &token, zhao(&wrong)).await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            first_429.get_or_insert(guess);
            let retry_after = headers.get("retry-after").and_then(|v| v.to_str().ok()).expect("Retry-After");
            assert_eq!(retry_after, "3600", "the first wrong guess leaves the hour's window in an hour");
            assert_eq!(body["retry_after_s"], 3600);
        }
        answers.push(format!("{guess}: {} {}", status.as_u16(), body["code"].as_str().unwrap_or_default()));
    }
    eprintln!("binding guesses: {answers:?}");
    // Five wrong codes spend the code; the 11th wrong guess within the hour is throttled.
    assert!(answers[..5].iter().all(|a| a.ends_with("422 code_invalid")), "{answers:?}");
    assert!(answers[5..10].iter().all(|a| a.ends_with("422 code_expired")), "{answers:?}");
    assert_eq!(first_429, Some(11), "{answers:?}");
    assert!(answers[10..].iter().all(|a| a.ends_with("429 rate_limited")), "{answers:?}");
    // While throttled even a right code and a fresh send are refused, before they are looked at.
    api.clock.advance(61);
    assert_eq!(send_code(&api, &token, ZHAO_UNBOUND, ZHAO_HOLDER).await.0, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(accounts(&api, &token).await.len(), 2);
    // An hour after the first wrong guess the customer can try again.
    api.clock.advance(3600);
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    assert_eq!(send_code(&api, &token, ZHAO_UNBOUND, ZHAO_HOLDER).await.0, StatusCode::ACCEPTED);
    let code = inbox(&api, ZHAO_PHONE).await;
    assert_eq!(bind(&api, &token, zhao(&code)).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn a_wrong_name_and_an_unknown_account_get_the_same_refusal_and_count_as_guesses() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let wrong_name = send_code(&api, &token, ZHAO_UNBOUND, "赵丽").await;
    let unknown = send_code(&api, &token, "3299999999", ZHAO_HOLDER).await;
    assert_eq!((wrong_name.0, &wrong_name.1["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("holder_mismatch")));
    assert_eq!(wrong_name, unknown, "the answer does not tell which account numbers exist");
    assert!(wrong_name.1.get("phone_masked").is_none(), "nor their phones");
    let (_, _, wrong_name) =
        bind(&api, &token, json!({"account_no": ZHAO_UNBOUND, "holder_name": "赵", "code": "123456"})).await;
    let (_, _, unknown) =
        bind(&api, &token, json!({"account_no": "3299999999", "holder_name": "赵", "code": "123456"})).await;
    assert_eq!(wrong_name, unknown);
    assert_eq!(api.get(&format!("/demo/sms?phone={ZHAO_PHONE}"), None).await.0, StatusCode::NOT_FOUND, "no code sent");
    // Four wrong guesses so far; six more names and the next attempt is throttled.
    for _ in 0..6 {
        assert_eq!(send_code(&api, &token, ZHAO_UNBOUND, "钱").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (status, body) = send_code(&api, &token, ZHAO_UNBOUND, ZHAO_HOLDER).await;
    assert_eq!((status, &body["code"]), (StatusCode::TOO_MANY_REQUESTS, &json!("rate_limited")));
    // Another customer on the same network is not held back by these ten.
    let li = api.sign_in(LI_PREPAID, LI_PHONE).await;
    assert_eq!(send_code(&api, &li, ZHAO_UNBOUND, ZHAO_HOLDER).await.0, StatusCode::ACCEPTED);
}

#[tokio::test]
async fn binding_codes_have_the_sign_in_limits_and_a_cap_per_session() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    assert_eq!(send_code(&api, &token, ZHAO_UNBOUND, ZHAO_HOLDER).await.0, StatusCode::ACCEPTED);
    // Cooldown: one code per phone per minute.
    api.clock.advance(20);
    let (status, body) = send_code(&api, &token, ZHAO_UNBOUND, ZHAO_HOLDER).await;
    assert_eq!((status, &body["retry_after_s"]), (StatusCode::TOO_MANY_REQUESTS, &json!(40)));
    // Five codes per customer an hour, whatever the accounts (王建国's is another phone).
    for account in [ZHAO_UNBOUND, ZHAO_UNBOUND, WANG_ACCOUNT, WANG_ACCOUNT] {
        api.clock.advance(61);
        let holder = if account == ZHAO_UNBOUND { ZHAO_HOLDER } else { "王建国" };
        let (status, body) = send_code(&api, &token, account, holder).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{account}: {body}");
    }
    api.clock.advance(61);
    let (status, body) = send_code(&api, &token, WANG_ACCOUNT, "王建国").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["message"], "too many binding codes requested in this session");
    assert_eq!(body["retry_after_s"], 3600 - 20 - 5 * 61);
}

#[tokio::test]
async fn a_binding_code_never_signs_in_and_a_sign_in_code_never_binds() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    assert_eq!(send_code(&api, &token, ZHAO_UNBOUND, ZHAO_HOLDER).await.0, StatusCode::ACCEPTED);
    let binding_code = inbox(&api, ZHAO_PHONE).await;
    let sign_in = json!({"account_no": ZHAO_UNBOUND, "phone": ZHAO_PHONE, "code": binding_code});
    let (status, body) = api.post("/auth/session", sign_in).await;
    assert_eq!((status, &body["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("code_expired")));
    // The binding code still works for binding: the failed sign-in did not spend it.
    api.clock.advance(61);
    let sign_in_code = api.request_code(ZHAO_UNBOUND, ZHAO_PHONE).await;
    assert_eq!(inbox(&api, ZHAO_PHONE).await, sign_in_code);
    let (status, _, body) = bind(&api, &token, zhao(&sign_in_code)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(bind(&api, &token, zhao(&binding_code)).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn an_account_already_bound_is_a_conflict_before_any_code_is_sent() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, body) = send_code(&api, &token, ZHANG_PARENTS, "张德顺").await;
    assert_eq!((status, &body["code"]), (StatusCode::CONFLICT, &json!("already_bound")));
    assert_eq!(api.get(&format!("/demo/sms?phone={ZHANG_PHONE}"), None).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invalid_fields_are_all_reported_and_a_session_is_needed() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, _, body) = bind(&api, &token, json!({"account_no": "32100", "holder_name": " ", "code": "12"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = body["fields"].as_array().expect("fields").iter().map(|f| f["field"].clone()).collect();
    assert_eq!(fields, [json!("account_no"), json!("holder_name"), json!("code")]);
    let (status, _) = send_code(&api, &token, "32100", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        api.post("/accounts/bindings/sms-code", json!({"account_no": ZHAO_UNBOUND, "holder_name": ZHAO_HOLDER}))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(api.post("/accounts/bindings", zhao("123456")).await.0, StatusCode::UNAUTHORIZED);
    // Binding is a change like booking: the key is required.
    let (status, _, body) =
        api.send_keyed(Method::POST, "/accounts/bindings", Some(zhao("123456")), Some(&token), None).await;
    assert_eq!((status, &body["fields"][0]["field"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("Idempotency-Key")));
}

#[tokio::test]
async fn the_same_binding_press_sent_twice_binds_once_and_answers_the_same() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    assert_eq!(send_code(&api, &token, ZHAO_UNBOUND, ZHAO_HOLDER).await.0, StatusCode::ACCEPTED);
    let code = inbox(&api, ZHAO_PHONE).await;
    let path = "/accounts/bindings";
    let first = api.send_keyed(Method::POST, path, Some(zhao(&code)), Some(&token), Some("bind-1")).await;
    let again = api.send_keyed(Method::POST, path, Some(zhao(&code)), Some(&token), Some("bind-1")).await;
    assert_eq!((first.0, again.0), (StatusCode::CREATED, StatusCode::CREATED), "{}", again.2);
    assert_eq!(first.2, again.2);
    assert_eq!(again.1.get("idempotent-replayed").map(|v| v.as_bytes()), Some(&b"true"[..]));
    assert_eq!(accounts(&api, &token).await.len(), 3);
    let other = api.send_keyed(Method::POST, path, Some(zhao("000001")), Some(&token), Some("bind-1")).await;
    assert_eq!((other.0, &other.2["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("idempotency_key_reused")));
}
