//! One file per route.

pub mod accounts;
pub mod bill;
pub mod bills;
pub mod coming_soon;
pub mod health;
pub mod home;
pub mod not_found;
pub mod notices;
pub mod settings;
pub mod sign_in;
pub mod usage;
