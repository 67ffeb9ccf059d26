//! The local side of sync without a server: capture stamps and bases, batches and trimming,
//! applying pulled pages (replacement laptop, local edits kept, province inbox, unknown
//! entities kept aside), all over real SQLite files.

mod common;

use common::{incoming, vn};
use vanthu_local::incoming::{
    TransitionInput, get_incoming, register_incoming, transition_incoming,
};
use vanthu_local::sync::{self, Enrolment, RecordSyncState};
use vanthu_local::{Context, FixedClock, Store};
use vanthu_protocol::{LogEntry, Op, ProvinceAttachment, ProvinceDocument};

fn enrol(store: &mut Store, device: &str) {
    store
        .write(|tx| {
            sync::save_enrolment(
                tx,
                &Enrolment {
                    server_url: "http://127.0.0.1:1".into(),
                    device_id: device.into(),
                    token: "t".into(),
                    unit_id: "u1".into(),
                    unit_code: "TC".into(),
                    unit_name: "UBND xã Tân Cương".into(),
                    organisation: "UBND".into(),
                    enrolled_at: 0,
                },
            )
        })
        .unwrap();
}

/// What the server would send another device for these changes (no merge needed: one writer).
fn as_log(changes: &[vanthu_protocol::Change], first_cursor: i64) -> Vec<LogEntry> {
    changes
        .iter()
        .enumerate()
        .map(|(i, c)| LogEntry {
            cursor: first_cursor + i as i64,
            entity: c.entity.clone(),
            entity_id: c.entity_id.clone(),
            op: c.op,
            payload: c.payload.clone(),
            hlc: c.hlc.clone(),
            origin: Some("A".into()),
        })
        .collect()
}

