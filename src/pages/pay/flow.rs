//! The payment flow outside the view: the draft that survives trips to the provider,
//! the channels offered where the page is open, the idempotency key of one press of
//! Pay, and what to do with the order the API made.

use crate::router::Navigator;
use contract::{AccountNo, CreateOrderRequest, Fen, Order, OrderNo, PayAction, PayChannel};
use serde::{Deserialize, Serialize};

use crate::api::{Api, ApiError};
use crate::app::Route;
use crate::i18n::PayText;
use crate::i18n::{t, Lang};
use crate::platform::env::Place;
use crate::platform::storage::{self, Area};
use crate::state::drafts;

pub const DRAFT: &str = "pay";
/// The order whose page should open WeChat's payment sheet as soon as it loads.
const AUTOSTART: &str = "pay.autostart";

/// What the customer chose, kept across reloads and trips to the provider.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PayDraft {
    pub account: Option<AccountNo>,
    /// A preset amount in fen; `None` with `other` for a typed amount.
    pub preset: Option<Fen>,
    pub other_chosen: bool,
    pub other: String,
    pub channel: Option<PayChannel>,
    /// The order last created from this draft (where the provider's return leads).
    pub order: Option<OrderNo>,
}

pub fn load_draft() -> PayDraft {
    drafts::load(DRAFT)
}

/// The channels offered here: the API's, narrowed by the deployment's config and by
/// where the page is open, in the order that suits the place.
/// JSAPI pays as the WeChat user the portal signed in silently, so it needs the official
/// account's sign-in (`wechat_sign_in`, config's `wechat_app_id`).
pub fn channels_for(place: Place, api: &[PayChannel], config: &[String], wechat_sign_in: bool) -> Vec<PayChannel> {
    let by_place: &[PayChannel] = match place {
        // WeChat blocks Alipay in its browser; a redirect to UnionPay works.
        Place::Wechat => &[PayChannel::WechatJsapi, PayChannel::Unionpay],
        Place::Phone => &[PayChannel::WechatH5, PayChannel::Alipay, PayChannel::Unionpay],
        Place::Desktop => &[PayChannel::WechatNative, PayChannel::Alipay, PayChannel::Unionpay],
    };
    by_place
        .iter()
        .copied()
        .filter(|c| api.contains(c))
        .filter(|c| *c != PayChannel::WechatJsapi || wechat_sign_in)
        .filter(|c| config.is_empty() || config.iter().any(|name| name == c.as_str()))
        .collect()
}

pub fn channel_name(lang: Lang, channel: PayChannel) -> &'static str {
    t(
        lang,
        match channel {
            PayChannel::WechatJsapi | PayChannel::WechatH5 => PayText::ChannelWechat,
            PayChannel::WechatNative => PayText::ChannelWechatQr,
            PayChannel::Alipay => PayText::ChannelAlipay,
            PayChannel::Unionpay => PayText::ChannelUnionpay,
        },
    )
}

pub fn needs_return(channel: PayChannel) -> bool {
    matches!(channel, PayChannel::WechatH5 | PayChannel::Alipay | PayChannel::Unionpay)
}

/// Where providers send the customer back: it names no order, amount or status.
pub fn return_url() -> Option<String> {
    let location = crate::platform::dom::location()?;
    Some(format!("{}{}#/pay/return", location.origin().ok()?, location.pathname().ok()?))
}

/// Sends the customer to the provider, or to the order's page to pay there.
pub fn start_paying(order: &Order, navigator: Option<&Navigator>) {
    match &order.action {
        Some(PayAction::Redirect { url }) => {
            if let Some(location) = crate::platform::dom::location() {
                let _ = location.assign(url);
            }
        }
        _ => {
            if matches!(order.action, Some(PayAction::WechatJsapi { .. })) {
                storage::set(Area::Session, AUTOSTART, order.order_no.as_str());
            }
            if let Some(nav) = navigator {
                nav.push(&Route::PayOrder { no: order.order_no.to_string() });
            }
        }
    }
}

/// Whether the order page should open WeChat's sheet right away (once).
pub fn take_autostart(order: &OrderNo) -> bool {
    let start = storage::get(Area::Session, AUTOSTART).is_some_and(|no| no == order.as_str());
    if start {
        storage::remove(Area::Session, AUTOSTART);
    }
    start
}

/// Creates the order; while the same key is still being handled (409), asks again
/// shortly: the answer is then the one order that key made.
pub async fn create(api: &Api, request: &CreateOrderRequest, key: &str) -> Result<Order, ApiError> {
    let mut attempt = 0;
    loop {
        match api.create_order(request, key).await {
            Err(ApiError::Conflict) if attempt < 5 => {
                attempt += 1;
                gloo_timers::future::TimeoutFuture::new(800 * attempt).await;
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_follow_the_place_and_the_config() {
        let all = PayChannel::ALL;
        assert_eq!(channels_for(Place::Wechat, &all, &[], true), [PayChannel::WechatJsapi, PayChannel::Unionpay]);
        assert_eq!(
            channels_for(Place::Phone, &all, &[], true),
            [PayChannel::WechatH5, PayChannel::Alipay, PayChannel::Unionpay]
        );
        assert_eq!(
            channels_for(Place::Desktop, &all, &["wechat_native".into(), "unionpay".into()], true),
            [PayChannel::WechatNative, PayChannel::Unionpay]
        );
        assert_eq!(channels_for(Place::Desktop, &[PayChannel::Alipay], &[], true), [PayChannel::Alipay]);
        assert!(!channels_for(Place::Wechat, &all, &[], true).contains(&PayChannel::Alipay));
        // Without the official account's sign-in there is no payer to charge in WeChat.
        assert_eq!(channels_for(Place::Wechat, &all, &[], false), [PayChannel::Unionpay]);
    }
}
