//! Plans at the boundary: tasks (giao việc) with progress and plan-table import, the meeting
//! calendar, indicators (chỉ tiêu), and the plan part of the home screen.

use super::incoming::DeadlineJudge;
use super::{Choice, iso, iso_opt};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vanthu_core::calendar::{ItemState, item_state};
use vanthu_local::plan::indicator_import::IndicatorImport;
use vanthu_local::plan::indicators::{Actual, IndicatorStatus};
use vanthu_local::plan::meetings::{Meeting, Occurrence};
use vanthu_local::plan::task_import::{PlanImport, RowError};
use vanthu_local::plan::tasks::{Task, TaskUpdate};

/// One line of the task table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TaskRow {
    pub id: String,
    /// The last 8 characters of the id, as the CLI names a task.
    pub short_id: String,
    pub title: String,
    pub leader: Option<String>,
    pub lead_unit: Option<String>,
    pub assignee: Option<String>,
    /// Thời gian thực hiện as written in the plan ("Quý III năm 2026").
    pub time_frame: Option<String>,
    pub deadline: Option<String>,
    #[ts(type = "number")]
    pub progress: i64,
    /// `not_started`, `in_progress`, `done`.
    pub status: String,
    pub status_label: String,
    /// `not_due`, `due_soon`, `overdue`, `done_on_time`, `done_late`, `no_deadline`.
    pub deadline_state: String,
    pub deadline_state_label: String,
    pub plan_name: Option<String>,
}

/// Judges a task's deadline like a document's: same calendar, same due-soon threshold.
pub fn task_row(judge: &DeadlineJudge, t: &Task) -> TaskRow {
    // A date outside the calendar's years cannot be judged; shown as without deadline rather
    // than failing the whole list (as the incoming register does).
    let state = item_state(
        t.deadline,
        t.completed_on,
        judge.today,
        judge.due_soon_days,
        &judge.calendar,
    )
    .unwrap_or(ItemState::NoDeadline);
    TaskRow {
        id: t.id.clone(),
        short_id: t.id[t.id.len().saturating_sub(8)..].to_string(),
        title: t.title.clone(),
        leader: t.leader.clone(),
        lead_unit: t.lead_unit.clone(),
        assignee: t.assignee.clone(),
        time_frame: t.time_frame.clone(),
        deadline: iso_opt(t.deadline),
        progress: t.progress,
        status: t.status.code().into(),
        status_label: t.status.label_vi().into(),
        deadline_state: serde_json::to_value(state)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        deadline_state_label: state.label_vi().into(),
        plan_name: t.plan_name.clone(),
    }
}

/// What the task screen asks for.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct TaskQuery {
    pub status: Option<String>,
    pub assignee: Option<String>,
    /// `overdue` or `due_soon`.
    pub view: Option<String>,
    pub plan: Option<String>,
}

/// The task table with the choices of its filters.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TaskListDto {
    pub items: Vec<TaskRow>,
    pub statuses: Vec<Choice>,
    /// Every plan and assignee named by a task, for the filter selects.
    pub plans: Vec<String>,
    pub assignees: Vec<String>,
}

/// The add form, as typed (dates dd/mm/yyyy; validated by the use case).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct TaskForm {
    pub title: String,
    pub leader: Option<String>,
    pub lead_unit: Option<String>,
    pub coordinating_units: Option<String>,
    pub expected_result: Option<String>,
    /// "Quý III năm 2026", "Tháng 10/2026", "Từ quý II đến quý III năm 2026" …
    pub time_frame: Option<String>,
    pub deadline: Option<String>,
    pub assignee: Option<String>,
    pub notes: Option<String>,
    /// Số đến/năm (`5/2026`) or id of the incoming document the task comes from.
    pub from_incoming: Option<String>,
}

