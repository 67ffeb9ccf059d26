//! Backups (sao lưu định kỳ): SQLite's online backup API copies the live database without
//! stopping work; attachments are copied beside it; every backup is verified (opened,
//! `integrity_check`, row counts and SHA-256 against its manifest) and old ones rotated.
//! Restore shows what a backup holds first and refuses one that does not verify.
//!
//! A backup is a folder `vanthu-YYYYMMDD-HHMMSS-<reason>/` holding `vanthu.db`, `manifest.json`
//! and `blobs/`. It is written under a temporary name and renamed when complete, so a crash
//! mid-backup never leaves something that looks like a finished backup.

use crate::store::DB_FILE;
use crate::{Context, LocalError, Result, Store};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Tables counted in manifests and previews: what a clerk recognises.
const COUNTED: &[(&str, &str)] = &[
    ("incoming_documents", "văn bản đến"),
    ("outgoing_documents", "văn bản đi"),
    ("incoming_events", "bước xử lý văn bản đến"),
    ("attachments", "tệp đính kèm"),
    ("tasks", "nhiệm vụ"),
    ("meetings", "cuộc họp"),
    ("indicators", "chỉ tiêu"),
    ("users", "tài khoản"),
    ("audit_log", "dòng nhật ký"),
];

/// Written beside each backup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub created_at: i64,
    pub reason: String,
    pub schema_version: i64,
    pub db_sha256: String,
    pub db_size: u64,
    pub counts: BTreeMap<String, i64>,
    pub blobs: usize,
    /// Arrival dates of the oldest and newest incoming documents, for the restore preview.
    pub first_arrival: Option<String>,
    pub last_arrival: Option<String>,
}

/// A backup found on disk.
#[derive(Debug, Clone, Serialize)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub manifest: Manifest,
}

/// The result of verifying a backup.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub path: PathBuf,
    pub ok: bool,
    /// What is wrong, in Vietnamese, when not ok.
    pub problems: Vec<String>,
}

fn sha256_file(path: &Path) -> Result<(String, u64)> {
    let bytes = std::fs::read(path).map_err(|e| LocalError::io(path, e))?;
    Ok((hex::encode(Sha256::digest(&bytes)), bytes.len() as u64))
}

fn counts(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    let mut out = BTreeMap::new();
    for (table, _) in COUNTED {
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            [table],
            |r| r.get(0),
        )?;
        if exists {
            out.insert(
                table.to_string(),
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?,
            );
        }
    }
    Ok(out)
}

/// Copies the files of `from` into `to` recursively; a file already in `to` is kept unless
/// `overwrite` (a restore from a store with another key: the sealed blobs differ).
fn copy_dir(from: &Path, to: &Path, overwrite: bool) -> Result<usize> {
    let mut n = 0;
    if !from.exists() {
        return Ok(0);
    }
    for entry in std::fs::read_dir(from).map_err(|e| LocalError::io(from, e))? {
        let entry = entry.map_err(|e| LocalError::io(from, e))?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| LocalError::io(&target, e))?;
            n += copy_dir(&entry.path(), &target, overwrite)?;
        } else if (overwrite || !target.exists())
            && !entry.file_name().to_string_lossy().ends_with(".tmp")
        {
            std::fs::copy(entry.path(), &target).map_err(|e| LocalError::io(&target, e))?;
            n += 1;
        }
    }
    Ok(n)
}

