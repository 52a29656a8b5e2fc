//! Paying: the amount (arrears in full, or a prepaid top-up), the channels that
//! work where the page is open, and one order per press of Pay. The press makes
//! an idempotency key that stays with the draft, so a retry, a reload or a double
//! click can only ever answer the same order.

mod choices;
mod flow;
mod form;

use crate::router::{link, use_navigator};
use contract::{ErrorCode, Order};
use yew::prelude::*;

use crate::api::ApiError;
use crate::app::Route;
use crate::components::page::Page;
use crate::i18n::PayText;
use crate::i18n::{date_time, money, t, tf, Text};
use crate::kit::{self, use_account_load, use_submit, FormErrors};
use crate::state::prefs::use_lang;
use crate::state::session::{use_api, use_session};
use flow::start_paying;
pub use flow::{channel_name, load_draft, take_autostart};
pub use form::PayForm;

#[function_component(PayPage)]
pub fn pay_page() -> Html {
    let lang = use_lang();
    let session = use_session();
    let account = session.current_account().map(|a| a.account_no.clone());
    let options = use_account_load(|api, account| async move { api.payment_options(&account).await });
    // Loading again is how the page follows a change (order closed, amount changed).
    let retry = options.retry.clone();
    let body = match account {
        None => kit::load::skeleton(),
        Some(_) => options.view(|options| match &options.open_order {
            Some(order) => html! { <OpenOrder order={order.clone()} on_closed={retry} /> },
            None => html! { <PayForm options={options.clone()} on_stale={retry} /> },
        }),
    };
    html! {
        <Page title={t(lang, Text::TitlePay)}>
            { body }
            <p>{ link(&Route::PayOther, "", t(lang, Text::TitlePayOther)) }</p>
            <p>{ link(&Route::Payments, "", t(lang, Text::TitlePayments)) }</p>
        </Page>
    }
}

#[derive(Properties, PartialEq)]
pub struct OpenOrderProps {
    pub order: Order,
    pub on_closed: Callback<()>,
}

/// An unpaid order from earlier: continue it or cancel it, never a second one beside it.
#[function_component(OpenOrder)]
pub fn open_order(props: &OpenOrderProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let navigator = use_navigator();
    let cancelling = use_submit();
    let order = props.order.clone();
    let on_continue = {
        let order = order.clone();
        Callback::from(move |_| start_paying(&order, navigator.as_ref()))
    };
    let on_cancel = {
        let (no, cancelling, on_closed) = (order.order_no.clone(), cancelling.clone(), props.on_closed.clone());
        Callback::from(move |_| {
            let (api, no, on_closed) = (api.clone(), no.clone(), on_closed.clone());
            cancelling.run(async move {
                match api.cancel_order(&no).await {
                    // Already ended meanwhile (paid, expired): the reload shows where it stands.
                    Ok(_) | Err(ApiError::Refused(ErrorCode::OrderClosed)) => {
                        on_closed.emit(());
                        Ok(())
                    }
                    Err(e) => Err(FormErrors::from_api(lang, &e, FormErrors::no_refusal)),
                }
            });
        })
    };
    html! {
        <div class="card" data-testid="open-order">
            <h2>{ t(lang, PayText::OpenOrderTitle) }</h2>
            <p>{ tf(lang, PayText::OpenOrderBody, &[&money(order.amount), channel_name(lang, order.channel), &date_time(lang, order.created_at)]) }</p>
            { for cancelling.errors().general.clone().map(|m| html! { <p class="notice notice-error" role="alert" data-testid="cancel-order-error">{ m }</p> }) }
            <div class="actions">
                <button type="button" class="button" onclick={on_continue} data-testid="continue-paying">{ t(lang, PayText::ContinuePaying) }</button>
                <button type="button" class="button button-secondary" onclick={on_cancel} disabled={cancelling.busy()} data-testid="cancel-order">{ t(lang, PayText::CancelOrder) }</button>
            </div>
        </div>
    }
}
