//! The app: providers, the switch from routes to pages, and the config-failure page.

use std::rc::Rc;

use crate::router::{use_navigator, use_route, HashRouter};
use yew::prelude::*;

use crate::components::layout::Layout;
use crate::config::{Config, ConfigError, FALLBACK_HOTLINE};
use crate::i18n::{t, Lang, Text};
use crate::pages::sign_in::SignInPage;
use crate::pieces::Piece;
use crate::platform::env;
use crate::state::prefs::PrefsProvider;
use crate::state::session::{remember_return_route, use_session, SessionProvider};

pub use crate::route::Route;

/// Sign-in renders at once; every other route's page is in a piece of its own,
/// fetched on its area's first visit, after the sign-in check where it has one.
fn switch(route: Route) -> Html {
    match route {
        Route::SignIn => html! { <SignInPage /> },
        route if route.needs_sign_in() => html! { <SignedIn><Piece {route} /></SignedIn> },
        route => html! { <Piece {route} /> },
    }
}

/// The current route's page.
#[function_component(Routed)]
fn routed() -> Html {
    switch(use_route())
}

#[derive(Properties, PartialEq)]
pub struct SignedInProps {
    pub children: Html,
}

/// Pages for signed-in customers: others are sent to sign in and brought back.
#[function_component(SignedIn)]
pub fn signed_in(props: &SignedInProps) -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let signed_in = session.signed_in();
    use_effect_with(signed_in, move |signed_in| {
        if !signed_in {
            remember_return_route();
            if let Some(nav) = navigator {
                nav.replace(&Route::SignIn);
            }
        }
    });
    if signed_in {
        props.children.clone()
    } else {
        Html::default()
    }
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
                <HashRouter>
                    <SessionProvider>
                        <Layout>
                            <Routed />
                        </Layout>
                    </SessionProvider>
                </HashRouter>
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
