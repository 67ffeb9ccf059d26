//! Full-text search: queries with and without diacritics, every way Vietnamese text arrives
//! (NFD, old tone placement, đ/Đ/Ð, mixed case), exact matches first, filters, paging, and
//! the index kept current by the triggers.

mod common;

use common::*;
use unicode_normalization::UnicodeNormalization;
use vanthu_local::incoming::{
    IncomingFilter, IncomingInput, TransitionInput, register_incoming, transition_incoming,
};
use vanthu_local::outgoing::{OutgoingFilter, OutgoingInput, create_outgoing};
use vanthu_local::search::{SearchSort, search_incoming, search_outgoing};
use vanthu_local::{Context, FixedClock, Store};

fn store_with(summaries: &[(&str, &str)]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let clock = FixedClock::new(vn(2026, 3, 2, 9, 0, 0));
    let ctx = Context {
        actor: "test",
        clock: &clock,
    };
    let path = dir.path().to_path_buf();
    for (i, (issuer, summary)) in summaries.iter().enumerate() {
        let input = IncomingInput {
            issuer: issuer.to_string(),
            ..incoming(&format!("{}/KH-UBND", i + 1), summary)
        };
        store
            .write(|tx| register_incoming(tx, &ctx, &path, &input))
            .unwrap();
    }
    (dir, store)
}

fn symbols(store: &Store, query: &str) -> Vec<String> {
    search_incoming(
        store.conn(),
        query,
        &IncomingFilter::default(),
        SearchSort::Newest,
    )
    .unwrap()
    .items
    .into_iter()
    .map(|h| h.document.symbol)
    .collect()
}

#[test]
fn every_input_form_is_found_by_folded_and_exact_queries() {
    let nfd: String = "Chuyển đổi số cấp xã".nfd().collect();
    let (_dir, store) = store_with(&[
        ("Sở Nội vụ", &nfd),
        ("Sở Y tế", "Bảo đảm hoà bình, sức khoẻ cộng đồng"),
        ("ÐẢNG ỦY XÃ", "Nghị quyết về công tác Đảng"),
        ("Sở Tài chính", "THU NGÂN SÁCH NHÀ NƯỚC"),
    ]);
    for q in [
        "chuyen doi so",
        "Chuyển đổi số",
        "CHUYEN DOI",
        "chuyển đổi số",
    ] {
        assert_eq!(symbols(&store, q), ["1/KH-UBND"], "{q}");
    }
    // Old-style and canonical tone placement are one word, both ways round.
    for q in ["hoà bình", "hòa bình", "hoa binh", "sức khỏe", "suc khoe"] {
        assert_eq!(symbols(&store, q), ["2/KH-UBND"], "{q}");
    }
    // đ, Đ and the look-alike Ð all fold to d.
    for q in ["dang uy", "Đảng ủy", "ðảng", "DANG"] {
        assert_eq!(symbols(&store, q), ["3/KH-UBND"], "{q}");
    }
    for q in ["ngan sach", "Ngân Sách nhà nước"] {
        assert_eq!(symbols(&store, q), ["4/KH-UBND"], "{q}");
    }
    // Prefix while typing; a finished word is not a prefix.
    assert_eq!(symbols(&store, "ngan sa"), ["4/KH-UBND"]);
    assert!(symbols(&store, "ngan sa ").is_empty());
    // Issuer and number/symbol are indexed too.
    assert_eq!(symbols(&store, "so y te"), ["2/KH-UBND"]);
    assert_eq!(symbols(&store, "3/KH-UBND"), ["3/KH-UBND"]);
}

#[test]
fn exact_diacritic_matches_rank_before_folded_only_matches() {
    // Newest first would put 3 and 2 before 1; the exact match must still lead.
    let (_dir, store) = store_with(&[
        ("Sở Y tế", "Phòng chống dịch hóa chất"),
        ("Sở Y tế", "Trồng hoa ven đường"),
        ("Sở Y tế", "Vẽ họa đồ khu dân cư"),
    ]);
    let page = search_incoming(
        store.conn(),
        "hóa",
        &IncomingFilter::default(),
        SearchSort::Newest,
    )
    .unwrap();
    let got: Vec<(String, bool)> = page
        .items
        .iter()
        .map(|h| (h.document.symbol.clone(), h.exact))
        .collect();
    assert_eq!(
        got,
        [
            ("1/KH-UBND".to_string(), true),
            ("3/KH-UBND".to_string(), false),
            ("2/KH-UBND".to_string(), false),
        ]
    );
    // Without diacritics there is no exact tier: newest first.
    assert_eq!(
        symbols(&store, "hoa"),
        ["3/KH-UBND", "2/KH-UBND", "1/KH-UBND"]
    );
}

