//! Sign-in outside the view: the kept draft, the two steps, sending the code, and form errors.

use contract::{SmsCodeRequest, SmsCodeSent};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::api::Api;
use crate::i18n::Lang;
use crate::kit::{FormErrors, Submit};
use crate::pieces;
use crate::platform::dom;
use crate::platform::storage::{self, Area};
use crate::route::Route;
use crate::state::drafts;
use crate::state::session::peek_return_route;

pub(super) const DRAFT: &str = "sign-in";
/// The code step's state (where the code went, when), kept so a reload stays on it.
pub(super) const SENT: &str = "sign-in.sent";
pub(super) const WECHAT_TICKET: &str = "wechat_ticket";
pub(super) const WECHAT_STATE: &str = "wechat_state";

#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Draft {
    pub(super) account_no: String,
    pub(super) phone: String,
}

/// A code that was sent: where to, and when.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Sent {
    sent: SmsCodeSent,
    at_ms: f64,
}

/// The step to start on: after a reload on the code step, the code step again while its
/// code is still valid (the customer types the code that arrived instead of waiting to
/// ask for another); else the details.
pub(super) fn first_step() -> Step {
    match drafts::load::<Option<Sent>>(SENT) {
        Some(Sent { sent, at_ms }) if dom::now_ms() < at_ms + f64::from(sent.expires_in_s) * 1000.0 => {
            Step::Code { sent, sent_at_ms: at_ms }
        }
        _ => Step::Details,
    }
}

#[derive(Clone, PartialEq)]
pub(super) enum Step {
    Details,
    Code { sent: SmsCodeSent, sent_at_ms: f64 },
}

/// Sends the code; on its way the code step shows, kept for a reload.
pub(super) fn send(api: Api, request: SmsCodeRequest, step: UseStateHandle<Step>, submit: &Submit, lang: Lang) {
    submit.run(async move {
        let sent =
            api.send_sms_code(&request).await.map_err(|e| FormErrors::from_api(lang, &e, FormErrors::no_refusal))?;
        let at_ms = dom::now_ms();
        drafts::save(SENT, &Some(Sent { sent: sent.clone(), at_ms }));
        step.set(Step::Code { sent, sent_at_ms: at_ms });
        // The page signing in leads to arrives while the code is typed.
        pieces::prefetch(peek_return_route().unwrap_or(Route::Home).area());
        Ok(())
    });
}

/// Leaves for WeChat's authorize page (`snsapi_base`), which comes back with `?code=&state=`.
pub(super) fn leave_for_wechat(authorize_url: &str, app_id: &str) {
    let Some(location) = dom::location() else { return };
    let (Ok(origin), Ok(path)) = (location.origin(), location.pathname()) else { return };
    let state = format!("{:x}", (js_sys::Math::random() * 1e15) as u64);
    storage::set(Area::Session, WECHAT_STATE, &state);
    let redirect = String::from(js_sys::encode_uri_component(&format!("{origin}{path}")));
    let url = format!(
        "{authorize_url}?appid={app_id}&redirect_uri={redirect}&response_type=code&scope=snsapi_base&state={state}#wechat_redirect"
    );
    let _ = location.set_href(&url);
}
