//! End-to-end harness: the reference server in-process on a free port with a
//! temporary database, and Chromium driven through chromedriver. Both stop by
//! themselves when dropped. Waits are conditions with deadlines, never sleeps.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
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

/// A seeded reference server serving the built portal.
pub struct Server {
    pub running: Running,
    pub clock: Clock,
    _dir: tempfile::TempDir,
}

impl Server {
    pub async fn start() -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::open(&dir.path().join("utility.sqlite3")).expect("database");
        let clock = Clock::system();
        let today = clock.today();
        db.with_conn(|c| refserver::seed::seed_if_empty(c, today)).expect("lock").expect("seed");
        let settings = Settings { demo: true, dist: Some(dist_dir()), ..Settings::default() };
        let state = AppState::new(db, clock.clone(), settings);
        let running = refserver::spawn("127.0.0.1:0".parse().expect("address"), state).await.expect("server starts");
        Server { running, clock, _dir: dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.running.url())
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// chromedriver plus one Chromium session.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
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
        Browser { client, driver, _profile: profile }
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigates");
    }

    /// The element matching `css`, once it exists.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(DEADLINE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear within {DEADLINE:?}: {e}"))
    }

    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.expect("text")
    }

    /// Ends the browser session; dropping the browser then stops chromedriver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A short pause between polls of a condition (polling, not waiting for time to pass).
async fn wait_a_moment() {
    tokio::time::sleep(Duration::from_millis(100)).await;
}

pub fn localhost(addr: SocketAddr) -> String {
    format!("http://{addr}")
}
