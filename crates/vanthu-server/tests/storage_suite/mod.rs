//! The storage test suite every backend must pass (SQLite: `storage_sqlite.rs`, PostgreSQL:
//! `storage_postgres.rs`). Tests share one database per backend and stay independent by
//! creating their own units (random codes), so they can run in parallel and be re-run.
#![allow(dead_code)]

use std::sync::Arc;
use vanthu_protocol::audit::{AuditPushRequest, AuditRow, GENESIS};
use vanthu_protocol::{Change, Op, PushRequest, hlc};
use vanthu_server::auth;
use vanthu_server::error::ServerError;
use vanthu_server::storage::{
    AuditOutcome, CodeProblem, Device, NewDevice, PushOutcome, Staff, Storage, Unit,
};

pub type Db = Arc<dyn Storage>;

pub fn code() -> String {
    format!("T{}", &uuid::Uuid::new_v4().simple().to_string()[..10]).to_uppercase()
}

pub async fn unit(db: &Db) -> Unit {
    let u = Unit {
        id: uuid::Uuid::now_v7().to_string(),
        code: code(),
        name: "UBND xã Thử Nghiệm".into(),
        organisation: "UBND".into(),
        numbering_style: "state".into(),
        created_at: 1,
    };
    db.create_unit(&u).await.unwrap();
    u
}

pub async fn device(db: &Db, unit: &Unit) -> Device {
    let code = auth::new_enrol_code();
    db.add_enrol_code(&unit.id, &auth::code_hash(&code), i64::MAX, 1)
        .await
        .unwrap();
    let id = uuid::Uuid::now_v7().to_string();
    db.enrol(
        &auth::code_hash(&code),
        &NewDevice {
            id: id.clone(),
            name: "máy".into(),
            token_hash: auth::sha256_hex(b"t"),
            high_water: 0,
        },
        2,
    )
    .await
    .unwrap()
    .unwrap();
    db.device(&id).await.unwrap().unwrap()
}

pub fn change(
    seq: i64,
    entity_id: &str,
    payload: serde_json::Value,
    base: Option<serde_json::Value>,
) -> Change {
    Change {
        seq,
        change_id: uuid::Uuid::new_v4().to_string(),
        entity: "incoming_document".into(),
        entity_id: entity_id.into(),
        op: Op::Upsert,
        payload: payload.to_string(),
        at: 1_000 + seq,
        hlc: hlc::format(1_700_000_000_000 + seq * 10, 0),
        base: base.map(|b| b.to_string()),
    }
}

fn doc(id: &str, n: i64) -> serde_json::Value {
    serde_json::json!({ "id": id, "summary": format!("Văn bản {n}"), "version": n })
}

pub async fn enrol_codes(db: Db) {
    let u = unit(&db).await;
    let hash = auth::code_hash(&format!("{}-OK", u.code));
    db.add_enrol_code(&u.id, &hash, 100, 1).await.unwrap();
    let dev = |id: &str| NewDevice {
        id: id.into(),
        name: "m".into(),
        token_hash: "x".into(),
        high_water: 7,
    };
    let d1 = uuid::Uuid::now_v7().to_string();
    let got = db.enrol(&hash, &dev(&d1), 50).await.unwrap().unwrap();
    assert_eq!(got.id, u.id);
    assert_eq!(
        db.device(&d1).await.unwrap().unwrap().high_water,
        7,
        "outbox base kept"
    );
    let d2 = uuid::Uuid::now_v7().to_string();
    assert_eq!(
        db.enrol(&hash, &dev(&d2), 60).await.unwrap(),
        Err(CodeProblem::Used)
    );
    assert!(db.device(&d2).await.unwrap().is_none(), "nothing stored");
    let expired = auth::sha256_hex(format!("exp{}", u.code).as_bytes());
    db.add_enrol_code(&u.id, &expired, 100, 1).await.unwrap();
    assert_eq!(
        db.enrol(&expired, &dev(&d2), 101).await.unwrap(),
        Err(CodeProblem::Expired)
    );
    assert_eq!(
        db.enrol(&auth::sha256_hex(b"nope"), &dev(&d2), 1)
            .await
            .unwrap(),
        Err(CodeProblem::Unknown)
    );
    assert!(db.revoke_device(&d1, 70).await.unwrap());
    assert!(!db.revoke_device(&d1, 71).await.unwrap());
    assert_eq!(
        db.devices(Some(&u.id)).await.unwrap()[0].revoked_at,
        Some(70)
    );
}

