//! The recovery code of an encrypted store on Home: shown to whoever manages backups until they
//! confirm it is written down. The code is the database key itself (with a checksum), derived
//! again each time from the key store, never written anywhere by the app.

use crate::dto::backup::RecoveryDto;
use crate::error::{AppError, CmdResult};
use crate::state::{AppState, blocking};
use tauri::State;
use vanthu_core::authz::Permission;
use vanthu_local::Context;
use vanthu_local::accounts::require;
use vanthu_local::crypto::{KeyInfo, RecoveryCode, key_for};

fn recovery(env: &mut crate::state::Env<'_>, saved: bool) -> CmdResult<RecoveryDto> {
    let dir = env.store.data_dir().to_path_buf();
    let Some(info) = KeyInfo::read(&dir)? else {
        return Ok(RecoveryDto {
            encrypted: false,
            key_place: None,
            code: None,
        });
    };
    let ctx = Context {
        actor: &env.actor,
        clock: env.clock,
    };
    let may_see = require(env.store.conn(), &ctx, Permission::ManageBackups).is_ok();
    let code = if saved || !may_see {
        None
    } else {
        key_for(&dir)?.map(|k| RecoveryCode::of(&k).as_str().to_string())
    };
    Ok(RecoveryDto {
        encrypted: true,
        key_place: Some(info.key_place.describe()),
        code,
    })
}

/// Home's encryption card.
#[tauri::command]
pub async fn recovery_status(state: State<'_, AppState>) -> CmdResult<RecoveryDto> {
    let saved = state
        .prefs
        .lock()
        .map_err(AppError::internal)?
        .recovery_code_saved;
    blocking(&state, move |env| recovery(env, saved)).await
}

/// "Tôi đã chép và cất giữ mã": Home stops showing the code on this laptop.
#[tauri::command]
pub async fn confirm_recovery_code_saved(state: State<'_, AppState>) -> CmdResult<RecoveryDto> {
    let shared = state.inner().clone();
    blocking(&state, move |env| {
        let ctx = Context {
            actor: &env.actor,
            clock: env.clock,
        };
        require(env.store.conn(), &ctx, Permission::ManageBackups)?;
        let mut prefs = shared.prefs.lock().map_err(AppError::internal)?.clone();
        prefs.recovery_code_saved = true;
        shared.save_prefs(prefs)?;
        recovery(env, true)
    })
    .await
}
