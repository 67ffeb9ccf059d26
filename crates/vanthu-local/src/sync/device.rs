//! This store's enrolment: device id, secret token, unit, cursors and the outcome of the last
//! attempts. One row; re-enrolling (a revoked token, a new code) replaces it.

use crate::{Result, store::exec};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;

/// What an enrolment gave the device.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub server_url: String,
    pub device_id: String,
    pub token: String,
    pub unit_id: String,
    pub unit_code: String,
    pub unit_name: String,
    pub organisation: String,
    pub enrolled_at: i64,
}

/// The stored sync identity and progress.
#[derive(Debug, Clone, Serialize)]
pub struct SyncDevice {
    pub server_url: String,
    pub device_id: String,
    #[serde(skip)]
    pub token: String,
    pub unit_id: String,
    pub unit_code: String,
    pub unit_name: String,
    pub organisation: String,
    pub enrolled_at: i64,
    pub acked_seq: i64,
    pub pull_cursor: i64,
    pub last_success_at: Option<i64>,
    pub last_attempt_at: Option<i64>,
    pub last_error: Option<String>,
    pub clock_skew_ms: Option<i64>,
}

/// The outbox position the server may assume applied for a new enrolment: everything already
/// acknowledged under a previous enrolment (the rows were trimmed and must not be expected).
pub fn outbox_base(conn: &Connection) -> Result<i64> {
    Ok(conn
        .query_row("SELECT acked_seq FROM sync_device WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or(0))
}

/// Stores a new enrolment. The pull cursor restarts at 0: a new device id receives the unit's
/// whole history (replacement laptop), and re-applying records already here is harmless.
pub fn save_enrolment(tx: &Transaction<'_>, e: &Enrolment) -> Result<()> {
    let base = outbox_base(tx)?;
    exec(
        tx,
        "INSERT INTO sync_device (id, server_url, device_id, token, unit_id, unit_code, unit_name,
             organisation, enrolled_at, acked_seq, pull_cursor)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0)
         ON CONFLICT (id) DO UPDATE SET server_url = ?1, device_id = ?2, token = ?3, unit_id = ?4,
             unit_code = ?5, unit_name = ?6, organisation = ?7, enrolled_at = ?8, acked_seq = ?9,
             pull_cursor = 0, last_error = NULL",
        rusqlite::params![
            e.server_url,
            e.device_id,
            e.token,
            e.unit_id,
            e.unit_code,
            e.unit_name,
            e.organisation,
            e.enrolled_at,
            base
        ],
    )?;
    Ok(())
}

/// Removes the enrolment (the data stays).
pub fn forget_device(tx: &Transaction<'_>) -> Result<bool> {
    Ok(exec(tx, "DELETE FROM sync_device WHERE id = 1", [])? > 0)
}

/// The enrolment, if any.
pub fn device(conn: &Connection) -> Result<Option<SyncDevice>> {
    Ok(conn
        .query_row(
            "SELECT server_url, device_id, token, unit_id, unit_code, unit_name, organisation,
                    enrolled_at, acked_seq, pull_cursor, last_success_at, last_attempt_at,
                    last_error, clock_skew_ms
             FROM sync_device WHERE id = 1",
            [],
            |r| {
                Ok(SyncDevice {
                    server_url: r.get(0)?,
                    device_id: r.get(1)?,
                    token: r.get(2)?,
                    unit_id: r.get(3)?,
                    unit_code: r.get(4)?,
                    unit_name: r.get(5)?,
                    organisation: r.get(6)?,
                    enrolled_at: r.get(7)?,
                    acked_seq: r.get(8)?,
                    pull_cursor: r.get(9)?,
                    last_success_at: r.get(10)?,
                    last_attempt_at: r.get(11)?,
                    last_error: r.get(12)?,
                    clock_skew_ms: r.get(13)?,
                })
            },
        )
        .optional()?)
}

/// The enrolment or [`super::not_enrolled`].
pub fn require_device(conn: &Connection) -> Result<SyncDevice> {
    device(conn)?.ok_or_else(super::not_enrolled)
}

/// Records the start of an attempt and the clock skew measured by hello.
pub fn record_attempt(tx: &Transaction<'_>, now: i64, clock_skew_ms: Option<i64>) -> Result<()> {
    exec(
        tx,
        "UPDATE sync_device SET last_attempt_at = ?1, clock_skew_ms = coalesce(?2, clock_skew_ms)
         WHERE id = 1",
        rusqlite::params![now, clock_skew_ms],
    )?;
    Ok(())
}

/// Records the outcome of an attempt: success clears the error.
pub fn record_outcome(tx: &Transaction<'_>, now: i64, error: Option<&str>) -> Result<()> {
    match error {
        None => exec(
            tx,
            "UPDATE sync_device SET last_success_at = ?1, last_error = NULL WHERE id = 1",
            [now],
        )?,
        Some(e) => exec(
            tx,
            "UPDATE sync_device SET last_error = ?1 WHERE id = 1",
            [e],
        )?,
    };
    Ok(())
}
