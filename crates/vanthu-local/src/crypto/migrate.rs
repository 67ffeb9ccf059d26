//! Turning encryption on: a new encrypted store ([`create_encrypted`]), an existing plaintext
//! store converted in place ([`encrypt_store`]), and a key put back from its recovery code
//! ([`recover`], [`recover_for_backup`]).
//!
//! The conversion never leaves the store unreadable: the key is saved and the encrypted copy
//! written and verified (integrity check, the schema version, and every table's row count and
//! content digest equal to the plaintext's) before the sidecar appears and the copy is renamed
//! over the plaintext file. A crash before the rename leaves the plaintext store plus a sidecar,
//! which [`Store::open`] reports and a second `encrypt_store` completes with the saved key.

use super::{DbKey, KeyInfo, KeyPlace, KeyStorage, RecoveryCode, blob, is_plaintext_db, unlock};
use crate::store::DB_FILE;
use crate::{Context, LocalError, Result, Store};
use rusqlite::{Connection, OpenFlags, types::ValueRef};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What turning encryption on did.
#[derive(Debug, Serialize)]
pub struct EncryptOutcome {
    /// Shown to the person once: the only way back to the data if the key is lost.
    #[serde(serialize_with = "code_as_str")]
    pub recovery_code: RecoveryCode,
    pub key_place: KeyPlace,
    /// Tables compared between the plaintext and the encrypted copy, and their rows.
    pub tables: usize,
    pub rows: i64,
    /// Attachment blobs sealed now.
    pub blobs_sealed: usize,
    /// Plaintext copies deleted: pre-migration copies and plaintext backups.
    pub removed_plaintext: Vec<PathBuf>,
    /// Plaintext backups kept because the caller asked to.
    pub kept_plaintext: Vec<PathBuf>,
    /// The encrypted backup made right after, so a verified backup always exists.
    pub backup: Option<PathBuf>,
    /// Whether this run completed an interrupted earlier one.
    pub resumed: bool,
}

fn code_as_str<S: serde::Serializer>(c: &RecoveryCode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.as_str())
}

fn encryption(code: &'static str, message: String) -> LocalError {
    LocalError::Encryption { code, message }
}

/// Creates a new, empty encrypted store in `data_dir` (the CLI's `init`, the app's first run).
/// Refuses a directory that already holds a database.
pub fn create_encrypted(
    data_dir: &Path,
    storage: &KeyStorage,
    now_ms: i64,
) -> Result<(Store, RecoveryCode, KeyPlace)> {
    let db = data_dir.join(DB_FILE);
    if std::fs::metadata(&db).is_ok_and(|m| m.len() > 0) {
        return Err(encryption(
            "store_exists",
            format!(
                "Thư mục {} đã có dữ liệu. Để mã hóa dữ liệu đang có, dùng: vanthu encrypt.",
                data_dir.display()
            ),
        ));
    }
    std::fs::create_dir_all(data_dir).map_err(|e| LocalError::io(data_dir, e))?;
    let key = DbKey::generate();
    let store_id = uuid::Uuid::now_v7().to_string();
    let place = storage.save(&store_id, &key)?;
    KeyInfo::new(store_id, place.clone(), now_ms).write(data_dir)?;
    let store = Store::open_with_keys(data_dir, storage)?;
    Ok((store, RecoveryCode::of(&key), place))
}

