//! The SMS code step's shared parts: the clock of the resend cooldown and the
//! line under the code field (the wait, then the resend button).

use contract::SmsCodeSent;
use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::i18n::{t, tf, Lang, Text};
use crate::platform::dom;

/// Now (ms), ticking every second while `counting`.
#[hook]
pub fn use_clock(counting: bool) -> f64 {
    let now = use_state(dom::now_ms);
    {
        let now = now.clone();
        use_effect_with(counting, move |counting| {
            let interval = counting.then(|| Interval::new(1000, move || now.set(dom::now_ms())));
            move || drop(interval)
        });
    }
    *now
}

/// "Send again in 42 s", or, once the wait is over, the button that sends a new code.
pub fn resend_line(lang: Lang, sent: &SmsCodeSent, sent_at_ms: f64, now: f64, on_resend: &Callback<()>) -> Html {
    let wait_s = (sent_at_ms + f64::from(sent.resend_after_s) * 1000.0 - now) / 1000.0;
    if wait_s > 0.0 {
        html! { <p class="hint" data-testid="resend-wait">{ tf(lang, Text::ResendIn, &[&(wait_s.ceil() as i64).to_string()]) }</p> }
    } else {
        html! { <button type="button" class="button button-secondary" onclick={on_resend.reform(|_| ())}
        data-testid="resend">{ t(lang, Text::Resend) }</button> }
    }
}
