//! The app: routes, the config context, and the page shown when config fails.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::config::{Config, ConfigError, FALLBACK_HOTLINE};
use crate::i18n::{t, Lang, Text};
use crate::pages::health::HealthPage;
use crate::pages::not_found::NotFoundPage;

#[derive(Clone, Routable, PartialEq, Debug)]
pub enum Route {
    #[at("/")]
    Home,
    #[not_found]
    #[at("/404")]
    NotFound,
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <HealthPage /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub config: Rc<Config>,
}

/// The language in use; the language switch arrives with the portal shell.
pub fn current_lang() -> Lang {
    let browser = web_sys::window().and_then(|w| w.navigator().language());
    Lang::from_browser(browser.as_deref())
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let lang = current_lang();
    let name = match lang {
        Lang::Zh => &props.config.utility_name.zh,
        Lang::En => &props.config.utility_name.en,
    };
    html! {
        <ContextProvider<Rc<Config>> context={props.config.clone()}>
            <HashRouter>
                <header class="site-header">
                    <span class="site-name" data-testid="utility-name">{ name.clone() }</span>
                </header>
                <main id="main" class="page">
                    <Switch<Route> render={switch} />
                </main>
                <footer class="site-footer">
                    { t(lang, Text::HotlineLabel) }{ " " }
                    <a href={format!("tel:{}", props.config.hotline)}>{ props.config.hotline.clone() }</a>
                </footer>
            </HashRouter>
        </ContextProvider<Rc<Config>>>
    }
}

#[derive(Properties, PartialEq)]
pub struct ConfigProblemProps {
    pub problem: ConfigError,
}

/// Shown instead of the app when config.json is missing or invalid: never a blank screen.
#[function_component(ConfigProblem)]
pub fn config_problem(props: &ConfigProblemProps) -> Html {
    let lang = current_lang();
    // The reason goes to the console for whoever deploys; the customer gets what to do.
    web_sys::console::error_1(&format!("config.json: {:?}", props.problem).into());
    html! {
        <main id="main" class="page config-problem" role="alert">
            <h1>{ t(lang, Text::ConfigProblemTitle) }</h1>
            <p>{ t(lang, Text::ConfigProblemBody) }</p>
            <p>{ t(lang, Text::HotlineLabel) }{ " " }<a href={format!("tel:{FALLBACK_HOTLINE}")}>{ FALLBACK_HOTLINE }</a></p>
        </main>
    }
}