/// Converts the plaintext store in `data_dir` to an encrypted one (see the module doc), seals
/// its attachment blobs, makes an encrypted backup and deletes the plaintext copies
/// (pre-migration copies always; plaintext backups unless `keep_plaintext_backups`). Needs
/// the right to manage backups. Every other program using the store must be closed.
pub fn encrypt_store(
    data_dir: &Path,
    ctx: &Context<'_>,
    storage: &KeyStorage,
    keep_plaintext_backups: bool,
) -> Result<EncryptOutcome> {
    let db = data_dir.join(DB_FILE);
    let existing = KeyInfo::read(data_dir)?;
    if !db.exists() {
        return Err(encryption(
            "no_store",
            format!(
                "Thư mục {} chưa có dữ liệu. Để tạo dữ liệu mới đã mã hóa, dùng: vanthu init.",
                data_dir.display()
            ),
        ));
    }
    if let Some(info) = &existing
        && !is_plaintext_db(&db)
    {
        return finish_encrypted(data_dir, ctx, storage, info, keep_plaintext_backups, false);
    }
    if existing.is_none() {
        // Bring the schema up to date first (with its own pre-migration copy, removed below).
        drop(Store::open_with_keys(data_dir, storage)?);
    }
    let plain = Connection::open(&db)?;
    plain.busy_timeout(std::time::Duration::from_secs(30))?;
    crate::search::register_functions(&plain)?;
    crate::accounts::require(&plain, ctx, vanthu_core::authz::Permission::ManageBackups)?;
    let (info, key, resumed) = match existing {
        Some(info) => {
            let key = storage.load(&info)?.ok_or_else(|| LocalError::KeyMissing {
                store_id: info.store_id.clone(),
            })?;
            (info, key, true)
        }
        None => {
            let key = DbKey::generate();
            let store_id = uuid::Uuid::now_v7().to_string();
            let place = storage.save(&store_id, &key)?;
            (
                KeyInfo::new(store_id, place, ctx.clock.now_ms()),
                key,
                false,
            )
        }
    };
    let (tables, rows) = export_verified(&plain, data_dir, &key)?;
    info.write(data_dir)?;
    plain.close().map_err(|(_, e)| LocalError::Db(e))?;
    for suffix in ["-wal", "-shm"] {
        remove_file_if_exists(&data_dir.join(format!("{DB_FILE}{suffix}")))?;
    }
    let staged = data_dir.join(ENCRYPTING_FILE);
    std::fs::rename(&staged, &db).map_err(|e| LocalError::io(&db, e))?;
    super::remember(&info.store_id, &key);
    let mut outcome =
        finish_encrypted(data_dir, ctx, storage, &info, keep_plaintext_backups, true)?;
    outcome.tables = tables;
    outcome.rows = rows;
    outcome.resumed = resumed;
    Ok(outcome)
}

/// The encrypted copy being written, beside the database.
const ENCRYPTING_FILE: &str = "vanthu.db.encrypting";

/// `sqlcipher_export` of the plaintext `plain` into [`ENCRYPTING_FILE`] keyed with `key`, then
/// verified against the plaintext. Returns (tables, rows) compared.
fn export_verified(plain: &Connection, data_dir: &Path, key: &DbKey) -> Result<(usize, i64)> {
    let staged = data_dir.join(ENCRYPTING_FILE);
    for p in [
        staged.clone(),
        data_dir.join(format!("{ENCRYPTING_FILE}-journal")),
    ] {
        remove_file_if_exists(&p)?;
    }
    plain.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let changes_before: i64 = plain.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    let version: i64 = plain.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let before = fingerprints(plain)?;
    plain.execute(
        "ATTACH DATABASE ?1 AS enc KEY ?2",
        rusqlite::params![staged.to_string_lossy(), key.sqlcipher_literal().as_str()],
    )?;
    plain.query_row("SELECT sqlcipher_export('enc')", [], |_| Ok(()))?;
    // sqlcipher_export copies schema and rows, not the header's user_version.
    plain.execute_batch(&format!("PRAGMA enc.user_version = {version}"))?;
    plain.execute_batch("DETACH DATABASE enc")?;

    let copy = Connection::open_with_flags(&staged, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    unlock(&copy, key, &staged)?;
    let mut problems = Vec::new();
    let integrity: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if integrity != "ok" {
        problems.push(format!("kiểm tra toàn vẹn: {integrity}"));
    }
    let copy_version: i64 = copy.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if copy_version != version {
        problems.push(format!("phiên bản dữ liệu {copy_version} khác {version}"));
    }
    let after = fingerprints(&copy)?;
    for (table, fp) in &before {
        match after.get(table) {
            Some(a) if a == fp => {}
            Some(a) => problems.push(format!(
                "bảng {table}: {} dòng trước, {} dòng sau hoặc nội dung khác",
                fp.0, a.0
            )),
            None => problems.push(format!("thiếu bảng {table}")),
        }
    }
    drop(copy);
    let changes_after: i64 = plain.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    if changes_after != changes_before {
        problems.push(
            "dữ liệu vừa được chương trình khác thay đổi trong lúc mã hóa (ứng dụng VanThu đang mở?)"
                .into(),
        );
    }
    if !problems.is_empty() {
        let _ = std::fs::remove_file(&staged);
        return Err(encryption(
            "encrypt_verify_failed",
            format!(
                "Chưa mã hóa: bản mã hóa không khớp dữ liệu gốc ({}). Dữ liệu gốc không bị thay đổi; hãy đóng ứng dụng VanThu rồi chạy lại.",
                problems.join("; ")
            ),
        ));
    }
    Ok((before.len(), before.values().map(|f| f.0).sum()))
}

/// Row count and, for ordinary tables, an order-independent SHA-256 of every row's values.
type Fingerprint = (i64, Option<[u8; 32]>);

fn fingerprints(conn: &Connection) -> Result<BTreeMap<String, Fingerprint>> {
    let tables: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, coalesce(sql, '') FROM sqlite_master
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut out = BTreeMap::new();
    for (name, sql) in tables {
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        let count: i64 =
            conn.query_row(&format!("SELECT count(*) FROM {quoted}"), [], |r| r.get(0))?;
        // Virtual tables (the search index) are views of their shadow tables, which are
        // compared themselves.
        let digest = if sql.to_ascii_uppercase().starts_with("CREATE VIRTUAL") {
            None
        } else {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {quoted}"))?;
            let width = stmt.column_count();
            let mut row_hashes = Vec::with_capacity(count as usize);
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let mut h = Sha256::new();
                for i in 0..width {
                    match row.get_ref(i)? {
                        ValueRef::Null => h.update([0]),
                        ValueRef::Integer(v) => {
                            h.update([[1u8].as_slice(), &v.to_le_bytes()].concat())
                        }
                        ValueRef::Real(v) => {
                            h.update([[2u8].as_slice(), &v.to_le_bytes()].concat())
                        }
                        ValueRef::Text(t) => {
                            h.update([3]);
                            h.update((t.len() as u64).to_le_bytes());
                            h.update(t);
                        }
                        ValueRef::Blob(b) => {
                            h.update([4]);
                            h.update((b.len() as u64).to_le_bytes());
                            h.update(b);
                        }
                    }
                }
                row_hashes.push(<[u8; 32]>::from(h.finalize()));
            }
            row_hashes.sort_unstable();
            let mut h = Sha256::new();
            for r in &row_hashes {
                h.update(r);
            }
            Some(<[u8; 32]>::from(h.finalize()))
        };
        out.insert(name, (count, digest));
    }
    Ok(out)
}

