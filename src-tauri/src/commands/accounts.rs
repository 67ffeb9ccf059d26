//! Logging in and out, the lock, passwords, the accounts of Cài đặt → Người dùng, and the idle
//! limit. Who may manage accounts is decided by the use cases in `vanthu_local::accounts`; these
//! commands only keep the session (`crate::session`) in step with them.

use crate::dto::Choice;
use crate::dto::accounts::{
    AccountChangeForm, AccountDto, AuthStatusDto, NewAccountForm, permissions_of,
};
use crate::error::{AppError, CmdResult};
use crate::session::{IDLE_MINUTES_RANGE, LOGIN_REQUIRED, Session};
use crate::state::{AppState, Env, Shared, blocking, blocking_open};
use tauri::State;
use vanthu_core::authz::{Permission, Role};
use vanthu_local::Context;
use vanthu_local::accounts::{
    AccountInput, authenticate, change_password as change_own_password, create_account,
    list_accounts, require, update_account,
};

fn session(shared: &Shared) -> std::sync::MutexGuard<'_, Session> {
    shared.session.lock().unwrap_or_else(|p| p.into_inner())
}

/// The session as the UI needs it, with the account read afresh (its role may have changed).
fn status(env: &Env<'_>, shared: &Shared) -> CmdResult<AuthStatusDto> {
    let snap = session(shared).snapshot();
    let conn = env.store.conn();
    let user = match &snap.account {
        Some(a) => list_accounts(conn)?
            .into_iter()
            .find(|x| x.id == a.id)
            .or_else(|| Some(a.clone())),
        None => None,
    };
    let permissions = match (&user, snap.accounts_exist) {
        (_, false) => permissions_of(None),
        (Some(u), true) if u.active && !snap.locked => permissions_of(Some(u.role)),
        _ => Vec::new(),
    };
    let minutes = shared
        .prefs
        .lock()
        .map_err(AppError::internal)?
        .idle_minutes
        .unwrap_or(crate::session::DEFAULT_IDLE_MINUTES);
    Ok(AuthStatusDto {
        accounts_exist: snap.accounts_exist,
        user: user.map(AccountDto::from),
        locked: snap.locked,
        idle_seconds: (snap.idle_limit_ms / 1000).clamp(1, u32::MAX as i64) as u32,
        idle_minutes: minutes,
        permissions,
        unit_name: vanthu_local::unit::get_unit(conn)?.map(|u| u.name),
        roles: Role::ALL
            .iter()
            .map(|r| Choice::new(r.code(), r.label_vi()))
            .collect(),
    })
}

/// Whether accounts exist, who is logged in, whether the session is locked.
#[tauri::command]
pub async fn auth_status(state: State<'_, AppState>) -> CmdResult<AuthStatusDto> {
    let shared = state.inner().clone();
    blocking_open(&state, move |env| status(env, &shared)).await
}

/// Logs in. The same message for an unknown user and a wrong password.
#[tauri::command]
pub async fn login(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> CmdResult<AuthStatusDto> {
    let shared = state.inner().clone();
    blocking_open(&state, move |env| {
        let account = authenticate(env.store.conn(), &username, &password)?;
        tracing::info!(user = %account.username, "logged in");
        session(&shared).login(account);
        status(env, &shared)
    })
    .await
}

/// Ends the session (also from the lock screen, to switch user).
#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> CmdResult<AuthStatusDto> {
    let shared = state.inner().clone();
    blocking_open(&state, move |env| {
        session(&shared).logout();
        status(env, &shared)
    })
    .await
}

/// Locks the session now (the UI calls it when its idle timer runs out, or on request).
#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> CmdResult<AuthStatusDto> {
    let shared = state.inner().clone();
    blocking_open(&state, move |env| {
        session(&shared).lock();
        status(env, &shared)
    })
    .await
}

/// Unlocks with the logged-in account's own password.
#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, password: String) -> CmdResult<AuthStatusDto> {
    let shared = state.inner().clone();
    blocking_open(&state, move |env| {
        let Some(username) = session(&shared).account().map(|a| a.username.clone()) else {
            return Err(AppError::new(LOGIN_REQUIRED, "Hãy đăng nhập để tiếp tục."));
        };
        let account = authenticate(env.store.conn(), &username, &password)?;
        let mut s = session(&shared);
        s.refresh(account);
        s.unlock();
        drop(s);
        status(env, &shared)
    })
    .await
}

