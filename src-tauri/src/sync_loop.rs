//! Sync with the province in the background of the app: a round when the app starts, a few
//! seconds after the clerk changes something (debounced), every few minutes, and at once on
//! "Đồng bộ ngay"; after a network failure it retries with `vanthu-sync`'s exponential backoff
//! with jitter. It runs on the async runtime with the engine's own store connection, so no
//! command ever waits for the network. Nothing is sent before the device is enrolled.
//!
//! A restore replaces the database file, so [`SyncLoop::stop`] ends the loop and closes the
//! engine's connection first and [`SyncLoop::start`] makes a fresh engine afterwards.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;
use vanthu_local::Clock;
use vanthu_sync::{Backoff, SyncEngine, SyncError, SyncOptions, SyncStatus};

/// Wake-ups of the loop.
#[derive(Default)]
struct Signals {
    /// "Đồng bộ ngay" or a new enrolment: run a round without waiting.
    now: Notify,
    /// The clerk changed something: run a round once things are quiet.
    changed: Notify,
}

struct Running {
    engine: Arc<SyncEngine>,
    signals: Arc<Signals>,
    task: tauri::async_runtime::JoinHandle<()>,
}

/// What the loop adds to the engine's status.
#[derive(Debug, Clone, Default)]
pub struct LoopState {
    /// When the next automatic retry is due after a failure (unix ms).
    pub retry_at: Option<i64>,
    /// Whether a round is running now.
    pub busy: bool,
}

/// The background sync of one data directory.
pub struct SyncLoop {
    data_dir: PathBuf,
    clock: Arc<dyn Clock>,
    running: Mutex<Option<Running>>,
    state: Arc<Mutex<LoopState>>,
    /// Tunables (tests shorten them).
    pub period: Duration,
    pub debounce: Duration,
    pub backoff: Backoff,
}

impl SyncLoop {
    pub fn new(data_dir: PathBuf, clock: Arc<dyn Clock>) -> SyncLoop {
        let defaults = SyncOptions::default();
        SyncLoop {
            data_dir,
            clock,
            running: Mutex::new(None),
            state: Arc::new(Mutex::new(LoopState::default())),
            period: defaults.period,
            debounce: defaults.debounce,
            backoff: defaults.backoff,
        }
    }

    fn options(&self) -> SyncOptions {
        SyncOptions {
            clock: self.clock.clone(),
            period: self.period,
            debounce: self.debounce,
            backoff: self.backoff,
            ..SyncOptions::default()
        }
    }

    /// Starts the loop (once; later calls do nothing). Must run inside the async runtime.
    pub fn start(&self) -> Result<(), SyncError> {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if running.is_some() {
            return Ok(());
        }
        let engine = SyncEngine::new(&self.data_dir, self.options())?;
        let signals = Arc::new(Signals::default());
        let task = tauri::async_runtime::spawn(run(
            engine.clone(),
            signals.clone(),
            self.state.clone(),
            self.clock.clone(),
            (self.period, self.debounce, self.backoff),
        ));
        *running = Some(Running {
            engine,
            signals,
            task,
        });
        Ok(())
    }

    /// Ends the loop and closes the engine's connection to the store; a round in progress is
    /// cut at its next step (everything it did is committed or rolled back whole).
    pub async fn stop(&self) {
        let taken = self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(r) = taken {
            r.task.abort();
            let _ = r.task.await;
            r.engine.close_store().await;
        }
        *self.state.lock().unwrap_or_else(|p| p.into_inner()) = LoopState::default();
    }

    /// The engine, while the loop runs.
    pub fn engine(&self) -> Option<Arc<SyncEngine>> {
        self.running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|r| r.engine.clone())
    }

    /// The engine's status and the loop's, at once (never waits for a round).
    pub fn status(&self) -> Option<(SyncStatus, LoopState)> {
        let engine = self.engine()?;
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner()).clone();
        Some((engine.status(), state))
    }

    /// Runs a round now ("Đồng bộ ngay", right after enrolling).
    pub fn sync_now(&self) {
        if let Some(r) = self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            r.signals.now.notify_one();
        }
    }

    /// The clerk changed something: a round follows once there is a short quiet time.
    pub fn local_change(&self) {
        if let Some(r) = self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            r.signals.changed.notify_one();
        }
    }
}

/// The loop itself.
async fn run(
    engine: Arc<SyncEngine>,
    signals: Arc<Signals>,
    state: Arc<Mutex<LoopState>>,
    clock: Arc<dyn Clock>,
    (period, debounce, backoff): (Duration, Duration, Backoff),
) {
    let set = |f: &dyn Fn(&mut LoopState)| f(&mut state.lock().unwrap_or_else(|p| p.into_inner()));
    let mut failures: u32 = 0;
    loop {
        let enrolled = match engine.refresh_status().await {
            Ok(s) => s.enrolled,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the sync state");
                false
            }
        };
        // Not enrolled: nothing to do until enrolment (or a change, which re-checks).
        let mut wait = None;
        if enrolled {
            set(&|s| {
                s.busy = true;
                s.retry_at = None;
            });
            let outcome = engine.sync_now().await;
            let delay = match &outcome {
                Ok(report) => {
                    tracing::info!(
                        pushed = report.pushed,
                        pulled = report.pulled,
                        "sync round done"
                    );
                    failures = 0;
                    period
                }
                Err(e) if e.is_retryable() => {
                    tracing::warn!(error = %e, failures, "sync round failed; retrying later");
                    let d = backoff.delay(failures);
                    failures = failures.saturating_add(1);
                    d
                }
                Err(e) => {
                    tracing::warn!(error = %e, code = e.code(), "sync round refused");
                    period
                }
            };
            let retry_at = outcome
                .is_err()
                .then(|| clock.now_ms() + delay.as_millis() as i64);
            set(&|s| {
                s.busy = false;
                s.retry_at = retry_at;
            });
            wait = Some(delay);
        }
        let sleep = async {
            match wait {
                Some(d) => tokio::time::sleep(d).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = sleep => {}
            _ = signals.now.notified() => {}
            _ = signals.changed.notified() => {
                // Debounce: further changes within the quiet time join this round; "now" cuts
                // the wait short.
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep(debounce) => break,
                        _ = signals.now.notified() => break,
                        _ = signals.changed.notified() => continue,
                    }
                }
            }
        }
    }
}
