//! fetch() with a deadline (AbortController) and bounded retries for GETs.

use std::time::Duration;

use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestInit, Response};

use super::ApiError;

/// Longest wait for one request, including reading its body.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Pauses before the first and second retry of a GET.
const RETRY_BACKOFF: [Duration; 2] = [Duration::from_millis(600), Duration::from_millis(1800)];

fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

/// One request: the status and body text, or a transport error.
async fn send(method: &str, url: &str) -> Result<(u16, String), ApiError> {
    if is_offline() {
        return Err(ApiError::Network);
    }
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let controller = AbortController::new().map_err(|_| ApiError::Network)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_signal(Some(&controller.signal()));
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| ApiError::Network)?;
    let _ = request.headers().set("Accept", "application/json");
    let signal = controller.signal();
    // Dropping the timer (on success) cancels it; firing aborts fetch and body reading.
    let _deadline = Timeout::new(REQUEST_TIMEOUT.as_millis() as u32, move || controller.abort());
    let aborted_or_network = |_e: JsValue| if signal.aborted() { ApiError::Timeout } else { ApiError::Network };
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(&aborted_or_network)?
        .dyn_into()
        .map_err(|_| ApiError::Network)?;
    let text_promise = response.text().map_err(|_| ApiError::Network)?;
    let text = JsFuture::from(text_promise).await.map_err(&aborted_or_network)?;
    Ok((response.status(), text.as_string().unwrap_or_default()))
}

/// GET, retried at most twice with backoff on network failures and 5xx.
pub async fn get_with_retries(url: &str) -> Result<String, ApiError> {
    let mut attempt = 0;
    loop {
        let result = match send("GET", url).await {
            Ok((status, body)) if (200..300).contains(&status) => Ok(body),
            Ok((status, body)) => Err(ApiError::from_status(status, &body)),
            Err(e) => Err(e),
        };
        match result {
            Err(e) if e.is_transient() && attempt < RETRY_BACKOFF.len() => {
                gloo_timers::future::sleep(RETRY_BACKOFF[attempt]).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// A static file next to index.html (config.json).
pub async fn fetch_text(url: &str) -> Result<String, ApiError> {
    get_with_retries(url).await
}
