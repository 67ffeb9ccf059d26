//! Tasks: created by hand, from an incoming document, or imported from a plan's appendix table.
//! A task's deadline is the leader's date, else the end of its time frame.

use crate::outbox::{self, Op};
use crate::store::exec;
use crate::{Context, LocalError, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use vanthu_core::CoreError;
use vanthu_core::plan::task::{TaskStatus, progress_status};
use vanthu_core::plan::timeframe::TimeFrame;
use vanthu_core::text::{fold, normalize_block, optional_line, required_line};
use vanthu_core::time::parse_date;

/// A stored task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: String,
    pub title: String,
    /// Người đứng đầu chịu trách nhiệm.
    pub leader: Option<String>,
    /// Cơ quan chủ trì.
    pub lead_unit: Option<String>,
    /// Cơ quan phối hợp.
    pub coordinating_units: Option<String>,
    /// Kết quả, sản phẩm.
    pub expected_result: Option<String>,
    /// Thời gian thực hiện as written.
    pub time_frame: Option<String>,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
    pub notes: Option<String>,
    pub assignee: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub progress: i64,
    pub status: TaskStatus,
    pub completed_on: Option<NaiveDate>,
    pub result: Option<String>,
    pub source_incoming_id: Option<String>,
    pub plan_name: Option<String>,
    pub plan_row: Option<i64>,
    pub last_update_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

const COLUMNS: &str =
    "id, title, leader, lead_unit, coordinating_units, expected_result, time_frame,
    period_from, period_to, notes, assignee, deadline, progress, status, completed_on, result,
    source_incoming_id, plan_name, plan_row, last_update_at, created_at, updated_at, version";

impl Task {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Task> {
        let status: String = r.get(13)?;
        Ok(Task {
            id: r.get(0)?,
            title: r.get(1)?,
            leader: r.get(2)?,
            lead_unit: r.get(3)?,
            coordinating_units: r.get(4)?,
            expected_result: r.get(5)?,
            time_frame: r.get(6)?,
            period_from: r.get(7)?,
            period_to: r.get(8)?,
            notes: r.get(9)?,
            assignee: r.get(10)?,
            deadline: r.get(11)?,
            progress: r.get(12)?,
            status: TaskStatus::parse(&status).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    13,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
            completed_on: r.get(14)?,
            result: r.get(15)?,
            source_incoming_id: r.get(16)?,
            plan_name: r.get(17)?,
            plan_row: r.get(18)?,
            last_update_at: r.get(19)?,
            created_at: r.get(20)?,
            updated_at: r.get(21)?,
            version: r.get(22)?,
        })
    }
}

/// A new task as raw text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TaskInput {
    pub title: Option<String>,
    pub leader: Option<String>,
    pub lead_unit: Option<String>,
    pub coordinating_units: Option<String>,
    pub expected_result: Option<String>,
    pub time_frame: Option<String>,
    pub deadline: Option<String>,
    pub assignee: Option<String>,
    pub notes: Option<String>,
    /// Giao việc từ văn bản: the incoming document (id or `số đến/năm`).
    pub from_incoming: Option<String>,
    pub plan_name: Option<String>,
    pub plan_row: Option<i64>,
}

/// One progress report or status step, kept as history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskUpdate {
    pub id: String,
    pub task_id: String,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub progress: Option<i64>,
    pub note: Option<String>,
}

fn block(field: &'static str, v: Option<&str>) -> Result<Option<String>, CoreError> {
    Ok(match v {
        Some(s) => Some(normalize_block(field, s)?).filter(|s| !s.is_empty()),
        None => None,
    })
}

