//! The settings screen: time limits, days off and their yearly corrections, folders.

use super::app::UnitDto;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The unit's default time limits in working days, and the reminder thresholds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RulesDto {
    pub normal: u32,
    pub khan: u32,
    pub thuong_khan: u32,
    pub hoa_toc: u32,
    /// An open item is "sắp đến hạn" with at most this many working days left.
    pub due_soon_days: u32,
    /// An open item's status is stale after this many working days without an update.
    pub freshness_days: u32,
    /// Rules per group of work, kept as they are (edited by the province or the CLI).
    pub category_rules: u32,
}

/// A day off of the year (weekends not listed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HolidayDto {
    pub date: String,
    pub name: String,
}

/// One official correction of the year: `day_off`, `working_day` or `removed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OverrideDto {
    pub kind: String,
    pub date: String,
    pub name: Option<String>,
}

/// A year's calendar as the settings screen shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct YearCalendarDto {
    pub year: i32,
    pub days_off: Vec<HolidayDto>,
    /// Saturdays or Sundays worked by official decision.
    pub working_days: Vec<HolidayDto>,
    pub overrides: Vec<OverrideDto>,
    pub source: Option<String>,
}

/// A correction typed in settings (date dd/mm/yyyy).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OverrideForm {
    pub year: i32,
    /// `day_off` or `working_day` or `removed`.
    pub kind: String,
    pub date: String,
    pub name: Option<String>,
}

/// Everything the settings screen shows.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SettingsDto {
    pub unit: Option<UnitDto>,
    pub actor: Option<String>,
    pub data_dir: String,
    pub log_dir: String,
    pub rules: RulesDto,
    pub calendar: YearCalendarDto,
}
