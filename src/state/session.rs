//! The signed-in session: token, idle expiry, the customer and their current
//! account. The token lives in sessionStorage (this tab only); the current
//! account choice in localStorage (remembered across visits).

use std::cell::Cell;
use std::rc::Rc;

use crate::router::Navigator;
use contract::{AccountNo, AccountSummary, Me, Session, SessionToken};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::api::{Api, ApiError};
use crate::app::Route;
use crate::config::{use_config, Config};
use crate::platform::dom;
use crate::platform::storage::{self, Area};
use gloo_timers::future::TimeoutFuture;

/// Set (in localStorage) when the customer signs out or unlinks WeChat: inside
/// WeChat the sign-in page then waits for its WeChat button instead of signing
/// them straight back in.
pub const WECHAT_AUTO_OFF: &str = "wechat.auto-off";

/// Why there is no session, for the sign-in page to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionEnd {
    Expired,
    SignedOut,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SessionState {
    pub token: Option<SessionToken>,
    pub idle_timeout_s: u32,
    /// When the server last saw this session (it slides the expiry on every request).
    pub last_active_ms: f64,
    pub me: Option<Me>,
    pub account: Option<AccountNo>,
    pub ended: Option<SessionEnd>,
}

/// What survives a reload of the tab.
#[derive(Serialize, Deserialize)]
struct Stored {
    token: SessionToken,
    idle_timeout_s: u32,
    last_active_ms: f64,
}

pub enum SessionAction {
    SignedIn(Session),
    Loaded(Me),
    Activity,
    SelectAccount(AccountNo),
    Ended(SessionEnd),
}

impl SessionState {
    fn load() -> SessionState {
        let stored: Option<Stored> = storage::get_json(Area::Session, "session");
        let account = storage::get(Area::Local, "account").and_then(|a| AccountNo::parse(&a).ok());
        match stored {
            Some(s) if dom::now_ms() < s.last_active_ms + f64::from(s.idle_timeout_s) * 1000.0 => SessionState {
                token: Some(s.token),
                idle_timeout_s: s.idle_timeout_s,
                last_active_ms: s.last_active_ms,
                me: None,
                account,
                ended: None,
            },
            _ => SessionState { token: None, idle_timeout_s: 0, last_active_ms: 0.0, me: None, account, ended: None },
        }
    }

    fn store(&self) {
        match &self.token {
            Some(token) => storage::set_json(
                Area::Session,
                "session",
                &Stored {
                    token: token.clone(),
                    idle_timeout_s: self.idle_timeout_s,
                    last_active_ms: self.last_active_ms,
                },
            ),
            None => storage::remove(Area::Session, "session"),
        }
    }

    pub fn signed_in(&self) -> bool {
        self.token.is_some()
    }

    /// When the server will end the session unless it is used.
    pub fn expires_at_ms(&self) -> f64 {
        self.last_active_ms + f64::from(self.idle_timeout_s) * 1000.0
    }

    /// The account being looked at: the remembered choice if still bound, else the first.
    pub fn current_account(&self) -> Option<&AccountSummary> {
        let accounts = &self.me.as_ref()?.accounts;
        self.account
            .as_ref()
            .and_then(|chosen| accounts.iter().find(|a| &a.account_no == chosen))
            .or_else(|| accounts.first())
    }
}

impl Reducible for SessionState {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            SessionAction::SignedIn(session) => {
                next.token = Some(session.token);
                next.idle_timeout_s = session.idle_timeout_s;
                next.last_active_ms = dom::now_ms();
                next.me = None;
                next.ended = None;
            }
            SessionAction::Loaded(me) => next.me = Some(me),
            SessionAction::Activity => next.last_active_ms = dom::now_ms(),
            SessionAction::SelectAccount(account) => {
                storage::set(Area::Local, "account", account.as_str());
                next.account = Some(account);
            }
            SessionAction::Ended(why) => {
                next.token = None;
                next.me = None;
                next.ended = Some(why);
                if why == SessionEnd::SignedOut {
                    storage::clear_customer_data();
                    storage::set(Area::Local, WECHAT_AUTO_OFF, "1");
                    next.account = None;
                }
            }
        }
        next.store();
        Rc::new(next)
    }
}

