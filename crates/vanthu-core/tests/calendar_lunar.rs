//! The lunar calendar against dates published in Vietnam.
//!
//! The Tết table below is written from published Vietnamese lunar calendars (lịch vạn niên, the
//! calendar tables of Hồ Ngọc Đức's "Âm lịch Việt Nam" pages, and the Tết dates announced for
//! each year's holiday notices), not from this code's output. Where the Chinese calendar (UTC+8)
//! differs, the Chinese date is noted: those rows are the reason the calendar is computed at UTC+7.

use chrono::{Datelike, Days, NaiveDate};
use vanthu_core::CoreError;
use vanthu_core::calendar::lunar::{
    LunarDate, can_chi_year, leap_month, lunar_to_solar, solar_to_lunar, tet,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// (year, month, day) of lunar 1/1 in Vietnam.
const TET: &[(i32, u32, u32)] = &[
    (1968, 1, 29), // Mậu Thân; China 30 Jan
    (1985, 1, 21), // Ất Sửu; China 20 Feb (Vietnam's leap month differs)
    (1990, 1, 27),
    (1991, 2, 15),
    (1992, 2, 4),
    (1993, 1, 23),
    (1994, 2, 10),
    (1995, 1, 31),
    (1996, 2, 19),
    (1997, 2, 7),
    (1998, 1, 28),
    (1999, 2, 16),
    (2000, 2, 5),
    (2001, 1, 24),
    (2002, 2, 12),
    (2003, 2, 1),
    (2004, 1, 22),
    (2005, 2, 9),
    (2006, 1, 29),
    (2007, 2, 17), // Đinh Hợi; China 18 Feb
    (2008, 2, 7),
    (2009, 1, 26),
    (2010, 2, 14),
    (2011, 2, 3),
    (2012, 1, 23),
    (2013, 2, 10),
    (2014, 1, 31),
    (2015, 2, 19),
    (2016, 2, 8),
    (2017, 1, 28),
    (2018, 2, 16),
    (2019, 2, 5),
    (2020, 1, 25),
    (2021, 2, 12),
    (2022, 2, 1),
    (2023, 1, 22),
    (2024, 2, 10),
    (2025, 1, 29),
    (2026, 2, 17),
    (2027, 2, 6),
    (2028, 1, 26),
    (2029, 2, 13),
    (2030, 2, 2), // Canh Tuất; the new moon is at 23:07 UTC+7, so China (UTC+8) has 3 Feb
    (2031, 1, 23),
    (2032, 2, 11),
    (2033, 1, 31),
    (2034, 2, 19),
    (2035, 2, 8),
];

#[test]
fn tet_matches_published_vietnamese_calendars() {
    for &(y, m, day) in TET {
        assert_eq!(tet(y).unwrap(), d(y, m, day), "Tết {y}");
        assert_eq!(
            solar_to_lunar(d(y, m, day)).unwrap(),
            LunarDate::new(1, 1, y, false)
        );
    }
    let years: Vec<i32> = TET.iter().map(|t| t.0).filter(|y| *y >= 1990).collect();
    assert_eq!(
        years,
        (1990..=2035).collect::<Vec<_>>(),
        "table covers every year 1990–2035"
    );
}

#[test]
fn gio_to_hung_vuong_dates() {
    for (y, m, day) in [(2023, 4, 29), (2024, 4, 18), (2025, 4, 7), (2026, 4, 26)] {
        assert_eq!(
            lunar_to_solar(LunarDate::new(10, 3, y, false)).unwrap(),
            d(y, m, day)
        );
        assert_eq!(
            solar_to_lunar(d(y, m, day)).unwrap(),
            LunarDate::new(10, 3, y, false)
        );
    }
}

#[test]
fn leap_months_match_published_calendars() {
    let known = [
        (1985, Some(2)),
        (2020, Some(4)),
        (2021, None),
        (2023, Some(2)),
        (2024, None),
        (2025, Some(6)),
        (2028, Some(5)),
        (2033, Some(11)),
    ];
    for (y, leap) in known {
        assert_eq!(leap_month(y).unwrap(), leap, "leap month of {y}");
    }
    // 2025 has two sixth months: the leap one starts on 25 July 2025.
    let leap_six = LunarDate::new(1, 6, 2025, true);
    assert_eq!(lunar_to_solar(leap_six).unwrap(), d(2025, 7, 25));
    assert_eq!(solar_to_lunar(d(2025, 7, 25)).unwrap(), leap_six);
}

#[test]
fn every_day_round_trips_and_months_are_29_or_30_days() {
    let mut date = d(1900, 1, 1);
    let mut prev = solar_to_lunar(date).unwrap();
    let mut month_len = prev.day;
    while date < d(2199, 12, 31) {
        date = date + Days::new(1);
        let lunar = solar_to_lunar(date).unwrap();
        if lunar.year >= 1900 {
            assert_eq!(lunar_to_solar(lunar).unwrap(), date, "{lunar}");
        }
        if lunar.day == 1 {
            assert!(
                prev.day == 29 || prev.day == 30,
                "month before {date} had {month_len}"
            );
            let next_month = (prev.month % 12 + 1, lunar.leap);
            let same_month_leap = (prev.month, true);
            assert!(
                (lunar.month, lunar.leap) == next_month
                    || (lunar.month, lunar.leap) == same_month_leap,
                "{prev} then {lunar}"
            );
            month_len = 0;
        } else {
            assert_eq!(lunar.day, prev.day + 1);
            assert_eq!(
                (lunar.month, lunar.leap, lunar.year),
                (prev.month, prev.leap, prev.year)
            );
        }
        month_len += 1;
        prev = lunar;
    }
}

#[test]
fn tet_falls_between_21_january_and_20_february() {
    for y in 1900..=2199 {
        let t = tet(y).unwrap();
        assert_eq!(t.year(), y);
        assert!(t >= d(y, 1, 21) && t <= d(y, 2, 20), "Tết {y} on {t}");
    }
}

#[test]
fn refuses_dates_that_do_not_exist() {
    // 2025 had no 30 tháng Chạp: 12th month of Giáp Thìn (2024) has 29 days.
    assert!(matches!(
        lunar_to_solar(LunarDate::new(30, 12, 2024, false)),
        Err(CoreError::InvalidField { .. })
    ));
    assert_eq!(
        lunar_to_solar(LunarDate::new(29, 12, 2024, false)).unwrap(),
        d(2025, 1, 28)
    );
    // 2024 has no leap month at all; 2025's leap month is 6, not 5.
    assert!(lunar_to_solar(LunarDate::new(1, 5, 2024, true)).is_err());
    assert!(lunar_to_solar(LunarDate::new(1, 5, 2025, true)).is_err());
    assert!(lunar_to_solar(LunarDate::new(1, 13, 2025, false)).is_err());
    assert!(lunar_to_solar(LunarDate::new(0, 1, 2025, false)).is_err());
}

#[test]
fn refuses_years_outside_the_supported_range() {
    for err in [
        tet(1899).unwrap_err(),
        tet(2200).unwrap_err(),
        solar_to_lunar(d(1899, 12, 31)).unwrap_err(),
        solar_to_lunar(d(2200, 1, 1)).unwrap_err(),
    ] {
        assert_eq!(err.code(), "date_out_of_range");
    }
    assert!(tet(1900).is_ok() && tet(2199).is_ok());
}

#[test]
fn names_and_display() {
    assert_eq!(can_chi_year(2025), "Ất Tỵ");
    assert_eq!(can_chi_year(2026), "Bính Ngọ");
    assert_eq!(can_chi_year(1968), "Mậu Thân");
    assert_eq!(
        LunarDate::new(10, 3, 2025, false).to_string(),
        "10/3/2025 (âm lịch)"
    );
    assert_eq!(
        LunarDate::new(1, 6, 2025, true).to_string(),
        "1/6 nhuận/2025 (âm lịch)"
    );
    assert_eq!(LunarDate::new(1, 1, 2024, false).year_name(), "Giáp Thìn");
}

#[test]
fn day_before_a_late_true_new_moon_is_the_last_day_of_the_month() {
    // The mean lunation puts a new moon on 7 May 2054 but the true one is on 8 May; a naive port
    // reports "day 0 of month 4" here.
    assert_eq!(
        solar_to_lunar(d(2054, 5, 7)).unwrap(),
        LunarDate::new(30, 3, 2054, false)
    );
    assert_eq!(
        solar_to_lunar(d(2054, 5, 8)).unwrap(),
        LunarDate::new(1, 4, 2054, false)
    );
}
