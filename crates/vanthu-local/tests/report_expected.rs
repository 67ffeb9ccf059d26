//! The reports a unit is expected to send: the running period of each regular template and
//! the previous one while recently due, until a report exists for them.

mod common;

use common::{unit, vn};
use vanthu_local::report::{NewReport, create_report, expected_reports};
use vanthu_local::unit::setup_unit;
use vanthu_local::{Clock, Context, FixedClock, Store};

#[test]
fn expected_reports_disappear_once_created() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // Tuesday 24/11/2026.
    let clock = FixedClock::new(vn(2026, 11, 24, 9, 0, 0));
    let ctx = Context {
        actor: "Văn thư",
        clock: &clock,
    };
    store
        .write(|tx| setup_unit(tx, &ctx, &unit("state", "UBND")))
        .unwrap();
    let codes = |store: &Store| -> Vec<(String, String, bool)> {
        expected_reports(store.conn(), clock.today())
            .unwrap()
            .into_iter()
            .map(|e| (e.template_id, e.period.code(), e.overdue))
            .collect()
    };
    let before = codes(&store);
    let has = |list: &[(String, String, bool)], t: &str, p: &str| {
        list.iter().find(|(a, b, _)| a == t && b == p).map(|x| x.2)
    };
    // The running quarter, month, half-year and year are expected, not yet overdue.
    assert_eq!(has(&before, "bc-quy", "2026-Q4"), Some(false));
    assert_eq!(has(&before, "bc-thang", "2026-11"), Some(false));
    assert_eq!(has(&before, "bc-6-thang", "2026-H2"), Some(false));
    assert_eq!(has(&before, "bc-nam", "2026"), Some(false));
    // October's monthly report was due in early November: still shown, as overdue.
    assert_eq!(has(&before, "bc-thang", "2026-10"), Some(true));
    // Quarter III was due in early October, more than a month ago: no longer a reminder.
    assert_eq!(has(&before, "bc-quy", "2026-Q3"), None);
    // Ad-hoc reports are never expected.
    assert!(before.iter().all(|(t, _, _)| t != "bc-dot-xuat"));

    store
        .write(|tx| {
            create_report(
                tx,
                &ctx,
                &NewReport {
                    period: "2026-Q4".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let after = codes(&store);
    assert_eq!(has(&after, "bc-quy", "2026-Q4"), None);
    assert_eq!(after.len(), before.len() - 1);
}
