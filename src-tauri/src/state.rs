//! The app's managed state: the open store behind a mutex (SQLite has one writer anyway), the
//! clock, the desktop preferences (the acting person's name until accounts exist) and the
//! background sync with the province.

use crate::error::{AppError, CmdResult};
use crate::session::Session;
use crate::sync_loop::SyncLoop;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use vanthu_local::{Clock, Context, FixedClock, Store, SystemClock};

/// File in the data directory holding [`Prefs`].
const PREFS_FILE: &str = "desktop.json";

/// Environment variable that fixes the clock (tests, demos), as `vanthu --now`.
pub const NOW_ENV: &str = "VANTHU_NOW";

/// Desktop-only preferences, kept beside the database rather than in it: they belong to this
/// laptop's shell, not to the unit's synced records.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Prefs {
    /// The person recorded in history events ("người thực hiện") in single-user mode; once
    /// accounts exist the logged-in account acts instead.
    pub actor: Option<String>,
    /// Minutes without input before the session locks (default 10; see `crate::session`).
    #[serde(default)]
    pub idle_minutes: Option<u32>,
    /// The clerk confirmed the recovery code of the encrypted store is written down; Home stops
    /// showing it.
    #[serde(default)]
    pub recovery_code_saved: bool,
}

/// Shared by every command.
pub struct Shared {
    /// `Err` when the store could not be opened (e.g. written by a newer VanThu): every command
    /// then answers with that error and the UI shows it instead of a blank window. Behind the
    /// mutex so a restore can close it and open the restored one in its place.
    store: Mutex<Result<Store, AppError>>,
    pub clock: Arc<dyn Clock>,
    pub prefs: Mutex<Prefs>,
    /// Who is logged in (when accounts exist) and the idle lock.
    pub session: Mutex<Session>,
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
    /// Sync with the province (started by the app once the runtime is up).
    pub sync: SyncLoop,
}

pub type AppState = Arc<Shared>;

/// What a command's blocking body works with.
pub struct Env<'a> {
    pub store: &'a mut Store,
    pub clock: &'a dyn Clock,
    pub actor: String,
}

impl Env<'_> {
    /// Today in Vietnam by the app's clock.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// One write transaction with the acting context and the data directory.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Context<'_>, &Path) -> vanthu_local::Result<T>,
    ) -> vanthu_local::Result<T> {
        let ctx = Context {
            actor: &self.actor,
            clock: self.clock,
        };
        let dir = self.store.data_dir().to_path_buf();
        self.store.write(|tx| f(tx, &ctx, &dir))
    }
}

impl Shared {
    /// Opens the store in `data_dir` and reads the preferences and the clock override.
    pub fn open(data_dir: PathBuf, log_dir: PathBuf) -> Shared {
        let store = Mutex::new(open_store(&data_dir));
        let clock: Arc<dyn Clock> = match std::env::var(NOW_ENV).ok().filter(|s| !s.is_empty()) {
            Some(s) => match parse_now(&s) {
                Some(ms) => Arc::new(FixedClock::new(ms)),
                None => {
                    tracing::warn!(value = %s, "{NOW_ENV} is not a valid time; using the real clock");
                    Arc::new(SystemClock)
                }
            },
            None => Arc::new(SystemClock),
        };
        let prefs: Prefs = std::fs::read_to_string(data_dir.join(PREFS_FILE))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        let accounts = store_has_accounts(&store);
        let session = Session::new(
            Arc::new(SystemClock),
            Session::idle_limit_ms(prefs.idle_minutes),
            accounts,
        );
        Shared {
            session: Mutex::new(session),
            store,
            sync: SyncLoop::new(data_dir.clone(), clock.clone()),
            clock,
            prefs: Mutex::new(prefs),
            data_dir,
            log_dir,
        }
    }

    /// The acting person: the logged-in account's username, else the name from the preferences
    /// ("Văn thư" until setup names someone, as in the CLI).
    pub fn actor(&self) -> String {
        if let Some(a) = self
            .session
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .account()
        {
            return a.username.clone();
        }
        self.prefs
            .lock()
            .map(|p| p.actor.clone())
            .ok()
            .flatten()
            .unwrap_or_else(|| "Văn thư".into())
    }

    /// Saves the preferences (write to a temporary file, then rename: never half-written).
    pub fn save_prefs(&self, prefs: Prefs) -> CmdResult<()> {
        let path = self.data_dir.join(PREFS_FILE);
        let tmp = self.data_dir.join(format!("{PREFS_FILE}.tmp"));
        let text = serde_json::to_string_pretty(&prefs).map_err(AppError::internal)?;
        std::fs::write(&tmp, text)
            .and_then(|_| std::fs::rename(&tmp, &path))
            .map_err(|e| {
                AppError::new("io", format!("Không ghi được tệp {}: {e}", path.display()))
            })?;
        *self.prefs.lock().map_err(AppError::internal)? = prefs;
        Ok(())
    }
}