#[test]
fn pages_continue_across_the_two_tiers() {
    let rows: Vec<(&str, &str)> = (0..7)
        .map(|i| {
            (
                "Sở Nội vụ",
                if i % 2 == 0 {
                    "Kế hoạch hóa gia đình"
                } else {
                    "Hoa mai ngày Tết"
                },
            )
        })
        .collect();
    let (_dir, store) = store_with(&rows);
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let filter = IncomingFilter {
            limit: Some(2),
            offset: Some(offset),
            ..Default::default()
        };
        let page = search_incoming(store.conn(), "hóa", &filter, SearchSort::Newest).unwrap();
        seen.extend(page.items.iter().map(|h| (h.document.arrival_no, h.exact)));
        if !page.has_more {
            break;
        }
        offset += 2;
    }
    assert_eq!(
        seen,
        [
            (7, true),
            (5, true),
            (3, true),
            (1, true),
            (6, false),
            (4, false),
            (2, false)
        ]
    );
}

#[test]
fn filters_combine_and_the_index_follows_updates_and_attachments() {
    let (dir, mut store) = store_with(&[
        ("Sở Nội vụ", "Kế hoạch chuyển đổi số"),
        ("Sở Nội vụ", "Báo cáo chuyển đổi số"),
    ]);
    let clock = FixedClock::new(vn(2026, 3, 3, 9, 0, 0));
    let ctx = Context {
        actor: "test",
        clock: &clock,
    };
    for (reference, action) in [("1/2026", "submit"), ("1/2026", "assign")] {
        let input = TransitionInput {
            action: action.into(),
            assignee: Some("Trần Thị Lan".into()),
            deadline: Some("10/03/2026".into()),
            ..Default::default()
        };
        store
            .write(|tx| transition_incoming(tx, &ctx, reference, &input))
            .unwrap();
    }
    // The assignee became searchable.
    assert_eq!(symbols(&store, "tran thi lan"), ["1/KH-UBND"]);
    let filter = IncomingFilter {
        assignee: Some("Trần Thị Lan".into()),
        year: Some(2026),
        ..Default::default()
    };
    let page = search_incoming(store.conn(), "chuyen doi", &filter, SearchSort::Newest).unwrap();
    assert_eq!(page.items.len(), 1);
    let other_year = IncomingFilter {
        year: Some(2025),
        ..Default::default()
    };
    assert!(
        search_incoming(store.conn(), "chuyen", &other_year, SearchSort::Newest)
            .unwrap()
            .items
            .is_empty()
    );
    // Attachment file names are indexed.
    let file = dir.path().join("Bien ban hop Quy I.pdf");
    std::fs::write(&file, b"%PDF").unwrap();
    let data_dir = dir.path().to_path_buf();
    store
        .write(|tx| {
            let id = vanthu_local::incoming::resolve_ref(tx, "2/2026")?;
            vanthu_local::attachments::attach(tx, &ctx, &data_dir, "incoming", &id, &file)
        })
        .unwrap();
    assert_eq!(symbols(&store, "bien ban hop"), ["2/KH-UBND"]);
}

#[test]
fn issuers_sort_in_vietnamese_order() {
    let (_dir, store) = store_with(&[
        ("Ủy ban nhân dân tỉnh", "Chuyển đổi số"),
        ("Đảng ủy xã", "Chuyển đổi số"),
        ("Sở Y tế", "Chuyển đổi số"),
        ("Bảo hiểm xã hội tỉnh", "Chuyển đổi số"),
        ("Ban Thường vụ Tỉnh ủy", "Chuyển đổi số"),
    ]);
    let page = search_incoming(
        store.conn(),
        "chuyen doi so",
        &IncomingFilter::default(),
        SearchSort::Issuer,
    )
    .unwrap();
    let issuers: Vec<String> = page.items.into_iter().map(|h| h.document.issuer).collect();
    // Byte order would put "Đảng" after "Ủy"'s U and every ASCII letter.
    assert_eq!(
        issuers,
        [
            "Ban Thường vụ Tỉnh ủy",
            "Bảo hiểm xã hội tỉnh",
            "Đảng ủy xã",
            "Sở Y tế",
            "Ủy ban nhân dân tỉnh"
        ]
    );
}

