//! Loading data for a page: one hook that fetches when its inputs change, keeps
//! the latest answer only (a slow earlier answer never overwrites a newer one),
//! and offers a retry; [`use_account_load`] for what belongs to the current
//! account; [`use_live_load`] for values that change while the page is open.
//! Each returns a [`Loaded`], whose [`Loaded::view`] is the one way a page shows
//! loading, empty and failed.

use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use yew::prelude::*;

use contract::AccountNo;

use crate::api::{Api, ApiError};
use crate::components::error_view::ErrorView;
use crate::state::session::{use_api, use_session};

#[derive(Clone, PartialEq, Debug)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(ApiError),
}

/// A loaded value of any type: the hooks below share one copy of their code (the
/// core), and only the thin typed layer is made again for each page's type.
type Value = Rc<dyn Any>;
type Asked = Pin<Box<dyn Future<Output = Result<Value, ApiError>>>>;
type Ask = Rc<dyn Fn() -> Asked>;

/// What a loading hook gives the page: the value as it stands, and how to ask again.
pub struct Loaded<T> {
    state: UseStateHandle<Load<Value>>,
    /// Asks again from the start (a skeleton while it does).
    pub retry: Callback<()>,
    /// Asks again now, keeping what is shown until the answer (live values; after a change).
    pub refresh: Callback<()>,
    /// A live value's last ask failed: what is shown may be out of date.
    pub trouble: bool,
    kind: PhantomData<T>,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        Self {
            state: self.state.clone(),
            retry: self.retry.clone(),
            refresh: self.refresh.clone(),
            trouble: self.trouble,
            kind: PhantomData,
        }
    }
}

impl<T: 'static> Loaded<T> {
    pub fn ready(&self) -> Option<&T> {
        match &*self.state {
            Load::Ready(value) => value.downcast_ref(),
            _ => None,
        }
    }

    pub fn failed(&self) -> Option<&ApiError> {
        match &*self.state {
            Load::Failed(error) => Some(error),
            _ => None,
        }
    }

    /// Puts a value the page was given (the answer to a change it made) in place.
    pub fn set(&self, value: T) {
        self.state.set(Load::Ready(Rc::new(value)));
    }

    /// Changes the shown value in place (nothing while it is not there).
    pub fn update(&self, change: impl FnOnce(&mut T))
    where
        T: Clone,
    {
        if let Some(value) = self.ready() {
            let mut next = value.clone();
            change(&mut next);
            self.set(next);
        }
    }

    /// The page's body: a skeleton while loading, the error with a retry when it
    /// failed, else what `ready` makes of the value.
    pub fn view(&self, ready: impl FnOnce(&T) -> Html) -> Html {
        self.view_in(skeleton(), ready)
    }

    /// [`Loaded::view`] with a placeholder of the size of what is coming (a chart), so
    /// nothing shifts when it arrives.
    pub fn view_in(&self, placeholder: Html, ready: impl FnOnce(&T) -> Html) -> Html {
        match (&*self.state, self.ready()) {
            (_, Some(value)) => ready(value),
            (Load::Failed(error), _) => failed(error, &self.retry),
            _ => placeholder,
        }
    }
}

impl<T: 'static> Loaded<Vec<T>> {
    /// [`Loaded::view`] for a list: `empty` (see [`empty`]) when there is nothing in it.
    pub fn view_list(&self, empty: Html, ready: impl FnOnce(&[T]) -> Html) -> Html {
        self.view(|list| if list.is_empty() { empty } else { ready(list) })
    }
}

/// The placeholder while something loads: it keeps the page's place, says nothing.
pub fn skeleton() -> Html {
    html! { <div class="skeleton" aria-hidden="true"></div> }
}

/// What failed and what to do, with a retry where retrying can help.
pub fn failed(error: &ApiError, retry: &Callback<()>) -> Html {
    html! { <ErrorView error={error.clone()} on_retry={retry.clone()} /> }
}

/// "There is nothing here", as a plain notice (not an alert: nothing is wrong).
pub fn empty(testid: &'static str, text: &str) -> Html {
    html! { <p class="notice" data-testid={testid}>{ text.to_owned() }</p> }
}

/// Answers are applied in the order they were asked: one that was overtaken (its
/// inputs changed, a newer ask answered first, the page closed) is dropped.
#[derive(Clone, Default)]
struct Tickets {
    issued: Rc<Cell<u32>>,
    applied: Rc<Cell<u32>>,
}

impl Tickets {
    fn issue(&self) -> u32 {
        let next = self.issued.get().wrapping_add(1);
        self.issued.set(next);
        next
    }

    /// Whether the answer to `ticket` may be shown (and from now on, no older one).
    fn apply(&self, ticket: u32) -> bool {
        let fresh = ticket > self.applied.get();
        if fresh {
            self.applied.set(ticket);
        }
        fresh
    }

    /// Drops every answer not yet in (the inputs changed, the page closed).
    fn void(&self) {
        self.applied.set(self.issue());
    }
}

/// Counts the changes of `inputs`: the one typed part of deciding when to ask again.
#[hook]
fn use_changes<D: PartialEq + 'static>(inputs: D) -> u32 {
    let seen = use_mut_ref(|| None::<(D, u32)>);
    let mut seen = seen.borrow_mut();
    let count = match &*seen {
        Some((last, count)) if *last == inputs => *count,
        Some((_, count)) => count.wrapping_add(1),
        None => 0,
    };
    *seen = Some((inputs, count));
    count
}

/// The shared core: asks whenever `inputs` changes, on a retry (showing a skeleton) or a
/// refresh (keeping what is shown), and applies answers in the order they were asked.
struct Core {
    state: UseStateHandle<Load<Value>>,
    retry: Callback<()>,
    refresh: Callback<()>,
    tickets: Tickets,
    ask: Ask,
}

