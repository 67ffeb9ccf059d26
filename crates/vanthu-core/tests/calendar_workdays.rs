//! Working-day arithmetic: hand-checked cases and properties over a century of holidays.

use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use vanthu_core::calendar::{
    HolidayCalendar, HolidayOverrides, OverrideEntry, WorkCalendar, YearOverrides,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// 2025 with its 30/4 swap (Friday 2/5 off, Saturday 26/4 worked).
fn overrides() -> HolidayOverrides {
    let mut y = YearOverrides::new(2025);
    y.entries = vec![
        OverrideEntry::DayOff {
            date: d(2025, 5, 2),
            name: "Nghỉ hoán đổi".into(),
        },
        OverrideEntry::WorkingDay {
            date: d(2025, 4, 26),
            name: "Làm bù".into(),
        },
    ];
    HolidayOverrides { years: vec![y] }
}

fn calendar() -> &'static WorkCalendar {
    static CAL: OnceLock<WorkCalendar> = OnceLock::new();
    CAL.get_or_init(|| WorkCalendar::new(HolidayCalendar::new(2000..=2100, &overrides()).unwrap()))
}

#[test]
fn counting_starts_the_day_after_receipt() {
    let cal = calendar();
    // No holiday in early March 2026: Friday and Saturday receipts are both due Wednesday.
    assert_eq!(
        cal.add_working_days(d(2026, 3, 6), 3).unwrap(),
        d(2026, 3, 11)
    );
    assert_eq!(
        cal.add_working_days(d(2026, 3, 7), 3).unwrap(),
        d(2026, 3, 11)
    );
    assert_eq!(
        cal.add_working_days(d(2026, 3, 9), 1).unwrap(),
        d(2026, 3, 10)
    );
    // n = 0: the same day, or the next working day when received on a day off.
    assert_eq!(
        cal.add_working_days(d(2026, 3, 9), 0).unwrap(),
        d(2026, 3, 9)
    );
    assert_eq!(
        cal.add_working_days(d(2026, 3, 8), 0).unwrap(),
        d(2026, 3, 9)
    );
    assert_eq!(
        cal.sub_working_days(d(2026, 3, 8), 0).unwrap(),
        d(2026, 3, 6)
    );
    assert_eq!(
        cal.sub_working_days(d(2026, 3, 11), 3).unwrap(),
        d(2026, 3, 6)
    );
}

#[test]
fn holidays_and_swaps_are_skipped_or_counted() {
    let cal = calendar();
    // Tết 2026 (16–20/2) plus the weekends around it: Friday 13/2 + 1 → Monday 23/2.
    assert_eq!(
        cal.next_working_day(d(2026, 2, 13)).unwrap(),
        d(2026, 2, 23)
    );
    assert_eq!(
        cal.previous_working_day(d(2026, 2, 23)).unwrap(),
        d(2026, 2, 13)
    );
    assert_eq!(
        cal.working_days_between(d(2026, 2, 13), d(2026, 2, 23))
            .unwrap(),
        1
    );
    // 2025: Saturday 26/4 is worked; 30/4, 1/5, 2/5 (swap) and the weekend are off.
    let start = d(2025, 4, 25);
    let got: Vec<NaiveDate> = (1..=4)
        .map(|n| cal.add_working_days(start, n).unwrap())
        .collect();
    assert_eq!(
        got,
        vec![
            d(2025, 4, 26),
            d(2025, 4, 28),
            d(2025, 4, 29),
            d(2025, 5, 5)
        ]
    );
    assert_eq!(cal.working_days_between(d(2025, 5, 5), start).unwrap(), -4);
    assert_eq!(cal.working_days_between(start, start).unwrap(), 0);
}

#[test]
fn leaving_the_calendar_is_an_error_not_a_guess() {
    let cal =
        WorkCalendar::new(HolidayCalendar::for_year(2026, &HolidayOverrides::none()).unwrap());
    let err = cal.add_working_days(d(2026, 12, 30), 5).unwrap_err();
    assert_eq!(err.code(), "date_out_of_range");
    assert!(cal.is_working_day(d(2027, 1, 4)).is_err());
    assert!(
        cal.working_days_between(d(2025, 12, 31), d(2026, 1, 5))
            .is_err()
    );
    assert!(
        cal.previous_working_day(d(2026, 1, 2)).is_err(),
        "1/1 is off, 2025 is unknown"
    );
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..365 * 90).prop_map(|offset| d(2005, 1, 1) + Days::new(offset))
}

proptest! {
    #[test]
    fn adding_working_days_never_lands_on_a_day_off(start in any_date(), n in 0u32..300) {
        let cal = calendar();
        let end = cal.add_working_days(start, n).unwrap();
        prop_assert!(cal.is_working_day(end).unwrap());
        prop_assert!(end >= start);
    }

    #[test]
    fn counting_back_returns_n(start in any_date(), n in 1u32..300) {
        let cal = calendar();
        let end = cal.add_working_days(start, n).unwrap();
        prop_assert_eq!(cal.working_days_between(start, end).unwrap(), i64::from(n));
        prop_assert_eq!(cal.working_days_between(end, start).unwrap(), -i64::from(n));
        let working_start = cal.add_working_days(start, 0).unwrap();
        let from_working = cal.add_working_days(working_start, n).unwrap();
        prop_assert_eq!(cal.sub_working_days(from_working, n).unwrap(), working_start);
    }

    #[test]
    fn deadlines_are_monotonic(start in any_date(), later in 0u64..30, n in 0u32..100, m in 0u32..100) {
        let cal = calendar();
        let (lo, hi) = (n.min(m), n.max(m));
        prop_assert!(cal.add_working_days(start, lo).unwrap() <= cal.add_working_days(start, hi).unwrap());
        if lo < hi && lo > 0 {
            prop_assert!(cal.add_working_days(start, lo).unwrap() < cal.add_working_days(start, hi).unwrap());
        }
        let start2 = start + Days::new(later);
        prop_assert!(cal.add_working_days(start, n).unwrap() <= cal.add_working_days(start2, n).unwrap());
    }
}
