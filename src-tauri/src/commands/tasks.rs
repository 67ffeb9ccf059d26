//! Tasks (giao việc): the table with filters, add, assign, progress, and importing a plan's
//! task table (preview first, then all or nothing or skipping bad rows).

use crate::dto::incoming::DeadlineJudge;
use crate::dto::plan::{
    PlanHomeDto, PlanImportDto, PlanImportForm, TaskDetail, TaskForm, TaskListDto, TaskQuery,
    TaskSlice, task_row,
};
use crate::dto::{Choice, given};
use crate::error::CmdResult;
use crate::state::{AppState, Env, blocking};
use std::path::PathBuf;
use tauri::{AppHandle, State};
use vanthu_core::plan::task::TaskStatus;
use vanthu_local::plan::task_import::import_plan_tasks;
use vanthu_local::plan::tasks::{
    TaskFilter, TaskInput, assign_task, create_task, get_task, list_tasks, report_progress,
    task_history,
};

/// Rows per home list; the full list is one click away.
const HOME_ROWS: usize = 6;

fn statuses() -> Vec<Choice> {
    [
        TaskStatus::NotStarted,
        TaskStatus::InProgress,
        TaskStatus::Done,
    ]
    .into_iter()
    .map(|s| Choice::new(s.code(), s.label_vi()))
    .collect()
}

fn filter_of(env: &Env<'_>, q: &TaskQuery) -> CmdResult<TaskFilter> {
    let today = env.today();
    Ok(TaskFilter {
        status: given(&q.status)
            .map(|s| TaskStatus::parse(&s))
            .transpose()?,
        assignee: given(&q.assignee),
        overdue_on: (q.view.as_deref() == Some("overdue")).then_some(today),
        due_between: match q.view.as_deref() {
            Some("due_soon") => Some(vanthu_local::calendar::due_soon_window(
                env.store.conn(),
                today,
            )?),
            _ => None,
        },
        plan_name: given(&q.plan),
    })
}

/// The task table, earliest deadline first, with the plans and assignees for the filters.
#[tauri::command]
pub async fn list_task_rows(
    state: State<'_, AppState>,
    query: TaskQuery,
) -> CmdResult<TaskListDto> {
    blocking(&state, move |env| {
        let filter = filter_of(env, &query)?;
        let conn = env.store.conn();
        let judge = DeadlineJudge::load(conn, env.today())?;
        let items = list_tasks(conn, &filter)?
            .iter()
            .map(|t| task_row(&judge, t))
            .collect();
        let all = list_tasks(conn, &TaskFilter::default())?;
        let distinct = |f: fn(&vanthu_local::plan::tasks::Task) -> Option<&String>| {
            let mut v: Vec<String> = all.iter().filter_map(|t| f(t).cloned()).collect();
            v.sort();
            v.dedup();
            v
        };
        Ok(TaskListDto {
            items,
            statuses: statuses(),
            plans: distinct(|t| t.plan_name.as_ref()),
            assignees: distinct(|t| t.assignee.as_ref()),
        })
    })
    .await
}

fn detail(env: &Env<'_>, id: &str) -> CmdResult<TaskDetail> {
    let conn = env.store.conn();
    let task = get_task(conn, id)?;
    let judge = DeadlineJudge::load(conn, env.today())?;
    let source = match &task.source_incoming_id {
        Some(sid) => Some(vanthu_local::incoming::get_incoming(conn, sid)?.arrival_ref()),
        None => None,
    };
    let history = task_history(conn, &task.id)?;
    Ok(TaskDetail::new(
        task_row(&judge, &task),
        task,
        source,
        history,
    ))
}

/// One task with its history; `id` may be its last 8 characters.
#[tauri::command]
pub async fn get_task_detail(state: State<'_, AppState>, id: String) -> CmdResult<TaskDetail> {
    blocking(&state, move |env| detail(env, &id)).await
}

