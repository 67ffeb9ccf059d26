//! Who is using the app: the logged-in account, its lock, and the idle limit.
//!
//! Single-user mode (no account in the store) works as before login existed. Once an account
//! exists, every command except the few that let someone log in needs a session; the session's
//! username is the `Context.actor` the use cases check permissions for. The idle lock is enforced
//! here as well as in the UI: every admitted command counts as activity, and a command arriving
//! after the idle limit locks the session and is refused, so a script talking to the webview's
//! IPC cannot outlast the lock screen.
//!
//! Permission checks stay in the use cases (`vanthu_local::accounts::require`); this module only
//! decides *who* acts, never *what* they may do.

use crate::error::AppError;
use crate::state::AppState;
use std::sync::{Arc, Mutex};
use tauri::ipc::Invoke;
use tauri::{Manager, Runtime};
use vanthu_local::Clock;
use vanthu_local::accounts::Account;

/// The idle limit when the settings name none.
pub const DEFAULT_IDLE_MINUTES: u32 = 10;

/// The range the Cài đặt screen accepts: a lock can be postponed, never switched off.
pub const IDLE_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=120;

/// FOR TESTS: the idle limit in seconds, overriding the setting (the end-to-end tests cannot
/// wait ten minutes). Not meant for production use.
pub const IDLE_SECONDS_ENV: &str = "VANTHU_IDLE_SECONDS";

/// Code of a refusal for want of a login: the UI shows the login screen.
pub const LOGIN_REQUIRED: &str = "login_required";
/// Code of a refusal because the session is locked (by the user or the idle limit): the UI shows
/// the lock screen.
pub const LOCKED: &str = "locked";
/// Code of a refusal until the initial password has been changed.
pub const MUST_CHANGE_PASSWORD: &str = "must_change_password";

/// What a command needs from the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Nothing: status, login, logout (switching user from the lock screen), the ready ping.
    Nothing,
    /// A session, locked or not: lock and unlock.
    Session,
    /// An unlocked session whose initial password may still be pending: changing it.
    Unlocked,
    /// An unlocked session with a password of the user's own: everything else.
    Full,
    /// As [`Need::Full`], but not counted as activity: the status polls the open screens make
    /// every few seconds, which would otherwise keep the session awake forever.
    Background,
}

/// What `command` needs. Unknown names (every command other helpers add) get [`Need::Full`]: the
/// safe default.
pub fn need(command: &str) -> Need {
    match command {
        "auth_status" | "login" | "logout" | "ui_ready" => Need::Nothing,
        "lock" | "unlock" => Need::Session,
        "change_password" => Need::Unlocked,
        "sync_state" | "unseen_sync_conflicts" => Need::Background,
        _ => Need::Full,
    }
}

#[derive(Debug, Clone)]
struct Active {
    account: Account,
    last_activity_ms: i64,
    locked: bool,
}

/// The session state shared by all commands (behind a mutex in [`crate::state::Shared`]).
pub struct Session {
    /// Measures idleness. The app uses the real clock even when `VANTHU_NOW` pins the dates of
    /// records: idleness is time that really passed in front of the screen.
    clock: Arc<dyn Clock>,
    idle_limit_ms: i64,
    /// Whether the store has accounts, refreshed by every command that opens the store (the CLI
    /// may create the first account while the app runs) and by the account commands.
    accounts_exist: bool,
    user: Option<Active>,
}

/// The session as `auth_status` reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub accounts_exist: bool,
    pub account: Option<Account>,
    pub locked: bool,
    pub idle_limit_ms: i64,
}

impl Session {
    pub fn new(clock: Arc<dyn Clock>, idle_limit_ms: i64, accounts_exist: bool) -> Session {
        Session {
            clock,
            idle_limit_ms,
            accounts_exist,
            user: None,
        }
    }

    /// The idle limit: `VANTHU_IDLE_SECONDS` when set (tests), else the setting in minutes.
    pub fn idle_limit_ms(setting_minutes: Option<u32>) -> i64 {
        if let Some(secs) = std::env::var(IDLE_SECONDS_ENV)
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .filter(|s| *s > 0)
        {
            return secs * 1000;
        }
        i64::from(setting_minutes.unwrap_or(DEFAULT_IDLE_MINUTES)) * 60_000
    }

    pub fn set_idle_limit_ms(&mut self, ms: i64) {
        self.idle_limit_ms = ms;
    }

    pub fn set_accounts_exist(&mut self, exist: bool) {
        self.accounts_exist = exist;
        if !exist {
            self.user = None;
        }
    }

    pub fn accounts_exist(&self) -> bool {
        self.accounts_exist
    }

    /// Starts a session for `account` (after its password was checked).
    pub fn login(&mut self, account: Account) {
        self.accounts_exist = true;
        self.user = Some(Active {
            account,
            last_activity_ms: self.clock.now_ms(),
            locked: false,
        });
    }

    pub fn logout(&mut self) {
        self.user = None;
    }

    pub fn lock(&mut self) {
        if let Some(u) = &mut self.user {
            u.locked = true;
        }
    }

