//! The page kit: the one way a page loads, shows and submits. A newcomer's page
//! starts as a copy of [`example`].
//!
//! - [`load`]: [`use_api_load`](load::use_api_load) (and [`use_load`](load::use_load) without the API),
//!   [`use_account_load`](load::use_account_load)
//!   (stays loading until the customer is known; refetches on an account switch;
//!   drops stale answers) and [`use_live_load`](load::use_live_load) (polls in place);
//!   [`Loaded::view`](load::Loaded::view) renders loading, empty and failed.
//! - [`draft`]: [`use_draft`](draft::use_draft), what was typed, kept across a
//!   reload and a 401.
//! - [`submit`]: [`use_submit`](submit::use_submit), one press at a time with its
//!   errors; [`send_once`](submit::send_once), the idempotency key kept with the draft.
//! - [`form`]: [`FormErrors`](form::FormErrors), the one error model of forms.

pub mod draft;
pub mod example;
pub mod form;
pub mod load;
pub mod submit;

pub use draft::{use_draft, use_draft_with, Draft};
pub use form::FormErrors;
pub use load::{empty, use_account_load, use_api_load, use_live_load, use_load, Load, Loaded};
pub use submit::{send_once, use_submit, Keep, Submit};
