//! The frame of every page: sets `document.title` and moves focus to the page's
//! `h1` when the page appears, so screen readers announce the new page.

use yew::prelude::*;

use crate::config::use_config;
use crate::platform::dom;
use crate::state::prefs::use_lang;

#[derive(Properties, PartialEq)]
pub struct PageProps {
    /// Translated by the caller, whose texts may travel in its piece.
    pub title: AttrValue,
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Page)]
pub fn page(props: &PageProps) -> Html {
    let lang = use_lang();
    let config = use_config();
    let title = props.title.clone();
    let site = config.utility_name.get(lang).to_owned();
    use_effect_with((title.clone(), site), |(title, site)| {
        dom::set_title(&format!("{title} - {site}"));
        dom::focus("page-title");
    });
    html! {
        <section class="page-body" aria-labelledby="page-title">
            <h1 id="page-title" tabindex="-1">{ title }</h1>
            { props.children.clone() }
        </section>
    }
}
