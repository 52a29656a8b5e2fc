//! Signing in from WeChat: the simulated authorize page, the code exchange, and the
//! first SMS sign-in that links a WeChat user to a customer.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::*;
use refserver::Settings;
use serde_json::{json, Value};

async fn exchange(api: &TestApi, code: &str) -> (StatusCode, Value) {
    api.post("/auth/wechat", json!({ "code": code })).await
}

/// An SMS sign-in to 张伟明's home account that presents `ticket`.
async fn sign_in_with_ticket(api: &TestApi, ticket: &str) -> (StatusCode, Value) {
    let code = api.request_code(ZHANG_HOME, ZHANG_PHONE).await;
    api.post(
        "/auth/session",
        json!({"account_no": ZHANG_HOME, "phone": ZHANG_PHONE, "code": code, "wechat_ticket": ticket}),
    )
    .await
}

/// The ticket of a WeChat user who is not linked yet.
async fn ticket_for(api: &TestApi, cookie: Option<&str>) -> (String, String) {
    let (code, cookie) = api.wechat_code(cookie).await;
    let (status, answer) = exchange(api, &code).await;
    assert_eq!((status, answer["status"].clone()), (StatusCode::OK, json!("bind_required")), "{answer}");
    (answer["ticket"].as_str().expect("ticket").to_owned(), cookie)
}

#[tokio::test]
async fn a_wechat_user_binds_once_by_sms_and_is_signed_in_silently_afterwards() {
    let api = TestApi::new();
    let (code, cookie) = api.wechat_code(None).await;
    let (status, first) = exchange(&api, &code).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["status"], "bind_required");
    assert_eq!(first["expires_at"], "2026-11-30T10:15:00+08:00", "a ticket lasts 15 minutes");
    let ticket = first["ticket"].as_str().expect("ticket");

    let (status, session) = sign_in_with_ticket(&api, ticket).await;
    assert_eq!(status, StatusCode::CREATED, "{session}");

    let (code, _) = api.wechat_code(Some(&cookie)).await;
    let (status, second) = exchange(&api, &code).await;
    assert_eq!((status, second["status"].clone()), (StatusCode::OK, json!("signed_in")), "{second}");
    assert_eq!(second["session"]["idle_timeout_s"], 1800);
    let token = second["session"]["token"].as_str().expect("token");
    let (status, me) = api.get("/me", Some(token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["name_masked"], "张*明");

    let (code, _) = api.wechat_code(None).await;
    assert_eq!(exchange(&api, &code).await.1["status"], "bind_required", "another WeChat user is not linked");
}

#[tokio::test]
async fn a_wechat_code_works_once_and_only_for_five_minutes() {
    let api = TestApi::new();
    let (code, _) = api.wechat_code(None).await;
    assert_eq!(exchange(&api, &code).await.0, StatusCode::OK);
    let (status, body) = exchange(&api, &code).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("wechat_code_invalid")));

    let (code, _) = api.wechat_code(None).await;
    api.clock.advance(5 * 60);
    assert_eq!(exchange(&api, &code).await.1["code"], "wechat_code_invalid", "expired");
    assert_eq!(exchange(&api, "0123456789abcdef0123456789abcdef").await.1["code"], "wechat_code_invalid");
    let (status, body) = exchange(&api, " ").await;
    assert_eq!((status, body["fields"][0]["field"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("code")));
}

#[tokio::test]
async fn the_authorize_page_redirects_back_with_code_and_state_keeping_query_and_fragment() {
    let api = TestApi::new();
    let (status, headers, _) = api.wechat_authorize(PORTAL_PAGE, None).await;
    assert_eq!(status, StatusCode::FOUND);
    let location = headers[header::LOCATION].to_str().expect("text");
    let code = location
        .strip_prefix("http://127.0.0.1:8080/?from=menu&code=")
        .and_then(|rest| rest.strip_suffix("&state=s42#/home"))
        .unwrap_or_else(|| panic!("unexpected Location {location}"));
    assert_eq!(code.len(), 32);
    let cookie = headers[header::SET_COOKIE].to_str().expect("text");
    assert!(cookie.starts_with("sim_wechat_openid=o"), "{cookie}");
    for attribute in ["Path=/", "HttpOnly", "SameSite=Lax"] {
        assert!(cookie.split("; ").any(|a| a == attribute), "{cookie} lacks {attribute}");
    }
    let cookie = cookie.split(';').next().expect("name=value");
    let (_, headers, _) = api.wechat_authorize(PORTAL_PAGE, Some(cookie)).await;
    assert!(headers.get(header::SET_COOKIE).is_none(), "a known WeChat user keeps their cookie");
}

#[tokio::test]
async fn the_authorize_page_never_redirects_off_the_portal() {
    let api = TestApi::new();
    // The portal is at the public origin http://127.0.0.1:8080; `portal.test:8080` is only the
    // Host these requests claim.
    for foreign in [
        "http://evil.example/",
        "http://127.0.0.1:9090/",
        "https://127.0.0.1:8080/",
        "http://127.0.0.1:8080.evil.example/",
        "http://portal.test:8080/",
    ] {
        let (status, headers, body) = api.wechat_authorize(foreign, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{foreign}");
        assert_eq!(body["code"], "validation_failed");
        assert_eq!(body["fields"][0]["field"], "redirect_uri");
        assert!(headers.get(header::LOCATION).is_none());
    }
    let uri = "/api/v1/demo/wechat/authorize?appid=wx1&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2F\
               &response_type=code&scope=snsapi_userinfo&state=s";
    let request = Request::get(uri).header(header::HOST, HOST).body(Body::empty()).expect("request");
    let (status, _, body) = api.respond(request).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["fields"],
        json!([{"field": "scope", "code": "invalid_format", "message": "scope must be snsapi_base"}])
    );
}

