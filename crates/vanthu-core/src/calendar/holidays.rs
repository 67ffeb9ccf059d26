//! Public holidays (Bộ luật Lao động 2019, Art. 112) and compensatory days (Art. 111(3)) for any
//! supported year, with the year's official decisions ([`HolidayOverrides`]) applied on top.
//!
//! Defaults, all overridable per year:
//! - Tết Dương lịch: 1/1.
//! - Tết Nguyên đán: 5 days, the last day of the lunar year (29 or 30 tháng Chạp) and lunar 1/1 to
//!   1/4. The law leaves the exact days to the Prime Minister each year; this block is the usual
//!   choice and the notice, once known, replaces it ([`YearOverrides::tet_days`]).
//! - Giỗ Tổ Hùng Vương: lunar 10/3 (the ordinary month 3, never a leap month 3).
//! - 30/4, 1/5, 2/9 and one adjacent day, 1/9 by default ([`NationalDayExtra`]).
//! - A holiday on Saturday or Sunday gives a compensatory day (nghỉ bù) on the next day that would
//!   otherwise be worked: not a weekend, not another holiday, not already a compensatory day. So
//!   when Tết covers a weekend the compensatory days come after the whole Tết block. Two holidays on
//!   one date (lunar 10/3 can fall on 30/4, e.g. in 1947) are compensated the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::lunar::{self, LunarDate};
use super::overrides::{HolidayOverrides, NationalDayExtra, OverrideEntry, YearOverrides};
use crate::error::CoreError;

/// Why a date is a day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOffKind {
    /// A holiday of Art. 112 (computed, or from the official Tết list).
    PublicHoliday,
    /// A computed compensatory day for a holiday that fell on a weekend (nghỉ bù).
    Compensatory,
    /// A day off given by an official notice ([`OverrideEntry::DayOff`]).
    Declared,
}

/// One day off with its Vietnamese name, e.g. "Quốc khánh (2/9)" or "Nghỉ bù Ngày Quốc tế Lao động
/// (1/5)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayOff {
    pub date: NaiveDate,
    pub name: String,
    pub kind: DayOffKind,
}

/// The days off and swapped working days of a span of years, defaults plus official decisions.
///
/// Weekends are not listed here: [`super::WorkCalendar`] adds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayCalendar {
    first_year: i32,
    last_year: i32,
    days_off: BTreeMap<NaiveDate, DayOff>,
    working_days: BTreeMap<NaiveDate, String>,
}

impl HolidayCalendar {
    /// The calendar of the solar years `years` (inclusive).
    ///
    /// # Errors
    /// [`CoreError::DateOutOfRange`] for years outside the lunar calendar's range (1900–2199) or an
    /// empty range; [`CoreError::InvalidField`] when the overrides are inconsistent
    /// ([`HolidayOverrides::validate`]).
    pub fn new(
        years: RangeInclusive<i32>,
        overrides: &HolidayOverrides,
    ) -> Result<Self, CoreError> {
        overrides.validate()?;
        let (first_year, last_year) = (*years.start(), *years.end());
        if first_year > last_year {
            return Err(CoreError::DateOutOfRange(format!(
                "khoảng năm {first_year}–{last_year} trống"
            )));
        }
        let mut calendar = HolidayCalendar {
            first_year,
            last_year,
            days_off: BTreeMap::new(),
            working_days: BTreeMap::new(),
        };
        for year in years {
            let block = overrides.for_year(year);
            for day in year_days_off(year, block)? {
                calendar.days_off.insert(day.date, day);
            }
            for entry in block.map(|b| b.entries.as_slice()).unwrap_or_default() {
                if let OverrideEntry::WorkingDay { date, name } = entry {
                    calendar.working_days.insert(*date, name.clone());
                }
            }
        }
        Ok(calendar)
    }

    /// The calendar of one solar year.
    ///
    /// # Errors
    /// As [`HolidayCalendar::new`].
    pub fn for_year(year: i32, overrides: &HolidayOverrides) -> Result<Self, CoreError> {
        HolidayCalendar::new(year..=year, overrides)
    }

    /// The solar years this calendar knows.
    pub fn years(&self) -> RangeInclusive<i32> {
        self.first_year..=self.last_year
    }

    /// Whether `date` lies in a year this calendar knows.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.years().contains(&date.year())
    }

    /// The day off on `date`, if it is a holiday, compensatory or declared day off.
    pub fn day_off(&self, date: NaiveDate) -> Option<&DayOff> {
        self.days_off.get(&date)
    }

    /// The name of the decision making `date` a working day, if it is a swapped working day.
    pub fn working_day_override(&self, date: NaiveDate) -> Option<&str> {
        self.working_days.get(&date).map(String::as_str)
    }

    /// All days off, in date order.
    pub fn days_off(&self) -> impl Iterator<Item = &DayOff> {
        self.days_off.values()
    }

    /// The days off of one solar year, in date order.
    pub fn days_off_in(&self, year: i32) -> impl Iterator<Item = &DayOff> {
        let range = NaiveDate::from_ymd_opt(year, 1, 1).zip(NaiveDate::from_ymd_opt(year, 12, 31));
        range
            .into_iter()
            .flat_map(move |(from, to)| self.days_off.range(from..=to).map(|(_, d)| d))
    }
}

