//! The Vietnamese lunar calendar (âm lịch), computed for UTC+7.
//!
//! Written by hand on purpose. Lunar-calendar crates compute the Chinese calendar, whose new moons
//! and solar terms are reckoned at UTC+8, or do not say which meridian they use; none that is well
//! kept provably uses UTC+7. Vietnam has reckoned its calendar at UTC+7 since 1968, and the
//! one-hour shift moves a new moon across midnight often enough to change Tết: in 1985 Vietnam
//! celebrated Tết on 21 January and China on 20 February; in 2007 on 17 versus 18 February; in 2030
//! it will be 2 versus 3 February. Dates before 1968 are computed at UTC+7 too, so they may differ
//! from the calendars printed in Vietnam at the time (which followed UTC+8).
//!
//! The method is Hồ Ngọc Đức's published algorithm: new moons and the sun's longitude from the
//! series in Jean Meeus, *Astronomical Algorithms*, month 11 is the month containing the winter
//! solstice, and in a year of 13 months the first month after month 11 with no principal solar term
//! (trung khí) is the leap month. Days are civil days at UTC+7. Its author states it agrees with the
//! calendars published in Vietnam; `tests/calendar_lunar.rs` checks it against a table of Tết dates.

use std::f64::consts::PI;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::CoreError;

/// Vietnam's civil time zone, in hours east of UTC, at which new moons and solar terms are dated.
pub const TIME_ZONE_HOURS: f64 = 7.0;
/// First year (solar or lunar) the calendar answers for.
pub const FIRST_YEAR: i32 = 1900;
/// Last year (solar or lunar) the calendar answers for; the series lose accuracy beyond it.
pub const LAST_YEAR: i32 = 2199;

/// Julian Day Number of chrono's day 0 (31 December of 1 BC, proleptic Gregorian).
const JDN_OF_CE_DAY_ZERO: i64 = 1_721_425;
/// Mean synodic month in days, as used by the algorithm's month indexing.
const SYNODIC_MONTH: f64 = 29.530_588_853;
/// Julian day of the new moon with index k = 0 (January 1900) in the indexing formulas.
const NEW_MOON_EPOCH: f64 = 2_415_021.076_998_695;

/// A date in the Vietnamese lunar calendar.
///
/// `year` is the solar year in which the lunar year begins (its Tết); `leap` marks the repeated
/// month (tháng nhuận) of a 13-month year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LunarDate {
    pub year: i32,
    pub month: u32,
    pub leap: bool,
    pub day: u32,
}

impl LunarDate {
    /// A lunar date; not validated here (see [`lunar_to_solar`], which refuses dates that do not exist).
    pub fn new(day: u32, month: u32, year: i32, leap: bool) -> Self {
        LunarDate {
            year,
            month,
            leap,
            day,
        }
    }

    /// The sexagenary (can chi) name of the lunar year, e.g. "Ất Tỵ" for 2025.
    pub fn year_name(&self) -> String {
        can_chi_year(self.year)
    }
}

impl fmt::Display for LunarDate {
    /// "10/3/2025 (âm lịch)", or "15/6 nhuận/2025 (âm lịch)" in a leap month.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let leap = if self.leap { " nhuận" } else { "" };
        write!(
            f,
            "{}/{}{}/{} (âm lịch)",
            self.day, self.month, leap, self.year
        )
    }
}

/// The sexagenary (can chi) name of a lunar year, e.g. "Giáp Thìn" for 2024.
pub fn can_chi_year(year: i32) -> String {
    const STEMS: [&str; 10] = [
        "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý",
    ];
    const BRANCHES: [&str; 12] = [
        "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi",
    ];
    let stem = STEMS[(year + 6).rem_euclid(10) as usize];
    let branch = BRANCHES[(year + 8).rem_euclid(12) as usize];
    format!("{stem} {branch}")
}

