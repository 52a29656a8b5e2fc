//! The app: providers, the switch from routes to pages, and the config-failure page.

use std::rc::Rc;

use crate::router::{HashRouter, Render};
use yew::prelude::*;

use crate::components::layout::Layout;
use crate::config::{Config, ConfigError, FALLBACK_HOTLINE};
use crate::i18n::{t, Lang, Text};
use crate::pages::sign_in::SignInPage;
use crate::pieces::Piece;
use crate::platform::env;
use crate::state::prefs::PrefsProvider;
use crate::state::session::SessionProvider;

pub use crate::route::Route;

/// Sign-in renders at once; every other route's page is in a piece of its own,
/// fetched on its area's first visit, after the sign-in check where it has one.
fn switch(route: Route) -> Html {
    let page = match route {
        Route::SignIn => html! { <SignInPage /> },
        route => html! { <Piece {route} /> },
    };
    html! { <Layout>{ page }</Layout> }
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub config: Rc<Config>,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    html! {
        <ContextProvider<Rc<Config>> context={props.config.clone()}>
            <PrefsProvider>
                <SessionProvider>
                    <HashRouter render={switch as Render} />
                </SessionProvider>
            </PrefsProvider>
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
    let lang = Lang::from_browser(env::browser_language().as_deref());
    // The reason goes to the console for whoever deploys; the customer gets what to do.
    let reason = match &props.problem {
        ConfigError::Unreachable(_) => "config.json could not be fetched",
        ConfigError::Invalid(why) => why.as_str(),
    };
    web_sys::console::warn_2(&"config.json:".into(), &reason.into());
    html! {
        <main id="main" class="page config-problem" role="alert">
            <h1>{ t(lang, Text::ConfigProblemTitle) }</h1>
            <p>{ t(lang, Text::ConfigProblemBody) }</p>
            <p>{ t(lang, Text::HotlineLabel) }{ " " }<a href={format!("tel:{FALLBACK_HOTLINE}")}>{ FALLBACK_HOTLINE }</a></p>
        </main>
    }
}
