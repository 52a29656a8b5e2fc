//! The order view: checks the status with backoff until it is final, opens WeChat's sheet, cancels.

use std::cell::Cell;
use std::rc::Rc;

use crate::router::use_navigator;
use contract::{ErrorCode, Order, OrderNo, OrderStatus, PayAction};
use gloo_timers::future::TimeoutFuture;
use yew::prelude::*;

use super::status::{ended_view, pending_view};
use crate::api::ApiError;
use crate::app::Route;
use crate::components::error_view::{error_message, ErrorView};
use crate::components::load::Load;
use crate::components::page::Page;
use crate::i18n::PayText;
use crate::i18n::{money, t, SharedText, Text};
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
    let order = use_state(|| Load::<Order>::Loading);
    // Network trouble while checking: shown, and checking goes on.
    let trouble = use_state(|| false);
    // Bumped to check again at once (after the bridge answers, or a cancel).
    let recheck = use_state(|| 0u32);
    let bridge = use_state(|| Option::<BridgeAnswer>::None);
    let cancel_error = use_state(|| Option::<ApiError>::None);
    let cancelling = use_state(|| false);
    let autostarted = use_mut_ref(|| false);
    {
        let (api, order, trouble) = (api.clone(), order.clone(), trouble.clone());
        use_effect_with((props.no.clone(), *recheck), move |(no, _)| {
            let alive = Rc::new(Cell::new(true));
            let (no, running) = (no.clone(), alive.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let mut step = 0;
                loop {
                    let result = api.order(&no).await;
                    if !running.get() {
                        return;
                    }
                    match result {
                        Ok(current) => {
                            trouble.set(false);
                            let done = current.status.is_final();
                            order.set(Load::Ready(current));
                            if done {
                                return;
                            }
                        }
                        Err(e) if e.is_transient() => trouble.set(true),
                        Err(e) => {
                            order.set(Load::Failed(e));
                            return;
                        }
                    }
                    TimeoutFuture::new(CHECK_DELAYS_MS[step.min(CHECK_DELAYS_MS.len() - 1)]).await;
                    step += 1;
                    if !running.get() {
                        return;
                    }
                }
            });
            move || alive.set(false)
        });
    }
    // Paid: the receipt is where this ends.
    {
        let paid = matches!(&*order, Load::Ready(o) if o.status == OrderStatus::Paid);
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
        let (bridge, recheck) = (bridge.clone(), recheck.clone());
        Callback::from(move |order: Order| {
            let Some(PayAction::WechatJsapi { params }) = order.action else { return };
            let (bridge, recheck) = (bridge.clone(), recheck.clone());
            bridge.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let answer = wechat_pay::request_payment(&params).await;
                bridge.set(Some(answer));
                // Whatever WeChat said, the API has the last word: ask it now.
                recheck.set(*recheck + 1);
            });
        })
    };
    // Straight from Pay inside WeChat: open WeChat's sheet once, without another tap.
    {
        let ready = match &*order {
            Load::Ready(o) if o.status == OrderStatus::Pending => Some(o.clone()),
            _ => None,
        };
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
        let (api, no, recheck, cancel_error, cancelling) =
            (api.clone(), props.no.clone(), recheck.clone(), cancel_error.clone(), cancelling.clone());
        Callback::from(move |_| {
            if *cancelling {
                return;
            }
            cancelling.set(true);
            let (api, no, recheck, cancel_error, cancelling) =
                (api.clone(), no.clone(), recheck.clone(), cancel_error.clone(), cancelling.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api.cancel_order(&no).await {
                    Ok(_) | Err(ApiError::Refused(ErrorCode::OrderClosed)) => cancel_error.set(None),
                    Err(e) => cancel_error.set(Some(e)),
                }
                cancelling.set(false);
                recheck.set(*recheck + 1);
            });
        })
    };

    let body = match &*order {
        Load::Loading => html! { <div class="skeleton" aria-hidden="true"></div> },
        Load::Failed(e) => {
            let recheck = recheck.clone();
            html! { <ErrorView error={e.clone()} on_retry={Callback::from(move |()| recheck.set(*recheck + 1))} /> }
        }
        Load::Ready(o) => {
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
                    pending_view(lang, o, *bridge, &pay_in_wechat, &cancel, *cancelling)
                }
                OrderStatus::Failed => ended_view(lang, SharedText::OrderFailed),
                OrderStatus::Cancelled => ended_view(lang, SharedText::OrderCancelledStatus),
                OrderStatus::Expired => ended_view(lang, SharedText::OrderExpired),
            };
            html! { <>{ status }{ summary }</> }
        }
    };
    html! {
        <Page title={t(lang, Text::TitlePayOrder)}>
            if *trouble {
                <p class="notice notice-warning" role="status">{ t(lang, PayText::OrderCheckTrouble) }</p>
            }
            { for (*cancel_error).clone().map(|e| html! { <p class="notice notice-error" role="alert">{ error_message(lang, &e) }</p> }) }
            { body }
        </Page>
    }
}
