use crate::router::link;
use yew::prelude::*;

use crate::app::Route;
use crate::components::page::Page;
use crate::i18n::AccountText;
use crate::i18n::{t, Text};
use crate::state::prefs::use_lang;

#[function_component(NotFoundPage)]
pub fn not_found_page() -> Html {
    let lang = use_lang();
    html! {
        <Page title={t(lang, Text::NotFoundTitle)}>
            <p>{ t(lang, AccountText::NotFoundBody) }</p>
            { link(&Route::Home, "button", t(lang, AccountText::BackHome)) }
        </Page>
    }
}
