//! Where a piece of work stands against its deadline on a given day (for lists, badges, reminders).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::workdays::WorkCalendar;
use crate::error::CoreError;

/// The state of one item against its effective deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// Open, more than the threshold of working days left.
    NotDue,
    /// Open, at most the threshold of working days left (including the deadline day itself).
    DueSoon,
    /// Open and the deadline has passed.
    Overdue,
    /// Completed on or before the deadline.
    DoneOnTime,
    /// Completed after the deadline.
    DoneLate,
    /// No deadline, open or completed.
    NoDeadline,
}

impl ItemState {
    /// The Vietnamese label shown to users.
    pub fn label_vi(self) -> &'static str {
        match self {
            ItemState::NotDue => "Chưa đến hạn",
            ItemState::DueSoon => "Sắp đến hạn",
            ItemState::Overdue => "Quá hạn",
            ItemState::DoneOnTime => "Hoàn thành đúng hạn",
            ItemState::DoneLate => "Hoàn thành quá hạn",
            ItemState::NoDeadline => "Không có hạn",
        }
    }
}

/// The state of an item on `today`.
///
/// A completed item is judged by its completion date alone. An open item is `Overdue` when
/// `today > deadline`; otherwise let `remaining = working_days_between(today, deadline)` (working
/// days after today up to and including the deadline, so 0 on the deadline day itself): it is
/// `DueSoon` when `remaining ≤ due_soon_within`, else `NotDue`. With `due_soon_within = 2`, an item
/// due on Wednesday is due soon from Monday on.
///
/// # Errors
/// [`CoreError::DateOutOfRange`] when `today` or the deadline is outside the calendar's years
/// (only asked for open items).
pub fn item_state(
    deadline: Option<NaiveDate>,
    completed_on: Option<NaiveDate>,
    today: NaiveDate,
    due_soon_within: u32,
    calendar: &WorkCalendar,
) -> Result<ItemState, CoreError> {
    let Some(deadline) = deadline else {
        return Ok(ItemState::NoDeadline);
    };
    if let Some(done) = completed_on {
        return Ok(if done <= deadline {
            ItemState::DoneOnTime
        } else {
            ItemState::DoneLate
        });
    }
    if today > deadline {
        return Ok(ItemState::Overdue);
    }
    let remaining = calendar.working_days_between(today, deadline)?;
    Ok(if remaining <= i64::from(due_soon_within) {
        ItemState::DueSoon
    } else {
        ItemState::NotDue
    })
}
