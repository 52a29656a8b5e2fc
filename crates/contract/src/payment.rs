//! Online payment: what an account may pay, payment orders and their states,
//! the provider's next step (redirect, QR code, WeChat JSAPI parameters), and
//! the signed notifications providers send back.
//!
//! Money is integer fen end to end. The portal never trusts the provider's
//! return or the WeChat bridge's answer: the order's `status` from the API is
//! the only proof of payment.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{FieldCode, FieldError, FieldErrors};
use crate::ids::{AccountNo, IdError};
use crate::money::{AmountError, Fen};
use crate::time::Timestamp;

/// A payment order's number (商户订单号), e.g. `P20261130100000A7K2`: 8 to 32
/// upper-case letters and digits. Shown on the receipt as the reference number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrderNo(String);

impl OrderNo {
    pub fn parse(input: &str) -> Result<OrderNo, IdError> {
        if input.is_empty() {
            return Err(IdError::Empty);
        }
        let ok = (8..=32).contains(&input.len()) && input.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if ok {
            Ok(OrderNo(input.to_owned()))
        } else {
            Err(IdError::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for OrderNo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for OrderNo {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        OrderNo::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for OrderNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How the customer pays. Which are offered depends on where the page is open
/// (inside WeChat, a phone browser, a desktop browser) and on the deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PayChannel {
    /// WeChat Pay inside WeChat's browser (`WeixinJSBridge` `getBrandWCPayRequest`).
    WechatJsapi,
    /// WeChat Pay from a phone browser: a redirect to WeChat's H5 cashier.
    WechatH5,
    /// WeChat Pay by QR code (Native), for desktop browsers.
    WechatNative,
    /// Alipay mobile web payment (redirect). WeChat blocks it inside its browser.
    Alipay,
    /// Bank card through UnionPay's cashier (redirect); card data never touches our pages.
    Unionpay,
}
crate::names_serde!(PayChannel { WechatJsapi = "wechat_jsapi", WechatH5 = "wechat_h5", WechatNative = "wechat_native", Alipay = "alipay", Unionpay = "unionpay" });

impl PayChannel {
    pub const ALL: [PayChannel; 5] = [
        PayChannel::WechatJsapi,
        PayChannel::WechatH5,
        PayChannel::WechatNative,
        PayChannel::Alipay,
        PayChannel::Unionpay,
    ];

    pub fn parse(input: &str) -> Option<PayChannel> {
        PayChannel::ALL.into_iter().find(|c| c.as_str() == input)
    }

    /// The provider that takes the money for this channel.
    pub fn provider(self) -> Provider {
        match self {
            PayChannel::WechatJsapi | PayChannel::WechatH5 | PayChannel::WechatNative => Provider::Wechat,
            PayChannel::Alipay => Provider::Alipay,
            PayChannel::Unionpay => Provider::Unionpay,
        }
    }
}

/// A payment provider (the party that sends notifications).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    Wechat,
    Alipay,
    Unionpay,
}
crate::names_serde!(Provider { Wechat = "wechat", Alipay = "alipay", Unionpay = "unionpay" });

impl Provider {
    pub const ALL: [Provider; 3] = [Provider::Wechat, Provider::Alipay, Provider::Unionpay];

    pub fn parse(input: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.as_str() == input)
    }
}

/// What the money is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderPurpose {
    /// Settles every unpaid bill of a postpaid account (缴纳欠费).
    Arrears,
    /// Adds to a prepaid account's balance (预存/充值).
    TopUp,
}
crate::names_serde!(OrderPurpose { Arrears = "arrears", TopUp = "top_up" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    /// Created; waiting for the customer to pay at the provider.
    Pending,
    /// The provider confirmed the payment; the account has been credited once.
    Paid,
    /// The provider refused the payment.
    Failed,
    /// The customer (or the portal on their behalf) cancelled it.
    Cancelled,
    /// Not paid before `expires_at`; it can no longer be paid.
    Expired,
}
crate::names_serde!(OrderStatus { Pending = "pending", Paid = "paid", Failed = "failed", Cancelled = "cancelled", Expired = "expired" });

impl OrderStatus {
    /// No further change can happen.
    pub fn is_final(self) -> bool {
        !matches!(self, OrderStatus::Pending)
    }
}

/// The parameters the page hands to `WeixinJSBridge.invoke('getBrandWCPayRequest', …)`,
/// with WeChat's own field names, signed by the server (`signType` HMAC-SHA256).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsapiParams {
    #[serde(rename = "appId")]
    pub app_id: String,
    #[serde(rename = "timeStamp")]
    pub time_stamp: String,
    #[serde(rename = "nonceStr")]
    pub nonce_str: String,
    /// `prepay_id=…`
    pub package: String,
    #[serde(rename = "signType")]
    pub sign_type: String,
    #[serde(rename = "paySign")]
    pub pay_sign: String,
}

/// What the portal does next to let the customer pay a pending order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PayAction {
    /// Send the browser to the provider's cashier page (H5, Alipay, UnionPay).
    Redirect { url: String },
    /// Show `code_url` as a QR code for the customer to scan with WeChat.
    QrCode { code_url: String },
    /// Call the WeChat bridge with these parameters.
    WechatJsapi { params: JsapiParams },
}