/// Creates a task. With `from_incoming`, the title and deadline default to the document's.
pub fn create_task(tx: &Transaction<'_>, ctx: &Context<'_>, input: &TaskInput) -> Result<Task> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::ManagePlans)?;
    let source = match input.from_incoming.as_deref().map(str::trim) {
        Some(r) if !r.is_empty() => {
            let id = crate::incoming::resolve_ref(tx, r)?;
            Some(crate::incoming::get_incoming(tx, &id)?)
        }
        _ => None,
    };
    let title = match (
        optional_line("tên nhiệm vụ", input.title.as_deref())?,
        &source,
    ) {
        (Some(t), _) => t,
        (None, Some(doc)) => format!(
            "Thực hiện {} {} của {}: {}",
            doc.doc_type.name_vi().to_lowercase(),
            doc.symbol,
            doc.issuer,
            doc.summary
        ),
        (None, None) => {
            return Err(CoreError::MissingField {
                field: "tên nhiệm vụ",
            }
            .into());
        }
    };
    let frame = match input.time_frame.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Some(TimeFrame::parse(t)?),
        _ => None,
    };
    let explicit = match input.deadline.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => Some(parse_date("thời hạn", d)?),
        _ => None,
    };
    let deadline = explicit
        .or_else(|| frame.as_ref().and_then(|f| f.to))
        .or_else(|| source.as_ref().and_then(|d| d.deadline));
    let now = ctx.clock.now_ms();
    let id = ctx.new_id();
    let plan_name = optional_line("tên kế hoạch", input.plan_name.as_deref())?;
    let import_key = plan_name.as_ref().map(|p| {
        format!(
            "{}#{}#{}",
            fold(p),
            input.plan_row.unwrap_or(0),
            fold(&title)
        )
    });
    exec(
        tx,
        &format!(
            "INSERT INTO tasks (id, title, title_key, leader, lead_unit, coordinating_units,
                 expected_result, time_frame, period_from, period_to, notes, assignee, deadline,
                 progress, status, source_incoming_id, plan_name, plan_row, import_key,
                 last_update_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0, '{}', ?14, ?15,
                 ?16, ?17, ?18, ?18, ?18)",
            TaskStatus::NotStarted.code()
        ),
        rusqlite::params![
            id,
            required_line("tên nhiệm vụ", &title)?,
            fold(&title),
            optional_line("người chịu trách nhiệm", input.leader.as_deref())?,
            optional_line("cơ quan chủ trì", input.lead_unit.as_deref())?,
            optional_line("cơ quan phối hợp", input.coordinating_units.as_deref())?,
            block("kết quả", input.expected_result.as_deref())?,
            frame.as_ref().map(|f| f.original.clone()),
            frame.as_ref().and_then(|f| f.from),
            frame.as_ref().and_then(|f| f.to),
            block("ghi chú", input.notes.as_deref())?,
            optional_line("người thực hiện", input.assignee.as_deref())?,
            deadline,
            source.as_ref().map(|d| d.id.clone()),
            plan_name,
            input.plan_row,
            import_key,
            now,
        ],
    )
    .map_err(|e| match e {
        LocalError::Db(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            LocalError::Duplicate {
                existing: format!("nhiệm vụ \"{title}\" của kế hoạch này"),
            }
        }
        other => other,
    })?;
    log(tx, ctx, &id, "create", Some(0), None)?;
    finish(tx, ctx, &id)
}

/// Reports progress (0–100 %) with a dated note; 100 % completes the task.
pub fn report_progress(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    id: &str,
    percent: i64,
    note: Option<&str>,
) -> Result<Task> {
    let task = get_task(tx, id)?;
    crate::accounts::require_handler(tx, ctx, task.assignee.as_deref())?;
    let status = progress_status(task.status, percent)?;
    let note = block("nội dung cập nhật", note)?;
    let done = (status == TaskStatus::Done).then(|| ctx.clock.today());
    exec(
        tx,
        "UPDATE tasks SET progress = ?2, status = ?3, completed_on = ?4, result = coalesce(?5, result),
             last_update_at = ?6, updated_at = ?6, version = version + 1 WHERE id = ?1",
        rusqlite::params![task.id, percent, status.code(), done, done.and(note.clone()), ctx.clock.now_ms()],
    )?;
    log(tx, ctx, &task.id, "progress", Some(percent), note)?;
    finish(tx, ctx, &task.id)
}

/// Assigns (or reassigns) the task, optionally with the leader's deadline.
pub fn assign_task(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    id: &str,
    assignee: &str,
    deadline: Option<&str>,
) -> Result<Task> {
    let task = get_task(tx, id)?;
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::AssignWork)?;
    if task.status == TaskStatus::Done {
        return Err(CoreError::InvalidTransition {
            state: task.status.label_vi().into(),
            action: "giao việc".into(),
        }
        .into());
    }
    let assignee = required_line("người thực hiện", assignee)?;
    let deadline = match deadline.map(str::trim) {
        Some(d) if !d.is_empty() => Some(parse_date("thời hạn", d)?),
        _ => task.deadline,
    };
    exec(
        tx,
        "UPDATE tasks SET assignee = ?2, deadline = ?3, last_update_at = ?4, updated_at = ?4,
             version = version + 1 WHERE id = ?1",
        rusqlite::params![task.id, assignee, deadline, ctx.clock.now_ms()],
    )?;
    log(
        tx,
        ctx,
        &task.id,
        "assign",
        None,
        Some(format!("Giao cho {assignee}")),
    )?;
    finish(tx, ctx, &task.id)
}