#[hook]
fn use_load_core(inputs: u32, ask: Ask) -> Core {
    let state = use_state(|| Load::Loading);
    let attempt = use_state(|| 0u32);
    let tickets = (*use_memo((), |_| Tickets::default())).clone();
    // Set by a refresh: the next ask keeps what is shown, also when it fails.
    let quiet = use_mut_ref(|| false);
    {
        let (state, tickets, quiet, ask) = (state.clone(), tickets.clone(), quiet.clone(), ask.clone());
        use_effect_with((inputs, *attempt), move |_| {
            let keep = std::mem::take(&mut *quiet.borrow_mut());
            tickets.void();
            if !keep {
                state.set(Load::Loading);
            }
            let (ticket, request, void) = (tickets.issue(), ask(), tickets.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = request.await;
                if tickets.apply(ticket) {
                    match result {
                        Ok(value) => state.set(Load::Ready(value)),
                        Err(e) if !keep => state.set(Load::Failed(e)),
                        Err(_) => {}
                    }
                }
            });
            move || void.void()
        });
    }
    let again = move |keep: bool| {
        let (attempt, quiet) = (attempt.clone(), quiet.clone());
        Callback::from(move |()| {
            *quiet.borrow_mut() = keep;
            attempt.set(*attempt + 1);
        })
    };
    Core { state, retry: again(false), refresh: again(true), tickets, ask }
}

/// While `still` says the shown value can change, asks again after each pause (the last
/// repeats) and puts the answer in place; says whether the last ask failed on the way.
/// Only pages with live values carry this part.
#[hook]
fn use_live_core(core: &Core, inputs: u32, pauses_ms: &'static [u32], still: Rc<dyn Fn(&Value) -> bool>) -> bool {
    let trouble = use_state(|| false);
    let active = match &*core.state {
        Load::Ready(value) => still(value),
        _ => false,
    };
    let (state, tickets, ask) = (core.state.clone(), core.tickets.clone(), core.ask.clone());
    let shown = trouble.clone();
    use_effect_with((inputs, active), move |_| {
        let alive = Rc::new(Cell::new(true));
        if active {
            let alive = alive.clone();
            wasm_bindgen_futures::spawn_local(async move {
                for step in 0.. {
                    let pause = pauses_ms.get(step).or(pauses_ms.last()).copied().unwrap_or(5_000);
                    TimeoutFuture::new(pause).await;
                    if !alive.get() {
                        return;
                    }
                    let (ticket, request) = (tickets.issue(), ask());
                    let result = request.await;
                    if !alive.get() || !tickets.apply(ticket) {
                        return;
                    }
                    match result {
                        Ok(value) => {
                            trouble.set(false);
                            let going_on = still(&value);
                            state.set(Load::Ready(value));
                            if !going_on {
                                return;
                            }
                        }
                        Err(e) if e.is_transient() => trouble.set(true),
                        Err(e) => {
                            trouble.set(false);
                            state.set(Load::Failed(e));
                            return;
                        }
                    }
                }
            });
        }
        move || alive.set(false)
    });
    *shown
}

/// The typed ask: `fetch` with the inputs, its answer made a [`Value`].
fn ask_with<T, D, F, Fut>(deps: D, fetch: F) -> Ask
where
    T: 'static,
    D: Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    Rc::new(move || {
        let request = fetch(deps.clone());
        Box::pin(async move { request.await.map(|value| Rc::new(value) as Value) })
    })
}

/// Loads with `fetch` whenever `deps` change; only the answer to the latest ask is shown.
#[hook]
pub fn use_load<T, D, F, Fut>(deps: D, fetch: F) -> Loaded<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let inputs = use_changes(deps.clone());
    let Core { state, retry, refresh, .. } = use_load_core(inputs, ask_with(deps, fetch));
    Loaded { state, retry, refresh, trouble: false, kind: PhantomData }
}

/// [`use_load`] with the API handle of the current session: what nearly every page loads.
#[hook]
pub fn use_api_load<T, D, F, Fut>(deps: D, fetch: F) -> Loaded<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(Api, D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let api = use_api();
    use_load(deps, move |deps| fetch(api.clone(), deps))
}

/// [`use_load`] for something of the current account: fetched again when the customer
/// switches account. Until who they are is known (a cold load asks `/me` first), it
/// stays loading; a customer with no account bound gets "not found".
#[hook]
pub fn use_account_load<T, F, Fut>(fetch: F) -> Loaded<T>
where
    T: 'static,
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
/// position, an order waiting for the provider): while `live` says the shown
/// value can still change, it is asked again after each pause of `pauses_ms`
/// (the last repeats) and the answer put in place of the shown one. No skeleton
/// in between (nothing jumps under the reader's eyes); a failed ask keeps what is
/// shown and sets [`Loaded::trouble`], since the next one tries again; a refusal
/// (not found, gone) ends the asking and is shown. An answer that arrives after
/// the inputs changed or the page closed is dropped.
#[hook]
pub fn use_live_load<T, D, F, Fut>(deps: D, pauses_ms: &'static [u32], live: fn(&T) -> bool, fetch: F) -> Loaded<T>
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let inputs = use_changes(deps.clone());
    let core = use_load_core(inputs, ask_with(deps, fetch));
    let still: Rc<dyn Fn(&Value) -> bool> = Rc::new(move |value: &Value| value.downcast_ref().is_some_and(live));
    let trouble = use_live_core(&core, inputs, pauses_ms, still);
    Loaded { state: core.state, retry: core.retry, refresh: core.refresh, trouble, kind: PhantomData }
}
