//! The frame around every page: header with the utility's name, the language
//! switch and the care-mode toggle; the footer with the hotline.

use crate::router::{link, link_with};
use yew::prelude::*;

use crate::app::Route;
use crate::config::use_config;
use crate::i18n::{t, Lang, Text};
use crate::state::prefs::{use_prefs, PrefsAction};

#[derive(Properties, PartialEq)]
pub struct LayoutProps {
    pub children: Html,
}

#[function_component(Layout)]
pub fn layout(props: &LayoutProps) -> Html {
    let prefs = use_prefs();
    let config = use_config();
    let lang = prefs.lang;
    let name = config.utility_name.get(lang).to_owned();
    let switch_lang = {
        let prefs = prefs.clone();
        let other = if lang == Lang::Zh { Lang::En } else { Lang::Zh };
        Callback::from(move |_| prefs.dispatch(PrefsAction::SetLang(other)))
    };
    let toggle_care = {
        let prefs = prefs.clone();
        let care = prefs.care;
        Callback::from(move |_| prefs.dispatch(PrefsAction::SetCare(!care)))
    };
    html! {
        <>
            <a class="skip-link" href="#main" onclick={Callback::from(|e: MouseEvent| {
                // The hash belongs to the router: focus the content instead of navigating.
                e.prevent_default();
                crate::platform::dom::focus("page-title");
            })}>{ t(lang, Text::SkipToContent) }</a>
            <header class="site-header">
                { link_with(&Route::Home, "site-name", html! { <span data-testid="utility-name">{ name }</span> }) }
                <div class="header-tools">
                    <button type="button" class="tool-button" onclick={toggle_care} aria-pressed={prefs.care.to_string()}
                        aria-label={t(lang, Text::CareModeLabel)} data-testid="care-toggle">
                        { t(lang, if prefs.care { Text::CareModeOff } else { Text::CareModeOn }) }
                    </button>
                    <button type="button" class="tool-button" onclick={switch_lang}
                        aria-label={t(lang, Text::SwitchToOtherLangLabel)} data-testid="lang-toggle"
                        lang={if lang == Lang::Zh { "en" } else { "zh-CN" }}>
                        { t(lang, Text::SwitchToOtherLang) }
                    </button>
                </div>
            </header>
            <main id="main" class="page">
                { props.children.clone() }
            </main>
            <footer class="site-footer">
                { t(lang, Text::HotlineLabel) }{ " " }
                <a href={format!("tel:{}", config.hotline)}>{ config.hotline.clone() }</a>
                { " · " }
                { link(&Route::Settings, "", t(lang, Text::TitleSettings)) }
                { " · " }
                { link(&Route::Privacy, "", t(lang, Text::TitlePrivacy)) }
            </footer>
        </>
    }
}
