//! One payment order: how to pay it (QR code, WeChat's sheet, the provider's page),
//! its status as the API reports it — asked again with backoff until it is final —
//! and, once paid, the receipt. Neither the provider's return nor the WeChat
//! bridge's "ok" is taken as proof of payment.

use std::cell::Cell;
use std::rc::Rc;

use contract::{ErrorCode, Order, OrderNo, OrderPurpose, OrderStatus, PayAction};
use gloo_timers::future::TimeoutFuture;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::ApiError;
use crate::app::Route;
use crate::components::error_view::{error_message, ErrorView};
use crate::components::load::Load;
use crate::components::page::Page;
use crate::components::qr::qr_svg;
use crate::i18n::{date_time, money, t, tf, Lang, Text};
use crate::pages::pay::{channel_name, take_autostart};
use crate::platform::wechat_pay::{self, BridgeAnswer};
use crate::state::prefs::use_lang;
use crate::state::session::use_api;

/// Pauses between status checks while an order is pending (ms); the last repeats.
const CHECK_DELAYS_MS: [u32; 5] = [1000, 2000, 3000, 5000, 8000];

pub fn status_text(status: OrderStatus) -> Text {
    match status {
        OrderStatus::Pending => Text::StatusPending,
        OrderStatus::Paid => Text::StatusPaid,
        OrderStatus::Failed => Text::StatusFailed,
        OrderStatus::Cancelled => Text::StatusCancelled,
        OrderStatus::Expired => Text::StatusExpired,
    }
}

pub fn purpose_text(purpose: OrderPurpose) -> Text {
    match purpose {
        OrderPurpose::Arrears => Text::PurposeArrears,
        OrderPurpose::TopUp => Text::PurposeTopUp,
    }
}

#[derive(Properties, PartialEq)]
pub struct OrderPageProps {
    pub no: AttrValue,
}

#[function_component(OrderPage)]
pub fn order_page(props: &OrderPageProps) -> Html {
    match OrderNo::parse(&props.no) {
        Ok(no) => html! { <OrderView {no} /> },
        Err(_) => html! {
            <Page title={Text::TitlePayOrder}><ErrorView error={ApiError::NotFound} /></Page>
        },
    }
}

#[derive(Properties, PartialEq)]
struct OrderViewProps {
    no: OrderNo,
}

#[function_component(OrderView)]
fn order_view(props: &OrderViewProps) -> Html {
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
                    <div><dt>{ t(lang, Text::ReceiptAmount) }</dt><dd data-testid="order-amount">{ money(o.amount) }</dd></div>
                    <div><dt>{ t(lang, Text::ReceiptAccount) }</dt><dd>{ o.account_no.to_string() }</dd></div>
                    <div><dt>{ t(lang, Text::ReceiptChannel) }</dt><dd>{ channel_name(lang, o.channel) }</dd></div>
                    <div><dt>{ t(lang, Text::OrderNoLabel) }</dt><dd>{ o.order_no.to_string() }</dd></div>
                </dl>
            };
            let status = match o.status {
                OrderStatus::Pending | OrderStatus::Paid => {
                    pending_view(lang, o, *bridge, &pay_in_wechat, &cancel, *cancelling)
                }
                OrderStatus::Failed => ended_view(lang, Text::OrderFailed),
                OrderStatus::Cancelled => ended_view(lang, Text::OrderCancelledStatus),
                OrderStatus::Expired => ended_view(lang, Text::OrderExpired),
            };
            html! { <>{ status }{ summary }</> }
        }
    };
    html! {
        <Page title={Text::TitlePayOrder}>
            if *trouble {
                <p class="notice notice-warning" role="status">{ t(lang, Text::OrderCheckTrouble) }</p>
            }
            { for (*cancel_error).clone().map(|e| html! { <p class="notice notice-error" role="alert">{ error_message(lang, &e) }</p> }) }
            { body }
        </Page>
    }
}

fn pending_view(
    lang: Lang,
    order: &Order,
    bridge: Option<BridgeAnswer>,
    pay_in_wechat: &Callback<Order>,
    cancel: &Callback<MouseEvent>,
    cancelling: bool,
) -> Html {
    let bridge_note = bridge.map(|answer| {
        let (key, class) = match answer {
            BridgeAnswer::Ok => (Text::BridgeOk, "notice"),
            BridgeAnswer::Cancelled => (Text::BridgeCancelled, "notice notice-warning"),
            BridgeAnswer::Failed => (Text::BridgeFailed, "notice notice-error"),
            BridgeAnswer::Unavailable => (Text::BridgeUnavailable, "notice notice-error"),
        };
        html! { <p {class} role="status" data-testid="bridge-answer" data-answer={format!("{answer:?}")}>{ t(lang, key) }</p> }
    });
    let action = match &order.action {
        Some(PayAction::QrCode { code_url }) => html! {
            <div class="qr-pay">
                <p>{ t(lang, Text::ScanToPay) }</p>
                { qr_svg(code_url, &tf(lang, Text::QrPayLabel, &[&money(order.amount)])) }
                <p class="hint">{ t(lang, Text::QrWaiting) }</p>
            </div>
        },
        Some(PayAction::Redirect { url }) => html! {
            <a class="button" href={url.clone()} data-testid="go-to-cashier">{ t(lang, Text::GoToCashier) }</a>
        },
        Some(PayAction::WechatJsapi { .. }) => {
            let (pay, order) = (pay_in_wechat.clone(), order.clone());
            html! {
                <button type="button" class="button" onclick={Callback::from(move |_| pay.emit(order.clone()))}
                    data-testid="pay-in-wechat">{ t(lang, Text::PayWithWechat) }</button>
            }
        }
        None => Html::default(),
    };
    html! {
        <div class="card" data-testid="order-status" data-status="pending">
            <p class="figure-label">{ t(lang, Text::OrderPending) }</p>
            <p role="status" aria-live="polite" data-testid="order-checking">{ t(lang, Text::OrderChecking) }</p>
            { for bridge_note }
            <p>{ tf(lang, Text::PayBefore, &[&date_time(lang, order.expires_at)]) }</p>
            { action }
            <div class="actions">
                <button type="button" class="button button-secondary" onclick={cancel.clone()} disabled={cancelling} data-testid="cancel-order">
                    { t(lang, Text::CancelOrder) }
                </button>
            </div>
        </div>
    }
}

fn ended_view(lang: Lang, message: Text) -> Html {
    html! {
        <div class="card" data-testid="order-status" data-status="ended">
            <p class="notice notice-error" role="alert" data-testid="order-ended">{ t(lang, message) }</p>
            <Link<Route> to={Route::Pay} classes="button">{ t(lang, Text::PayAgain) }</Link<Route>>
        </div>
    }
}
