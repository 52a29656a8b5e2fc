//! One build deploys anywhere: the same dist/, served under a sub-path (`/yyt/`) by a plain
//! static server (no rewrites, no precompressed files, no API), starts the app, fetches an
//! area's piece on its first visit and reads config.json from beside index.html.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::net::SocketAddr;

use support::{dist_config, dist_dir, localhost, Browser};

/// Serves dist/ at `/yyt/` and nothing else, until the test ends.
async fn static_server_at_yyt() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let addr = listener.local_addr().expect("address");
    let app = axum::Router::new().nest_service("/yyt", tower_http::services::ServeDir::new(dist_dir()));
    tokio::spawn(async move { axum::serve(listener, app).await.expect("static server") });
    addr
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_dist_works_under_a_sub_path_on_a_plain_static_server() {
    let addr = static_server_at_yyt().await;
    let base = format!("{}/yyt/", localhost(addr));
    let browser = Browser::start().await;
    browser.goto(&format!("{base}#/sign-in")).await;
    // The app's own form (the shell's has no test ids): the modules, the landing wasm and
    // config.json were all found relative to the page.
    browser.wait_for("[data-testid=details-form]").await;
    let name = dist_config()["utility_name"]["zh"].as_str().expect("zh name").to_owned();
    assert_eq!(browser.text("[data-testid=utility-name]").await, name);
    // An area's piece, fetched on its first visit, from under the sub-path too.
    browser.click("[data-testid=consent] a").await;
    browser.wait_for_text("[data-testid=privacy-collected] li", "户号和登记的手机号").await;
    let fetched = browser.fetched().await;
    assert!(
        fetched.iter().any(|p| p.starts_with("/yyt/account-") && p.ends_with(".wasm")),
        "the account piece came from /yyt/: {fetched:?}"
    );
    assert!(fetched.iter().all(|p| p.starts_with("/yyt/")), "nothing was asked for outside /yyt/: {fetched:?}");
    browser.check_page("sign-in under a sub-path").await;
    browser.close().await;
}
