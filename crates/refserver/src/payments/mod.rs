//! Online payment, the merchant's side: orders with their state machine and the one
//! place a provider's outcome is applied ([`order`]), money that went astray
//! ([`discrepancy`]), settling orders nobody asks about ([`settle`]), `Idempotency-Key`
//! handling ([`idempotency`]), signatures ([`sign`]), and the simulated providers ([`sim`]).

pub mod discrepancy;
pub mod idempotency;
pub mod order;
pub mod settle;
pub mod sign;
pub mod sim;

pub use sign::Merchant;
