//! Số đến: consecutive within the Vietnam calendar year, never duplicated or skipped, even with
//! several writers at once; restarting at 1 at midnight on 1 January Vietnam time.

mod common;

use common::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use vanthu_local::incoming::register_incoming;
use vanthu_local::{Context, FixedClock, Store};

fn numbers(store: &Store) -> BTreeMap<i32, Vec<i64>> {
    let mut stmt = store
        .conn()
        .prepare("SELECT year, arrival_no FROM incoming_documents ORDER BY year, arrival_no")
        .unwrap();
    let mut out: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
    for row in stmt
        .query_map([], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, i64>(1)?)))
        .unwrap()
    {
        let (y, n) = row.unwrap();
        out.entry(y).or_default().push(n);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, .. ProptestConfig::default() })]

    /// Several threads, each with its own connection to the same file, register at once.
    #[test]
    fn concurrent_writers_never_duplicate_or_skip(threads in 2usize..5, per_thread in 5usize..25) {
        let dir = tempfile::tempdir().unwrap();
        Store::open(dir.path()).unwrap();
        std::thread::scope(|s| {
            for t in 0..threads {
                let path = dir.path().to_path_buf();
                s.spawn(move || {
                    let mut store = Store::open(&path).unwrap();
                    let clock = FixedClock::new(vn(2026, 3, 2, 9, 0, 0));
                    let ctx = Context { actor: "test", clock: &clock };
                    for i in 0..per_thread {
                        let input = incoming(&format!("{t}{i}/KH-UBND"), "Kế hoạch thử nghiệm");
                        store.write(|tx| register_incoming(tx, &ctx, &path, &input)).unwrap();
                    }
                });
            }
        });
        let store = Store::open(dir.path()).unwrap();
        let got = numbers(&store);
        let expected: Vec<i64> = (1..=(threads * per_thread) as i64).collect();
        prop_assert_eq!(got.get(&2026).cloned().unwrap_or_default(), expected);
        prop_assert_eq!(got.len(), 1);
    }
}

#[test]
fn year_rolls_over_at_midnight_vietnam_time_not_utc() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let clock = FixedClock::new(vn(2026, 12, 31, 23, 59, 59));
    let ctx = Context {
        actor: "test",
        clock: &clock,
    };
    let path = dir.path().to_path_buf();
    let reg = |store: &mut Store, sym: &str| {
        store
            .write(|tx| register_incoming(tx, &ctx, &path, &incoming(sym, "Thông báo")))
            .unwrap()
            .document
    };
    let a = reg(&mut store, "1/KH-UBND");
    let b = reg(&mut store, "2/KH-UBND");
    assert_eq!((a.year, a.arrival_no, b.arrival_no), (2026, 1, 2));
    // 00:00:00 on 1 January in Vietnam is still 31 December 17:00 UTC.
    clock.set(vn(2027, 1, 1, 0, 0, 0));
    assert_eq!(
        chrono::DateTime::from_timestamp_millis(clock_ms(&clock))
            .unwrap()
            .to_rfc3339(),
        "2026-12-31T17:00:00+00:00"
    );
    let c = reg(&mut store, "3/KH-UBND");
    assert_eq!((c.year, c.arrival_no), (2027, 1));
    assert_eq!(c.arrival_date.to_string(), "2027-01-01");
    let d = reg(&mut store, "4/KH-UBND");
    assert_eq!((d.year, d.arrival_no), (2027, 2));
}

fn clock_ms(c: &FixedClock) -> i64 {
    use vanthu_local::Clock;
    c.now_ms()
}

#[test]
fn a_rolled_back_registration_gives_its_number_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let clock = FixedClock::new(vn(2026, 5, 4, 8, 0, 0));
    let ctx = Context {
        actor: "test",
        clock: &clock,
    };
    let path = dir.path().to_path_buf();
    store
        .write(|tx| register_incoming(tx, &ctx, &path, &incoming("1/KH-UBND", "a")))
        .unwrap();
    // Registered, then the transaction fails for another reason: the number must not be lost.
    let failed: vanthu_local::Result<()> = store.write(|tx| {
        register_incoming(tx, &ctx, &path, &incoming("2/KH-UBND", "b"))?;
        Err(vanthu_local::LocalError::NotSetUp)
    });
    assert!(failed.is_err());
    let next = store
        .write(|tx| register_incoming(tx, &ctx, &path, &incoming("3/KH-UBND", "c")))
        .unwrap();
    assert_eq!(next.document.arrival_no, 2);
}
