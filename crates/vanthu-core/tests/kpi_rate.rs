//! On-time rate on hand-built scenarios (definitions: docs/kpi.md).

use chrono::NaiveDate;
use vanthu_core::calendar::{Deadline, Extension, HolidayCalendar, HolidayOverrides, WorkCalendar};
use vanthu_core::kpi::{
    KpiItem, ON_TIME_TARGET, Outcome, Period, on_time_rate, outcome, quarterly_trend, report,
    status_freshness,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn item(
    id: &str,
    assignee: &str,
    deadline: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    last_update_on: NaiveDate,
) -> KpiItem {
    KpiItem {
        id: id.into(),
        category: if id < "F" { "van_ban_den" } else { "nhiem_vu" }.into(),
        assignee: Some(assignee.into()),
        deadline,
        completed_on,
        last_update_on,
    }
}

/// The scenarios of docs/kpi.md, judged for Quý I and Quý II of 2026.
fn scenarios() -> Vec<KpiItem> {
    let extended = Deadline {
        default: Some(d(2026, 3, 5)),
        explicit: None,
        extensions: vec![Extension {
            deadline: d(2026, 3, 20),
            reason: "Chờ ý kiến sở".into(),
        }],
    };
    let mut reassigned = item(
        "F",
        "An",
        Some(d(2026, 3, 10)),
        Some(d(2026, 3, 9)),
        d(2026, 3, 9),
    );
    reassigned.assignee = Some("Bình".into()); // reassigned from An to Bình before completion
    vec![
        // on time
        item(
            "A",
            "An",
            Some(d(2026, 2, 10)),
            Some(d(2026, 2, 9)),
            d(2026, 2, 9),
        ),
        // late
        item(
            "B",
            "An",
            Some(d(2026, 2, 10)),
            Some(d(2026, 2, 12)),
            d(2026, 2, 12),
        ),
        // open, overdue at the end of Q1
        item("C", "Bình", Some(d(2026, 3, 2)), None, d(2026, 3, 25)),
        // open, due in Q2: not yet due at the end of Q1
        item("D", "Bình", Some(d(2026, 4, 15)), None, d(2026, 3, 30)),
        // extended from 5/3 to 20/3, completed 18/3: on time against the effective deadline
        item(
            "E",
            "Chi",
            extended.effective(),
            Some(d(2026, 3, 18)),
            d(2026, 3, 18),
        ),
        reassigned,
        // no deadline: excluded
        item("G", "Chi", None, Some(d(2026, 2, 2)), d(2026, 2, 2)),
        // deadline on the last day of Q1, completed on the first day of Q2
        item(
            "H",
            "Chi",
            Some(d(2026, 3, 31)),
            Some(d(2026, 4, 1)),
            d(2026, 3, 31),
        ),
        // deadline on the last day of Q1, completed that day
        item(
            "I",
            "Chi",
            Some(d(2026, 3, 31)),
            Some(d(2026, 3, 31)),
            d(2026, 3, 31),
        ),
        // overdue at the end of Q1, completed late in Q2
        item(
            "J",
            "An",
            Some(d(2026, 3, 20)),
            Some(d(2026, 4, 2)),
            d(2026, 3, 26),
        ),
        // completed early in Q1, deadline in Q2
        item(
            "K",
            "An",
            Some(d(2026, 4, 10)),
            Some(d(2026, 3, 25)),
            d(2026, 3, 25),
        ),
    ]
}

fn by_id<'a>(items: &'a [KpiItem], id: &str) -> &'a KpiItem {
    items.iter().find(|i| i.id == id).unwrap()
}

