//! Per-route loading end to end: the landing downloads only its own module, each
//! area's piece arrives on its first visit, a piece that cannot be fetched shows a
//! retry that keeps what was typed, and a tab that meets a newer deploy reloads
//! itself once into it.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::Path;

use refserver::Settings;
use support::{sign_in, Browser, Server};

const ZHANG_HOME: &str = "3210000001";
const ZHANG_PHONE: &str = "13800000001";
const AREA_PIECES: [&str; 6] = ["home", "usage", "pay", "halls", "ratings", "account"];

/// The area pieces among fetched paths: `/usage-0123456789abcdef.wasm` is `usage`.
fn pieces_in(fetched: &[String]) -> Vec<String> {
    let mut pieces: Vec<String> = fetched
        .iter()
        .filter_map(|path| path.rsplit('/').next()?.strip_suffix(".wasm")?.rsplit_once('-').map(|(n, _)| n.to_owned()))
        .filter(|name| AREA_PIECES.contains(&name.as_str()))
        .collect();
    pieces.sort();
    pieces.dedup();
    pieces
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_area_arrives_on_its_first_visit_and_the_landing_carries_none() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/sign-in")).await;
    browser.wait_for("[data-testid=details-form]").await;
    assert_eq!(pieces_in(&browser.fetched().await), Vec::<String>::new(), "a cold sign-in fetches no area");
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=overview]").await;
    assert_eq!(pieces_in(&browser.fetched().await), ["home"], "home brings its own piece only");

    browser.script("location.hash = '#/usage'; return true;").await;
    browser.wait_for_text("[data-testid=tier-used]", "千瓦时").await;
    assert_eq!(pieces_in(&browser.fetched().await), ["home", "usage"]);
    browser.check_page("usage, first visit").await;
    // The rest of the area is already here: bills come without another piece.
    browser.script("location.hash = '#/bills'; return true;").await;
    browser.wait_for_text("#page-title", "电费账单").await;
    browser.wait_for("[data-testid=bill-row]").await;
    assert_eq!(pieces_in(&browser.fetched().await), ["home", "usage"]);

    browser.script("location.hash = '#/halls'; return true;").await;
    browser.wait_for_text("[data-testid=hall]", "营业厅").await;
    assert_eq!(pieces_in(&browser.fetched().await), ["halls", "home", "usage"]);
    browser.check_page("halls, first visit").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_piece_that_cannot_be_fetched_offers_a_retry_and_keeps_the_half_filled_form() {
    let server = Server::start().await;
    let browser = Browser::start().await;
    browser.block_urls(&["*/account-*.wasm"]).await;
    // Signing in needs no piece; the page it returns to does.
    browser.goto(&server.url("/#/accounts")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for_text("[data-testid=piece-missing]", "没有下载成功").await;
    assert_eq!(browser.text("#page-title").await, "我的户号", "the page's frame stays");
    let findings = browser.axe_findings().await;
    assert!(findings.is_empty(), "retry message: {findings:#?}");
    // The blocked piece is logged; nothing else went wrong.
    let problems = browser.console_problems().await;
    assert!(problems.iter().all(|p| p.contains("/account-")), "only the blocked piece failed: {problems:#?}");

    browser.block_urls(&[]).await;
    browser.click("[data-testid=piece-retry]").await;
    browser.wait_for("[data-testid=bind-form]").await;
    browser.fill("#account_no", "3210000006").await;
    browser.fill("#holder_name", "赵丽华").await;

    // A reload while the network refuses the piece: the retry, then the same form, still filled.
    browser.block_urls(&["*/account-*.wasm"]).await;
    browser.client.refresh().await.expect("reload");
    browser.wait_for("[data-testid=piece-missing]").await;
    let _ = browser.console_problems().await;
    browser.block_urls(&[]).await;
    browser.click("[data-testid=piece-retry]").await;
    browser.wait_for("[data-testid=bind-form]").await;
    assert_eq!(browser.value("#account_no").await, "3210000006");
    assert_eq!(browser.value("#holder_name").await, "赵丽华");
    browser.check_page("accounts after retry").await;
    browser.close().await;
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("readable dist") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copied");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_tab_that_meets_a_newer_deploy_reloads_once_into_it() {
    let dist = tempfile::tempdir().expect("temp dir");
    copy_dir(&support::dist_dir(), dist.path());
    let server = Server::start_with(Settings { dist: Some(dist.path().to_owned()), ..Settings::default() }).await;
    let browser = Browser::start().await;
    browser.goto(&server.url("/#/sign-in")).await;
    sign_in(&browser, &server, ZHANG_HOME, ZHANG_PHONE).await;
    browser.wait_for("[data-testid=overview]").await;
    let running = browser.script("return document.querySelector('meta[name=portal-build]').content;").await;
    let running = running.as_str().expect("the build names itself").to_owned();
    browser.script("window.beforeTheDeploy = true; return true;").await;

    // A deploy while the tab is open: index.html names another build, and the
    // pieces the tab knows by name are gone from the host.
    let index = dist.path().join("index.html");
    let html = std::fs::read_to_string(&index).expect("index.html");
    std::fs::write(&index, html.replace(&running, "0123456789abcdef")).expect("new index.html");
    for entry in std::fs::read_dir(dist.path()).expect("dist") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if name.starts_with("index.html.") || AREA_PIECES.iter().any(|p| name.starts_with(&format!("{p}-"))) {
            std::fs::remove_file(&path).expect("removed");
        }
    }

    browser.script("location.hash = '#/usage'; return true;").await;
    // The tab reloaded itself into the new build ...
    browser
        .wait_until(
            "a reload into the new build",
            "!window.beforeTheDeploy && document.querySelector('meta[name=portal-build]').content === '0123456789abcdef'",
        )
        .await;
    // ... once: that build lacks the piece too, so it says so instead of reloading again.
    browser.wait_for_text("[data-testid=piece-missing]", "没有下载成功").await;
    browser.script("window.afterTheReload = true; return true;").await;
    let asked = "performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === '/').length";
    let before = browser.script(&format!("return {asked};")).await;
    browser.click("[data-testid=piece-retry]").await;
    // The retry asked the host again which build it serves, and still found the piece missing.
    browser
        .wait_until(
            "the retry's answer",
            &format!("{asked} > {before} && document.querySelector('[data-testid=piece-missing]')"),
        )
        .await;
    let still = browser.script("return window.afterTheReload === true;").await;
    assert_eq!(still, serde_json::Value::Bool(true), "no second reload");
    browser.close().await;
}
