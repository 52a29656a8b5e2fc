//! The API as a client sees it: sign-in, sessions, scoping, and errors.

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use refserver::Settings;
use serde_json::json;

#[tokio::test]
async fn health_answers_with_the_server_clock() {
    let api = TestApi::new();
    let (status, body) = api.get("/health", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["now"], "2026-11-30T10:00:00+08:00");
    assert_eq!(body["demo"], true);
}

/// On a database file the GETs read through the read-only connections: each answers, and each
/// sees what a change before it committed.
#[tokio::test]
async fn on_a_file_reads_answer_from_the_read_connections_and_see_each_change_at_once() {
    let api = TestApi::on_file();
    assert!(api.state.db.readers() >= 2);
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    for path in [
        "/health".to_owned(),
        "/me".to_owned(),
        "/halls".to_owned(),
        "/services".to_owned(),
        format!("/accounts/{ZHANG_HOME}/overview"),
        format!("/accounts/{ZHANG_HOME}/notices"),
        format!("/accounts/{ZHANG_HOME}/bills"),
        format!("/accounts/{ZHANG_HOME}/usage/monthly"),
        format!("/accounts/{ZHANG_HOME}/usage/daily"),
        format!("/accounts/{ZHANG_HOME}/tariff"),
        format!("/accounts/{ZHANG_HOME}/payment-options"),
        format!("/accounts/{ZHANG_HOME}/payments"),
        "/halls/1/dates?service=billing_help".to_owned(),
        "/appointments".to_owned(),
        "/ratings".to_owned(),
        "/ratings/pending".to_owned(),
        "/ratings/reasons?kind=visit".to_owned(),
        "/auth/session".to_owned(),
        "/auth/wechat".to_owned(),
    ] {
        let (status, body) = api.get(&path, Some(&token)).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
    }
    let booking = json!({"account_no": ZHANG_HOME, "hall_id": 1, "service": "billing_help",
                         "starts_at": "2026-11-30T14:00:00+08:00", "contact_name": "张伟明",
                         "contact_phone": ZHANG_PHONE});
    let (status, booked) = api.send(Method::POST, "/appointments", Some(booking), Some(&token)).await;
    assert_eq!(status, StatusCode::CREATED, "{booked}");
    let (_, mine) = api.get("/appointments", Some(&token)).await;
    assert_eq!(mine[0]["id"], booked["id"], "the booking is read back at once");
    let (_, slots) = api.get("/halls/1/slots?service=billing_help&date=2026-11-30", None).await;
    let slot = slots["slots"].as_array().expect("slots").iter().find(|s| s["starts_at"] == booked["starts_at"]);
    assert_eq!(slot.map(|s| s["remaining"].clone()), Some(json!(3)), "its seat is taken: {slots}");
    let (status, _) = api.send(Method::DELETE, "/auth/session", None, Some(&token)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.get("/me", Some(&token)).await.0, StatusCode::UNAUTHORIZED, "a revoked session ends at once");
}

#[tokio::test]
async fn malformed_json_gets_a_400_error_body() {
    let api = TestApi::new();
    let response = api.app().oneshot_raw("/api/v1/auth/sms-code", "application/json", "{\"account_no\": 3210").await;
    assert_eq!(response.0, StatusCode::BAD_REQUEST);
    assert_eq!(response.1["code"], "malformed_request");
    let (status, body) = api.post("/auth/sms-code", json!({"phone": "13800000001"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a missing field is a shape error");
    assert_eq!(body["code"], "malformed_request");
}

#[tokio::test]
async fn invalid_fields_are_all_reported_with_codes() {
    let api = TestApi::new();
    let (status, body) = api.post("/auth/sms-code", json!({"account_no": "12", "phone": ""})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "validation_failed");
    assert_eq!(body["fields"][0]["field"], "account_no");
    assert_eq!(body["fields"][0]["code"], "invalid_format");
    assert_eq!(body["fields"][1]["field"], "phone");
    assert_eq!(body["fields"][1]["code"], "required");
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let api = TestApi::new();
    let (status, body) = api.get("/no/such/thing", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "not_found");
    let (status, body) = api.send(Method::PUT, "/health", None, None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body["code"], "method_not_allowed");
}

#[tokio::test]
async fn signing_in_lists_the_customers_bound_accounts_masked() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, me) = api.get("/me", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["name_masked"], "张*明");
    assert_eq!(me["phone_masked"], "138****0001");
    let accounts: Vec<_> = me["accounts"].as_array().expect("list").iter().map(|a| a["account_no"].clone()).collect();
    assert_eq!(accounts, [json!(ZHANG_HOME), json!(ZHANG_PARENTS)]);
    assert_eq!(me["accounts"][1]["holder_name_masked"], "张*顺");
    assert!(me["accounts"][0]["address_masked"].as_str().expect("text").ends_with("****"));
}

#[tokio::test]
async fn another_customers_account_is_not_found_exactly_like_a_missing_one() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let others = api.get(&format!("/accounts/{LI_PREPAID}/overview"), Some(&token)).await;
    let missing = api.get("/accounts/3299999999/overview", Some(&token)).await;
    assert_eq!(others.0, StatusCode::NOT_FOUND);
    assert_eq!(others, missing);
    let (status, own) = api.get(&format!("/accounts/{ZHANG_HOME}/overview"), Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(own["account_no"], ZHANG_HOME);
}

#[tokio::test]
async fn overview_without_a_session_is_401_and_a_bad_account_number_is_422() {
    let api = TestApi::new();
    let (status, body) = api.get(&format!("/accounts/{ZHANG_HOME}/overview"), None).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::UNAUTHORIZED, json!("unauthenticated")));
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, body) = api.get("/accounts/12ab/overview", Some(&token)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["fields"][0]["field"], "account_no");
}

