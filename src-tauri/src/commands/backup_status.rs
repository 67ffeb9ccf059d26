//! Home's backup card: "Bản sao lưu đã kiểm tra gần nhất: …", from the backups in the unit's
//! backup folder, each checked again now (a backup that no longer verifies does not count).

use crate::dto::accounts::BackupStatusDto;
use crate::error::{AppError, CmdResult};
use crate::state::{AppState, blocking};
use std::path::Path;
use tauri::State;
use vanthu_local::backup::{backup_root, list_backups, verify_backup};

/// A verified backup older than this many days makes the card warn (the daily backup should
/// never let it get there).
pub const STALE_AFTER_DAYS: u32 = 3;

/// Verifying reads a whole copy; past this many failed ones the card stops looking.
const MAX_CHECKED: usize = 5;

/// Finds the newest backup under `root` that verifies, and judges its age against `now_ms`.
pub fn backup_status(root: &Path, now_ms: i64) -> CmdResult<BackupStatusDto> {
    let mut failed_newer = 0;
    let mut found = None;
    for b in list_backups(root)?.into_iter().take(MAX_CHECKED) {
        if verify_backup(&b.path)?.ok {
            found = Some(b);
            break;
        }
        failed_newer += 1;
    }
    let stale_ms = i64::from(STALE_AFTER_DAYS) * 24 * 3_600_000;
    Ok(BackupStatusDto {
        folder: root.display().to_string(),
        stale: found
            .as_ref()
            .is_none_or(|b| now_ms - b.manifest.created_at > stale_ms),
        verified_at: found.as_ref().map(|b| b.manifest.created_at),
        verified_name: found
            .as_ref()
            .and_then(|b| b.path.file_name().map(|n| n.to_string_lossy().into_owned())),
        stale_after_days: STALE_AFTER_DAYS,
        failed_newer,
    })
}

/// Home's backup card (loaded after the rest of Home: verification reads the copies).
#[tauri::command]
pub async fn backup_status_card(state: State<'_, AppState>) -> CmdResult<BackupStatusDto> {
    let (root, now) = blocking(&state, |env| {
        Ok((backup_root(env.store)?, env.clock.now_ms()))
    })
    .await?;
    tauri::async_runtime::spawn_blocking(move || backup_status(&root, now))
        .await
        .map_err(AppError::internal)?
}

#[cfg(test)]
mod tests {
    use super::*;
    use vanthu_local::backup::create_backup;
    use vanthu_local::{Context, FixedClock, Store};

    #[test]
    fn the_card_names_the_newest_verified_backup_and_warns_when_old_or_broken() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("backups");
        let empty = backup_status(&root, 0).unwrap();
        assert!(empty.stale);
        assert_eq!(empty.verified_at, None);

        let store = Store::open(dir.path()).unwrap();
        let day = 24 * 3_600_000;
        let t0 = 1_795_000_000_000;
        let clock = FixedClock::new(t0);
        let ctx = Context {
            actor: "Văn thư",
            clock: &clock,
        };
        let first = create_backup(&store, &ctx, &root, "thu cong").unwrap();
        let fresh = backup_status(&root, t0 + day).unwrap();
        assert!(!fresh.stale);
        assert_eq!(fresh.verified_at, Some(first.manifest.created_at));
        assert!(backup_status(&root, t0 + 4 * day).unwrap().stale);

        // A newer backup that is damaged does not count; the card says so.
        clock.set(t0 + 2 * day);
        let second = create_backup(&store, &ctx, &root, "thu cong").unwrap();
        std::fs::write(second.path.join("vanthu.db"), b"hong").unwrap();
        let after = backup_status(&root, t0 + 2 * day).unwrap();
        assert_eq!(after.verified_at, Some(first.manifest.created_at));
        assert_eq!(after.failed_newer, 1);
    }
}
