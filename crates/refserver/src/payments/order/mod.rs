//! The merchant's payment orders: their rows, the one function that applies a provider's
//! outcome (shared by notifications and status queries), and the state machine
//! `pending → paid | failed | cancelled | expired`.
//!
//! `codes` makes order numbers and names the stored values, `store` reads orders back, `apply`
//! is where a provider's outcome changes an order, and `refresh` brings a pending order up to
//! date with its provider (and cancels it).

mod apply;
mod codes;
mod refresh;
mod store;

use contract::Fen;

pub use apply::{apply_outcome, Decision, Effect};
pub use codes::{new_order_no, outcome_from, outcome_str, purpose_str, status_str};
pub use refresh::{cancel, refresh, refresh_account};
pub use store::{
    all_pending, list_for_account, list_for_payer, load, load_scoped, pending_for_account, unpaid_bills, OrderRow,
    SELECT,
};

/// A pending order expires this long after it was created.
pub const ORDER_TTL_S: i64 = 15 * 60;
/// Prepaid top-ups: limits, presets and the suggested amount.
pub const TOP_UP_MIN: Fen = Fen(10 * 100);
pub const TOP_UP_MAX: Fen = Fen(5000 * 100);
pub const TOP_UP_PRESETS: [Fen; 4] = [Fen(50 * 100), Fen(100 * 100), Fen(200 * 100), Fen(500 * 100)];
pub const TOP_UP_DEFAULT: Fen = Fen(100 * 100);
