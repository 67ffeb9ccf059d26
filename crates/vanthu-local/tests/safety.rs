//! Nothing lost, nothing half-written: secret refusal, newer databases, panics and crashes.

mod common;

use common::*;
use vanthu_local::incoming::{IncomingInput, register_incoming};
use vanthu_local::{Context, FixedClock, LocalError, Store};

#[test]
fn secret_documents_are_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let clock = FixedClock::new(vn(2026, 5, 4, 8, 0, 0));
    let ctx = Context {
        actor: "test",
        clock: &clock,
    };
    let att = dir.path().join("mat.pdf");
    std::fs::write(&att, b"%PDF secret").unwrap();
    for mark in ["Mật", "TỐI MẬT", "Tuyệt mật"] {
        let input = IncomingInput {
            secrecy: Some(mark.into()),
            attachments: vec![att.clone()],
            ..incoming("12/KH-CAT", "Kế hoạch bảo vệ")
        };
        let err = store
            .write(|tx| register_incoming(tx, &ctx, dir.path(), &input))
            .unwrap_err();
        assert_eq!(err.code(), "secret_refused");
        assert!(
            err.to_string()
                .contains("không được xử lý trên hệ thống số"),
            "{err}"
        );
    }
    for table in [
        "incoming_documents",
        "incoming_events",
        "attachments",
        "outbox",
        "number_series",
    ] {
        assert_eq!(count(&store, table), 0, "{table}");
    }
    assert!(
        !dir.path().join("blobs").exists(),
        "no attachment blob may be written"
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let db = dir.path().join(vanthu_local::store::DB_FILE);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let err = Store::open(dir.path()).err().expect("must be refused");
    assert!(
        matches!(err, LocalError::NewerDatabase { found: 999, .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), "newer_database");
    assert!(err.to_string().contains("phiên bản VanThu mới hơn"));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn a_panic_between_two_writes_leaves_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let result = std::panic::catch_unwind(|| {
        let mut store = Store::open(&path).unwrap();
        let clock = FixedClock::new(vn(2026, 5, 4, 8, 0, 0));
        let ctx = Context {
            actor: "test",
            clock: &clock,
        };
        let _: vanthu_local::Result<()> = store.write(|tx| {
            register_incoming(tx, &ctx, &path, &incoming("1/KH-UBND", "Một"))?;
            panic!("simulated crash between two writes");
        });
    });
    assert!(result.is_err());
    let store = Store::open(dir.path()).unwrap();
    for table in [
        "incoming_documents",
        "incoming_events",
        "outbox",
        "number_series",
    ] {
        assert_eq!(count(&store, table), 0, "{table}");
    }
}

/// A real crash: a child process (this test binary re-run) aborts inside an open write
/// transaction after its first insert. The parent then finds nothing of it.
#[test]
fn a_process_killed_mid_transaction_leaves_nothing_half_written() {
    if let Ok(dir) = std::env::var("VANTHU_TEST_CRASH_DIR") {
        let path = std::path::PathBuf::from(dir);
        let mut store = Store::open(&path).unwrap();
        let clock = FixedClock::new(vn(2026, 5, 4, 8, 0, 0));
        let ctx = Context {
            actor: "test",
            clock: &clock,
        };
        let _: vanthu_local::Result<()> = store.write(|tx| {
            register_incoming(tx, &ctx, &path, &incoming("2/KH-UBND", "Hai"))?;
            std::process::abort();
        });
        unreachable!();
    }
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        let clock = FixedClock::new(vn(2026, 5, 4, 7, 0, 0));
        let ctx = Context {
            actor: "test",
            clock: &clock,
        };
        store
            .write(|tx| register_incoming(tx, &ctx, dir.path(), &incoming("1/KH-UBND", "Một")))
            .unwrap();
    }
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_process_killed_mid_transaction_leaves_nothing_half_written",
            "--nocapture",
        ])
        .env("VANTHU_TEST_CRASH_DIR", dir.path())
        .status()
        .unwrap();
    assert!(!status.success(), "the child must have crashed");
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(count(&store, "incoming_documents"), 1);
    assert_eq!(count(&store, "outbox"), 2);
    let ok: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(ok, 1);
    // And the next registration continues the series without a hole.
    let clock = FixedClock::new(vn(2026, 5, 4, 9, 0, 0));
    let ctx = Context {
        actor: "test",
        clock: &clock,
    };
    let path = dir.path().to_path_buf();
    let next = store
        .write(|tx| register_incoming(tx, &ctx, &path, &incoming("3/KH-UBND", "Ba")))
        .unwrap();
    assert_eq!(next.document.arrival_no, 2);
}
