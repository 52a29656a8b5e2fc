//! End-to-end harness: the reference server in-process on a free port with a
//! temporary database, and Chromium driven through chromedriver. Both stop by
//! themselves when dropped. Waits are conditions with deadlines, never sleeps.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use refserver::{AppState, Clock, Db, Running, Settings};
use serde_json::json;

/// How long any one condition may take before the test fails.
pub const DEADLINE: Duration = Duration::from_secs(20);

pub fn dist_dir() -> PathBuf {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(dist.join("index.html").is_file(), "{} has no build; run `trunk build --release` first", dist.display());
    dist
}

/// The built portal's config.json.
pub fn dist_config() -> serde_json::Value {
    let text = std::fs::read_to_string(dist_dir().join("config.json")).expect("config.json in dist");
    serde_json::from_str(&text).expect("config.json is JSON")
}

/// A seeded reference server serving the built portal.
pub struct Server {
    pub running: Running,
    pub clock: Clock,
    pub db: Db,
    _dir: tempfile::TempDir,
}

impl Server {
    pub async fn start() -> Server {
        Self::start_with(Settings::default()).await
    }

    /// Demo mode and the built portal, with other settings from `settings`.
    pub async fn start_with(settings: Settings) -> Server {
        // `E2E_CLOCK_AT=2026-12-01T00:30:00+08:00` runs the server as if it were that
        // moment (time still passing), to try the suite at any hour of a Beijing day.
        let at = std::env::var("E2E_CLOCK_AT")
            .ok()
            .map(|at| contract::Timestamp::parse(&at).expect("E2E_CLOCK_AT is an RFC 3339 instant"));
        Self::start_from(at, settings).await
    }

    /// A server whose clock reads `at` (time still passing), seeded for that day.
    pub async fn start_at(at: contract::Timestamp) -> Server {
        Self::start_from(Some(at), Settings::default()).await
    }

    async fn start_from(at: Option<contract::Timestamp>, settings: Settings) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::open(&dir.path().join("utility.sqlite3")).expect("database");
        let clock = Clock::system();
        if let Some(at) = at {
            clock.advance(at.unix_seconds() - clock.now().unix_seconds());
        }
        let today = clock.today();
        db.with_conn(|c| refserver::seed::seed_if_empty(c, today)).expect("lock").expect("seed");
        // The built portal unless the test serves a copy of its own.
        let dist = settings.dist.clone().unwrap_or_else(dist_dir);
        let settings = Settings { demo: true, dist: Some(dist), ..settings };
        let state = AppState::new(db.clone(), clock.clone(), settings);
        let running = refserver::spawn("127.0.0.1:0".parse().expect("address"), state).await.expect("server starts");
        Server { running, clock, db, _dir: dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.url())
    }

    /// Ends every session on the server, as an idle timeout would.
    pub fn expire_all_sessions(&self) {
        self.db.with_conn(|c| c.execute("UPDATE sessions SET revoked = 1", [])).expect("lock").expect("update");
    }

    /// The code the simulated SMS gateway last sent to `phone`.
    pub async fn sms_code(&self, phone: &str) -> String {
        let (status, body) = http(&self.url(&format!("/api/v1/demo/sms?phone={phone}")), "GET", None, None).await;
        assert_eq!(status, 200, "no SMS for {phone}: {body}");
        body["code"].as_str().expect("code").to_owned()
    }

    /// Replaces the fault rules (see `refserver::faults::FaultRule`).
    pub async fn set_faults(&self, rules: serde_json::Value) {
        let (status, body) = http(&self.url("/api/v1/demo/faults"), "PUT", Some(&rules), None).await;
        assert_eq!(status, 204, "faults set: {body}");
    }

    /// The fault rules still waiting to apply.
    pub async fn faults(&self) -> serde_json::Value {
        http(&self.url("/api/v1/demo/faults"), "GET", None, None).await.1
    }

    /// An API call as the test itself (not the browser) makes it.
    pub async fn api(&self, method: &str, path: &str, token: Option<&str>) -> (u16, serde_json::Value) {
        http(&self.url(&format!("/api/v1{path}")), method, None, token).await
    }

    /// A session of another customer, signed in through the API as the test itself: to read
    /// what that customer sees while the browser is someone else.
    pub async fn api_sign_in(&self, account: &str, phone: &str) -> String {
        let details = serde_json::json!({ "account_no": account, "phone": phone });
        let (status, sent) = http(&self.url("/api/v1/auth/sms-code"), "POST", Some(&details), None).await;
        assert_eq!(status, 202, "{sent}");
        let code = self.sms_code(phone).await;
        let signing_in = serde_json::json!({ "account_no": account, "phone": phone, "code": code });
        let (status, session) = http(&self.url("/api/v1/auth/session"), "POST", Some(&signing_in), None).await;
        assert_eq!(status, 201, "{session}");
        session["token"].as_str().expect("token").to_owned()
    }
}