/// A payment order as the customer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub order_no: OrderNo,
    pub account_no: AccountNo,
    pub purpose: OrderPurpose,
    pub amount: Fen,
    pub channel: PayChannel,
    pub status: OrderStatus,
    pub created_at: Timestamp,
    /// After this instant a pending order expires and can no longer be paid.
    pub expires_at: Timestamp,
    pub paid_at: Option<Timestamp>,
    /// The provider's transaction number, once paid (printed on the receipt).
    pub provider_txn: Option<String>,
    /// How to pay; present only while the order is pending.
    pub action: Option<PayAction>,
    /// Paid for someone else (代缴): the holder's masked name, as shown to the payer when
    /// the order was made. Absent for an account bound to the payer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payee_name_masked: Option<String>,
}

/// `GET /accounts/{account_no}/payment-options`: what this account can pay now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentOptions {
    pub account_no: AccountNo,
    pub purpose: OrderPurpose,
    /// Arrears: the whole amount owed (the only amount accepted; zero when nothing
    /// is owed). Top-up: the suggested amount.
    pub default_amount: Fen,
    pub min_amount: Fen,
    pub max_amount: Fen,
    /// Top-up presets in fen (empty for arrears).
    pub presets: Vec<Fen>,
    /// Channels the API accepts; the portal narrows them by environment and config.
    pub channels: Vec<PayChannel>,
    /// A pending order of this account, offered again ("continue paying" or "cancel").
    pub open_order: Option<Order>,
}

/// `POST /payments/orders`, with an `Idempotency-Key` header made when the customer
/// pressed Pay. The same key and body answer the same order; the same key with
/// another body is refused (422); a repeat while the first is being handled gets 409.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateOrderRequest {
    pub account_no: String,
    pub amount: Fen,
    pub channel: PayChannel,
    /// Where the provider sends the browser back (redirect channels only); must be
    /// on the server's allowlist of portal addresses. It carries no amount or status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
}

impl CreateOrderRequest {
    /// Checks the shape of the request; amount limits depend on the account and are
    /// checked against [`PaymentOptions`] by the caller.
    pub fn parse(&self) -> Result<AccountNo, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let account =
            errors.take(AccountNo::parse(&self.account_no), |e| e.for_field("account_no", "a 10-digit account number"));
        if self.amount.0 <= 0 {
            errors.take::<(), _>(Err(()), |()| {
                FieldError::new("amount", FieldCode::OutOfRange, "amount must be more than zero fen")
            });
        }
        if let Some(url) = &self.return_url {
            if url.chars().count() > 512 {
                errors.take::<(), _>(Err(()), |()| {
                    FieldError::new("return_url", FieldCode::TooLong, "return_url is at most 512 characters")
                });
            }
        }
        errors.finish(account)
    }
}

/// Why an amount typed for a top-up cannot be paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountProblem {
    Empty,
    NotAnAmount,
    BelowMinimum,
    AboveMaximum,
}