pub async fn exactly_once_replays_and_gaps(db: Db) {
    let u = unit(&db).await;
    let d = device(&db, &u).await;
    let id = uuid::Uuid::now_v7().to_string();
    let b1 = PushRequest {
        after: 0,
        changes: (1..=3).map(|s| change(s, &id, doc(&id, s), None)).collect(),
    };
    assert_eq!(
        db.push(&d, &b1, 10).await.unwrap(),
        PushOutcome::Applied {
            acked: 3,
            applied: 3
        }
    );
    // A replay (the answer was lost) is a no-op.
    assert_eq!(
        db.push(&d, &b1, 11).await.unwrap(),
        PushOutcome::Applied {
            acked: 3,
            applied: 0
        }
    );
    // A batch that continues from a seq the server never had is answered with the expected seq.
    let b3 = PushRequest {
        after: 5,
        changes: vec![change(6, &id, doc(&id, 6), None)],
    };
    assert_eq!(
        db.push(&d, &b3, 12).await.unwrap(),
        PushOutcome::Gap { expected: 4 }
    );
    // Overlapping batch: only the new part applies.
    let b2 = PushRequest {
        after: 2,
        changes: vec![
            b1.changes[2].clone(),
            change(4, &id, doc(&id, 4), None),
            change(5, &id, doc(&id, 5), None),
        ],
    };
    assert_eq!(
        db.push(&d, &b2, 13).await.unwrap(),
        PushOutcome::Applied {
            acked: 5,
            applied: 2
        }
    );
    assert_eq!(
        db.push(&d, &b3, 14).await.unwrap(),
        PushOutcome::Applied {
            acked: 6,
            applied: 1
        }
    );
    let log = db.log(&u.id).await.unwrap();
    let seqs: Vec<i64> = log.iter().filter_map(|r| r.origin_seq).collect();
    assert_eq!(seqs, vec![1, 2, 3, 4, 5, 6], "each change once, in order");
    let cursors: Vec<i64> = log.iter().map(|r| r.cursor).collect();
    assert_eq!(
        cursors,
        (1..=log.len() as i64).collect::<Vec<_>>(),
        "contiguous positions"
    );
    let recs = db.records(&u.id, "incoming_document").await.unwrap();
    assert_eq!(recs.len(), 1);
    assert!(recs[0].contains("Văn bản 6"));
    assert_eq!(db.device(&d.id).await.unwrap().unwrap().high_water, 6);
}

pub async fn pull_pages_and_skips_own(db: Db) {
    let u = unit(&db).await;
    let (a, b) = (device(&db, &u).await, device(&db, &u).await);
    let ids: Vec<String> = (0..5).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let req = PushRequest {
        after: 0,
        changes: ids
            .iter()
            .enumerate()
            .map(|(i, id)| change(i as i64 + 1, id, doc(id, 1), None))
            .collect(),
    };
    db.push(&a, &req, 5).await.unwrap();
    let mut cursor = 0;
    let mut got = Vec::new();
    loop {
        let page = db.pull(&b, cursor, 2, 6).await.unwrap();
        assert!(page.entries.len() <= 2);
        // Province-wide records published by other tests may open the log: skip them.
        got.extend(
            page.entries
                .iter()
                .filter(|e| e.origin.is_some())
                .map(|e| e.entity_id.clone()),
        );
        assert!(page.cursor >= cursor);
        cursor = page.cursor;
        if !page.has_more {
            break;
        }
    }
    assert_eq!(got, ids, "B receives A's changes in order");
    let own = db.pull(&a, 0, 100, 7).await.unwrap();
    assert!(
        own.entries.iter().all(|e| e.origin.is_none()),
        "a device does not receive its own changes"
    );
    let head = db.log(&u.id).await.unwrap().last().unwrap().cursor;
    assert_eq!(own.cursor, head, "…but its cursor passes them");
    assert!(!own.has_more);
    assert!(
        db.unit_activity(&u.id)
            .await
            .unwrap()
            .last_pull_at
            .is_some()
    );
}