/// The steps after the database is encrypted, each safe to repeat: seal plaintext blobs, make
/// an encrypted backup, delete plaintext copies. Unless `just_encrypted`, a store with nothing
/// left to do is refused as `already_encrypted`.
fn finish_encrypted(
    data_dir: &Path,
    ctx: &Context<'_>,
    storage: &KeyStorage,
    info: &KeyInfo,
    keep_plaintext_backups: bool,
    just_encrypted: bool,
) -> Result<EncryptOutcome> {
    let store = Store::open_with_keys(data_dir, storage)?;
    crate::accounts::require(
        store.conn(),
        ctx,
        vanthu_core::authz::Permission::ManageBackups,
    )?;
    let key = store
        .key()
        .cloned()
        .expect("a store with a sidecar is opened with its key");
    let blobs_sealed = seal_blobs(data_dir, &key.blob_key())?;
    let root = crate::backup::backup_root(&store)?;
    let mut roots = vec![data_dir.join("backups")];
    if !roots.contains(&root) {
        roots.push(root.clone());
    }
    let plaintext: Vec<PathBuf> = roots
        .iter()
        .flat_map(|r| std::fs::read_dir(r).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("vanthu-"))
                && is_plaintext_db(&p.join(DB_FILE))
        })
        .collect();
    let leftovers: Vec<PathBuf> = [data_dir.join("tmp"), data_dir.join("vanthu.db.restore")]
        .into_iter()
        .filter(|p| p.exists())
        .collect();
    if !just_encrypted
        && blobs_sealed == 0
        && leftovers.is_empty()
        && (plaintext.is_empty() || keep_plaintext_backups)
        && !plaintext.iter().any(|p| is_pre_migration(p))
    {
        let when = chrono::DateTime::from_timestamp_millis(info.encrypted_at)
            .map(|t| {
                t.with_timezone(&vanthu_core::time::vietnam_offset())
                    .format("%d/%m/%Y")
                    .to_string()
            })
            .unwrap_or_default();
        return Err(encryption(
            "already_encrypted",
            format!("Dữ liệu này đã được mã hóa (từ {when}); không cần làm gì thêm."),
        ));
    }
    // A verified encrypted backup exists before any plaintext one is deleted.
    let backup = crate::backup::create_backup(&store, ctx, &root, "sau ma hoa")?;
    let mut removed = Vec::new();
    let mut kept = Vec::new();
    for p in plaintext {
        if keep_plaintext_backups && !is_pre_migration(&p) {
            kept.push(p);
        } else {
            std::fs::remove_dir_all(&p).map_err(|e| LocalError::io(&p, e))?;
            removed.push(p);
        }
    }
    for p in leftovers {
        if p.is_dir() {
            std::fs::remove_dir_all(&p).map_err(|e| LocalError::io(&p, e))?;
        } else {
            remove_file_if_exists(&p)?;
        }
        removed.push(p);
    }
    Ok(EncryptOutcome {
        recovery_code: RecoveryCode::of(&key),
        key_place: info.key_place.clone(),
        tables: 0,
        rows: 0,
        blobs_sealed,
        removed_plaintext: removed,
        kept_plaintext: kept,
        backup: Some(backup.path),
        resumed: false,
    })
}