#[test]
fn capture_stamps_and_bases_then_replacement_laptop_gets_everything() {
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(vn(2026, 2, 5, 9, 0, 0));
    let ctx = Context {
        actor: "Văn thư",
        clock: &clock,
    };
    let mut a = Store::open(dir_a.path()).unwrap();
    let file = dir_a.path().join("ke-hoach.pdf");
    std::fs::write(&file, b"%PDF-1.4 ke hoach").unwrap();
    let mut input = incoming("35/KH-UBND", "Chuyển đổi số năm 2026");
    input.attachments = vec![file];
    let doc = a
        .write(|tx| register_incoming(tx, &ctx, dir_a.path(), &input))
        .unwrap()
        .document;
    clock.set(vn(2026, 2, 5, 10, 0, 0));
    a.write(|tx| {
        transition_incoming(
            tx,
            &ctx,
            &doc.id,
            &TransitionInput {
                action: "assign".into(),
                assignee: Some("Trần Thị Lan".into()),
                deadline: Some("2026-02-20".into()),
                ..Default::default()
            },
        )
    })
    .unwrap();

    // Captured before enrolment: everything waits, nothing is lost.
    assert_eq!(
        sync::record_state(a.conn(), "incoming_document", &doc.id).unwrap(),
        RecordSyncState::Local
    );
    enrol(&mut a, "A");
    let (after, batch) = sync::pending_batch(a.conn(), 100).unwrap();
    assert_eq!(after, 0);
    assert_eq!(
        batch.len(),
        5,
        "attachment, document, event, document, event"
    );
    let stamps: Vec<&str> = batch.iter().map(|c| c.hlc.as_str()).collect();
    assert!(
        stamps.windows(2).all(|w| w[0] < w[1]),
        "stamps increase: {stamps:?}"
    );
    let upserts: Vec<_> = batch.iter().filter(|c| c.op == Op::Upsert).collect();
    assert_eq!(upserts[0].base, None, "a new record has no base");
    let base: serde_json::Value = serde_json::from_str(upserts[1].base.as_ref().unwrap()).unwrap();
    assert_eq!(base["status"], "registered");
    assert_eq!(base["assignee"], serde_json::Value::Null);
    assert!(
        base.get("summary").is_none(),
        "unchanged fields are not in the base: {base}"
    );
    assert!(matches!(
        sync::record_state(a.conn(), "incoming_document", &doc.id).unwrap(),
        RecordSyncState::Pending { .. }
    ));

    // Acknowledged: trimmed, shadow kept, state synced; an older acknowledgement changes nothing.
    let last = batch.last().unwrap().seq;
    assert_eq!(a.write(|tx| sync::acknowledge(tx, last, 42)).unwrap(), 5);
    assert_eq!(a.write(|tx| sync::acknowledge(tx, 1, 43)).unwrap(), 0);
    assert_eq!(sync::pending_batch(a.conn(), 100).unwrap(), (last, vec![]));
    assert_eq!(
        sync::record_state(a.conn(), "incoming_document", &doc.id).unwrap(),
        RecordSyncState::Synced {
            at: Some(42),
            conflicts: 0
        }
    );

    // A replacement laptop: an empty store gets the unit's history.
    let mut b = Store::open(dir_b.path()).unwrap();
    enrol(&mut b, "B");
    let entries = as_log(&batch, 1);
    let report = b
        .write(|tx| sync::apply_pulled(tx, &ctx, &entries, 5))
        .unwrap();
    assert_eq!(report.applied, 5);
    assert_eq!(report.unapplied, 0);
    let restored = get_incoming(b.conn(), &doc.id).unwrap();
    let original = get_incoming(a.conn(), &doc.id).unwrap();
    assert_eq!(restored, original);
    assert_eq!(
        vanthu_local::incoming::history(b.conn(), &doc.id)
            .unwrap()
            .len(),
        2
    );
    // Pulled changes are not captured again, and the number series continues after them.
    assert_eq!(sync::pending_batch(b.conn(), 100).unwrap().1.len(), 0);
    let next = b
        .write(|tx| register_incoming(tx, &ctx, dir_b.path(), &incoming("36/KH-UBND", "Khác")))
        .unwrap();
    assert_eq!(next.document.arrival_no, original.arrival_no + 1);
    // The attachment row arrived; its file is still to download.
    let missing = sync::missing_blobs(b.conn(), dir_b.path()).unwrap();
    assert_eq!(missing.len(), 1);
    // Applying the same page again (fetched twice) changes nothing.
    let again = b
        .write(|tx| sync::apply_pulled(tx, &ctx, &entries, 5))
        .unwrap();
    assert_eq!(again.applied, 0);
    // A later local edit sorts after every stamp seen from A, even with a clock behind.
    clock.set(vn(2026, 2, 1, 8, 0, 0));
    b.write(|tx| {
        transition_incoming(
            tx,
            &ctx,
            &doc.id,
            &TransitionInput {
                action: "progress".into(),
                note: Some("Đang xây dựng dự thảo".into()),
                ..Default::default()
            },
        )
    })
    .unwrap();
    let (_, b_batch) = sync::pending_batch(b.conn(), 100).unwrap();
    let edit = b_batch
        .iter()
        .find(|c| c.entity == "incoming_document" && c.entity_id == doc.id)
        .unwrap();
    assert!(edit.hlc.as_str() > batch.last().unwrap().hlc.as_str());
    // The appended event is stamped by `outbox::write`, the edited record by the capture
    // trigger (migration 0011): both advance the one clock, so the order still holds.
    let b_stamps: Vec<&str> = b_batch.iter().map(|c| c.hlc.as_str()).collect();
    assert!(
        b_stamps.len() >= 3 && b_stamps.windows(2).all(|w| w[0] < w[1]),
        "stamps increase across both stamping paths: {b_stamps:?}"
    );
    assert!(b_stamps[0] > batch.last().unwrap().hlc.as_str());
    // …and its base is the pulled state (the shadow), not "new record".
    assert!(edit.base.is_some());
}

