//! First run, the unit profile and the home screen.

use crate::dto::app::{
    AppInfo, HomeDto, KpiDto, RowSlice, SetupInput, SyncDto, UnitDto, doc_types, incoming_statuses,
    outgoing_statuses, urgencies,
};
use crate::dto::incoming::DeadlineJudge;
use crate::dto::iso;
use crate::error::{AppError, CmdResult};
use crate::state::{AppState, Env, blocking};
use chrono::Datelike;
use tauri::State;
use vanthu_core::calendar::Period;
use vanthu_core::incoming::IncomingStatus;
use vanthu_local::incoming::{IncomingFilter, list_incoming};
use vanthu_local::unit::{UnitInput, get_unit, setup_unit};

/// Rows per home list; the full list is one click away in the register.
const HOME_ROWS: u32 = 8;

fn info(env: &Env<'_>, state: &AppState) -> CmdResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        data_dir: state.data_dir.display().to_string(),
        log_dir: state.log_dir.display().to_string(),
        unit: get_unit(env.store.conn())?.map(UnitDto::from),
        actor: state
            .prefs
            .lock()
            .map_err(AppError::internal)?
            .actor
            .clone(),
        today: iso(env.today()),
        doc_types: doc_types(),
        urgencies: urgencies(),
        incoming_statuses: incoming_statuses(),
        outgoing_statuses: outgoing_statuses(),
    })
}

/// Everything the UI needs before its first screen; `unit: null` starts the setup wizard.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    let shared = state.inner().clone();
    blocking(&state, move |env| info(env, &shared)).await
}

/// Saves the unit profile and the acting person's name (setup wizard and settings).
#[tauri::command]
pub async fn setup_app(state: State<'_, AppState>, input: SetupInput) -> CmdResult<AppInfo> {
    let shared = state.inner().clone();
    blocking(&state, move |env| {
        let actor = vanthu_core::text::required_line("tên người sử dụng", &input.actor)?;
        let u = input.unit;
        let unit = UnitInput {
            name: u.name,
            superior: u.superior,
            abbreviation: u.abbreviation,
            place_name: u.place_name,
            numbering_style: u.numbering_style,
            commune_code: u.commune_code,
            leaders: u
                .leaders
                .iter()
                .filter(|l| !(l.name.trim().is_empty() && l.title.trim().is_empty()))
                .map(|l| format!("{}|{}", l.name, l.title))
                .collect(),
        };
        // Once accounts exist the logged-in account acts; the name typed here only names the
        // laptop's user in single-user mode.
        if !vanthu_local::accounts::accounts_exist(env.store.conn())? {
            env.actor = actor.clone();
        }
        env.write(|tx, ctx, _| setup_unit(tx, ctx, &unit))?;
        let mut prefs = shared.prefs.lock().map_err(AppError::internal)?.clone();
        prefs.actor = Some(actor);
        shared.save_prefs(prefs)?;
        tracing::info!("unit profile saved");
        info(env, &shared)
    })
    .await
}

/// Home's sync card, from the stored sync summary.
fn sync_card(conn: &rusqlite::Connection) -> CmdResult<SyncDto> {
    let s = vanthu_local::sync::local_status(conn)?;
    Ok(SyncDto {
        configured: s.enrolled,
        last_success_at: s.last_success_at,
        pending: s.pending,
        failing: s.enrolled && s.last_error.is_some(),
        inbox_waiting: s.inbox_waiting,
    })
}

/// "Việc cần làm hôm nay": overdue, due soon, waiting to be assigned, the quarter's KPI.
#[tauri::command]
pub async fn home(state: State<'_, AppState>) -> CmdResult<HomeDto> {
    blocking(&state, |env| {
        let today = env.today();
        let conn = env.store.conn();
        let judge = DeadlineJudge::load(conn, today)?;
        let slice = |filter: IncomingFilter| -> CmdResult<RowSlice> {
            let page = list_incoming(
                conn,
                &IncomingFilter {
                    limit: Some(HOME_ROWS),
                    ..filter
                },
            )?;
            Ok(RowSlice {
                items: page.items.iter().map(|d| judge.row(d)).collect(),
                more: page.has_more,
            })
        };
        let overdue = slice(IncomingFilter {
            overdue_on: Some(today),
            ..Default::default()
        })?;
        let due_soon = slice(IncomingFilter {
            due_between: Some(vanthu_local::calendar::due_soon_window(conn, today)?),
            ..Default::default()
        })?;
        let mut waiting = slice(IncomingFilter {
            status: Some(IncomingStatus::Registered),
            ..Default::default()
        })?;
        let submitted = slice(IncomingFilter {
            status: Some(IncomingStatus::Submitted),
            ..Default::default()
        })?;
        waiting.more |=
            submitted.more || waiting.items.len() + submitted.items.len() > HOME_ROWS as usize;
        waiting.items.extend(submitted.items);
        waiting.items.truncate(HOME_ROWS as usize);
        let quarter = Period::quarter(today.year(), today.month0() / 3 + 1)?;
        let kpi = vanthu_local::kpi::kpi_summary(conn, quarter, today)?;
        let plan = super::tasks::plan_home(env)?;
        Ok(HomeDto {
            plan,
            today: iso(today),
            overdue,
            due_soon,
            waiting,
            kpi: KpiDto::from(kpi),
            sync: sync_card(conn)?,
        })
    })
    .await
}
