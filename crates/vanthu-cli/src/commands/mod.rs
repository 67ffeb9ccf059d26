//! One function per command group; each opens the store and calls use cases.

pub mod backup;
mod calendar;
mod export;
mod generate;
mod import;
mod incoming;
pub mod indicator;
pub mod key;
mod kpi;
pub mod meeting;
mod outgoing;
pub mod report;
mod search;
pub mod sign;
pub mod sync;
pub mod task;
mod unit;
pub mod user;

use crate::cli::{Args, Command};
use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone};
use rusqlite::Transaction;
use std::path::Path;
use vanthu_local::{Clock, Context, FixedClock, Store, SystemClock};

/// The clock and store every command needs.
pub struct Env {
    pub store: Store,
    pub clock: Box<dyn Clock>,
    pub actor: String,
}

impl Env {
    /// Runs one write transaction with the acting context and the data directory.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Context<'_>, &Path) -> vanthu_local::Result<T>,
    ) -> vanthu_local::Result<T> {
        let ctx = Context {
            actor: &self.actor,
            clock: self.clock.as_ref(),
        };
        let dir = self.store.data_dir().to_path_buf();
        self.store.write(|tx| f(tx, &ctx, &dir))
    }
}

/// Parses `--now`: RFC 3339, `yyyy-mm-ddTHH:MM` (Vietnam time) or `yyyy-mm-dd` (09:00 there).
fn parse_now(s: &str) -> anyhow::Result<i64> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(dt.timestamp_millis());
    }
    let vn = vanthu_core::time::vietnam_offset();
    let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .or_else(|_| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_hms_opt(9, 0, 0).expect("valid"))
        })
        .with_context(|| format!("--now \"{s}\" không hợp lệ (dùng RFC 3339 hoặc yyyy-mm-dd)"))?;
    Ok(vn
        .from_local_datetime(&local)
        .single()
        .expect("fixed offset")
        .timestamp_millis())
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let clock: Box<dyn Clock> = match &args.now {
        Some(s) => Box::new(FixedClock::new(parse_now(s)?)),
        None => Box::new(SystemClock),
    };
    let data_dir = vanthu_local::paths::resolve_data_dir(args.data_dir.clone());
    // Verifying or signing a file needs no database (nor a login).
    if let Command::Sign(c) = &args.command
        && c.is_standalone()
    {
        let Command::Sign(c) = args.command else {
            unreachable!("matched above")
        };
        return sign::run_standalone(&data_dir, c);
    }
    if key::handles(&args.command) {
        return key::run(&data_dir, &args, clock.as_ref());
    }
    let store = Store::open(&data_dir)?;
    let actor = login(store.conn(), &args)?;
    if let Command::Backup(b) = &args.command
        && b.is_restore()
    {
        let Command::Backup(b) = args.command else {
            unreachable!("matched above")
        };
        // Replacing the database file needs every connection closed.
        vanthu_local::accounts::require(
            store.conn(),
            &Context {
                actor: &actor,
                clock: clock.as_ref(),
            },
            vanthu_core::authz::Permission::ManageBackups,
        )?;
        drop(store);
        return backup::restore(&data_dir, &actor, clock.as_ref(), b);
    }
    let mut env = Env {
        store,
        clock,
        actor,
    };
    match args.command {
        Command::Setup(a) => unit::setup(&mut env, a),
        Command::Unit { json } => unit::show(&env, json),
        Command::Incoming(c) => incoming::run(&mut env, c),
        Command::Outgoing(c) => outgoing::run(&mut env, c),
        Command::Generate(a) => generate::run(&mut env, a),
        Command::Calendar(c) => calendar::run(&mut env, c),
        Command::Kpi(a) => kpi::run(&env, a),
        Command::Task(c) => task::run(&mut env, c),
        Command::User(c) => user::run_user(&mut env, c),
        Command::Backup(c) => backup::run(&mut env, c),
        Command::Audit(c) => user::run_audit(&mut env, c),
        Command::Meeting(c) => meeting::run(&mut env, c),
        Command::Indicator(c) => indicator::run(&mut env, c),
        Command::Search(a) => search::run(&mut env, a),
        Command::Import(a) => import::run(&mut env, a),
        Command::Export(c) => export::run(&mut env, c),
        Command::Report(c) => report::run(&mut env, c),
        Command::Sync(c) => sync::run(&mut env, c),
        Command::Inbox(c) => sync::run_inbox(&mut env, c),
        Command::Sign(c) => sign::run(&mut env, c),
        Command::Init(_) | Command::Encrypt(_) | Command::Key(_) => {
            unreachable!("run by key::run before the store is opened")
        }
    }
}

/// Who acts. With no account yet (single-user mode) it is `--actor`; once accounts exist every
/// command needs `--user` and the password (VANTHU_PASSWORD), checked against the argon2id hash.
pub(crate) fn login(conn: &rusqlite::Connection, args: &Args) -> anyhow::Result<String> {
    use vanthu_local::accounts::{accounts_exist, authenticate};
    if !accounts_exist(conn)? {
        return Ok(args.actor.clone());
    }
    let Some(user) = args.user.as_deref() else {
        anyhow::bail!(vanthu_local::LocalError::Unauthenticated {
            reason: "đơn vị đã có tài khoản: hãy đăng nhập bằng --user (hoặc VANTHU_USER) và VANTHU_PASSWORD".into()
        });
    };
    let account = authenticate(conn, user, args.login_password.as_deref().unwrap_or(""))?;
    if account.must_change
        && !matches!(
            args.command,
            Command::User(user::UserCommand::Passwd { .. })
        )
    {
        eprintln!("Lưu ý: hãy đổi mật khẩu ban đầu (vanthu user passwd).");
    }
    Ok(account.username)
}
