//! Sync with the province: the state, enrolment with a one-time code, "Đồng bộ ngay", and the
//! documents the province sent down, registered with one action. The network work runs in the
//! background loop (`crate::sync_loop`); these commands only read its state or wake it, except
//! enrolment, which waits for the server's answer (the UI shows it is waiting).

use crate::dto::sync::{EnrolForm, InboxItemDto, InboxRegisteredDto, SyncStateDto, plain_error};
use crate::error::{AppError, CmdResult};
use crate::state::{AppState, blocking};
use tauri::State;
use vanthu_local::sync as local;
use vanthu_sync::SyncError;

fn app_error(e: SyncError) -> AppError {
    match e {
        SyncError::Local(l) => l.into(),
        other => plain_error(&other.code(), &other.to_string()).0,
    }
}

/// The name the province sees for this laptop (the computer's name).
fn host_name() -> String {
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Máy tính văn thư".into())
}

/// The address as typed, with `https://` when no scheme was given (the province's server
/// sits behind TLS) and without a trailing slash.
fn server_address(typed: &str) -> CmdResult<String> {
    let t = typed.trim().trim_end_matches('/');
    if t.is_empty() {
        return Err(AppError::new(
            "missing_field",
            "Hãy nhập địa chỉ máy chủ của tỉnh.",
        ));
    }
    if t.contains(char::is_whitespace) {
        return Err(AppError::new(
            "invalid_field",
            "Địa chỉ máy chủ không được có dấu cách.",
        ));
    }
    Ok(if t.contains("://") {
        t.to_string()
    } else {
        format!("https://{t}")
    })
}

/// The sync state: stored summary plus what the background loop is doing now.
#[tauri::command]
pub async fn sync_state(state: State<'_, AppState>) -> CmdResult<SyncStateDto> {
    let shared = state.inner().clone();
    blocking(&state, move |env| {
        let local = local::local_status(env.store.conn())?;
        Ok(SyncStateDto::new(local, shared.sync.status()))
    })
    .await
}

/// Enrols this laptop with the one-time code the province read out, then syncs at once.
#[tauri::command]
pub async fn enrol_device(state: State<'_, AppState>, form: EnrolForm) -> CmdResult<SyncStateDto> {
    let url = server_address(&form.server_url)?;
    let code = form.code.trim().to_uppercase();
    if code.is_empty() {
        return Err(AppError::new(
            "missing_field",
            "Hãy nhập mã đăng ký do tỉnh cấp.",
        ));
    }
    if state.sync.engine().is_none() {
        state.sync.start().map_err(app_error)?;
    }
    let engine = state
        .sync
        .engine()
        .ok_or_else(|| AppError::internal("đồng bộ chưa khởi động"))?;
    let resp = engine
        .enrol(&url, &code, &host_name())
        .await
        .map_err(app_error)?;
    tracing::info!(unit = %resp.unit.code, device = %resp.device_id, "enrolled with the province");
    state.sync.sync_now();
    sync_state(state).await
}

/// "Đồng bộ ngay": wakes the background loop and returns at once.
#[tauri::command]
pub async fn request_sync(state: State<'_, AppState>) -> CmdResult<SyncStateDto> {
    state.sync.sync_now();
    sync_state(state).await
}

/// Documents the province sent down that are not registered yet, newest first.
#[tauri::command]
pub async fn list_province_inbox(state: State<'_, AppState>) -> CmdResult<Vec<InboxItemDto>> {
    blocking(&state, |env| {
        let dir = env.store.data_dir().to_path_buf();
        Ok(local::list_inbox(env.store.conn(), &dir, true)?
            .into_iter()
            .map(InboxItemDto::from)
            .collect())
    })
    .await
}

/// "Vào sổ": registers a province document as an incoming document (số đến taken now, arrival
/// today), with its attachments.
#[tauri::command]
pub async fn register_province_doc(
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<InboxRegisteredDto> {
    blocking(&state, move |env| {
        let reg = env.write(|tx, ctx, dir| local::register_from_inbox(tx, ctx, dir, &id, None))?;
        tracing::info!(no = %reg.document.arrival_ref(), "province document registered");
        Ok(InboxRegisteredDto {
            id: reg.document.id.clone(),
            arrival_ref: reg.document.arrival_ref(),
            attachments: reg.attachments.len() as u32,
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::server_address;

    #[test]
    fn server_address_gets_a_scheme_and_loses_the_slash() {
        assert_eq!(
            server_address(" vanthu.tinh.gov.vn/ ").unwrap(),
            "https://vanthu.tinh.gov.vn"
        );
        assert_eq!(
            server_address("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(server_address("  ").unwrap_err().code, "missing_field");
        assert_eq!(server_address("a b").unwrap_err().code, "invalid_field");
    }
}
