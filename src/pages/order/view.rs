//! The order view: checks the status with backoff until it is final, opens WeChat's sheet, cancels.

use crate::router::use_navigator;
use contract::{ErrorCode, Order, OrderNo, OrderStatus, PayAction};
use yew::prelude::*;

use super::status::{ended_view, pending_view};
use crate::api::ApiError;
use crate::app::Route;
use crate::components::page::Page;
use crate::i18n::PayText;
use crate::i18n::{money, t, SharedText, Text};
use crate::kit::{use_live_load, use_submit, FormErrors};
use crate::pages::pay::{channel_name, take_autostart};
use crate::platform::wechat_pay::{self, BridgeAnswer};
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

/// Pauses between status checks while an order is pending (ms); the last repeats.
const CHECK_DELAYS_MS: [u32; 5] = [1000, 2000, 3000, 5000, 8000];

#[derive(Properties, PartialEq)]
pub(super) struct OrderViewProps {
    pub(super) no: OrderNo,
}

#[function_component(OrderView)]
pub(super) fn order_view(props: &OrderViewProps) -> Html {
    let lang = use_lang();
    let api = use_api();
    let navigator = use_navigator();
    // Asked again with backoff while pending; trouble on the way is shown and asking goes on.
    let order = {
        let api = api.clone();
        use_live_load(
            props.no.clone(),
            &CHECK_DELAYS_MS,
            |o: &Order| !o.status.is_final(),
            move |no| {
                let api = api.clone();
                async move { api.order(&no).await }
            },
        )
    };
    let bridge = use_state(|| Option::<BridgeAnswer>::None);
    let cancelling = use_submit();
    let autostarted = use_mut_ref(|| false);
    // Paid: the receipt is where this ends.
    {
        let paid = order.ready().is_some_and(|o| o.status == OrderStatus::Paid);
        let (no, navigator) = (props.no.clone(), navigator.clone());
        use_effect_with(paid, move |paid| {
            if *paid {
                if let Some(nav) = navigator {
                    nav.replace(&Route::Receipt { no: no.to_string() });
                }
            }
        });
    }
    let pay_in_wechat = {
        let (bridge, recheck) = (bridge.clone(), order.refresh.clone());
        Callback::from(move |order: Order| {
            let Some(PayAction::WechatJsapi { params }) = order.action else { return };
            let (bridge, recheck) = (bridge.clone(), recheck.clone());
            bridge.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = wechat_pay::request_payment(&params).await;
                bridge.set(Some(answer));
                // Whatever WeChat said, the API has the last word: ask it now.
                recheck.emit(());
            });
        })
    };
    // Straight from Pay inside WeChat: open WeChat's sheet once, without another tap.
    {
        let ready = order.ready().filter(|o| o.status == OrderStatus::Pending).cloned();
        let (pay_in_wechat, autostarted) = (pay_in_wechat.clone(), autostarted.clone());
        use_effect_with(ready.is_some(), move |_| {
            if let Some(o) = ready {
                if !*autostarted.borrow() && take_autostart(&o.order_no) {
                    *autostarted.borrow_mut() = true;
                    pay_in_wechat.emit(o);
                }
            }
        });
    }
    let cancel = {
        let (api, no, recheck, cancelling) = (api.clone(), props.no.clone(), order.refresh.clone(), cancelling.clone());
        Callback::from(move |_| {
            let (api, no, recheck) = (api.clone(), no.clone(), recheck.clone());
            cancelling.run(async move {
                let result = match api.cancel_order(&no).await {
                    Ok(_) | Err(ApiError::Refused(ErrorCode::OrderClosed)) => Ok(()),
                    Err(e) => Err(FormErrors::from_api(lang, &e, FormErrors::no_refusal)),
                };
                recheck.emit(());
                result
            });
        })
    };

    let body = order.view(|o| {
            let summary = html! {
                <dl class="facts">
                    <div><dt>{ t(lang, PayText::ReceiptAmount) }</dt><dd data-testid="order-amount">{ money(o.amount) }</dd></div>
                    <div><dt>{ t(lang, PayText::ReceiptAccount) }</dt><dd>{ o.account_no.to_string() }</dd></div>
                    <div><dt>{ t(lang, PayText::ReceiptChannel) }</dt><dd>{ channel_name(lang, o.channel) }</dd></div>
                    <div><dt>{ t(lang, PayText::OrderNoLabel) }</dt><dd>{ o.order_no.to_string() }</dd></div>
                </dl>
            };
            let status = match o.status {
                OrderStatus::Pending | OrderStatus::Paid => {
                    pending_view(lang, o, *bridge, &pay_in_wechat, &cancel, cancelling.busy())
                }
                OrderStatus::Failed => ended_view(lang, SharedText::OrderFailed),
                OrderStatus::Cancelled => ended_view(lang, SharedText::OrderCancelledStatus),
                OrderStatus::Expired => ended_view(lang, SharedText::OrderExpired),
            };
            html! { <>{ status }{ summary }</> }
    });
    html! {
        <Page title={t(lang, Text::TitlePayOrder)}>
            if order.trouble {
                <p class="notice notice-warning" role="status">{ t(lang, PayText::OrderCheckTrouble) }</p>
            }
            { for cancelling.errors().general.clone().map(|m| html! { <p class="notice notice-error" role="alert">{ m }</p> }) }
            { body }
        </Page>
    }
}