#[test]
fn outcomes_per_item() {
    let items = scenarios();
    let q1 = Period::quarter(2026, 1).unwrap();
    let q2 = Period::quarter(2026, 2).unwrap();
    let expect = [
        ("A", Some(Outcome::OnTime), None),
        ("B", Some(Outcome::Late), None),
        ("C", Some(Outcome::OverdueOpen), None),
        ("D", None, Some(Outcome::OverdueOpen)),
        ("E", Some(Outcome::OnTime), None),
        ("F", Some(Outcome::OnTime), None),
        ("G", None, None),
        ("H", Some(Outcome::OverdueOpen), Some(Outcome::Late)),
        ("I", Some(Outcome::OnTime), None),
        ("J", Some(Outcome::OverdueOpen), Some(Outcome::Late)),
        ("K", Some(Outcome::OnTime), None),
    ];
    for (id, in_q1, in_q2) in expect {
        assert_eq!(outcome(by_id(&items, id), &q1), in_q1, "{id} in Q1");
        assert_eq!(outcome(by_id(&items, id), &q2), in_q2, "{id} in Q2");
    }
}

#[test]
fn quarter_rates_and_breakdowns() {
    let items = scenarios();
    let q1 = Period::quarter(2026, 1).unwrap();
    let r = report(&items, &q1, ON_TIME_TARGET);
    assert_eq!(r.period_label, "Quý I năm 2026");
    assert_eq!(
        (r.overall.on_time, r.overall.late, r.overall.overdue_open),
        (5, 1, 3)
    );
    assert_eq!((r.overall.numerator, r.overall.denominator), (5, 9));
    assert_eq!(r.overall.rate, Some(5.0 / 9.0));
    assert!(!r.overall.met_target);

    let group = |groups: &[vanthu_core::kpi::GroupRate], key: &str| {
        let g = groups
            .iter()
            .find(|g| g.key.as_deref() == Some(key))
            .unwrap();
        (g.rate.numerator, g.rate.denominator)
    };
    // An: A on time, B late, J overdue, K on time. Bình: C overdue, F on time (reassigned to her).
    // Chi: E and I on time, H due on the quarter's last day and still open at its end.
    assert_eq!(group(&r.by_assignee, "An"), (2, 4));
    assert_eq!(group(&r.by_assignee, "Bình"), (1, 2));
    assert_eq!(group(&r.by_assignee, "Chi"), (2, 3));
    assert_eq!(r.by_assignee.len(), 3);
    assert!(
        !r.by_assignee
            .iter()
            .find(|g| g.key.as_deref() == Some("Chi"))
            .unwrap()
            .rate
            .met_target
    );
    assert_eq!(group(&r.by_category, "van_ban_den"), (2, 4));
    assert_eq!(group(&r.by_category, "nhiem_vu"), (3, 5));

    let q2 = on_time_rate(&items, &Period::quarter(2026, 2).unwrap(), ON_TIME_TARGET);
    assert_eq!((q2.on_time, q2.late, q2.overdue_open), (0, 2, 1));
}

#[test]
fn target_is_met_at_exactly_95_percent() {
    let period = Period::month(2026, 6).unwrap();
    let done = |i: u32, late: bool| {
        let deadline = d(2026, 6, 15);
        let completed = if late { d(2026, 6, 16) } else { d(2026, 6, 10) };
        KpiItem {
            id: i.to_string(),
            category: "x".into(),
            assignee: None,
            deadline: Some(deadline),
            completed_on: Some(completed),
            last_update_on: completed,
        }
    };
    let nineteen: Vec<KpiItem> = (0..20).map(|i| done(i, i == 0)).collect();
    let r = on_time_rate(&nineteen, &period, ON_TIME_TARGET);
    assert_eq!((r.numerator, r.denominator, r.met_target), (19, 20, true));
    let eighteen: Vec<KpiItem> = (0..20).map(|i| done(i, i < 2)).collect();
    assert!(!on_time_rate(&eighteen, &period, ON_TIME_TARGET).met_target);
    // Nothing to measure: no rate, and no claim that the target was met.
    let none = on_time_rate(&[], &period, ON_TIME_TARGET);
    assert_eq!((none.rate, none.met_target), (None, false));
    // Unassigned items are grouped under `None`.
    let r = report(&nineteen, &period, ON_TIME_TARGET);
    assert_eq!(r.by_assignee.len(), 1);
    assert_eq!(r.by_assignee[0].key, None);
}

