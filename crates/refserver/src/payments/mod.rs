//! Online payment, the merchant's side: orders with their state machine and the one
//! place a provider's outcome is applied ([`order`]), `Idempotency-Key` handling
//! ([`idempotency`]), signatures ([`sign`]), and the simulated providers ([`sim`]).

pub mod idempotency;
pub mod order;
pub mod sign;
pub mod sim;

pub use sign::Merchant;
