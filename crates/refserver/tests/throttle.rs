//! Every guessable endpoint of sign-in throttles with 429 and `Retry-After`: wrong SMS codes per
//! phone, phones that are not the account's per client address, unknown WeChat codes per
//! client address. Once throttled, even a right guess is refused before it is looked at.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use serde_json::{json, Value};

/// A POST without a session; the answer's `Retry-After` header and body.
async fn post(api: &TestApi, path: &str, body: Value) -> (StatusCode, Option<String>, Value) {
    let request = Request::post(format!("/api/v1{path}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    let (status, headers, body) = api.respond(request).await;
    let retry_after = headers.get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    (status, retry_after, body)
}

fn session(code: &str) -> Value {
    json!({"account_no": ZHANG_HOME, "phone": ZHANG_PHONE, "code": code})
}

#[tokio::test]
async fn ten_wrong_sign_in_codes_for_a_phone_then_429_even_for_the_right_code() {
    let api = TestApi::new();
    let mut codes: Vec<String> = Vec::new();
    for guess in 0..10 {
        // Five wrong guesses spend a code; the next code is asked for after the cooldown.
        if guess % 5 == 0 {
            api.clock.advance(61);
            codes.push(api.request_code(ZHANG_HOME, ZHANG_PHONE).await);
        }
        let wrong = if codes.last().map(String::as_str) == Some("000000") { "111111" } else { "000000" };
        let (status, retry_after, body) = post(&api, "/auth/session", session(wrong)).await;
        assert_eq!(
            (status, retry_after, &body["code"]),
            (StatusCode::UNPROCESSABLE_ENTITY, None, &json!("code_invalid"))
        );
    }
    api.clock.advance(61);
    let right = api.request_code(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, retry_after, body) = post(&api, "/auth/session", session(&right)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    // The first wrong guess was 61 s into the test; now is 3 × 61 s in.
    assert_eq!(retry_after.as_deref(), Some("3478"));
    assert_eq!(body["retry_after_s"], 3478);
    // Another phone on the same network is not held back by this phone's guesses.
    assert!(!api.sign_in(LI_PREPAID, LI_PHONE).await.is_empty());
    // An hour after the first wrong guess the right code works again.
    api.clock.advance(3478);
    let right = api.request_code(ZHANG_HOME, ZHANG_PHONE).await;
    assert_eq!(post(&api, "/auth/session", session(&right)).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn guessing_an_accounts_phone_is_throttled_per_client_address() {
    let api = TestApi::new();
    for n in 0..30 {
        let phone = format!("1390000{n:04}");
        let (status, _, body) = post(&api, "/auth/sms-code", json!({"account_no": ZHANG_HOME, "phone": phone})).await;
        assert_eq!((status, &body["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("account_phone_mismatch")));
    }
    let (status, retry_after, body) =
        post(&api, "/auth/sms-code", json!({"account_no": ZHANG_HOME, "phone": ZHANG_PHONE})).await;
    assert_eq!((status, retry_after.as_deref()), (StatusCode::TOO_MANY_REQUESTS, Some("3600")), "{body}");
}

#[tokio::test]
async fn unknown_wechat_codes_are_throttled_per_client_address() {
    let api = TestApi::new();
    for n in 0..30 {
        let (status, _, body) = post(&api, "/auth/wechat", json!({"code": format!("guess{n}")})).await;
        assert_eq!((status, &body["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("wechat_code_invalid")));
    }
    let (code, _) = api.wechat_code(None).await;
    let (status, retry_after, body) = post(&api, "/auth/wechat", json!({"code": code})).await;
    assert_eq!((status, retry_after.as_deref()), (StatusCode::TOO_MANY_REQUESTS, Some("3600")), "{body}");
}

#[tokio::test]
async fn a_stale_wechat_ticket_counts_as_a_wrong_sign_in_guess() {
    let api = TestApi::new();
    for _ in 0..10 {
        let mut body = session("123456");
        body["wechat_ticket"] = json!("not-a-ticket");
        let (status, _, answer) = post(&api, "/auth/session", body).await;
        assert_eq!((status, &answer["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("wechat_code_invalid")));
    }
    let (status, _, _) = post(&api, "/auth/session", session("123456")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}