#[test]
fn local_edits_survive_a_pull_and_unknown_entities_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(vn(2026, 3, 2, 9, 0, 0));
    let ctx = Context {
        actor: "Văn thư",
        clock: &clock,
    };
    let mut s = Store::open(dir.path()).unwrap();
    let doc = s
        .write(|tx| {
            register_incoming(
                tx,
                &ctx,
                dir.path(),
                &incoming("10/CV-UBND", "Tổng hợp số liệu"),
            )
        })
        .unwrap()
        .document;
    enrol(&mut s, "B");
    let (_, batch) = sync::pending_batch(s.conn(), 100).unwrap();
    let last = batch.last().unwrap().seq;
    s.write(|tx| sync::acknowledge(tx, last, 1)).unwrap();
    // Local edit not yet pushed: assign.
    s.write(|tx| {
        transition_incoming(
            tx,
            &ctx,
            &doc.id,
            &TransitionInput {
                action: "assign".into(),
                assignee: Some("Lê Văn Hùng".into()),
                deadline: Some("2026-03-10".into()),
                ..Default::default()
            },
        )
    })
    .unwrap();
    // Meanwhile another device corrected the summary.
    let mut remote: serde_json::Value = serde_json::from_str(
        &batch
            .iter()
            .find(|c| c.entity == "incoming_document")
            .unwrap()
            .payload,
    )
    .unwrap();
    remote["summary"] = "Tổng hợp số liệu quý I".into();
    remote["version"] = 2.into();
    let entries = vec![
        LogEntry {
            cursor: 7,
            entity: "incoming_document".into(),
            entity_id: doc.id.clone(),
            op: Op::Upsert,
            payload: remote.to_string(),
            hlc: vanthu_protocol::hlc::format(vn(2026, 3, 2, 9, 30, 0), 0),
            origin: Some("A".into()),
        },
        LogEntry {
            cursor: 8,
            entity: "survey_answer".into(),
            entity_id: "x1".into(),
            op: Op::Upsert,
            payload: "{\"id\":\"x1\"}".into(),
            hlc: vanthu_protocol::hlc::format(vn(2026, 3, 2, 9, 31, 0), 0),
            origin: Some("A".into()),
        },
    ];
    let report = s
        .write(|tx| sync::apply_pulled(tx, &ctx, &entries, 9))
        .unwrap();
    let reasons: Vec<String> = s
        .conn()
        .prepare("SELECT reason FROM sync_unapplied")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!((report.applied, report.unapplied), (1, 1), "{reasons:?}");
    let now = get_incoming(s.conn(), &doc.id).unwrap();
    assert_eq!(
        now.summary, "Tổng hợp số liệu quý I",
        "remote field applied"
    );
    assert_eq!(
        now.assignee.as_deref(),
        Some("Lê Văn Hùng"),
        "local edit kept"
    );
    let status = sync::local_status(s.conn()).unwrap();
    assert_eq!(status.pull_cursor, 9);
    assert_eq!(status.unapplied, 1);
    assert!(status.pending > 0);
    // Search sees the pulled summary (index kept by triggers).
    let hits: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM incoming_documents WHERE summary_key LIKE '%quy i%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hits, 1);
}