#[test]
fn quarterly_trend_for_a_year() {
    let trend = quarterly_trend(&scenarios(), 2026, ON_TIME_TARGET).unwrap();
    let labels: Vec<&str> = trend.iter().map(|t| t.period_label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Quý I năm 2026",
            "Quý II năm 2026",
            "Quý III năm 2026",
            "Quý IV năm 2026"
        ]
    );
    let dens: Vec<u32> = trend.iter().map(|t| t.rate.denominator).collect();
    assert_eq!(dens, [9, 3, 0, 0]);
    assert_eq!(trend[2].rate.rate, None);
    let json = serde_json::to_value(&trend[0]).unwrap();
    assert_eq!(json["period"], "2026-Q1");
    assert_eq!(json["rate"]["rate"], 5.0 / 9.0);
    assert_eq!(json["rate"]["met_target"], false);
}

#[test]
fn half_year_and_year_count_each_completion_once() {
    let items = scenarios();
    let h1 = on_time_rate(&items, &Period::half(2026, 1).unwrap(), ON_TIME_TARGET);
    // Completed in H1: A E F I K on time, B H J late. Open and overdue at 30/6: C and D.
    // J counts once (late), although Q1 counted it as overdue-open.
    assert_eq!((h1.on_time, h1.late, h1.overdue_open), (5, 3, 2));
    let year = on_time_rate(&items, &Period::year(2026).unwrap(), ON_TIME_TARGET);
    assert_eq!((year.on_time, year.late, year.overdue_open), (5, 3, 2));
}

#[test]
fn stale_status_counts_working_days_since_the_last_update() {
    let cal =
        WorkCalendar::new(HolidayCalendar::for_year(2026, &HolidayOverrides::none()).unwrap());
    let items = scenarios();
    // As of Tuesday 31/3/2026, open items: C (updated Wed 25/3: 4 working days), D (30/3: 1),
    // H (completed later; updated 31/3: 0), J (completed later; updated Thu 26/3: 3).
    let f = status_freshness(&items, d(2026, 3, 31), 3, ON_TIME_TARGET, &cal).unwrap();
    assert_eq!((f.numerator, f.denominator), (2, 4));
    assert_eq!(f.stale_ids, vec!["C".to_string(), "J".to_string()]);
    assert_eq!(f.rate, Some(0.5));
    assert!(!f.met_target);
    let f = status_freshness(&items, d(2026, 3, 31), 5, ON_TIME_TARGET, &cal).unwrap();
    assert!(f.stale_ids.is_empty() && f.met_target);
    let err = status_freshness(&items, d(2027, 1, 4), 3, ON_TIME_TARGET, &cal).unwrap_err();
    assert_eq!(err.code(), "date_out_of_range");
}

#[test]
fn a_running_period_is_judged_as_of_today() {
    use vanthu_core::kpi::report_as_of;
    let items = scenarios();
    let q1 = Period::quarter(2026, 1).unwrap();
    // On 2/3 only A (on time) and B (late) are completed; C is due today, so not overdue yet.
    let early = report_as_of(&items, &q1, d(2026, 3, 2), ON_TIME_TARGET).overall;
    assert_eq!((early.on_time, early.late, early.overdue_open), (1, 1, 0));
    // On 3/3 C's deadline (2/3) has passed.
    let next = report_as_of(&items, &q1, d(2026, 3, 3), ON_TIME_TARGET).overall;
    assert_eq!(next.overdue_open, 1);
    // After the quarter, as_of gives the finished report.
    let done = report_as_of(&items, &q1, d(2026, 5, 1), ON_TIME_TARGET);
    assert_eq!(done, report(&items, &q1, ON_TIME_TARGET));
}