pub async fn conflicts_are_kept_and_shared(db: Db) {
    let u = unit(&db).await;
    let (a, b) = (device(&db, &u).await, device(&db, &u).await);
    let id = uuid::Uuid::now_v7().to_string();
    let base = serde_json::json!({ "id": id, "summary": "Gốc", "assignee": null, "version": 1 });
    db.push(
        &a,
        &PushRequest {
            after: 0,
            changes: vec![change(1, &id, base.clone(), None)],
        },
        1,
    )
    .await
    .unwrap();
    // B (later clock) and A (earlier clock, pushed later) both set the assignee.
    let mut cb = change(
        1,
        &id,
        serde_json::json!({ "id": id, "summary": "Gốc", "assignee": "Lan", "version": 2 }),
        Some(serde_json::json!({ "assignee": null })),
    );
    cb.hlc = hlc::format(1_800_000_000_000, 0);
    db.push(
        &b,
        &PushRequest {
            after: 0,
            changes: vec![cb],
        },
        2,
    )
    .await
    .unwrap();
    let mut ca = change(
        2,
        &id,
        serde_json::json!({ "id": id, "summary": "Gốc", "assignee": "Hùng", "version": 2 }),
        Some(serde_json::json!({ "assignee": null })),
    );
    ca.hlc = hlc::format(1_750_000_000_000, 0);
    db.push(
        &a,
        &PushRequest {
            after: 1,
            changes: vec![ca],
        },
        3,
    )
    .await
    .unwrap();
    let rec: serde_json::Value =
        serde_json::from_str(&db.records(&u.id, "incoming_document").await.unwrap()[0]).unwrap();
    assert_eq!(rec["assignee"], "Lan", "later clock wins");
    for dev in [&a, &b] {
        let page = db.pull(dev, 0, 100, 4).await.unwrap();
        let conflicts: Vec<_> = page
            .entries
            .iter()
            .filter(|e| e.entity == "sync_conflict")
            .collect();
        assert_eq!(conflicts.len(), 1);
        let c: vanthu_protocol::Conflict = serde_json::from_str(&conflicts[0].payload).unwrap();
        assert_eq!(
            (c.kept_value.as_str(), c.lost_value.as_str()),
            (Some("Lan"), Some("Hùng"))
        );
    }
    // A receives its own change back (merged: its value lost).
    let page = db.pull(&a, 0, 100, 5).await.unwrap();
    assert!(
        page.entries
            .iter()
            .any(|e| e.entity == "incoming_document" && e.payload.contains("Lan"))
    );
}

pub async fn foreign_records_refused(db: Db) {
    let (u1, u2) = (unit(&db).await, unit(&db).await);
    let (d1, d2) = (device(&db, &u1).await, device(&db, &u2).await);
    let id = uuid::Uuid::now_v7().to_string();
    db.push(
        &d1,
        &PushRequest {
            after: 0,
            changes: vec![change(1, &id, doc(&id, 1), None)],
        },
        1,
    )
    .await
    .unwrap();
    let bad = PushRequest {
        after: 0,
        changes: vec![
            change(1, &uuid::Uuid::now_v7().to_string(), doc("x", 1), None),
            change(2, &id, doc(&id, 9), None),
        ],
    };
    let err = db.push(&d2, &bad, 2).await.unwrap_err();
    assert_eq!(err.code(), "foreign_record");
    assert!(
        db.log(&u2.id)
            .await
            .unwrap()
            .iter()
            .all(|r| r.origin.is_none()),
        "nothing stored"
    );
    assert_eq!(db.device(&d2.id).await.unwrap().unwrap().high_water, 0);
    assert!(db.records(&u1.id, "incoming_document").await.unwrap()[0].contains("Văn bản 1"));
}

