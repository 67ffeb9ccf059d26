//! Restoring a backup on an enrolled laptop retires its sync identity: the server acknowledged
//! that device's changes past the backup, so syncing on under the old id would drop new changes.

mod common;

use common::{incoming, unit, vn};
use vanthu_local::backup::{RESTORED_NEEDS_ENROLMENT, create_backup, restore_backup};
use vanthu_local::incoming::register_incoming;
use vanthu_local::sync::{Enrolment, device, save_enrolment};
use vanthu_local::unit::setup_unit;
use vanthu_local::{Context, FixedClock, Store};

#[test]
fn restoring_clears_the_token_and_keeps_what_is_still_to_send() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let backups = dir.path().join("usb");
    let clock = FixedClock::new(vn(2026, 5, 4, 8, 0, 0));
    let ctx = Context {
        actor: "test",
        clock: &clock,
    };
    let mut store = Store::open(&data).unwrap();
    store
        .write(|tx| setup_unit(tx, &ctx, &unit("state", "UBND")))
        .unwrap();
    store.write(|tx| save_enrolment(tx, &enrolment())).unwrap();
    store
        .write(|tx| register_incoming(tx, &ctx, &data, &incoming("1/KH-UBND", "Trước sao lưu")))
        .unwrap();
    let pending_at_backup: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert!(pending_at_backup > 0);
    let backup = create_backup(&store, &ctx, &backups, "thu cong").unwrap();
    store
        .write(|tx| register_incoming(tx, &ctx, &data, &incoming("2/KH-UBND", "Sau sao lưu")))
        .unwrap();
    drop(store);

    restore_backup(&backup.path, &data, &ctx).unwrap();

    let store = Store::open(&data).unwrap();
    let d = device(store.conn())
        .unwrap()
        .expect("the enrolment row is kept");
    assert_eq!(d.token, "", "the old device token must not be used again");
    assert_eq!(d.last_error.as_deref(), Some(RESTORED_NEEDS_ENROLMENT));
    assert_eq!(
        d.acked_seq, 0,
        "acknowledged position kept for re-enrolment"
    );
    let pending: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        pending, pending_at_backup,
        "changes pending at backup time are still to send"
    );
}

fn enrolment() -> Enrolment {
    Enrolment {
        server_url: "http://127.0.0.1:9".into(),
        device_id: "dev-1".into(),
        token: "secret-token".into(),
        unit_id: "u1".into(),
        unit_code: "X01".into(),
        unit_name: "Ủy ban nhân dân xã Tân Cương".into(),
        organisation: "UBND".into(),
        enrolled_at: 0,
    }
}
