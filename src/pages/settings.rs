//! Settings: language, care mode, the WeChat link, sign-out.

use crate::router::use_navigator;
use yew::prelude::*;

use crate::app::Route;
use crate::components::page::Page;
use crate::i18n::AccountText;
use crate::i18n::{t, Lang, Text};
use crate::kit::{use_api_load, use_submit, FormErrors};
use crate::platform::storage::{self, Area};
use crate::state::prefs::{use_prefs, PrefsAction};
use crate::state::session::{use_api, use_session, SessionAction, SessionEnd, WECHAT_AUTO_OFF};

#[function_component(SettingsPage)]
pub fn settings_page() -> Html {
    let prefs = use_prefs();
    let session = use_session();
    let api = use_api();
    let navigator = use_navigator();
    let lang = prefs.lang;
    let choose_lang = |choice: Lang| {
        let prefs = prefs.clone();
        Callback::from(move |_| prefs.dispatch(PrefsAction::SetLang(choice)))
    };
    let set_care = |care: bool| {
        let prefs = prefs.clone();
        Callback::from(move |_| prefs.dispatch(PrefsAction::SetCare(care)))
    };
    // Whether WeChat signs this customer in by itself; they can end that here.
    let link = use_api_load(session.token.clone(), |api, token| async move {
        match token {
            Some(_) => api.wechat_link().await.map(|link| Some(link.linked)),
            None => Ok(None),
        }
    });
    let unlinked = use_state(|| false);
    let unlinking = use_submit();
    let unlink = {
        let (api, unlinked, unlinking) = (api.clone(), unlinked.clone(), unlinking.clone());
        Callback::from(move |_| {
            let (api, unlinked) = (api.clone(), unlinked.clone());
            unlinking.run(async move {
                api.unlink_wechat().await.map_err(|e| FormErrors::from_api(lang, &e, FormErrors::no_refusal))?;
                storage::set(Area::Local, WECHAT_AUTO_OFF, "1");
                unlinked.set(true);
                Ok(())
            });
        })
    };
    let wechat = match (link.ready(), *unlinked) {
        (_, true) => html! {
            <section data-testid="wechat-link">
                <h2>{ t(lang, AccountText::WechatHeading) }</h2>
                <p class="notice" role="status" data-testid="wechat-unlinked">{ t(lang, AccountText::WechatUnlinked) }</p>
            </section>
        },
        (Some(Some(true)), false) => html! {
            <section data-testid="wechat-link">
                <h2>{ t(lang, AccountText::WechatHeading) }</h2>
                <p>{ t(lang, AccountText::WechatLinked) }</p>
                { for unlinking.errors().general.clone().map(|e| html! { <p class="notice notice-error" role="alert">{ e }</p> }) }
                <button type="button" class="button button-secondary" onclick={unlink} disabled={unlinking.busy()}
                    data-testid="unlink-wechat">
                    { t(lang, AccountText::UnlinkWechat) }
                </button>
            </section>
        },
        _ => Html::default(),
    };
    let sign_out = {
        let session = session.clone();
        Callback::from(move |_| {
            let (api, session, navigator) = (api.clone(), session.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // Revoke on the server; whatever it answers, nothing stays on this device.
                let _ = api.sign_out().await;
                session.dispatch(SessionAction::Ended(SessionEnd::SignedOut));
                if let Some(nav) = navigator {
                    nav.push(&Route::SignIn);
                }
            });
        })
    };
    html! {
        <Page title={t(lang, Text::TitleSettings)}>
            <fieldset class="choice-group">
                <legend>{ t(lang, AccountText::SettingsLanguage) }</legend>
                <button type="button" class="choice" aria-pressed={(lang == Lang::Zh).to_string()} lang="zh-CN"
                    onclick={choose_lang(Lang::Zh)}>{ t(lang, AccountText::LangNameZh) }</button>
                <button type="button" class="choice" aria-pressed={(lang == Lang::En).to_string()} lang="en"
                    onclick={choose_lang(Lang::En)}>{ t(lang, AccountText::LangNameEn) }</button>
            </fieldset>
            <fieldset class="choice-group">
                <legend>{ t(lang, AccountText::SettingsCare) }</legend>
                <p class="hint">{ t(lang, AccountText::SettingsCareHint) }</p>
                <button type="button" class="choice" aria-pressed={prefs.care.to_string()} onclick={set_care(true)}
                    data-testid="care-on">{ t(lang, AccountText::On) }</button>
                <button type="button" class="choice" aria-pressed={(!prefs.care).to_string()} onclick={set_care(false)}
                    data-testid="care-off">{ t(lang, AccountText::Off) }</button>
            </fieldset>
            { wechat }
            if session.signed_in() {
                <button type="button" class="button button-secondary" onclick={sign_out} data-testid="sign-out">
                    { t(lang, AccountText::SignOut) }
                </button>
            }
        </Page>
    }
}
