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

mod poll {
    use std::cell::{Cell, RefCell};

    use portal::api::ApiError;
    use portal::components::load::{use_live_load, Load};
    use yew::prelude::*;

    thread_local! {
        static ASKED: Cell<u32> = const { Cell::new(0) };
        static SHOWN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    /// The second ask fails; every other ask answers how many asks there were.
    async fn ask(_: ()) -> Result<u32, ApiError> {
        let n = ASKED.with(|a| {
            a.set(a.get() + 1);
            a.get()
        });
        if n == 2 {
            Err(ApiError::Network)
        } else {
            Ok(n)
        }
    }

    #[function_component(Poller)]
    fn poller() -> Html {
        let (state, _) = use_live_load((), 30, |n: &u32| *n < 5, ask);
        let shown = match &*state {
            Load::Loading => "loading".to_owned(),
            Load::Ready(n) => format!("ready {n}"),
            Load::Failed(_) => "failed".to_owned(),
        };
        SHOWN.with(|s| s.borrow_mut().push(shown.clone()));
        html! { <p>{ shown }</p> }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    async fn polling_updates_in_place_and_a_failed_ask_keeps_what_is_shown() {
        let host = super::document().create_element("div").expect("div");
        super::document().body().expect("body").append_child(&host).expect("attached");
        yew::Renderer::<Poller>::with_root(host.clone()).render();
        let deadline = js_sys::Date::now() + 5_000.0;
        while host.text_content().as_deref() != Some("ready 5") && js_sys::Date::now() < deadline {
            gloo_timers::future::TimeoutFuture::new(10).await;
        }
        assert_eq!(host.text_content().as_deref(), Some("ready 5"), "polled until the value was final");
        let shown = SHOWN.with(|s| s.borrow().clone());
        let first_ready = shown.iter().position(|s| s == "ready 1").expect("the first answer shown");
        assert!(
            shown[first_ready..].iter().all(|s| s.starts_with("ready")),
            "after the first answer, no skeleton and no error: {shown:?}"
        );
        assert!(!shown.iter().any(|s| s == "ready 2"), "the failed ask showed nothing: {shown:?}");
    }
}
