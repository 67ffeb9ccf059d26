//! `vanthu task …`: plan tasks (giao việc) — add, from a document, import a plan table, assign,
//! report progress, list with overdue / due soon.

use super::Env;
use crate::output::{date, print_json, table};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use vanthu_core::calendar::item_state;
use vanthu_core::plan::task::TaskStatus;
use vanthu_local::calendar::{due_soon_days, due_soon_window, work_calendar_around};
use vanthu_local::plan::task_import::import_plan_tasks;
use vanthu_local::plan::tasks::{
    TaskFilter, TaskInput, assign_task, create_task, get_task, list_tasks, report_progress,
    task_history,
};

#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Thêm nhiệm vụ (hoặc giao việc từ văn bản đến với --from-incoming).
    Add(TaskAddArgs),
    /// Nhập bảng nhiệm vụ của kế hoạch từ tệp CSV/XLSX (phụ lục kế hoạch).
    Import {
        file: PathBuf,
        /// Tên kế hoạch, ví dụ "Kế hoạch 41-KH/TU" (mặc định: tên tệp).
        #[arg(long)]
        plan: Option<String>,
        /// Chỉ xem trước, không ghi.
        #[arg(long)]
        dry_run: bool,
        /// Bỏ qua các dòng lỗi và nhập các dòng còn lại.
        #[arg(long)]
        skip_bad_rows: bool,
        #[arg(long)]
        json: bool,
    },
    /// Danh sách nhiệm vụ.
    List {
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        assignee: Option<String>,
        #[arg(long)]
        overdue: bool,
        #[arg(long, conflicts_with = "overdue")]
        due_soon: bool,
        #[arg(long)]
        plan: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Xem một nhiệm vụ và lịch sử cập nhật (mã hoặc 8 ký tự cuối của mã).
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Giao (hoặc giao lại) nhiệm vụ.
    Assign {
        id: String,
        #[arg(long)]
        assignee: String,
        #[arg(long)]
        deadline: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Cập nhật tiến độ (0–100 %); 100 là hoàn thành.
    Progress {
        id: String,
        #[arg(long)]
        percent: i64,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

impl TaskCommand {
    pub fn json(&self) -> bool {
        match self {
            TaskCommand::Add(a) => a.json,
            TaskCommand::Import { json, .. }
            | TaskCommand::List { json, .. }
            | TaskCommand::Show { json, .. }
            | TaskCommand::Assign { json, .. }
            | TaskCommand::Progress { json, .. } => *json,
        }
    }
}

#[derive(Debug, Args)]
pub struct TaskAddArgs {
    /// Tên nhiệm vụ.
    #[arg(long)]
    pub title: Option<String>,
    /// Người đứng đầu chịu trách nhiệm.
    #[arg(long)]
    pub leader: Option<String>,
    /// Cơ quan chủ trì.
    #[arg(long)]
    pub lead_unit: Option<String>,
    /// Cơ quan phối hợp.
    #[arg(long)]
    pub coordinating: Option<String>,
    /// Kết quả, sản phẩm.
    #[arg(long)]
    pub result: Option<String>,
    /// Thời gian thực hiện, ví dụ "Quý III năm 2026".
    #[arg(long)]
    pub time_frame: Option<String>,
    #[arg(long)]
    pub deadline: Option<String>,
    #[arg(long)]
    pub assignee: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    /// Giao việc từ văn bản đến (số đến/năm hoặc mã).
    #[arg(long)]
    pub from_incoming: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn run(env: &mut Env, cmd: TaskCommand) -> anyhow::Result<()> {
    let today = env.clock.today();
    match cmd {
        TaskCommand::Add(a) => {
            let input = TaskInput {
                title: a.title,
                leader: a.leader,
                lead_unit: a.lead_unit,
                coordinating_units: a.coordinating,
                expected_result: a.result,
                time_frame: a.time_frame,
                deadline: a.deadline,
                assignee: a.assignee,
                notes: a.notes,
                from_incoming: a.from_incoming,
                ..Default::default()
            };
            let task = env.write(|tx, ctx, _| create_task(tx, ctx, &input))?;
            if a.json {
                return print_json(&task);
            }
            println!(
                "Đã thêm nhiệm vụ {} — hạn {}.",
                short(&task.id),
                date(task.deadline)
            );
            Ok(())
        }
        TaskCommand::Import {
            file,
            plan,
            dry_run,
            skip_bad_rows,
            json,
        } => {
            let plan = plan.unwrap_or_else(|| {
                file.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "Kế hoạch".into())
            });
            let report = env.write(|tx, ctx, _| {
                import_plan_tasks(tx, ctx, &file, &plan, dry_run, skip_bad_rows)
            })?;
            if json {
                print_json(&report)?;
            } else {
                let verb = if dry_run {
                    "Xem trước"
                } else {
                    "Đã nhập"
                };
                println!(
                    "{verb}: {} dòng, {} nhiệm vụ mới, {} đã có, {} dòng lỗi.",
                    report.rows,
                    report.imported,
                    report.already_present,
                    report.errors.len()
                );
                for p in &report.preview {
                    println!(
                        "- dòng {}: {} ({} → {} – {})",
                        p.line,
                        p.title,
                        p.time_frame.clone().unwrap_or_default(),
                        date(p.from),
                        date(p.to)
                    );
                }
            }
            crate::output::finish_table_import(
                "tệp kế hoạch",
                &report.errors,
                dry_run,
                skip_bad_rows,
                json,
            )
        }
        TaskCommand::List {
            status,
            assignee,
            overdue,
            due_soon,
            plan,
            json,
        } => {
            let filter = TaskFilter {
                status: status.as_deref().map(TaskStatus::parse).transpose()?,
                assignee,
                overdue_on: overdue.then_some(today),
                due_between: if due_soon {
                    Some(due_soon_window(env.store.conn(), today)?)
                } else {
                    None
                },
                plan_name: plan,
            };
            let tasks = list_tasks(env.store.conn(), &filter)?;
            if json {
                return print_json(&tasks);
            }
            let conn = env.store.conn();
            let calendar = work_calendar_around(conn, today)?;
            let threshold = due_soon_days(conn)?;
            let mut t = table(&[
                "Mã",
                "Nhiệm vụ",
                "Chủ trì",
                "Thời gian",
                "Hạn",
                "Người thực hiện",
                "Tiến độ",
                "Tình trạng",
            ]);
            for task in &tasks {
                let state = item_state(
                    task.deadline,
                    task.completed_on,
                    today,
                    threshold,
                    &calendar,
                )?;
                t.add_row(vec![
                    short(&task.id),
                    task.title.clone(),
                    task.lead_unit.clone().unwrap_or_default(),
                    task.time_frame.clone().unwrap_or_default(),
                    date(task.deadline),
                    task.assignee.clone().unwrap_or_default(),
                    format!("{} %", task.progress),
                    state.label_vi().into(),
                ]);
            }
            println!("{t}");
            Ok(())
        }
        TaskCommand::Show { id, json } => {
            let (task, history) = env.store.read(|tx| {
                let t = get_task(tx, &id)?;
                let h = task_history(tx, &t.id)?;
                Ok((t, h))
            })?;
            if json {
                return print_json(&serde_json::json!({ "task": task, "history": history }));
            }
            println!(
                "{} — {} ({} %, hạn {})",
                task.title,
                task.status.label_vi(),
                task.progress,
                date(task.deadline)
            );
            for h in history {
                println!(
                    "- {} {} {}",
                    h.action,
                    h.progress.map(|p| format!("{p} %")).unwrap_or_default(),
                    h.note.unwrap_or_default()
                );
            }
            Ok(())
        }
        TaskCommand::Assign {
            id,
            assignee,
            deadline,
            json,
        } => {
            let task =
                env.write(|tx, ctx, _| assign_task(tx, ctx, &id, &assignee, deadline.as_deref()))?;
            if json {
                return print_json(&task);
            }
            println!(
                "Đã giao nhiệm vụ cho {assignee}, hạn {}.",
                date(task.deadline)
            );
            Ok(())
        }
        TaskCommand::Progress {
            id,
            percent,
            note,
            json,
        } => {
            let task =
                env.write(|tx, ctx, _| report_progress(tx, ctx, &id, percent, note.as_deref()))?;
            if json {
                return print_json(&task);
            }
            println!("Tiến độ {} %: {}.", task.progress, task.status.label_vi());
            Ok(())
        }
    }
}

/// The last 8 characters of an id (UUIDv7's random tail), enough to name a task on the
/// command line; the leading characters are a timestamp shared by tasks made together.
pub fn short(id: &str) -> String {
    id[id.len().saturating_sub(8)..].to_string()
}
