//! Test harness: a fresh seeded database per test, a fixed clock, and requests
//! sent through `app().oneshot()`.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use contract::{Date, Timestamp};
use http_body_util::BodyExt;
use refserver::{seed, AppState, Clock, Db, Settings};
use serde_json::{json, Value};
use tower::ServiceExt;

pub mod pay;

pub const ZHANG_PHONE: &str = "13800000001";
pub const ZHANG_HOME: &str = "3210000001";
pub const ZHANG_PARENTS: &str = "3210000002";
pub const LI_PHONE: &str = "13800000002";
pub const LI_PREPAID: &str = "3210000003";
pub const WANG_PHONE: &str = "13800000003";
pub const WANG_ACCOUNT: &str = "3210000004";
/// Not bound and without history: signing in with it is a new customer's first use.
pub const CHEN_NEW: &str = "3210000005";
pub const CHEN_PHONE: &str = "13800000004";
/// Bound to nobody; its holder is 赵丽华.
pub const ZHAO_UNBOUND: &str = "3210000006";
pub const ZHAO_HOLDER: &str = "赵丽华";

/// The `Host` the tests' requests claim. The server never trusts it: the portal's addresses
/// come from its settings (the public origin below, and configured portal origins).
pub const HOST: &str = "portal.test:8080";
/// A portal page on the public origin the tests' server has (`http://127.0.0.1:8080`).
pub const PORTAL_PAGE: &str = "http://127.0.0.1:8080/?from=menu#/home";

/// The newest seeded bill of `account` that is paid (or not).
pub fn seeded_bill(api: &TestApi, account: &str, paid: bool) -> i64 {
    let sql = format!(
        "SELECT id FROM bills WHERE account_no = ?1 AND paid_at IS {} NULL ORDER BY month DESC LIMIT 1",
        if paid { "NOT" } else { "" }
    );
    api.state.db.with_conn(|c| c.query_row(&sql, [account], |r| r.get(0))).expect("lock").expect("a seeded bill")
}

pub struct TestApi {
    pub state: AppState,
    pub clock: Clock,
    /// The database file's folder, for [`TestApi::on_file`].
    _dir: Option<tempfile::TempDir>,
}

