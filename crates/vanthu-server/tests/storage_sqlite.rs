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

/// The WAL reaches the database file without the writer checkpointing: the writer's own
/// threshold (`WRITER_SAFETY_PAGES`, 64 MiB) is far above what these pushes write, so only the
/// background checkpointer can have copied them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wal_is_checkpointed_in_the_background() {
    use storage_suite::{change, device, unit};
    use vanthu_protocol::PushRequest;
    let file = DIR.path().join(format!("{}.db", uuid::Uuid::new_v4()));
    let db: storage_suite::Db = Arc::new(Sqlite::open(&file).unwrap());
    let size = || std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    let before = size();
    let u = unit(&db).await;
    let d = device(&db, &u).await;
    let filler = "Trích yếu văn bản về chuyển đổi số ".repeat(30);
    for batch in 0..4i64 {
        let changes = (1..=500)
            .map(|i| {
                let seq = batch * 500 + i;
                let id = uuid::Uuid::now_v7().to_string();
                let payload = serde_json::json!({ "id": id, "summary": filler, "n": seq });
                change(seq, &id, payload, None)
            })
            .collect();
        let req = PushRequest {
            after: batch * 500,
            changes,
        };
        db.push(&d, &req, 10 + batch).await.unwrap();
    }
    // About 2,000 × 1.1 KB written twice (log and records); wait for it in the main file.
    let want = before + 2 * 1024 * 1024;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while size() < want && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        size() >= want,
        "database file {} B (was {before} B): the WAL was not checkpointed",
        size()
    );
}
