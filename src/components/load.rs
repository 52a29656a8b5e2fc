//! Loading data for a page: one hook that fetches when its inputs change, keeps
//! the latest answer only (a slow earlier answer never overwrites a newer one),
//! and offers a retry. Live values are asked again in place with [`use_live_load`].

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use contract::AccountNo;

use crate::api::{Api, ApiError};
use crate::state::session::{use_api, use_session};

#[derive(Clone, PartialEq, Debug)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(ApiError),
}

#[hook]
pub fn use_load<T, D, F, Fut>(deps: D, fetch: F) -> (UseStateHandle<Load<T>>, Callback<()>)
where
    T: PartialEq + 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| Load::Loading);
    let attempt = use_state(|| 0u32);
    let generation = use_mut_ref(|| Rc::new(Cell::new(0u32)));
    {
        let state = state.clone();
        let generation = generation.borrow().clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            let this = generation.get().wrapping_add(1);
            generation.set(this);
            state.set(Load::Loading);
            let request = fetch(deps.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = request.await;
                if generation.get() == this {
                    state.set(match result {
                        Ok(value) => Load::Ready(value),
                        Err(e) => Load::Failed(e),
                    });
                }
            });
        });
    }
    let retry = Callback::from(move |()| attempt.set(*attempt + 1));
    (state, retry)
}

/// [`use_load`] for something of the current account: fetched again when the customer
/// switches account. Until who they are is known (a cold load asks `/me` first), it
/// stays loading; a customer with no account bound gets "not found".
#[hook]
pub fn use_account_load<T, F, Fut>(fetch: F) -> (UseStateHandle<Load<T>>, Callback<()>)
where
    T: PartialEq + 'static,
    F: Fn(Api, AccountNo) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let session = use_session();
    let api = use_api();
    let account = session.current_account().map(|a| a.account_no.clone());
    let known = session.me.is_some();
    use_load((account, known), move |(account, known)| {
        let request = account.map(|a| fetch(api.clone(), a));
        async move {
            match request {
                Some(request) => request.await,
                // Never answers (and holds nothing): the customer's arrival changes the
                // inputs, and the load starts again with their account.
                None if !known => std::future::pending().await,
                None => Err(ApiError::NotFound),
            }
        }
    })
}

/// [`use_load`] for a value that changes while the page is open (a queue
/// position, a follow-up waiting for the utility's reply): while `live` says
/// the shown value can still change, it is asked again every `every_ms` and the
/// answer put in place of the shown one. No skeleton in between (nothing jumps
/// under the reader's eyes), and a failed ask keeps what is shown, since the
/// next one tries again. An answer that arrives after the inputs changed or the
/// page closed is dropped.
#[hook]
pub fn use_live_load<T, D, F, Fut>(
    deps: D,
    every_ms: u32,
    live: fn(&T) -> bool,
    fetch: F,
) -> (UseStateHandle<Load<T>>, Callback<()>)
where
    T: PartialEq + 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let fetch = Rc::new(fetch);
    let (state, retry) = {
        let fetch = fetch.clone();
        use_load(deps.clone(), move |deps| fetch(deps))
    };
    let active = matches!(&*state, Load::Ready(value) if live(value));
    {
        let state = state.clone();
        use_effect_with((deps, active), move |(deps, active)| {
            let alive = Rc::new(Cell::new(true));
            let interval = active.then(|| {
                let (alive, deps) = (alive.clone(), deps.clone());
                Interval::new(every_ms, move || {
                    let (alive, state, request) = (alive.clone(), state.clone(), fetch(deps.clone()));
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Ok(value) = request.await {
                            if alive.get() {
                                state.set(Load::Ready(value));
                            }
                        }
                    });
                })
            });
            move || {
                alive.set(false);
                drop(interval);
            }
        });
    }
    (state, retry)
}
