//! The local SQLite store: one file `vanthu.db` in the data directory, WAL, foreign keys,
//! busy timeout; blobs beside it under `blobs/`.

use crate::crypto::{self, DbKey, KeyStorage};
use crate::{LocalError, Result, migrate};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "vanthu.db";

/// An open local store. One per thread: SQLite serialises writers through the file lock and
/// the busy timeout, which is what keeps numbering gap-free across processes too.
pub struct Store {
    conn: Connection,
    data_dir: PathBuf,
    /// The SQLCipher key when the store is encrypted (see [`crate::crypto`]).
    key: Option<DbKey>,
}

impl Store {
    /// Opens (creating if needed) the store in `data_dir` and applies pending migrations. An
    /// encrypted store (one with a sidecar) is unlocked with its key from the OS keyring or
    /// key file ([`KeyStorage::from_env`]); a fresh directory becomes a plaintext store.
    pub fn open(data_dir: &Path) -> Result<Store> {
        Store::open_with_keys(data_dir, &KeyStorage::from_env())
    }

    /// [`Store::open`] looking for the key in `keys`. A missing or wrong key is
    /// [`LocalError::KeyMissing`] / [`LocalError::KeyWrong`] and nothing is opened.
    pub fn open_with_keys(data_dir: &Path, keys: &KeyStorage) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|e| LocalError::io(data_dir, e))?;
        let db = data_dir.join(DB_FILE);
        let key = crypto::fetch_key(data_dir, &db, keys)?;
        let mut conn = Connection::open(&db)?;
        if let Some((store_id, key)) = &key {
            // Before anything else reads the file: SQLCipher needs the key first.
            crypto::unlock(&conn, key, &db)?;
            crypto::remember(store_id, key);
        }
        let key = key.map(|(_, k)| k);
        // Long enough to wait out another writer's transaction on a slow laptop disk.
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Statement journals of big transactions (imports) stay in memory instead of spilling
        // to a temporary file once past 64 KiB; fixed per connection, so set here.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.set_prepared_statement_cache_capacity(128);
        // Indexing for search calls these (migration 0003 and every write), so they come first.
        crate::search::register_functions(&conn)?;
        // Before any schema change, a copy of the database as it was (design §3, backups issue).
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > 0 && version < migrate::latest_version() {
            crate::backup::before_migration(&conn, data_dir, version, key.as_ref())?;
        }
        migrate::migrate(&mut conn)?;
        // Documents queued for the search index by a connection that did not index them.
        crate::search::index_queued(&conn)?;
        Ok(Store {
            conn,
            data_dir: data_dir.to_path_buf(),
            key,
        })
    }

    /// Whether the database and attachments are encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// The database key of an encrypted store (backups key their copy with it).
    pub(crate) fn key(&self) -> Option<&DbKey> {
        self.key.as_ref()
    }

    /// The data directory this store lives in.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Read-only access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in an IMMEDIATE transaction (the write lock is taken up front, so two writers
    /// never both read the same "last number") and commits if it returns `Ok`. On `Err` or a
    /// panic the transaction is rolled back: nothing is half-written.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        // Index the documents this transaction wrote, in the same transaction.
        crate::search::flush_pending(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` in a read transaction, for a consistent snapshot across several queries.
    pub fn read<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        f(&tx)
    }
}

/// Executes a statement through the connection's prepared-statement cache. Use cases run the
/// same few statements thousands of times (generator, imports); re-preparing each time cost
/// more than the writes themselves.
pub(crate) fn exec(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
    Ok(conn.prepare_cached(sql)?.execute(params)?)
}
