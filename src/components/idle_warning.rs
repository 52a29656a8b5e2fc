//! Warns two minutes before the idle session ends, with one button to stay
//! signed in; at the end, sends the customer to sign in and back.

use crate::router::use_navigator;
use yew::prelude::*;

use crate::app::Route;
use crate::components::code::use_clock;
use crate::i18n::{t, tf, Text};
use crate::platform::dom;
use crate::state::prefs::use_lang;
use crate::state::session::{remember_return_route, use_api, use_session, SessionAction, SessionEnd};

/// How long before the end the warning shows.
pub const WARN_BEFORE_MS: f64 = 120_000.0;

#[function_component(IdleWarning)]
pub fn idle_warning() -> Html {
    let lang = use_lang();
    let session = use_session();
    let api = use_api();
    let navigator = use_navigator();
    // Re-rendered every second while signed in, to count down.
    let now = use_clock(session.signed_in());
    let remaining_ms = session.expires_at_ms() - now;
    let expired = session.signed_in() && remaining_ms <= 0.0;
    {
        let session = session.clone();
        use_effect_with(expired, move |expired| {
            if *expired {
                remember_return_route();
                session.dispatch(SessionAction::Ended(SessionEnd::Expired));
                if let Some(nav) = navigator {
                    nav.push(&Route::SignIn);
                }
            }
        });
    }
    let showing = session.signed_in() && !expired && remaining_ms <= WARN_BEFORE_MS;
    // The warning takes focus when it appears, so a screen reader says it and Enter stays.
    use_effect_with(showing, |showing| {
        if *showing {
            dom::focus("idle-stay");
        }
    });
    if !showing {
        return Html::default();
    }
    let stay = Callback::from(move |()| {
        let api = api.clone();
        // A successful answer counts as activity and slides the expiry.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = api.session_info().await;
        });
    });
    // Whole seconds as an integer: formatting an f64 would pull float printing into the wasm.
    let seconds = ((remaining_ms / 1000.0).ceil() as i64).to_string();
    // Its own alert dialog rather than the shared Dialog: one action (stay, which Escape
    // does too), on every signed-in page, so it stays small in the piece every page loads.
    let onkeydown = {
        let stay = stay.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                stay.emit(());
            }
        })
    };
    html! {
        <div class="dialog-backdrop">
            <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title"
                 aria-describedby="idle-body" {onkeydown} data-testid="dialog">
                <h2 id="idle-title">{ t(lang, Text::IdleWarningTitle) }</h2>
                <p id="idle-body" role="timer" aria-live="off">{ tf(lang, Text::IdleWarningBody, &[&seconds]) }</p>
                <button type="button" class="button" onclick={stay.reform(|_: MouseEvent| ())} id="idle-stay"
                    data-testid="stay-signed-in">
                    { t(lang, Text::StaySignedIn) }
                </button>
            </div>
        </div>
    }
}