    /// Unlocks after the session's own password was checked again.
    pub fn unlock(&mut self) {
        let now = self.clock.now_ms();
        if let Some(u) = &mut self.user {
            u.locked = false;
            u.last_activity_ms = now;
        }
    }

    /// Replaces the session's copy of its account (after a password change or an edit by the
    /// focal point), keeping the lock state and activity.
    pub fn refresh(&mut self, account: Account) {
        if let Some(u) = &mut self.user
            && u.account.id == account.id
        {
            u.account = account;
        }
    }

    /// The logged-in account, if any (locked or not).
    pub fn account(&self) -> Option<&Account> {
        self.user.as_ref().map(|u| &u.account)
    }

    /// Whether the session is locked, counting the idle limit as of now (without changing it).
    fn is_locked(&self, u: &Active) -> bool {
        u.locked || self.clock.now_ms() - u.last_activity_ms > self.idle_limit_ms
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            accounts_exist: self.accounts_exist,
            account: self.account().cloned(),
            locked: self.user.as_ref().is_some_and(|u| self.is_locked(u)),
            idle_limit_ms: self.idle_limit_ms,
        }
    }

    /// The gate in front of every command: admits it or says why not. An admitted command
    /// counts as activity; one arriving after the idle limit locks the session.
    pub fn admit(&mut self, need: Need) -> Result<(), AppError> {
        if !self.accounts_exist || need == Need::Nothing {
            return Ok(());
        }
        let now = self.clock.now_ms();
        let limit = self.idle_limit_ms;
        let Some(u) = &mut self.user else {
            return Err(login_required());
        };
        if need == Need::Session {
            return Ok(());
        }
        if !u.locked && now - u.last_activity_ms > limit {
            tracing::info!(user = %u.account.username, "session locked after the idle limit");
            u.locked = true;
        }
        if u.locked {
            return Err(locked(limit));
        }
        if need != Need::Background {
            u.last_activity_ms = now;
        }
        if u.account.must_change && matches!(need, Need::Full | Need::Background) {
            return Err(AppError::new(
                MUST_CHANGE_PASSWORD,
                "Hãy đổi mật khẩu ban đầu trước khi làm việc.",
            ));
        }
        Ok(())
    }

    /// The acting username for a command that already passed [`Session::admit`], given whether
    /// the store has accounts right now: `None` in single-user mode. Refuses when accounts exist
    /// but nobody is logged in (e.g. the CLI created the first one while the app ran).
    pub fn actor(&mut self, accounts_exist: bool) -> Result<Option<String>, AppError> {
        self.set_accounts_exist(accounts_exist);
        if !accounts_exist {
            return Ok(None);
        }
        match &self.user {
            None => Err(login_required()),
            Some(u) if u.locked => Err(locked(self.idle_limit_ms)),
            Some(u) => Ok(Some(u.account.username.clone())),
        }
    }
}

fn login_required() -> AppError {
    AppError::new(LOGIN_REQUIRED, "Hãy đăng nhập để tiếp tục.")
}

fn locked(limit_ms: i64) -> AppError {
    let minutes = (limit_ms + 59_999) / 60_000;
    AppError::new(
        LOCKED,
        format!(
            "Phiên làm việc đã khóa (tự khóa sau {minutes} phút không thao tác). Hãy nhập mật khẩu để mở khóa."
        ),
    )
}

/// Wraps the app's command handler with the session gate, so every command (including ones
/// added later) is admitted or refused in one place before it runs. Plugin commands do not pass
/// here (Tauri dispatches them to the plugins). `tauri::ipc::Invoke` is documented as not
/// stable; this is the one place that depends on it.
pub fn guarded<R: Runtime>(
    handler: impl Fn(Invoke<R>) -> bool + Send + Sync + 'static,
) -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    move |invoke: Invoke<R>| {
        tracing::debug!(command = invoke.message.command(), "command received");
        let verdict = {
            let webview = invoke.message.webview_ref();
            match webview.try_state::<AppState>() {
                Some(state) => admit(&state.session, invoke.message.command()),
                None => Ok(()),
            }
        };
        match verdict {
            Ok(()) => handler(invoke),
            Err(e) => {
                invoke.resolver.reject(e);
                true
            }
        }
    }
}

fn admit(session: &Mutex<Session>, command: &str) -> Result<(), AppError> {
    session
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .admit(need(command))
}

#[cfg(test)]
mod tests {
    use super::*;
    use vanthu_core::authz::Role;
    use vanthu_local::FixedClock;

    fn account(must_change: bool) -> Account {
        Account {
            id: "a1".into(),
            username: "canbo".into(),
            full_name: "Lê Văn Cán".into(),
            role: Role::Staff,
            active: true,
            must_change,
        }
    }

    fn session(clock: &Arc<FixedClock>) -> Session {
        Session::new(clock.clone(), 60_000, true)
    }

