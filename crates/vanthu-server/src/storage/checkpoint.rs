//! WAL checkpoints off the push path.
//!
//! SQLite's automatic checkpoint runs inside whichever connection commits past the threshold —
//! on the server that is always the one writer, so every few batches a push waited while the
//! WAL was copied into the database file and fsynced (14 % of the writer's CPU under ingest,
//! measured with perf; docs/benchmarks.md). A [`Checkpointer`] thread with its own connection
//! runs `PASSIVE` checkpoints instead, on the other core: a passive checkpoint never blocks the
//! writer or readers, and the writer restarts the WAL from its beginning once a checkpoint has
//! copied all of it. The writer keeps a (much higher) automatic threshold as a safety net, so
//! the WAL stays bounded even if this thread were to fall behind.

use rusqlite::Connection;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the thread looks at the WAL when no commit wakes it.
const IDLE_PERIOD: Duration = Duration::from_millis(500);

/// The shortest pause between two checkpoints under load: each one fsyncs the database file,
/// so checkpointing after every committed batch would trade the writer's waits for disk churn.
const MIN_GAP: Duration = Duration::from_millis(100);

/// Pages in the WAL (4 KiB each) past which the writer checkpoints by itself (SQLite's default
/// is 1,000; the checkpointer normally keeps the WAL far below this).
pub(super) const WRITER_SAFETY_PAGES: i64 = 16_384;

/// Wakes the checkpoint thread after commits.
#[derive(Default)]
struct Signal {
    dirty: Mutex<bool>,
    wake: Condvar,
}

/// The background checkpoint thread; stopped and joined on drop.
pub(super) struct Checkpointer {
    stop: Arc<AtomicBool>,
    signal: Arc<Signal>,
    handle: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread on its own connection to `path`.
    pub(super) fn start(conn: Connection, path: &Path) -> Checkpointer {
        let stop = Arc::new(AtomicBool::new(false));
        let signal = Arc::new(Signal::default());
        let (s, sig) = (stop.clone(), signal.clone());
        let name = format!("checkpoint {}", path.display());
        let handle = std::thread::Builder::new()
            .name("wal-checkpoint".into())
            .spawn(move || run(conn, &s, &sig, &name))
            .ok();
        Checkpointer {
            stop,
            signal,
            handle,
        }
    }

    /// Tells the thread a commit added to the WAL.
    pub(super) fn committed(&self) {
        let mut dirty = self.signal.dirty.lock().unwrap_or_else(|p| p.into_inner());
        *dirty = true;
        self.signal.wake.notify_one();
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.signal.wake.notify_one();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

fn run(conn: Connection, stop: &AtomicBool, signal: &Signal, name: &str) {
    while !stop.load(Ordering::SeqCst) {
        {
            let dirty = signal.dirty.lock().unwrap_or_else(|p| p.into_inner());
            let (mut dirty, _) = signal
                .wake
                .wait_timeout_while(dirty, IDLE_PERIOD, |d| !*d && !stop.load(Ordering::SeqCst))
                .unwrap_or_else(|p| p.into_inner());
            *dirty = false;
        }
        // Busy or locked is normal (a reader mid-transaction); the next round catches up.
        if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            tracing::debug!(target: "storage", "{name}: {e}");
        }
        std::thread::sleep(MIN_GAP);
    }
}