/// Parses an amount typed in 元 and checks it against the account's limits.
pub fn check_amount(input: &str, min: Fen, max: Fen) -> Result<Fen, AmountProblem> {
    if input.trim().is_empty() {
        return Err(AmountProblem::Empty);
    }
    let amount = Fen::parse_yuan(input).map_err(|e| match e {
        AmountError::TooLarge => AmountProblem::AboveMaximum,
        AmountError::Empty | AmountError::Format => AmountProblem::NotAnAmount,
    })?;
    if amount < min {
        Err(AmountProblem::BelowMinimum)
    } else if amount > max {
        Err(AmountProblem::AboveMaximum)
    } else {
        Ok(amount)
    }
}

/// The result a provider reports for an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProviderOutcome {
    Paid,
    Failed,
    Cancelled,
}
crate::names_serde!(ProviderOutcome { Paid = "paid", Failed = "failed", Cancelled = "cancelled" });

/// `POST /payments/notify/{provider}`: the provider's asynchronous notification,
/// signed with HMAC-SHA256 over the raw body (hex in the `X-Signature` header).
/// Delivered until acknowledged; processed at most once per order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentNotification {
    /// Unique per notification event; repeats of one event carry the same id.
    pub notify_id: String,
    pub order_no: OrderNo,
    pub provider_txn: String,
    pub outcome: ProviderOutcome,
    /// What the provider collected; must equal the order's amount.
    pub amount: Fen,
    pub at: Timestamp,
}

/// The merchant's answer to a [`PaymentNotification`] it has taken in (applied now, or
/// already applied before): the provider stops re-sending it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationAck {
    pub ok: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_are_upper_case_letters_and_digits() {
        assert!(OrderNo::parse("P20261130100000A7K2").is_ok());
        assert_eq!(OrderNo::parse(""), Err(IdError::Empty));
        assert_eq!(OrderNo::parse("p2026113010"), Err(IdError::Format));
        assert_eq!(OrderNo::parse("P1"), Err(IdError::Format));
        assert_eq!(OrderNo::parse("P2026<script>"), Err(IdError::Format));
    }

    #[test]
    fn channels_round_trip_through_their_names() {
        for channel in PayChannel::ALL {
            assert_eq!(PayChannel::parse(channel.as_str()), Some(channel));
            let json = serde_json::to_string(&channel).expect("serializes");
            assert_eq!(json, format!("\"{}\"", channel.as_str()));
        }
        assert_eq!(PayChannel::parse("cash"), None);
    }

    #[test]
    fn amounts_are_checked_against_limits_in_fen() {
        let (min, max) = (Fen(1000), Fen(500_000));
        assert_eq!(check_amount("100", min, max), Ok(Fen(10_000)));
        assert_eq!(check_amount("10.00", min, max), Ok(Fen(1000)));
        assert_eq!(check_amount("9.99", min, max), Err(AmountProblem::BelowMinimum));
        assert_eq!(check_amount("5000.01", min, max), Err(AmountProblem::AboveMaximum));
        assert_eq!(check_amount("  ", min, max), Err(AmountProblem::Empty));
        assert_eq!(check_amount("十元", min, max), Err(AmountProblem::NotAnAmount));
    }

    #[test]
    fn jsapi_parameters_use_wechat_names() {
        let action = PayAction::WechatJsapi {
            params: JsapiParams {
                app_id: "wx1".into(),
                time_stamp: "1".into(),
                nonce_str: "n".into(),
                package: "prepay_id=x".into(),
                sign_type: "HMAC-SHA256".into(),
                pay_sign: "S".into(),
            },
        };
        let json = serde_json::to_value(&action).expect("serializes");
        assert_eq!(json["kind"], "wechat_jsapi");
        assert_eq!(json["params"]["appId"], "wx1");
        assert_eq!(json["params"]["paySign"], "S");
    }

    #[test]
    fn create_request_reports_every_bad_field() {
        let request = CreateOrderRequest {
            account_no: "1".into(),
            amount: Fen(0),
            channel: PayChannel::Alipay,
            return_url: None,
        };
        let errors = request.parse().expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["account_no", "amount"]);
    }
}
