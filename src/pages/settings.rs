//! Settings: language, care mode, sign-out.

use crate::router::use_navigator;
use yew::prelude::*;

use crate::app::Route;
use crate::components::page::Page;
use crate::i18n::AccountText;
use crate::i18n::{t, Lang, Text};
use crate::state::prefs::{use_prefs, PrefsAction};
use crate::state::session::{use_api, use_session, SessionAction, SessionEnd};

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
            if session.signed_in() {
                <button type="button" class="button button-secondary" onclick={sign_out} data-testid="sign-out">
                    { t(lang, AccountText::SignOut) }
                </button>
            }
        </Page>
    }
}
