pub mod health;
pub mod not_found;
