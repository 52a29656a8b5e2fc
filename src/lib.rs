//! The 营业厅 customer portal: a Yew single-page app over the utility API.
//!
//! Start-up fetches the runtime `config.json` next to index.html, then mounts
//! the app with it; a missing or broken config shows a readable page with the
//! hotline instead of a blank screen.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod i18n;
pub mod kit;
pub mod pages;
pub mod pieces;
pub mod platform;
pub mod route;
pub mod router;
pub mod state;
pub mod tables;

use wasm_bindgen_futures::spawn_local;

use crate::app::{App, AppProps, ConfigProblem, ConfigProblemProps};

/// Entry point: load the config, then mount.
pub fn start() {
    spawn_local(async {
        match config::load().await {
            Ok(config) => {
                yew::Renderer::<App>::with_props(AppProps { config: config.into() }).render();
            }
            Err(problem) => {
                yew::Renderer::<ConfigProblem>::with_props(ConfigProblemProps { problem }).render();
            }
        }
    });
}