/// Copies the live database (and attachments) into `<dest_root>/vanthu-…-<reason>/`, writes its
/// manifest, verifies it, and returns it.
pub fn create_backup(
    store: &Store,
    ctx: &Context<'_>,
    dest_root: &Path,
    reason: &str,
) -> Result<BackupInfo> {
    crate::accounts::require(
        store.conn(),
        ctx,
        vanthu_core::authz::Permission::ManageBackups,
    )?;
    let stamp = chrono::DateTime::from_timestamp_millis(ctx.clock.now_ms())
        .unwrap_or_default()
        .with_timezone(&vanthu_core::time::vietnam_offset())
        .format("%Y%m%d-%H%M%S");
    let name = format!(
        "vanthu-{stamp}-{}",
        vanthu_core::text::fold(reason).replace(' ', "-")
    );
    std::fs::create_dir_all(dest_root).map_err(|e| LocalError::io(dest_root, e))?;
    let tmp = dest_root.join(format!("{name}.tmp"));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| LocalError::io(&tmp, e))?;
    // An encrypted store's backup is keyed the same and carries the sidecar naming the key.
    crate::crypto::backup_db(store.conn(), &tmp.join(DB_FILE), store.key())?;
    if let Some(info) = crate::crypto::KeyInfo::read(store.data_dir())? {
        info.write(&tmp)?;
    }
    let blobs = copy_dir(&store.data_dir().join("blobs"), &tmp.join("blobs"), false)?;
    let (db_sha256, db_size) = sha256_file(&tmp.join(DB_FILE))?;
    let copy = crate::crypto::open_db_in(&tmp, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let (first_arrival, last_arrival) = copy
        .query_row(
            "SELECT min(arrival_date), max(arrival_date) FROM incoming_documents",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or((None, None));
    let manifest = Manifest {
        created_at: ctx.clock.now_ms(),
        reason: reason.to_string(),
        schema_version: copy.query_row("PRAGMA user_version", [], |r| r.get(0))?,
        db_sha256,
        db_size,
        counts: counts(&copy)?,
        blobs,
        first_arrival,
        last_arrival,
    };
    drop(copy);
    let manifest_path = tmp.join("manifest.json");
    std::fs::write(&manifest_path, serde_json::to_vec_pretty(&manifest)?)
        .map_err(|e| LocalError::io(&manifest_path, e))?;
    let final_path = dest_root.join(&name);
    std::fs::rename(&tmp, &final_path).map_err(|e| LocalError::io(&final_path, e))?;
    let check = verify_backup(&final_path)?;
    if !check.ok {
        return Err(LocalError::BackupInvalid {
            path: final_path.display().to_string(),
            problems: check.problems.join("; "),
        });
    }
    Ok(BackupInfo {
        path: final_path,
        manifest,
    })
}

/// Reads a backup's manifest.
pub fn read_backup(path: &Path) -> Result<BackupInfo> {
    let m = path.join("manifest.json");
    let bytes = std::fs::read(&m).map_err(|e| LocalError::io(&m, e))?;
    Ok(BackupInfo {
        path: path.to_path_buf(),
        manifest: serde_json::from_slice(&bytes)?,
    })
}

/// Every finished backup under `dest_root`, newest first.
pub fn list_backups(dest_root: &Path) -> Result<Vec<BackupInfo>> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dest_root) else {
        return Ok(out);
    };
    for entry in entries.flatten() {
        let p = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if p.is_dir()
            && name.starts_with("vanthu-")
            && !name.ends_with(".tmp")
            && let Ok(info) = read_backup(&p)
        {
            out.push(info);
        }
    }
    out.sort_by(|a, b| {
        b.manifest
            .created_at
            .cmp(&a.manifest.created_at)
            .then(b.path.cmp(&a.path))
    });
    Ok(out)
}

