//! Per-route loading: each area's pages are a separate WebAssembly piece, fetched
//! on the area's first visit and cached after that (hashed names, immutable).
//!
//! `#[wasm_split]` turns each `*_routes` function below into a split point: its
//! body and everything only it reaches moves into `split_<area>.wasm`
//! (`scripts/wasm.sh`). Calling it fetches the piece once; what it returns is the
//! area's switch, kept here so later visits render at once. A piece that cannot
//! be fetched is a value, shown with a retry, never a panic.

use std::cell::RefCell;

use wasm_split_helpers::{wasm_split, SplitLoaderError};
use yew::prelude::*;

use crate::components::idle_warning::IdleWarning;
use crate::components::page::Page;
use crate::i18n::{t, Text};
use crate::pages;
use crate::platform::deploy;
use crate::route::{Area, Route};
use crate::router::Navigator;
use crate::state::prefs::use_lang;
use crate::state::session::{remember_return_route, use_session, CustomerLoader};

/// An area's switch: the page for one of its routes.
pub type Routes = fn(&Route) -> Html;

/// A piece that could not be fetched or instantiated (offline, a 5xx, a 404
/// after a deploy); the loader logs the details to the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PieceMissing;

impl From<SplitLoaderError> for PieceMissing {
    fn from(_: SplitLoaderError) -> Self {
        PieceMissing
    }
}

/// What every area's pages carry beside the page: the warning before an idle
/// session ends, and the loading of the customer. Only the pieces reach them, so
/// they travel in the piece the pieces share.
fn with_page_extras(page: Html) -> Html {
    html! { <>{ page }<IdleWarning /><CustomerLoader /></> }
}

#[wasm_split(home, fallible)]
fn home_routes() -> Result<Routes, PieceMissing> {
    Ok(|_| with_page_extras(html! { <pages::home::HomePage /> }))
}

#[wasm_split(usage, fallible)]
fn usage_routes() -> Result<Routes, PieceMissing> {
    Ok(|route| {
        with_page_extras(match route {
            Route::Usage => html! { <pages::usage::UsagePage /> },
            Route::Bills => html! { <pages::bills::BillsPage /> },
            Route::Bill { id } => html! { <pages::bill::BillPage id={*id} /> },
            _ => html! { <pages::notices::NoticesPage /> },
        })
    })
}

#[wasm_split(pay, fallible)]
fn pay_routes() -> Result<Routes, PieceMissing> {
    Ok(|route| {
        with_page_extras(match route {
            Route::Pay => html! { <pages::pay::PayPage /> },
            Route::PayOther => html! { <pages::pay_other::PayOtherPage /> },
            Route::PayReturn => html! { <pages::pay_return::PayReturnPage /> },
            Route::PayOrder { no } => html! { <pages::order::OrderPage no={no.clone()} /> },
            Route::Receipt { no } => html! { <pages::receipt::ReceiptPage no={no.clone()} /> },
            _ => html! { <pages::payments::PaymentsPage /> },
        })
    })
}

#[wasm_split(halls, fallible)]
fn halls_routes() -> Result<Routes, PieceMissing> {
    Ok(|route| {
        with_page_extras(match route {
            Route::Guidance => html! { <pages::guidance::GuidancePage /> },
            Route::GuidanceNeed { need } => html! { <pages::guidance::GuidancePage need={need.clone()} /> },
            Route::Book { step } => html! { <pages::book::BookPage step={step.clone()} /> },
            Route::Appointments => html! { <pages::appointments::AppointmentsPage /> },
            Route::Appointment { id } => {
                html! { <pages::appointments::AppointmentPage id={*id} /> }
            }
            Route::Reschedule { id } => html! { <pages::reschedule::ReschedulePage id={*id} /> },
            _ => html! { <pages::halls::HallsPage /> },
        })
    })
}

#[wasm_split(ratings, fallible)]
fn ratings_routes() -> Result<Routes, PieceMissing> {
    Ok(|route| {
        with_page_extras(match route {
            Route::Rating { id } => html! { <pages::rating::RatingPage id={*id} /> },
            Route::Rate { kind, id } => {
                html! { <pages::rate::RatePage kind={kind.clone()} id={id.clone()} /> }
            }
            _ => html! { <pages::ratings::RatingsPage /> },
        })
    })
}

#[wasm_split(account, fallible)]
fn account_routes() -> Result<Routes, PieceMissing> {
    Ok(|route| {
        with_page_extras(match route {
            Route::Accounts => html! { <pages::accounts::AccountsPage /> },
            Route::Settings => html! { <pages::settings::SettingsPage /> },
            Route::Status => html! { <pages::health::HealthPage /> },
            Route::Privacy => html! { <pages::privacy::PrivacyPage /> },
            _ => html! { <pages::not_found::NotFoundPage /> },
        })
    })
}

