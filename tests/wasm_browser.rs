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
    use portal::kit::use_live_load;
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
        let loaded = use_live_load((), &[30], |n: &u32| *n < 5, ask);
        let shown = match (loaded.ready(), loaded.failed()) {
            (Some(n), _) => format!("ready {n}"),
            (None, Some(_)) => "failed".to_owned(),
            (None, None) => "loading".to_owned(),
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

/// The page kit (src/kit): loading that drops stale answers, drafts kept in
/// storage, one press at a time, and the key of a press kept until it is answered.
mod kit {
    use std::cell::{Cell, RefCell};

    use gloo_timers::future::TimeoutFuture;
    use portal::api::ApiError;
    use portal::kit::{send_once, use_draft, use_load, use_submit, FormErrors, Keep, Submit};
    use serde::{Deserialize, Serialize};
    use yew::prelude::*;

    fn mount<C: BaseComponent<Properties = ()>>() -> web_sys::Element {
        let host = super::document().create_element("div").expect("div");
        super::document().body().expect("body").append_child(&host).expect("attached");
        yew::Renderer::<C>::with_root(host.clone()).render();
        host
    }

    async fn until(what: &str, done: impl Fn() -> bool) {
        let deadline = js_sys::Date::now() + 5_000.0;
        while !done() && js_sys::Date::now() < deadline {
            TimeoutFuture::new(10).await;
        }
        assert!(done(), "{what} within 5 s");
    }

    fn text(host: &web_sys::Element) -> String {
        host.text_content().unwrap_or_default()
    }

    thread_local! {
        static SHOWN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
        static SWITCH: RefCell<Option<Callback<u32>>> = const { RefCell::new(None) };
    }

    /// The answer for input 1 comes late (after the one for 2 was asked and answered).
    async fn slow_first(input: u32) -> Result<String, ApiError> {
        TimeoutFuture::new(if input == 1 { 300 } else { 20 }).await;
        Ok(format!("answer {input}"))
    }

    #[function_component(Switcher)]
    fn switcher() -> Html {
        let input = use_state(|| 1u32);
        {
            let input = input.clone();
            SWITCH.with(|s| *s.borrow_mut() = Some(Callback::from(move |n| input.set(n))));
        }
        let loaded = use_load(*input, slow_first);
        let shown = loaded.view(|answer| html! { { answer.clone() } });
        let shown_text = match loaded.ready() {
            Some(answer) => answer.clone(),
            None => "loading".to_owned(),
        };
        SHOWN.with(|s| s.borrow_mut().push(shown_text));
        html! { <p>{ shown }</p> }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    async fn a_slow_answer_for_old_inputs_never_overwrites_the_new_one() {
        let host = mount::<Switcher>();
        until("mounted", || SWITCH.with(|s| s.borrow().is_some())).await;
        SWITCH.with(|s| s.borrow().clone()).expect("mounted").emit(2);
        until("the answer for 2", || text(&host) == "answer 2").await;
        // Past the moment the first answer arrives: it is dropped.
        TimeoutFuture::new(400).await;
        assert_eq!(text(&host), "answer 2");
        let shown = SHOWN.with(|s| s.borrow().clone());
        assert!(!shown.iter().any(|s| s == "answer 1"), "the stale answer was never shown: {shown:?}");
    }

    #[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
    struct Note {
        text: String,
    }

    thread_local! {
        static TYPE: RefCell<Option<Callback<String>>> = const { RefCell::new(None) };
    }

    #[function_component(NoteForm)]
    fn note_form() -> Html {
        let draft = use_draft::<Note>("kit-test-note");
        let field = draft.field(|d, v| d.text = v);
        TYPE.with(|t| *t.borrow_mut() = Some(field));
        html! { <p>{ draft.text.clone() }</p> }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    async fn a_draft_is_kept_in_storage_and_comes_back_on_a_new_mount() {
        let first = mount::<NoteForm>();
        until("mounted", || TYPE.with(|t| t.borrow().is_some())).await;
        TYPE.with(|t| t.borrow().clone()).expect("mounted").emit("电表不走字".to_owned());
        until("the typed text shown", || text(&first) == "电表不走字").await;
        let kept = web_sys::window()
            .and_then(|w| w.session_storage().ok().flatten())
            .and_then(|s| s.get_item("portal.draft.kit-test-note").ok().flatten());
        assert_eq!(kept.as_deref(), Some(r#"{"text":"电表不走字"}"#), "written on every change");
        // A reload is a new mount that reads the draft.
        let second = mount::<NoteForm>();
        until("the draft back", || text(&second) == "电表不走字").await;
    }

    thread_local! {
        static SUBMIT: RefCell<Option<Submit>> = const { RefCell::new(None) };
        static SENT: Cell<u32> = const { Cell::new(0) };
    }

    #[function_component(Pressed)]
    fn pressed() -> Html {
        let submit = use_submit();
        SUBMIT.with(|s| *s.borrow_mut() = Some(submit.clone()));
        let errors = submit.errors().clone();
        html! {
            <p>{ format!("busy={} general={} field={}", submit.busy(), errors.general.clone().unwrap_or_default(),
                errors.for_field("code").unwrap_or_default()) }</p>
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    async fn a_second_press_while_one_is_on_its_way_does_nothing_and_errors_are_shown() {
        let host = mount::<Pressed>();
        until("mounted", || SUBMIT.with(|s| s.borrow().is_some())).await;
        let submit = SUBMIT.with(|s| s.borrow().clone()).expect("mounted");
        let press = || async {
            SENT.with(|s| s.set(s.get() + 1));
            TimeoutFuture::new(100).await;
            Err(FormErrors::general("wrong").with_field("code", "six digits"))
        };
        // Two presses in the same tick, before any render: only the first runs.
        assert!(submit.run(press()));
        assert!(!submit.run(press()), "the second press is refused synchronously");
        until("busy shown", || text(&host).starts_with("busy=true")).await;
        until("the errors shown", || text(&host) == "busy=false general=wrong field=six digits").await;
        assert_eq!(SENT.with(Cell::get), 1, "sent once");
        // Done: pressing again works, and an Ok clears what was shown.
        let submit = SUBMIT.with(|s| s.borrow().clone()).expect("mounted");
        assert!(submit.run(async { Ok(()) }));
        until("errors cleared", || text(&host) == "busy=false general= field=").await;
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    async fn a_lost_answer_keeps_the_key_for_the_next_press_and_an_answer_forgets_it() {
        let keys = RefCell::new(Vec::<String>::new());
        let send = |outcome: Result<u32, ApiError>| {
            let keys = &keys;
            move |_: String, key: String| {
                keys.borrow_mut().push(key);
                async move { outcome }
            }
        };
        let form = "kit-test-press";
        let lost = send_once(Keep::Draft(form), "pay 10".to_owned(), send(Err(ApiError::Timeout))).await;
        assert_eq!(lost, Err(ApiError::Timeout));
        let again = send_once(Keep::Draft(form), "pay 10".to_owned(), send(Ok(7))).await;
        assert_eq!(again, Ok(7));
        let fresh = send_once(Keep::Draft(form), "pay 10".to_owned(), send(Ok(8))).await;
        assert_eq!(fresh, Ok(8));
        let changed = send_once(Keep::Draft(form), "pay 20".to_owned(), send(Err(ApiError::Network))).await;
        assert_eq!(changed, Err(ApiError::Network));
        let refused = send_once(Keep::Draft(form), "pay 20".to_owned(), send(Err(ApiError::NotFound))).await;
        assert_eq!(refused, Err(ApiError::NotFound));
        let after_refusal = send_once(Keep::Draft(form), "pay 20".to_owned(), send(Ok(9))).await;
        assert_eq!(after_refusal, Ok(9));
        let keys = keys.into_inner();
        assert_eq!(keys[0], keys[1], "the press after a lost answer sends the same key");
        assert_ne!(keys[1], keys[2], "an answered press is forgotten: the next is a new press");
        assert_ne!(keys[2], keys[3], "another request is another press");
        assert_eq!(keys[3], keys[4], "kept after the network error");
        assert_ne!(keys[4], keys[5], "a refusal is an answer: the key is not kept");
        // Nothing is left behind once answered.
        let left = web_sys::window()
            .and_then(|w| w.session_storage().ok().flatten())
            .and_then(|s| s.get_item("portal.draft.kit-test-press.press").ok().flatten());
        assert_eq!(left, None);
    }
}