pub type SessionContext = UseReducerHandle<SessionState>;

#[derive(Properties, PartialEq)]
pub struct SessionProviderProps {
    pub children: Html,
}

/// Keeps the session in context.
#[function_component(SessionProvider)]
pub fn session_provider(props: &SessionProviderProps) -> Html {
    let session = use_reducer(SessionState::load);
    html! {
        <ContextProvider<SessionContext> context={session}>
            { props.children.clone() }
        </ContextProvider<SessionContext>>
    }
}

/// Loads the customer once a session exists. Only the pages of the pieces need the
/// customer, so this travels with them (`src/pieces.rs` renders it beside each page),
/// not in the first download; a piece's page shows its progress state meanwhile.
#[function_component(CustomerLoader)]
pub fn customer_loader() -> Html {
    let session = use_session();
    let api = use_api();
    let needs_me = session.signed_in() && session.me.is_none();
    {
        let session = session.clone();
        use_effect_with((needs_me, session.token.clone()), move |(needs, _)| {
            // Until the session changes: then a newer effect asks, and this one stops.
            let current = Rc::new(Cell::new(true));
            if *needs {
                let current = current.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    // A failed answer is asked again, later each time (2, 4, 8… 30 s), so the
                    // pages that wait for the customer recover by themselves.
                    let mut wait_ms = 2_000;
                    while current.get() {
                        match api.me().await {
                            Ok(me) if current.get() => return session.dispatch(SessionAction::Loaded(me)),
                            // A 401 has ended the session (see `use_api`).
                            Ok(_) | Err(ApiError::Unauthorized) => return,
                            Err(_) => {
                                TimeoutFuture::new(wait_ms).await;
                                wait_ms = (wait_ms * 2).min(30_000);
                            }
                        }
                    }
                });
            }
            move || current.set(false)
        });
    }
    Html::default()
}

#[hook]
pub fn use_session() -> SessionContext {
    use_context::<SessionContext>().unwrap_or_else(|| unreachable!("SessionProvider wraps the app"))
}

/// Where to go after signing in, saved when a session ends mid-task.
const RETURN_KEY: &str = "return_to";

pub fn take_return_route() -> Option<Route> {
    let route = peek_return_route();
    storage::remove(Area::Session, RETURN_KEY);
    route
}

/// Where signing in will go, left in place.
pub fn peek_return_route() -> Option<Route> {
    let path = storage::get(Area::Session, RETURN_KEY)?;
    Some(Route::recognize(&path)).filter(|r| *r != Route::SignIn && *r != Route::NotFound)
}

/// Remembers the current page, so signing in brings the customer back to it.
pub fn remember_return_route() {
    let path = dom::current_route();
    if !path.is_empty() && !path.starts_with("/sign-in") {
        storage::set(Area::Session, RETURN_KEY, &path);
    }
}

/// The API for this session. A 401 ends the session and sends the customer to
/// sign in; they come back to the same page with their drafts.
#[hook]
pub fn use_api() -> Api {
    api_for(&use_config(), &use_session())
}

fn api_for(config: &Config, session: &SessionContext) -> Api {
    let on_unauthorized = {
        let session = session.clone();
        Callback::from(move |()| {
            remember_return_route();
            session.dispatch(SessionAction::Ended(SessionEnd::Expired));
            Navigator.push(&Route::SignIn);
        })
    };
    let on_activity = {
        let session = session.clone();
        Callback::from(move |()| session.dispatch(SessionAction::Activity))
    };
    Api { base: config.api_base.clone(), token: session.token.clone(), on_unauthorized, on_activity }
}