/// The lunar date of a civil (solar) date.
///
/// # Errors
/// [`CoreError::DateOutOfRange`] outside the solar years [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn solar_to_lunar(date: NaiveDate) -> Result<LunarDate, CoreError> {
    check_year(date.year(), "dương lịch")?;
    Ok(lunar_of_jdn(jdn(date)))
}

/// The civil (solar) date of a lunar date.
///
/// # Errors
/// [`CoreError::DateOutOfRange`] outside the lunar years [`FIRST_YEAR`]..=[`LAST_YEAR`];
/// [`CoreError::InvalidField`] for a date that does not exist: month outside 1–12, day outside
/// 1–30, day 30 of a 29-day month, or a leap month the year does not have.
pub fn lunar_to_solar(lunar: LunarDate) -> Result<NaiveDate, CoreError> {
    check_year(lunar.year, "âm lịch")?;
    let invalid = |reason: String| CoreError::InvalidField {
        field: "ngày âm lịch",
        reason,
    };
    if !(1..=12).contains(&lunar.month) || !(1..=30).contains(&lunar.day) {
        return Err(invalid(format!("{lunar} không tồn tại")));
    }
    let month = i64::from(lunar.month);
    let (a11, b11) = if month < 11 {
        (lunar_month_11(lunar.year - 1), lunar_month_11(lunar.year))
    } else {
        (lunar_month_11(lunar.year), lunar_month_11(lunar.year + 1))
    };
    let mut off = (month - 11).rem_euclid(12);
    match span_leap_month(a11, b11) {
        Some((leap_off, leap_month)) => {
            if lunar.leap && lunar.month != leap_month {
                return Err(invalid(format!(
                    "năm âm lịch {} không có tháng {} nhuận",
                    lunar.year, lunar.month
                )));
            }
            if lunar.leap || off >= leap_off {
                off += 1;
            }
        }
        None if lunar.leap => {
            return Err(invalid(format!(
                "năm âm lịch {} không có tháng {} nhuận",
                lunar.year, lunar.month
            )));
        }
        None => {}
    }
    let k = (0.5 + (a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64;
    let month_start = new_moon_day(k + off);
    let date = from_jdn(month_start + i64::from(lunar.day) - 1)?;
    // Day 30 of a 29-day month would silently become day 1 of the next month: refuse it instead.
    if lunar_of_jdn(jdn(date)) != lunar {
        return Err(invalid(format!(
            "{lunar} không tồn tại (tháng chỉ có 29 ngày)"
        )));
    }
    Ok(date)
}

/// Tết Nguyên đán of a year: the civil date of lunar 1/1 of the lunar year beginning in `year`.
///
/// # Errors
/// [`CoreError::DateOutOfRange`] outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn tet(year: i32) -> Result<NaiveDate, CoreError> {
    lunar_to_solar(LunarDate::new(1, 1, year, false))
}

/// The leap month (tháng nhuận) of a lunar year, if it has 13 months.
///
/// # Errors
/// [`CoreError::DateOutOfRange`] outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn leap_month(year: i32) -> Result<Option<u32>, CoreError> {
    check_year(year, "âm lịch")?;
    // Months 1–10 of `year` lie in the span from month 11 of the year before; months 11–12 in the
    // span that starts at this year's month 11.
    let early = span_leap_month(lunar_month_11(year - 1), lunar_month_11(year))
        .filter(|&(offset, _)| offset >= 3);
    let late = span_leap_month(lunar_month_11(year), lunar_month_11(year + 1))
        .filter(|&(offset, _)| offset <= 2);
    Ok(early.or(late).map(|(_, month)| month))
}

fn check_year(year: i32, kind: &str) -> Result<(), CoreError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(CoreError::DateOutOfRange(format!(
            "năm {kind} {year} (lịch âm chỉ tính cho các năm {FIRST_YEAR}–{LAST_YEAR})"
        )))
    }
}

fn jdn(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) + JDN_OF_CE_DAY_ZERO
}