#[test]
fn outgoing_documents_are_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let clock = FixedClock::new(vn(2026, 3, 2, 9, 0, 0));
    let ctx = Context {
        actor: "test",
        clock: &clock,
    };
    let input = OutgoingInput {
        doc_type: "BC".into(),
        summary: "Kết quả thực hiện phong trào Bình dân học vụ số".into(),
        signer: Some("Nguyễn Văn Thắng".into()),
        ..Default::default()
    };
    store.write(|tx| create_outgoing(tx, &ctx, &input)).unwrap();
    let page =
        search_outgoing(store.conn(), "binh dan hoc vu", &OutgoingFilter::default()).unwrap();
    assert_eq!(page.items.len(), 1);
    let page = search_outgoing(store.conn(), "thang", &OutgoingFilter::default()).unwrap();
    assert_eq!(page.items.len(), 1);
    assert!(
        search_incoming(
            store.conn(),
            "  ",
            &IncomingFilter::default(),
            SearchSort::Newest
        )
        .is_err()
    );
}

/// The attachment trigger looks a document up through the search view; that must stay a
/// primary-key search, not a scan of the register.
#[test]
fn the_search_view_is_narrowed_by_primary_key() {
    let (_dir, store) = store_with(&[("Sở Y tế", "Phòng dịch")]);
    let plan: Vec<String> = store
        .conn()
        .prepare("EXPLAIN QUERY PLAN SELECT key, exact FROM incoming_search_text WHERE id = ?1")
        .unwrap()
        .query_map(["x"], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(plan.iter().all(|p| !p.starts_with("SCAN d")), "{plan:?}");
}

/// A document written and rewritten inside one transaction, and a write that bypassed the
/// store's `write`, are both indexed once, with their last text.
#[test]
fn queued_documents_are_indexed_once_with_their_last_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let clock = FixedClock::new(vn(2026, 3, 2, 9, 0, 0));
    let ctx = Context {
        actor: "test",
        clock: &clock,
    };
    let path = dir.path().to_path_buf();
    store
        .write(|tx| {
            register_incoming(tx, &ctx, &path, &incoming("1/KH-UBND", "Phòng chống dịch"))?;
            for action in ["submit", "assign"] {
                let input = TransitionInput {
                    action: action.into(),
                    assignee: Some("Lê Minh Đức".into()),
                    ..Default::default()
                };
                transition_incoming(tx, &ctx, "1/2026", &input)?;
            }
            let input = TransitionInput {
                action: "reassign".into(),
                assignee: Some("Vũ Thị Thu Hà".into()),
                reason: Some("Đổi người".into()),
                ..Default::default()
            };
            transition_incoming(tx, &ctx, "1/2026", &input)
        })
        .unwrap();
    assert_eq!(symbols(&store, "thu ha"), ["1/KH-UBND"]);
    // One index row, not one per write (the first assignee stays as the recipient).
    let rows: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM incoming_fts WHERE incoming_fts MATCH 'dich'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 1);
    assert_eq!(symbols(&store, "phong chong dich"), ["1/KH-UBND"]);
    // Written around the store: found at the next search all the same.
    store
        .conn()
        .execute(
            "UPDATE incoming_documents SET summary = 'Tiêm chủng mở rộng' WHERE arrival_no = 1",
            [],
        )
        .unwrap();
    assert_eq!(symbols(&store, "tiem chung"), ["1/KH-UBND"]);
    assert!(symbols(&store, "phong chong dich").is_empty());
    let queued: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM search_queue", [], |r| r.get(0))
        .unwrap();
    assert_eq!(queued, 0);
    store
        .conn()
        .execute_batch("INSERT INTO incoming_fts (incoming_fts) VALUES ('integrity-check')")
        .unwrap();
}