#[tokio::test]
async fn postpaid_arrears_are_the_unpaid_bills_and_prepaid_has_days_left() {
    let api = TestApi::new();
    let token = api.sign_in(WANG_ACCOUNT, WANG_PHONE).await;
    let (_, overview) = api.get(&format!("/accounts/{WANG_ACCOUNT}/overview"), Some(&token)).await;
    assert_eq!(overview["kind"], "postpaid");
    assert!(overview["arrears"].as_i64().expect("fen") > 0);
    // Two bills unpaid: September's was due at the end of October.
    assert_eq!(overview["due_date"], "2026-10-31");
    assert_eq!(overview["last_bill"]["month"], "2026-10");
    assert_eq!(overview["last_bill"]["status"], "unpaid");
    let arrears = overview["arrears"].as_i64().expect("fen");
    assert!(arrears > overview["last_bill"]["total"].as_i64().expect("fen"), "two bills make the arrears");

    let token = api.sign_in(LI_PREPAID, LI_PHONE).await;
    let (_, prepaid) = api.get(&format!("/accounts/{LI_PREPAID}/overview"), Some(&token)).await;
    assert_eq!(prepaid["kind"], "prepaid");
    assert_eq!(prepaid["balance"], 8640);
    assert_eq!(prepaid["arrears"], 0);
    let days = prepaid["days_left_estimate"].as_u64().expect("estimate");
    assert!((5..60).contains(&days), "86.40 元 at a few 元 a day lasts weeks, got {days}");
}

#[tokio::test]
async fn bad_sign_in_inputs_each_get_their_own_code() {
    let api = TestApi::new();
    let (status, body) = api.post("/auth/sms-code", json!({"account_no": ZHANG_HOME, "phone": LI_PHONE})).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("account_phone_mismatch")));

    let code = api.request_code(ZHANG_HOME, ZHANG_PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) =
        api.post("/auth/session", json!({"account_no": ZHANG_HOME, "phone": ZHANG_PHONE, "code": wrong})).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("code_invalid")));

    api.clock.advance(5 * 60 + 1);
    let (status, body) =
        api.post("/auth/session", json!({"account_no": ZHANG_HOME, "phone": ZHANG_PHONE, "code": code})).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("code_expired")));
}

#[tokio::test]
async fn a_code_is_spent_after_five_wrong_guesses() {
    let api = TestApi::new();
    let code = api.request_code(ZHANG_HOME, ZHANG_PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let (_, body) =
            api.post("/auth/session", json!({"account_no": ZHANG_HOME, "phone": ZHANG_PHONE, "code": wrong})).await;
        assert_eq!(body["code"], "code_invalid");
    }
    let (_, body) =
        api.post("/auth/session", json!({"account_no": ZHANG_HOME, "phone": ZHANG_PHONE, "code": code})).await;
    assert_eq!(body["code"], "code_expired", "the right code no longer works after five wrong ones");
}

