//! Working days (ngày làm việc): the unit in which clerical time limits are counted.
//!
//! A working day is a Monday–Friday that is not a day off of the [`HolidayCalendar`], or a weekend
//! day an official notice turned into a working day (a swapped Saturday).
//!
//! Counting follows the Civil Code (Bộ luật Dân sự 2015, Art. 147): a time limit counted in days
//! starts on the day after the event. So "n working days after d" is the n-th working day strictly
//! after d, whatever kind of day d is: a document received on Friday or on Saturday with 3 working
//! days is due on Wednesday (with no holiday in between).

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::holidays::{DayOff, HolidayCalendar, is_weekend};
use crate::error::CoreError;

/// What kind of day a date is, for display and for deciding whether work is expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    /// An ordinary Monday–Friday.
    Working,
    /// A weekend day worked by official decision; `name` says which.
    SwappedWorking { name: String },
    /// Saturday or Sunday.
    WeeklyRest,
    /// A holiday, compensatory or declared day off.
    DayOff { day: DayOff },
}

/// Working days for the years of a [`HolidayCalendar`]: weekends plus holidays plus swaps.
///
/// Every query about a date outside the calendar's years fails with
/// [`CoreError::DateOutOfRange`] rather than guessing, because an unknown year's holidays would make
/// a deadline silently wrong. Build the calendar for the years the data spans plus a margin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCalendar {
    holidays: HolidayCalendar,
}

impl WorkCalendar {
    pub fn new(holidays: HolidayCalendar) -> Self {
        WorkCalendar { holidays }
    }

    /// The holidays this calendar uses.
    pub fn holidays(&self) -> &HolidayCalendar {
        &self.holidays
    }

    /// What kind of day `date` is.
    ///
    /// # Errors
    /// [`CoreError::DateOutOfRange`] when `date` is outside the calendar's years.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, CoreError> {
        self.check(date)?;
        if let Some(name) = self.holidays.working_day_override(date) {
            return Ok(if is_weekend(date) {
                DayKind::SwappedWorking {
                    name: name.to_owned(),
                }
            } else {
                DayKind::Working
            });
        }
        Ok(match self.holidays.day_off(date) {
            Some(day) => DayKind::DayOff { day: day.clone() },
            None if is_weekend(date) => DayKind::WeeklyRest,
            None => DayKind::Working,
        })
    }

    /// Whether work is expected on `date`.
    ///
    /// # Errors
    /// [`CoreError::DateOutOfRange`] when `date` is outside the calendar's years.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CoreError> {
        Ok(matches!(
            self.day_kind(date)?,
            DayKind::Working | DayKind::SwappedWorking { .. }
        ))
    }

    /// The first working day strictly after `date`.
    ///
    /// # Errors
    /// [`CoreError::DateOutOfRange`] when the answer lies beyond the calendar's years.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, CoreError> {
        let mut d = self.step(date, 1)?;
        while !self.is_working_day(d)? {
            d = self.step(d, 1)?;
        }
        Ok(d)
    }

    /// The last working day strictly before `date`.
    ///
    /// # Errors
    /// [`CoreError::DateOutOfRange`] when the answer lies before the calendar's years.
    pub fn previous_working_day(&self, date: NaiveDate) -> Result<NaiveDate, CoreError> {
        let mut d = self.step(date, -1)?;
        while !self.is_working_day(d)? {
            d = self.step(d, -1)?;
        }
        Ok(d)
    }

    /// The n-th working day after `date` (Civil Code counting, see the module docs).
    ///
    /// `n = 0` means "the same day": `date` itself if it is a working day, else the next working
    /// day. That is the time limit of a Hỏa tốc document received on a day off.
    ///
    /// # Errors
    /// [`CoreError::DateOutOfRange`] when the answer lies beyond the calendar's years.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CoreError> {
        if n == 0 {
            return if self.is_working_day(date)? {
                Ok(date)
            } else {
                self.next_working_day(date)
            };
        }
        let mut d = date;
        for _ in 0..n {
            d = self.next_working_day(d)?;
        }
        Ok(d)
    }

    /// The n-th working day before `date`; `n = 0` gives `date` if it is a working day, else the
    /// previous working day. For a working day `d`, `sub_working_days(add_working_days(d, n), n)`
    /// is `d`.
    ///
    /// # Errors
    /// [`CoreError::DateOutOfRange`] when the answer lies before the calendar's years.
    pub fn sub_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CoreError> {
        if n == 0 {
            return if self.is_working_day(date)? {
                Ok(date)
            } else {
                self.previous_working_day(date)
            };
        }
        let mut d = date;
        for _ in 0..n {
            d = self.previous_working_day(d)?;
        }
        Ok(d)
    }

    /// The number of working days in `(from, to]`: after `from`, up to and including `to`.
    /// Negative (minus the count in `(to, from]`) when `to` is before `from`.
    ///
    /// So `working_days_between(d, add_working_days(d, n)) == n` for `n ≥ 1`, and the remaining
    /// time from today to a deadline is `working_days_between(today, deadline)`: 0 when the
    /// deadline is today, negative once it has passed.
    ///
    /// # Errors
    /// [`CoreError::DateOutOfRange`] when the span leaves the calendar's years.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64, CoreError> {
        self.check(from)?;
        self.check(to)?;
        let (lo, hi, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut count = 0;
        let mut d = lo;
        while d < hi {
            d = self.step(d, 1)?;
            if self.is_working_day(d)? {
                count += 1;
            }
        }
        Ok(sign * count)
    }

    fn check(&self, date: NaiveDate) -> Result<(), CoreError> {
        if self.holidays.covers(date) {
            Ok(())
        } else {
            let years = self.holidays.years();
            Err(CoreError::DateOutOfRange(format!(
                "ngày {} nằm ngoài lịch ngày làm việc đã lập ({}–{})",
                date.format("%d/%m/%Y"),
                years.start(),
                years.end()
            )))
        }
    }

    fn step(&self, date: NaiveDate, days: i64) -> Result<NaiveDate, CoreError> {
        let next = if days >= 0 {
            date.checked_add_days(Days::new(days.unsigned_abs()))
        } else {
            date.checked_sub_days(Days::new(days.unsigned_abs()))
        }
        .filter(|d| self.holidays.covers(*d));
        match next {
            Some(d) => Ok(d),
            None => {
                self.check(date)?;
                let beyond = if days > 0 {
                    date.year() + 1
                } else {
                    date.year() - 1
                };
                Err(CoreError::DateOutOfRange(format!(
                    "phép tính ngày làm việc vượt ra năm {beyond}, ngoài lịch đã lập"
                )))
            }
        }
    }
}
