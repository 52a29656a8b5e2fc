//! fetch() with a deadline (AbortController) and bounded retries.

use std::time::Duration;

use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, Response};

use super::ApiError;

/// Longest wait for one request, including reading its body.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Pauses before the first and second retry.
const RETRY_BACKOFF: [Duration; 2] = [Duration::from_millis(600), Duration::from_millis(1800)];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

pub struct Request<'a> {
    pub method: Method,
    pub url: String,
    pub body: Option<String>,
    pub token: Option<&'a str>,
    pub idempotency_key: Option<&'a str>,
}

impl Request<'_> {
    /// GETs are safe to repeat; other methods only with an idempotency key.
    fn retryable(&self) -> bool {
        self.method == Method::Get || self.idempotency_key.is_some()
    }
}

fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

/// One request: the status and body text, or a transport error.
async fn send(request: &Request<'_>) -> Result<(u16, String), ApiError> {
    let (status, body) = send_raw(request, false).await?;
    Ok((status, body.as_string().unwrap_or_default()))
}

/// A GET whose answer is a file (the e-invoice PDF), retried like any GET.
pub async fn fetch_blob(request: &Request<'_>) -> Result<web_sys::Blob, ApiError> {
    let mut attempt = 0;
    loop {
        let result = match send_raw(request, true).await {
            Ok((status, body)) if (200..300).contains(&status) => body.dyn_into().map_err(|_| ApiError::Server),
            // Error answers are JSON even here; read them as text to map the error.
            Ok((status, body)) => {
                let text = match body.dyn_into::<web_sys::Blob>() {
                    Ok(blob) => JsFuture::from(blob.text()).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
                    Err(_) => String::new(),
                };
                Err(ApiError::from_status(status, &text))
            }
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

/// One request: the status and the body as text or as a Blob.
async fn send_raw(request: &Request<'_>, as_blob: bool) -> Result<(u16, JsValue), ApiError> {
    if is_offline() {
        return Err(ApiError::Network);
    }
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let controller = AbortController::new().map_err(|_| ApiError::Network)?;
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_signal(Some(&controller.signal()));
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    let fetch_request = web_sys::Request::new_with_str_and_init(&request.url, &init).map_err(|_| ApiError::Network)?;
    let headers = fetch_request.headers();
    let _ = headers.set("Accept", "application/json");
    if request.body.is_some() {
        let _ = headers.set("Content-Type", "application/json");
    }
    if let Some(token) = request.token {
        let _ = headers.set("Authorization", &format!("Bearer {token}"));
    }
    if let Some(key) = request.idempotency_key {
        let _ = headers.set("Idempotency-Key", key);
    }
    let signal = controller.signal();
    // Dropping the timer (on success) cancels it; firing aborts fetch and body reading.
    let _deadline = Timeout::new(REQUEST_TIMEOUT.as_millis() as u32, move || controller.abort());
    let aborted_or_network = |_e: JsValue| if signal.aborted() { ApiError::Timeout } else { ApiError::Network };
    let response: Response = JsFuture::from(window.fetch_with_request(&fetch_request))
        .await
        .map_err(&aborted_or_network)?
        .dyn_into()
        .map_err(|_| ApiError::Network)?;
    let body_promise = if as_blob { response.blob() } else { response.text() }.map_err(|_| ApiError::Network)?;
    let body = JsFuture::from(body_promise).await.map_err(&aborted_or_network)?;
    Ok((response.status(), body))
}

/// Sends, retrying at most twice with backoff on network failures and 5xx when repeating is safe,
/// and on a keyed request's 409 `conflict` (its key's first request is still being handled).
pub async fn send_with_retries(request: &Request<'_>) -> Result<String, ApiError> {
    let mut attempt = 0;
    loop {
        let result = match send(request).await {
            Ok((status, body)) if (200..300).contains(&status) => Ok(body),
            Ok((status, body)) => Err(ApiError::from_status(status, &body)),
            Err(e) => Err(e),
        };
        let again = |e: &ApiError| {
            (e.is_transient() && request.retryable()) || (*e == ApiError::Conflict && request.idempotency_key.is_some())
        };
        match result {
            Err(e) if again(&e) && attempt < RETRY_BACKOFF.len() => {
                gloo_timers::future::sleep(RETRY_BACKOFF[attempt]).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// A static file next to index.html (config.json).
pub async fn fetch_text(url: &str) -> Result<String, ApiError> {
    let request = Request { method: Method::Get, url: url.to_owned(), body: None, token: None, idempotency_key: None };
    send_with_retries(&request).await
}
