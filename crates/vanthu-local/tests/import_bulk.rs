//! A register big enough to take the bulk paths (bigger page cache during the write, bulk
//! search-index flush): every guarantee of a small import still holds, and the connection's
//! settings are back as they were afterwards.

mod common;

use common::*;
use std::fmt::Write as _;
use vanthu_local::import::{ImportOptions, import_incoming, read_file};
use vanthu_local::incoming::IncomingFilter;
use vanthu_local::search::{SearchSort, search_incoming};
use vanthu_local::{Context, FixedClock, Store, audit};

const ROWS: usize = 6_000;

/// A CSV register: rows out of year order (2021 before 2020) so the index gets them unsorted.
fn register() -> String {
    let mut csv = String::from("Ngày đến;Số đến;Tác giả;Số, ký hiệu;Ngày tháng;Trích yếu\n");
    for i in 0..ROWS {
        let year = if i % 2 == 0 { 2021 } else { 2020 };
        let no = i / 2 + 1;
        let (m, d) = (1 + (no % 12), 1 + (no % 28));
        let topic = if i == 4321 {
            "Hòa giải ở cơ sở"
        } else {
            "Chuyển đổi số"
        };
        writeln!(
            csv,
            "{d:02}/{m:02}/{year};{no};UBND huyện Đại Từ;{no}/KH-UBND;{d:02}/{m:02}/{year};Kế hoạch: {topic} đợt {i}"
        )
        .unwrap();
    }
    csv
}

#[test]
fn big_register_is_written_whole_indexed_audited_and_repeatable() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("so-den.csv");
    std::fs::write(&file, register()).unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let cache_before: i64 = store
        .conn()
        .query_row("PRAGMA cache_size", [], |r| r.get(0))
        .unwrap();
    let clock = FixedClock::new(vn(2026, 11, 24, 9, 0, 0));
    let ctx = Context {
        actor: "test",
        clock: &clock,
    };
    let opts = ImportOptions::default();
    let parsed = read_file(&file, &opts).unwrap();
    let report = store
        .write(|tx| import_incoming(tx, &ctx, &parsed, &opts))
        .unwrap();
    assert_eq!((report.imported, report.duplicates), (ROWS, 0));
    assert_eq!(count(&store, "incoming_documents"), ROWS as i64);
    assert_eq!(count(&store, "incoming_events"), ROWS as i64);
    assert_eq!(count(&store, "import_keys"), ROWS as i64);
    // One upsert per document and one append per import event, each audited.
    assert_eq!(count(&store, "outbox"), 2 * ROWS as i64);
    assert_eq!(count(&store, "audit_log"), 2 * ROWS as i64);
    let chain = audit::verify_chain(store.conn()).unwrap();
    assert!(chain.ok, "{:?}", chain.problem);

    // Every document is in the search index, found with and without diacritics.
    assert_eq!(count(&store, "search_queue"), 0);
    let conn = store.conn();
    let indexed: i64 = conn
        .query_row(
            "SELECT count(*) FROM incoming_fts WHERE incoming_fts MATCH 'folded:ke_hoach'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexed, ROWS as i64);
    for q in ["hòa giải", "hoa giai"] {
        let page =
            search_incoming(conn, q, &IncomingFilter::default(), SearchSort::Newest).unwrap();
        assert_eq!(page.items.len(), 1, "{q}");
        assert_eq!(page.items[0].document.arrival_ref(), "2161/2020");
    }
    let page = search_incoming(
        conn,
        "chuyen doi so",
        &IncomingFilter {
            year: Some(2020),
            ..Default::default()
        },
        SearchSort::Newest,
    )
    .unwrap();
    // Newest first: the index holds the rows in register order whatever the file's order.
    assert_eq!(page.items[0].document.arrival_ref(), "3000/2020");

    // The connection's page cache and FTS5's pending-data limit are back to what they were.
    let cache_after: i64 = conn
        .query_row("PRAGMA cache_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(cache_after, cache_before);
    let hashsize: i64 = conn
        .query_row(
            "SELECT v FROM incoming_fts_config WHERE k = 'hashsize'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hashsize, 1024 * 1024);

    // The same register again adds nothing.
    let again = store
        .write(|tx| import_incoming(tx, &ctx, &parsed, &opts))
        .unwrap();
    assert_eq!((again.imported, again.duplicates), (0, ROWS));
    assert_eq!(count(&store, "outbox"), 2 * ROWS as i64);
}
