//! Drafts of forms in sessionStorage: a reload, an error, a timeout or an expired
//! session never loses what the customer typed. Never used for codes or secrets.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::platform::storage::{self, Area};

fn key(form: &str) -> String {
    format!("draft.{form}")
}

pub fn load<T: DeserializeOwned + Default>(form: &str) -> T {
    storage::get_json(Area::Session, &key(form)).unwrap_or_default()
}

pub fn save<T: Serialize>(form: &str, draft: &T) {
    storage::set_json(Area::Session, &key(form), draft);
}

pub fn clear(form: &str) {
    storage::remove(Area::Session, &key(form));
}
