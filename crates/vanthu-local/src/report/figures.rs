//! The figures of a periodic report, computed from the registers, the KPI, tasks and
//! indicators — the day of counting by hand that the report replaces.
//!
//! Everything is judged as of `as_of` = the earlier of today and the period's last day, the
//! same cut the KPI uses (docs/kpi.md), so a report made on 3 October for quarter III shows
//! the state at 30 September and a report made mid-quarter shows the state so far.

use super::vi::{compared_period_name, previous_period};
use crate::Result;
use crate::calendar::work_calendar_around;
use crate::kpi::kpi_summary;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use vanthu_core::calendar::Period;
use vanthu_core::doc_type::DocumentType;
use vanthu_core::marks::Urgency;

/// How many overdue items the list keeps; the count beyond is given as a total.
pub const OVERDUE_LIST_MAX: usize = 100;

/// A labelled count ("Công văn": 45).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub label: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncomingFigures {
    /// Registered in the period (by arrival date).
    pub total: u32,
    /// By document type, most frequent first.
    pub by_type: Vec<Count>,
    /// Thường, Khẩn, Thượng khẩn, Hỏa tốc, always in that order.
    pub by_urgency: Vec<Count>,
    /// Khẩn + Thượng khẩn + Hỏa tốc.
    pub urgent: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutgoingFigures {
    /// Issued (numbered) in the period, by date of issue.
    pub total: u32,
    pub by_type: Vec<Count>,
}

/// The on-time picture (the KPI of `docs/kpi.md`, documents and tasks together).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessingFigures {
    pub on_time: u32,
    pub late: u32,
    /// Deadline passed in the period, not done by its end.
    pub overdue_open: u32,
    /// `on_time + late + overdue_open`.
    pub counted: u32,
    pub rate: Option<f64>,
    pub target: f64,
    pub met_target: bool,
    /// The previous period of the same shape, in words inside a sentence ("quý II").
    pub previous_label: Option<String>,
    pub previous_rate: Option<f64>,
    /// `rate − previous_rate` in percentage points.
    pub change_points: Option<f64>,
    /// Open items as of `as_of`, and how many of them had no status update for too long.
    pub open_items: u32,
    pub stale_items: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverdueKind {
    Incoming,
    Task,
}

/// One document or task past its deadline and not done as of `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverdueItem {
    pub kind: OverdueKind,
    /// `số đến/năm` of a document, empty for a task.
    pub reference: String,
    /// The document's number and symbol.
    pub symbol: Option<String>,
    /// Trích yếu or task title.
    pub title: String,
    pub assignee: Option<String>,
    pub deadline: NaiveDate,
    pub working_days_late: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRow {
    pub title: String,
    pub responsible: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub progress: i64,
    pub status: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskFigures {
    pub total: u32,
    pub done: u32,
    pub in_progress: u32,
    pub not_started: u32,
    pub overdue: u32,
    pub average_progress: u32,
    pub rows: Vec<TaskRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    pub name: String,
    pub unit: Option<String>,
    pub target: String,
    pub actual: Option<String>,
    pub achieved: Option<bool>,
    pub responsible: Option<String>,
}

/// All figures of one report. Compared as a whole to tell whether a recompute changed
/// anything (no timestamps inside for that reason).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportFigures {
    pub period: Period,
    /// "Quý III năm 2026".
    pub label: String,
    pub as_of: NaiveDate,
    pub incoming: IncomingFigures,
    pub outgoing: OutgoingFigures,
    pub processing: ProcessingFigures,
    /// Oldest deadline first, at most [`OVERDUE_LIST_MAX`].
    pub overdue: Vec<OverdueItem>,
    pub overdue_total: u32,
    /// `None` when the unit keeps no tasks for the period ("Chưa có dữ liệu").
    pub tasks: Option<TaskFigures>,
    /// `None` when the unit keeps no indicators.
    pub indicators: Option<Vec<IndicatorRow>>,
}

/// Computes the figures of `period` as of `today`.
pub fn compute_figures(
    conn: &Connection,
    period: &Period,
    today: NaiveDate,
) -> Result<ReportFigures> {
    let as_of = today.min(period.to());
    // Counts run to `as_of` too: a report made mid-period counts what has arrived so far.
    let (from, to) = (period.from().to_string(), as_of.to_string());
    Ok(ReportFigures {
        period: *period,
        label: period.label_vi(),
        as_of,
        incoming: incoming(conn, &from, &to)?,
        outgoing: outgoing(conn, &from, &to)?,
        processing: processing(conn, period, today)?,
        overdue_total: 0,
        overdue: Vec::new(),
        tasks: tasks(conn, period, as_of)?,
        indicators: indicators(conn, period)?,
    }
    .with_overdue(overdue(conn, as_of)?))
}