#[tokio::test]
async fn resends_wait_for_the_cooldown_and_the_hourly_limit() {
    let api = TestApi::new();
    let request = json!({"account_no": ZHANG_HOME, "phone": ZHANG_PHONE});
    let (status, sent) = api.post("/auth/sms-code", request.clone()).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(sent["resend_after_s"], 60);
    api.clock.advance(20);
    let (status, body) = api.post("/auth/sms-code", request.clone()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!((body["code"].clone(), body["retry_after_s"].clone()), (json!("rate_limited"), json!(40)));
    for _ in 0..4 {
        api.clock.advance(61);
        assert_eq!(api.post("/auth/sms-code", request.clone()).await.0, StatusCode::ACCEPTED);
    }
    api.clock.advance(61);
    let (status, body) = api.post("/auth/sms-code", request.clone()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the sixth send within the hour is refused");
    let wait = body["retry_after_s"].as_u64().expect("seconds");
    assert!(wait > 60 && wait <= 3600, "wait {wait}");
    api.clock.advance(wait as i64);
    assert_eq!(api.post("/auth/sms-code", request).await.0, StatusCode::ACCEPTED);
}

#[tokio::test]
async fn signing_out_revokes_the_session_on_the_server() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, _) = api.send(Method::DELETE, "/auth/session", None, Some(&token)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.get("/me", Some(&token)).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn idle_sessions_expire_and_used_ones_slide() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    api.clock.advance(25 * 60);
    assert_eq!(api.get("/me", Some(&token)).await.0, StatusCode::OK);
    api.clock.advance(25 * 60);
    assert_eq!(api.get("/me", Some(&token)).await.0, StatusCode::OK, "use moved the expiry");
    api.clock.advance(30 * 60);
    assert_eq!(api.get("/me", Some(&token)).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn session_info_reports_an_expiry_that_moves_with_the_clock() {
    let api = TestApi::new();
    let token = api.sign_in(ZHANG_HOME, ZHANG_PHONE).await;
    let (status, info) = api.get("/auth/session", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(info, json!({"expires_at": "2026-11-30T10:30:00+08:00", "idle_timeout_s": 1800}));
    api.clock.advance(10 * 60);
    let (_, info) = api.get("/auth/session", Some(&token)).await;
    assert_eq!(info["expires_at"], "2026-11-30T10:40:00+08:00", "asking slides the idle expiry");
    api.clock.advance(30 * 60);
    assert_eq!(api.get("/auth/session", Some(&token)).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn first_sign_in_with_an_unbound_account_creates_the_customer() {
    let api = TestApi::new();
    let token = api.sign_in("3210000005", "13800000004").await;
    let (_, me) = api.get("/me", Some(&token)).await;
    assert_eq!(me["name_masked"], "陈*");
    assert_eq!(me["accounts"].as_array().map(Vec::len), Some(1));
    let (status, overview) = api.get("/accounts/3210000005/overview", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(overview["last_bill"], serde_json::Value::Null, "a new account has no bills yet");
}

#[tokio::test]
async fn demo_endpoints_do_not_exist_outside_demo_mode() {
    let api = TestApi::with_settings(Settings::default());
    let (status, body) = api.get("/demo/sms?phone=13800000001", None).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::NOT_FOUND, json!("not_found")));
    assert_eq!(api.get("/health", None).await.1["demo"], false);
}

#[tokio::test]
async fn injected_faults_hit_the_chosen_path_the_chosen_number_of_times() {
    let api = TestApi::new();
    let rules = json!([{"path_prefix": "/health", "status": 503, "times": 1}]);
    let (status, _) = api.send(Method::PUT, "/demo/faults", Some(rules), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = api.get("/health", None).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::SERVICE_UNAVAILABLE, json!("unavailable")));
    assert_eq!(api.get("/health", None).await.0, StatusCode::OK);
}

/// A raw body with a content type, for inputs `serde_json::Value` cannot express.
trait RawPost {
    async fn oneshot_raw(self, uri: &str, content_type: &str, body: &str) -> (StatusCode, serde_json::Value);
}

impl RawPost for axum::Router {
    async fn oneshot_raw(self, uri: &str, content_type: &str, body: &str) -> (StatusCode, serde_json::Value) {
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        let request = axum::http::Request::post(uri)
            .header("content-type", content_type)
            .body(axum::body::Body::from(body.to_owned()))
            .expect("request");
        let response = self.oneshot(request).await.expect("infallible");
        let status = response.status();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        (status, serde_json::from_slice(&bytes).expect("JSON"))
    }
}
