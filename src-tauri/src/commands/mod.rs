//! Tauri commands: each takes the state, calls one use case of `vanthu-local` on a blocking
//! thread and maps its error to `{code, message}`. No domain logic lives here.

pub mod accounts;
pub mod app;
pub mod backup;
pub mod backup_status;
pub mod incoming;
pub mod indicators;
pub mod meetings;
pub mod outgoing;
pub mod recovery;
pub mod reports;
pub mod settings;
pub mod signatures;
pub mod sync;
pub mod sync_records;
pub mod tasks;

use crate::error::{AppError, CmdResult};
use std::path::PathBuf;
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

/// The system's open dialog for one file of the given kinds; `None` when cancelled. The dialog
/// blocks its thread until closed, so it runs off the async runtime.
pub async fn pick_one_file(
    app: AppHandle,
    title: &'static str,
    filter: &'static str,
    extensions: &'static [&'static str],
) -> CmdResult<Option<PathBuf>> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title(title)
            .add_filter(filter, extensions)
            .blocking_pick_file()
    })
    .await
    .map_err(AppError::internal)?;
    Ok(picked.and_then(|f| f.into_path().ok()))
}

/// [`pick_one_file`] for a table a plan appendix comes in (.xlsx, .xls, .csv), as text for the UI.
pub async fn pick_table_file(app: AppHandle, title: &'static str) -> CmdResult<Option<String>> {
    Ok(
        pick_one_file(app, title, "Bảng tính, CSV", &["xlsx", "xls", "csv"])
            .await?
            .map(|p| p.display().to_string()),
    )
}
