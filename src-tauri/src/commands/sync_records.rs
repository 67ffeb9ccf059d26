//! Per-record sync state (the badge on a document and the register's mark) and the conflict
//! log with its "Đã xem". Reads only, except the acknowledgement, which is local state: it
//! writes no outbox entry and wakes no sync.

use crate::dto::sync_records::{ConflictLogDto, RecordSyncDto};
use crate::error::{AppError, CmdResult};
use crate::state::{AppState, blocking};
use tauri::State;
use vanthu_local::sync as local;

/// A register page is 50 rows; a caller asking for far more is a bug, not a bigger page.
const MAX_IDS: usize = 500;

/// The sync state of one record (`entity`: `incoming_document`, `outgoing_document`, …).
#[tauri::command]
pub async fn record_sync_state(
    state: State<'_, AppState>,
    entity: String,
    id: String,
) -> CmdResult<RecordSyncDto> {
    blocking(&state, move |env| {
        let s = local::record_state(env.store.conn(), &entity, &id)?;
        Ok(RecordSyncDto::new(id, s))
    })
    .await
}

/// The states of a page of records of one kind, in the order asked.
#[tauri::command]
pub async fn record_sync_states(
    state: State<'_, AppState>,
    entity: String,
    ids: Vec<String>,
) -> CmdResult<Vec<RecordSyncDto>> {
    if ids.len() > MAX_IDS {
        return Err(AppError::new(
            "invalid_field",
            format!("Chỉ hỏi được tối đa {MAX_IDS} bản ghi một lần."),
        ));
    }
    blocking(&state, move |env| {
        let states = local::record_states(env.store.conn(), &entity, &ids)?;
        Ok(ids
            .into_iter()
            .zip(states)
            .map(|(id, s)| RecordSyncDto::new(id, s))
            .collect())
    })
    .await
}

fn log_of(conn: &rusqlite::Connection) -> CmdResult<ConflictLogDto> {
    Ok(ConflictLogDto {
        entries: local::conflict_log(conn)?
            .into_iter()
            .map(Into::into)
            .collect(),
        unseen: local::unseen_conflicts(conn)?,
    })
}

/// "Xung đột đã giải quyết", newest first.
#[tauri::command]
pub async fn sync_conflict_log(state: State<'_, AppState>) -> CmdResult<ConflictLogDto> {
    blocking(&state, |env| log_of(env.store.conn())).await
}

/// How many conflicts are new (the count beside the Đồng bộ menu item).
#[tauri::command]
pub async fn unseen_sync_conflicts(state: State<'_, AppState>) -> CmdResult<i64> {
    blocking(&state, |env| Ok(local::unseen_conflicts(env.store.conn())?)).await
}

/// "Đã xem": acknowledges the entries the clerk had on screen.
#[tauri::command]
pub async fn acknowledge_sync_conflicts(
    state: State<'_, AppState>,
    ids: Vec<String>,
) -> CmdResult<ConflictLogDto> {
    blocking(&state, move |env| {
        let now = env.clock.now_ms();
        let n = env.write(|tx, _, _| local::acknowledge_conflicts(tx, &ids, now))?;
        tracing::info!(acknowledged = n, "sync conflicts acknowledged");
        log_of(env.store.conn())
    })
    .await
}
