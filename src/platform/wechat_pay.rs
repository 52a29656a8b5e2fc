//! WeChat Pay inside WeChat's browser: `WeixinJSBridge.invoke('getBrandWCPayRequest', …)`.
//! The bridge appears some time after the page loads (`WeixinJSBridgeReady`); its
//! answer is only a hint for the page's wording — the order's status from the API
//! is the proof of payment.

use std::cell::Cell;
use std::rc::Rc;

use contract::JsapiParams;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How long to wait for the bridge to appear before telling the customer.
const BRIDGE_WAIT_MS: i32 = 8000;

/// What the bridge said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BridgeAnswer {
    /// `get_brand_wcpay_request:ok`: WeChat says it is paid (still to be confirmed by the API).
    Ok,
    /// The customer closed WeChat's payment sheet.
    Cancelled,
    /// WeChat reported a failure.
    Failed,
    /// No bridge: not WeChat, or it never became ready.
    Unavailable,
}

impl BridgeAnswer {
    /// Reads the bridge's `err_msg`.
    pub fn from_message(message: &str) -> BridgeAnswer {
        if message.ends_with(":ok") {
            BridgeAnswer::Ok
        } else if message.ends_with(":cancel") {
            BridgeAnswer::Cancelled
        } else if message == "unavailable" {
            BridgeAnswer::Unavailable
        } else {
            BridgeAnswer::Failed
        }
    }
}

/// Asks WeChat to show its payment sheet and waits for the customer to finish.
pub async fn request_payment(params: &JsapiParams) -> BridgeAnswer {
    let Ok(json) = serde_json::to_string(params) else { return BridgeAnswer::Failed };
    let Ok(params) = js_sys::JSON::parse(&json) else { return BridgeAnswer::Failed };
    let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call1(&JsValue::NULL, &"unavailable".into());
            return;
        };
        // Invoked once: when the bridge is there, when it announces itself, or when the
        // wait ends and it turned up unannounced. Once the page has given up, a late bridge
        // must not open WeChat's sheet.
        let done = Rc::new(Cell::new(false));
        let invoke = {
            let (resolve, params, done) = (resolve.clone(), params.clone(), done.clone());
            move || {
                if !done.replace(true) {
                    invoke_bridge(&params, &resolve);
                }
            }
        };
        if bridge().is_some() {
            invoke();
        } else {
            let on_ready = {
                let invoke = invoke.clone();
                Closure::once_into_js(invoke)
            };
            if let Some(document) = window.document() {
                let _ = document.add_event_listener_with_callback("WeixinJSBridgeReady", on_ready.unchecked_ref());
            }
            let give_up = {
                let resolve = resolve.clone();
                Closure::once_into_js(move || {
                    if bridge().is_some() {
                        invoke();
                    } else if !done.replace(true) {
                        let _ = resolve.call1(&JsValue::NULL, &"unavailable".into());
                    }
                })
            };
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(give_up.unchecked_ref(), BRIDGE_WAIT_MS);
        }
    });
    match JsFuture::from(promise).await {
        Ok(message) => BridgeAnswer::from_message(&message.as_string().unwrap_or_default()),
        Err(_) => BridgeAnswer::Failed,
    }
}

fn bridge() -> Option<JsValue> {
    let window = web_sys::window()?;
    let bridge = Reflect::get(&window, &"WeixinJSBridge".into()).ok()?;
    (!bridge.is_undefined() && !bridge.is_null()).then_some(bridge)
}

fn invoke_bridge(params: &JsValue, resolve: &Function) {
    let answer = |message: &str| {
        let _ = resolve.call1(&JsValue::NULL, &message.into());
    };
    let Some(bridge) = bridge() else { return answer("unavailable") };
    let Some(invoke) = Reflect::get(&bridge, &"invoke".into()).ok().and_then(|f| f.dyn_into::<Function>().ok()) else {
        return answer("unavailable");
    };
    let resolve = resolve.clone();
    let callback = Closure::once_into_js(move |result: JsValue| {
        let message = Reflect::get(&result, &"err_msg".into()).ok().and_then(|m| m.as_string()).unwrap_or_default();
        let _ = resolve.call1(&JsValue::NULL, &message.into());
    });
    if invoke.call3(&bridge, &"getBrandWCPayRequest".into(), params, &callback).is_err() {
        answer("get_brand_wcpay_request:fail");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bridge_messages_are_read_by_their_suffix() {
        assert_eq!(BridgeAnswer::from_message("get_brand_wcpay_request:ok"), BridgeAnswer::Ok);
        assert_eq!(BridgeAnswer::from_message("get_brand_wcpay_request:cancel"), BridgeAnswer::Cancelled);
        assert_eq!(BridgeAnswer::from_message("get_brand_wcpay_request:fail"), BridgeAnswer::Failed);
        assert_eq!(BridgeAnswer::from_message(""), BridgeAnswer::Failed);
        assert_eq!(BridgeAnswer::from_message("unavailable"), BridgeAnswer::Unavailable);
    }
}
