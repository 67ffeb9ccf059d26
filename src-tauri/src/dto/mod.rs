//! Boundary types of the IPC: what commands take and return. They live at the edge (design §8),
//! derive `ts_rs::TS`, and are generated into `ui/src/generated/bindings.ts` (see
//! `crate::bindings`). Dates travel as ISO `yyyy-mm-dd` strings and are shown dd/mm/yyyy by the
//! UI; instants as unix milliseconds; statuses as stable codes with their Vietnamese label from
//! the core, so the UI never keeps a second copy of the domain's wording.

pub mod accounts;
pub mod app;
pub mod backup;
pub mod incoming;
pub mod outgoing;
pub mod plan;
pub mod reports;
pub mod settings;
pub mod sync;
pub mod sync_records;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A code with its Vietnamese label, for selects and badges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

impl Choice {
    pub fn new(code: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice {
            code: code.into(),
            label: label.into(),
        }
    }
}

/// A link to another document, shown by its label (số đến or số, ký hiệu).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DocLink {
    pub id: String,
    pub label: String,
}

/// One step of a document's history, for the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EventDto {
    #[ts(type = "number")]
    pub at: i64,
    pub actor: String,
    /// Stable code of the step (`register`, `submit`, `assign`, `create`, `issue` …).
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub to_status_label: String,
    pub note: Option<String>,
}

pub(crate) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn iso_opt(d: Option<NaiveDate>) -> Option<String> {
    d.map(iso)
}

/// Empty text from a form means "not given".
pub(crate) fn given(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}
