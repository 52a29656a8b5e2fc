//! What the order view shows for a pending order (how to pay it, cancel) and for one that ended unpaid.

use crate::router::link;
use contract::{Order, PayAction};
use yew::prelude::*;

use crate::app::Route;
use crate::components::qr::qr_svg;
use crate::i18n::PayText;
use crate::i18n::{date_time, money, t, tf, Lang, SharedText};
use crate::platform::wechat_pay::BridgeAnswer;

pub(super) fn pending_view(
    lang: Lang,
    order: &Order,
    bridge: Option<BridgeAnswer>,
    pay_in_wechat: &Callback<Order>,
    cancel: &Callback<MouseEvent>,
    cancelling: bool,
) -> Html {
    let bridge_note = bridge.map(|answer| {
        // The shipped module formats no Debug (`-Zfmt-debug=none`): names are spelled out.
        let (key, class, name) = match answer {
            BridgeAnswer::Ok => (PayText::BridgeOk, "notice", "Ok"),
            BridgeAnswer::Cancelled => (PayText::BridgeCancelled, "notice notice-warning", "Cancelled"),
            BridgeAnswer::Failed => (PayText::BridgeFailed, "notice notice-error", "Failed"),
            BridgeAnswer::Unavailable => (PayText::BridgeUnavailable, "notice notice-error", "Unavailable"),
        };
        html! { <p {class} role="status" data-testid="bridge-answer" data-answer={name}>{ t(lang, key) }</p> }
    });
    let action = match &order.action {
        Some(PayAction::QrCode { code_url }) => html! {
            <div class="qr-pay">
                <p>{ t(lang, PayText::ScanToPay) }</p>
                { qr_svg(code_url, &tf(lang, PayText::QrPayLabel, &[&money(order.amount)])) }
                <p class="hint">{ t(lang, PayText::QrWaiting) }</p>
            </div>
        },
        Some(PayAction::Redirect { url }) => html! {
            <a class="button" href={url.clone()} data-testid="go-to-cashier">{ t(lang, PayText::GoToCashier) }</a>
        },
        Some(PayAction::WechatJsapi { .. }) => {
            let (pay, order) = (pay_in_wechat.clone(), order.clone());
            html! {
                <button type="button" class="button" onclick={Callback::from(move |_| pay.emit(order.clone()))}
                    data-testid="pay-in-wechat">{ t(lang, PayText::PayWithWechat) }</button>
            }
        }
        None => Html::default(),
    };
    html! {
        <div class="card" data-testid="order-status" data-status="pending">
            <p class="figure-label">{ t(lang, PayText::OrderPending) }</p>
            <p role="status" aria-live="polite" data-testid="order-checking">{ t(lang, PayText::OrderChecking) }</p>
            { for bridge_note }
            <p>{ tf(lang, PayText::PayBefore, &[&date_time(lang, order.expires_at)]) }</p>
            { action }
            <div class="actions">
                <button type="button" class="button button-secondary" onclick={cancel.clone()} disabled={cancelling} data-testid="cancel-order">
                    { t(lang, PayText::CancelOrder) }
                </button>
            </div>
        </div>
    }
}

pub(super) fn ended_view(lang: Lang, message: SharedText) -> Html {
    html! {
        <div class="card" data-testid="order-status" data-status="ended">
            <p class="notice notice-error" role="alert" data-testid="order-ended">{ t(lang, message) }</p>
            { link(&Route::Pay, "button", t(lang, PayText::PayAgain)) }
        </div>
    }
}
