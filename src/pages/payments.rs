//! Payment history of the current account: every order with its status; paid
//! ones open their receipt, a pending one its order page.

use crate::router::link;
use contract::{Order, OrderStatus};
use yew::prelude::*;

use crate::app::Route;
use crate::components::page::Page;
use crate::i18n::PayText;
use crate::i18n::{date_time, money, t, tf, Lang, Text};
use crate::kit::{self, use_account_load, use_api_load};
use crate::pages::order::{purpose_text, status_text};
use crate::pages::pay::channel_name;
use crate::state::prefs::use_lang;

fn row(lang: Lang, order: &Order) -> Html {
    let no = order.order_no.to_string();
    let (link, to) = match order.status {
        OrderStatus::Paid => (PayText::ViewReceipt, Some(Route::Receipt { no: no.clone() })),
        OrderStatus::Pending => (PayText::ViewOrder, Some(Route::PayOrder { no: no.clone() })),
        _ => (PayText::ViewOrder, None),
    };
    let status_class = match order.status {
        OrderStatus::Paid => "status status-paid",
        OrderStatus::Pending => "status status-unpaid",
        _ => "status",
    };
    html! {
        <li class="card history-item" data-testid="payment" data-order={no.clone()} data-status={t(Lang::En, status_text(order.status)).to_lowercase()}>
            <p class="history-main">
                <strong>{ money(order.amount) }</strong>{ " " }
                <span class={status_class}>{ t(lang, status_text(order.status)) }</span>
            </p>
            { for order.payee_name_masked.as_deref().map(|name| html! {
                <p data-testid="payment-payee">{ tf(lang, PayText::ForOthersAccount, &[order.account_no.as_str(), name]) }</p>
            }) }
            <p>{ t(lang, purpose_text(order.purpose)) }{ " · " }{ channel_name(lang, order.channel) }{ " · " }{ date_time(lang, order.paid_at.unwrap_or(order.created_at)) }</p>
            { for to.map(|to| crate::router::link(&to, "", t(lang, link))) }
        </li>
    }
}

#[function_component(PaymentsPage)]
pub fn payments_page() -> Html {
    let lang = use_lang();
    let orders = use_account_load(|api, account| async move { api.payments(&account).await });
    let for_others = use_api_load((), |api, ()| async move { api.payments_for_others().await });
    let body = orders.view_list(kit::empty("payments-empty", t(lang, PayText::NoPayments)), |list| {
        html! { <ul class="history" data-testid="payments">{ for list.iter().map(|o| row(lang, o)) }</ul> }
    });
    // Only shown once there is something in it: most customers never pay for others.
    let others = for_others.view(|list| {
        if list.is_empty() {
            return Html::default();
        }
        html! {
            <section aria-labelledby="for-others-title">
                <h2 id="for-others-title">{ t(lang, PayText::ForOthersTitle) }</h2>
                <ul class="history" data-testid="payments-for-others">{ for list.iter().map(|o| row(lang, o)) }</ul>
            </section>
        }
    });
    html! {
        <Page title={t(lang, Text::TitlePayments)}>
            { body }
            { others }
            <p>{ link(&Route::Pay, "", t(lang, Text::TitlePay)) }</p>
            <p>{ link(&Route::PayOther, "", t(lang, Text::TitlePayOther)) }</p>
        </Page>
    }
}
