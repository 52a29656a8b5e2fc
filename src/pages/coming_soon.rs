//! Routes whose capability is being built: the page exists, says so plainly and
//! points to the hotline and halls, so no link leads nowhere.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::page::Page;
use crate::i18n::{t, Text};
use crate::state::prefs::use_lang;

#[derive(Properties, PartialEq)]
pub struct ComingSoonProps {
    pub title: Text,
}

#[function_component(ComingSoon)]
pub fn coming_soon(props: &ComingSoonProps) -> Html {
    let lang = use_lang();
    html! {
        <Page title={props.title}>
            <p>{ t(lang, Text::ComingSoonBody) }</p>
            <Link<Route> to={Route::Home} classes="button button-secondary">{ t(lang, Text::BackHome) }</Link<Route>>
        </Page>
    }
}
