//! Backups: make one now (default folder or one chosen in the system dialog, e.g. a USB stick),
//! list and verify them, and restore one after a preview and an explicit confirmation. The
//! restore closes the app's store (and the sync's connection) and opens the restored one.

use crate::dto::backup::{BackupDto, BackupListDto, RestoredDto};
use crate::error::{AppError, CmdResult};
use crate::state::{AppState, blocking, with_store_closed};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use vanthu_local::Context;
use vanthu_local::backup::{
    backup_root, create_backup, list_backups, read_backup, restore_backup, rotate, verify_backup,
};

/// Backups kept per folder, as `vanthu backup create`.
const KEEP: usize = 14;

/// Reason stored in the manifest and the folder name, as the CLI's default.
const REASON: &str = "thu cong";

/// The folder asked for, or the unit's backup folder.
async fn folder_or_default(state: &AppState, folder: Option<String>) -> CmdResult<(PathBuf, bool)> {
    let default = blocking(state, |env| Ok(backup_root(env.store)?)).await?;
    Ok(
        match folder
            .map(|f| f.trim().to_string())
            .filter(|f| !f.is_empty())
        {
            Some(f) => {
                let p = PathBuf::from(f);
                let is_default = p == default;
                (p, is_default)
            }
            None => (default, true),
        },
    )
}

/// Reads and verifies a backup (off the store's lock: verifying reads the whole copy).
fn describe(path: &Path) -> CmdResult<BackupDto> {
    let info = read_backup(path)?;
    let check = verify_backup(path)?;
    Ok(BackupDto::new(&info, &check))
}

async fn off_lock<T: Send + 'static>(
    f: impl FnOnce() -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(AppError::internal)?
}

/// The backups in `folder` (default: the unit's backup folder), newest first, each verified.
#[tauri::command]
pub async fn list_backup_folder(
    state: State<'_, AppState>,
    folder: Option<String>,
) -> CmdResult<BackupListDto> {
    let (root, is_default) = folder_or_default(&state, folder).await?;
    off_lock(move || {
        let items = list_backups(&root)?
            .iter()
            .map(|b| describe(&b.path))
            .collect::<CmdResult<Vec<_>>>()?;
        Ok(BackupListDto {
            folder: root.display().to_string(),
            is_default,
            items,
        })
    })
    .await
}

/// Lets the clerk choose a folder (a USB stick) in the system dialog. `None` when cancelled.
#[tauri::command]
pub async fn pick_backup_folder(app: AppHandle) -> CmdResult<Option<String>> {
    // The dialog blocks its thread until closed.
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Chọn thư mục lưu bản sao lưu")
            .blocking_pick_folder()
    })
    .await
    .map_err(AppError::internal)?;
    Ok(picked
        .and_then(|f| f.into_path().ok())
        .map(|p| p.display().to_string()))
}

/// Backs up now into `folder` (default: the unit's backup folder), verifies the copy and keeps
/// the newest fourteen there.
#[tauri::command]
pub async fn create_backup_now(
    state: State<'_, AppState>,
    folder: Option<String>,
) -> CmdResult<BackupDto> {
    let (root, _) = folder_or_default(&state, folder).await?;
    let made = blocking(&state, move |env| {
        let ctx = Context {
            actor: &env.actor,
            clock: env.clock,
        };
        let info = create_backup(env.store, &ctx, &root, REASON)?;
        rotate(&root, KEEP)?;
        tracing::info!(path = %info.path.display(), "backup made");
        Ok(info.path)
    })
    .await?;
    off_lock(move || describe(&made)).await
}

/// Checks one backup again (integrity, SHA-256, counts, attachments).
#[tauri::command]
pub async fn verify_backup_at(path: String) -> CmdResult<BackupDto> {
    off_lock(move || describe(Path::new(&path))).await
}

/// Restores a verified backup: the current data is first saved as a backup of its own
/// ("Trước khi khôi phục", in the data folder's backups), then replaced; the app then works on
/// the restored data. `confirm` must be true: the UI asks after showing the preview.
#[tauri::command]
pub async fn restore_backup_at(
    state: State<'_, AppState>,
    path: String,
    confirm: bool,
) -> CmdResult<RestoredDto> {
    if !confirm {
        return Err(AppError::new(
            "not_confirmed",
            "Hãy xác nhận trước khi khôi phục: dữ liệu hiện tại sẽ được thay bằng bản sao lưu.",
        ));
    }
    let backup = PathBuf::from(&path);
    let preview = off_lock({
        let b = backup.clone();
        move || describe(&b)
    })
    .await?;
    if !preview.verified {
        return Err(AppError::new(
            "backup_invalid",
            format!(
                "Bản sao lưu không dùng được: {}. Không có gì bị thay đổi.",
                preview.problems.join("; ")
            ),
        ));
    }
    let safety = with_store_closed(&state, move |shared| {
        let actor = shared.actor();
        let ctx = Context {
            actor: &actor,
            clock: shared.clock.as_ref(),
        };
        restore_backup(&backup, &shared.data_dir, &ctx)?;
        tracing::warn!(from = %backup.display(), "data restored from a backup");
        Ok(shared.data_dir.join("backups"))
    })
    .await?;
    Ok(RestoredDto {
        restored: preview,
        safety_folder: safety.display().to_string(),
    })
}
