//! VanThu's provincial server: units' devices enrol, push their changes (applied exactly once,
//! in order) and pull the unit's log (other devices' changes and what the province sends down);
//! province staff watch every unit on the dashboard.
//!
//! [`router`] is the whole HTTP surface; the `vanthu-server` binary adds storage selection,
//! admin subcommands and TLS. Storage is behind [`storage::Storage`] (SQLite or PostgreSQL).

pub mod admin;
pub mod api;
pub mod audit;
pub mod auth;
pub mod dashboard;
pub mod error;
pub mod merge;
pub mod reports;
pub mod storage;

pub use error::ServerError;
pub use storage::Storage;

use axum::Router;
use std::sync::Arc;

/// Settings of a running server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// How long a new enrolment code stays valid.
    pub enrol_code_ttl_ms: i64,
    /// How long a staff session lasts.
    pub session_ttl_ms: i64,
    /// Mark session cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            enrol_code_ttl_ms: 72 * 3600 * 1000,
            session_ttl_ms: 12 * 3600 * 1000,
            secure_cookies: false,
        }
    }
}

/// A source of "now" (unix ms), replaceable in tests.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(|| chrono::Utc::now().timestamp_millis())
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub storage: Arc<dyn Storage>,
    pub config: Arc<ServerConfig>,
    pub clock: Clock,
}

impl AppState {
    pub fn new(storage: Arc<dyn Storage>) -> AppState {
        AppState {
            storage,
            config: Arc::new(ServerConfig::default()),
            clock: system_clock(),
        }
    }

    pub fn now(&self) -> i64 {
        (self.clock)()
    }
}

/// The server's routes: the sync API under `/v1` and the province dashboard.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(dashboard::routes())
        .with_state(state)
}
