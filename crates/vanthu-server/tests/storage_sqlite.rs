//! The storage suite on the embedded SQLite backend.

mod storage_suite;

use std::sync::{Arc, LazyLock};
use vanthu_server::storage::sqlite::Sqlite;

/// One directory for the run; each test gets its own database file in it.
static DIR: LazyLock<tempfile::TempDir> = LazyLock::new(|| tempfile::tempdir().unwrap());

async fn make() -> storage_suite::Db {
    let file = DIR.path().join(format!("{}.db", uuid::Uuid::new_v4()));
    Arc::new(Sqlite::open(&file).unwrap())
}

storage_suite!(make());
