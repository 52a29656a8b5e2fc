//! One payment order: how to pay it (QR code, WeChat's sheet, the provider's page),
//! its status as the API reports it — asked again with backoff until it is final —
//! and, once paid, the receipt. Neither the provider's return nor the WeChat
//! bridge's "ok" is taken as proof of payment.

mod status;
mod view;

use contract::{OrderNo, OrderPurpose, OrderStatus};
use yew::prelude::*;

use crate::api::ApiError;
use crate::components::error_view::ErrorView;
use crate::components::page::Page;
use crate::i18n::{t, SharedText, Text};
use crate::state::prefs::use_lang;
use view::OrderView;

pub fn status_text(status: OrderStatus) -> SharedText {
    match status {
        OrderStatus::Pending => SharedText::StatusPending,
        OrderStatus::Paid => SharedText::StatusPaid,
        OrderStatus::Failed => SharedText::StatusFailed,
        OrderStatus::Cancelled => SharedText::StatusCancelled,
        OrderStatus::Expired => SharedText::StatusExpired,
    }
}

pub fn purpose_text(purpose: OrderPurpose) -> SharedText {
    match purpose {
        OrderPurpose::Arrears => SharedText::PurposeArrears,
        OrderPurpose::TopUp => SharedText::PurposeTopUp,
    }
}

#[derive(Properties, PartialEq)]
pub struct OrderPageProps {
    pub no: AttrValue,
}

#[function_component(OrderPage)]
pub fn order_page(props: &OrderPageProps) -> Html {
    let lang = use_lang();
    match OrderNo::parse(&props.no) {
        Ok(no) => html! { <OrderView {no} /> },
        Err(_) => html! {
            <Page title={t(lang, Text::TitlePayOrder)}><ErrorView error={ApiError::NotFound} /></Page>
        },
    }
}
