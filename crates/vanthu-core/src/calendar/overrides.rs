//! Yearly corrections to the computed public holidays, as data a province can own and push.
//!
//! The Labour Code fixes which holidays exist, but each year an official notice (Prime Minister's
//! decision, ministry notice) fixes the exact Tết days and may swap days: a weekday becomes a day off
//! and a Saturday becomes a working day to bridge a holiday. Those decisions cannot be computed, so
//! they are kept here, serialisable, one block per year, with the notice they come from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::CoreError;

/// One official decision about one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OverrideEntry {
    /// An extra day off, e.g. the weekday given off in a swap ("Nghỉ hoán đổi …"). Taken literally:
    /// it earns no compensatory day even if it falls on a weekend.
    DayOff { date: NaiveDate, name: String },
    /// A day worked although it would be off, usually the Saturday worked in exchange for a swap
    /// ("Làm bù cho ngày …"). It also cancels any computed day off on that date.
    WorkingDay { date: NaiveDate, name: String },
    /// A computed day off (holiday or compensatory day) that the official notice does not give.
    Removed { date: NaiveDate },
}

impl OverrideEntry {
    /// The date the decision is about.
    pub fn date(&self) -> NaiveDate {
        match self {
            OverrideEntry::DayOff { date, .. }
            | OverrideEntry::WorkingDay { date, .. }
            | OverrideEntry::Removed { date } => *date,
        }
    }
}

/// Which day accompanies Quốc khánh (2/9): Art. 112 gives "2/9 and one day before or after".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NationalDayExtra {
    /// 1/9. The default: the day the Government chose in recent years (e.g. 2025: 1/9 and 2/9).
    #[default]
    DayBefore,
    /// 3/9.
    DayAfter,
}

/// The official decisions for one year.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct YearOverrides {
    /// The solar year the decisions apply to (their dates normally lie in it).
    pub year: i32,
    /// Where the decisions come from, e.g. "Công văn 8726/VPCP-KGVX ngày 26/11/2024", for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Which day accompanies 2/9 this year; `None` keeps the default (1/9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_day_extra: Option<NationalDayExtra>,
    /// The official Tết days. When present they replace the computed Tết block entirely, including
    /// its compensatory days: list every Tết day the notice gives (compensatory days may instead be
    /// listed as [`OverrideEntry::DayOff`] to carry their own name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tet_days: Option<Vec<NaiveDate>>,
    /// Individual decisions, in any order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<OverrideEntry>,
}

impl YearOverrides {
    /// No decisions for `year`: the computed defaults apply.
    pub fn new(year: i32) -> Self {
        YearOverrides {
            year,
            ..YearOverrides::default()
        }
    }
}

/// All yearly decisions a unit knows of. Years without a block use the computed defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HolidayOverrides {
    #[serde(default)]
    pub years: Vec<YearOverrides>,
}

impl HolidayOverrides {
    /// No decisions at all: every year uses the computed defaults.
    pub fn none() -> Self {
        HolidayOverrides::default()
    }

    /// The block for `year`, if any.
    pub fn for_year(&self, year: i32) -> Option<&YearOverrides> {
        self.years.iter().find(|y| y.year == year)
    }

    /// Checks the data can be applied unambiguously.
    ///
    /// # Errors
    /// [`CoreError::InvalidField`] when a year has two blocks, an official Tết list is empty, or one
    /// date is declared both a day off and a working day.
    pub fn validate(&self) -> Result<(), CoreError> {
        let invalid = |reason: String| CoreError::InvalidField {
            field: "lịch nghỉ lễ điều chỉnh",
            reason,
        };
        for (i, block) in self.years.iter().enumerate() {
            if self.years[..i].iter().any(|b| b.year == block.year) {
                return Err(invalid(format!("năm {} được khai báo hai lần", block.year)));
            }
            if block.tet_days.as_ref().is_some_and(Vec::is_empty) {
                return Err(invalid(format!(
                    "danh sách ngày nghỉ Tết năm {} trống",
                    block.year
                )));
            }
            for entry in &block.entries {
                if let OverrideEntry::WorkingDay { date, .. } = entry {
                    let also_off =
                        block.entries.iter().any(
                            |e| matches!(e, OverrideEntry::DayOff { date: d, .. } if d == date),
                        ) || block.tet_days.iter().flatten().any(|d| d == date);
                    if also_off {
                        return Err(invalid(format!(
                            "ngày {} vừa là ngày nghỉ vừa là ngày làm việc",
                            date.format("%d/%m/%Y")
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}
