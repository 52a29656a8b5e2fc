//! The browser and WeChat around the app: storage, environment, document.

pub mod dom;
pub mod env;
pub mod storage;
