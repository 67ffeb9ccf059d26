//! The automatic daily backup while the app runs: the same use case as `vanthu backup auto`
//! (`ensure_daily`: a new verified backup when the newest is a day old, rotation). Checked a
//! minute after start, so it never slows the first screen, and then every hour, so a laptop
//! left on for days still gets one backup a day. Runs without a login: it is the machine's job,
//! and the backup is the encrypted store as it stands (the manifest records "Sao lưu tự động").

use crate::state::{AppState, blocking_open};
use std::time::Duration;
use vanthu_local::Context;
use vanthu_local::backup::ensure_daily;

/// Wait after start before the first check.
const FIRST_CHECK: Duration = Duration::from_secs(60);
/// Between checks.
const PERIOD: Duration = Duration::from_secs(3_600);
/// Daily backups kept in the folder (two weeks, as `vanthu backup auto`).
const KEEP: usize = 14;

/// Starts the loop (called once the async runtime exists).
pub fn spawn(state: AppState) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_CHECK).await;
        loop {
            let outcome = blocking_open(&state, |env| {
                // Nothing to keep before the first-run setup.
                if vanthu_local::unit::get_unit(env.store.conn())?.is_none() {
                    return Ok(None);
                }
                let ctx = Context {
                    actor: "Sao lưu tự động",
                    clock: env.clock,
                };
                Ok(ensure_daily(env.store, &ctx, KEEP)?)
            })
            .await;
            match outcome {
                Ok(Some(made)) => tracing::info!(path = %made.path.display(), "daily backup made"),
                Ok(None) => tracing::debug!("daily backup not due"),
                Err(e) => tracing::warn!(code = %e.code, error = %e.message, "daily backup failed"),
            }
            tokio::time::sleep(PERIOD).await;
        }
    });
}