/// Saturday or Sunday, the weekly rest of state agencies.
pub(crate) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A statutory holiday before compensation, and whether a weekend occurrence is compensated.
struct Statutory {
    day: DayOff,
    compensable: bool,
}

fn holiday(date: NaiveDate, name: impl Into<String>, compensable: bool) -> Statutory {
    Statutory {
        day: DayOff {
            date,
            name: name.into(),
            kind: DayOffKind::PublicHoliday,
        },
        compensable,
    }
}

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, CoreError> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| CoreError::DateOutOfRange(format!("{day}/{month}/{year}")))
}

/// The Art. 112 holidays of `year`, with the official Tết list and 2/9 choice applied.
fn statutory_holidays(
    year: i32,
    block: Option<&YearOverrides>,
) -> Result<Vec<Statutory>, CoreError> {
    let mut days = vec![holiday(ymd(year, 1, 1)?, "Tết Dương lịch", true)];
    match block.and_then(|b| b.tet_days.as_ref()) {
        // The notice's list already settles compensation, so it is taken literally.
        Some(official) => days.extend(
            official
                .iter()
                .map(|&d| holiday(d, "Tết Nguyên đán", false)),
        ),
        None => {
            let first = lunar::tet(year)?;
            let eve = first - Days::new(1);
            let eve_day = lunar::solar_to_lunar(eve)?.day;
            days.push(holiday(
                eve,
                format!("Tết Nguyên đán ({eve_day} tháng Chạp)"),
                true,
            ));
            for n in 0..4u32 {
                let name = format!("Tết Nguyên đán (mùng {})", n + 1);
                days.push(holiday(first + Days::new(u64::from(n)), name, true));
            }
        }
    }
    let hung_kings = lunar::lunar_to_solar(LunarDate::new(10, 3, year, false))?;
    days.push(holiday(
        hung_kings,
        "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
        true,
    ));
    days.push(holiday(ymd(year, 4, 30)?, "Ngày Chiến thắng (30/4)", true));
    days.push(holiday(
        ymd(year, 5, 1)?,
        "Ngày Quốc tế Lao động (1/5)",
        true,
    ));
    let extra = match block.and_then(|b| b.national_day_extra).unwrap_or_default() {
        NationalDayExtra::DayBefore => 1,
        NationalDayExtra::DayAfter => 3,
    };
    days.push(holiday(ymd(year, 9, 2)?, "Quốc khánh (2/9)", true));
    days.push(holiday(
        ymd(year, 9, extra)?,
        format!("Quốc khánh (nghỉ liền kề {extra}/9)"),
        true,
    ));
    days.sort_by_key(|s| s.day.date);
    Ok(days)
}

/// All days off of `year`: statutory holidays, compensatory days, declared days off.
fn year_days_off(year: i32, block: Option<&YearOverrides>) -> Result<Vec<DayOff>, CoreError> {
    let entries = block.map(|b| b.entries.as_slice()).unwrap_or_default();
    // Working-day decisions cancel a computed day off exactly like a removal does.
    let cancelled: BTreeSet<NaiveDate> = entries
        .iter()
        .filter(|e| {
            matches!(
                e,
                OverrideEntry::Removed { .. } | OverrideEntry::WorkingDay { .. }
            )
        })
        .map(OverrideEntry::date)
        .collect();
    let declared: Vec<DayOff> = entries
        .iter()
        .filter_map(|e| match e {
            OverrideEntry::DayOff { date, name } => Some(DayOff {
                date: *date,
                name: name.clone(),
                kind: DayOffKind::Declared,
            }),
            _ => None,
        })
        .collect();

    let statutory: Vec<Statutory> = statutory_holidays(year, block)?
        .into_iter()
        .filter(|s| !cancelled.contains(&s.day.date))
        .collect();
    let mut taken: BTreeSet<NaiveDate> = statutory.iter().map(|s| s.day.date).collect();
    taken.extend(declared.iter().map(|d| d.date));

    let mut out: BTreeMap<NaiveDate, DayOff> = BTreeMap::new();
    let mut compensatory = Vec::new();
    for s in statutory {
        let clash = out.contains_key(&s.day.date);
        if s.compensable && (is_weekend(s.day.date) || clash) {
            let mut d = s.day.date;
            while is_weekend(d) || taken.contains(&d) {
                d = d
                    .succ_opt()
                    .ok_or_else(|| CoreError::DateOutOfRange(d.to_string()))?;
            }
            taken.insert(d);
            compensatory.push(DayOff {
                date: d,
                name: format!("Nghỉ bù {}", s.day.name),
                kind: DayOffKind::Compensatory,
            });
        }
        match out.get_mut(&s.day.date) {
            Some(existing) => existing.name = format!("{}; {}", existing.name, s.day.name),
            None => {
                out.insert(s.day.date, s.day);
            }
        }
    }
    for c in compensatory
        .into_iter()
        .filter(|c| !cancelled.contains(&c.date))
    {
        out.insert(c.date, c);
    }
    // The notice's own wording wins over a computed name for the same date.
    for d in declared {
        out.insert(d.date, d);
    }
    Ok(out.into_values().collect())
}
