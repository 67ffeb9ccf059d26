//! One function per command group; each opens the store and calls use cases.

mod calendar;
mod generate;
mod incoming;
pub mod indicator;
mod kpi;
pub mod meeting;
mod outgoing;
pub mod task;
mod unit;

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
    let store = Store::open(&data_dir)?;
    let mut env = Env {
        store,
        clock,
        actor: args.actor.clone(),
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
        Command::Meeting(c) => meeting::run(&mut env, c),
        Command::Indicator(c) => indicator::run(&mut env, c),
    }
}
