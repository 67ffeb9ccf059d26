//! Time limits for handling work (thời hạn xử lý), counted in working days.
//!
//! NĐ 30 leaves the time limits to each unit's working rules (quy chế làm việc) and the leader's
//! instructions, and the provincial plans set them per group of work (nhóm việc). So the limits are
//! data ([`DeadlineRules`]) with documented defaults, not constants:
//!
//! | Độ khẩn      | Default time limit                         |
//! |--------------|--------------------------------------------|
//! | Thường       | 10 working days                            |
//! | Khẩn         | 3 working days                             |
//! | Thượng khẩn  | 1 working day                              |
//! | Hỏa tốc      | 0 = the same day (next working day if received on a day off) |
//!
//! Days are counted from the day after receipt ([`WorkCalendar::add_working_days`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::workdays::WorkCalendar;
use crate::error::CoreError;
use crate::marks::Urgency;

/// Working days allowed for each urgency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrgencyDays {
    pub normal: u32,
    pub khan: u32,
    pub thuong_khan: u32,
    pub hoa_toc: u32,
}

impl Default for UrgencyDays {
    /// 10 / 3 / 1 / 0 working days: see the module docs.
    fn default() -> Self {
        UrgencyDays {
            normal: 10,
            khan: 3,
            thuong_khan: 1,
            hoa_toc: 0,
        }
    }
}

impl UrgencyDays {
    /// The working days allowed for `urgency`.
    pub fn get(&self, urgency: Urgency) -> u32 {
        match urgency {
            Urgency::Normal => self.normal,
            Urgency::Khan => self.khan,
            Urgency::ThuongKhan => self.thuong_khan,
            Urgency::HoaToc => self.hoa_toc,
        }
    }
}

/// A unit's rule for one group of work, e.g. `{"category": "bao_cao", "working_days": 5}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRule {
    /// The group of work, compared exactly (use stable codes).
    pub category: String,
    /// The urgency the rule is for; `None` applies to every urgency of the category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Urgency>,
    /// Working days allowed; `None` means this work carries no deadline (e.g. documents received
    /// for information only, "để biết").
    pub working_days: Option<u32>,
}

/// The unit's time limits: per-urgency defaults plus per-category rules.
///
/// Lookup for (category, urgency), first match wins:
/// 1. a rule for exactly that category and urgency;
/// 2. a rule for the category with `urgency: None`; for a marked document (Khẩn, Thượng khẩn,
///    Hỏa tốc) the shorter of that rule and the urgency default is used, because an urgency mark
///    may only shorten a time limit, never lengthen it;
/// 3. the urgency default of [`DeadlineRules::defaults`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeadlineRules {
    #[serde(default)]
    pub defaults: UrgencyDays,
    #[serde(default)]
    pub rules: Vec<DeadlineRule>,
}

impl DeadlineRules {
    /// Working days allowed for a category and urgency, or `None` when the work has no deadline.
    pub fn working_days(&self, category: &str, urgency: Urgency) -> Option<u32> {
        let for_category = |u: Option<Urgency>| {
            self.rules
                .iter()
                .find(|r| r.category == category && r.urgency == u)
        };
        if let Some(rule) = for_category(Some(urgency)) {
            return rule.working_days;
        }
        let urgency_days = self.defaults.get(urgency);
        match for_category(None) {
            Some(rule) if urgency == Urgency::Normal => rule.working_days,
            Some(rule) => rule.working_days.map(|d| d.min(urgency_days)),
            None => Some(urgency_days),
        }
    }

    /// The default deadline of work received on `received_on`, or `None` when it has no deadline.
    ///
    /// # Errors
    /// [`CoreError::DateOutOfRange`] when the deadline falls outside the calendar's years.
    pub fn default_deadline(
        &self,
        category: &str,
        urgency: Urgency,
        received_on: NaiveDate,
        calendar: &WorkCalendar,
    ) -> Result<Option<NaiveDate>, CoreError> {
        self.working_days(category, urgency)
            .map(|n| calendar.add_working_days(received_on, n))
            .transpose()
    }
}

/// An extension of a deadline granted by the leader (gia hạn), kept as history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub deadline: NaiveDate,
    pub reason: String,
}

/// Everything that decides a piece of work's deadline, kept as data so the history stays visible.
///
/// The effective deadline is the last extension, else the leader's explicit deadline, else the
/// rule's default. KPI counts against the effective deadline: an extension granted before the
/// deadline passed is a legitimate new time limit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Deadline {
    /// From [`DeadlineRules::default_deadline`].
    #[serde(default)]
    pub default: Option<NaiveDate>,
    /// Set by the leader when assigning the work (ý kiến chỉ đạo).
    #[serde(default)]
    pub explicit: Option<NaiveDate>,
    /// Extensions in the order granted; the last one counts.
    #[serde(default)]
    pub extensions: Vec<Extension>,
}

/// Where an effective deadline comes from, for display ("Hạn gia hạn", "Hạn do lãnh đạo giao").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineSource {
    Default,
    Explicit,
    Extended,
}

impl Deadline {
    /// The deadline that applies now.
    pub fn effective(&self) -> Option<NaiveDate> {
        self.effective_with_source().map(|(d, _)| d)
    }

    /// The deadline that applies now and where it comes from.
    pub fn effective_with_source(&self) -> Option<(NaiveDate, DeadlineSource)> {
        if let Some(ext) = self.extensions.last() {
            return Some((ext.deadline, DeadlineSource::Extended));
        }
        self.explicit
            .map(|d| (d, DeadlineSource::Explicit))
            .or(self.default.map(|d| (d, DeadlineSource::Default)))
    }
}
