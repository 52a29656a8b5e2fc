use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthStatus {
    Ok,
    Degraded,
}
crate::names_serde!(HealthStatus { Ok = "ok", Degraded = "degraded" });

/// `GET /health`: whether the API answers and its database is reachable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: HealthStatus,
    /// The server's version string.
    pub version: String,
    /// The server's clock, so clients can tell skew.
    pub now: Timestamp,
    /// True when the server runs with demo helpers (simulated SMS, demo endpoints).
    pub demo: bool,
}
