//! The runtime config (`config.json` next to index.html): one build serves every
//! deployment, so the API base URL, names and switches are read at start, never
//! baked in at compile time.

use std::rc::Rc;

use serde::Deserialize;
use yew::prelude::*;

use crate::api::{self, ApiError};

/// A text in both languages the portal speaks.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Localized {
    pub zh: String,
    pub en: String,
}

impl Localized {
    /// The text in `lang`.
    pub fn get(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Zh => &self.zh,
            crate::i18n::Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Config {
    /// The utility's name, shown in the header and titles.
    pub utility_name: Localized,
    /// The customer service hotline (e.g. 95598).
    pub hotline: String,
    /// Base URL of the utility API, absolute or relative to the page (e.g. `/api/v1`).
    pub api_base: String,
    /// WeChat official account app id; silent sign-in inside WeChat happens only when set.
    #[serde(default)]
    pub wechat_app_id: Option<String>,
    /// WeChat's OAuth authorize page (the reference server simulates it in demo mode).
    #[serde(default = "default_wechat_authorize_url")]
    pub wechat_authorize_url: String,
    /// Payment channels this deployment accepts (`wechat_jsapi`, `wechat_h5`, `wechat_native`, `alipay`, `unionpay`).
    #[serde(default)]
    pub payment_channels: Vec<String>,
}

fn default_wechat_authorize_url() -> String {
    "https://open.weixin.qq.com/connect/oauth2/authorize".to_owned()
}

/// The runtime config, provided by the app root.
#[hook]
pub fn use_config() -> Rc<Config> {
    use_context::<Rc<Config>>().unwrap_or_else(|| unreachable!("the app root provides the config"))
}

/// Why the portal cannot start.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigError {
    /// config.json could not be fetched.
    Unreachable(ApiError),
    /// It was fetched but is not a valid config.
    Invalid(String),
}

impl Config {
    /// Parses and checks a config file's text.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        // Where, not serde's wording: its messages would ship in the first download.
        let config: Config = serde_json::from_str(text).map_err(|e| {
            ConfigError::Invalid(format!("not a valid config at line {}, column {}", e.line(), e.column()))
        })?;
        if config.api_base.trim().is_empty() {
            return Err(ConfigError::Invalid("api_base is empty".into()));
        }
        if config.hotline.trim().is_empty() {
            return Err(ConfigError::Invalid("hotline is empty".into()));
        }
        let wechat_app_id = config.wechat_app_id.filter(|id| !id.trim().is_empty());
        Ok(Config { api_base: config.api_base.trim_end_matches('/').to_owned(), wechat_app_id, ..config })
    }
}

/// The hotline shown when even the config is missing.
pub const FALLBACK_HOTLINE: &str = "95598";

pub async fn load() -> Result<Config, ConfigError> {
    let text = api::fetch_text("config.json").await.map_err(ConfigError::Unreachable)?;
    Config::parse(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str =
        r#"{"utility_name":{"zh":"宿迁供电","en":"Suqian Power"},"hotline":"95598","api_base":"/api/v1/"}"#;

    #[test]
    fn a_valid_config_parses_and_trims_the_base_url() {
        let config = Config::parse(VALID).expect("valid");
        assert_eq!(config.api_base, "/api/v1");
        assert_eq!(config.wechat_app_id, None);
    }

    #[test]
    fn broken_configs_are_reported_not_panicked() {
        assert!(matches!(Config::parse("{"), Err(ConfigError::Invalid(_))));
        assert!(matches!(Config::parse(&VALID.replace("/api/v1/", " ")), Err(ConfigError::Invalid(_))));
        assert!(matches!(Config::parse(r#"{"hotline":"95598"}"#), Err(ConfigError::Invalid(_))));
    }
}
