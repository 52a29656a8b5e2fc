//! Document-level effects: title, focus, root attributes, and the URL.

use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

pub fn set_title(title: &str) {
    if let Some(d) = document() {
        d.set_title(title);
    }
}

/// Moves focus to the element with `id` (page headings carry `tabindex="-1"`).
pub fn focus(id: &str) {
    if let Some(el) =
        document().and_then(|d| d.get_element_by_id(id)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Sets or removes an attribute on `<html>` (language, care mode).
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = match value {
            Some(v) => root.set_attribute(name, v),
            None => root.remove_attribute(name),
        };
    }
}

pub fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The hash route, e.g. `/accounts` for `#/accounts`.
pub fn current_route() -> String {
    location().and_then(|l| l.hash().ok()).map(|h| h.trim_start_matches('#').to_owned()).unwrap_or_default()
}

/// A query parameter of the page URL (before the `#`), as WeChat's OAuth redirect brings.
pub fn query_param(name: &str) -> Option<String> {
    let search = location()?.search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
}

/// Drops the query string from the address bar, keeping path and hash, without reloading.
pub fn clear_query() {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let (Ok(path), Ok(hash)) = (location.pathname(), location.hash()) else { return };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{hash}")));
    }
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
