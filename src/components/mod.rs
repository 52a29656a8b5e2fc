//! Reusable widgets.

pub mod charts;
pub mod code;
pub mod consent;
pub mod dialog;
pub mod download;
pub mod error_summary;
pub mod error_view;
pub mod field;
pub mod idle_warning;
pub mod layout;
pub mod notice;
pub mod page;
pub mod qr;
pub mod rate_invitation;
pub mod rating_text;