fn log(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    task_id: &str,
    action: &str,
    progress: Option<i64>,
    note: Option<String>,
) -> Result<()> {
    let update = TaskUpdate {
        id: ctx.new_id(),
        task_id: task_id.into(),
        at: ctx.clock.now_ms(),
        actor: ctx.actor.into(),
        action: action.into(),
        progress,
        note,
    };
    exec(
        tx,
        "INSERT INTO task_updates (id, task_id, at, actor, action, progress, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![
            update.id,
            update.task_id,
            update.at,
            update.actor,
            update.action,
            update.progress,
            update.note
        ],
    )?;
    outbox::record(tx, ctx, "task_update", &update.id, Op::Append, &update)
}

fn finish(tx: &Transaction<'_>, ctx: &Context<'_>, id: &str) -> Result<Task> {
    let task = get_task(tx, id)?;
    outbox::record(tx, ctx, "task", id, Op::Upsert, &task)?;
    Ok(task)
}

/// One task by id, or by the unique last 8+ characters of its id (as lists print it).
pub fn get_task(conn: &Connection, reference: &str) -> Result<Task> {
    let r = reference.trim();
    let found = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM tasks WHERE id = ?1"))?
        .query_row([r], Task::from_row)
        .optional()?;
    if let Some(t) = found {
        return Ok(t);
    }
    if r.len() >= 8 {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM tasks WHERE id LIKE '%' || ?1 LIMIT 2"
        ))?;
        let matches: Vec<Task> = stmt
            .query_map([r], Task::from_row)?
            .collect::<Result<_, _>>()?;
        if matches.len() == 1 {
            return Ok(matches.into_iter().next().expect("one"));
        }
    }
    Err(LocalError::NotFound {
        what: "nhiệm vụ",
        key: r.into(),
    })
}

/// The task's history, oldest first.
pub fn task_history(conn: &Connection, id: &str) -> Result<Vec<TaskUpdate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, task_id, at, actor, action, progress, note FROM task_updates WHERE task_id = ?1 ORDER BY at, rowid",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(TaskUpdate {
            id: r.get(0)?,
            task_id: r.get(1)?,
            at: r.get(2)?,
            actor: r.get(3)?,
            action: r.get(4)?,
            progress: r.get(5)?,
            note: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Filters for the task list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TaskFilter {
    pub status: Option<TaskStatus>,
    pub assignee: Option<String>,
    /// Open tasks whose deadline is before this date.
    pub overdue_on: Option<NaiveDate>,
    /// Open tasks whose deadline lies in this range.
    pub due_between: Option<(NaiveDate, NaiveDate)>,
    pub plan_name: Option<String>,
}

/// Tasks, earliest deadline first (no deadline last).
pub fn list_tasks(conn: &Connection, f: &TaskFilter) -> Result<Vec<Task>> {
    let mut clauses = vec!["1 = 1".to_string()];
    let mut params: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(s) = f.status {
        clauses.push("status = ?".into());
        params.push(s.code().to_string().into());
    }
    if let Some(a) = &f.assignee {
        clauses.push("assignee = ?".into());
        params.push(a.trim().to_string().into());
    }
    if let Some(p) = &f.plan_name {
        clauses.push("plan_name = ?".into());
        params.push(p.trim().to_string().into());
    }
    if let Some(d) = f.overdue_on {
        clauses.push("status != 'done' AND deadline < ?".into());
        params.push(d.to_string().into());
    }
    if let Some((a, b)) = f.due_between {
        clauses.push("status != 'done' AND deadline >= ? AND deadline <= ?".into());
        params.push(a.to_string().into());
        params.push(b.to_string().into());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM tasks WHERE {} ORDER BY deadline IS NULL, deadline, plan_row, created_at",
        clauses.join(" AND ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params), Task::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}