/// One step of a task's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TaskUpdateDto {
    #[ts(type = "number")]
    pub at: i64,
    pub actor: String,
    /// `create`, `assign`, `progress`.
    pub action: String,
    #[ts(type = "number | null")]
    pub progress: Option<i64>,
    pub note: Option<String>,
}

impl From<TaskUpdate> for TaskUpdateDto {
    fn from(u: TaskUpdate) -> TaskUpdateDto {
        TaskUpdateDto {
            at: u.at,
            actor: u.actor,
            action: u.action,
            progress: u.progress,
            note: u.note,
        }
    }
}

/// One task with every column of the plan table and its history.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TaskDetail {
    pub row: TaskRow,
    pub coordinating_units: Option<String>,
    pub expected_result: Option<String>,
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    pub notes: Option<String>,
    pub completed_on: Option<String>,
    pub result: Option<String>,
    /// The incoming document the task came from, as `số đến/năm`.
    pub source_incoming: Option<String>,
    pub source_incoming_id: Option<String>,
    #[ts(type = "number | null")]
    pub plan_row: Option<i64>,
    pub history: Vec<TaskUpdateDto>,
}

impl TaskDetail {
    pub fn new(
        row: TaskRow,
        t: Task,
        source_incoming: Option<String>,
        history: Vec<TaskUpdate>,
    ) -> TaskDetail {
        TaskDetail {
            row,
            coordinating_units: t.coordinating_units,
            expected_result: t.expected_result,
            period_from: iso_opt(t.period_from),
            period_to: iso_opt(t.period_to),
            notes: t.notes,
            completed_on: iso_opt(t.completed_on),
            result: t.result,
            source_incoming,
            source_incoming_id: t.source_incoming_id,
            plan_row: t.plan_row,
            history: history.into_iter().map(Into::into).collect(),
        }
    }
}

/// A header of the plan table and the task field it was understood as.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PlanColumnDto {
    pub header: String,
    /// `title`, `leader`, `lead_unit`, `coordinating`, `result`, `time_frame`, `notes`, `row`;
    /// `None`: the column is not read.
    pub field: Option<String>,
}

/// A valid row of the plan table and the task it becomes.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PlanRowDto {
    pub line: u32,
    pub title: String,
    pub time_frame: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A bad row: "dòng 5, cột Thời gian thực hiện: …".
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PlanRowErrorDto {
    pub line: u32,
    pub message: String,
}

/// What an import did or, in a dry run, would do.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PlanImportDto {
    pub plan_name: String,
    pub columns: Vec<PlanColumnDto>,
    pub rows: u32,
    pub imported: u32,
    pub already_present: u32,
    pub errors: Vec<PlanRowErrorDto>,
    pub dry_run: bool,
    pub preview: Vec<PlanRowDto>,
}

/// How a table import read its columns: each header with the field it holds, by its code.
fn column_dtos<F: Serialize>(columns: Vec<(String, Option<F>)>) -> Vec<PlanColumnDto> {
    columns
        .into_iter()
        .map(|(header, field)| PlanColumnDto {
            header,
            field: field.and_then(|f| {
                serde_json::to_value(f)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
            }),
        })
        .collect()
}

fn row_error_dtos(errors: Vec<RowError>) -> Vec<PlanRowErrorDto> {
    errors
        .into_iter()
        .map(|e| PlanRowErrorDto {
            line: e.line as u32,
            message: e.message,
        })
        .collect()
}

impl From<PlanImport> for PlanImportDto {
    fn from(p: PlanImport) -> PlanImportDto {
        PlanImportDto {
            plan_name: p.plan_name,
            columns: column_dtos(p.columns),
            rows: p.rows as u32,
            imported: p.imported as u32,
            already_present: p.already_present as u32,
            errors: row_error_dtos(p.errors),
            dry_run: p.dry_run,
            preview: p
                .preview
                .into_iter()
                .map(|r| PlanRowDto {
                    line: r.line as u32,
                    title: r.title,
                    time_frame: r.time_frame,
                    from: iso_opt(r.from),
                    to: iso_opt(r.to),
                })
                .collect(),
        }
    }
}