impl ReportFigures {
    fn with_overdue(mut self, mut all: Vec<OverdueItem>) -> Self {
        self.overdue_total = all.len() as u32;
        all.truncate(OVERDUE_LIST_MAX);
        self.overdue = all;
        self
    }
}

fn type_label(code: &str) -> String {
    serde_json::from_value::<DocumentType>(serde_json::Value::String(code.into()))
        .map(|t| t.name_vi().to_string())
        .unwrap_or_else(|_| code.to_string())
}

/// Counts sorted most frequent first, ties by label.
fn sorted(counts: BTreeMap<String, u32>) -> Vec<Count> {
    let mut v: Vec<Count> = counts
        .into_iter()
        .map(|(label, count)| Count { label, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    v
}

fn incoming(conn: &Connection, from: &str, to: &str) -> Result<IncomingFigures> {
    let mut stmt = conn.prepare_cached(
        "SELECT doc_type, urgency, count(*) FROM incoming_documents
         WHERE arrival_date BETWEEN ?1 AND ?2 GROUP BY doc_type, urgency",
    )?;
    let rows: Vec<(String, String, u32)> = stmt
        .query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut by_type = BTreeMap::new();
    let urgencies = [
        Urgency::Normal,
        Urgency::Khan,
        Urgency::ThuongKhan,
        Urgency::HoaToc,
    ];
    let mut by_urgency = [0u32; 4];
    let mut total = 0;
    for (t, u, n) in rows {
        total += n;
        *by_type.entry(type_label(&t)).or_insert(0) += n;
        let i = urgencies.iter().position(|x| x.code() == u).unwrap_or(0);
        by_urgency[i] += n;
    }
    Ok(IncomingFigures {
        total,
        by_type: sorted(by_type),
        by_urgency: urgencies
            .iter()
            .zip(by_urgency)
            .map(|(u, count)| Count {
                label: u.label_vi().to_string(),
                count,
            })
            .collect(),
        urgent: by_urgency[1..].iter().sum(),
    })
}

fn outgoing(conn: &Connection, from: &str, to: &str) -> Result<OutgoingFigures> {
    let mut stmt = conn.prepare_cached(
        "SELECT doc_type, count(*) FROM outgoing_documents
         WHERE number IS NOT NULL AND issued_date BETWEEN ?1 AND ?2 GROUP BY doc_type",
    )?;
    let mut by_type = BTreeMap::new();
    let mut total = 0;
    for row in stmt.query_map([from, to], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
        let (t, n): (String, u32) = row?;
        total += n;
        *by_type.entry(type_label(&t)).or_insert(0) += n;
    }
    Ok(OutgoingFigures {
        total,
        by_type: sorted(by_type),
    })
}

fn processing(conn: &Connection, period: &Period, today: NaiveDate) -> Result<ProcessingFigures> {
    let now = kpi_summary(conn, *period, today)?;
    let o = &now.report.overall;
    let previous = match previous_period(period) {
        Some(p) if p.from() <= today => Some((
            compared_period_name(period, &p),
            kpi_summary(conn, p, today)?.report.overall.rate,
        )),
        _ => None,
    };
    let previous_rate = previous.as_ref().and_then(|(_, r)| *r);
    Ok(ProcessingFigures {
        on_time: o.on_time,
        late: o.late,
        overdue_open: o.overdue_open,
        counted: o.denominator,
        rate: o.rate,
        target: o.target,
        met_target: o.met_target,
        previous_label: previous.map(|(l, _)| l),
        previous_rate,
        change_points: o.rate.zip(previous_rate).map(|(a, b)| (a - b) * 100.0),
        open_items: now.freshness.denominator,
        stale_items: now.freshness.stale_ids.len() as u32,
    })
}

fn table_exists(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1")?
        .query_row([name], |r| r.get::<_, i64>(0))?
        > 0)
}

fn overdue(conn: &Connection, as_of: NaiveDate) -> Result<Vec<OverdueItem>> {
    let day = as_of.to_string();
    let mut items = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT arrival_no, year, symbol, summary, assignee, deadline FROM incoming_documents
         WHERE status != 'filed' AND deadline < ?1 AND arrival_date <= ?1
           AND (completed_on IS NULL OR completed_on > ?1)
         ORDER BY deadline, year, arrival_no",
    )?;
    let rows = stmt.query_map([&day], |r| {
        Ok(OverdueItem {
            kind: OverdueKind::Incoming,
            reference: format!("{}/{}", r.get::<_, i64>(0)?, r.get::<_, i64>(1)?),
            symbol: Some(r.get(2)?),
            title: r.get(3)?,
            assignee: r.get(4)?,
            deadline: r.get(5)?,
            working_days_late: 0,
        })
    })?;
    for row in rows {
        items.push(row?);
    }
    if table_exists(conn, "tasks")? {
        let mut stmt = conn.prepare_cached(
            "SELECT title, coalesce(assignee, lead_unit), deadline FROM tasks
             WHERE deadline < ?1 AND (completed_on IS NULL OR completed_on > ?1)
             ORDER BY deadline",
        )?;
        let rows = stmt.query_map([&day], |r| {
            Ok(OverdueItem {
                kind: OverdueKind::Task,
                reference: String::new(),
                symbol: None,
                title: r.get(0)?,
                assignee: r.get(1)?,
                deadline: r.get(2)?,
                working_days_late: 0,
            })
        })?;
        for row in rows {
            items.push(row?);
        }
    }
    if items.is_empty() {
        return Ok(items);
    }
    let calendar = work_calendar_around(conn, as_of)?;
    for item in &mut items {
        // A deadline far outside the calendar's years is still late; count it as at least 1.
        item.working_days_late = calendar
            .working_days_between(item.deadline, as_of)
            .unwrap_or(1)
            .max(1);
    }
    items.sort_by_key(|i| i.deadline);
    Ok(items)
}

