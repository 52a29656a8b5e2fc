//! The reference implementation of the utility API described by `api/openapi.yaml`.
//!
//! It stands in for the company's real API on development machines and in
//! tests: an axum server over an embedded SQLite database with seeded demo data,
//! simulated outside parties (SMS), fault injection, and the built portal served
//! from `dist/`, so one command shows the whole product.

pub mod calendar;
pub mod clock;
pub mod db;
pub mod error;
pub mod extract;
pub mod faults;
pub mod idempotency;
pub mod invoice;
pub mod payments;
pub mod routes;
pub mod seed;
pub mod static_files;
pub mod throttle;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use contract::PayChannel;
use tokio::net::TcpListener;
use tokio::sync::watch;
use url::Url;

pub use clock::Clock;
pub use db::Db;
use faults::Faults;

/// Settings that shape the server's behaviour.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Demo helpers (readable SMS codes, fault injection) are served only when true.
    pub demo: bool,
    /// The built portal to serve at `/`; `None` serves the API alone.
    pub dist: Option<PathBuf>,
    /// The Content-Security-Policy sent with the portal's files:
    /// [`static_files::CONTENT_SECURITY_POLICY`] unless a test needs a browser that
    /// refuses the app (one without `'wasm-unsafe-eval'`, as Chromium before 97 acts).
    pub content_security_policy: String,
    /// Idle time after which a session ends.
    pub session_idle_s: i64,
    /// Absolute lifetime of a session however active it is.
    pub session_max_s: i64,
    /// A CJK font (TrueType/OpenType or a collection) for PDF e-invoices; `None`
    /// answers invoice requests 503. The default is the first Debian CJK font found.
    pub invoice_font: Option<PathBuf>,
    /// Payment channels this deployment accepts (the portal narrows them further).
    pub payment_channels: Vec<PayChannel>,
    /// The origin customers reach this server (and the portal it serves) at, e.g.
    /// `https://95598.example.cn`. Cashier links are built on it and payment return URLs
    /// may point to it. Never taken from a request's `Host`, which the client controls;
    /// [`spawn`] sets it to the bound address when unset.
    pub public_origin: Option<String>,
    /// Other origins (`https://portal.example.cn`) a payment's return_url may point to.
    pub portal_origins: Vec<String>,
    /// Merchant credentials with the simulated providers: demo values by default.
    pub merchant: payments::Merchant,
}

impl Settings {
    /// Whether `url` is an address of the portal: http(s), without credentials, on the public
    /// origin or a configured portal origin. The one rule for every address a simulated provider
    /// or the WeChat page sends a browser back to; a request's `Host` plays no part in it.
    pub fn is_portal_origin(&self, url: &Url) -> bool {
        if !matches!(url.scheme(), "http" | "https") || !url.username().is_empty() || url.password().is_some() {
            return false;
        }
        let origin = url.origin();
        self.public_origin
            .iter()
            .chain(&self.portal_origins)
            .filter_map(|o| Url::parse(o).ok())
            .any(|o| o.origin() == origin)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            demo: false,
            dist: None,
            content_security_policy: static_files::CONTENT_SECURITY_POLICY.to_owned(),
            session_idle_s: 30 * 60,
            session_max_s: 12 * 3600,
            invoice_font: invoice::default_font_path(),
            payment_channels: PayChannel::ALL.to_vec(),
            public_origin: None,
            portal_origins: Vec::new(),
            merchant: payments::Merchant::demo(),
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Clock,
    pub settings: Arc<Settings>,
    pub faults: Faults,
    /// The invoice font, read once on first use.
    pub invoice_font: invoice::FontCache,
    /// The simulated payment providers' switches (notifications held back, failures).
    pub paysim: payments::sim::Paysim,
    /// The hall list and its satisfaction rates, kept until what they come from changes.
    pub hall_cache: routes::HallCache,
    /// The key download links are signed with, made at start.
    pub link_key: routes::LinkKey,
}

impl AppState {
    pub fn new(db: Db, clock: Clock, settings: Settings) -> AppState {
        AppState {
            db,
            clock,
            settings: Arc::new(settings),
            faults: Faults::default(),
            invoice_font: invoice::FontCache::default(),
            paysim: payments::sim::Paysim::default(),
            hall_cache: routes::HallCache::default(),
            link_key: routes::LinkKey::random(),
        }
    }
}

/// The whole application: the API under [`contract::API_PREFIX`] and the portal at `/`.
pub fn app(state: AppState) -> Router {
    let api = routes::router(state.clone());
    let router = Router::new().nest(contract::API_PREFIX, api);
    static_files::with_portal(router, state.settings.dist.as_deref(), &state.settings.content_security_policy)
}

/// A server bound to a port, running until dropped or shut down.
pub struct Running {
    pub addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    server: Option<tokio::task::JoinHandle<()>>,
    sweeper: Option<tokio::task::JoinHandle<()>>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections and the payment sweep, and waits for both to end.
    pub async fn stop(mut self) {
        self.shutdown.send_replace(true);
        for task in [self.server.take(), self.sweeper.take()].into_iter().flatten() {
            let _ = task.await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown.send_replace(true);
    }
}

/// Binds `addr` (port 0 picks a free one) and serves `state` in a background task. Payments
/// settle without anyone asking: the simulated providers resend what they had not got
/// acknowledged before a restart, and a sweep brings pending orders up to date every
/// [`payments::settle::SWEEP_EVERY`] until the server stops.
pub async fn spawn(addr: SocketAddr, mut state: AppState) -> std::io::Result<Running> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    if state.settings.public_origin.is_none() {
        let settings = Settings { public_origin: Some(format!("http://{addr}")), ..(*state.settings).clone() };
        state.settings = Arc::new(settings);
    }
    let (shutdown, mut stopping) = watch::channel(false);
    match payments::settle::redeliver_unacknowledged(&state).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(notifications = n, "resending the simulated providers' unacknowledged notifications"),
        Err(e) => tracing::error!(?e, "cannot read the simulated providers' outbox; its notifications wait"),
    }
    let sweeper = tokio::spawn(payments::settle::run_sweeps(state.clone(), shutdown.subscribe()));
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    let server = tokio::spawn(async move {
        let stop = async move {
            let _ = stopping.wait_for(|stop| *stop).await;
        };
        if let Err(e) = axum::serve(listener, service).with_graceful_shutdown(stop).await {
            tracing::error!(error = %e, "server stopped with an error");
        }
    });
    Ok(Running { addr, shutdown, server: Some(server), sweeper: Some(sweeper) })
}
