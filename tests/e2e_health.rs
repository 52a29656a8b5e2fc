//! The foundation end to end: config.json → wasm → API → browser.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{Browser, BrowserOptions, Server};

fn config() -> serde_json::Value {
    let text = std::fs::read_to_string(support::dist_dir().join("config.json")).expect("config.json in dist");
    serde_json::from_str(&text).expect("config.json is JSON")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_shows_the_utility_name_and_the_api_health_in_chinese() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/")).await;
    let status = browser.wait_for("[data-testid=health][data-status=ok]").await;
    assert!(status.text().await.expect("text").contains("服务正常"));
    let name = browser.text("[data-testid=utility-name]").await;
    assert_eq!(name, config()["utility_name"]["zh"].as_str().expect("zh name"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_browser_gets_english_and_a_failing_api_gets_an_error_with_retry() {
    let server = Server::start().await;
    let browser = Browser::start_with(BrowserOptions { lang: "en-US", ..Default::default() }).await;
    // Three 503s outlast the client's two retries; the fourth request succeeds.
    let faults = serde_json::json!([{"path_prefix": "/health", "status": 503, "times": 3}]);
    let response = put_json(&server.url("/api/v1/demo/faults"), &faults).await;
    assert_eq!(response, 204);
    browser.goto(&server.url("/")).await;
    let error = browser.wait_for("[data-testid=health-error]").await;
    assert!(error.text().await.expect("text").contains("Something went wrong on our side"));
    error.find(fantoccini::Locator::Css("button")).await.expect("retry button").click().await.expect("click");
    let status = browser.wait_for("[data-testid=health][data-status=ok]").await;
    assert!(status.text().await.expect("text").contains("The service is working"));
    assert_eq!(
        browser.text("[data-testid=utility-name]").await,
        config()["utility_name"]["en"].as_str().expect("en name")
    );
    browser.close().await;
}

/// PUT with a JSON body over a plain TCP connection (keeps the test free of an HTTP client crate).
async fn put_json(url: &str, body: &serde_json::Value) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_once('/').expect("path");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connects");
    let body = body.to_string();
    let request = format!(
        "PUT /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("writes");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("reads");
    answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status line")
}
