//! Public holidays: computed defaults, compensation chains and official yearly decisions.
//!
//! Expected dates are worked out by hand from the Labour Code 2019 (Art. 111–112), the lunar
//! dates published for each year, and, for 2022, 2023 and 2025, the official holiday notices.

use std::ops::RangeInclusive;

use chrono::NaiveDate;
use vanthu_core::calendar::{
    DayOffKind, HolidayCalendar, HolidayOverrides, NationalDayExtra, OverrideEntry, WorkCalendar,
    YearOverrides,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn days_off(cal: &HolidayCalendar, year: i32) -> Vec<NaiveDate> {
    cal.days_off_in(year).map(|x| x.date).collect()
}

fn defaults(year: i32) -> HolidayCalendar {
    HolidayCalendar::for_year(year, &HolidayOverrides::none()).unwrap()
}

#[test]
fn default_2025() {
    let cal = defaults(2025);
    // Tết 29/1 (Wed); 28/1 is 29 tháng Chạp; 1/2 is a Saturday → nghỉ bù Monday 3/2.
    let expected = vec![
        d(2025, 1, 1),
        d(2025, 1, 28),
        d(2025, 1, 29),
        d(2025, 1, 30),
        d(2025, 1, 31),
        d(2025, 2, 1),
        d(2025, 2, 3),
        d(2025, 4, 7),
        d(2025, 4, 30),
        d(2025, 5, 1),
        d(2025, 9, 1),
        d(2025, 9, 2),
    ];
    assert_eq!(days_off(&cal, 2025), expected);
    let name = |date| cal.day_off(date).unwrap().name.clone();
    assert_eq!(name(d(2025, 1, 1)), "Tết Dương lịch");
    assert_eq!(name(d(2025, 1, 28)), "Tết Nguyên đán (29 tháng Chạp)");
    assert_eq!(name(d(2025, 1, 29)), "Tết Nguyên đán (mùng 1)");
    assert_eq!(name(d(2025, 2, 3)), "Nghỉ bù Tết Nguyên đán (mùng 4)");
    assert_eq!(
        cal.day_off(d(2025, 2, 3)).unwrap().kind,
        DayOffKind::Compensatory
    );
    assert_eq!(name(d(2025, 4, 7)), "Giỗ Tổ Hùng Vương (10/3 âm lịch)");
    assert_eq!(name(d(2025, 4, 30)), "Ngày Chiến thắng (30/4)");
    assert_eq!(name(d(2025, 5, 1)), "Ngày Quốc tế Lao động (1/5)");
    assert_eq!(name(d(2025, 9, 1)), "Quốc khánh (nghỉ liền kề 1/9)");
    assert_eq!(name(d(2025, 9, 2)), "Quốc khánh (2/9)");
}

/// The 2025 decisions (Công văn 8726/VPCP-KGVX and the Ministry's notices) as a province would
/// push them.
fn official_2025() -> HolidayOverrides {
    let mut year = YearOverrides::new(2025);
    year.source = Some("Công văn 8726/VPCP-KGVX ngày 26/11/2024; thông báo nghỉ lễ 2025".into());
    year.tet_days = Some(
        (28..=31)
            .map(|day| d(2025, 1, day))
            .chain([d(2025, 2, 1)])
            .collect(),
    );
    year.national_day_extra = Some(NationalDayExtra::DayBefore);
    year.entries = vec![
        OverrideEntry::DayOff {
            date: d(2025, 1, 27),
            name: "Nghỉ hoán đổi (làm bù thứ Bảy 08/02/2025)".into(),
        },
        OverrideEntry::WorkingDay {
            date: d(2025, 2, 8),
            name: "Làm bù cho thứ Hai 27/01/2025".into(),
        },
        OverrideEntry::DayOff {
            date: d(2025, 5, 2),
            name: "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)".into(),
        },
        OverrideEntry::WorkingDay {
            date: d(2025, 4, 26),
            name: "Làm bù cho thứ Sáu 02/5/2025".into(),
        },
    ];
    HolidayOverrides { years: vec![year] }
}

#[test]
fn official_2025_decisions_are_honoured() {
    let cal = WorkCalendar::new(HolidayCalendar::for_year(2025, &official_2025()).unwrap());
    // Tết: off from Saturday 25/1 to Sunday 2/2; back to work Monday 3/2; Saturday 8/2 worked.
    for day in 25..=31 {
        assert!(!cal.is_working_day(d(2025, 1, day)).unwrap(), "{day}/1");
    }
    assert!(!cal.is_working_day(d(2025, 2, 1)).unwrap());
    assert!(!cal.is_working_day(d(2025, 2, 2)).unwrap());
    assert!(
        cal.is_working_day(d(2025, 2, 3)).unwrap(),
        "official list replaces nghỉ bù 3/2"
    );
    assert!(cal.is_working_day(d(2025, 2, 8)).unwrap());
    // 30/4–1/5 with the swap: Friday 2/5 off, Saturday 26/4 worked.
    assert!(!cal.is_working_day(d(2025, 5, 2)).unwrap());
    assert!(cal.is_working_day(d(2025, 4, 26)).unwrap());
    assert!(!cal.is_working_day(d(2025, 4, 30)).unwrap());
    for day in 1..=4 {
        assert!(!cal.is_working_day(d(2025, 5, day)).unwrap(), "{day}/5");
    }
    assert!(cal.is_working_day(d(2025, 5, 5)).unwrap());
    // 2/9 with 1/9: Saturday 30/8 to Tuesday 2/9.
    assert!(!cal.is_working_day(d(2025, 9, 1)).unwrap());
    assert!(!cal.is_working_day(d(2025, 9, 2)).unwrap());
    assert!(cal.is_working_day(d(2025, 9, 3)).unwrap());
    let off = serde_json::to_value(cal.day_kind(d(2025, 4, 30)).unwrap()).unwrap();
    assert_eq!(off["kind"], "day_off");
    assert_eq!(off["day"]["kind"], "public_holiday");
    assert_eq!(off["day"]["name"], "Ngày Chiến thắng (30/4)");
    let kind = cal.day_kind(d(2025, 4, 26)).unwrap();
    assert_eq!(
        serde_json::to_value(&kind).unwrap()["kind"],
        "swapped_working"
    );
    assert_eq!(
        cal.holidays().day_off(d(2025, 5, 2)).unwrap().kind,
        DayOffKind::Declared
    );
}

#[test]
fn default_2026() {
    // Tết 17/2 (Tue): 16/2 is 29 tháng Chạp, block Monday–Friday. Giỗ Tổ 26/4 is a Sunday → 27/4.
    let expected = vec![
        d(2026, 1, 1),
        d(2026, 2, 16),
        d(2026, 2, 17),
        d(2026, 2, 18),
        d(2026, 2, 19),
        d(2026, 2, 20),
        d(2026, 4, 26),
        d(2026, 4, 27),
        d(2026, 4, 30),
        d(2026, 5, 1),
        d(2026, 9, 1),
        d(2026, 9, 2),
    ];
    let cal = defaults(2026);
    assert_eq!(days_off(&cal, 2026), expected);
    assert_eq!(
        cal.day_off(d(2026, 4, 27)).unwrap().name,
        "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)"
    );
}

#[test]
fn default_2027_compensation_comes_after_the_tet_block() {
    // Tết 6/2 is a Saturday: block Fri 5/2 – Tue 9/2; Sat 6 and Sun 7 → Wed 10 and Thu 11.
    // Giỗ Tổ 16/4 (Fri). 1/5 is a Saturday → Monday 3/5. 1/9 Wed, 2/9 Thu.
    let expected = vec![
        d(2027, 1, 1),
        d(2027, 2, 5),
        d(2027, 2, 6),
        d(2027, 2, 7),
        d(2027, 2, 8),
        d(2027, 2, 9),
        d(2027, 2, 10),
        d(2027, 2, 11),
        d(2027, 4, 16),
        d(2027, 4, 30),
        d(2027, 5, 1),
        d(2027, 5, 3),
        d(2027, 9, 1),
        d(2027, 9, 2),
    ];
    let cal = defaults(2027);
    assert_eq!(days_off(&cal, 2027), expected);
    assert_eq!(
        cal.day_off(d(2027, 2, 10)).unwrap().name,
        "Nghỉ bù Tết Nguyên đán (mùng 1)"
    );
    assert_eq!(
        cal.day_off(d(2027, 2, 11)).unwrap().name,
        "Nghỉ bù Tết Nguyên đán (mùng 2)"
    );
}

#[test]
fn chains_match_the_official_2022_and_2023_holidays() {
    // 2022: 30/4 Sat, 1/5 Sun → off until Tue 3/5. Giỗ Tổ 10/4 Sun → Mon 11/4.
    let cal = defaults(2022);
    for date in [d(2022, 5, 2), d(2022, 5, 3), d(2022, 4, 11)] {
        assert_eq!(
            cal.day_off(date).unwrap().kind,
            DayOffKind::Compensatory,
            "{date}"
        );
    }
    assert!(cal.day_off(d(2022, 5, 4)).is_none());
    // 2023: Giỗ Tổ 29/4 Sat, 30/4 Sun, 1/5 Mon → off 29/4–3/5. 2/9 Sat with 1/9 Fri → Mon 4/9.
    let cal = defaults(2023);
    assert_eq!(
        cal.day_off(d(2023, 5, 2)).unwrap().name,
        "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)"
    );
    assert_eq!(
        cal.day_off(d(2023, 5, 3)).unwrap().name,
        "Nghỉ bù Ngày Chiến thắng (30/4)"
    );
    assert_eq!(
        cal.day_off(d(2023, 9, 4)).unwrap().name,
        "Nghỉ bù Quốc khánh (2/9)"
    );
    assert!(cal.day_off(d(2023, 5, 4)).is_none());
}

#[test]
fn national_day_extra_and_removals_are_overridable() {
    let mut year = YearOverrides::new(2026);
    year.national_day_extra = Some(NationalDayExtra::DayAfter);
    year.entries = vec![OverrideEntry::Removed {
        date: d(2026, 4, 27),
    }];
    let cal = HolidayCalendar::for_year(2026, &HolidayOverrides { years: vec![year] }).unwrap();
    assert!(cal.day_off(d(2026, 9, 1)).is_none());
    assert_eq!(
        cal.day_off(d(2026, 9, 3)).unwrap().name,
        "Quốc khánh (nghỉ liền kề 3/9)"
    );
    assert!(
        cal.day_off(d(2026, 4, 27)).is_none(),
        "removed compensatory day"
    );
    assert!(cal.day_off(d(2026, 4, 26)).is_some());
}

#[test]
fn removing_a_weekend_holiday_also_drops_its_compensation() {
    // 2027: 1/5 is a Saturday. If the notice does not give it, no nghỉ bù on 3/5 either.
    let mut year = YearOverrides::new(2027);
    year.entries = vec![OverrideEntry::Removed {
        date: d(2027, 5, 1),
    }];
    let cal = HolidayCalendar::for_year(2027, &HolidayOverrides { years: vec![year] }).unwrap();
    assert!(cal.day_off(d(2027, 5, 1)).is_none());
    assert!(cal.day_off(d(2027, 5, 3)).is_none());
}

#[test]
fn overrides_round_trip_through_json() {
    let overrides = official_2025();
    let json = serde_json::to_string_pretty(&overrides).unwrap();
    assert!(json.contains("\"kind\": \"working_day\""));
    assert!(json.contains("\"national_day_extra\": \"day_before\""));
    let back: HolidayOverrides = serde_json::from_str(&json).unwrap();
    assert_eq!(back, overrides);
    // A province file may omit everything but the year and its entries.
    let minimal: HolidayOverrides = serde_json::from_str(
        r#"{"years":[{"year":2026,"entries":[{"kind":"day_off","date":"2026-01-02","name":"Nghỉ hoán đổi"}]}]}"#,
    )
    .unwrap();
    let cal = HolidayCalendar::for_year(2026, &minimal).unwrap();
    assert_eq!(cal.day_off(d(2026, 1, 2)).unwrap().name, "Nghỉ hoán đổi");
}

#[test]
fn inconsistent_overrides_are_refused() {
    let twice = HolidayOverrides {
        years: vec![YearOverrides::new(2026), YearOverrides::new(2026)],
    };
    let both = {
        let mut y = YearOverrides::new(2026);
        y.entries = vec![
            OverrideEntry::DayOff {
                date: d(2026, 1, 10),
                name: "x".into(),
            },
            OverrideEntry::WorkingDay {
                date: d(2026, 1, 10),
                name: "y".into(),
            },
        ];
        HolidayOverrides { years: vec![y] }
    };
    let empty_tet = {
        let mut y = YearOverrides::new(2026);
        y.tet_days = Some(vec![]);
        HolidayOverrides { years: vec![y] }
    };
    for bad in [twice, both, empty_tet] {
        let err = HolidayCalendar::for_year(2026, &bad).unwrap_err();
        assert_eq!(err.code(), "invalid_field");
    }
    assert_eq!(
        HolidayCalendar::new(RangeInclusive::new(2027, 2026), &HolidayOverrides::none())
            .unwrap_err()
            .code(),
        "date_out_of_range"
    );
    assert_eq!(
        HolidayCalendar::for_year(2200, &HolidayOverrides::none())
            .unwrap_err()
            .code(),
        "date_out_of_range"
    );
}

#[test]
fn every_supported_year_has_eleven_holidays() {
    let cal = HolidayCalendar::new(1900..=2199, &HolidayOverrides::none()).unwrap();
    for year in 1900..=2199 {
        let holidays = cal
            .days_off_in(year)
            .filter(|x| x.kind == DayOffKind::PublicHoliday)
            .count();
        // 1947: Giỗ Tổ falls on 30/4, so two holidays share one date (and one extra nghỉ bù).
        let expected = if year == 1947 { 10 } else { 11 };
        assert_eq!(holidays, expected, "{year}");
    }
    assert!(cal.day_off(d(1947, 4, 30)).unwrap().name.contains("Giỗ Tổ"));
    assert!(
        cal.day_off(d(1947, 5, 2))
            .unwrap()
            .name
            .starts_with("Nghỉ bù")
    );
}