/// What the plan import asks for.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PlanImportForm {
    /// The file picked with the dialog (or typed).
    pub path: String,
    /// The plan's name ("Kế hoạch 41-KH/UBND"); empty: the file's name.
    pub plan_name: Option<String>,
    pub dry_run: bool,
    pub skip_bad_rows: bool,
}

/// One indicator row of an indicator-table import, as it would be stored.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IndicatorPreviewDto {
    pub line: u32,
    pub name: String,
    pub unit: Option<String>,
    pub target: String,
    pub responsible_unit: Option<String>,
}

/// What an indicator-table import did or, in a dry run, would do.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IndicatorImportDto {
    /// Columns as read; `field` is `name`, `unit`, `target`, `responsible`, `notes`, `row`.
    pub columns: Vec<PlanColumnDto>,
    pub rows: u32,
    /// Group headings ("Phát triển hạ tầng"), kept in their indicators' notes.
    pub groups: Vec<String>,
    pub imported: u32,
    pub already_present: u32,
    pub errors: Vec<PlanRowErrorDto>,
    pub dry_run: bool,
    pub preview: Vec<IndicatorPreviewDto>,
}

impl From<IndicatorImport> for IndicatorImportDto {
    fn from(p: IndicatorImport) -> IndicatorImportDto {
        IndicatorImportDto {
            columns: column_dtos(p.columns),
            rows: p.rows as u32,
            groups: p.groups,
            imported: p.imported as u32,
            already_present: p.already_present as u32,
            errors: row_error_dtos(p.errors),
            dry_run: p.dry_run,
            preview: p
                .preview
                .into_iter()
                .map(|r| IndicatorPreviewDto {
                    line: r.line as u32,
                    name: r.name,
                    unit: r.unit,
                    target: r.target,
                    responsible_unit: r.responsible_unit,
                })
                .collect(),
        }
    }
}

/// What the indicator-table import asks for.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IndicatorImportForm {
    /// The file picked with the dialog (or typed).
    pub path: String,
    pub dry_run: bool,
    pub skip_bad_rows: bool,
}

/// One occurrence of a meeting, recurrences expanded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OccurrenceDto {
    pub meeting_id: String,
    pub title: String,
    #[ts(type = "number")]
    pub starts_at: i64,
    #[ts(type = "number")]
    pub ends_at: i64,
    /// The day it starts, in Vietnam (ISO), for grouping by day.
    pub date: String,
    pub place: Option<String>,
    pub online_link: Option<String>,
    pub chair: Option<String>,
    pub recurring: bool,
}

impl From<Occurrence> for OccurrenceDto {
    fn from(o: Occurrence) -> OccurrenceDto {
        OccurrenceDto {
            date: local_date(o.starts_at),
            meeting_id: o.meeting_id,
            title: o.title,
            starts_at: o.starts_at,
            ends_at: o.ends_at,
            place: o.place,
            online_link: o.online_link,
            chair: o.chair,
            recurring: o.recurring,
        }
    }
}

fn local_date(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| {
            iso(t
                .with_timezone(&vanthu_core::time::vietnam_offset())
                .date_naive())
        })
        .unwrap_or_default()
}

/// A week or a month of the calendar.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CalendarDto {
    /// `week` or `month`.
    pub view: String,
    /// "Tuần từ 23/11/2026 đến 29/11/2026", "Tháng 11 năm 2026".
    pub label: String,
    /// First day shown (ISO, a Monday for the week view; the 1st for the month).
    pub from: String,
    /// The day after the last day shown (ISO).
    pub to: String,
    /// Anchors of the previous and next week or month (ISO).
    pub prev: String,
    pub next: String,
    pub today: String,
    pub occurrences: Vec<OccurrenceDto>,
}