/// Whether the store has accounts; a store that did not open has none to ask for.
fn store_has_accounts(store: &Mutex<Result<Store, AppError>>) -> bool {
    let slot = store.lock().unwrap_or_else(|p| p.into_inner());
    slot.as_ref()
        .ok()
        .and_then(|s| vanthu_local::accounts::accounts_exist(s.conn()).ok())
        .unwrap_or(false)
}

/// Environment variable that turns off encryption of a NEW store (demos, benchmarks). An
/// existing store opens as it is either way.
pub const ENCRYPT_ENV: &str = "VANTHU_ENCRYPT";

/// Whether a first run creates its store encrypted (the default: a commune laptop can be stolen).
fn encrypt_new_stores() -> bool {
    !std::env::var(ENCRYPT_ENV)
        .is_ok_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "off" | "0" | "no"))
}

fn open_store(data_dir: &Path) -> Result<Store, AppError> {
    let fresh = !data_dir.join(vanthu_local::store::DB_FILE).exists();
    let opened = if fresh && encrypt_new_stores() {
        // The key goes to the OS keyring (or a key file outside the data folder); the recovery
        // code is derived from it and shown on Home until the clerk says it is written down.
        let now = vanthu_local::SystemClock.now_ms();
        vanthu_local::crypto::create_encrypted(
            data_dir,
            &vanthu_local::crypto::KeyStorage::from_env(),
            now,
        )
        .map(|(store, _code, place)| {
            tracing::info!(key = %place.describe(), "new encrypted store");
            store
        })
    } else {
        Store::open(data_dir)
    };
    opened.map_err(|e| {
        tracing::error!(error = %e, dir = %data_dir.display(), "cannot open the store");
        AppError::from(e)
    })
}

/// Runs `f` with the store on a blocking thread, so the webview and the async runtime never
/// wait on SQLite or the disk. A command that wrote something wakes the background sync.
/// Once the store has accounts, `f` acts as the logged-in account and runs only with an
/// unlocked session (see `crate::session`).
pub async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut Env<'_>) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    run_blocking(state, true, f).await
}

/// [`blocking`] without the session requirement, for logging in and the session's status.
pub async fn blocking_open<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut Env<'_>) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    run_blocking(state, false, f).await
}

async fn run_blocking<T: Send + 'static>(
    state: &AppState,
    gated: bool,
    f: impl FnOnce(&mut Env<'_>) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    let shared = Arc::clone(state);
    let queued = std::time::Instant::now();
    tauri::async_runtime::spawn_blocking(move || {
        // A panic in an earlier command poisons the mutex; the store itself is still sound
        // (its transaction rolled back), so carry on with it.
        let mut slot = shared.store.lock().unwrap_or_else(|p| p.into_inner());
        let started = std::time::Instant::now();
        let _timing = Timing { queued, started };
        let store = slot.as_mut().map_err(|e| e.clone())?;
        let before = store.conn().total_changes();
        let accounts = vanthu_local::accounts::accounts_exist(store.conn())?;
        let logged_in = {
            let mut session = shared.session.lock().unwrap_or_else(|p| p.into_inner());
            if gated {
                session.actor(accounts)?
            } else {
                session.set_accounts_exist(accounts);
                None
            }
        };
        let mut env = Env {
            store,
            clock: shared.clock.as_ref(),
            actor: logged_in.unwrap_or_else(|| shared.actor()),
        };
        let result = f(&mut env);
        if env.store.conn().total_changes() != before {
            shared.sync.local_change();
        }
        result
    })
    .await
    .map_err(AppError::internal)?
}

/// Logs, at debug level, how long a command waited for the store and how long it held it (the
/// cold-start benchmark reads these to see where the time goes).
struct Timing {
    queued: std::time::Instant,
    started: std::time::Instant,
}

impl Drop for Timing {
    fn drop(&mut self) {
        tracing::debug!(
            waited_ms = (self.started - self.queued).as_millis() as u64,
            ran_ms = self.started.elapsed().as_millis() as u64,
            "store used"
        );
    }
}

/// Runs `f` on a blocking thread with the store closed (no connection of the app open), then
/// opens it again: a restore replaces the database file underneath. Stops the background sync
/// first (it has a connection of its own) and starts it again afterwards.
pub async fn with_store_closed<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Shared) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    state.sync.stop().await;
    let shared = Arc::clone(state);
    let result = tauri::async_runtime::spawn_blocking(move || {
        let mut slot = shared.store.lock().unwrap_or_else(|p| p.into_inner());
        *slot = Err(AppError::new(
            "storage",
            "Dữ liệu đang được khôi phục; hãy thử lại sau giây lát.",
        ));
        let result = f(&shared);
        *slot = open_store(&shared.data_dir);
        drop(slot);
        // The restored data may have other accounts (or none): log in again against them.
        let accounts = store_has_accounts(&shared.store);
        let mut session = shared.session.lock().unwrap_or_else(|p| p.into_inner());
        session.logout();
        session.set_accounts_exist(accounts);
        result
    })
    .await
    .map_err(AppError::internal);
    if let Err(e) = state.sync.start() {
        tracing::error!(error = %e, "cannot restart sync after the restore");
    }
    result?
}