    #[test]
    fn single_user_mode_admits_everything() {
        let clock = Arc::new(FixedClock::new(0));
        let mut s = Session::new(clock.clone(), 60_000, false);
        assert_eq!(s.admit(need("step_outgoing_doc")), Ok(()));
        assert_eq!(s.actor(false), Ok(None));
    }

    #[test]
    fn without_a_login_only_the_login_commands_pass() {
        let clock = Arc::new(FixedClock::new(0));
        let mut s = session(&clock);
        assert_eq!(s.admit(need("auth_status")), Ok(()));
        assert_eq!(s.admit(need("login")), Ok(()));
        assert_eq!(s.admit(need("app_info")).unwrap_err().code, LOGIN_REQUIRED);
        assert_eq!(
            s.admit(need("some_new_command")).unwrap_err().code,
            LOGIN_REQUIRED
        );
        assert_eq!(s.admit(need("unlock")).unwrap_err().code, LOGIN_REQUIRED);
        assert_eq!(s.actor(true).unwrap_err().code, LOGIN_REQUIRED);
        s.login(account(false));
        assert_eq!(s.admit(need("app_info")), Ok(()));
        assert_eq!(s.actor(true), Ok(Some("canbo".into())));
        s.logout();
        assert_eq!(s.admit(need("home")).unwrap_err().code, LOGIN_REQUIRED);
    }

    #[test]
    fn status_polls_do_not_keep_the_session_awake() {
        let clock = Arc::new(FixedClock::new(1_000_000));
        let mut s = session(&clock);
        s.login(account(false));
        // A poll every 30 s for 50 s is admitted but is not activity…
        for t in [30_000, 50_000] {
            clock.set(1_000_000 + t);
            assert_eq!(s.admit(need("sync_state")), Ok(()));
        }
        // …so the minute runs from the login and the next poll finds the session locked.
        clock.set(1_000_000 + 60_001);
        assert_eq!(s.admit(need("sync_state")).unwrap_err().code, LOCKED);
    }

    #[test]
    fn the_idle_limit_locks_and_activity_postpones_it() {
        let clock = Arc::new(FixedClock::new(1_000_000));
        let mut s = session(&clock);
        s.login(account(false));
        clock.set(1_000_000 + 50_000);
        assert_eq!(s.admit(Need::Full), Ok(()));
        // 50 s after the last command: still within the minute.
        clock.set(1_000_000 + 100_000);
        assert_eq!(s.admit(Need::Full), Ok(()));
        assert!(!s.snapshot().locked);
        clock.set(1_000_000 + 100_000 + 60_001);
        assert!(
            s.snapshot().locked,
            "status sees the idle lock before any command"
        );
        let e = s.admit(Need::Full).unwrap_err();
        assert_eq!(e.code, LOCKED);
        assert!(e.message.contains("1 phút"), "{}", e.message);
        // Stays locked: neither a later command nor the actor lookup gets through.
        assert_eq!(s.admit(Need::Full).unwrap_err().code, LOCKED);
        assert_eq!(s.actor(true).unwrap_err().code, LOCKED);
        // Unlock (the password was checked by the command) and logout pass while locked.
        assert_eq!(s.admit(need("unlock")), Ok(()));
        assert_eq!(s.admit(need("logout")), Ok(()));
        s.unlock();
        assert_eq!(s.admit(Need::Full), Ok(()));
    }

    #[test]
    fn a_manual_lock_refuses_until_unlocked() {
        let clock = Arc::new(FixedClock::new(0));
        let mut s = session(&clock);
        s.login(account(false));
        s.lock();
        assert_eq!(s.admit(need("home")).unwrap_err().code, LOCKED);
        assert_eq!(s.admit(need("change_password")).unwrap_err().code, LOCKED);
        s.unlock();
        assert_eq!(s.admit(need("home")), Ok(()));
    }

    #[test]
    fn an_initial_password_must_be_changed_first() {
        let clock = Arc::new(FixedClock::new(0));
        let mut s = session(&clock);
        s.login(account(true));
        assert_eq!(
            s.admit(need("home")).unwrap_err().code,
            MUST_CHANGE_PASSWORD
        );
        assert_eq!(s.admit(need("change_password")), Ok(()));
        s.refresh(account(false));
        assert_eq!(s.admit(need("home")), Ok(()));
    }

    #[test]
    fn accounts_appearing_underneath_require_a_login() {
        let clock = Arc::new(FixedClock::new(0));
        let mut s = Session::new(clock.clone(), 60_000, false);
        assert_eq!(s.admit(need("home")), Ok(()));
        // The command's store lookup finds accounts (created by the CLI meanwhile).
        assert_eq!(s.actor(true).unwrap_err().code, LOGIN_REQUIRED);
        assert_eq!(s.admit(need("home")).unwrap_err().code, LOGIN_REQUIRED);
    }

    #[test]
    fn the_idle_setting_and_the_test_override() {
        // The env var is read by this test only (no other test in this crate sets it).
        assert_eq!(Session::idle_limit_ms(None), 10 * 60_000);
        assert_eq!(Session::idle_limit_ms(Some(3)), 3 * 60_000);
    }
}
