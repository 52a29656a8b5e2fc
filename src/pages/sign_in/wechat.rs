//! Signing in from WeChat's browser: exchanging the code WeChat's OAuth came back
//! with. Only WeChat's browser runs this, so it is a piece of its own
//! (src/pieces.rs), fetched early there by the boot code and by no other browser.

use contract::{Session, WechatSignIn};
use yew::prelude::*;

use super::flow::WECHAT_TICKET;
use crate::api::Api;
use crate::i18n::Lang;
use crate::kit::{FormErrors, Submit};
use crate::platform::storage::{self, Area};

/// The code WeChat came back with, and where the sign-in page wants the answer.
pub struct WechatExchange {
    pub api: Api,
    pub code: String,
    pub lang: Lang,
    pub finish: Callback<Session>,
    /// The SMS form's: a failed exchange is shown there, and the form stays.
    pub form: Submit,
    pub busy: UseStateHandle<bool>,
}

/// Signed in, or a ticket kept for the first SMS sign-in (which links this WeChat user).
pub fn exchange(WechatExchange { api, code, lang, finish, form, busy }: WechatExchange) {
    wasm_bindgen_futures::spawn_local(async move {
        match api.wechat_sign_in(&code).await {
            Ok(WechatSignIn::SignedIn { session }) => finish.emit(session),
            Ok(WechatSignIn::BindRequired { ticket, .. }) => {
                storage::set(Area::Session, WECHAT_TICKET, &ticket);
            }
            Err(e) => form.show(FormErrors::from_api(lang, &e, FormErrors::no_refusal)),
        }
        busy.set(false);
    });
}