/// A plain HTTP/1.1 request over loopback (keeps the tests free of an HTTP client crate).
pub async fn http(
    url: &str,
    method: &str,
    body: Option<&serde_json::Value>,
    token: Option<&str>,
) -> (u16, serde_json::Value) {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    http_with(url, method, "application/json", &body, token, None).await
}

/// A POST with an `Idempotency-Key`, as the portal sends a press of a button that changes something.
pub async fn post_keyed(url: &str, body: &serde_json::Value, token: &str, key: &str) -> (u16, serde_json::Value) {
    http_with(url, "POST", "application/json", &body.to_string(), Some(token), Some(key)).await
}

/// Sends an HTML form's fields, as a browser submits them.
pub async fn post_form(url: &str, form: &str) -> (u16, serde_json::Value) {
    http_with(url, "POST", "application/x-www-form-urlencoded", form, None, None).await
}

async fn http_with(
    url: &str,
    method: &str,
    content_type: &str,
    body: &str,
    token: Option<&str>,
    key: Option<&str>,
) -> (u16, serde_json::Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_once('/').expect("path");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connects");
    let mut auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    if let Some(key) = key {
        auth.push_str(&format!("Idempotency-Key: {key}\r\n"));
    }
    let request = format!(
        "{method} /{path} HTTP/1.1\r\nHost: {host}\r\n{auth}Content-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("writes");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("reads");
    let answer = String::from_utf8_lossy(&answer);
    let status = answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status line");
    let (_, payload) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    (status, serde_json::from_str(payload).unwrap_or(serde_json::Value::Null))
}

/// A GET as a browser opening a link makes it (no session): the status, the headers
/// (names in lower case) and the body's bytes as sent.
pub async fn get_raw(url: &str) -> (u16, std::collections::HashMap<String, String>, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_once('/').expect("path");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connects");
    let request = format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("writes");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("reads");
    let end = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("a header block");
    let head = String::from_utf8_lossy(&answer[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|s| s.parse().ok()).expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    (status, headers, answer[end + 4..].to_vec())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// Browsers open at once in one test binary: the tests of a file run in parallel, and
/// more Chromiums than this on two cores make every wait slower for all of them.
static BROWSER_SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(3);

/// chromedriver plus one Chromium session.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: tempfile::TempDir,
    _slot: tokio::sync::SemaphorePermit<'static>,
}

pub struct BrowserOptions {
    pub lang: &'static str,
    pub user_agent: Option<&'static str>,
    pub width: u32,
    pub height: u32,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        BrowserOptions { lang: "zh-CN", user_agent: None, width: 390, height: 844 }
    }
}

impl Browser {
    pub async fn start() -> Browser {
        Self::start_with(BrowserOptions::default()).await
    }

    pub async fn start_with(options: BrowserOptions) -> Browser {
        let slot = BROWSER_SLOTS.acquire().await.expect("the semaphore is never closed");
        let port = free_port();
        let driver = Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (apt-get install chromium-driver)");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1".into(),
            format!("--user-data-dir={}", profile.path().display()),
            format!("--window-size={},{}", options.width, options.height),
            format!("--lang={}", options.lang),
        ];
        if let Some(agent) = options.user_agent {
            args.push(format!("--user-agent={agent}"));
        }
        let mut caps = Capabilities::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": args,
                "prefs": { "intl.accept_languages": options.lang },
            }),
        );
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let deadline = Instant::now() + DEADLINE;
        let client = loop {
            let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
            builder.capabilities(caps.clone());
            match builder.connect(&format!("http://127.0.0.1:{port}")).await {
                Ok(client) => break client,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::task::yield_now().await;
                    wait_a_moment().await;
                }
                Err(e) => panic!("chromedriver did not answer within {DEADLINE:?}: {e}"),
            }
        };
        let browser = Browser { client, driver, profile, _slot: slot };
        let downloads = browser.downloads_dir();
        std::fs::create_dir_all(&downloads).expect("downloads dir");
        browser
            .devtools(
                "Browser.setDownloadBehavior",
                json!({ "behavior": "allow", "downloadPath": downloads.display().to_string() }),
            )
            .await;
        browser
    }

    pub fn downloads_dir(&self) -> PathBuf {
        self.profile.path().join("downloads")
    }

    /// The bytes of the downloaded file `name`, once it is complete.
    pub async fn downloaded(&self, name: &str) -> Vec<u8> {
        let path = self.downloads_dir().join(name);
        let deadline = Instant::now() + DEADLINE;
        let partial = self.downloads_dir().join(format!("{name}.crdownload"));
        let mut seen: Option<Vec<u8>> = None;
        loop {
            // Chromium writes to a `.crdownload` file and renames it when done, but the
            // final name can appear (empty) before the bytes: done is non-empty, no
            // partial file beside it, and the same bytes on two looks.
            let bytes = std::fs::read(&path).ok().filter(|b| !b.is_empty() && !partial.exists());
            match (bytes, &seen) {
                (Some(bytes), Some(before)) if &bytes == before => return bytes,
                (bytes, _) => seen = bytes,
            }
            assert!(Instant::now() < deadline, "{name} was not downloaded within {DEADLINE:?}");
            wait_a_moment().await;
        }
    }

    async fn devtools(&self, cmd: &'static str, params: serde_json::Value) {
        self.client.issue_cmd(DevTools { cmd, params }).await.unwrap_or_else(|e| panic!("DevTools {cmd}: {e}"));
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigates");
    }

    /// The element matching `css`, once it exists. A look that a page load
    /// interrupted (the portal redirects, e.g. on WeChat's sign-in path) is
    /// made again on the new page.
    pub async fn wait_for(&self, css: &str) -> Element {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let error = match self.client.find(Locator::Css(css)).await {
                Ok(element) => return element,
                Err(CmdError::Standard(e)) if e.error == ErrorStatus::NoSuchElement => e.to_string(),
                Err(e) if interrupted_by_navigation(&e) => e.to_string(),
                Err(e) => panic!("looking for {css}: {e}"),
            };
            assert!(Instant::now() < deadline, "{css} did not appear within {DEADLINE:?}: {error}");
            wait_a_moment().await;
        }
    }

    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.expect("text")
    }

    pub async fn click(&self, css: &str) {
        self.wait_for(css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Replaces the text of the input matching `css`. WebDriver's clear fires no `input` event,
    /// so the page is told the field is empty before typing (else a re-render in between, e.g.
    /// a countdown's tick, puts the old text back and the typing goes after it).
    pub async fn fill(&self, css: &str, text: &str) {
        let input = self.wait_for(css).await;
        input.clear().await.expect("clear");
        let element = serde_json::to_value(&input).expect("an element reference");
        self.client
            .execute("arguments[0].dispatchEvent(new Event('input', { bubbles: true })); return true;", vec![element])
            .await
            .expect("input event");
        input.send_keys(text).await.expect("type");
    }

    pub async fn value(&self, css: &str) -> String {
        self.wait_for(css).await.prop("value").await.expect("value").unwrap_or_default()
    }

    pub async fn script(&self, js: &str) -> serde_json::Value {
        self.client.execute(js, vec![]).await.unwrap_or_else(|e| panic!("script {js}: {e}"))
    }

    /// Waits until `js` (an expression) is truthy. A check that a page load
    /// interrupted counts as not yet.
    pub async fn wait_until(&self, what: &str, js: &str) {
        self.wait_until_within(what, js, DEADLINE).await
    }

    /// [`Browser::wait_until`] with a deadline of its own, for a condition that takes longer by
    /// design (a request that must run into the portal's own timeout).
    pub async fn wait_until_within(&self, what: &str, js: &str, within: Duration) {
        let deadline = Instant::now() + within;
        let check = format!("return !!({js});");
        loop {
            match self.client.execute(&check, vec![]).await {
                Ok(serde_json::Value::Bool(true)) => return,
                Ok(_) => {}
                Err(e) if interrupted_by_navigation(&e) => {}
                Err(e) => panic!("script {js}: {e}"),
            }
            assert!(Instant::now() < deadline, "{what} did not happen within {within:?} ({js})");
            wait_a_moment().await;
        }
    }

    /// Waits until the element matching `css` contains `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) {
        let js = format!(
            "Array.from(document.querySelectorAll({})).some(e => e.textContent.includes({}))",
            json!(css),
            json!(text)
        );
        self.wait_until(&format!("{css} showing {text:?}"), &js).await;
    }

    /// Runs `js` at the start of every page load from now on (through the DevTools protocol).
    /// Makes the page believe it runs in `zone` (e.g. `America/New_York`).
    pub async fn time_zone(&self, zone: &str) {
        self.devtools("Emulation.setTimezoneOverride", json!({ "timezoneId": zone })).await;
    }

    /// Makes the browser refuse every request whose URL matches one of `patterns`
    /// (`*` matches anything), as a dead network or a host that lost a file would;
    /// an empty list lets everything through again.
    pub async fn block_urls(&self, patterns: &[&str]) {
        self.devtools("Network.enable", json!({})).await;
        self.devtools("Network.setBlockedURLs", json!({ "urls": patterns })).await;
    }

    /// Turns the browser's network off (as its offline mode does: `navigator.onLine` is false
    /// and every request fails) or back on.
    pub async fn offline(&self, offline: bool) {
        self.devtools("Network.enable", json!({})).await;
        let conditions = json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
        self.devtools("Network.emulateNetworkConditions", conditions).await;
    }

    /// The paths of the files this page has fetched so far (its resource timing).
    pub async fn fetched(&self) -> Vec<String> {
        let list =
            self.script("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname);").await;
        list.as_array().map(|l| l.iter().filter_map(|p| p.as_str().map(str::to_owned)).collect()).unwrap_or_default()
    }

    pub async fn before_each_page(&self, js: &str) {
        let command = DevTools { cmd: "Page.addScriptToEvaluateOnNewDocument", params: json!({ "source": js }) };
        self.client.issue_cmd(command).await.expect("DevTools command");
    }

    /// The browser's console errors since the last call, CSP violations included.
    /// API answers such as 401 or 404 are part of the flows under test and the page
    /// handles them, so their network lines are not counted; any other failed
    /// resource (a missing asset, a blocked script) is.
    pub async fn console_problems(&self) -> Vec<String> {
        let entries = self.client.issue_cmd(BrowserLog).await.expect("browser log");
        entries
            .as_array()
            .map(|list| {
                list.iter()
                    .filter(|e| e["level"].as_str() == Some("SEVERE"))
                    .filter(|e| {
                        let message = e["message"].as_str().unwrap_or_default();
                        !(message.contains("/api/v1/") && message.contains("Failed to load resource"))
                    })
                    .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Runs axe-core (WCAG 2.2 A/AA rules) on the page; returns serious and critical findings.
    pub async fn axe_findings(&self) -> Vec<String> {
        let source =
            std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js"))
                .expect("axe-core is installed (npm ci)");
        self.client.execute(&format!("{source}; return true;"), vec![]).await.expect("axe loads");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                   .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                       nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3) }))))
                   .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));",
                vec![],
            )
            .await
            .expect("axe runs");
        result
            .as_array()
            .map(|list| {
                list.iter()
                    .filter(|v| matches!(v["impact"].as_str(), Some("serious") | Some("critical")))
                    .map(|v| v.to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The gates every visited page must pass: no serious or critical axe finding,
    /// no console error or CSP violation.
    pub async fn check_page(&self, name: &str) {
        let findings = self.axe_findings().await;
        assert!(findings.is_empty(), "{name}: axe findings {findings:#?}");
        let problems = self.console_problems().await;
        assert!(problems.is_empty(), "{name}: console errors or CSP violations {problems:#?}");
    }

    /// Saves a screenshot into docs/screenshots/ (the README shows them).
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("screenshot written");
    }

    /// Ends the browser session; dropping the browser then stops chromedriver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// What a QR code drawn as the portal draws it encodes: `view` modules a side (quiet zone
/// included), `path` its dark modules as `M{x},{y}h1v1h-1z` each. The modules are painted
/// into a greyscale picture, 4 pixels each, and read back by a QR decoder (`rqrr`), as a
/// phone's camera would; `None` when it finds no readable code.
pub fn decode_qr_path(view: usize, path: &str) -> Option<String> {
    const PX: usize = 4;
    let mut dark = vec![false; view * view];
    for module in path.split('M').filter(|m| !m.is_empty()) {
        let (xy, rest) = module.split_once('h')?;
        if rest != "1v1h-1z" {
            return None;
        }
        let (x, y) = xy.split_once(',')?;
        let (x, y): (usize, usize) = (x.parse().ok()?, y.parse().ok()?);
        *dark.get_mut(y * view + x)? = true;
    }
    let side = view * PX;
    let mut picture =
        rqrr::PreparedImage::prepare_from_greyscale(
            side,
            side,
            |x, y| {
                if dark[(y / PX) * view + x / PX] {
                    0
                } else {
                    255
                }
            },
        );
    let grids = picture.detect_grids();
    let (_, text) = grids.first()?.decode().ok()?;
    Some(text)
}

impl Browser {
    /// What the QR code (the portal's SVG) matching `css` encodes, read from the page.
    pub async fn qr_text(&self, css: &str) -> Option<String> {
        self.wait_for(css).await;
        let js = format!(
            "const svg = document.querySelector({}); return [svg.getAttribute('viewBox'), svg.querySelector('path').getAttribute('d')];",
            json!(css)
        );
        let drawn = self.script(&js).await;
        let view = drawn[0].as_str()?.split(' ').nth(2)?.parse().ok()?;
        decode_qr_path(view, drawn[1].as_str()?)
    }
}

/// A QR code of `text` drawn as the portal draws it (`src/components/qr.rs`): its side and path.
pub fn qr_path_of(text: &str) -> (usize, String) {
    let qr = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium).expect("encodable");
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    ((qr.size() + 8) as usize, path)
}

/// Signs in through the sign-in page (the code read from the demo SMS inbox).
pub async fn sign_in(browser: &Browser, server: &Server, account: &str, phone: &str) {
    browser.wait_for("[data-testid=details-form]").await;
    browser.fill("#account_no", account).await;
    browser.fill("#phone", phone).await;
    browser.click("[data-testid=details-form] button[type=submit]").await;
    browser.wait_for("[data-testid=code-form]").await;
    let code = server.sms_code(phone).await;
    browser.fill("#code", &code).await;
    browser.click("[data-testid=code-form] button[type=submit]").await;
}

/// A desktop-sized browser signed in as `account` on the pay page, and its session token.
pub async fn desktop_on_pay_page(server: &Server, account: &str, phone: &str) -> (Browser, String) {
    let browser = Browser::start_with(BrowserOptions { width: 1200, height: 900, ..Default::default() }).await;
    browser.goto(&server.url("/#/pay")).await;
    sign_in(&browser, server, account, phone).await;
    browser.wait_for("[data-testid=pay-form]").await;
    let token = browser_token(&browser).await;
    (browser, token)
}

/// The session token the browser holds, to ask the API what the page should show.
pub async fn browser_token(browser: &Browser) -> String {
    // Signing in stores the session when the API answers: wait for it, not for the click.
    browser.wait_until("a session is stored", "sessionStorage.getItem('portal.session') !== null").await;
    let stored = browser.script("return sessionStorage.getItem('portal.session');").await;
    let stored: serde_json::Value = serde_json::from_str(stored.as_str().expect("a session is stored")).expect("JSON");
    stored["token"].as_str().expect("token").to_owned()
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// chromedriver's log endpoint (console messages, CSP violations).
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// chromedriver's pass-through to the DevTools protocol.
#[derive(Debug)]
struct DevTools {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

/// A short pause between polls of a condition (polling, not waiting for time to pass).
/// Chromedriver's answer to a command that a page load cut short: not a
/// W3C error, just these words. Asking again on the new page is right.
fn interrupted_by_navigation(error: &CmdError) -> bool {
    matches!(error, CmdError::NotW3C(serde_json::Value::String(s)) if s.contains("aborted by navigation"))
}

/// Between two looks at a condition (each with its deadline).
pub async fn wait_a_moment() {
    tokio::time::sleep(Duration::from_millis(100)).await;
}

pub fn localhost(addr: SocketAddr) -> String {
    format!("http://{addr}")
}
