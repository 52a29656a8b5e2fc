//! Online payment, the merchant's side: orders with their state machine and the one
//! place a provider's outcome is applied ([`order`]), money that went astray
//! ([`discrepancy`]), settling orders nobody asks about ([`settle`]), signatures ([`sign`]),
//! and the simulated providers ([`sim`]). `Idempotency-Key` is [`crate::idempotency`]'s.

pub mod discrepancy;
pub mod order;
pub mod settle;
pub mod sign;
pub mod sim;

pub use sign::Merchant;
