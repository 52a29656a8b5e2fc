//! A form's draft: what the customer typed, kept in sessionStorage on every
//! change, so a reload, a trip to a payment provider, an expired session (401,
//! sign in, come back) or an error never loses it. Signing out clears every
//! draft. Never for codes or secrets: keep those in a plain `use_state`.

use std::ops::Deref;

use serde::de::DeserializeOwned;
use serde::Serialize;
use yew::prelude::*;

use crate::state::drafts;

/// The handle on a draft; reads as the draft itself.
pub struct Draft<T> {
    state: UseStateHandle<T>,
    form: AttrValue,
}

impl<T> Clone for Draft<T> {
    fn clone(&self) -> Self {
        Self { state: self.state.clone(), form: self.form.clone() }
    }
}

impl<T: PartialEq> PartialEq for Draft<T> {
    fn eq(&self, other: &Self) -> bool {
        self.form == other.form && self.state == other.state
    }
}

impl<T> Deref for Draft<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.state
    }
}

/// The draft of `form` as it was left (or a new one).
#[hook]
pub fn use_draft<T>(form: impl Into<AttrValue>) -> Draft<T>
where
    T: Serialize + DeserializeOwned + Default + Clone + 'static,
{
    use_draft_with(form, |kept| kept)
}

/// [`use_draft`] where the kept draft must first be fitted to what the page offers
/// now (a choice that is no longer offered, another account).
#[hook]
pub fn use_draft_with<T, F>(form: impl Into<AttrValue>, fit: F) -> Draft<T>
where
    T: Serialize + DeserializeOwned + Default + Clone + 'static,
    F: FnOnce(T) -> T,
{
    let form = form.into();
    let state = {
        let form = form.clone();
        use_state(move || fit(drafts::load(&form)))
    };
    Draft { state, form }
}

impl<T: Serialize + Default + Clone + 'static> Draft<T> {
    /// Keeps `next` and shows it.
    pub fn set(&self, next: T) {
        drafts::save(&self.form, &next);
        self.state.set(next);
    }

    /// A change to the draft as it is now.
    pub fn update(&self, change: impl FnOnce(&mut T)) {
        let mut next = (*self.state).clone();
        change(&mut next);
        self.set(next);
    }

    /// A text field's `on_input`: `put` writes the typed text into the draft.
    pub fn field(&self, put: fn(&mut T, String)) -> Callback<String> {
        let this = self.clone();
        Callback::from(move |value: String| this.update(|d| put(d, value)))
    }

    /// Done with, and leaving the page: forgotten in storage, while what is shown stays
    /// until the page goes (a page that checks its draft would see an empty one first).
    pub fn forget(&self) {
        drafts::clear(&self.form);
    }

    /// Done with, staying on the page: forgotten here and in storage.
    pub fn clear(&self) {
        drafts::clear(&self.form);
        self.state.set(T::default());
    }
}
