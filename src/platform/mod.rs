//! The browser and WeChat around the app: storage, environment, document.

pub mod deploy;
pub mod dom;
pub mod download;
pub mod env;
pub mod storage;
pub mod wechat_pay;
