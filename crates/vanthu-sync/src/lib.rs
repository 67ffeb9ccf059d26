//! VanThu's sync client engine (design §5): enrols the laptop with the province, then pushes
//! captured changes (exactly once: the server applies each seq once and the outbox is trimmed
//! only after its acknowledgement), uploads attachments, pulls the unit's log (applied with its
//! cursor in one local transaction) and downloads attachments.
//!
//! The desktop app and the CLI use [`SyncEngine`]: [`SyncEngine::sync_now`] runs one round,
//! [`SyncEngine::status`] answers at once from memory (never blocks the UI), and
//! [`SyncEngine::spawn`] runs rounds in the background: on start, after local changes
//! (debounced), periodically, and again with exponential backoff and jitter after a failure (so
//! it catches the connection coming back). All database work runs on tokio's blocking pool.

pub mod backoff;
mod blobs;
pub mod client;
mod engine;
mod error;

pub use backoff::Backoff;
pub use engine::{BackgroundHandle, SyncEngine, SyncOptions, SyncReport};
pub use error::SyncError;

use serde::Serialize;
use std::sync::Arc;
use tokio::sync::watch;

/// What the engine is doing now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Phase {
    Idle,
    Connecting,
    /// Sending changes: `sent` of `total` pending at the start.
    Pushing {
        sent: i64,
        total: i64,
    },
    Uploading {
        bytes: i64,
    },
    Pulling {
        received: i64,
    },
    Downloading {
        bytes: i64,
    },
    /// Waiting to retry after a failure.
    Waiting {
        retry_at: i64,
    },
}

/// The sync state the UI shows: always available without waiting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    pub enrolled: bool,
    pub phase: Phase,
    pub last_success_at: Option<i64>,
    /// Changes captured here and not yet acknowledged by the server.
    pub pending: i64,
    pub clock_skew_ms: Option<i64>,
    /// Vietnamese warning when the laptop's clock is off by more than five minutes.
    pub clock_warning: Option<String>,
    pub last_error: Option<ErrorInfo>,
    pub conflicts: i64,
    pub inbox_waiting: i64,
}

/// `{code, message}` of the last failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorInfo {
    pub code: String,
    pub message: String,
}

impl SyncStatus {
    fn idle() -> SyncStatus {
        SyncStatus {
            enrolled: false,
            phase: Phase::Idle,
            last_success_at: None,
            pending: 0,
            clock_skew_ms: None,
            clock_warning: None,
            last_error: None,
            conflicts: 0,
            inbox_waiting: 0,
        }
    }
}

/// Progress reporting into the status channel.
#[derive(Clone)]
pub(crate) struct Progress {
    tx: Arc<watch::Sender<SyncStatus>>,
}

impl Progress {
    pub(crate) fn phase(&self, phase: Phase) {
        self.tx.send_modify(|s| s.phase = phase);
    }

    pub(crate) fn bytes_up(&self, n: i64) {
        self.tx.send_modify(|s| {
            let done = match s.phase {
                Phase::Uploading { bytes } => bytes,
                _ => 0,
            };
            s.phase = Phase::Uploading { bytes: done + n };
        });
    }

    pub(crate) fn bytes_down(&self, n: i64) {
        self.tx.send_modify(|s| {
            let done = match s.phase {
                Phase::Downloading { bytes } => bytes,
                _ => 0,
            };
            s.phase = Phase::Downloading { bytes: done + n };
        });
    }
}
