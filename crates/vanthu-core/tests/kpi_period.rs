//! Reporting periods: codes, Vietnamese labels, bounds.

use chrono::NaiveDate;
use vanthu_core::kpi::{Period, PeriodKind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn parses_codes_with_bounds_and_labels() {
    let cases = [
        ("2026-Q3", d(2026, 7, 1), d(2026, 9, 30), "Quý III năm 2026"),
        ("2026-q1", d(2026, 1, 1), d(2026, 3, 31), "Quý I năm 2026"),
        ("2026-06", d(2026, 6, 1), d(2026, 6, 30), "Tháng 6 năm 2026"),
        ("2028-02", d(2028, 2, 1), d(2028, 2, 29), "Tháng 2 năm 2028"),
        (
            "2026-H1",
            d(2026, 1, 1),
            d(2026, 6, 30),
            "6 tháng đầu năm 2026",
        ),
        (
            "2026-H2",
            d(2026, 7, 1),
            d(2026, 12, 31),
            "6 tháng cuối năm 2026",
        ),
        (" 2026 ", d(2026, 1, 1), d(2026, 12, 31), "Năm 2026"),
        (
            "2026-01-15..2026-03-31",
            d(2026, 1, 15),
            d(2026, 3, 31),
            "Từ ngày 15/01/2026 đến ngày 31/03/2026",
        ),
        (
            "2026-Q2..2026-Q3",
            d(2026, 4, 1),
            d(2026, 9, 30),
            "Từ ngày 01/04/2026 đến ngày 30/09/2026",
        ),
    ];
    for (code, from, to, label) in cases {
        let p = Period::parse(code).unwrap();
        assert_eq!((p.from(), p.to()), (from, to), "{code}");
        assert_eq!(p.label_vi(), label);
        assert_eq!(p.to_string(), label);
        assert_eq!(Period::parse(&p.code()).unwrap(), p, "code round-trips");
    }
    assert_eq!(
        Period::parse("2026-Q3").unwrap().kind(),
        PeriodKind::Quarter(2026, 3)
    );
    assert_eq!(Period::parse("2026-Q3").unwrap().code(), "2026-Q3");
    assert_eq!(Period::parse("2026-6").unwrap().code(), "2026-06");
}

#[test]
fn refuses_malformed_periods() {
    for bad in [
        "",
        "2026-Q5",
        "2026-Q0",
        "2026-H3",
        "2026-13",
        "2026-00",
        "26",
        "+026",
        "2026-Q",
        "2026-03-31..2026-01-01",
        "Quý III",
        "2026..",
        "2026-02-30..2026-03-01",
    ] {
        let err = Period::parse(bad).unwrap_err();
        assert_eq!(err.code(), "invalid_period", "{bad:?}");
    }
    assert!(Period::custom(d(2026, 2, 1), d(2026, 1, 1)).is_err());
    assert!(Period::custom(d(2026, 1, 1), d(2026, 1, 1)).is_ok());
}

#[test]
fn contains_both_ends_and_serialises_as_code() {
    let q = Period::quarter(2026, 3).unwrap();
    assert!(q.contains(d(2026, 7, 1)) && q.contains(d(2026, 9, 30)));
    assert!(!q.contains(d(2026, 6, 30)) && !q.contains(d(2026, 10, 1)));
    assert_eq!(serde_json::to_string(&q).unwrap(), "\"2026-Q3\"");
    let back: Period = serde_json::from_str("\"2026-Q3\"").unwrap();
    assert_eq!(back, q);
    assert!(serde_json::from_str::<Period>("\"2026-Q9\"").is_err());
    let quarters = Period::quarters(2026).unwrap();
    assert_eq!(quarters[3].to(), d(2026, 12, 31));
}
