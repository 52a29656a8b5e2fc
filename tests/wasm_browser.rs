//! Tests that run inside headless Chromium (wasm-bindgen-test): the API client
//! against real fetch(), and components mounted into the real DOM.
#![cfg(target_arch = "wasm32")]

use portal::api::{fetch_text, ApiError};
use portal::app::{ConfigProblem, ConfigProblemProps};
use portal::config::{Config, ConfigError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

#[wasm_bindgen_test]
async fn a_missing_file_is_not_found_not_a_crash() {
    let result = fetch_text("/no-such-file-anywhere.json").await;
    assert_eq!(result, Err(ApiError::NotFound));
}

#[wasm_bindgen_test]
async fn an_unreachable_server_is_a_network_error_after_retries() {
    // Port 9 (discard) on loopback: connection refused, no answer at all.
    let started = js_sys::Date::now();
    let result = fetch_text("http://127.0.0.1:9/config.json").await;
    assert_eq!(result, Err(ApiError::Network));
    assert!(js_sys::Date::now() - started >= 2000.0, "two backoff pauses before giving up");
}

#[wasm_bindgen_test]
fn config_errors_are_values_not_panics() {
    assert!(matches!(Config::parse("not json"), Err(ConfigError::Invalid(_))));
}

#[wasm_bindgen_test]
async fn a_broken_config_shows_the_hotline_not_a_blank_page() {
    let host = document().create_element("div").expect("div");
    document().body().expect("body").append_child(&host).expect("attached");
    yew::Renderer::<ConfigProblem>::with_root_and_props(
        host.clone(),
        ConfigProblemProps { problem: ConfigError::Invalid("test".into()) },
    )
    .render();
    // Rendering is scheduled; yield to the event loop until it lands.
    for _ in 0..50 {
        if host.text_content().is_some_and(|t| t.contains("95598")) {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    let text = host.text_content().unwrap_or_default();
    assert!(text.contains("95598"), "hotline shown: {text}");
    let link = host.query_selector("a[href='tel:95598']").expect("query");
    assert!(link.is_some(), "the hotline is a phone link");
}