fn from_jdn(jdn: i64) -> Result<NaiveDate, CoreError> {
    i32::try_from(jdn - JDN_OF_CE_DAY_ZERO)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or_else(|| CoreError::DateOutOfRange(format!("ngày Julius {jdn}")))
}

/// The lunar date of a Julian Day Number; valid for the supported years and a little beyond.
fn lunar_of_jdn(day_number: i64) -> LunarDate {
    let yy = from_jdn(day_number).map_or(FIRST_YEAR, |d| d.year());
    let k = ((day_number as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64;
    // k comes from the mean lunation; the true new moon can be later than the mean one by more
    // than the day's offset, so step back until the month really starts on or before the day.
    // (The published JavaScript stops after one step and yields "day 0", e.g. on 7/5/2054.)
    let mut k = k + 1;
    let mut month_start = new_moon_day(k);
    while month_start > day_number {
        k -= 1;
        month_start = new_moon_day(k);
    }
    let mut a11 = lunar_month_11(yy);
    let mut b11 = a11;
    let mut lunar_year;
    if a11 >= month_start {
        lunar_year = yy;
        a11 = lunar_month_11(yy - 1);
    } else {
        lunar_year = yy + 1;
        b11 = lunar_month_11(yy + 1);
    }
    let day = (day_number - month_start + 1) as u32;
    let diff = (month_start - a11).div_euclid(29);
    let mut leap = false;
    let mut month = diff + 11;
    if let Some((leap_diff, _)) = span_leap_month(a11, b11)
        && diff >= leap_diff
    {
        month = diff + 10;
        leap = diff == leap_diff;
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    LunarDate::new(day, month as u32, lunar_year, leap)
}

/// Julian day (UT, fractional) of the k-th new moon after the one of 1900-01-01 (Meeus ch. 49,
/// truncated series as in Hồ Ngọc Đức's algorithm).
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// Julian Day Number of the civil day (UTC+7) holding the k-th new moon.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k) + 0.5 + TIME_ZONE_HOURS / 24.0).floor() as i64
}

/// Which 30° sector (0–11, 0 = from the vernal equinox) the sun is in at the start of the civil day
/// `day_number` at UTC+7.
fn sun_sector(day_number: i64) -> i64 {
    let jd = day_number as f64 - 0.5 - TIME_ZONE_HOURS / 24.0;
    let t = (jd - 2_451_545.0) / 36_525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let mut l = (l0 + dl) * dr;
    l -= PI * 2.0 * (l / (PI * 2.0)).floor();
    (l / PI * 6.0).floor() as i64
}

/// Julian Day Number of the first day of lunar month 11 (the month holding the winter solstice)
/// that begins in solar year `year`, or at the end of the year before.
fn lunar_month_11(year: i32) -> i64 {
    let last_day = NaiveDate::from_ymd_opt(year, 12, 31).map_or(0, jdn);
    let off = last_day - 2_415_021;
    let k = (off as f64 / SYNODIC_MONTH).floor() as i64;
    let nm = new_moon_day(k);
    // A new moon after the sun has passed 270° (sector 9) starts month 12, not 11.
    if sun_sector(nm) >= 9 {
        new_moon_day(k - 1)
    } else {
        nm
    }
}

/// The leap month of the span from month 11 (`a11`) to the next month 11 (`b11`), if that span has
/// 13 months: its offset after month 11 (1–12) and its number (offset 1 → 11, 2 → 12, 3 → 1, …).
fn span_leap_month(a11: i64, b11: i64) -> Option<(i64, u32)> {
    if b11 - a11 <= 365 {
        return None;
    }
    let offset = leap_month_offset(a11);
    let month = (offset + 9).rem_euclid(12) + 1;
    Some((offset, month as u32))
}

/// Position (counted in months after month 11) of the leap month in the 13-month span starting at
/// `a11`: the first month whose start lies in the same solar sector as the next month's start,
/// i.e. that holds no principal term.
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}
