//! The privacy notice (PIPL): what the portal collects, why, how long it is kept,
//! what is never done with it, and whom to ask. Open to all, signed in or not; the
//! consent lines where details are typed (sign-in, binding, booking) link here.

use yew::prelude::*;

use crate::components::page::Page;
use crate::config::use_config;
use crate::i18n::{t, tf, AccountText, Lang, Text};
use crate::state::prefs::use_lang;

/// A heading and its points.
fn section(lang: Lang, id: &'static str, heading: AccountText, points: &[AccountText]) -> Html {
    html! {
        <section aria-labelledby={id} data-testid={id}>
            <h2 {id}>{ t(lang, heading) }</h2>
            <ul>{ for points.iter().map(|p| html! { <li>{ t(lang, *p) }</li> }) }</ul>
        </section>
    }
}

#[function_component(PrivacyPage)]
pub fn privacy_page() -> Html {
    let lang = use_lang();
    let config = use_config();
    use AccountText::*;
    html! {
        <Page title={t(lang, Text::TitlePrivacy)}>
            <p>{ tf(lang, PrivacyIntro, &[config.utility_name.get(lang)]) }</p>
            { section(lang, "privacy-collected", PrivacyCollectedHeading,
                &[PrivacyAccountPhone, PrivacyHolder, PrivacyContact, PrivacyRatings, PrivacyWechat]) }
            { section(lang, "privacy-kept", PrivacyKeptHeading,
                &[PrivacyKeptSession, PrivacyKeptCodes, PrivacyKeptRecords, PrivacyKeptBrowser]) }
            { section(lang, "privacy-never", PrivacyNeverHeading, &[PrivacyNeverSold, PrivacyNeverPayment]) }
            <section aria-labelledby="privacy-ask" data-testid="privacy-ask">
                <h2 id="privacy-ask">{ t(lang, PrivacyAskHeading) }</h2>
                <p>
                    { t(lang, PrivacyAsk) }{ " " }
                    <a href={format!("tel:{}", config.hotline)}>{ config.hotline.clone() }</a>
                </p>
            </section>
        </Page>
    }
}