/// Adds a task; the time frame text is parsed into dates by the use case.
#[tauri::command]
pub async fn create_task_item(state: State<'_, AppState>, form: TaskForm) -> CmdResult<TaskDetail> {
    blocking(&state, move |env| {
        let input = TaskInput {
            title: given(&Some(form.title.clone())),
            leader: given(&form.leader),
            lead_unit: given(&form.lead_unit),
            coordinating_units: given(&form.coordinating_units),
            expected_result: given(&form.expected_result),
            time_frame: given(&form.time_frame),
            deadline: given(&form.deadline),
            assignee: given(&form.assignee),
            notes: given(&form.notes),
            from_incoming: given(&form.from_incoming),
            ..Default::default()
        };
        let task = env.write(|tx, ctx, _| create_task(tx, ctx, &input))?;
        tracing::info!(id = %task.id, "task created");
        detail(env, &task.id)
    })
    .await
}

/// Assigns (or reassigns) a task, optionally with a deadline (dd/mm/yyyy).
#[tauri::command]
pub async fn assign_task_item(
    state: State<'_, AppState>,
    id: String,
    assignee: String,
    deadline: Option<String>,
) -> CmdResult<TaskDetail> {
    blocking(&state, move |env| {
        let deadline = given(&deadline);
        let task =
            env.write(|tx, ctx, _| assign_task(tx, ctx, &id, &assignee, deadline.as_deref()))?;
        detail(env, &task.id)
    })
    .await
}

/// Records progress (0–100 %) with a note; 100 % completes the task.
#[tauri::command]
pub async fn report_task_progress(
    state: State<'_, AppState>,
    id: String,
    percent: i64,
    note: Option<String>,
) -> CmdResult<TaskDetail> {
    blocking(&state, move |env| {
        let note = given(&note);
        let task =
            env.write(|tx, ctx, _| report_progress(tx, ctx, &id, percent, note.as_deref()))?;
        detail(env, &task.id)
    })
    .await
}

/// Lets the clerk pick the plan's table (.csv, .xlsx, .xls). `None` when cancelled.
#[tauri::command]
pub async fn pick_plan_file(app: AppHandle) -> CmdResult<Option<String>> {
    super::pick_table_file(app, "Chọn bảng nhiệm vụ của kế hoạch").await
}

/// Imports (or, with `dry_run`, previews) a plan's task table. With bad rows and without
/// `skip_bad_rows` nothing is written; the report lists the rows' errors either way.
#[tauri::command]
pub async fn import_plan_file(
    state: State<'_, AppState>,
    form: PlanImportForm,
) -> CmdResult<PlanImportDto> {
    blocking(&state, move |env| {
        let path = PathBuf::from(form.path.trim());
        let plan = given(&form.plan_name).unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Kế hoạch".into())
        });
        let report = env.write(|tx, ctx, _| {
            import_plan_tasks(tx, ctx, &path, &plan, form.dry_run, form.skip_bad_rows)
        })?;
        tracing::info!(
            dry_run = form.dry_run,
            imported = report.imported,
            errors = report.errors.len(),
            "plan table import"
        );
        Ok(report.into())
    })
    .await
}

/// The tasks and meetings part of the home screen: overdue and due-soon open tasks, and the
/// meetings of today (Vietnam time).
pub fn plan_home(env: &Env<'_>) -> CmdResult<PlanHomeDto> {
    let today = env.today();
    let conn = env.store.conn();
    let judge = DeadlineJudge::load(conn, today)?;
    let slice = |filter: TaskFilter| -> CmdResult<TaskSlice> {
        let all = list_tasks(conn, &filter)?;
        Ok(TaskSlice {
            total: all.len() as u32,
            items: all
                .iter()
                .take(HOME_ROWS)
                .map(|t| task_row(&judge, t))
                .collect(),
        })
    };
    let tasks_overdue = slice(TaskFilter {
        overdue_on: Some(today),
        ..Default::default()
    })?;
    let tasks_due_soon = slice(TaskFilter {
        due_between: Some(vanthu_local::calendar::due_soon_window(conn, today)?),
        ..Default::default()
    })?;
    let from = vanthu_core::time::vietnam_midnight_ms(today);
    let meetings_today = vanthu_local::plan::meetings::occurrences(conn, from, from + 86_400_000)?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(PlanHomeDto {
        tasks_overdue,
        tasks_due_soon,
        meetings_today,
    })
}
