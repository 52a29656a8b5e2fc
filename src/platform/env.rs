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
    }
}
