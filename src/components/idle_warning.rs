//! Warns two minutes before the idle session ends, with one button to stay
//! signed in; at the end, sends the customer to sign in and back.

use crate::router::use_navigator;
use yew::prelude::*;

use crate::app::Route;
use crate::components::code::use_clock;
use crate::components::dialog::Dialog;
use crate::i18n::{t, tf, Text};
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
    if !session.signed_in() || expired || remaining_ms > WARN_BEFORE_MS {
        return Html::default();
    }
    let stay = Callback::from(move |_| {
        let api = api.clone();
        // A successful answer counts as activity and slides the expiry.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = api.session_info().await;
        });
    });
    // Whole seconds as an integer: formatting an f64 would pull float printing into the wasm.
    let seconds = ((remaining_ms / 1000.0).ceil() as i64).to_string();
    html! {
        <Dialog title={t(lang, Text::IdleWarningTitle).to_owned()} on_close={stay.reform(|()| ())}>
            <p role="timer" aria-live="off">{ tf(lang, Text::IdleWarningBody, &[&seconds]) }</p>
            <button type="button" class="button" onclick={stay.reform(|_: MouseEvent| ())} data-testid="stay-signed-in">
                { t(lang, Text::StaySignedIn) }
            </button>
        </Dialog>
    }
}