/// The authorize page as reached with `Host: host`, asked to send the code to `redirect_uri`.
async fn authorize_with_host(api: &TestApi, host: &str, redirect_uri: &str) -> (StatusCode, Option<String>) {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("appid", "wx0123456789abcdef")
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("scope", "snsapi_base")
        .finish();
    let request = Request::get(format!("/api/v1/demo/wechat/authorize?{query}"))
        .header(header::HOST, host)
        .body(Body::empty())
        .expect("request");
    let (status, headers, _) = api.respond(request).await;
    (status, headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned))
}

#[tokio::test]
async fn a_forged_host_does_not_make_a_foreign_redirect_uri_acceptable() {
    let api = TestApi::new();
    for (host, redirect_uri) in [
        ("evil.example", "http://evil.example/"),
        ("evil.example:80", "http://evil.example/#/home"),
        ("127.0.0.1:9090", "http://127.0.0.1:9090/"),
    ] {
        let (status, location) = authorize_with_host(&api, host, redirect_uri).await;
        assert_eq!((status, location), (StatusCode::UNPROCESSABLE_ENTITY, None), "Host {host} → {redirect_uri}");
    }
    // Whatever the Host, the portal's own addresses are accepted: they come from the settings.
    let (status, location) = authorize_with_host(&api, "evil.example", PORTAL_PAGE).await;
    assert_eq!(status, StatusCode::FOUND);
    assert!(location.is_some_and(|l| l.starts_with("http://127.0.0.1:8080/?from=menu&code=")));

    let configured = TestApi::with_settings(Settings {
        demo: true,
        portal_origins: vec!["https://portal.example.cn".into()],
        ..Settings::default()
    });
    let (status, location) = authorize_with_host(&configured, HOST, "https://portal.example.cn/#/home").await;
    assert_eq!(status, StatusCode::FOUND, "a configured portal origin");
    assert!(location.is_some_and(|l| l.starts_with("https://portal.example.cn/?code=")));
}

#[tokio::test]
async fn a_stale_ticket_is_refused_without_spending_the_sms_code() {
    let api = TestApi::new();
    let (ticket, _) = ticket_for(&api, None).await;
    api.clock.advance(15 * 60);
    let code = api.request_code(ZHANG_HOME, ZHANG_PHONE).await;
    let request = json!({"account_no": ZHANG_HOME, "phone": ZHANG_PHONE, "code": code, "wechat_ticket": ticket});
    let (status, body) = api.post("/auth/session", request).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("wechat_code_invalid")));
    let (status, _) =
        api.post("/auth/session", json!({"account_no": ZHANG_HOME, "phone": ZHANG_PHONE, "code": code})).await;
    assert_eq!(status, StatusCode::CREATED, "the SMS code still works without the ticket");
}

#[tokio::test]
async fn a_ticket_links_only_once() {
    let api = TestApi::new();
    let (ticket, _) = ticket_for(&api, None).await;
    assert_eq!(sign_in_with_ticket(&api, &ticket).await.0, StatusCode::CREATED);
    api.clock.advance(61);
    let (status, body) = sign_in_with_ticket(&api, &ticket).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("wechat_code_invalid")));
}

#[tokio::test]
async fn a_customer_is_linked_to_one_wechat_user_the_latest() {
    let api = TestApi::new();
    let (old_ticket, old_cookie) = ticket_for(&api, None).await;
    assert_eq!(sign_in_with_ticket(&api, &old_ticket).await.0, StatusCode::CREATED);
    api.clock.advance(61);
    let (new_ticket, new_cookie) = ticket_for(&api, None).await;
    assert_eq!(sign_in_with_ticket(&api, &new_ticket).await.0, StatusCode::CREATED);

    let (code, _) = api.wechat_code(Some(&new_cookie)).await;
    assert_eq!(exchange(&api, &code).await.1["status"], "signed_in");
    let (code, _) = api.wechat_code(Some(&old_cookie)).await;
    assert_eq!(exchange(&api, &code).await.1["status"], "bind_required", "the older link was replaced");
}

#[tokio::test]
async fn a_customer_unlinks_their_wechat_and_it_no_longer_signs_them_in() {
    let api = TestApi::new();
    let (ticket, cookie) = ticket_for(&api, None).await;
    let (status, session) = sign_in_with_ticket(&api, &ticket).await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    let token = session["token"].as_str().expect("token").to_owned();
    assert_eq!(api.get("/auth/wechat", Some(&token)).await, (StatusCode::OK, json!({ "linked": true })));

    let (status, _) = api.send(Method::DELETE, "/auth/wechat", None, Some(&token)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.get("/auth/wechat", Some(&token)).await, (StatusCode::OK, json!({ "linked": false })));
    assert_eq!(api.get("/me", Some(&token)).await.0, StatusCode::OK, "the session stays signed in");
    let (code, _) = api.wechat_code(Some(&cookie)).await;
    assert_eq!(exchange(&api, &code).await.1["status"], "bind_required", "WeChat no longer signs them in");
    let (status, _) = api.send(Method::DELETE, "/auth/wechat", None, Some(&token)).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "unlinking twice is not an error");
    assert_eq!(api.send(Method::DELETE, "/auth/wechat", None, None).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_exchange_is_always_served_but_the_simulated_page_only_in_demo_mode() {
    let api = TestApi::with_settings(Settings::default());
    let (status, body) = exchange(&api, "0123456789abcdef0123456789abcdef").await;
    assert_eq!((status, body["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("wechat_code_invalid")));
    let (status, _, _) = api.wechat_authorize(PORTAL_PAGE, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