/// The add form of a meeting (times `dd/mm/yyyy HH:MM`, Vietnam time).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct MeetingForm {
    pub title: String,
    pub start: String,
    pub end: Option<String>,
    pub place: Option<String>,
    pub online_link: Option<String>,
    pub chair: Option<String>,
    pub participants: Vec<String>,
    pub agenda: Option<String>,
    /// Empty (không lặp), `weekly`, `monthly`.
    pub repeat: Option<String>,
    #[ts(type = "number | null")]
    pub reminder_minutes: Option<i64>,
}

/// A stored meeting.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MeetingDto {
    pub id: String,
    pub title: String,
    #[ts(type = "number")]
    pub starts_at: i64,
    #[ts(type = "number")]
    pub ends_at: i64,
    pub place: Option<String>,
    pub chair: Option<String>,
    pub participants: Vec<String>,
    pub rrule: Option<String>,
    #[ts(type = "number | null")]
    pub reminder_minutes: Option<i64>,
}

impl From<Meeting> for MeetingDto {
    fn from(m: Meeting) -> MeetingDto {
        MeetingDto {
            id: m.id,
            title: m.title,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            place: m.place,
            chair: m.chair,
            participants: m.participants,
            rrule: m.rrule,
            reminder_minutes: m.reminder_minutes,
        }
    }
}

/// What an .ics import did.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IcsImportDto {
    pub created: u32,
    pub already_present: u32,
    /// Events left out, with the reason.
    pub skipped: Vec<String>,
}

/// An actual value of an indicator for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ActualDto {
    pub period: String,
    pub value: String,
    pub evidence: Option<String>,
    /// `None` when the target or the value has no number to compare.
    pub achieved: Option<bool>,
    #[ts(type = "number")]
    pub recorded_at: i64,
    pub actor: String,
}

impl From<Actual> for ActualDto {
    fn from(a: Actual) -> ActualDto {
        ActualDto {
            period: a.period,
            value: a.value,
            evidence: a.evidence,
            achieved: a.achieved,
            recorded_at: a.recorded_at,
            actor: a.actor,
        }
    }
}

/// One line of the indicator table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IndicatorRow {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    /// The target as written ("100%", "≥ 95 %", "tối thiểu 03 cơ quan").
    pub target: String,
    pub responsible_unit: Option<String>,
    pub notes: Option<String>,
    /// The actual for the period asked about.
    pub actual: Option<ActualDto>,
}

impl From<IndicatorStatus> for IndicatorRow {
    fn from(s: IndicatorStatus) -> IndicatorRow {
        IndicatorRow {
            id: s.indicator.id,
            name: s.indicator.name,
            unit: s.indicator.unit,
            target: s.indicator.target,
            responsible_unit: s.indicator.responsible_unit,
            notes: s.indicator.notes,
            actual: s.actual.map(Into::into),
        }
    }
}

/// The indicator table for one period.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct IndicatorTableDto {
    /// Period code (`2026-Q4`) and its name ("Quý IV năm 2026").
    pub period: String,
    pub period_label: String,
    /// Periods offered in the select: this year's and last year's quarters, halves, years.
    pub periods: Vec<Choice>,
    pub rows: Vec<IndicatorRow>,
}

/// The add form of an indicator.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct IndicatorForm {
    pub name: String,
    pub unit: Option<String>,
    pub target: String,
    pub responsible_unit: Option<String>,
    pub notes: Option<String>,
}

/// Records the actual of an indicator for a period.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ActualForm {
    pub indicator_id: String,
    pub period: String,
    pub value: String,
    pub evidence: Option<String>,
}

/// A few task rows for the home screen, and whether more exist.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TaskSlice {
    pub items: Vec<TaskRow>,
    /// How many there are in all.
    pub total: u32,
}

/// The plan part of "Việc cần làm hôm nay".
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PlanHomeDto {
    pub tasks_overdue: TaskSlice,
    pub tasks_due_soon: TaskSlice,
    pub meetings_today: Vec<OccurrenceDto>,
}