/// Copies made by `Store::open` before a schema upgrade: temporary safety copies, always
/// removed once the store is encrypted.
fn is_pre_migration(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("vanthu-truoc-nang-cap"))
}

/// Seals every plaintext blob under `<data dir>/blobs` in place (temporary file, rename).
/// A plaintext blob whose content does not match its name is left alone and refused when read.
fn seal_blobs(data_dir: &Path, key: &blob::BlobKey) -> Result<usize> {
    let root = data_dir.join("blobs");
    let mut sealed = 0;
    let Ok(shards) = std::fs::read_dir(&root) else {
        return Ok(0);
    };
    for shard in shards.flatten().filter(|e| e.path().is_dir()) {
        for entry in std::fs::read_dir(shard.path())
            .map_err(|e| LocalError::io(&shard.path(), e))?
            .flatten()
        {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.contains('.') {
                continue; // .tmp and .part files are not blobs yet
            }
            let bytes = std::fs::read(&path).map_err(|e| LocalError::io(&path, e))?;
            if blob::is_sealed(&bytes) {
                continue;
            }
            let Ok(plain) = blob::open_blob(None, &name, &bytes) else {
                continue;
            };
            let tmp = path.with_extension("tmp");
            write_synced(&tmp, &blob::seal_blob(key, &name, &plain))?;
            std::fs::rename(&tmp, &path).map_err(|e| LocalError::io(&path, e))?;
            sealed += 1;
        }
    }
    Ok(sealed)
}

pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path).map_err(|e| LocalError::io(path, e))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| LocalError::io(path, e))
}

fn remove_file_if_exists(p: &Path) -> Result<()> {
    match std::fs::remove_file(p) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(LocalError::io(p, e)),
        _ => Ok(()),
    }
}

/// Puts the key of the encrypted store in `data_dir` back from its recovery code (a new
/// laptop, a lost key file): the code must open the database; the key is then saved (keyring
/// or key file) and the sidecar rewritten (recreated if it was lost).
pub fn recover(data_dir: &Path, code: &str, storage: &KeyStorage, now_ms: i64) -> Result<KeyPlace> {
    let key = RecoveryCode::parse(code)?;
    let info = KeyInfo::read(data_dir)?;
    check_opens(data_dir, &key)?;
    let store_id = info
        .as_ref()
        .map(|i| i.store_id.clone())
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let place = storage.save(&store_id, &key)?;
    let encrypted_at = info.map(|i| i.encrypted_at).unwrap_or(now_ms);
    KeyInfo::new(store_id.clone(), place.clone(), encrypted_at).write(data_dir)?;
    super::remember(&store_id, &key);
    Ok(place)
}

/// Saves the key of an encrypted backup (made on another laptop) from its recovery code, so
/// the backup can be verified and restored here. The backup is not modified.
pub fn recover_for_backup(backup: &Path, code: &str, storage: &KeyStorage) -> Result<KeyPlace> {
    let key = RecoveryCode::parse(code)?;
    let info = KeyInfo::read(backup)?.ok_or_else(|| {
        encryption(
            "not_encrypted",
            format!(
                "Bản sao lưu {} không được mã hóa: không cần mã khôi phục.",
                backup.display()
            ),
        )
    })?;
    check_opens(backup, &key)?;
    let place = storage.save(&info.store_id, &key)?;
    super::remember(&info.store_id, &key);
    Ok(place)
}

/// Refuses a recovery code that is well formed but belongs to another store.
fn check_opens(dir: &Path, key: &DbKey) -> Result<()> {
    let db = dir.join(DB_FILE);
    if !db.exists() {
        return Err(encryption(
            "no_store",
            format!("Không có dữ liệu trong thư mục {}.", dir.display()),
        ));
    }
    if is_plaintext_db(&db) {
        return Err(encryption(
            "not_encrypted",
            "Dữ liệu này không được mã hóa: không cần mã khôi phục.".into(),
        ));
    }
    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    match unlock(&conn, key, &db) {
        Err(LocalError::KeyWrong { .. }) => Err(encryption(
            "recovery_code_wrong_store",
            "Mã khôi phục đúng định dạng nhưng không phải của dữ liệu này (có thể là mã của máy hoặc đơn vị khác)."
                .into(),
        )),
        other => other,
    }
}
