//! App-wide state: each a `Reducible` with an action enum, a provider component and a hook.

pub mod drafts;
pub mod prefs;
pub mod session;
