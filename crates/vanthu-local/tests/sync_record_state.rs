//! What the app shows of sync per record and in the conflict log, over real SQLite files:
//! a change waits ("chờ gửi", with its count) until the server acknowledges it ("đã đồng bộ"
//! at the acknowledgement); a conflict pulled from the unit's log reads with its record, field,
//! both values, device and person; "Đã xem" is stored here and a later conflict is new again.

mod common;

use common::{incoming, vn};
use serde_json::{Value, json};
use vanthu_local::incoming::{TransitionInput, register_incoming, transition_incoming};
use vanthu_local::sync::{self, Enrolment, RecordSyncState};
use vanthu_local::{Context, FixedClock, Store};
use vanthu_protocol::{Conflict, LogEntry, Op, entity, hlc};

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

/// Acknowledges everything pending at `now`, as a successful push does.
fn push_all(store: &mut Store, now: i64) {
    let (_, batch) = sync::pending_batch(store.conn(), 1000).unwrap();
    let last = batch.last().expect("something to push").seq;
    store.write(|tx| sync::acknowledge(tx, last, now)).unwrap();
}

fn conflict(id: &str, doc: &str, kept: (&str, i64, &str), lost: (&str, i64, &str)) -> Conflict {
    Conflict {
        id: id.into(),
        entity: "incoming_document".into(),
        entity_id: doc.into(),
        field: "assignee".into(),
        kept_value: json!(kept.0),
        lost_value: json!(lost.0),
        // Stamps as the server merges by: the change's HLC plus the device that pushed it.
        kept_hlc: hlc::with_origin(&hlc::format(kept.1, 0), kept.2),
        lost_hlc: hlc::with_origin(&hlc::format(lost.1, 0), lost.2),
        at: kept.1 + 5_000,
    }
}

fn entry(cursor: i64, entity: &str, id: &str, op: Op, payload: String) -> LogEntry {
    LogEntry {
        cursor,
        entity: entity.into(),
        entity_id: id.into(),
        op,
        payload,
        hlc: hlc::format(vn(2026, 11, 24, 9, 0, 0), cursor),
        origin: Some("dev-B".into()),
    }
}

