//! Where a provider may send the payer back: the portal, and nowhere else.

use contract::{FieldCode, FieldError, PayChannel};
use url::Url;

use crate::error::{ApiError, ApiResult};
use crate::Settings;

/// Channels that leave the portal for the provider's page and come back to the return URL.
pub(super) fn is_redirect(channel: PayChannel) -> bool {
    matches!(channel, PayChannel::WechatH5 | PayChannel::Alipay | PayChannel::Unionpay)
}

/// The return URL as stored: required for redirect channels, and always an address of the
/// portal ([`Settings::is_portal_origin`]), so the provider can only send the payer back to us.
pub(super) fn check_return_url(
    raw: Option<&str>,
    channel: PayChannel,
    settings: &Settings,
) -> ApiResult<Option<String>> {
    let Some(raw) = raw else {
        return if is_redirect(channel) {
            Err(ApiError::field(FieldError::new(
                "return_url",
                FieldCode::Required,
                "return_url is required for a channel that leaves the portal",
            )))
        } else {
            Ok(None)
        };
    };
    let refused = || {
        ApiError::ReturnUrlRefused(FieldError::new(
            "return_url",
            FieldCode::InvalidFormat,
            "return_url must be an http(s) address on this site or a configured portal origin",
        ))
    };
    let url = Url::parse(raw).map_err(|_| refused())?;
    if !settings.is_portal_origin(&url) {
        return Err(refused());
    }
    Ok(is_redirect(channel).then(|| url.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(public_origin: Option<&str>, portal_origins: &[&str]) -> Settings {
        Settings {
            public_origin: public_origin.map(str::to_owned),
            portal_origins: portal_origins.iter().map(|o| (*o).to_owned()).collect(),
            ..Settings::default()
        }
    }

    #[test]
    fn return_urls_must_be_on_the_public_origin_or_a_portal_origin() {
        let site = settings(Some("http://127.0.0.1:8080"), &["https://portal.example.cn"]);
        let check = |raw: &str| check_return_url(Some(raw), PayChannel::Alipay, &site);
        assert!(check("http://127.0.0.1:8080/?from=pay#/pay/result").is_ok());
        assert!(check("https://portal.example.cn/#/pay/result").is_ok());
        assert!(check("https://PORTAL.example.cn:443/x").is_ok(), "case and default port");
        for foreign in [
            "https://127.0.0.1:8080/",
            "http://127.0.0.1:8081/",
            "http://portal.example.cn/",
            "http://127.0.0.1:8080@evil.example/",
            "http://user@127.0.0.1:8080/",
            "javascript:alert(1)",
            "/relative",
            "//evil.example/",
        ] {
            assert!(check(foreign).is_err(), "{foreign} must be refused");
        }
        assert!(check_return_url(None, PayChannel::Unionpay, &site).is_err(), "required to leave");
        assert_eq!(check_return_url(None, PayChannel::WechatNative, &site).ok(), Some(None));
        assert!(check_return_url(Some("http://evil.example/"), PayChannel::WechatNative, &site).is_err());
        let nowhere = settings(None, &[]);
        assert!(check_return_url(Some("http://127.0.0.1:8080/"), PayChannel::Alipay, &nowhere).is_err(), "no origin");
    }
}