/// Opens the copy, runs `integrity_check`, compares the file hash, counts and attachments with
/// the manifest. Never modifies the backup.
pub fn verify_backup(path: &Path) -> Result<Verification> {
    let mut problems = Vec::new();
    let info = match read_backup(path) {
        Ok(i) => Some(i),
        Err(e) => {
            problems.push(format!("không đọc được manifest.json: {e}"));
            None
        }
    };
    let db = path.join(DB_FILE);
    match sha256_file(&db) {
        Ok((sha, _)) => {
            if let Some(i) = &info
                && i.manifest.db_sha256 != sha
            {
                problems.push(
                    "tệp cơ sở dữ liệu đã bị thay đổi hoặc hỏng (mã SHA-256 không khớp)".into(),
                );
            }
        }
        Err(e) => problems.push(format!("thiếu tệp cơ sở dữ liệu: {e}")),
    }
    if problems.is_empty() {
        match crate::crypto::open_db_in(path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
            Err(e) => problems.push(format!("không mở được cơ sở dữ liệu: {e}")),
            Ok(conn) => {
                let integrity: String = conn
                    .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                    .unwrap_or_else(|e| e.to_string());
                if integrity != "ok" {
                    problems.push(format!("kiểm tra toàn vẹn thất bại: {integrity}"));
                } else if let Some(i) = &info {
                    match counts(&conn) {
                        Ok(c) if c != i.manifest.counts => {
                            problems.push("số bản ghi không khớp manifest".into())
                        }
                        Ok(_) => {}
                        Err(e) => problems.push(format!("không đếm được bản ghi: {e}")),
                    }
                    // Sealed blobs are opened (decrypted and checked against their name).
                    let blob_key = crate::crypto::blob_key_for(path).ok().flatten();
                    if let Ok(mut stmt) = conn.prepare("SELECT DISTINCT sha256 FROM attachments")
                        && let Ok(rows) = stmt.query_map([], |r| r.get::<_, String>(0))
                    {
                        for sha in rows.flatten() {
                            let blob = crate::attachments::blob_path(path, &sha);
                            let intact = std::fs::read(&blob).is_ok_and(|bytes| {
                                crate::crypto::open_blob(blob_key.as_ref(), &sha, &bytes).is_ok()
                            });
                            if !intact {
                                problems.push(format!("tệp đính kèm {sha} bị thiếu hoặc hỏng"))
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(Verification {
        path: path.to_path_buf(),
        ok: problems.is_empty(),
        problems,
    })
}

/// Deletes the oldest backups beyond the newest `keep`. Returns what was removed.
pub fn rotate(dest_root: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for old in list_backups(dest_root)?.into_iter().skip(keep.max(1)) {
        std::fs::remove_dir_all(&old.path).map_err(|e| LocalError::io(&old.path, e))?;
        removed.push(old.path);
    }
    Ok(removed)
}

/// Replaces the data directory's database and attachments with a verified backup's. The caller
/// must have closed every connection to the store. A backup that does not verify is refused and
/// nothing is touched; the current data is first saved as a backup of its own ("truoc-khoi-phuc")
/// so a mistaken restore can be undone.
pub fn restore_backup(backup: &Path, data_dir: &Path, ctx: &Context<'_>) -> Result<BackupInfo> {
    let check = verify_backup(backup)?;
    if !check.ok {
        return Err(LocalError::BackupInvalid {
            path: backup.display().to_string(),
            problems: check.problems.join("; "),
        });
    }
    let info = read_backup(backup)?;
    if data_dir.join(DB_FILE).exists() {
        let current = Store::open(data_dir)?;
        let safety_root = data_dir.join("backups");
        create_backup(&current, ctx, &safety_root, "truoc khoi phuc")?;
    }
    let target = data_dir.join(DB_FILE);
    let staged = data_dir.join("vanthu.db.restore");
    std::fs::copy(backup.join(DB_FILE), &staged).map_err(|e| LocalError::io(&staged, e))?;
    let backup_key = crate::crypto::key_for(backup)?;
    retire_sync_identity(&staged, backup_key.as_ref())?;
    // The restored database comes with its own sidecar (or none, for a plaintext backup);
    // blobs sealed under another store's key are replaced by the backup's.
    let backup_info = crate::crypto::KeyInfo::read(backup)?;
    let current_info = crate::crypto::KeyInfo::read(data_dir)?;
    let same_key =
        backup_info.as_ref().map(|i| &i.store_id) == current_info.as_ref().map(|i| &i.store_id);
    match &backup_info {
        Some(info) => info.write(data_dir)?,
        None if current_info.is_some() => {
            let side = data_dir.join(crate::crypto::SIDECAR_FILE);
            std::fs::remove_file(&side).map_err(|e| LocalError::io(&side, e))?;
        }
        None => {}
    }
    for suffix in ["-wal", "-shm"] {
        let side = data_dir.join(format!("{DB_FILE}{suffix}"));
        if side.exists() {
            std::fs::remove_file(&side).map_err(|e| LocalError::io(&side, e))?;
        }
    }
    std::fs::rename(&staged, &target).map_err(|e| LocalError::io(&target, e))?;
    copy_dir(&backup.join("blobs"), &data_dir.join("blobs"), !same_key)?;
    Ok(info)
}

/// A restored store must not sync under its old device identity: the server has already
/// acknowledged that device's changes up to a number the backup predates, so new local changes
/// would reuse numbers the server treats as replays and they would be dropped. The token is
/// cleared (sync then asks for a new one-time code) and `acked_seq` is kept, so re-enrolment
/// (a new device id, the unit's whole history pulled again) resends exactly the changes still
/// pending in the outbox.
fn retire_sync_identity(db: &Path, key: Option<&crate::crypto::DbKey>) -> Result<()> {
    let conn = Connection::open(db)?;
    if let Some(key) = key {
        crate::crypto::unlock(&conn, key, db)?;
    }
    let has_sync: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_device')",
        [],
        |r| r.get(0),
    )?;
    if has_sync {
        conn.execute(
            "UPDATE sync_device SET token = '', last_error = ?1",
            [RESTORED_NEEDS_ENROLMENT],
        )?;
    }
    Ok(())
}

/// Shown as the last sync error of a restored store until it is enrolled again.
pub const RESTORED_NEEDS_ENROLMENT: &str =
    "Đã khôi phục từ bản sao lưu: cần đăng ký lại máy với mã mới do tỉnh cấp để đồng bộ tiếp.";

/// Where backups go: the `backup_dir` setting, else `<data dir>/backups`.
pub fn backup_root(store: &Store) -> Result<PathBuf> {
    let configured: Option<String> = store
        .conn()
        .query_row(
            "SELECT value_json FROM settings WHERE key = 'backup_dir'",
            [],
            |r| r.get(0),
        )
        .ok()
        .and_then(|j: String| serde_json::from_str(&j).ok());
    Ok(configured
        .map(PathBuf::from)
        .unwrap_or_else(|| store.data_dir().join("backups")))
}

/// The daily backup: if the newest backup is older than a day (or there is none), make one,
/// verify it and keep the newest `keep`. Returns the new backup, if one was made.
pub fn ensure_daily(store: &Store, ctx: &Context<'_>, keep: usize) -> Result<Option<BackupInfo>> {
    let root = backup_root(store)?;
    let newest = list_backups(&root)?.into_iter().next();
    if newest.is_some_and(|b| ctx.clock.now_ms() - b.manifest.created_at < 24 * 3_600_000) {
        return Ok(None);
    }
    let made = create_backup(store, ctx, &root, "hang ngay")?;
    rotate(&root, keep)?;
    Ok(Some(made))
}

/// Copies the database file aside before a schema migration (called by [`Store::open`]).
pub(crate) fn before_migration(
    conn: &Connection,
    data_dir: &Path,
    from_version: i64,
    key: Option<&crate::crypto::DbKey>,
) -> Result<PathBuf> {
    let root = data_dir.join("backups");
    let dir = root.join(format!(
        "vanthu-truoc-nang-cap-v{from_version}-{}",
        chrono::Utc::now().format("%Y%m%d%H%M%S")
    ));
    std::fs::create_dir_all(&dir).map_err(|e| LocalError::io(&dir, e))?;
    crate::crypto::backup_db(conn, &dir.join(DB_FILE), key)?;
    if let Some(info) = crate::crypto::KeyInfo::read(data_dir)? {
        info.write(&dir)?;
    }
    Ok(dir)
}

/// Human names of the counted tables, for previews.
pub fn count_labels() -> &'static [(&'static str, &'static str)] {
    COUNTED
}
