//! Where the portal runs: WeChat's in-app browser, a phone, or a desktop.

/// WeChat's webviews (Android XWeb, iOS WKWebView) say `MicroMessenger` in the user agent.
pub fn is_wechat_agent(user_agent: &str) -> bool {
    user_agent.contains("MicroMessenger")
}

pub fn user_agent() -> String {
    web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default()
}

pub fn in_wechat() -> bool {
    is_wechat_agent(&user_agent())
}

/// Where the page is open, as far as paying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// WeChat's in-app browser: WeChat Pay through its JS bridge; Alipay is blocked.
    Wechat,
    /// A phone's browser: the providers' mobile cashier pages (H5).
    Phone,
    /// A desktop browser: WeChat Pay by QR code.
    Desktop,
}

pub fn place_of(user_agent: &str) -> Place {
    if is_wechat_agent(user_agent) {
        Place::Wechat
    } else if ["Mobi", "Android", "iPhone", "iPad", "HarmonyOS"].iter().any(|m| user_agent.contains(m)) {
        Place::Phone
    } else {
        Place::Desktop
    }
}

pub fn place() -> Place {
    place_of(&user_agent())
}

pub fn browser_language() -> Option<String> {
    web_sys::window().and_then(|w| w.navigator().language())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wechat_is_recognised_by_its_user_agent() {
        let android = "Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 Chrome/86.0 XWEB/4317 MMWEBSDK/20220105 Mobile Safari/537.36 MMWEBID/6170 MicroMessenger/8.0.19.2080(0x28001339) NetType/WIFI Language/zh_CN";
        assert!(is_wechat_agent(android));
        assert!(!is_wechat_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1"));
        assert_eq!(place_of(android), Place::Wechat);
    }

    #[test]
    fn phones_and_desktops_are_told_apart() {
        let iphone =
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";
        let android = "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 Chrome/116.0 Mobile Safari/537.36";
        let desktop =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        assert_eq!(place_of(iphone), Place::Phone);
        assert_eq!(place_of(android), Place::Phone);
        assert_eq!(place_of(desktop), Place::Desktop);
    }
}
