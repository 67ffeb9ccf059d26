//! The on-time KPI over the unit's register, as the province judges it (definitions in
//! `docs/kpi.md`; arithmetic in `vanthu_core::kpi`).

use crate::Result;
use crate::calendar::{freshness_days, work_calendar_around};
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use vanthu_core::calendar::Period;
use vanthu_core::kpi::{self, KpiItem, KpiReport, ON_TIME_TARGET, StatusFreshness, TrendPoint};
use vanthu_core::time::vietnam_date;

/// Everything the KPI screen and `vanthu kpi` show for one period.
#[derive(Debug, Clone, Serialize)]
pub struct KpiSummary {
    pub period: Period,
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub target: f64,
    pub report: KpiReport,
    /// Quarter by quarter over the period's (last) year.
    pub trend: Vec<TrendPoint>,
    /// As of the period's end, or today if the period is still running.
    pub freshness: StatusFreshness,
}

/// Incoming documents and plan tasks as KPI items ("documents and work processed on time").
/// Filed documents ("lưu, không cần xử lý") are not work to be done and are left out; items
/// without a deadline are passed on and excluded by the core's rules.
pub fn kpi_items(conn: &Connection) -> Result<Vec<KpiItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, category, assignee, deadline, completed_on, last_update_at
         FROM incoming_documents WHERE status != 'filed'
         UNION ALL
         SELECT id, 'nhiem_vu', assignee, deadline, completed_on, last_update_at FROM tasks",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(KpiItem {
            id: r.get(0)?,
            category: r.get(1)?,
            assignee: r.get(2)?,
            deadline: r.get(3)?,
            completed_on: r.get(4)?,
            last_update_on: vietnam_date(r.get(5)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The KPI for `period`, judged with the unit's calendar and settings.
///
/// A period still running is judged as of today, not as of its end: an item due next week is
/// not overdue yet. Quarters of the trend that have not started are left out.
pub fn kpi_summary(conn: &Connection, period: Period, today: NaiveDate) -> Result<KpiSummary> {
    let items = kpi_items(conn)?;
    let calendar = work_calendar_around(conn, today.max(period.to()))?;
    let report = judged_as_of(&items, &period, today)?;
    let mut trend = Vec::new();
    for quarter in Period::quarters(period.to().year())? {
        if quarter.from() > today {
            break;
        }
        let r = judged_as_of(&items, &quarter, today)?;
        trend.push(TrendPoint {
            period_label: quarter.label_vi(),
            period: quarter,
            rate: r.overall,
        });
    }
    let as_of = today.min(period.to());
    let freshness = kpi::status_freshness(
        &items,
        as_of,
        freshness_days(conn)?,
        ON_TIME_TARGET,
        &calendar,
    )?;
    Ok(KpiSummary {
        label: period.label_vi(),
        from: period.from(),
        to: period.to(),
        period,
        target: ON_TIME_TARGET,
        report,
        trend,
        freshness,
    })
}

/// The core's report for `period`, judged as of `today` while the period is still running.
fn judged_as_of(items: &[KpiItem], period: &Period, today: NaiveDate) -> Result<KpiReport> {
    Ok(kpi::report_as_of(items, period, today, ON_TIME_TARGET))
}