/// Parses `VANTHU_NOW` like `vanthu --now`: RFC 3339, `yyyy-mm-ddTHH:MM` (Vietnam time) or
/// `yyyy-mm-dd` (09:00 there). Repeated from the CLI, whose parser is private to its binary.
pub fn parse_now(s: &str) -> Option<i64> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.timestamp_millis());
    }
    let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(9, 0, 0))
        })?;
    vanthu_core::time::vietnam_offset()
        .from_local_datetime(&local)
        .single()
        .map(|t| t.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_accepts_the_cli_forms() {
        let nine = parse_now("2026-11-24").unwrap();
        assert_eq!(parse_now("2026-11-24T09:00"), Some(nine));
        assert_eq!(parse_now("2026-11-24T02:00:00Z"), Some(nine));
        assert_eq!(parse_now("24/11/2026"), None);
    }

    #[test]
    fn prefs_survive_a_reopen_and_name_the_actor() {
        let dir = tempfile::tempdir().unwrap();
        let shared = Shared::open(dir.path().to_path_buf(), dir.path().join("logs"));
        assert_eq!(shared.actor(), "Văn thư");
        shared
            .save_prefs(Prefs {
                actor: Some("Trần Thị Lan".into()),
                ..Default::default()
            })
            .unwrap();
        let again = Shared::open(dir.path().to_path_buf(), dir.path().join("logs"));
        assert_eq!(again.actor(), "Trần Thị Lan");
    }

    fn unit(name: &str) -> vanthu_local::unit::UnitInput {
        vanthu_local::unit::UnitInput {
            name: name.into(),
            superior: "Ủy ban nhân dân tỉnh Thái Nguyên".into(),
            abbreviation: "UBND".into(),
            place_name: "Tân Cương".into(),
            numbering_style: "state".into(),
            commune_code: None,
            leaders: vec!["Nguyễn Văn Thắng|Chủ tịch".into()],
        }
    }

    /// The restore path of the Sao lưu screen: with the background sync running (its own
    /// connection), the store is closed, the file replaced, and the app works on the restored
    /// data afterwards, sync running again.
    #[test]
    fn a_restore_closes_and_reopens_the_store_with_sync_running() {
        use vanthu_local::backup::{create_backup, restore_backup};
        use vanthu_local::unit::{get_unit, setup_unit};
        let dir = tempfile::tempdir().unwrap();
        let shared: AppState = Arc::new(Shared::open(
            dir.path().to_path_buf(),
            dir.path().join("logs"),
        ));
        tauri::async_runtime::block_on(async {
            shared.sync.start().unwrap();
            let backups = dir.path().join("usb");
            let made = blocking(&shared, move |env| {
                env.write(|tx, ctx, _| setup_unit(tx, ctx, &unit("Xã Tân Cương")))?;
                let ctx = Context {
                    actor: &env.actor,
                    clock: env.clock,
                };
                Ok(create_backup(env.store, &ctx, &backups, "thu cong")?.path)
            })
            .await
            .unwrap();
            blocking(&shared, |env| {
                Ok(env.write(|tx, ctx, _| setup_unit(tx, ctx, &unit("Xã Đổi Tên")))?)
            })
            .await
            .unwrap();
            let engine_before = shared.sync.engine().unwrap();
            // The sync engine has read the store (its connection is open).
            engine_before.refresh_status().await.unwrap();
            with_store_closed(&shared, move |s| {
                let actor = s.actor();
                let ctx = Context {
                    actor: &actor,
                    clock: s.clock.as_ref(),
                };
                Ok(restore_backup(&made, &s.data_dir, &ctx)?)
            })
            .await
            .unwrap();
            let name = blocking(&shared, |env| {
                Ok(get_unit(env.store.conn())?.map(|u| u.name))
            })
            .await
            .unwrap();
            assert_eq!(name.as_deref(), Some("Xã Tân Cương"));
            // A fresh engine runs; the old one's connection stays closed.
            let engine_after = shared.sync.engine().expect("sync restarted");
            assert!(!Arc::ptr_eq(&engine_before, &engine_after));
            assert!(engine_before.refresh_status().await.is_err());
            assert!(!engine_after.refresh_status().await.unwrap().enrolled);
            shared.sync.stop().await;
        });
    }
}
