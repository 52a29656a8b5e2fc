use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::{current_lang, Route};
use crate::i18n::{t, Text};

#[function_component(NotFoundPage)]
pub fn not_found_page() -> Html {
    let lang = current_lang();
    html! {
        <section>
            <h1>{ t(lang, Text::NotFoundTitle) }</h1>
            <p>{ t(lang, Text::NotFoundBody) }</p>
            <Link<Route> to={Route::Home}>{ t(lang, Text::BackHome) }</Link<Route>>
        </section>
    }
}
