//! The receipt of a paid order: reference number, amount, account, time, what
//! happens next; printable, reachable again from the payment history, and with an
//! invitation to rate the payment.

use crate::router::link;
use contract::{Order, OrderNo, OrderPurpose, OrderStatus, TransactionKind};
use yew::prelude::*;

use crate::api::ApiError;
use crate::app::Route;
use crate::components::page::Page;
use crate::components::rate_invitation::RateInvitation;
use crate::i18n::PayText;
use crate::i18n::{date_time, money, t, tf, Lang, Text};
use crate::kit::use_api_load;
use crate::pages::order::purpose_text;
use crate::pages::pay::channel_name;
use crate::state::prefs::use_lang;

#[derive(Properties, PartialEq)]
pub struct ReceiptPageProps {
    pub no: AttrValue,
}

/// The receipt of a paid order: printable, and reachable again from the history.
#[function_component(ReceiptPage)]
pub fn receipt_page(props: &ReceiptPageProps) -> Html {
    let lang = use_lang();
    let order = use_api_load(props.no.clone(), |api, no| async move {
        match OrderNo::parse(&no) {
            Ok(no) => api.order(&no).await,
            Err(_) => Err(ApiError::NotFound),
        }
    });
    let body = order.view(|o| match o.status {
        OrderStatus::Paid => receipt(lang, o),
        _ => html! {
            <div class="notice">
                <p>{ t(lang, PayText::ReceiptNotPaid) }</p>
                { link(&Route::PayOrder { no: o.order_no.to_string() }, "", t(lang, PayText::ViewOrder)) }
            </div>
        },
    });
    html! {
        <Page title={t(lang, Text::TitleReceipt)}>
            { body }
            <p class="no-print">{ link(&Route::Payments, "", t(lang, Text::TitlePayments)) }</p>
        </Page>
    }
}

fn receipt(lang: Lang, order: &Order) -> Html {
    let next = match (order.purpose, &order.payee_name_masked) {
        (_, Some(_)) => PayText::ReceiptNextOther,
        (OrderPurpose::Arrears, None) => PayText::ReceiptNextArrears,
        (OrderPurpose::TopUp, None) => PayText::ReceiptNextTopUp,
    };
    let print = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    html! {
        <>
            <div class="card receipt" data-testid="receipt">
                <p class="receipt-status" role="status">{ t(lang, PayText::OrderPaid) }</p>
                <p class="figure" data-testid="receipt-amount">{ money(order.amount) }</p>
                <dl class="facts">
                    <div><dt>{ t(lang, PayText::ReceiptRef) }</dt><dd data-testid="receipt-ref">{ order.order_no.to_string() }</dd></div>
                    <div><dt>{ t(lang, PayText::ReceiptAccount) }</dt><dd data-testid="receipt-account">{ order.account_no.to_string() }</dd></div>
                    // Whose account this paid, when it is not the payer's own.
                    { for order.payee_name_masked.as_deref().map(|name| html! {
                        <div><dt>{ t(lang, PayText::ReceiptPaidFor) }</dt><dd data-testid="receipt-paid-for">{ tf(lang, PayText::ReceiptPaidForValue, &[name]) }</dd></div>
                    }) }
                    <div><dt>{ t(lang, PayText::ReceiptPurpose) }</dt><dd>{ t(lang, purpose_text(order.purpose)) }</dd></div>
                    <div><dt>{ t(lang, PayText::ReceiptTime) }</dt><dd>{ order.paid_at.map(|at| date_time(lang, at)).unwrap_or_default() }</dd></div>
                    <div><dt>{ t(lang, PayText::ReceiptChannel) }</dt><dd>{ channel_name(lang, order.channel) }</dd></div>
                    { for order.provider_txn.clone().map(|txn| html! {
                        <div><dt>{ t(lang, PayText::ReceiptProviderTxn) }</dt><dd>{ txn }</dd></div>
                    }) }
                </dl>
                <p>{ t(lang, next) }</p>
            </div>
            <RateInvitation kind={TransactionKind::Payment} id={order.order_no.to_string()} />
            <button type="button" class="button button-secondary no-print" onclick={print}>{ t(lang, PayText::PrintReceipt) }</button>
        </>
    }
}