/// Counts as activity for the idle limit (the UI calls it while someone types in a long form
/// without saving); the gate in front of every command does the rest.
#[tauri::command]
pub async fn touch_session() -> CmdResult<()> {
    Ok(())
}

/// The logged-in user changes their own password (required first when it was set by the
/// focal point).
#[tauri::command]
pub async fn change_password(
    state: State<'_, AppState>,
    old: String,
    new: String,
) -> CmdResult<AuthStatusDto> {
    let shared = state.inner().clone();
    blocking(&state, move |env| {
        env.write(|tx, ctx, _| change_own_password(tx, ctx, &old, &new))?;
        let me = list_accounts(env.store.conn())?
            .into_iter()
            .find(|a| a.username == env.actor);
        if let Some(me) = me {
            session(&shared).refresh(me);
        }
        status(env, &shared)
    })
    .await
}

/// Every account (Cài đặt → Người dùng).
#[tauri::command]
pub async fn list_user_accounts(state: State<'_, AppState>) -> CmdResult<Vec<AccountDto>> {
    blocking(&state, |env| {
        Ok(list_accounts(env.store.conn())?
            .into_iter()
            .map(AccountDto::from)
            .collect())
    })
    .await
}

/// Creates an account. The first one (made in single-user mode, from the setup wizard or
/// Cài đặt) must be the focal point's, and logs them in: from then on the app asks for a login.
#[tauri::command]
pub async fn create_user_account(
    state: State<'_, AppState>,
    form: NewAccountForm,
) -> CmdResult<AccountDto> {
    let shared = state.inner().clone();
    blocking(&state, move |env| {
        let first = !vanthu_local::accounts::accounts_exist(env.store.conn())?;
        let input = AccountInput {
            username: form.username,
            full_name: form.full_name,
            role: form.role,
            password: form.password,
        };
        let account = env.write(|tx, ctx, _| create_account(tx, ctx, &input))?;
        tracing::info!(user = %account.username, role = account.role.code(), first, "account created");
        if first {
            session(&shared).login(account.clone());
        }
        Ok(AccountDto::from(account))
    })
    .await
}

/// Changes an account's role, locks or unlocks it, or resets its password.
#[tauri::command]
pub async fn update_user_account(
    state: State<'_, AppState>,
    form: AccountChangeForm,
) -> CmdResult<AccountDto> {
    let shared = state.inner().clone();
    blocking(&state, move |env| {
        let password = form
            .new_password
            .as_deref()
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        let account = env.write(|tx, ctx, _| {
            update_account(
                tx,
                ctx,
                &form.username,
                password.as_deref(),
                form.role.as_deref(),
                form.active,
            )
        })?;
        session(&shared).refresh(account.clone());
        Ok(AccountDto::from(account))
    })
    .await
}

/// Sets the idle limit (minutes, kept in this laptop's preferences). Changing it is a unit
/// setting: the same permission as the rest of Cài đặt, checked by the accounts module.
#[tauri::command]
pub async fn set_idle_minutes(
    state: State<'_, AppState>,
    minutes: u32,
) -> CmdResult<AuthStatusDto> {
    let shared = state.inner().clone();
    blocking(&state, move |env| {
        let ctx = Context {
            actor: &env.actor,
            clock: env.clock,
        };
        require(env.store.conn(), &ctx, Permission::ManageSettings)?;
        if !IDLE_MINUTES_RANGE.contains(&minutes) {
            return Err(AppError::new(
                "invalid_field",
                format!(
                    "Thời gian tự khóa phải từ {} đến {} phút.",
                    IDLE_MINUTES_RANGE.start(),
                    IDLE_MINUTES_RANGE.end()
                ),
            ));
        }
        let mut prefs = shared.prefs.lock().map_err(AppError::internal)?.clone();
        prefs.idle_minutes = Some(minutes);
        shared.save_prefs(prefs)?;
        session(&shared).set_idle_limit_ms(Session::idle_limit_ms(Some(minutes)));
        status(env, &shared)
    })
    .await
}