#[test]
fn province_document_registers_with_one_action() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(vn(2026, 4, 6, 8, 0, 0));
    let ctx = Context {
        actor: "Văn thư",
        clock: &clock,
    };
    let mut s = Store::open(dir.path()).unwrap();
    enrol(&mut s, "B");
    let content = b"%PDF-1.4 cong van cua tinh";
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(content))
    };
    let doc = ProvinceDocument {
        id: "0195f000-0000-7000-8000-000000000001".into(),
        issuer: "Ủy ban nhân dân tỉnh Thái Nguyên".into(),
        symbol: "120/UBND-KGVX".into(),
        doc_date: "2026-04-03".into(),
        doc_type: "Công văn".into(),
        summary: "Báo cáo tiến độ chuyển đổi số quý I".into(),
        urgency: Some("Khẩn".into()),
        signer: None,
        deadline: Some("2026-04-10".into()),
        notes: None,
        sent_at: vn(2026, 4, 3, 15, 0, 0),
        sent_by: "Sở Nội vụ".into(),
        attachments: vec![ProvinceAttachment {
            sha256: sha.clone(),
            file_name: "cong-van-120.pdf".into(),
            size: content.len() as i64,
        }],
    };
    let entry = LogEntry {
        cursor: 1,
        entity: "province_document".into(),
        entity_id: doc.id.clone(),
        op: Op::Upsert,
        payload: serde_json::to_string(&doc).unwrap(),
        hlc: vanthu_protocol::hlc::format(doc.sent_at, 0),
        origin: None,
    };
    s.write(|tx| sync::apply_pulled(tx, &ctx, &[entry], 1))
        .unwrap();
    let items = sync::list_inbox(s.conn(), dir.path(), true).unwrap();
    assert_eq!(items.len(), 1);
    assert!(!items[0].attachments_ready);
    // Not downloaded yet: refused, nothing registered.
    let err = s
        .write(|tx| sync::register_from_inbox(tx, &ctx, dir.path(), &doc.id, None))
        .unwrap_err();
    assert_eq!(err.code(), "attachment_missing");
    assert_eq!(common::count(&s, "incoming_documents"), 0);
    let blob = vanthu_local::attachments::blob_path(dir.path(), &sha);
    std::fs::create_dir_all(blob.parent().unwrap()).unwrap();
    std::fs::write(&blob, content).unwrap();
    let reg = s
        .write(|tx| {
            sync::register_from_inbox(tx, &ctx, dir.path(), &doc.id[doc.id.len() - 8..], None)
        })
        .unwrap();
    assert_eq!(reg.document.symbol, "120/UBND-KGVX");
    assert_eq!(reg.attachments.len(), 1);
    assert_eq!(reg.attachments[0].file_name, "cong-van-120.pdf");
    assert_eq!(reg.attachments[0].sha256, sha);
    assert!(
        sync::list_inbox(s.conn(), dir.path(), true)
            .unwrap()
            .is_empty()
    );
    let again = s
        .write(|tx| sync::register_from_inbox(tx, &ctx, dir.path(), &doc.id, None))
        .unwrap_err();
    assert_eq!(again.code(), "already_registered");
}

/// `pending` is read from the ends of the seq range, not counted: it must equal the count
/// through writes, a write that fails and rolls back, and partial acknowledgements.
#[test]
fn pending_changes_match_a_count_of_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(vn(2026, 3, 2, 9, 0, 0));
    let ctx = Context {
        actor: "Văn thư",
        clock: &clock,
    };
    let mut s = Store::open(dir.path()).unwrap();
    let counted = |s: &Store| -> i64 {
        let acked = sync::local_status(s.conn()).unwrap().acked_seq;
        s.conn()
            .query_row("SELECT count(*) FROM outbox WHERE seq > ?1", [acked], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_eq!(sync::local_status(s.conn()).unwrap().pending, 0);
    for i in 1..=4 {
        s.write(|tx| {
            register_incoming(
                tx,
                &ctx,
                dir.path(),
                &incoming(&format!("{i}/KH-UBND"), &format!("Kế hoạch số {i}")),
            )
        })
        .unwrap();
    }
    // A write that captures changes and then fails leaves no gap behind it.
    let failed: Result<(), vanthu_local::LocalError> = s.write(|tx| {
        register_incoming(tx, &ctx, dir.path(), &incoming("9/KH-UBND", "Sẽ bị hủy"))?;
        Err(vanthu_local::LocalError::NotSetUp)
    });
    assert!(failed.is_err());
    s.write(|tx| {
        register_incoming(
            tx,
            &ctx,
            dir.path(),
            &incoming("5/KH-UBND", "Kế hoạch số 5"),
        )
    })
    .unwrap();
    enrol(&mut s, "A");
    let total = counted(&s);
    assert!(total >= 5);
    assert_eq!(sync::local_status(s.conn()).unwrap().pending, total);
    // Acknowledge part of it, then all of it.
    let (_, batch) = sync::pending_batch(s.conn(), 3).unwrap();
    let mid = batch.last().unwrap().seq;
    s.write(|tx| sync::acknowledge(tx, mid, 1)).unwrap();
    assert_eq!(sync::local_status(s.conn()).unwrap().pending, counted(&s));
    assert_eq!(counted(&s), total - 3);
    let (_, rest) = sync::pending_batch(s.conn(), 1000).unwrap();
    s.write(|tx| sync::acknowledge(tx, rest.last().unwrap().seq, 2))
        .unwrap();
    assert_eq!(sync::local_status(s.conn()).unwrap().pending, 0);
    assert_eq!(counted(&s), 0);
}
