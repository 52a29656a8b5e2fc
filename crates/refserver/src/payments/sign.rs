//! The merchant's credentials with the payment providers, and the two HMAC-SHA256
//! signatures they use: WeChat Pay v2's `paySign` for the JSAPI bridge, and the
//! `X-Signature` over the raw body of a provider's notification.

use std::fmt;

use contract::{JsapiParams, Provider};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// What the merchant holds from each provider. The defaults are demo values; a real
/// deployment's would come from its secret store.
#[derive(Clone)]
pub struct Merchant {
    /// Shown to the payer on the provider's page.
    pub name: String,
    /// The WeChat official account's app id (`appId` of the JSAPI parameters).
    pub wechat_app_id: String,
    /// The WeChat Pay v2 API key that signs `paySign`.
    pub wechat_api_key: String,
    /// Per provider, the secret its notifications are signed with.
    pub wechat_notify_secret: String,
    pub alipay_notify_secret: String,
    pub unionpay_notify_secret: String,
}

impl Merchant {
    pub fn demo() -> Merchant {
        Merchant {
            name: "宿迁供电公司（演示）".to_owned(),
            wechat_app_id: "wx0123456789abcdef".to_owned(),
            wechat_api_key: "demo-wechat-api-key-0123456789abcd".to_owned(),
            wechat_notify_secret: "demo-notify-secret-wechat".to_owned(),
            alipay_notify_secret: "demo-notify-secret-alipay".to_owned(),
            unionpay_notify_secret: "demo-notify-secret-unionpay".to_owned(),
        }
    }

    pub fn notify_secret(&self, provider: Provider) -> &str {
        match provider {
            Provider::Wechat => &self.wechat_notify_secret,
            Provider::Alipay => &self.alipay_notify_secret,
            Provider::Unionpay => &self.unionpay_notify_secret,
        }
    }
}

/// Keys stay out of logs and debug output.
impl fmt::Debug for Merchant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Merchant")
            .field("name", &self.name)
            .field("wechat_app_id", &self.wechat_app_id)
            .finish_non_exhaustive()
    }
}

fn mac(key: &str, message: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(message);
    mac
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

/// The `X-Signature` of a notification: lower-case hex HMAC-SHA256 of the raw body.
pub fn notify_signature(merchant: &Merchant, provider: Provider, body: &[u8]) -> String {
    hex(&mac(merchant.notify_secret(provider), body).finalize().into_bytes())
}

/// Whether `signature` (hex, either case) signs `body` for `provider`; compared in constant time.
pub fn verify_notify(merchant: &Merchant, provider: Provider, body: &[u8], signature: &str) -> bool {
    match unhex(signature.trim()) {
        Some(bytes) => mac(merchant.notify_secret(provider), body).verify_slice(&bytes).is_ok(),
        None => false,
    }
}

/// The parameters for `getBrandWCPayRequest`, signed as WeChat Pay v2 does with
/// `signType` HMAC-SHA256: the fields sorted by name as `k=v&…`, then `&key=<API key>`,
/// HMAC-SHA256 with the API key, upper-case hex.
pub fn jsapi_params(merchant: &Merchant, prepay_id: &str, time_stamp: i64, nonce_str: &str) -> JsapiParams {
    let package = format!("prepay_id={prepay_id}");
    let time_stamp = time_stamp.to_string();
    let signed = format!(
        "appId={}&nonceStr={nonce_str}&package={package}&signType=HMAC-SHA256&timeStamp={time_stamp}&key={}",
        merchant.wechat_app_id, merchant.wechat_api_key
    );
    let pay_sign = hex(&mac(&merchant.wechat_api_key, signed.as_bytes()).finalize().into_bytes()).to_ascii_uppercase();
    JsapiParams {
        app_id: merchant.wechat_app_id.clone(),
        time_stamp,
        nonce_str: nonce_str.to_owned(),
        package,
        sign_type: "HMAC-SHA256".to_owned(),
        pay_sign,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_matches_the_rfc_4231_vector() {
        // RFC 4231 test case 2.
        let tag = mac("Jefe", b"what do ya want for nothing?").finalize().into_bytes();
        assert_eq!(hex(&tag), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn notifications_verify_only_with_the_providers_own_secret_and_body() {
        let merchant = Merchant::demo();
        let body = br#"{"notify_id":"n1"}"#;
        let signature = notify_signature(&merchant, Provider::Alipay, body);
        assert!(verify_notify(&merchant, Provider::Alipay, body, &signature));
        assert!(verify_notify(&merchant, Provider::Alipay, body, &signature.to_ascii_uppercase()));
        assert!(!verify_notify(&merchant, Provider::Wechat, body, &signature), "another provider's secret");
        assert!(!verify_notify(&merchant, Provider::Alipay, br#"{"notify_id":"n2"}"#, &signature));
        assert!(!verify_notify(&merchant, Provider::Alipay, body, ""));
        assert!(!verify_notify(&merchant, Provider::Alipay, body, "zz"));
        assert!(!verify_notify(&merchant, Provider::Alipay, body, "é1"));
    }

    #[test]
    fn pay_sign_is_the_upper_case_hmac_of_the_sorted_fields_and_key() {
        let merchant =
            Merchant { wechat_app_id: "wxd930ea5d5a258f4f".into(), wechat_api_key: "k".into(), ..Merchant::demo() };
        let params = jsapi_params(&merchant, "wx201410272009395522657a690389285100", 1414561699, "5K8264ILTKCH16CQ");
        let expected = mac(
            "k",
            b"appId=wxd930ea5d5a258f4f&nonceStr=5K8264ILTKCH16CQ&package=prepay_id=wx201410272009395522657a690389285100\
              &signType=HMAC-SHA256&timeStamp=1414561699&key=k",
        )
        .finalize()
        .into_bytes();
        assert_eq!(params.pay_sign, hex(&expected).to_ascii_uppercase());
        assert!(params.pay_sign.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
        assert_eq!(params.package, "prepay_id=wx201410272009395522657a690389285100");
        assert_eq!(params.time_stamp, "1414561699");
    }
}
