//! Submitting a form: one press at a time, its errors, and the idempotency key
//! of a press that changes something.
//!
//! [`use_submit`] guards against a second press while one is on its way (checked
//! and set synchronously: a double tap before the next render finds it), shows
//! "busy", and shows what went wrong as [`FormErrors`]. [`send_once`] sends a
//! request with the `Idempotency-Key` made for it, kept beside the form's draft
//! until an answer says what happened: pressing again after a lost answer, even
//! after a reload, sends the same key, so the server does it at most once.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use yew::prelude::*;

use super::form::FormErrors;
use crate::api::{ApiError, Press};
use crate::state::drafts;

type Task = Pin<Box<dyn Future<Output = Result<(), FormErrors>>>>;

/// A form's submit: whether a press is on its way, and what the last one found wrong.
#[derive(Clone)]
pub struct Submit {
    busy: UseStateHandle<bool>,
    errors: UseStateHandle<FormErrors>,
    in_flight: Rc<Cell<bool>>,
}

#[hook]
pub fn use_submit() -> Submit {
    let busy = use_state(|| false);
    let errors = use_state(FormErrors::default);
    let in_flight = use_memo((), |_| Rc::new(Cell::new(false)));
    Submit { busy, errors, in_flight: (*in_flight).clone() }
}

impl Submit {
    pub fn busy(&self) -> bool {
        *self.busy
    }

    pub fn errors(&self) -> &FormErrors {
        &self.errors
    }

    /// Shows problems the form found itself (nothing was sent).
    pub fn show(&self, errors: FormErrors) {
        self.errors.set(errors);
    }

    /// Runs `task` unless a press is already on its way (then returns false and
    /// does nothing). Busy until it ends; its `Err` is shown, an `Ok` clears what was.
    pub fn run(&self, task: impl Future<Output = Result<(), FormErrors>> + 'static) -> bool {
        self.start(Box::pin(task))
    }

    fn start(&self, task: Task) -> bool {
        if self.in_flight.replace(true) {
            return false;
        }
        self.busy.set(true);
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let result = task.await;
            this.errors.set(result.err().unwrap_or_default());
            this.in_flight.set(false);
            this.busy.set(false);
        });
        true
    }
}

/// Where a press's key is kept until it is answered.
pub enum Keep<'a, R> {
    /// Beside the form's draft (`draft.<form>.press`): survives a reload.
    Draft(&'a str),
    /// In memory only, for a request that carries a code, which is never stored.
    Memory(&'a RefCell<Option<Press<R>>>),
}

impl<R: Serialize + DeserializeOwned + PartialEq + Clone> Keep<'_, R> {
    fn name(form: &str) -> String {
        format!("{form}.press")
    }

    fn kept(&self) -> Option<Press<R>> {
        match self {
            Keep::Draft(form) => drafts::load::<Option<Press<R>>>(&Self::name(form)),
            Keep::Memory(cell) => cell.borrow().clone(),
        }
    }

    fn put(&self, press: Option<Press<R>>) {
        match (self, press) {
            (Keep::Draft(form), Some(press)) => drafts::save(&Self::name(form), &Some(press)),
            (Keep::Draft(form), None) => drafts::clear(&Self::name(form)),
            (Keep::Memory(cell), press) => *cell.borrow_mut() = press,
        }
    }
}

/// Sends `request` as one press: the same request as a press not yet answered
/// keeps that press's key; another request gets a new key. The key is kept while
/// the outcome is unknown (lost answer, timeout, 5xx, still being handled) and
/// forgotten once answered.
pub async fn send_once<R, T, Fut>(
    keep: Keep<'_, R>,
    request: R,
    send: impl FnOnce(R, String) -> Fut,
) -> Result<T, ApiError>
where
    R: Serialize + DeserializeOwned + PartialEq + Clone,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let press = Press::of(keep.kept().as_ref(), &request);
    keep.put(Some(press.clone()));
    let result = send(press.request.clone(), press.key.clone()).await;
    keep.put(press.after(result.as_ref().map(drop)));
    result
}
