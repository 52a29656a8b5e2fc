//! The app: routes (hash routing: WeChat's JSSDK signs the URL before `#`, and
//! static hosts need no rewrite rules), providers, and the config-failure page.

use std::rc::Rc;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::layout::Layout;
use crate::config::{Config, ConfigError, FALLBACK_HOTLINE};
use crate::i18n::{t, Lang, Text};
use crate::pages::{
    accounts::AccountsPage, appointments::AppointmentPage, appointments::AppointmentsPage, bill::BillPage,
    bills::BillsPage, book::BookPage, halls::HallsPage, health::HealthPage, home::HomePage, not_found::NotFoundPage,
    notices::NoticesPage, order::OrderPage, pay::PayPage, pay_return::PayReturnPage, payments::PaymentsPage,
    rate::RatePage, rating::RatingPage, ratings::RatingsPage, receipt::ReceiptPage, reschedule::ReschedulePage,
    settings::SettingsPage, sign_in::SignInPage, usage::UsagePage,
};
use crate::platform::env;
use crate::state::prefs::PrefsProvider;
use crate::state::session::{remember_return_route, use_session, SessionProvider};

#[derive(Clone, Routable, PartialEq, Eq, Debug)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/sign-in")]
    SignIn,
    #[at("/usage")]
    Usage,
    #[at("/bills")]
    Bills,
    #[at("/bills/:id")]
    Bill { id: i64 },
    #[at("/notices")]
    Notices,
    #[at("/pay")]
    Pay,
    /// Where payment providers send the customer back.
    #[at("/pay/return")]
    PayReturn,
    #[at("/pay/orders/:no")]
    PayOrder { no: String },
    #[at("/receipts/:no")]
    Receipt { no: String },
    #[at("/payments")]
    Payments,
    #[at("/halls")]
    Halls,
    #[at("/book/:step")]
    Book { step: String },
    #[at("/appointments")]
    Appointments,
    #[at("/appointments/:id")]
    Appointment { id: i64 },
    #[at("/appointments/:id/reschedule")]
    Reschedule { id: i64 },
    #[at("/ratings")]
    Ratings,
    #[at("/ratings/:id")]
    Rating { id: i64 },
    /// Rate a transaction: `payment` with its order number, `visit` with its appointment id.
    #[at("/rate/:kind/:id")]
    Rate { kind: String, id: String },
    #[at("/accounts")]
    Accounts,
    #[at("/settings")]
    Settings,
    #[at("/status")]
    Status,
    #[not_found]
    #[at("/404")]
    NotFound,
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <SignedIn><HomePage /></SignedIn> },
        Route::SignIn => html! { <SignInPage /> },
        Route::Usage => html! { <SignedIn><UsagePage /></SignedIn> },
        Route::Bills => html! { <SignedIn><BillsPage /></SignedIn> },
        Route::Bill { id } => html! { <SignedIn><BillPage {id} /></SignedIn> },
        Route::Notices => html! { <SignedIn><NoticesPage /></SignedIn> },
        Route::Pay => html! { <SignedIn><PayPage /></SignedIn> },
        Route::PayReturn => html! { <SignedIn><PayReturnPage /></SignedIn> },
        Route::PayOrder { no } => html! { <SignedIn><OrderPage no={no} /></SignedIn> },
        Route::Receipt { no } => html! { <SignedIn><ReceiptPage no={no} /></SignedIn> },
        Route::Payments => html! { <SignedIn><PaymentsPage /></SignedIn> },
        Route::Halls => html! { <HallsPage /> },
        Route::Book { step } => html! { <SignedIn><BookPage step={step} /></SignedIn> },
        Route::Appointments => html! { <SignedIn><AppointmentsPage /></SignedIn> },
        Route::Appointment { id } => html! { <SignedIn><AppointmentPage {id} /></SignedIn> },
        Route::Reschedule { id } => html! { <SignedIn><ReschedulePage {id} /></SignedIn> },
        Route::Ratings => html! { <SignedIn><RatingsPage /></SignedIn> },
        Route::Rating { id } => html! { <SignedIn><RatingPage {id} /></SignedIn> },
        Route::Rate { kind, id } => html! { <SignedIn><RatePage kind={kind} id={id} /></SignedIn> },
        Route::Accounts => html! { <SignedIn><AccountsPage /></SignedIn> },
        Route::Settings => html! { <SettingsPage /> },
        Route::Status => html! { <HealthPage /> },
        Route::NotFound => html! { <NotFoundPage /> },
    }
}

#[derive(Properties, PartialEq)]
struct SignedInProps {
    children: Html,
}

/// Pages for signed-in customers: others are sent to sign in and brought back.
#[function_component(SignedIn)]
fn signed_in(props: &SignedInProps) -> Html {
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
                            <Switch<Route> render={switch} />
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
