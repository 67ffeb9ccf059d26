//! Encryption at rest (issue 9, item 3). A commune laptop can be stolen: the database is a
//! SQLCipher file (AES-256, a random 256-bit raw key per store) and attachment blobs are sealed
//! with XChaCha20-Poly1305 under a key derived from the same database key.
//!
//! The key never lives in the data directory. A plaintext sidecar ([`KeyInfo`],
//! `vanthu-encryption.json`) names the store and where its key is: the OS keyring, or a key file
//! outside the data directory when no keyring service answers. The recovery code printed when
//! encryption is turned on puts the key back on a new laptop ([`recover`]).
//!
//! A store without a sidecar is plaintext and opens exactly as before encryption existed.

mod blob;
mod keystore;
mod migrate;
mod recovery;

pub use blob::{BlobKey, is_sealed, open_blob, seal_blob};
pub use keystore::{KEY_DIR_ENV, KEYRING_ENV, KeyInfo, KeyPlace, KeyStorage, SIDECAR_FILE};
pub use migrate::{EncryptOutcome, create_encrypted, encrypt_store, recover, recover_for_backup};
pub use recovery::RecoveryCode;

use crate::{LocalError, Result};
use rusqlite::{Connection, OpenFlags};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use zeroize::Zeroizing;

/// A store's 256-bit database key. Wiped from memory when dropped.
#[derive(Clone)]
pub struct DbKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

impl DbKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> DbKey {
        use rand::RngCore;
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        DbKey(bytes)
    }

    pub fn from_bytes(bytes: [u8; 32]) -> DbKey {
        DbKey(Zeroizing::new(bytes))
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Lower-case hex, as kept in the keyring and the key file.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0.as_ref()))
    }

    /// Parses what [`DbKey::to_hex`] wrote (surrounding whitespace allowed).
    pub fn from_hex(text: &str) -> Option<DbKey> {
        let bytes = Zeroizing::new(hex::decode(text.trim()).ok()?);
        let arr: [u8; 32] = bytes.as_slice().try_into().ok()?;
        Some(DbKey::from_bytes(arr))
    }

    /// SQLCipher's raw-key form `x'…'`: the key is used as is, without the passphrase
    /// derivation (it is already 256 random bits), so opening stays fast.
    fn sqlcipher_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.0.as_ref())))
    }

    /// The key sealing attachment blobs, derived with HKDF so the database key itself is used
    /// for one cipher only.
    pub fn blob_key(&self) -> BlobKey {
        BlobKey::derive(self)
    }
}

/// The first bytes of every plaintext SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether `db` is a plaintext SQLite file. A missing or empty file is not (it will be
/// created with whatever key the connection sets).
pub fn is_plaintext_db(db: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(db)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|_| &head == SQLITE_HEADER)
}

/// Applies the key to a freshly opened connection (before anything else touches the file) and
/// checks it opens the database: a wrong key is [`LocalError::KeyWrong`], never a half-opened
/// store.
pub fn unlock(conn: &Connection, key: &DbKey, db: &Path) -> Result<()> {
    quiet(conn)?;
    conn.pragma_update(None, "key", key.sqlcipher_literal().as_str())?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(LocalError::KeyWrong {
                path: db.display().to_string(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// SQLCipher logs a wrong key's failed page checks to stderr; the error returned says it in
/// Vietnamese instead, so a clerk never sees English log lines.
fn quiet(conn: &Connection) -> Result<()> {
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(()),
            e => Err(e),
        })?;
    Ok(())
}

/// Opens the database file `<dir>/vanthu.db` of a store or backup folder, keyed when `dir`
/// holds a sidecar (the key found through [`key_for`]). Used for backups, which carry a copy
/// of their store's sidecar.
pub fn open_db_in(dir: &Path, flags: OpenFlags) -> Result<Connection> {
    let db = dir.join(crate::store::DB_FILE);
    let key = key_for(dir)?;
    let conn = Connection::open_with_flags(&db, flags)?;
    if let Some(key) = key {
        unlock(&conn, &key, &db)?;
    }
    Ok(conn)
}

/// Copies the live database into a new file at `dest` with SQLite's online backup API, keyed
/// like the source: SQLCipher's backup only copies between databases with the same key.
pub fn backup_db(src: &Connection, dest: &Path, key: Option<&DbKey>) -> Result<()> {
    let mut out = Connection::open(dest)?;
    if let Some(key) = key {
        out.pragma_update(None, "key", key.sqlcipher_literal().as_str())?;
    }
    let backup = rusqlite::backup::Backup::new(src, &mut out)?;
    backup.run_to_completion(256, std::time::Duration::ZERO, None)?;
    Ok(())
}

/// Keys already fetched in this process, by store id. Blob reads and writes are addressed by
/// data directory from several crates (sync, the app, the CLI) and each keyring look-up is a
/// D-Bus round trip (or a prompt), so a key is fetched once and reused, as the open SQLCipher
/// connection holds it in memory anyway.
fn cache() -> &'static Mutex<HashMap<String, DbKey>> {
    static CACHE: OnceLock<Mutex<HashMap<String, DbKey>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

pub(crate) fn remember(store_id: &str, key: &DbKey) {
    cache()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(store_id.to_string(), key.clone());
}

/// The key of the store (or backup) in `dir`: `None` when `dir` has no sidecar (plaintext),
/// from memory if already fetched, else from [`KeyStorage::from_env`].
pub fn key_for(dir: &Path) -> Result<Option<DbKey>> {
    let Some(info) = KeyInfo::read(dir)? else {
        return Ok(None);
    };
    if let Some(k) = cache()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&info.store_id)
    {
        return Ok(Some(k.clone()));
    }
    let key = KeyStorage::from_env()
        .load(&info)?
        .ok_or_else(|| LocalError::KeyMissing {
            store_id: info.store_id.clone(),
        })?;
    remember(&info.store_id, &key);
    Ok(Some(key))
}

/// The key [`crate::Store::open`] unlocks `db` with, and its store id: `None` for a plaintext
/// store. Always fetched from `keys` (not memory), so a key changed on disk is noticed.
pub(crate) fn fetch_key(
    data_dir: &Path,
    db: &Path,
    keys: &KeyStorage,
) -> Result<Option<(String, DbKey)>> {
    let Some(info) = KeyInfo::read(data_dir)? else {
        if std::fs::metadata(db).is_ok_and(|m| m.len() > 0) && !is_plaintext_db(db) {
            return Err(LocalError::Encryption {
                code: "key_missing",
                message: format!(
                    "Tệp {} đã được mã hóa (hoặc bị hỏng) nhưng thiếu tệp {SIDECAR_FILE} cho biết khóa ở đâu. Hãy nhập mã khôi phục: vanthu key recover <MÃ KHÔI PHỤC>.",
                    db.display()
                ),
            });
        }
        return Ok(None);
    };
    if is_plaintext_db(db) {
        return Err(LocalError::Encryption {
            code: "encrypt_interrupted",
            message: "Việc mã hóa dữ liệu chưa hoàn tất (bị gián đoạn). Dữ liệu vẫn nguyên vẹn; hãy chạy lại: vanthu encrypt.".into(),
        });
    }
    let key = keys.load(&info)?.ok_or_else(|| LocalError::KeyMissing {
        store_id: info.store_id.clone(),
    })?;
    Ok(Some((info.store_id, key)))
}

/// The blob key of the store in `data_dir`, `None` for a plaintext store.
pub fn blob_key_for(data_dir: &Path) -> Result<Option<BlobKey>> {
    Ok(key_for(data_dir)?.map(|k| k.blob_key()))
}
