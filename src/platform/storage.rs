//! localStorage (preferences that outlive the tab) and sessionStorage (the session
//! token, drafts and return routes, which end with the tab). Storage can be
//! missing or full (private modes, some webviews): every call degrades to "nothing stored".

use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::Storage;

const PREFIX: &str = "portal.";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Kept across reloads and visits.
    Local,
    /// Kept across reloads of this tab only.
    Session,
}

fn storage(area: Area) -> Option<Storage> {
    let window = web_sys::window()?;
    match area {
        Area::Local => window.local_storage().ok().flatten(),
        Area::Session => window.session_storage().ok().flatten(),
    }
}

pub fn get(area: Area, key: &str) -> Option<String> {
    storage(area)?.get_item(&format!("{PREFIX}{key}")).ok().flatten()
}

pub fn set(area: Area, key: &str, value: &str) {
    if let Some(s) = storage(area) {
        let _ = s.set_item(&format!("{PREFIX}{key}"), value);
    }
}

pub fn remove(area: Area, key: &str) {
    if let Some(s) = storage(area) {
        let _ = s.remove_item(&format!("{PREFIX}{key}"));
    }
}

pub fn get_json<T: DeserializeOwned>(area: Area, key: &str) -> Option<T> {
    get(area, key).and_then(|text| serde_json::from_str(&text).ok())
}

pub fn set_json<T: Serialize>(area: Area, key: &str, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        set(area, key, &text);
    }
}

/// Everything this app stored in this tab, and the current-account choice: sign-out leaves nothing behind.
pub fn clear_customer_data() {
    if let Some(s) = storage(Area::Session) {
        let _ = s.clear();
    }
    remove(Area::Local, "account");
}