/// A key no other request of the test has used.
pub fn fresh_key() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    format!("test-{}", NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

pub fn start_of_test() -> Timestamp {
    Timestamp::parse("2026-11-30T10:00:00+08:00").expect("valid")
}

impl TestApi {
    pub fn new() -> TestApi {
        Self::with_settings(Settings { demo: true, ..Settings::default() })
    }

    /// The server is reached at `http://127.0.0.1:8080` (the yaml's examples) unless the
    /// settings say otherwise.
    pub fn with_settings(settings: Settings) -> TestApi {
        Self::with_db(Db::open_in_memory().expect("database"), settings, None)
    }

    /// On a database file, as the server runs: reads go to the pool of read-only connections
    /// (in memory they run on the writer).
    pub fn on_file() -> TestApi {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::open(&dir.path().join("utility.sqlite3")).expect("database");
        Self::with_db(db, Settings { demo: true, ..Settings::default() }, Some(dir))
    }

    fn with_db(db: Db, settings: Settings, dir: Option<tempfile::TempDir>) -> TestApi {
        let public_origin = settings.public_origin.clone().or_else(|| Some("http://127.0.0.1:8080".to_owned()));
        let settings = Settings { public_origin, ..settings };
        let clock = Clock::fixed(start_of_test());
        let today: Date = clock.today();
        db.with_conn(|c| seed::seed_if_empty(c, today)).expect("lock").expect("seed");
        TestApi { state: AppState::new(db, clock.clone(), settings), clock, _dir: dir }
    }

    pub fn app(&self) -> Router {
        refserver::app(self.state.clone())
    }

    /// A request as a client sends it. A POST carries a fresh `Idempotency-Key`, as the portal
    /// makes one per press; [`TestApi::send_keyed`] chooses the key.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> (StatusCode, Value) {
        let key = (method == Method::POST).then(fresh_key);
        let (status, _, value) = self.send_keyed(method, path, body, token, key.as_deref()).await;
        (status, value)
    }

    /// A request with the `Idempotency-Key` given (none when `None`); the answer's headers too.
    pub async fn send_keyed(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
        key: Option<&str>,
    ) -> (StatusCode, HeaderMap, Value) {
        let mut builder = Request::builder().method(method).uri(format!("/api/v1{path}"));
        if let Some(key) = key {
            builder = builder.header("idempotency-key", key);
        }
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(value) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(value.to_string())
            }
            None => Body::empty(),
        };
        self.respond(builder.body(body).expect("request")).await
    }

    /// Sends a request as built, for answers whose headers matter.
    pub async fn respond(&self, request: Request<Body>) -> (StatusCode, HeaderMap, Value) {
        let response = self.app().oneshot(request).await.expect("infallible");
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let value =
            if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).expect("every answer is JSON") };
        (status, headers, value)
    }

    /// A GET whose answer is not JSON (a PDF): status, headers and the raw bytes.
    pub async fn get_bytes(&self, path: &str, token: Option<&str>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut builder = Request::get(format!("/api/v1{path}"));
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let response = self.app().oneshot(builder.body(Body::empty()).expect("request")).await.expect("infallible");
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        (status, headers, bytes.to_vec())
    }

    /// Opens the simulated WeChat authorize page (sent to [`HOST`]) as the WeChat user
    /// whose cookie is `cookie`, or as a new one.
    pub async fn wechat_authorize(&self, redirect_uri: &str, cookie: Option<&str>) -> (StatusCode, HeaderMap, Value) {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("appid", "wx0123456789abcdef")
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("response_type", "code")
            .append_pair("scope", "snsapi_base")
            .append_pair("state", "s42")
            .finish();
        let mut builder = Request::get(format!("/api/v1/demo/wechat/authorize?{query}")).header(header::HOST, HOST);
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        self.respond(builder.body(Body::empty()).expect("request")).await
    }

    /// One WeChat visit to the portal: the code the authorize page sent back, and the
    /// cookie (`name=value`) that identifies the WeChat user on the next visit.
    pub async fn wechat_code(&self, cookie: Option<&str>) -> (String, String) {
        let (status, headers, body) = self.wechat_authorize(PORTAL_PAGE, cookie).await;
        assert_eq!(status, StatusCode::FOUND, "{body}");
        let location = headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).expect("Location");
        let location = url::Url::parse(location).expect("absolute Location");
        let code = location.query_pairs().find(|(k, _)| k == "code").map(|(_, v)| v.into_owned()).expect("code");
        let cookie = match cookie {
            Some(cookie) => cookie.to_owned(),
            None => {
                let set = headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).expect("Set-Cookie");
                set.split(';').next().expect("name=value").to_owned()
            }
        };
        (code, cookie)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        self.send(Method::GET, path, None, token).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, Some(body), None).await
    }

    /// Requests a code and reads it from the demo inbox.
    pub async fn request_code(&self, account_no: &str, phone: &str) -> String {
        let (status, body) = self.post("/auth/sms-code", json!({"account_no": account_no, "phone": phone})).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        let (status, sms) = self.get(&format!("/demo/sms?phone={phone}"), None).await;
        assert_eq!(status, StatusCode::OK, "{sms}");
        sms["code"].as_str().expect("code").to_owned()
    }

    /// Signs in and returns the session token.
    pub async fn sign_in(&self, account_no: &str, phone: &str) -> String {
        let code = self.request_code(account_no, phone).await;
        let (status, session) =
            self.post("/auth/session", json!({"account_no": account_no, "phone": phone, "code": code})).await;
        assert_eq!(status, StatusCode::CREATED, "{session}");
        session["token"].as_str().expect("token").to_owned()
    }
}