/// title, responsible, deadline, progress, completed on.
type TaskTuple = (
    String,
    Option<String>,
    Option<NaiveDate>,
    i64,
    Option<NaiveDate>,
);

fn tasks(conn: &Connection, period: &Period, as_of: NaiveDate) -> Result<Option<TaskFigures>> {
    if !table_exists(conn, "tasks")? {
        return Ok(None);
    }
    let end_ms =
        vanthu_core::time::vietnam_midnight_ms(period.to().succ_opt().unwrap_or(period.to()));
    // Tasks alive in the period: made before it ended, not finished before it began, and not
    // planned to start after it.
    let mut stmt = conn.prepare_cached(
        "SELECT title, coalesce(assignee, leader, lead_unit), deadline, progress, completed_on
         FROM tasks
         WHERE created_at < ?1 AND (completed_on IS NULL OR completed_on >= ?2)
           AND (period_from IS NULL OR period_from <= ?3)
         ORDER BY coalesce(deadline, '9999-12-31'), title",
    )?;
    let rows: Vec<TaskTuple> = stmt
        .query_map(
            rusqlite::params![end_ms, period.from().to_string(), period.to().to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?
        .collect::<Result<_, _>>()?;
    if rows.is_empty() {
        return Ok(None);
    }
    let mut f = TaskFigures {
        total: rows.len() as u32,
        done: 0,
        in_progress: 0,
        not_started: 0,
        overdue: 0,
        average_progress: 0,
        rows: Vec::with_capacity(rows.len()),
    };
    let mut progress_sum = 0;
    for (title, responsible, deadline, progress, completed_on) in rows {
        let done = completed_on.is_some_and(|d| d <= as_of);
        let overdue = !done && deadline.is_some_and(|d| d < as_of);
        let progress = if done { 100 } else { progress.clamp(0, 99) };
        let status = if done {
            f.done += 1;
            "Hoàn thành"
        } else if progress > 0 {
            f.in_progress += 1;
            "Đang thực hiện"
        } else {
            f.not_started += 1;
            "Chưa thực hiện"
        };
        f.overdue += u32::from(overdue);
        progress_sum += progress;
        f.rows.push(TaskRow {
            title,
            responsible,
            deadline,
            progress,
            status: status.to_string(),
            overdue,
        });
    }
    f.average_progress = (progress_sum as f64 / f64::from(f.total)).round() as u32;
    Ok(Some(f))
}

fn indicators(conn: &Connection, period: &Period) -> Result<Option<Vec<IndicatorRow>>> {
    if !table_exists(conn, "indicators")? {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT i.name, i.unit, i.target, a.value, a.achieved, i.responsible_unit
         FROM indicators i
         LEFT JOIN indicator_actuals a ON a.indicator_id = i.id AND a.period = ?1
         ORDER BY i.created_at, i.id",
    )?;
    let rows: Vec<IndicatorRow> = stmt
        .query_map([period.code()], |r| {
            Ok(IndicatorRow {
                name: r.get(0)?,
                unit: r.get(1)?,
                target: r.get(2)?,
                actual: r.get(3)?,
                achieved: r.get(4)?,
                responsible: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok((!rows.is_empty()).then_some(rows))
}
