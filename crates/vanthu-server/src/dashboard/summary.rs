//! What the dashboard shows of a unit, computed from its synced records with the same KPI
//! arithmetic as the app (`vanthu_core::kpi`): open and overdue items, the on-time rate of each
//! quarter of the year against 95 %, and status freshness.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use vanthu_core::calendar::{HolidayCalendar, HolidayOverrides, Period, WorkCalendar};
use vanthu_core::kpi::{self, KpiItem, ON_TIME_TARGET, OnTimeRate, StatusFreshness};

/// The app's default "status stale after N working days" (vanthu-local `DEFAULT_FRESHNESS_DAYS`).
pub const FRESHNESS_DAYS: u32 = 5;

/// The fields of a synced incoming document the dashboard reads (the payload has more).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct IncomingRow {
    pub id: String,
    pub year: i32,
    pub arrival_no: i64,
    pub arrival_date: NaiveDate,
    pub issuer: String,
    pub symbol: String,
    pub summary: String,
    pub status: String,
    pub assignee: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub last_update_at: i64,
    #[serde(default = "default_category")]
    pub category: String,
}

fn default_category() -> String {
    "van_ban_den".into()
}

/// A synced task, as KPI sees it.
#[derive(Debug, Clone, Deserialize)]
pub struct TaskRow {
    pub id: String,
    pub assignee: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub last_update_at: i64,
}

/// A synced outgoing document (register columns).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct OutgoingRow {
    pub id: String,
    pub status: String,
    pub summary: String,
    pub symbol: Option<String>,
    pub issued_date: Option<NaiveDate>,
    pub signer: Option<String>,
    #[serde(default)]
    pub recipients: Vec<String>,
    pub created_at: i64,
}

/// One quarter's rate.
#[derive(Debug, Clone, Serialize)]
pub struct QuarterRate {
    pub label: String,
    pub rate: OnTimeRate,
}

/// One dashboard row.
#[derive(Debug, Clone, Serialize)]
pub struct UnitSummary {
    pub open: u32,
    pub overdue: u32,
    pub quarters: Vec<QuarterRate>,
    pub freshness: Option<StatusFreshness>,
}

pub fn kpi_items(incoming: &[IncomingRow], tasks: &[TaskRow]) -> Vec<KpiItem> {
    let day = vanthu_core::time::vietnam_date;
    incoming
        .iter()
        .filter(|d| d.status != "filed")
        .map(|d| KpiItem {
            id: d.id.clone(),
            category: d.category.clone(),
            assignee: d.assignee.clone(),
            deadline: d.deadline,
            completed_on: d.completed_on,
            last_update_on: day(d.last_update_at),
        })
        .chain(tasks.iter().map(|t| KpiItem {
            id: t.id.clone(),
            category: "nhiem_vu".into(),
            assignee: t.assignee.clone(),
            deadline: t.deadline,
            completed_on: t.completed_on,
            last_update_on: day(t.last_update_at),
        }))
        .collect()
}

/// The unit's figures as of `today`. Quarters not started are left out; a running quarter is
/// judged as of today (an item due next week is not overdue yet), as the app does.
pub fn summarize(items: &[KpiItem], today: NaiveDate, overrides: &HolidayOverrides) -> UnitSummary {
    let open: Vec<&KpiItem> = items.iter().filter(|i| i.completed_on.is_none()).collect();
    let overdue = open
        .iter()
        .filter(|i| i.deadline.is_some_and(|d| d < today))
        .count() as u32;
    let mut quarters = Vec::new();
    for q in Period::quarters(today.year()).into_iter().flatten() {
        if q.from() > today {
            break;
        }
        let judged = if today >= q.to() {
            q
        } else {
            Period::custom(q.from(), today).unwrap_or(q)
        };
        quarters.push(QuarterRate {
            label: q.label_vi(),
            rate: kpi::on_time_rate(items, &judged, ON_TIME_TARGET),
        });
    }
    let earliest = items
        .iter()
        .map(|i| i.last_update_on.year())
        .min()
        .unwrap_or(today.year())
        .clamp(1901, today.year());
    let freshness = HolidayCalendar::new(earliest - 1..=today.year() + 1, overrides)
        .ok()
        .map(WorkCalendar::new)
        .and_then(|cal| {
            kpi::status_freshness(items, today, FRESHNESS_DAYS, ON_TIME_TARGET, &cal).ok()
        });
    UnitSummary {
        open: open.len() as u32,
        overdue,
        quarters,
        freshness,
    }
}
