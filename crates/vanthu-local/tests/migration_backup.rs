//! Before a schema migration the database is copied aside, so an upgrade can be undone.

use vanthu_local::Store;

#[test]
fn opening_an_older_database_backs_it_up_before_migrating() {
    let dir = tempfile::tempdir().unwrap();
    {
        // A database as version 1 of VanThu left it, with one document.
        let conn = rusqlite::Connection::open(dir.path().join("vanthu.db")).unwrap();
        conn.execute_batch(include_str!("../../../migrations/local/0001_init.sql"))
            .unwrap();
        conn.execute_batch(
            "INSERT INTO incoming_documents (id, year, arrival_no, arrival_date, arrived_at, issuer, issuer_key,
                symbol, symbol_key, doc_date, doc_type, summary, summary_key, urgency, status,
                last_update_at, created_at, updated_at)
             VALUES ('x', 2025, 1, '2025-03-03', 0, 'Sở Nội vụ', 'so noi vu', '1/KH-SNV', '1/kh-snv',
                '2025-03-01', 'ke_hoach', 'Kế hoạch', 'ke hoach', 'normal', 'registered', 0, 0, 0);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM incoming_documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(backups.len(), 1);
    assert!(
        backups[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .contains("truoc-nang-cap-v1")
    );
    let old = rusqlite::Connection::open(backups[0].join("vanthu.db")).unwrap();
    let v: i64 = old
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1, "the copy is the database before the upgrade");
    // Opening again (already current) makes no further copy.
    drop(store);
    Store::open(dir.path()).unwrap();
    assert_eq!(
        std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .count(),
        1
    );
}