/// Signing in from WeChat's browser: no other browser needs it.
#[wasm_split(wechat, fallible)]
pub fn wechat_piece() -> Result<fn(pages::sign_in::wechat::WechatExchange), PieceMissing> {
    Ok(pages::sign_in::wechat::exchange)
}

thread_local! {
    /// The areas that have arrived, with their switches.
    static ARRIVED: RefCell<Vec<(Area, Routes)>> = const { RefCell::new(Vec::new()) };
}

fn arrived(area: Area) -> Option<Routes> {
    ARRIVED.with(|a| a.borrow().iter().find(|(x, _)| *x == area).map(|(_, routes)| *routes))
}

/// Fetches an area's piece (once; a failed fetch is tried afresh next time).
pub async fn fetch(area: Area) -> Result<Routes, PieceMissing> {
    if let Some(routes) = arrived(area) {
        return Ok(routes);
    }
    let routes = match area {
        // Ships with the app (the switch renders it directly); here for completeness.
        Area::Landing => Ok((|_| html! { <pages::sign_in::SignInPage /> }) as Routes),
        Area::Home => home_routes().await,
        Area::Usage => usage_routes().await,
        Area::Pay => pay_routes().await,
        Area::Halls => halls_routes().await,
        Area::Ratings => ratings_routes().await,
        Area::Account => account_routes().await,
    }?;
    ARRIVED.with(|a| {
        let mut arrived = a.borrow_mut();
        if !arrived.iter().any(|(x, _)| *x == area) {
            arrived.push((area, routes));
        }
    });
    Ok(routes)
}

/// Fetches an area's piece ahead of its first visit, e.g. while the customer types
/// the code that signs them in; a failure here is tried again by the visit.
pub fn prefetch(area: Area) {
    wasm_bindgen_futures::spawn_local(async move {
        let _ = fetch(area).await;
    });
}

#[derive(Properties, PartialEq)]
pub struct PieceProps {
    pub route: Route,
}

#[derive(Clone, Copy, PartialEq)]
enum Fetch {
    Waiting,
    Failed,
    /// Here: re-renders with the switch kept in ARRIVED.
    Arrived,
}

/// A route whose page is in another piece: the page once its piece is here; until
/// then the page's frame with a progress state, or a retry if it cannot be fetched.
/// A page for signed-in customers first sends others to sign in (and back after),
/// so they fetch nothing they cannot see.
#[function_component(Piece)]
pub fn piece(props: &PieceProps) -> Html {
    let lang = use_lang();
    let session = use_session();
    let area = props.route.area();
    let fetch_state = use_state(|| Fetch::Waiting);
    let attempt = use_state(|| 0u32);
    let routes = arrived(area);
    let turned_away = props.route.needs_sign_in() && !session.signed_in();
    use_effect_with(turned_away, |turned_away| {
        if *turned_away {
            remember_return_route();
            Navigator.replace(&Route::SignIn);
        }
    });
    {
        let fetch_state = fetch_state.clone();
        use_effect_with((area, *attempt, routes.is_some() || turned_away), move |(area, _, here_or_not_needed)| {
            if !*here_or_not_needed {
                fetch_state.set(Fetch::Waiting);
                let area = *area;
                wasm_bindgen_futures::spawn_local(async move {
                    match fetch(area).await {
                        Ok(_) => fetch_state.set(Fetch::Arrived),
                        // A newer deploy may have replaced the pieces this tab knows:
                        // then the page reloads itself once to the new build.
                        Err(PieceMissing) if deploy::reload_if_replaced().await => {}
                        Err(PieceMissing) => fetch_state.set(Fetch::Failed),
                    }
                });
            }
        });
    }
    if turned_away {
        return Html::default();
    }
    if let Some(routes) = routes {
        return routes(&props.route);
    }
    let body = match *fetch_state {
        Fetch::Waiting | Fetch::Arrived => html! {
            <div role="status" aria-live="polite" data-testid="piece-loading">
                <div class="skeleton" aria-hidden="true"></div>
                <p class="shell-note">{ t(lang, Text::Loading) }</p>
            </div>
        },
        Fetch::Failed => {
            let retry = Callback::from(move |_| attempt.set(*attempt + 1));
            html! {
                <div class="notice notice-error" role="alert" data-testid="piece-missing">
                    <p>{ t(lang, Text::PieceMissing) }</p>
                    <button type="button" class="button" onclick={retry} data-testid="piece-retry">
                        { t(lang, Text::Retry) }
                    </button>
                </div>
            }
        }
    };
    html! { <Page title={t(lang, props.route.title())}>{ body }</Page> }
}
