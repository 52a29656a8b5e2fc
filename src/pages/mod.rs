//! One file per route.

pub mod accounts;
pub mod appointments;
pub mod bill;
pub mod bills;
pub mod book;
pub mod guidance;
pub mod halls;
pub mod health;
pub mod home;
pub mod not_found;
pub mod notices;
pub mod order;
pub mod pay;
pub mod pay_other;
pub mod pay_return;
pub mod payments;
pub mod privacy;
pub mod rate;
pub mod rating;
pub mod ratings;
pub mod receipt;
pub mod reschedule;
pub mod settings;
pub mod sign_in;
pub mod usage;