pub async fn province_records_reach_every_unit(db: Db) {
    let u1 = unit(&db).await;
    let d1 = device(&db, &u1).await;
    let year = format!("{}", 2100 + (rand_u16() % 90));
    db.publish(
        None,
        "holiday_override",
        &year,
        Op::Upsert,
        r#"{"year":1}"#,
        &[],
        5,
    )
    .await
    .unwrap();
    let sha = auth::sha256_hex(u1.code.as_bytes());
    db.publish(
        Some(std::slice::from_ref(&u1.id)),
        "province_document",
        "p1",
        Op::Upsert,
        "{}",
        std::slice::from_ref(&sha),
        6,
    )
    .await
    .unwrap();
    let later = unit(&db).await;
    let d2 = device(&db, &later).await;
    let p1 = db.pull(&d1, 0, 1000, 7).await.unwrap();
    assert!(
        p1.entries
            .iter()
            .any(|e| e.entity == "holiday_override" && e.entity_id == year)
    );
    assert!(p1.entries.iter().any(|e| e.entity == "province_document"));
    let p2 = db.pull(&d2, 0, 1000, 7).await.unwrap();
    assert!(
        p2.entries
            .iter()
            .any(|e| e.entity == "holiday_override" && e.entity_id == year),
        "a unit created later gets it"
    );
    assert!(
        !p2.entries.iter().any(|e| e.entity == "province_document"),
        "not another unit's documents"
    );
    assert!(
        db.province_records("holiday_override")
            .await
            .unwrap()
            .iter()
            .any(|p| p == r#"{"year":1}"#)
    );
    assert!(db.blob_referenced(&u1.id, &sha).await.unwrap());
    assert!(!db.blob_referenced(&later.id, &sha).await.unwrap());
    assert_eq!(db.missing_blobs(&u1.id).await.unwrap(), vec![sha]);
}

/// The province's report reviews: stored with the unit, appended to the unit's log (and only
/// that unit's) in the same transaction, idempotent by id, refused for a submission the unit
/// does not have.
pub async fn report_reviews_flow_down(db: Db) {
    let u = unit(&db).await;
    let other = unit(&db).await;
    let d = device(&db, &u).await;
    let d_other = device(&db, &other).await;
    let sub_id = uuid::Uuid::now_v7().to_string();
    let mut sub = change(
        1,
        &sub_id,
        serde_json::json!({ "id": sub_id, "report_id": "r1", "template_id": "bc-quy",
            "period": "2026-Q3", "attempt": 1, "submitted_at": 5, "submitted_on": "2026-10-12",
            "due_date": "2026-10-05" }),
        None,
    );
    sub.entity = "report_submission".into();
    sub.op = Op::Append;
    let pushed = db
        .push(
            &d,
            &PushRequest {
                after: 0,
                changes: vec![sub],
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(
        pushed,
        PushOutcome::Applied {
            acked: 1,
            applied: 1
        }
    );
    let review = |id: &str, decision: &str, at: i64| vanthu_protocol::ReportReview {
        id: id.into(),
        report_id: "r1".into(),
        submission_id: sub_id.clone(),
        decision: decision.into(),
        comments: Some("Bổ sung số liệu quý III".into()),
        reviewer: Some("Nguyễn Thị Hoa".into()),
        reviewed_at: at,
    };
    let v1 = review(&uuid::Uuid::now_v7().to_string(), "returned", 20);
    assert!(db.add_report_review(&u.id, &v1, 20).await.unwrap());
    assert!(
        !db.add_report_review(&u.id, &v1, 21).await.unwrap(),
        "a replayed review is a no-op"
    );
    // Another unit cannot be handed this unit's submission.
    let foreign = review(&uuid::Uuid::now_v7().to_string(), "accepted", 22);
    assert!(db.add_report_review(&other.id, &foreign, 22).await.is_err());
    let mut unknown = review(&uuid::Uuid::now_v7().to_string(), "accepted", 23);
    unknown.submission_id = "khong-co".into();
    assert!(db.add_report_review(&u.id, &unknown, 23).await.is_err());
    let v2 = review(&uuid::Uuid::now_v7().to_string(), "accepted", 30);
    assert!(db.add_report_review(&u.id, &v2, 30).await.unwrap());
    assert_eq!(
        db.report_reviews(&u.id).await.unwrap(),
        vec![v1.clone(), v2.clone()]
    );
    assert!(db.report_reviews(&other.id).await.unwrap().is_empty());
    // The unit's device pulls both (its own submission is skipped), once each.
    let page = db.pull(&d, 0, 1000, 40).await.unwrap();
    let got: Vec<vanthu_protocol::ReportReview> = page
        .entries
        .iter()
        .filter(|e| e.entity == "report_review")
        .map(|e| serde_json::from_str(&e.payload).unwrap())
        .collect();
    assert_eq!(got, vec![v1, v2]);
    assert!(
        !db.pull(&d_other, 0, 1000, 40)
            .await
            .unwrap()
            .entries
            .iter()
            .any(|e| e.entity == "report_review"),
        "not another unit's reviews"
    );
}

fn rand_u16() -> u16 {
    uuid::Uuid::new_v4().as_bytes()[0] as u16 * 256 + uuid::Uuid::new_v4().as_bytes()[1] as u16
}

pub async fn blobs_resume_and_verify(db: Db) {
    let content: Vec<u8> = (0..700_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut salted = content.clone();
    salted.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    let sha = auth::sha256_hex(&salted);
    let size = salted.len() as i64;
    let b = db
        .blob_append(&sha, size, 0, &salted[..300_000], 1)
        .await
        .unwrap();
    assert_eq!((b.received, b.complete), (300_000, false));
    // A retried chunk (its answer was lost) is refused with where to resume.
    let err = db
        .blob_append(&sha, size, 0, &salted[..300_000], 2)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "blob_offset");
    let b = db
        .blob_append(&sha, size, 300_000, &salted[300_000..], 3)
        .await
        .unwrap();
    assert!(b.complete);
    assert_eq!(db.blob_read(&sha, 0, size).await.unwrap(), salted);
    assert_eq!(
        db.blob_read(&sha, 299_990, 20).await.unwrap(),
        &salted[299_990..300_010]
    );
    // Wrong content for a hash is discarded.
    let fake = auth::sha256_hex(b"something else entirely");
    let err = db.blob_append(&fake, 4, 0, b"abcd", 4).await.unwrap_err();
    assert_eq!(err.code(), "bad_request");
    assert_eq!(db.blob(&fake).await.unwrap().unwrap().received, 0);
}

pub async fn staff_and_sessions(db: Db) {
    let name = code().to_lowercase();
    db.create_staff(
        &Staff {
            username: name.clone(),
            display_name: "Cán bộ".into(),
            password_hash: auth::hash_password("mật khẩu dài").unwrap(),
        },
        1,
    )
    .await
    .unwrap();
    let s = db.staff(&name).await.unwrap().unwrap();
    assert!(auth::verify_password("mật khẩu dài", &s.password_hash));
    let token = auth::sha256_hex(name.as_bytes());
    db.create_session(&token, &name, 100).await.unwrap();
    assert_eq!(
        db.session(&token, 99).await.unwrap().as_deref(),
        Some(name.as_str())
    );
    assert_eq!(db.session(&token, 100).await.unwrap(), None, "expired");
    db.delete_session(&token).await.unwrap();
    assert_eq!(db.session(&token, 1).await.unwrap(), None);
}

pub async fn revoked_device_cannot_push(db: Db) {
    let u = unit(&db).await;
    let d = device(&db, &u).await;
    db.revoke_device(&d.id, 5).await.unwrap();
    let id = uuid::Uuid::now_v7().to_string();
    let err = db
        .push(
            &d,
            &PushRequest {
                after: 0,
                changes: vec![change(1, &id, doc(&id, 1), None)],
            },
            6,
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "revoked");
    assert!(
        db.log(&u.id)
            .await
            .unwrap()
            .iter()
            .all(|r| r.origin.is_none())
    );
}

/// Devices of two units push at once: every log stays contiguous, ordered, exactly once.
pub async fn concurrent_pushes(db: Db) {
    let (u1, u2) = (unit(&db).await, unit(&db).await);
    let mut tasks = Vec::new();
    for u in [&u1, &u1, &u2, &u2] {
        let d = device(&db, u).await;
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            for batch in 0..20i64 {
                let changes = (1..=5)
                    .map(|i| {
                        let seq = batch * 5 + i;
                        let id = uuid::Uuid::now_v7().to_string();
                        change(seq, &id, doc(&id, seq), None)
                    })
                    .collect();
                let req = PushRequest {
                    after: batch * 5,
                    changes,
                };
                loop {
                    match db.push(&d, &req, batch).await {
                        Ok(PushOutcome::Applied { .. }) => break,
                        Err(e) if e.code() == "busy" => continue,
                        other => panic!("{other:?}"),
                    }
                }
            }
            d.id
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    for u in [&u1, &u2] {
        let all = db.log(&u.id).await.unwrap();
        let n = all.len() as i64;
        assert_eq!(
            all.iter().map(|r| r.cursor).collect::<Vec<_>>(),
            (1..=n).collect::<Vec<_>>()
        );
        let log: Vec<_> = all.into_iter().filter(|r| r.origin.is_some()).collect();
        assert_eq!(log.len(), 200);
        let mut per_device: std::collections::HashMap<String, Vec<i64>> = Default::default();
        for r in &log {
            per_device
                .entry(r.origin.clone().unwrap())
                .or_default()
                .push(r.origin_seq.unwrap());
        }
        for seqs in per_device.values() {
            assert_eq!(seqs, &(1..=100).collect::<Vec<_>>());
        }
    }
}

/// Expands to one `#[tokio::test]` per suite function, each with a fresh handle from `$make`.
/// A device's audit chain of `n` rows, as `vanthu_local::audit` writes it.
pub fn audit_chain(n: i64) -> Vec<AuditRow> {
    let mut prev = GENESIS.to_string();
    (1..=n)
        .map(|seq| {
            let mut r = AuditRow {
                seq,
                at: 1_780_000_000_000 + seq,
                actor: "Văn thư".into(),
                entity: "incoming_document".into(),
                entity_id: format!("doc-{}", (seq + 1) / 2),
                op: "upsert".into(),
                before: (seq % 2 == 0).then(|| format!("{{\"v\":{}}}", seq - 1)),
                after: format!("{{\"v\":{seq},\"trich_yeu\":\"Chuyển đổi số\"}}"),
                prev_hash: prev.clone(),
                hash: String::new(),
            };
            r.hash = r.computed_hash();
            prev = r.hash.clone();
            r
        })
        .collect()
}

pub async fn audit_chain_stored_exactly_once(db: Db) {
    let u = unit(&db).await;
    let d = device(&db, &u).await;
    let other = device(&db, &u).await;
    let chain = audit_chain(10);
    let req = |after: i64, rows: &[AuditRow]| AuditPushRequest {
        after,
        rows: rows.to_vec(),
    };
    assert_eq!(
        db.audit_head(&d.id).await.unwrap(),
        (0, GENESIS.to_string())
    );

    // In two batches; the second replays row 4 (a lost answer) and adds 5–7.
    let out = db.push_audit(&d, &req(0, &chain[..4]), 5).await.unwrap();
    assert_eq!(
        out,
        AuditOutcome::Stored {
            acked: 4,
            applied: 4
        }
    );
    let out = db.push_audit(&d, &req(3, &chain[3..7]), 6).await.unwrap();
    assert_eq!(
        out,
        AuditOutcome::Stored {
            acked: 7,
            applied: 3
        }
    );
    // A whole replay stores nothing.
    let out = db.push_audit(&d, &req(0, &chain[..7]), 7).await.unwrap();
    assert_eq!(
        out,
        AuditOutcome::Stored {
            acked: 7,
            applied: 0
        }
    );
    // Starting past the head is a gap.
    let out = db.push_audit(&d, &req(8, &chain[8..]), 7).await.unwrap();
    assert_eq!(out, AuditOutcome::Gap { expected: 8 });

    // Row 9 edited on the laptop after it was hashed: refused, nothing of the batch stored.
    let mut edited = chain[7..].to_vec();
    edited[1].after = edited[1].after.replace("Chuyển", "Chuyen");
    let err = db.push_audit(&d, &req(7, &edited), 8).await.unwrap_err();
    assert!(
        matches!(err, ServerError::AuditChainBroken { seq: 9, .. }),
        "{err:?}"
    );
    assert_eq!(db.audit_head(&d.id).await.unwrap().0, 7);
    // A re-hashed rewrite of a row already sent (the trail rebuilt to hide an edit) no longer
    // links to the province's copy.
    let mut rewritten = audit_chain(8);
    rewritten[6].actor = "Người khác".into();
    rewritten[6].hash = rewritten[6].computed_hash();
    rewritten[7].prev_hash = rewritten[6].hash.clone();
    rewritten[7].hash = rewritten[7].computed_hash();
    let err = db
        .push_audit(&d, &req(6, &rewritten[6..]), 8)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServerError::AuditChainBroken { seq: 7, .. }),
        "{err:?}"
    );

    // The rest, then the unit's rows read back in order, per device.
    let out = db.push_audit(&d, &req(7, &chain[7..]), 9).await.unwrap();
    assert_eq!(
        out,
        AuditOutcome::Stored {
            acked: 10,
            applied: 3
        }
    );
    db.push_audit(&other, &req(0, &audit_chain(2)), 9)
        .await
        .unwrap();
    let all = db.audit_rows(&u.id, None).await.unwrap();
    assert_eq!(all.len(), 12);
    let mine: Vec<AuditRow> = all
        .iter()
        .filter(|r| r.device_id == d.id)
        .map(|r| r.row.clone())
        .collect();
    assert_eq!(mine, chain, "stored exactly as sent, in chain order");
    assert_eq!(vanthu_protocol::audit::check_chain(GENESIS, &mine), Ok(()));
    let newest = db.audit_rows(&u.id, Some(3)).await.unwrap();
    let seqs: Vec<(bool, i64)> = newest
        .iter()
        .map(|r| (r.device_id == d.id, r.row.seq))
        .collect();
    assert_eq!(newest.len(), 5, "{seqs:?}");
    assert!(seqs.contains(&(true, 8)) && seqs.contains(&(true, 10)) && !seqs.contains(&(true, 7)));
    assert_eq!(
        db.audit_head(&d.id).await.unwrap(),
        (10, chain[9].hash.clone())
    );
}

#[macro_export]
macro_rules! storage_suite {
    ($make:expr) => {
        $crate::storage_suite!(@tests $make;
            enrol_codes, exactly_once_replays_and_gaps, pull_pages_and_skips_own,
            conflicts_are_kept_and_shared, foreign_records_refused,
            province_records_reach_every_unit, blobs_resume_and_verify, staff_and_sessions,
            revoked_device_cannot_push, concurrent_pushes, report_reviews_flow_down,
            audit_chain_stored_exactly_once);
    };
    (@tests $make:expr; $($name:ident),*) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let db: storage_suite::Db = $make.await;
                storage_suite::$name(db).await;
            }
        )*
    };
}