#[test]
fn pending_until_pushed_then_synced_and_the_conflict_log_reads_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock::new(vn(2026, 11, 24, 8, 0, 0));
    let ctx = Context {
        actor: "Trần Thị Lan",
        clock: &clock,
    };
    let mut a = Store::open(dir.path()).unwrap();
    let ids: Vec<String> = ["12/SNV-VP", "35/KH-UBND"]
        .iter()
        .map(|s| {
            a.write(|tx| register_incoming(tx, &ctx, dir.path(), &incoming(s, "Chuyển đổi số")))
                .unwrap()
                .document
                .id
        })
        .collect();
    assert_eq!(
        sync::record_states(a.conn(), "incoming_document", &ids).unwrap(),
        vec![RecordSyncState::Local, RecordSyncState::Local],
        "not enrolled: nothing is sent anywhere"
    );

    enrol(&mut a, "dev-A");
    let registered = vn(2026, 11, 24, 8, 0, 0);
    assert_eq!(
        sync::record_states(a.conn(), "incoming_document", &ids).unwrap(),
        vec![
            RecordSyncState::Pending {
                since: registered,
                changes: 1
            };
            2
        ]
    );
    let pushed = vn(2026, 11, 24, 8, 1, 0);
    push_all(&mut a, pushed);
    assert_eq!(
        sync::record_state(a.conn(), "incoming_document", &ids[0]).unwrap(),
        RecordSyncState::Synced {
            at: Some(pushed),
            conflicts: 0
        }
    );

    // The clerk assigns the first document: it alone waits again, with two changes.
    let assigned = vn(2026, 11, 24, 9, 30, 0);
    clock.set(assigned);
    for step in [
        TransitionInput {
            action: "submit".into(),
            ..Default::default()
        },
        TransitionInput {
            action: "assign".into(),
            assignee: Some("Nguyễn Văn Thắng".into()),
            ..Default::default()
        },
    ] {
        a.write(|tx| transition_incoming(tx, &ctx, &ids[0], &step))
            .unwrap();
    }
    let states = sync::record_states(a.conn(), "incoming_document", &ids).unwrap();
    assert_eq!(
        states[0],
        RecordSyncState::Pending {
            since: assigned,
            changes: 2
        }
    );
    assert!(matches!(states[1], RecordSyncState::Synced { at: Some(t), .. } if t == pushed));
    let (_, batch) = sync::pending_batch(a.conn(), 1000).unwrap();
    let own_event = batch
        .iter()
        .rfind(|c| c.entity == "incoming_event")
        .expect("the assignment's event")
        .payload
        .clone();
    let acked = vn(2026, 11, 24, 9, 31, 0);
    push_all(&mut a, acked);
    assert!(matches!(
        sync::record_state(a.conn(), "incoming_document", &ids[0]).unwrap(),
        RecordSyncState::Synced { at: Some(t), conflicts: 0 } if t == acked
    ));

    // Meanwhile the leader's laptop (dev-B) had assigned it to someone else, earlier: the
    // server kept the later edit (ours) and logged the other. Both arrive in a pull.
    let theirs_at = vn(2026, 11, 24, 9, 10, 0);
    let mut their_event: Value = serde_json::from_str(&own_event).unwrap();
    their_event["id"] = json!("019ab000-0000-7000-8000-00000000000b");
    their_event["actor"] = json!("Lê Văn Hùng");
    their_event["at"] = json!(theirs_at);
    their_event["note"] = json!("Giao Phạm Thu Hà xử lý");
    let c1 = conflict(
        "k1",
        &ids[0],
        ("Nguyễn Văn Thắng", assigned, "dev-A"),
        ("Phạm Thu Hà", theirs_at, "dev-B"),
    );
    let page = vec![
        entry(
            1,
            "incoming_event",
            their_event["id"].as_str().unwrap(),
            Op::Append,
            their_event.to_string(),
        ),
        entry(
            2,
            entity::SYNC_CONFLICT,
            "k1",
            Op::Append,
            serde_json::to_string(&c1).unwrap(),
        ),
    ];
    clock.set(vn(2026, 11, 24, 9, 40, 0));
    let report = a
        .write(|tx| sync::apply_pulled(tx, &ctx, &page, 2))
        .unwrap();
    assert_eq!((report.applied, report.conflicts), (2, 1));

    assert_eq!(sync::unseen_conflicts(a.conn()).unwrap(), 1);
    assert!(matches!(
        sync::record_state(a.conn(), "incoming_document", &ids[0]).unwrap(),
        RecordSyncState::Synced { conflicts: 1, .. }
    ));
    let log = sync::conflict_log(a.conn()).unwrap();
    assert_eq!(log.len(), 1);
    let c = &log[0];
    assert_eq!(c.record_label, "Văn bản đến số 1/2026: Chuyển đổi số");
    assert_eq!(c.field_label, "Người xử lý");
    assert_eq!(c.kept.value, "Nguyễn Văn Thắng");
    assert_eq!(c.kept.device.as_deref(), Some("máy này"));
    assert!(c.kept.this_device);
    assert_eq!(c.kept.person.as_deref(), Some("Trần Thị Lan"));
    assert_eq!(c.kept.at, Some(assigned));
    assert_eq!(c.lost.value, "Phạm Thu Hà");
    assert_eq!(c.lost.device.as_deref(), Some("máy khác của đơn vị"));
    assert!(!c.lost.this_device);
    assert_eq!(c.lost.person.as_deref(), Some("Lê Văn Hùng"));
    assert_eq!(c.lost.at, Some(theirs_at));
    assert!(
        c.resolution
            .contains("giữ lần sửa sau cùng (Trần Thị Lan, máy này)"),
        "{}",
        c.resolution
    );
    assert!(
        c.resolution.contains("(Lê Văn Hùng, máy khác của đơn vị)"),
        "{}",
        c.resolution
    );
    assert_eq!(c.seen_at, None);

    // "Đã xem": stored here once; pressing it again changes nothing.
    let seen = vn(2026, 11, 24, 9, 45, 0);
    let ack = |store: &mut Store, ids: Vec<String>, now: i64| {
        store
            .write(|tx| sync::acknowledge_conflicts(tx, &ids, now))
            .unwrap()
    };
    assert_eq!(ack(&mut a, vec!["k1".into()], seen), 1);
    assert_eq!(ack(&mut a, vec!["k1".into()], seen + 1), 0);
    assert_eq!(sync::unseen_conflicts(a.conn()).unwrap(), 0);
    assert_eq!(sync::conflict_log(a.conn()).unwrap()[0].seen_at, Some(seen));

    // A conflict arriving after the acknowledgement is new.
    let c2 = conflict(
        "k2",
        &ids[1],
        ("Phạm Thu Hà", vn(2026, 11, 24, 10, 0, 0), "dev-B"),
        ("Nguyễn Văn Thắng", vn(2026, 11, 24, 9, 50, 0), "dev-A"),
    );
    let page = vec![entry(
        3,
        entity::SYNC_CONFLICT,
        "k2",
        Op::Append,
        serde_json::to_string(&c2).unwrap(),
    )];
    a.write(|tx| sync::apply_pulled(tx, &ctx, &page, 3))
        .unwrap();
    assert_eq!(sync::unseen_conflicts(a.conn()).unwrap(), 1);
    let log = sync::conflict_log(a.conn()).unwrap();
    assert_eq!(
        log.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["k2", "k1"],
        "newest first"
    );
    assert!(!log[0].kept.this_device && log[0].lost.this_device);
    assert_eq!(
        log[0].kept.person, None,
        "no history event of the second document at that time: unknown, not guessed"
    );
}
